"""Export a chart as an editable diagrams.net (draw.io) file.

The geometry is exactly :func:`orgkit.render.chart.layout`'s, so the file
opens looking like the site's SVG; from there users edit it freely.  The
diagram is stored uncompressed so it diffs and can be inspected.

Labels are plain text (``html=0``): titles come from YAML and must never be
interpreted as HTML by the editor.
"""

from __future__ import annotations

from orgkit.model import NODE_KIND_LABELS, Node
from orgkit.render.chart import KIND_COLORS, KIND_SHAPE, Box, Connector, esc, fmt, layout

__all__ = ["render_drawio"]

_EDGE_STYLE = {
    "solid": "endArrow=none;",
    "dashed": "endArrow=none;dashed=1;dashPattern=6 4;",
    "dotted": "endArrow=open;endSize=6;dashed=1;dashPattern=1 3;strokeColor=#b0641c;",
}


def _vertex_style(b: Box) -> str:
    fill, stroke, font = KIND_COLORS[b.node.kind]
    rx, stroke_w, weight = KIND_SHAPE[b.node.kind]
    parts = [
        "rounded=1" if rx > 3 else "rounded=0",
        "arcSize=" + fmt(min(50.0, rx * 100 / min(b.w, b.h))) if rx > 3 else "",
        "whiteSpace=wrap",
        "html=0",
        f"fillColor={fill}",
        f"strokeColor={stroke}",
        f"fontColor={font}",
        f"strokeWidth={fmt(stroke_w)}",
        f"fontStyle={1 if weight >= 600 else 0}",
        "fontSize=14",
        "dashed=1" if b.node.kind == "supervisor" else "",
    ]
    return ";".join(p for p in parts if p) + ";"


def _edge(c: Connector, boxes: list[Box], eid: str) -> str:
    src, dst = boxes[c.source], boxes[c.target]
    pts = c.points
    (sx, sy), (tx, ty) = pts[0], pts[-1]
    # Pin both ends to where the SVG attaches them; draw.io would otherwise pick its own ports.
    style = (
        "edgeStyle=orthogonalEdgeStyle;rounded=0;html=0;strokeColor=#5f6b7a;strokeWidth=1.4;"
        + _EDGE_STYLE[c.style]
        + f"exitX={fmt3((sx - src.x) / src.w)};exitY={fmt3((sy - src.y) / src.h)};exitDx=0;exitDy=0;exitPerimeter=0;"
        + f"entryX={fmt3((tx - dst.x) / dst.w)};entryY={fmt3((ty - dst.y) / dst.h)};entryDx=0;entryDy=0;entryPerimeter=0;"
    )
    waypoints = "".join(f'<mxPoint x="{fmt(x)}" y="{fmt(y)}"/>' for x, y in pts[1:-1])
    array = f'<Array as="points">{waypoints}</Array>' if waypoints else ""
    geometry = f'<mxGeometry relative="1" as="geometry">{array}</mxGeometry>'
    return f'<mxCell id="{eid}" style="{esc(style)}" edge="1" parent="1" source="n{c.source}" target="n{c.target}">{geometry}</mxCell>'


def fmt3(v: float) -> str:
    """Port fractions need more precision than pixels."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def render_drawio(root: Node, *, title: str) -> str:
    """An ``.drawio`` document (mxfile XML) with one vertex per unit and one edge per connector."""
    lay = layout(root)
    cells: list[str] = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
    for b in lay.boxes:
        label = "\n".join(b.lines)
        tooltip = " ".join(b.node.title.split()) + "\n" + NODE_KIND_LABELS[b.node.kind]
        # <object> carries the label and tooltip so the cell stays an ordinary vertex.
        cells.append(
            f'<object id="n{b.id}" label="{esc_attr(label)}" tooltip="{esc_attr(tooltip)}">'
            f'<mxCell style="{esc(_vertex_style(b))}" vertex="1" parent="1">'
            f'<mxGeometry x="{fmt(b.x)}" y="{fmt(b.y)}" width="{fmt(b.w)}" height="{fmt(b.h)}" as="geometry"/>'
            "</mxCell></object>"
        )
    for k, c in enumerate(lay.connectors):
        cells.append(_edge(c, lay.boxes, f"e{k}"))
    model = (
        f'<mxGraphModel dx="0" dy="0" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" '
        f'page="0" pageScale="1" pageWidth="{fmt(lay.width)}" pageHeight="{fmt(lay.height)}" math="0" shadow="0">'
        f"<root>{''.join(cells)}</root></mxGraphModel>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<mxfile host="orgkit" type="device"><diagram id="orgkit-chart" name="{esc(title)}">{model}</diagram></mxfile>\n'
    )


def esc_attr(text: str) -> str:
    """Attribute escaping that also keeps line breaks (a raw newline in an attribute would be normalised to a space)."""
    return esc(text).replace("\n", "&#10;")
