"""draw.io and Mermaid exports of org charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from orgkit.model import Node
from orgkit.render.chart import layout
from orgkit.render.drawio import render_drawio
from orgkit.render.mermaid import mermaid_label, render_mermaid

CHART_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "charts"
FIXTURES = ["small-company", "matrix"]

NASTY = Node.model_validate(
    {
        "title": '<script>alert(1)</script> "引号" [方括号] (圆括号) {花括号} | # & ; `反引号`',
        "kind": "department",
        "staff": [{"title": "参谋\n部", "kind": "position"}],
        "children": [
            {"title": "A --> B", "kind": "team", "dotted_to": ['<script>alert(1)</script> "引号" [方括号] (圆括号) {花括号} | # & ; `反引号`']},
            {"title": "click n0 call alert()", "kind": "team"},
        ],
    }
)


def load(name: str) -> Node:
    return Node.model_validate(yaml.safe_load((CHART_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")))


def count(node: Node) -> int:
    return 1 + sum(count(c) for c in node.children) + sum(count(s) for s in node.staff)


# ---------------------------------------------------------------------------
# draw.io


def _cells(xml: str) -> tuple[ET.Element, list[ET.Element], list[ET.Element]]:
    root = ET.fromstring(xml)
    assert root.tag == "mxfile"
    diagram = root.find("diagram")
    assert diagram is not None and diagram.find("mxGraphModel") is not None, "diagram must be stored uncompressed"
    cells = root.findall(".//mxCell")
    return root, [c for c in cells if c.get("vertex") == "1"], [c for c in cells if c.get("edge") == "1"]


@pytest.mark.parametrize("name", FIXTURES)
def test_drawio_has_one_vertex_per_node_and_one_edge_per_connector(name: str) -> None:
    chart = load(name)
    lay = layout(chart)
    xml = render_drawio(chart, title=f"{name} 组织图")
    root, vertices, edges = _cells(xml)
    assert root.find("diagram").get("name") == f"{name} 组织图"
    assert len(vertices) == count(chart) == len(lay.boxes)
    assert len(edges) == len(lay.connectors)
    ids = {o.get("id") for o in root.iter("object")}
    assert ids == {f"n{b.id}" for b in lay.boxes}
    for e in edges:
        assert e.get("source") in ids and e.get("target") in ids
        assert "edgeStyle=orthogonalEdgeStyle" in e.get("style", "")


def test_drawio_geometry_matches_layout() -> None:
    chart = load("small-company")
    lay = layout(chart)
    root, _v, edges = _cells(render_drawio(chart, title="t"))
    for obj in root.iter("object"):
        box = lay.boxes[int(obj.get("id")[1:])]
        geo = obj.find("mxCell/mxGeometry")
        assert (float(geo.get("x")), float(geo.get("y")), float(geo.get("width")), float(geo.get("height"))) == (box.x, box.y, box.w, box.h)
        assert obj.get("label") == "\n".join(box.lines)
        assert "html=0" in obj.find("mxCell").get("style")
    styles = [e.get("style") for e in edges]
    assert sum("dashed=1" in s for s in styles) == sum(c.style != "solid" for c in lay.connectors)
    # Interior bend points become waypoints.
    for e, c in zip(edges, lay.connectors, strict=True):
        points = e.findall("mxGeometry/Array/mxPoint")
        assert len(points) == len(c.points) - 2


def test_drawio_escapes_titles() -> None:
    xml = render_drawio(NASTY, title="<b>t</b>")
    assert "<script" not in xml and "<b>" not in xml
    root, vertices, _e = _cells(xml)
    labels = [o.get("label") for o in root.iter("object")]
    assert any("<script>alert(1)</script>" in label.replace("\n", "") for label in labels)
    assert len(vertices) == count(NASTY)


# ---------------------------------------------------------------------------
# Mermaid

NODE_LINE = re.compile(r'^    (n\d+)\["([^"]*)"\]$')


def _mermaid_nodes(src: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for line in src.splitlines() if (m := NODE_LINE.match(line))}


@pytest.mark.parametrize("name", FIXTURES)
def test_mermaid_has_one_line_per_node(name: str) -> None:
    chart = load(name)
    src = render_mermaid(chart)
    assert src.startswith("flowchart TD\n")
    nodes = _mermaid_nodes(src)
    assert list(nodes) == [f"n{i}" for i in range(count(chart))]
    node_lines = [line for line in src.splitlines() if re.match(r"^\s+n\d+\[", line)]
    assert len(node_lines) == count(chart)
    link_lines = [line for line in src.splitlines() if re.match(r"^\s+n\d+ [-.=]", line)]
    dotted = sum(len(b.node.dotted_to) for b in layout(chart).boxes)
    assert len(link_lines) == count(chart) - 1 + dotted


def test_mermaid_link_styles() -> None:
    src = render_mermaid(load("small-company"))
    assert "n0 -.-|监督| " in src  # 股东会 → 监事会
    assert re.search(r"n\d+ -\.- n\d+", src)  # staff units
    assert "-.->" not in src
    src = render_mermaid(load("matrix"))
    assert len(re.findall(r"n\d+ -\.->\|虚线汇报\| n\d+", src)) == 5
    assert "classDef committee" in src and "classDef board" not in src


def test_mermaid_escapes_labels() -> None:
    src = render_mermaid(NASTY)
    nodes = _mermaid_nodes(src)
    assert len(nodes) == count(NASTY), "every node stays on one line with one quoted label"
    for label in nodes.values():
        label = label.replace("<br>", "")
        assert not set(label) & set('"[](){}|<>`'), label
    assert "<script" not in src
    assert mermaid_label('a"b[c]') == "a#34;b#91;c#93;"
    assert mermaid_label("x\ny") == "x y"
    # A title that looks like Mermaid syntax stays inside its label.
    assert not any(line.strip().startswith("click") for line in src.splitlines())
    assert "A --#62; B" in src
