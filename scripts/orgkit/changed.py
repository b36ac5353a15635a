"""Which library files a branch changed: the file set behind ``orgkit check --changed``.

The whole library is still loaded and checked, because a reference is only broken or
whole in the context of everything else; this module only decides which problems to
*report*: those on changed files, plus reference problems elsewhere that point at an id a
changed file gave up (a file renamed or removed, or an id edited away).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orgkit.gitcmd import GitError, git
from orgkit.load import KIND_BY_FOLDER, Library, display_path
from orgkit.model import VOCAB_FILE
from orgkit.problems import Problem
from orgkit.yamlsrc import Doc

#: Tried in order when no base is given: a pull request's target, a local main, then
#: HEAD (which leaves just the uncommitted and untracked files).
DEFAULT_BASES = ("origin/main", "main", "HEAD")

#: Codes whose problem sits on the file that refers to an id rather than on the file
#: that defines it: a duplicate id (R201) and a reference to a missing id (R203).
_REFERENCE_CODES = ("R201", "R203")

_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Changes:
    """What changed under a library root since ``base``."""

    base: str
    #: changed, added or untracked YAML files that exist now, sorted.
    files: list[Path]
    #: ids of entity files that were removed or renamed away.
    removed: set[str] = field(default_factory=set)

    @property
    def vocab_changed(self) -> bool:
        return any(p.name == VOCAB_FILE for p in self.files)

    def describe(self) -> str:
        """One line for people: what is being compared and what gets reported."""
        if self.vocab_changed:
            return f"与 {self.base} 相比 vocab.yaml 有改动，它影响所有条目，因此报告整个库的问题。"
        return f"与 {self.base} 相比改动了 {len(self.files)} 个库文件；只报告这些文件上的问题（引用检查覆盖整个库）。"

    def select(self, problems: Sequence[Problem], library: Library) -> list[Problem]:
        """The problems worth showing for this change (all of them when vocab.yaml changed)."""
        if self.vocab_changed:
            return list(problems)  # every entry draws its values from the vocabularies
        shown = {display_path(p) for p in self.files}
        given_up = self.removed | {p.stem for p in self.files}
        docs = {doc.display: doc for _kind, doc in library.parsed}
        return [p for p in problems if p.path in shown or (p.code in _REFERENCE_CODES and p.path in docs and _names(docs[p.path], p, given_up))]


def _names(doc: Doc, p: Problem, ids: set[str]) -> bool:
    """Whether the text value at the problem's position is one of ``ids``."""
    return any(text in ids and doc.locs.get(path) == (p.line, p.col) for path, text in doc.strings)


# ---------------------------------------------------------------------------
# git


def _git(args: Sequence[str], cwd: Path) -> str:
    return git(args, cwd, needed_for="--changed ").decode("utf-8")


def _toplevel(root: Path) -> Path:
    folder = root if root.is_dir() else root.parent
    if not folder.is_dir():
        raise GitError(f"库目录不存在：{root}")
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except GitError:
        raise GitError(f"{root} 不在 git 仓库中；--changed 只能在 git 仓库里使用（不用 --changed 可检查整个库）") from None


def _exists(ref: str, top: Path) -> bool:
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except GitError:
        return False
    return True


def resolve_base(base: str | None, top: Path) -> str:
    """``base`` if git knows it, else the first of :data:`DEFAULT_BASES` that exists."""
    if base:
        if not _exists(base, top):
            raise GitError(f"找不到比较基准 {base}；请先 git fetch，或换一个分支名、标签或提交（如 --changed main）")
        return base
    for candidate in DEFAULT_BASES:
        if _exists(candidate, top):
            return candidate
    raise GitError("仓库里还没有任何提交，无法比较改动；请先提交一次，或不用 --changed 检查整个库")


def _name_status(args: Sequence[str], top: Path) -> list[tuple[str, str]]:
    # -z: names verbatim (Chinese names are not octal-quoted); --no-renames: a rename is
    # a removal plus an addition, and the removal is what breaks references elsewhere.
    parts = _git(["diff", "--name-status", "--no-renames", "-z", *args], top).split("\0")
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def collect(base: str | None, root: Path) -> Changes:
    """Changes under ``root``: committed since the merge base with ``base``, staged, unstaged and untracked."""
    top = _toplevel(root)
    base = resolve_base(base, top)
    real_root = root.resolve()
    scope = os.path.relpath(real_root, top)
    entries = _name_status([f"{base}...HEAD", "--", scope], top)  # what the branch did since it forked
    entries += _name_status(["HEAD", "--", scope], top)  # plus what is not committed yet
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", scope], top).split("\0")
    entries += [("A", name) for name in untracked if name]

    files: set[Path] = set()
    removed: set[str] = set()
    for status, name in entries:
        absolute = top / name
        if absolute.suffix not in _YAML_SUFFIXES:
            continue
        # Paths as the library names them (under ``root`` as given), so problems match.
        path = root / absolute.relative_to(real_root)
        if absolute.is_file():
            files.add(path)
        elif status.startswith("D") and absolute.parent.name in KIND_BY_FOLDER:
            removed.add(absolute.stem)
    return Changes(base=base, files=sorted(files), removed=removed)


def changed_files(base: str, root: Path) -> list[Path]:
    """YAML files under ``root`` changed since ``base`` (committed, uncommitted or untracked)."""
    return collect(base, root).files
