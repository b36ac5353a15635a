"""Formatting problems for people (text), GitHub Actions annotations, and tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from orgkit.problems import Problem

FORMATS = ("text", "github", "json")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # The workflow-command escaping GitHub documents for messages and properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_line(p: Problem) -> str:
    level = "error" if p.severity == "error" else "warning"
    props = f"file={_gh_escape(p.path, prop=True)},line={p.line},col={p.col},title={_gh_escape(p.code, prop=True)}"
    return f"::{level} {props}::{_gh_escape(p.code + ' ' + p.message)}"


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"检查了 {files} 个文件，没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


def render(problems: Sequence[Problem], fmt: str) -> str:
    if fmt == "json":
        rows = [
            {"path": p.path, "line": p.line, "col": p.col, "code": p.code, "severity": p.severity, "message": p.message}
            for p in problems
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_line(p) for p in problems)
    return "\n".join(p.as_text() for p in problems)
