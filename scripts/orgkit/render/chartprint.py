"""The chart as a printable picture: one scene, drawn as a flat SVG, a PNG and PDF pages.

:func:`orgkit.render.chart.layout` places the boxes once; :func:`scene` turns a
layout into plain drawing operations (rectangles, lines, text) with the light
theme's colours written out, so renderers without CSS (resvg, Word, WPS,
LibreOffice, the PDF writer) draw exactly what the site shows. :func:`plan`
decides the paper: A4 landscape when the chart fits it with legible text, else
A3 landscape, else an overview page and one page per sub-tree.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from orgkit.model import NODE_KIND_LABELS, Node
from orgkit.render import fonts
from orgkit.render.chart import (
    FONT_SIZE,
    KIND_COLORS,
    KIND_ORDER,
    KIND_SHAPE,
    LEGEND_FONT,
    LEGEND_ROW,
    LINE_HEIGHT,
    MARGIN,
    Layout,
    esc,
    fmt,
    layout,
    text_width_em,
)

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

LINE_COLOR = "#5f6b7a"
DOTTED_COLOR = "#b0641c"
MUTED = "#57606a"
TITLE_FONT = 18.0
TITLE_BAND = 40.0
#: Where the baseline sits below a line's centre, in em: Noto CJK's ideographic box is 0.88 up, 0.12 down.
BASELINE_SHIFT = 0.36
DASHES: dict[str, tuple[float, ...]] = {"solid": (), "dashed": (6.0, 4.0), "dotted": (1.5, 3.5)}


# ---------------------------------------------------------------------------
# Scene


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    rx: float
    fill: str
    stroke: str
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    dash: tuple[float, ...] = ()
    arrow: bool = False


@dataclass(frozen=True)
class Label:
    """One line of text; ``y`` is the line's vertical centre."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    color: str
    anchor: Literal["middle", "start"] = "middle"

    @property
    def baseline(self) -> float:
        return self.y + BASELINE_SHIFT * self.size


@dataclass
class Scene:
    width: float
    height: float
    title: str
    shapes: list[Rect | Polyline | Label] = field(default_factory=list)

    def labels(self) -> list[Label]:
        return [s for s in self.shapes if isinstance(s, Label)]


def scene(lay: Layout, *, title: str, heading: str | None = None, legend: bool = True) -> Scene:
    """Drawing operations for a layout: ``heading`` above (when given), legend below."""
    top = TITLE_BAND if heading else 0.0
    out: list[Rect | Polyline | Label] = []
    if heading:
        out.append(Label(MARGIN, TITLE_BAND / 2 + 4, heading, TITLE_FONT, True, "#24292f", "start"))
    # Dotted and dashed lines first: where they share a trunk with a solid one, the solid one wins.
    for style in ("dotted", "dashed", "solid"):
        for c in lay.connectors:
            if c.style != style or not c.segments:
                continue
            color = DOTTED_COLOR if style == "dotted" else LINE_COLOR
            width = 1.8 if style == "dotted" else 1.4
            out.append(Polyline(tuple((x, y + top) for x, y in c.points), color, width, DASHES[style], arrow=style == "dotted"))
    for b in lay.boxes:
        fill, stroke, color = KIND_COLORS[b.node.kind]
        rx, stroke_w, weight = KIND_SHAPE[b.node.kind]
        dash = (5.0, 2.0) if b.node.kind == "supervisor" else ()
        out.append(Rect(b.x, b.y + top, b.w, b.h, min(rx, b.h / 2), fill, stroke, stroke_w, dash))
        first = b.cy + top - (len(b.lines) - 1) * LINE_HEIGHT / 2
        out += [Label(b.cx, first + k * LINE_HEIGHT, line, FONT_SIZE, weight >= 600, color) for k, line in enumerate(b.lines)]
    height = lay.height + top
    width = lay.width
    if legend:
        items = _legend(lay)
        x, y = MARGIN, height
        for kind, text in items:
            w = 28 + 6 + text_width_em(text) * LEGEND_FONT + 18
            if x > MARGIN and x + w > width - MARGIN:
                x, y = MARGIN, y + LEGEND_ROW
            mid = y + LEGEND_ROW / 2
            if kind in KIND_COLORS:
                fill, stroke, _c = KIND_COLORS[kind]
                rx, stroke_w, _w = KIND_SHAPE[kind]
                out.append(Rect(x, mid - 7, 28, 14, min(rx, 7), fill, stroke, stroke_w, (5.0, 2.0) if kind == "supervisor" else ()))
            else:
                color = DOTTED_COLOR if kind == "dotted" else LINE_COLOR
                out.append(Polyline(((x, mid), (x + 28, mid)), color, 1.4, DASHES[kind]))
            out.append(Label(x + 34, mid, text, LEGEND_FONT, False, MUTED, "start"))
            x += w
        if items:
            height = y + LEGEND_ROW + MARGIN / 2
    if heading:
        width = max(width, MARGIN * 2 + text_width_em(heading) * TITLE_FONT)
    return Scene(round(width, 1), round(height, 1), title, out)


