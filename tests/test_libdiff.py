"""``orgkit.libdiff``: which units and posts a reorganisation added, removed, moved or changed."""

from __future__ import annotations

from typing import Any

from orgkit.libdiff import unit_changes
from orgkit.model import Org

BASE: dict[str, Any] = {
    "title": "总经理",
    "kind": "executive",
    "role": "gm",
    "children": [
        {
            "title": "销售部",
            "kind": "department",
            "role": "sales-manager",
            "children": [{"title": "销售代表", "kind": "position", "role": "rep"}, {"title": "一组", "kind": "team"}],
        },
        {"title": "财务部", "kind": "department", "role": "finance-manager", "children": [{"title": "一组", "kind": "team"}]},
    ],
}
TITLES = {"gm": "总经理", "sales-manager": "销售经理", "rep": "销售代表", "finance-manager": "财务经理"}


def _org(chart: dict[str, Any]) -> Org:
    return Org.model_validate(
        {"id": "x", "title": "公司", "scope": "company", "structure": "line", "fits": {}, "summary": "s", "chart": chart, "sources": ["通用实践"]}
    )


def _changes(new_chart: dict[str, Any], new_titles: dict[str, str] | None = None) -> list[tuple[str, str, str | None]]:
    changes = unit_changes(_org(BASE), _org(new_chart), new_titles or TITLES, TITLES)
    return [(u.change, u.title, u.old_parent if u.change == "moved" else u.parent) for u in changes]


def _copy() -> dict[str, Any]:
    import copy

    return copy.deepcopy(BASE)


def test_same_chart_no_changes() -> None:
    assert _changes(_copy()) == []


def test_move_is_one_change_with_the_old_parent() -> None:
    chart = _copy()
    rep = chart["children"][0]["children"].pop(0)
    chart["children"][1]["children"].append(rep)
    assert _changes(chart) == [("moved", "销售代表", "销售部")]


def test_repeated_titles_are_told_apart_by_parent() -> None:
    chart = _copy()
    chart["children"][1]["children"][0]["duties"] = ["核对凭证。"]
    changes = unit_changes(_org(BASE), _org(chart), TITLES, TITLES)
    assert [(u.change, u.title, u.parent, [f.field for f in u.fields]) for u in changes] == [("changed", "一组", "财务部", ["duties"])]


def test_renamed_parent_moves_nobody() -> None:
    chart = _copy()
    chart["children"][0]["title"] = "营销部"
    changes = unit_changes(_org(BASE), _org(chart), TITLES, TITLES)
    assert [(u.change, u.old_title, u.title) for u in changes] == [("changed", "销售部", "营销部")]


def test_a_box_renamed_with_its_post_is_not_a_unit_change() -> None:
    chart = _copy()
    chart["children"][0]["children"][0]["title"] = "客户代表"
    assert _changes(chart, {**TITLES, "rep": "客户代表"}) == []
    # Renamed on its own (the post keeps its name), it is.
    assert [c[0] for c in _changes(chart)] == ["changed"]


def test_removed_unit_carries_what_was_below_it() -> None:
    chart = _copy()
    del chart["children"][0]
    changes = unit_changes(_org(BASE), _org(chart), TITLES, TITLES)
    assert [(u.change, u.title, u.below) for u in changes] == [("removed", "销售部", ("销售代表", "一组"))]


def test_new_boss_is_a_reporting_line_change() -> None:
    chart = _copy()
    chart["children"][0]["role"] = None  # 销售部 names no post: 销售代表 now reports to 总经理
    changes = unit_changes(_org(BASE), _org(chart), TITLES, TITLES)
    fields = {u.title: [(f.field, f.old, f.new) for f in u.fields] for u in changes}
    assert fields["销售代表"] == [("reports_to", "销售部", "总经理")]
