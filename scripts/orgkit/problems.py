"""The one shape every finding takes, from a YAML syntax error to a content rule."""

from __future__ import annotations

from dataclasses import dataclass

from orgkit.rules import RULES, Severity


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity

    def as_text(self) -> str:
        tag = " [警告]" if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {self.code}{tag} {self.message}"


def problem(code: str, path: str, line: int, col: int, **fields: object) -> Problem:
    """Build a problem from the registry; an unregistered code is a bug and raises."""
    rule = RULES[code]
    return Problem(path, line, col, code, rule.message.format(**fields), rule.severity)
