"""The chart as an editable PowerPoint file: native shapes and connectors, via python-pptx.

One slide per page of :func:`orgkit.render.chartprint.plan`: almost always one
slide holding the whole chart, scaled to fit A4 or A3 landscape; a chart too wide
for legible text on A3 gets an overview slide and one slide per sub-tree, like
the PDF. Boxes are rectangles with their text inside, lines are connectors glued
to the boxes where they meet them, so moving a box in PowerPoint or WPS drags
its lines along.
"""

from __future__ import annotations

import io
import itertools

from orgkit import __version__
from orgkit.model import Node
from orgkit.render.bundle import rezip
from orgkit.render.chart import KIND_COLORS, KIND_SHAPE, LINE_HEIGHT, Box, Layout, esc
from orgkit.render.chartprint import PAPER_PT, PX_PT, TITLE_BAND, TITLE_FONT, fit_scale, plan
from orgkit.render.docx import FIXED_DATE, LIBRARY_NAME

EMU_PT = 12700
#: The font Chinese Office users have everywhere; LibreOffice substitutes a CJK sans for it.
FONT = "Microsoft YaHei"


def _emu(points: float) -> int:
    return round(points * EMU_PT)


P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
DOTTED = "#b0641c"
LINE = "#5f6b7a"


def _run(text: str, size_pt: float, bold: bool, color: str) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (
        f'<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="{round(size_pt * 2) * 50}"{b} dirty="0">'
        f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill>'
        # Chinese text takes the East Asian font: name it, not just the Latin one.
        f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/></a:rPr><a:t>{esc(text)}</a:t></a:r>'
    )