def _legend(lay: Layout) -> list[tuple[str, str]]:
    kinds = {b.node.kind for b in lay.boxes}
    items = [(k, NODE_KIND_LABELS[k]) for k in KIND_ORDER if k in kinds]
    styles = {c.style for c in lay.connectors}
    if "dashed" in styles:
        items.append(("dashed", "监督（虚线）"))
    if "dotted" in styles:
        items.append(("dotted", "虚线汇报（点线）"))
    return items


# ---------------------------------------------------------------------------
# Flat SVG and PNG


def _dash(d: Sequence[float]) -> str:
    return f' stroke-dasharray="{" ".join(fmt(v) for v in d)}"' if d else ""


def flat_svg(sc: Scene) -> str:
    """The scene as SVG with presentation attributes only: no CSS, no variables, no external fonts."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(sc.width)} {fmt(sc.height)}" '
        f'width="{fmt(sc.width)}" height="{fmt(sc.height)}" font-family="{fonts.FAMILY}, Microsoft YaHei, PingFang SC, sans-serif">',
        f"<title>{esc(sc.title)}</title>",
        f'<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">'
        f'<path d="M0 0L8 4L0 8z" fill="{DOTTED_COLOR}"/></marker></defs>',
        f'<rect width="{fmt(sc.width)}" height="{fmt(sc.height)}" fill="#ffffff"/>',
    ]
    for s in sc.shapes:
        if isinstance(s, Rect):
            out.append(
                f'<rect x="{fmt(s.x)}" y="{fmt(s.y)}" width="{fmt(s.w)}" height="{fmt(s.h)}" rx="{fmt(s.rx)}" '
                f'fill="{s.fill}" stroke="{s.stroke}" stroke-width="{fmt(s.width)}"{_dash(s.dash)}/>'
            )
        elif isinstance(s, Polyline):
            pts = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in s.points)
            cap = ' stroke-linecap="round"' if s.dash == DASHES["dotted"] else ""
            marker = ' marker-end="url(#arrow)"' if s.arrow else ""
            out.append(f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" stroke-width="{fmt(s.width)}"{_dash(s.dash)}{cap}{marker}/>')
        else:
            weight = ' font-weight="bold"' if s.bold else ""
            out.append(
                f'<text x="{fmt(s.x)}" y="{fmt(s.baseline)}" font-size="{fmt(s.size)}"{weight} fill="{s.color}" '
                f'text-anchor="{s.anchor}">{esc(s.text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


#: The PNG is drawn at twice the layout's pixel size: sharp on high-density screens and when pasted into slides.
PNG_ZOOM = 2
#: 2 × 96 dpi, written into the PNG so Word and WPS place it at the layout's size.
PNG_DPI = 192
#: zlib's fastest family of levels (1–3): over the library, half the encoding time of level 6 for
#: files about a third larger (49 KB instead of 36 KB a chart on average). Level 4 and up cost as much as 6.
PNG_COMPRESS_LEVEL = 3


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _dashed(points: Sequence[tuple[float, float]], dash: Sequence[float]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The drawn pieces of an orthogonal polyline under a dash pattern (the pattern runs on across corners)."""
    out = []
    pattern = list(dash)
    k, left, on = 0, pattern[0], True
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = abs(x1 - x0) + abs(y1 - y0)
        pos = 0.0
        while pos < length - 1e-9:
            step = min(left, length - pos)
            if on:
                a, b = pos / length, (pos + step) / length
                out.append(((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)))
            pos += step
            left -= step
            if left <= 1e-9:
                k = (k + 1) % len(pattern)
                left, on = pattern[k], not on
    return out


class RasterFonts:
    """Pillow's Noto CJK faces by weight and pixel size, each opened on first use.

    Opening a face reads the collection's tables again; whoever draws many pictures (the
    site: one per template) makes one of these and passes it to every :func:`png` call.
    """

    def __init__(self) -> None:
        self._faces: dict[tuple[bool, int], FreeTypeFont] = {}

    def get(self, bold: bool, pixels: int) -> FreeTypeFont:
        if (bold, pixels) not in self._faces:
            from PIL import ImageFont  # imported here: only the chart images need Pillow

            found = fonts.cjk_fonts()
            face = found.bold if bold else found.regular
            # Pillow's basic layout, not Raqm: the labels are Chinese with a few Latin acronyms, which
            # need no shaping; it draws them a third faster, only without kerning between Latin letters.
            self._faces[bold, pixels] = ImageFont.truetype(str(face.path), pixels, index=face.index, layout_engine=ImageFont.Layout.BASIC)
        return self._faces[bold, pixels]


