"""Org-chart layout and SVG: geometric invariants, goldens, accessibility and escaping.

Set ORGKIT_UPDATE_GOLDEN=1 to rewrite tests/golden/charts/*.svg after an intended change; that run
fails on purpose, so review `git diff tests/golden` and run again without it.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from orgkit.model import NODE_KIND_LABELS, Node, Org
from orgkit.render import chart
from orgkit.render.chart import FONT_SIZE, LINE_HEIGHT, MAX_LINES, PAD_X, PAD_Y, Layout, layout, render_svg, safe_href, text_width_em, wrap_title
from support import assert_golden

REPO = Path(__file__).resolve().parent.parent
CHART_FIXTURES = REPO / "tests" / "fixtures" / "charts"
GOLDEN = REPO / "tests" / "golden" / "charts"
ORG_FILES = sorted((REPO / "orgtemplates" / "orgs").glob("*.yaml"))
SVG_NS = "{http://www.w3.org/2000/svg}"

#: Width bound for the 150-box company chart below (9 departments under 3 deputies, 11–18 positions each):
#: its classic layout is about 2000 px, so layout() must fall back to a compact one that fits COMPACT_WIDTH.
WIDTH_BOUND_150 = chart.COMPACT_WIDTH  # 1200 px


# ---------------------------------------------------------------------------
# Charts


def load_fixture(name: str) -> Node:
    return Node.model_validate(yaml.safe_load((CHART_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")))


_TITLES = [
    "财务部",
    "人力资源部",
    "市场营销与品牌推广中心（含线上渠道运营）",
    "IT Infrastructure & Security",
    "总经理办公室",
    "质检员",
    "华东区域销售大区第一分公司业务拓展组",
    "R&D",
    "供应链管理部（采购、仓储、物流）",
    "研究院",
    "<b>",
]
_KINDS = ["executive", "committee", "department", "department", "team", "position", "position"]


def random_chart(seed: int, n: int) -> Node:
    """A random valid chart with exactly ``n`` units: children, staff, board+监事会, bursts of leaves, dotted links."""
    rng = random.Random(seed)
    nodes: list[dict] = []

    def make(kind: str) -> dict:
        node = {"title": f"{rng.choice(_TITLES)}{len(nodes)}", "kind": kind, "children": [], "staff": [], "dotted_to": []}
        nodes.append(node)
        return node

    root = make(rng.choice(["board", "executive", "department"]))
    while len(nodes) < n:
        parent = rng.choice(nodes)
        r = rng.random()
        if r < 0.12 and n - len(nodes) >= 5:  # a burst of leaves, usually stacked
            for _ in range(rng.randint(5, min(14, n - len(nodes)))):
                parent["children"].append(make("position"))
        elif r < 0.22:
            parent["staff"].append(make(rng.choice(["department", "position", "committee"])))
        elif r < 0.32:
            board = make("board")
            parent["children"].append(board)
            if len(nodes) < n:
                board["children"].append(make("supervisor"))
            if len(nodes) < n:
                board["children"].append(make("executive"))
        else:
            parent["children"].append(make(rng.choice(_KINDS)))
    if len(nodes) > 1:
        for _ in range(rng.randint(0, max(1, n // 12))):
            a, b = rng.sample(nodes, 2)
            a["dotted_to"].append(b["title"])
    return Node.model_validate(root)


def company_chart(positions: list[int]) -> Node:
    """A realistic company: governance, staff, 3 deputies with 3 departments each, positions stacked."""
    it = iter(positions)
    deputies = []
    for d in range(3):
        depts = []
        for k in range(3):
            leaves = [{"title": f"岗位{d}{k}{i}", "kind": "position"} for i in range(next(it))]
            depts.append({"title": f"第{d}{k}业务部", "kind": "department", "children": leaves})
        deputies.append({"title": f"副总经理{d}", "kind": "executive", "children": depts})
    return Node.model_validate(
        {
            "title": "股东会",
            "kind": "board",
            "children": [
                {
                    "title": "董事会",
                    "kind": "board",
                    "children": [
                        {
                            "title": "总经理",
                            "kind": "executive",
                            "staff": [{"title": "总经理办公室", "kind": "department"}],
                            "children": deputies,
                        }
                    ],
                },
                {"title": "监事会", "kind": "supervisor"},
            ],
        }
    )


def count(node: Node) -> int:
    return 1 + sum(count(c) for c in node.children) + sum(count(s) for s in node.staff)


# ---------------------------------------------------------------------------
# Invariants


def _inside(b: chart.Box, seg: chart.Segment) -> bool:
    """True when the segment runs through the open interior of the box."""
    (x0, y0), (x1, y1) = seg
    if y0 == y1:
        return b.y < y0 < b.bottom and max(min(x0, x1), b.x) < min(max(x0, x1), b.right)
    return b.x < x0 < b.right and max(min(y0, y1), b.y) < min(max(y0, y1), b.bottom)


def _on_border(b: chart.Box, p: chart.Point) -> bool:
    x, y = p
    on_x = b.x - 0.05 <= x <= b.right + 0.05
    on_y = b.y - 0.05 <= y <= b.bottom + 0.05
    return on_x and on_y and (abs(x - b.x) < 0.05 or abs(x - b.right) < 0.05 or abs(y - b.y) < 0.05 or abs(y - b.bottom) < 0.05)


def problems(lay: Layout) -> list[str]:
    out: list[str] = []
    boxes = lay.boxes
    for a, b in combinations(boxes, 2):
        if a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom:
            out.append(f"boxes overlap: {a.id} {a.node.title!r} and {b.id} {b.node.title!r}")
    for b in boxes:
        if b.parent is not None and b.y < boxes[b.parent].bottom:
            out.append(f"box {b.id} is not below its parent {b.parent}")
        if b.x < 0 or b.right > lay.width or b.y < 0 or b.bottom > lay.height:
            out.append(f"box {b.id} outside the canvas")
        widest = max(text_width_em(line) for line in b.lines) * FONT_SIZE
        if widest + 2 * PAD_X > b.w + 1e-6 or len(b.lines) * LINE_HEIGHT + 2 * PAD_Y > b.h + 1e-6 or len(b.lines) > MAX_LINES:
            out.append(f"text of box {b.id} does not fit: {b.lines}")
    sizes: dict[tuple[int, str], set[tuple[float, float]]] = {}
    for b in boxes:
        sizes.setdefault(chart.size_class(b), set()).add((b.w, b.h))
    out += [f"unequal box sizes at level {k}: {v}" for k, v in sizes.items() if len(v) > 1]
    for c in lay.connectors:
        if not c.segments:
            out.append(f"empty connector {c.source}->{c.target}")
            continue
        pts = c.points
        if not _on_border(boxes[c.source], pts[0]) or not _on_border(boxes[c.target], pts[-1]):
            out.append(f"connector {c.source}->{c.target} does not start/end on its boxes: {pts[0]} {pts[-1]}")
        for seg in c.segments:
            (x0, y0), (x1, y1) = seg
            if x0 != x1 and y0 != y1:
                out.append(f"connector {c.source}->{c.target} has a diagonal segment {seg}")
                continue
            # Stricter than required: a connector may not cut through its own end boxes either.
            out += [f"connector {c.source}->{c.target} ({c.relation}) crosses box {b.id} {b.node.title!r}" for b in boxes if _inside(b, seg)]
    tree_links = [c for c in lay.connectors if c.relation != "dotted"]
    if len(tree_links) != len(boxes) - 1:
        out.append(f"{len(tree_links)} tree connectors for {len(boxes)} boxes")
    return out


RANDOM_CASES = [(seed, 1 + (seed * 37) % 150) for seed in range(48)] + [(1000, 150), (1001, 150), (1002, 2)]


@pytest.mark.parametrize(("seed", "n"), RANDOM_CASES, ids=[f"seed{s}-n{n}" for s, n in RANDOM_CASES])
def test_random_tree_invariants(seed: int, n: int) -> None:
    root = random_chart(seed, n)
    assert count(root) == n
    lay = layout(root)
    assert len(lay.boxes) == n
    assert problems(lay) == []
    # Titles in a random chart are unique, so each dotted_to names exactly one box.
    box_of = {b.node.title: b.id for b in lay.boxes}
    wanted = {(b.id, box_of[name]) for b in lay.boxes for name in b.node.dotted_to}
    dotted = [c for c in lay.connectors if c.relation == "dotted"]
    # Every dotted link is drawn exactly once (duplicates collapse); none is left unroutable.
    assert lay.unresolved == []
    assert sorted((c.source, c.target) for c in dotted) == sorted(wanted)
    assert all(c.style == "dotted" and c.segments for c in dotted)
    # Generous but real: the tidy packing never spends more than one box width plus stubs and a gap per box.
    widest = max(b.w for b in lay.boxes)
    assert lay.width <= 2 * chart.MARGIN + n * (widest + 2 * chart.SIDE_STUB + chart.H_GAP)


def test_random_charts_have_dotted_links() -> None:
    """The invariants above check dotted links only if the random charts ask for some."""
    wanted = sum(len(b.node.dotted_to) for seed, n in RANDOM_CASES for b in layout(random_chart(seed, n)).boxes)
    assert wanted > 50


@pytest.mark.parametrize("name", ["small-company", "matrix"])
def test_fixture_invariants(name: str) -> None:
    lay = layout(load_fixture(name))
    assert problems(lay) == []
    assert lay.unresolved == []


@pytest.mark.parametrize("path", ORG_FILES, ids=[p.stem for p in ORG_FILES])
def test_library_chart_invariants(path: Path) -> None:
    org = Org.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    lay = layout(org.chart)
    assert problems(lay) == []


def test_invariant_checker_catches_overlap_and_diagonals() -> None:
    lay = layout(load_fixture("small-company"))
    lay.boxes[2].x, lay.boxes[2].y = lay.boxes[1].x + 1, lay.boxes[1].y + 1
    lay.connectors[0].segments.append(((0.0, 0.0), (5.0, 5.0)))
    found = "\n".join(problems(lay))
    assert "overlap" in found
    assert "diagonal" in found


def test_150_box_chart_width_is_bounded() -> None:
    root = company_chart([15, 12, 18, 14, 16, 11, 17, 13, 17])
    n = count(root)
    assert n == 150
    lay = layout(root)
    assert problems(lay) == []
    assert lay.width <= WIDTH_BOUND_150, f"150-box chart is {lay.width} px wide"
    # The top of the chart keeps its classic shape: governance, 总经理, the deputies' row.
    deputies = [b for b in lay.boxes if b.node.title.startswith("副总经理")]
    assert {b.placement for b in deputies} == {"tree"} and len({b.y for b in deputies}) == 1


def test_small_charts_keep_the_classic_layout() -> None:
    lay = layout(load_fixture("small-company"))
    assert lay.width <= chart.COMPACT_WIDTH
    # Only the department with more than STACK_MIN leaves is stacked; nothing hangs as a list.
    assert {b.placement for b in lay.boxes} == {"tree", "side", "stack"}


def test_governance_staff_and_supervisor_placement() -> None:
    lay = layout(load_fixture("small-company"))
    by_title = {b.node.title: b for b in lay.boxes}
    shareholders, board, ceo = by_title["股东会"], by_title["董事会"], by_title["总经理"]
    supervisors = by_title["监事会"]
    assert shareholders.bottom < board.y < ceo.y
    # 监事会 hangs beside the line from 股东会 down to 董事会, between the two rows, dashed.
    assert supervisors.placement == "side"
    assert shareholders.bottom < supervisors.y and supervisors.bottom < board.y
    assert supervisors.x > shareholders.cx or supervisors.right < shareholders.cx
    link = next(c for c in lay.connectors if c.target == supervisors.id)
    assert link.style == "dashed" and link.relation == "supervision"
    assert link.segments[-1][0][1] == link.segments[-1][1][1]  # ends with a horizontal stub
    # Staff units sit between their parent's row and its children's row.
    office = by_title["总经理办公室"]
    first_dept = by_title["财务部"]
    assert office.placement == "side" and ceo.bottom < office.y and office.bottom < first_dept.y
    # Many leaves are stacked in a column instead of widening the row.
    stacked = [b for b in lay.boxes if b.parent == by_title["生产部"].id]
    assert all(b.placement == "stack" for b in stacked)
    assert len({b.x for b in stacked}) == 1 and len({b.y for b in stacked}) == len(stacked)
    # Few children stay in a row under a bus.
    finance_kids = [b for b in lay.boxes if b.parent == first_dept.id]
    assert len({b.y for b in finance_kids}) == 1


def test_two_column_stack_and_bus_shape() -> None:
    root = Node.model_validate({"title": "部门", "kind": "department", "children": [{"title": f"岗位{i}", "kind": "position"} for i in range(11)]})
    lay = layout(root)
    kids = lay.boxes[1:]
    assert len({b.x for b in kids}) == 2
    assert problems(lay) == []
    root2 = Node.model_validate({"title": "部门", "kind": "department", "children": [{"title": "甲", "kind": "team"}, {"title": "乙", "kind": "team"}]})
    c = layout(root2).connectors[0]
    # Down from the parent, along the bus, down to the child.
    assert [("v" if a[0] == b[0] else "h") for a, b in c.segments] == ["v", "h", "v"]


def test_dotted_links_are_dotted_and_route_around_boxes() -> None:
    lay = layout(load_fixture("matrix"))
    dotted = [c for c in lay.connectors if c.relation == "dotted"]
    assert len(dotted) == 5
    assert {c.style for c in dotted} == {"dotted"}
    titles = {(lay.boxes[c.source].node.title, lay.boxes[c.target].node.title) for c in dotted}
    assert ("项目一组", "测试部") in titles and ("市场部", "项目管理办公室（PMO）") in titles


def test_unknown_dotted_target_is_reported_not_drawn() -> None:
    root = Node.model_validate({"title": "甲", "kind": "department", "dotted_to": ["不存在", "甲"], "children": [{"title": "乙", "kind": "team"}]})
    lay = layout(root)
    assert lay.unresolved == [(0, "不存在"), (0, "甲")]
    assert all(c.relation != "dotted" for c in lay.connectors)


def test_layout_is_deterministic() -> None:
    a = render_svg(random_chart(7, 120), title="t")
    b = render_svg(random_chart(7, 120), title="t")
    assert a == b


# ---------------------------------------------------------------------------
# Text


def test_wrap_title() -> None:
    assert wrap_title("财务部") == (["财务部"], False)
    # Lines are balanced rather than leaving an orphan: 5 + 5, not 8 + 2.
    assert wrap_title("一二三四五六七八九十") == (["一二三四五", "六七八九十"], False)
    # Chinese words stay whole (jieba segmentation): 采购与供应链 / 管理部, 项目管理 / 办公室.
    assert wrap_title("采购与供应链管理部") == (["采购与供应链", "管理部"], False)
    assert wrap_title("项目管理办公室（PMO）") == (["项目管理", "办公室（PMO）"], False)
    # Balancing never splits a word that fits on a line.
    assert wrap_title("IT Infrastructure & Security")[0] == ["IT", "Infrastructure", "& Security"]
    # ASCII words are not split when they fit on a line.
    lines, _ = wrap_title("IT Infrastructure Team")
    assert "Infrastructure" in lines[1] or "Infrastructure" in lines[0]
    # Closing punctuation never starts a line.
    lines, _ = wrap_title("一二三四五六七八，九十")
    assert not lines[1].startswith("，")
    lines, cut = wrap_title("很长" * 20)
    assert cut and len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(text_width_em(line) <= chart.MAX_LINE_EM + 1 for line in lines)


def test_text_width_estimate() -> None:
    assert text_width_em("财务部") == 3.0
    assert text_width_em("HR") == pytest.approx(1.1)
    assert text_width_em("（）") == 2.0


def test_long_title_is_in_tooltip() -> None:
    title = "这是一个非常非常非常非常非常非常非常非常长的部门名称需要截断"
    svg = render_svg(Node(title=title, kind="department"), title="t")
    root = ET.fromstring(svg)
    box = root.find(f".//{SVG_NS}g[@class='oc-box oc-department']")
    assert box is not None
    assert box.findtext(f"{SVG_NS}title", "").startswith(title)
    assert "…" in "".join(box.find(f"{SVG_NS}text").itertext())


# ---------------------------------------------------------------------------
# SVG


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_svg_accessibility_and_structure() -> None:
    root_node = load_fixture("small-company")
    svg = render_svg(root_node, title="某有限公司组织图", chart_id="co", role_href=lambda r: f"/roles/{r}/")
    root = _parse(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "figure"  # it holds links: role="img" would hide them
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") and root.get("height") and "max-width:100%" in root.get("style", "")
    labelled = root.get("aria-labelledby", "").split()
    assert labelled == ["co-title", "co-desc"]
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert by_id["co-title"].tag == f"{SVG_NS}title" and by_id["co-title"].text == "某有限公司组织图"
    assert by_id["co-desc"].tag == f"{SVG_NS}desc" and by_id["co-desc"].text == f"共 {count(root_node)} 个单位"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith("co-") for i in ids)
    boxes = root.findall(f".//{SVG_NS}g[@class]")
    boxes = [g for g in boxes if "oc-box" in g.get("class", "").split()]
    assert len(boxes) == count(root_node)
    for g in boxes:
        tip = g.findtext(f"{SVG_NS}title", "")
        assert "类型：" in tip
    links = root.findall(f".//{SVG_NS}a")
    assert sorted(a.get("href") for a in links) == sorted(f"/roles/{r}/" for r in ["general-manager", "finance-manager", "accountant", "cashier"])
    finance = next(g for g in boxes if g.findtext(f"{SVG_NS}title", "").startswith("财务部"))
    assert "职责：2 条" in finance.findtext(f"{SVG_NS}title", "")


def test_svg_style_follows_site_theme_and_prints() -> None:
    svg = render_svg(load_fixture("small-company"), title="t")
    style = _parse(svg).findtext(f"{SVG_NS}style", "")
    assert "@media (prefers-color-scheme:dark)" in style
    assert '[data-md-color-scheme="slate"] .org-chart' in style
    assert '[data-md-color-scheme="default"] .org-chart' in style
    assert "@media print" in style
    assert '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif' in style
    # No hard-coded fills on shapes: colours only come from the stylesheet.
    assert ' fill="#' not in svg and ' stroke="#' not in svg


def test_legend_lists_only_present_kinds_and_line_styles() -> None:
    small = render_svg(load_fixture("small-company"), title="t")
    legend = "".join(_parse(small).find(f".//{SVG_NS}g[@class='oc-legend']").itertext())
    for kind in ("board", "supervisor", "executive", "department", "position", "team"):
        assert NODE_KIND_LABELS[kind] in legend
    assert NODE_KIND_LABELS["committee"] not in legend
    assert "监督（虚线）" in legend and "虚线汇报（点线）" not in legend
    matrix = render_svg(load_fixture("matrix"), title="t")
    legend = "".join(_parse(matrix).find(f".//{SVG_NS}g[@class='oc-legend']").itertext())
    assert "虚线汇报（点线）" in legend and "监督（虚线）" not in legend
    assert NODE_KIND_LABELS["board"] not in legend


def test_several_charts_on_one_page_do_not_collide() -> None:
    ids = []
    for cid in ("a", "b"):
        root = _parse(render_svg(load_fixture("matrix"), title="t", chart_id=cid))
        ids.append({el.get("id") for el in root.iter() if el.get("id")})
        refs = re.findall(r"url\(#([^)]+)\)", render_svg(load_fixture("matrix"), title="t", chart_id=cid))
        assert refs and all(r.startswith(f"{cid}-") for r in refs)
    assert ids[0].isdisjoint(ids[1])
    assert _parse(render_svg(Node(title="x", kind="team"), title="t", chart_id='x" onload="alert(1)')).get("onload") is None


def test_numbers_are_stably_formatted() -> None:
    svg = render_svg(random_chart(3, 80), title="t")
    for value in re.findall(r'(?:x|y|width|height|d)="([^"]*)"', svg):
        assert not re.search(r"\d\.\d\d", value), value
        assert ".0 " not in value + " " and not re.search(r"\.0(?!\d)", value), value


def test_escaping_of_titles_and_hrefs() -> None:
    root = Node.model_validate(
        {
            "title": "<script>alert(1)</script>",
            "kind": "department",
            "role": "evil",
            "note": "x",
            "duties": ["<img src=x onerror=alert(1)>"],
            "children": [{"title": "A & B \"quoted\" 'single'", "kind": "team", "role": "ok", "dotted_to": ["<script>alert(1)</script>"]}],
        }
    )
    svg = render_svg(root, title="</title><script>alert(1)</script>", role_href=lambda _id: "javascript:alert(1)")
    assert "<script" not in svg.lower()
    assert "javascript:" not in svg.lower()
    parsed = _parse(svg)
    assert parsed.findall(f".//{SVG_NS}a") == []
    texts = "".join(parsed.itertext())
    assert "<script>alert(1)</script>" in texts  # shown as text, not markup
    assert 'A & B "quoted"' in texts


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/roles/cashier/", "/roles/cashier/"),
        ("../roles/cashier/", "../roles/cashier/"),
        ("#cashier", "#cashier"),
        ("roles/cashier.html", "roles/cashier.html"),
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
        ("http://example.com/", "http://example.com/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:msgbox", None),
        ("mailto:a@b.c", None),
        ("roles:cashier", None),
        ("", None),
        (None, None),
        ("\x01/x", None),
    ],
)
def test_safe_href(href: str | None, expected: str | None) -> None:
    assert safe_href(href) == expected


def test_href_is_attribute_escaped() -> None:
    svg = render_svg(Node(title="x", kind="team", role="x"), title="t", role_href=lambda r: '/roles/x/?a=1&b="2"')
    a = _parse(svg).find(f".//{SVG_NS}a")
    assert a is not None and a.get("href") == '/roles/x/?a=1&b="2"'


# ---------------------------------------------------------------------------
# Goldens


@pytest.mark.parametrize("name", ["small-company", "matrix"])
def test_golden_svg(name: str) -> None:
    svg = render_svg(load_fixture(name), title=f"{name} 组织图", chart_id=name, role_href=lambda r: f"../../roles/{r}/")
    assert_golden(GOLDEN / f"{name}.svg", svg + "\n")
