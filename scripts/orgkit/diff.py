"""``orgkit diff OLD NEW``: the change note between two versions of a library.

    orgkit diff HEAD~3 HEAD                        # two git revisions of ./orgtemplates
    orgkit diff main:orgtemplates ./orgtemplates    # a revision against the working folder
    orgkit diff ../before ../after --format json    # two library (or project) folders

Each side is a folder when one exists by that name, else a git revision (``REV`` means
``REV``'s ``orgtemplates/`` as seen from the current folder, ``REV:path`` a path from the
repository's top), read with ``git archive`` into a temporary folder. A difference is not
a failure: the exit code is 0 whenever both sides could be read.
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
import tempfile
from pathlib import Path

from orgkit.cli import EXIT_OK, UsageError
from orgkit.gitcmd import GitError, git
from orgkit.libdiff import compare
from orgkit.load import Library, load_library
from orgkit.project import LIBRARY_DIR, find_library
from orgkit.render.changenote import as_json, as_text


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "diff",
        help="比较两个版本的库，列出新增、撤销、调整的单位和岗位（组织调整变更说明）",
        description="比较两个版本的库（两个目录，或两个 git 版本，如 HEAD~3 HEAD、main:orgtemplates ./orgtemplates），"
        "按组织架构模板和岗位列出新增、撤销、调整隶属和内容修订。",
    )
    parser.add_argument("old", metavar="OLD", help="旧版本：库目录、项目目录，或 git 版本（REV 或 REV:路径）")
    parser.add_argument("new", metavar="NEW", help="新版本：同上")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    parser.set_defaults(run=run_diff)


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        return git(args, cwd, needed_for="比较 git 版本")
    except GitError as exc:
        raise UsageError(str(exc)) from None


def _from_git(spec: str, into: Path) -> Path:
    """Unpack the library a revision spec names into ``into``; return the library's folder there."""
    cwd = Path.cwd()
    try:
        prefix = _git(["rev-parse", "--show-prefix"], cwd).decode().strip()
    except UsageError:
        raise UsageError(f"“{spec}”既不是目录，也不能当作 git 版本读取（当前目录不在 git 仓库中）") from None
    rev, sep, path = spec.partition(":")
    tree = f"{rev}:{path}" if sep else f"{rev}:{prefix}{LIBRARY_DIR}"
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except UsageError:
        raise UsageError(f"“{spec}”既不是目录，也不是 git 版本（找不到 {rev}）") from None
    data = _git(["archive", "--format=tar", tree], cwd)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    library = find_library(into)
    if library is None:
        raise UsageError(f"{tree} 中没有库（找不到 vocab.yaml）；请写成 版本:库目录，如 main:{LIBRARY_DIR}")
    return library


def _load(spec: str, temp: Path) -> Library:
    path = Path(spec)
    if path.exists():
        root = find_library(path)
        if root is None:
            raise UsageError(f"{spec} 不是库目录：其中和 {LIBRARY_DIR}/ 下都没有 vocab.yaml")
    else:
        root = _from_git(spec, temp)
    library, problems = load_library(root)  # a diff describes what is there; `orgkit check` judges it
    unreadable = sorted({p.path for p in problems if p.severity == "error"})
    if unreadable:
        # An entry whose file does not load is missing from its side: say so, or it would read as removed.
        names = "、".join(unreadable[:5])
        print(f"注意：{spec} 中有 {len(unreadable)} 个文件读取失败（运行 orgkit check 查看），其中的条目不参与比较：{names}", file=sys.stderr)
    return library


def run_diff(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="orgkit-diff-") as temp:
        old = _load(args.old, Path(temp) / "old")
        new = _load(args.new, Path(temp) / "new")
        note = compare(old, new, old_name=args.old, new_name=args.new)
    sys.stdout.write(as_json(note) if args.format == "json" else as_text(note))
    return EXIT_OK
