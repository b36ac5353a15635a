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
from orgkit.render.chart import KIND_COLORS, KIND_SHAPE, LINE_HEIGHT, Box, Layout
from orgkit.render.chartprint import PAPER_PT, PX_PT, TITLE_BAND, TITLE_FONT, fit_scale, plan
from orgkit.render.docx import FIXED_DATE, LIBRARY_NAME

EMU_PT = 12700
#: The font Chinese Office users have everywhere; LibreOffice substitutes a CJK sans for it.
FONT = "Microsoft YaHei"


def _emu(points: float) -> int:
    return round(points * EMU_PT)


def _rgb(color: str):  # type: ignore[no-untyped-def]
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _set_fonts(run, size_pt: float, bold: bool, color: str) -> None:  # type: ignore[no-untyped-def]
    from pptx.util import Pt

    font = run.font
    font.size = Pt(round(size_pt * 2) / 2)
    font.bold = bold
    font.name = FONT
    font.color.rgb = _rgb(color)
    # python-pptx names the Latin font only; Chinese text takes the East Asian one.
    rpr = run._r.get_or_add_rPr()
    ea = rpr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}ea", {"typeface": FONT})
    latin = rpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
    latin.addnext(ea)


def _box(slide, b: Box, ox: float, oy: float, s: float):  # type: ignore[no-untyped-def]
    from pptx.enum.dml import MSO_LINE
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    fill, stroke, color = KIND_COLORS[b.node.kind]
    rx, stroke_w, weight = KIND_SHAPE[b.node.kind]
    shape_type = MSO_SHAPE.ROUNDED_RECTANGLE if rx > 3 else MSO_SHAPE.RECTANGLE
    shape = slide.shapes.add_shape(shape_type, _emu(ox + b.x * s), _emu(oy + b.y * s), _emu(b.w * s), _emu(b.h * s))
    shape.name = b.node.title
    if rx > 3:
        shape.adjustments[0] = min(0.5, rx / min(b.w, b.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.color.rgb = _rgb(stroke)
    shape.line.width = Pt(stroke_w * s)
    if b.node.kind == "supervisor":
        shape.line.dash_style = MSO_LINE.DASH
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.word_wrap = False  # the layout already broke the lines
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, 0)
    for k, line in enumerate(b.lines):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        para.line_spacing = Pt(LINE_HEIGHT * s)
        run = para.add_run()
        run.text = line
        _set_fonts(run, 14 * s, weight >= 600, color)
    return shape


#: Connection sites of a rectangle in PowerPoint's order: top, left, bottom, right (as fractions of w, h).
_SITES = ((0.5, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 0.5))


def _site(b: Box, x: float, y: float) -> int | None:
    for k, (fx, fy) in enumerate(_SITES):
        if abs(b.x + fx * b.w - x) < 0.6 and abs(b.y + fy * b.h - y) < 0.6:
            return k
    return None


def _connectors(slide, lay: Layout, shapes: dict[int, object], ox: float, oy: float, s: float) -> None:  # type: ignore[no-untyped-def]
    from pptx.enum.dml import MSO_LINE
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Pt

    for c in lay.connectors:
        pts = c.points
        if len(pts) < 2:
            continue
        color = "#b0641c" if c.style == "dotted" else "#5f6b7a"
        segments = list(itertools.pairwise(pts))
        for k, ((x0, y0), (x1, y1)) in enumerate(segments):
            line = slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT, _emu(ox + x0 * s), _emu(oy + y0 * s), _emu(ox + x1 * s), _emu(oy + y1 * s)
            )
            line.line.color.rgb = _rgb(color)
            line.line.width = Pt((1.8 if c.style == "dotted" else 1.4) * s)
            if c.style == "dashed":
                line.line.dash_style = MSO_LINE.DASH
            elif c.style == "dotted":
                line.line.dash_style = MSO_LINE.ROUND_DOT
            # Glue the ends that touch a box at one of its sites: the line then follows the box when it moves.
            if k == 0 and (site := _site(lay.boxes[c.source], x0, y0)) is not None:
                line.begin_connect(shapes[c.source], site)
            if k == len(segments) - 1:
                if (site := _site(lay.boxes[c.target], x1, y1)) is not None:
                    line.end_connect(shapes[c.target], site)
                if c.style == "dotted":
                    ln = line.line._get_or_add_ln()
                    ln.append(ln.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}tailEnd", {"type": "triangle"}))


def chart_pptx(root: Node, title: str) -> bytes:
    """The chart as a .pptx: one slide (A4 or A3 landscape), or an overview and one per sub-tree when too wide."""
    from pptx import Presentation
    from pptx.enum.text import MSO_ANCHOR

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
        slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
        heading = page.scene.labels()[0].text
        box = slide.shapes.add_textbox(_emu(ox + 16 * s), _emu(oy), _emu((page.scene.width - 32) * s), _emu(TITLE_BAND * s))
        box.name = "标题"
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        run = box.text_frame.paragraphs[0].add_run()
        run.text = heading
        _set_fonts(run, TITLE_FONT * s, True, "#24292f")
        top = oy + TITLE_BAND * s
        shapes = {b.id: _box(slide, b, ox, top, s) for b in lay.boxes}
        _connectors(slide, lay, shapes, ox, top, s)
        # Lines behind boxes, as on the site: move the connectors to the back of the z-order.
        tree = slide.shapes._spTree
        for el in [e for e in tree if e.tag.endswith("}cxnSp")]:
            tree.remove(el)
            tree.insert(2, el)
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

