"""Reporting lines read off a chart: each unit's boss and direct reports.

Stand-in, kept tiny, for ``orgkit.model.chart_bosses`` and ``orgkit.model.subordinates``
(same names, arguments and answers), which the lead is adding to model.py; once
those are merged, import them from there and delete this module.
"""

from __future__ import annotations

from collections.abc import Iterator

from orgkit.model import Node, NodePath


def chart_bosses(root: Node, path: NodePath = ("chart",), boss: Node | None = None) -> Iterator[tuple[Node, NodePath, Node | None]]:
    """Every node with its boss: the nearest ancestor that names a role, else the parent (None at the root)."""
    yield root, path, boss
    below = boss if root.role is None and boss is not None and boss.role else root
    for field_name in ("staff", "children"):
        for i, child in enumerate(getattr(root, field_name)):
            yield from chart_bosses(child, path + (field_name, i), below)


def subordinates(node: Node) -> list[Node]:
    """Direct reports: child and staff nodes naming a role, looking through role-less units."""
    out: list[Node] = []
    for child in (*node.staff, *node.children):
        out += [child] if child.role else subordinates(child)
    return out
