"""Where a library lives: a library folder itself, or a project folder holding one.

The public repository and every company library made by ``orgkit init`` keep the library
in ``orgtemplates/`` beside ``mkdocs.yml``; commands that take a folder accept either.
"""

from __future__ import annotations

from pathlib import Path

from orgkit.load import is_library_root

#: The library's folder inside a project (beside mkdocs.yml).
LIBRARY_DIR = "orgtemplates"


def find_library(path: Path) -> Path | None:
    """``path`` if it is a library, else its ``orgtemplates/`` if that is one, else None."""
    if is_library_root(path):
        return path
    inner = path / LIBRARY_DIR
    return inner if is_library_root(inner) else None
