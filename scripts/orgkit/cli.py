"""Command-line wiring only: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from orgkit import __version__
from orgkit.check import check_library
from orgkit.load import display_path, is_library_root, library_files
from orgkit.problems import Problem
from orgkit.project import find_library
from orgkit.report import FORMATS, render, summary

DEFAULT_ROOT = Path("orgtemplates")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments: printed as one line, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orgkit", description="组织架构模板库工具：检查、生成、导出。")
    parser.add_argument("--version", action="version", version=f"orgkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = sub.add_parser("check", help="检查库文件，报告所有问题")
    check.add_argument("paths", nargs="*", type=Path, help="要检查的文件或目录（默认 orgtemplates/）")
    check.add_argument("--format", choices=FORMATS, default="text", help="输出格式：text（默认）、github、json")
    check.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="引用检查所用的库目录（默认 orgtemplates/）")
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help="只报告自 git 基准 BASE（默认 origin/main，没有时用 main 或 HEAD）以来改动、暂存或新建的文件上的问题；"
        "仍加载整个库，被改名、删除的 id 在别处造成的引用错误也会报告",
    )
    check.set_defaults(run=run_check)

    schema = sub.add_parser("schema", help="由模型生成 JSON Schema（--check 只核对是否最新）")
    schema.add_argument("--check", action="store_true", help="只核对 schema/ 是否最新，不写文件")
    schema.add_argument("--out", type=Path, default=Path("schema"))
    schema.set_defaults(run=run_schema)

    from orgkit import commands

    commands.register(sub)
    return parser


def _plan(paths: list[Path], root: Path) -> tuple[Path, list[Path], set[str] | None]:
    """Which library to load, which outside files to add, and whose problems to report."""
    if not paths:
        return root, [], None
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"路径不存在：{', '.join(str(p) for p in missing)}")
    project_library = find_library(paths[0]) if len(paths) == 1 else None
    if project_library is not None:  # a library, or a project folder holding one (orgkit init)
        return project_library, [], None
    roots = [p for p in paths if is_library_root(p)]
    if len(roots) == 1 and len(paths) == 1:
        return roots[0], [], None
    files: list[Path] = []
    for p in paths:
        files += library_files(p) if p.is_dir() else [p]
    inside = [f for f in files if f.resolve().is_relative_to(root.resolve())]
    outside = [f for f in files if f not in inside]
    return root, outside, {display_path(f) for f in files}


def run_check(args: argparse.Namespace) -> int:
    if args.changed is not None:
        return run_check_changed(args)
    root, extra, only = _plan(list(args.paths), args.root)
    if not root.is_dir() and not extra:
        raise UsageError(f"库目录不存在：{root}")
    library, problems = check_library(root, extra)  # noqa: RUF059 - kept for file counting below
    if only is not None:
        problems = [p for p in problems if p.path in only]
        files = len(only)
    else:
        files = len(library_files(root)) + len(extra)
    return _report(problems, files, args.format)


def run_check_changed(args: argparse.Namespace) -> int:
    from orgkit.changed import GitError, collect

    if args.paths:
        raise UsageError("--changed 与文件路径不能同时使用（要指定基准请写 --changed=BASE）")
    if not args.root.is_dir():
        raise UsageError(f"库目录不存在：{args.root}")
    try:
        changes = collect(args.changed or None, args.root)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "text":
        print(changes.describe(), file=sys.stderr)
    library, problems = check_library(args.root)
    return _report(changes.select(problems, library), len(changes.files), args.format)


def _report(problems: list[Problem], files: int, fmt: str) -> int:
    text = render(problems, fmt)
    if text:
        print(text)
    if fmt == "text":
        print(summary(problems, files), file=sys.stderr)
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from orgkit.schema import stale_files, write_schemas

    if args.check:
        stale = stale_files(args.out)
        if stale:
            print(f"JSON Schema 已过期：{', '.join(stale)}；请运行 python -m orgkit schema 重新生成", file=sys.stderr)
            return EXIT_PROBLEMS
        print("JSON Schema 是最新的。", file=sys.stderr)
        return EXIT_OK
    for path in write_schemas(args.out):
        print(f"写入 {path}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"orgkit: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("orgkit: 已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in orgkit, never the library's fault
        if os.environ.get("ORGKIT_DEBUG"):
            raise
        print(f"orgkit 内部错误：{type(exc).__name__}: {exc}（设置 ORGKIT_DEBUG=1 查看详情，并请报告此问题）", file=sys.stderr)
        return 3
