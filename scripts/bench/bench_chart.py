"""Benchmark: layout + SVG rendering of a deterministic 500-unit org chart.

Run with ``.venv/bin/python scripts/bench/bench_chart.py`` (``make bench`` runs
every bench script).  Prints the best of 5 runs and exits 1 when it exceeds
the target, so a slowdown fails loudly.
"""

from __future__ import annotations

import sys
import time

from orgkit.model import Node
from orgkit.render.chart import layout, render_svg

TARGET_MS = 50.0
RUNS = 5


def build_chart(n: int = 500) -> Node:
    """A company of exactly ``n`` units: governance, staff units, 8 divisions of departments,
    teams and stacked positions, plus a few dotted-line links.  Deterministic (no randomness)."""
    made = 0

    def unit(title: str, kind: str, **extra: object) -> dict[str, object]:
        nonlocal made
        made += 1
        return {"title": title, "kind": kind, **extra}

    ceo = unit("总经理", "executive", staff=[unit("总经理办公室", "department"), unit("总经理助理", "position")], children=[])
    board = unit("董事会", "board", staff=[unit("董事会秘书", "position")], children=[ceo])
    root = unit("股东会", "board", children=[board, unit("监事会", "supervisor")])
    divisions: list[dict[str, object]] = []
    d = 0
    while made < n:
        division = unit(f"第{d}事业部", "executive", children=[])
        divisions.append(division)
        for k in range(4):
            if made >= n:
                break
            dept = unit(f"事业部{d}-{k}部门", "department", children=[])
            division["children"].append(dept)  # type: ignore[union-attr]
            if k % 2 == 0:  # a department with teams
                for t in range(3):
                    if made >= n:
                        break
                    team = unit(f"{d}-{k}-{t}组", "team", children=[])
                    dept["children"].append(team)  # type: ignore[union-attr]
                    for p in range(5):
                        if made >= n:
                            break
                        team["children"].append(unit(f"岗位{d}-{k}-{t}-{p}", "position"))  # type: ignore[union-attr]
            else:  # a flat department: positions only, stacked
                for p in range(9):
                    if made >= n:
                        break
                    dept["children"].append(unit(f"岗位{d}-{k}-{p}", "position"))  # type: ignore[union-attr]
        d += 1
    ceo["children"] = divisions
    # Matrix links between divisions exercise the dotted-line router.
    if len(divisions) >= 3:
        divisions[2]["dotted_to"] = ["第0事业部"]
        divisions[-1]["dotted_to"] = ["事业部1-0部门"]
    chart = Node.model_validate(root)
    assert made == n
    return chart


def _best(fn: object) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    chart = build_chart(500)
    n = len(layout(chart).boxes)
    # render_svg lays the chart out itself, so timing it alone is the layout + SVG figure.
    ms = _best(lambda: render_svg(chart, title="基准测试"))
    layout_ms = _best(lambda: layout(chart))
    print(f"chart {n} nodes: {ms:.1f} ms (target ≤ {TARGET_MS:.0f} ms) ratio {ms / TARGET_MS:.2f}  [layout alone {layout_ms:.1f} ms]")
    return 0 if ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
