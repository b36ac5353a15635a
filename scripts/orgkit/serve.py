"""``orgkit serve [DIR]``: preview a library's site (``mkdocs serve`` on DIR's mkdocs.yml).

A company library made by ``orgkit init`` has no Makefile target to remember for this;
it is the same server ``make serve`` runs, reloading on every saved file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from orgkit.cli import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("serve", help="在本地预览库的网站（mkdocs serve），修改文件后自动刷新")
    parser.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR", help="含 mkdocs.yml 的目录（默认当前目录）")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="地址:端口", help="预览地址（默认 127.0.0.1:8000）")
    parser.set_defaults(run=run_serve)


def command(folder: Path, address: str) -> list[str]:
    """The mkdocs command line: strict, so a broken link shows up while editing, not in CI."""
    return [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(folder / "mkdocs.yml"), "-a", address]


def run_serve(args: argparse.Namespace) -> int:
    folder: Path = args.dir
    if not (folder / "mkdocs.yml").is_file():
        raise UsageError(f"{folder} 中没有 mkdocs.yml；请指定 orgkit init 建立的库目录")
    print(f"==> 网站地址 http://{args.dev_addr}/ （Ctrl+C 停止）", file=sys.stderr)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        return subprocess.run(command(folder, args.dev_addr), env=env, check=False).returncode
    except KeyboardInterrupt:
        return 0