def _fill(color: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill>'


def _xfrm(x: float, y: float, w: float, h: float, flip: str = "") -> str:
    return f'<a:xfrm{flip}><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'


def _box(sid: int, b: Box, ox: float, oy: float, s: float) -> str:
    """A box as a native rectangle (rounded for the rounder kinds) with its lines of text inside."""
    fill, stroke, color = KIND_COLORS[b.node.kind]
    rx, stroke_w, weight = KIND_SHAPE[b.node.kind]
    geom = f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {round(min(0.5, rx / min(b.w, b.h)) * 100000)}"/></a:avLst></a:prstGeom>'
    if rx <= 3:
        geom = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    dash = '<a:prstDash val="dash"/>' if b.node.kind == "supervisor" else ""
    paras = "".join(
        f'<a:p><a:pPr algn="ctr"><a:lnSpc><a:spcPts val="{round(LINE_HEIGHT * s * 100)}"/></a:lnSpc></a:pPr>{_run(line, 14 * s, weight >= 600, color)}</a:p>'
        for line in b.lines
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{esc(b.node.title)}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f"<p:spPr>{_xfrm(ox + b.x * s, oy + b.y * s, b.w * s, b.h * s)}{geom}{_fill(fill)}"
        f'<a:ln w="{_emu(stroke_w * s)}">{_fill(stroke)}{dash}</a:ln></p:spPr>'
        # The layout already broke the lines: no wrapping, no insets, centred both ways.
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="ctr"><a:noAutofit/></a:bodyPr>'
        f"<a:lstStyle/>{paras}</p:txBody></p:sp>"
    )


#: Connection sites of a rectangle in PowerPoint's order: top, left, bottom, right (as fractions of w, h).
_SITES = ((0.5, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 0.5))


def _site(b: Box, x: float, y: float) -> int | None:
    for k, (fx, fy) in enumerate(_SITES):
        if abs(b.x + fx * b.w - x) < 0.6 and abs(b.y + fy * b.h - y) < 0.6:
            return k
    return None


def _connectors(first_id: int, lay: Layout, box_ids: dict[int, int], ox: float, oy: float, s: float) -> list[str]:
    """Each segment of each line as a straight connector; the ends that meet a box are glued to it."""
    out: list[str] = []
    sid = first_id
    for c in lay.connectors:
        pts = c.points
        segments = list(itertools.pairwise(pts))
        color = DOTTED if c.style == "dotted" else LINE
        width = _emu((1.8 if c.style == "dotted" else 1.4) * s)
        dash = {"dashed": '<a:prstDash val="dash"/>', "dotted": '<a:prstDash val="sysDot"/>'}.get(c.style, "")
        for k, ((x0, y0), (x1, y1)) in enumerate(segments):
            glue = ""
            if k == 0 and (site := _site(lay.boxes[c.source], x0, y0)) is not None:
                glue += f'<a:stCxn id="{box_ids[c.source]}" idx="{site}"/>'
            last = k == len(segments) - 1
            if last and (site := _site(lay.boxes[c.target], x1, y1)) is not None:
                glue += f'<a:endCxn id="{box_ids[c.target]}" idx="{site}"/>'
            flip = (' flipH="1"' if x1 < x0 else "") + (' flipV="1"' if y1 < y0 else "")
            arrow = '<a:tailEnd type="triangle"/>' if last and c.style == "dotted" else ""
            out.append(
                f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="连接线 {sid}"/><p:cNvCxnSpPr>{glue}</p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>'
                f"<p:spPr>{_xfrm(ox + min(x0, x1) * s, oy + min(y0, y1) * s, abs(x1 - x0) * s, abs(y1 - y0) * s, flip)}"
                f'<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom><a:ln w="{width}">{_fill(color)}{dash}{arrow}</a:ln></p:spPr></p:cxnSp>'
            )
            sid += 1
    return out


def _title(sid: int, text: str, x: float, y: float, w: float, h: float, s: float) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="标题"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr>{_xfrm(x, y, w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        f"<a:p>{_run(text, TITLE_FONT * s, True, '#24292f')}</a:p></p:txBody></p:sp>"
    )


def chart_pptx(root: Node, title: str) -> bytes:
    """The chart as a .pptx: one slide (A4 or A3 landscape), or an overview and one per sub-tree when too wide.

    python-pptx makes the package (presentation, master, layout, theme); the slide's
    shapes are written as DrawingML directly, which is ten times faster than one
    python-pptx call per property and gives the same XML.
    """
    from pptx import Presentation
    from pptx.oxml import parse_xml

    pages = plan(root, title)
    prs = Presentation()
    paper = max((p.paper for p in pages), key=lambda p: PAPER_PT[p][0])
    pw, ph = PAPER_PT[paper]
    prs.slide_width, prs.slide_height = _emu(pw), _emu(ph)
    for page in pages:
        lay = page.layout
        # A slide is looked at, not printed: fill it (up to 1.5×) rather than stop at the print size.
        s = min(1.5, fit_scale(page.scene, paper, grow=True)) * PX_PT
        ox = (pw - page.scene.width * s) / 2
        oy = (ph - page.scene.height * s) / 2
        top = oy + TITLE_BAND * s
        heading = page.scene.labels()[0].text
        box_ids = {b.id: 3 + k for k, b in enumerate(lay.boxes)}
        shapes = [
            _title(2, heading, ox + 16 * s, oy, (page.scene.width - 32) * s, TITLE_BAND * s, s),
            # Lines first, so the boxes sit on top of them, as on the site.
            *_connectors(3 + len(lay.boxes), lay, box_ids, ox, top, s),
            *(_box(box_ids[b.id], b, ox, top, s) for b in lay.boxes),
        ]
        slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
        group = parse_xml(f'<p:spTree xmlns:p="{P_NS}" xmlns:a="{A_NS}">{"".join(shapes)}</p:spTree>')
        tree = slide.shapes._spTree
        for el in list(group):
            tree.append(el)
    props = prs.core_properties
    props.title = f"{title}组织架构图"
    props.author = LIBRARY_NAME
    props.last_modified_by = "orgkit"
    props.comments = f"由 orgkit {__version__} 根据{LIBRARY_NAME}生成，可按本单位实际修改。"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    out = io.BytesIO()
    prs.save(out)
    return rezip(out.getvalue())
