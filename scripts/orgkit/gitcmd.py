"""Running git for the commands that read a repository (``check --changed``, ``diff REV``)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the base is unknown."""


def git(args: Sequence[str], cwd: Path, *, needed_for: str) -> bytes:
    """git's standard output; a missing git or a failed command becomes a one-line Chinese GitError."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError(f"找不到 git 命令；{needed_for}需要 git") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} 失败：{detail[-1] if detail else result.returncode}")
    return result.stdout