#: Anti-aliased text gets this many steps from the colour under it to its own (the ends included).
TEXT_SHADES = 16

RGB = tuple[int, int, int]


def _palette(flat: set[RGB], pairs: set[tuple[RGB, RGB]]) -> list[RGB]:
    """Every flat colour exactly, then for each (text, background) pair the shades between them.

    Pillow draws boxes and lines without anti-aliasing, so text edges are the only other
    colours in the picture. Fewer shades only if a chart ever had too many pairs for 256 colours.
    """
    shades = TEXT_SHADES
    while len(flat) + len(pairs) * (shades - 1) > 256 and shades > 2:
        shades //= 2
    colors = dict.fromkeys(sorted(flat))
    for fg, bg in sorted(pairs):
        for k in range(1, shades):
            colors[tuple(round(b + (f - b) * k / shades) for f, b in zip(fg, bg, strict=True))] = None  # type: ignore[index]
    return list(colors)[:256]


def png(sc: Scene, zoom: int = PNG_ZOOM, *, faces: RasterFonts | None = None) -> bytes:
    """Rasterise a scene with Pillow and Noto CJK (never system fonts, so the same bytes everywhere).

    Pillow rather than an SVG rasteriser: the chart is boxes, orthogonal lines and text, which
    Pillow draws crisply at 2×, and it encodes a large PNG ten times faster (the site makes one per template).
    ``faces``: the fonts to draw with, shared between pictures (see :class:`RasterFonts`).
    """
    from PIL import Image, ImageDraw  # imported here: only the chart images need Pillow

    faces = faces or RasterFonts()
    z = float(zoom)
    image = Image.new("RGB", (round(sc.width * z), round(sc.height * z)), "#ffffff")
    draw = ImageDraw.Draw(image)
    flat: set[RGB] = {(255, 255, 255)}
    pairs: set[tuple[RGB, RGB]] = set()
    for s in sc.shapes:
        if isinstance(s, Rect):
            box = (s.x * z, s.y * z, (s.x + s.w) * z, (s.y + s.h) * z)
            width = max(1, round(s.width * z))
            flat |= {_rgb(s.fill), _rgb(s.stroke)}
            draw.rounded_rectangle(box, radius=s.rx * z, fill=_rgb(s.fill), outline=None if s.dash else _rgb(s.stroke), width=width)
            if s.dash:
                x0, y0, x1, y1 = box
                corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
                for a, b in _dashed(corners, [d * z for d in s.dash]):
                    draw.line([a, b], fill=_rgb(s.stroke), width=width)
        elif isinstance(s, Polyline):
            pts = [(x * z, y * z) for x, y in s.points]
            width = max(1, round(s.width * z))
            flat.add(_rgb(s.stroke))
            if s.dash:
                for a, b in _dashed(pts, [d * z for d in s.dash]):
                    draw.line([a, b], fill=_rgb(s.stroke), width=width)
            else:
                draw.line(pts, fill=_rgb(s.stroke), width=width, joint="curve")
            if s.arrow and len(pts) >= 2:
                _arrow(draw, pts[-2], pts[-1], 7 * z, _rgb(s.stroke))
        else:
            anchor = "ms" if s.anchor == "middle" else "ls"
            # What the text's edges blend into: the pixel at the line's centre, before the text is drawn.
            under = (min(max(round(s.x * z), 0), image.width - 1), min(max(round(s.y * z), 0), image.height - 1))
            pairs.add((_rgb(s.color), image.getpixel(under)))  # type: ignore[arg-type]
            flat.add(_rgb(s.color))
            draw.text((s.x * z, s.baseline * z), s.text, font=faces.get(s.bold, round(s.size * zoom)), fill=_rgb(s.color), anchor=anchor)
    # A palette image: a third of the size of RGB and quicker to compress. The palette is known
    # from the scene, so mapping to it is exact for the flat colours and far cheaper than a quantiser.
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for color in _palette(flat, pairs) for v in color])
    indexed = image.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, "PNG", dpi=(PNG_DPI * zoom // PNG_ZOOM,) * 2, compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def _arrow(draw: object, a: tuple[float, float], b: tuple[float, float], size: float, color: tuple[int, int, int]) -> None:
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    back = (x1 - ux * size, y1 - uy * size)
    half = size / 2
    draw.polygon([(x1, y1), (back[0] - uy * half, back[1] + ux * half), (back[0] + uy * half, back[1] - ux * half)], fill=color)  # type: ignore[attr-defined]


#: The last few layouts, by chart identity: one org's PNG, SVG, PDF and slides share one layout.
_LAYOUTS: dict[int, tuple[Node, Layout]] = {}


def shared_layout(root: Node) -> Layout:
    """``layout(root)``, computed once for the outputs of one chart (nodes are immutable)."""
    hit = _LAYOUTS.get(id(root))
    if hit is not None and hit[0] is root:
        return hit[1]
    if len(_LAYOUTS) >= 4:
        _LAYOUTS.clear()
    lay = layout(root)
    _LAYOUTS[id(root)] = (root, lay)
    return lay


def chart_png(root: Node, title: str, *, faces: RasterFonts | None = None) -> bytes:
    """The whole chart, titled, as a 2× PNG; ``faces`` as for :func:`png`."""
    return png(scene(shared_layout(root), title=title, heading=title), faces=faces)


def chart_svg(root: Node, title: str) -> str:
    """The whole chart as a flat SVG (for Word's svgBlip and other CSS-less viewers)."""
    return flat_svg(scene(shared_layout(root), title=title, heading=title))


# ---------------------------------------------------------------------------
# Paper

Paper = Literal["A4", "A3"]
#: Landscape sizes in points.
PAPER_PT: dict[str, tuple[float, float]] = {"A4": (841.89, 595.28), "A3": (1190.55, 841.89)}
PAGE_MARGIN = 28.0  # 1 cm
FOOTER = 16.0
PX_PT = 0.75  # CSS pixel → point
#: The smallest box text worth printing, in points; below it a chart goes on bigger paper or is split.
MIN_TEXT_PT = 7.0
MIN_SCALE = MIN_TEXT_PT / (FONT_SIZE * PX_PT)


@dataclass
class ChartPage:
    """One printed page: its scene, paper and the scale from scene px to points."""

    scene: Scene
    paper: Paper
    scale: float
    #: What the scene was drawn from: the slides place their shapes from it.
    layout: Layout


def fit_scale(sc: Scene, paper: Paper, *, grow: bool = False) -> float:
    """Scene px × scale × 0.75 = points on ``paper`` (landscape, inside the margins); at most 1 unless ``grow``."""
    pw, ph = PAPER_PT[paper]
    s = min((pw - 2 * PAGE_MARGIN) / (sc.width * PX_PT), (ph - 2 * PAGE_MARGIN - FOOTER) / (sc.height * PX_PT))
    return s if grow else min(s, 1.0)


def _page(lay: Layout, title: str, heading: str, *, force: bool = False) -> ChartPage | None:
    """The smallest paper that prints ``lay`` with legible text; A3 scaled to fit when ``force``."""
    sc = scene(lay, title=title, heading=heading)
    for paper in ("A4", "A3"):
        s = fit_scale(sc, paper)  # type: ignore[arg-type]
        if s >= MIN_SCALE:
            return ChartPage(sc, paper, s, lay)  # type: ignore[arg-type]
    return ChartPage(sc, "A3", fit_scale(sc, "A3"), lay) if force else None


def split_point(root: Node) -> Node:
    """The first unit with two or more children: the chart's top rows hang above it."""
    node = root
    while len(node.children) == 1:
        node = node.children[0]
    return node


def _prune(node: Node, stop: Node, branches: dict[int, int]) -> Node:
    """A copy of the chart down to ``stop``'s children; a child with a page of its own names it."""
    if node is stop:
        kids = []
        for child in node.children:
            page = branches.get(id(child))
            title = f"{child.title}（见第 {page} 页）" if page else child.title
            kids.append(child.model_copy(update={"title": title, "children": [], "staff": []}))
        return node.model_copy(update={"children": kids})
    return node.model_copy(update={"children": [_prune(c, stop, branches) for c in node.children]})


def plan(root: Node, title: str) -> list[ChartPage]:
    """The pages for a chart: one page (A4, else A3 landscape), or an overview page and one per sub-tree."""
    whole = _page(shared_layout(root), title, f"{title}组织架构图")
    if whole is not None:
        return [whole]
    stop = split_point(root)
    branches = [c for c in stop.children if c.children or c.staff]
    numbers = {id(c): k for k, c in enumerate(branches, 2)}
    pages = [_page(layout(_prune(root, stop, numbers)), title, f"{title}组织架构图（总览）", force=True)]
    # A sub-tree still too big for A3 is scaled to fit rather than split again: one level of pages reads best.
    pages += [_page(layout(child), title, f"{title}组织架构图：{child.title}", force=True) for child in branches]
    return [p for p in pages if p is not None]
