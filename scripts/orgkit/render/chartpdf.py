"""The chart as a vector PDF: the pages :func:`orgkit.render.chartprint.plan` chose, drawn with fpdf2.

Boxes, lines and text stay vectors; the text is real text in an embedded
Noto Sans CJK SC subset, so it can be searched, copied and read by screen
readers. Reading Noto's 20 MB collection is the slow part (0.4 s a weight), so
the faces are first cut down once per process to the characters the caller
names (the site passes every chart's characters) and fpdf2 embeds from that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from orgkit import __version__
from orgkit.model import Node, walk_chart
from orgkit.render import fonts
from orgkit.render.chartprint import DASHES, FOOTER, PAGE_MARGIN, PAPER_PT, PX_PT, ChartPage, Label, Polyline, Rect, plan

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LIBRARY_NAME = "组织架构模板库"
#: Text every chart PDF may print besides the chart's own titles.
FIXED_TEXT = "0123456789组织架构图总览：（见第页）共" + LIBRARY_NAME + "·v." + "".join(
    "决策机构股东会董事会监督监事高管委员部门小组班岗位虚线汇报点、（）"
)


def chart_text(roots: Iterable[tuple[Node, str]]) -> str:
    """Every character the PDFs of these charts (root, title) can print, sorted."""
    chars = set(FIXED_TEXT + __version__)
    for root, title in roots:
        chars.update(title)
        for node, _path, _depth in walk_chart(root):
            chars.update(node.title)
    return "".join(sorted(chars))


@lru_cache(maxsize=8)
def _subset(face: fonts.Face, text: str) -> Path:
    """The face cut down to ``text``, as a file fpdf2 can load (it reads fonts from paths only).

    Kept in the temporary folder under a name made of the font file's identity and
    the text, so the next build reuses it instead of reading the collection again.
    """
    stat = face.path.stat()
    key = f"{face.path}:{stat.st_size}:{stat.st_mtime_ns}:{face.index}:{text}"
    path = Path(tempfile.gettempdir()) / "orgkit-fonts" / f"{face.path.stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.otf"
    if path.is_file():
        return path
    from fontTools import subset

    font = fonts.open_face(face)
    options = subset.Options()
    options.layout_features = []  # no shaping needed for CJK titles; keeps the file small
    options.name_IDs = ["*"]
    options.hinting = False
    options.desubroutinize = True  # so the second subsetting, on every file, has no subroutines to walk
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text=text)
    sub.subset(font)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(path)  # atomic: a parallel build never reads half a file
    return path


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def pages_pdf(pages: list[ChartPage], *, title: str, text: str) -> bytes:
    """Draw planned pages; ``text`` must hold every character printed (see :func:`chart_text`)."""
    from fpdf import FPDF

    found = fonts.cjk_fonts()
    pdf = FPDF(unit="pt")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(f"{title}组织架构图")
    pdf.set_author(LIBRARY_NAME)
    pdf.set_creator(f"orgkit {__version__}")
    pdf.set_producer(f"orgkit {__version__}")
    pdf.set_lang("zh-CN")
    pdf.set_auto_page_break(False)
    pdf.add_font("noto", "", str(_subset(found.regular, text)))
    pdf.add_font("noto", "B", str(_subset(found.bold, text)))
    for font in pdf.fonts.values():
        # fpdf2 subsets again on output; recomputing every glyph's bounds then costs 0.2 s a file,
        # and the prepared subset's bounds are already right (a little generous at most).
        font.ttfont.recalcBBoxes = False  # type: ignore[union-attr]
    total = len(pages)
    for number, page in enumerate(pages, 1):
        pw, ph = PAPER_PT[page.paper]
        pdf.add_page(orientation="L", format=page.paper.lower())
        s = page.scale * PX_PT
        # Centre the drawing in the area above the footer.
        ox = (pw - page.scene.width * s) / 2
        oy = PAGE_MARGIN + max(0.0, (ph - 2 * PAGE_MARGIN - FOOTER - page.scene.height * s) / 2)
        _draw(pdf, page, ox, oy, s)
        pdf.set_font("noto", "", 8)
        pdf.set_text_color(87, 96, 106)
        footer = f"{LIBRARY_NAME} v{__version__} · 第 {number} 页，共 {total} 页"
        pdf.text((pw - pdf.get_string_width(footer)) / 2, ph - PAGE_MARGIN, footer)
    return bytes(pdf.output())


def _draw(pdf: object, page: ChartPage, ox: float, oy: float, s: float) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    for shape in page.scene.shapes:
        if isinstance(shape, Rect):
            pdf.set_draw_color(*_rgb(shape.stroke))
            pdf.set_fill_color(*_rgb(shape.fill))
            pdf.set_line_width(shape.width * s)
            pdf.set_dash_pattern(*((shape.dash[0] * s, shape.dash[1] * s) if shape.dash else (0, 0)))
            x, y, w, h = ox + shape.x * s, oy + shape.y * s, shape.w * s, shape.h * s
            if shape.rx > 0:
                pdf.rect(x, y, w, h, style="DF", round_corners=True, corner_radius=shape.rx * s)
            else:
                pdf.rect(x, y, w, h, style="DF")
        elif isinstance(shape, Polyline):
            pdf.set_draw_color(*_rgb(shape.stroke))
            pdf.set_line_width(shape.width * s)
            dash = shape.dash or DASHES["solid"]
            pdf.set_dash_pattern(*((dash[0] * s, dash[1] * s) if dash else (0, 0)))
            pts = [(ox + x * s, oy + y * s) for x, y in shape.points]
            pdf.polyline(pts, style="D")
            if shape.arrow and len(pts) >= 2:
                pdf.set_dash_pattern(0, 0)
                pdf.set_fill_color(*_rgb(shape.stroke))
                (x0, y0), (x1, y1) = pts[-2], pts[-1]
                length = max(abs(x1 - x0) + abs(y1 - y0), 1e-6)
                ux, uy = (x1 - x0) / length, (y1 - y0) / length
                size = 7 * s
                bx, by = x1 - ux * size, y1 - uy * size
                pdf.polygon([(x1, y1), (bx - uy * size / 2, by + ux * size / 2), (bx + uy * size / 2, by - ux * size / 2)], style="F")
        elif isinstance(shape, Label):
            pdf.set_font("noto", "B" if shape.bold else "", shape.size * s)
            pdf.set_text_color(*_rgb(shape.color))
            x = ox + shape.x * s
            if shape.anchor == "middle":
                x -= pdf.get_string_width(shape.text) / 2
            pdf.text(x, oy + shape.baseline * s, shape.text)
    pdf.set_dash_pattern(0, 0)


def chart_pdf(root: Node, title: str, *, text: str | None = None) -> bytes:
    """The chart as PDF pages (A4 or A3 landscape, split when too wide); ``text`` as for :func:`pages_pdf`."""
    return pages_pdf(plan(root, title), title=title, text=text if text is not None else chart_text([(root, title)]))
