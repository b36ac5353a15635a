"""Sub-commands that live in their own modules register here (one line each)."""

from __future__ import annotations

import argparse
import importlib

#: Modules exposing ``add_parser(subparsers)``; each sets ``run`` on its parser.
MODULES: list[str] = ["orgkit.export", "orgkit.scaffold", "orgkit.suggest", "orgkit.diff", "orgkit.company", "orgkit.serve"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name in MODULES:
        importlib.import_module(name).add_parser(sub)
