"""The chart as a vector PDF: the pages :func:`orgkit.render.chartprint.plan` chose, written directly.

Boxes, lines and text stay vectors; the text is real text in embedded Noto Sans
CJK SC, so it can be searched, copied and read aloud. The PDF is written by hand
(like the Word files) from a handful of objects: a PDF library would subset the
font again for every file, which cost a quarter of a second each. Here the
faces are cut down once, with fontTools, to the characters the caller names
(every chart's characters: see :func:`chart_text`), and that subset is
embedded as it is (a CID-keyed CFF font, ``/CIDFontType0C``), with a ToUnicode
map so text extraction gives the titles back.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orgkit import __version__
from orgkit.model import NODE_KIND_LABELS, Node
from orgkit.render import fonts
from orgkit.render.chartprint import FOOTER, PAGE_MARGIN, PAPER_PT, PX_PT, ChartPage, Label, Polyline, Rect, plan

LIBRARY_NAME = "组织架构模板库"
#: zlib level of every stream.
STREAM_LEVEL = 6
#: Fixed, so the same library gives the same bytes.
PDF_DATE = "D:20240101000000Z"
#: Text every chart PDF may print besides the charts' own titles: headings, footer, legend.
FIXED_TEXT = "0123456789 组织架构图总览：（见第页）共，·v.…" + LIBRARY_NAME + "".join(NODE_KIND_LABELS.values()) + "监督（虚线）虚线汇报（点线）"


def chart_text(roots: Iterable[tuple[Node, str]]) -> str:
    """Every character the PDFs of these charts (root, title) can print, sorted."""
    texts = [FIXED_TEXT, __version__]
    for root, title in roots:
        texts.append(title)
        # A plain stack rather than walk_chart: only titles are needed, and every org's PDF asks for the whole library's.
        stack = [root]
        while stack:
            node = stack.pop()
            texts.append(node.title)
            stack += node.staff
            stack += node.children
    return "".join(sorted(set("".join(texts))))


# ---------------------------------------------------------------------------
# The embedded font


@dataclass(frozen=True)
class PdfFont:
    """A cut-down face ready to embed: CFF bytes, and per character its CID and advance (1/1000 em)."""

    name: str
    cff: bytes
    #: ``cff`` deflated as the PDF's font stream: the same bytes in every chart's PDF, so compressed once.
    packed_cff: bytes
    cids: dict[str, int]
    widths: dict[int, int]
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.cids.get(ch, 0), 1000) for ch in text) * size / 1000

    def encode(self, text: str) -> str:
        return "".join(f"{self.cids.get(ch, 0):04X}" for ch in text)


def _subset_file(face: fonts.Face, text: str) -> Path:
    """The face cut down to ``text``, kept in the temporary folder under a name made of the
    font file's identity and the text: the next build reuses it instead of reading the 20 MB collection."""
    stat = face.path.stat()
    key = f"subset-1:{face.path}:{stat.st_size}:{stat.st_mtime_ns}:{face.index}:{text}"
    path = Path(tempfile.gettempdir()) / "orgkit-fonts" / f"{face.path.stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.otf"
    if path.is_file():
        return path
    from fontTools import subset

    font = fonts.open_face(face)
    options = subset.Options()
    options.layout_features = []  # the titles need no shaping; keeps the file small
    options.name_IDs = ["*"]
    options.hinting = False
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text=text)
    sub.subset(font)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(path)  # atomic: a parallel build never reads half a file
    return path


@lru_cache(maxsize=8)
def pdf_font(face: fonts.Face, text: str) -> PdfFont:
    from fontTools.ttLib import TTFont

    font = TTFont(str(_subset_file(face, text)))
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        raise fonts.FontMissing(f"{face.path} 不是 CID 字体，无法嵌入 PDF")
    hmtx = font["hmtx"].metrics
    cids: dict[str, int] = {}
    widths: dict[int, int] = {0: hmtx[".notdef"][0]}
    for code, glyph in font.getBestCmap().items():
        cid = int(glyph[3:]) if glyph.startswith("cid") else 0
        cids[chr(code)] = cid
        widths[cid] = hmtx[glyph][0]
    os2 = font["OS/2"]
    # The collection's faces share one CFF program (named for Japanese); name the face actually used.
    name = str(font["name"].getDebugName(6) or cff.fontNames[0])
    return PdfFont(
        name=name,
        cff=font.reader["CFF "],
        packed_cff=zlib.compress(font.reader["CFF "], STREAM_LEVEL),
        cids=cids,
        widths=widths,
        bbox=tuple(int(v) for v in top.FontBBox),  # type: ignore[arg-type]
        ascent=int(os2.sTypoAscender),
        descent=int(os2.sTypoDescender),
        cap_height=int(getattr(os2, "sCapHeight", 733) or 733),
    )


# ---------------------------------------------------------------------------
# PDF objects


def _pdf_text(text: str) -> str:
    """A text string as UTF-16BE hex with a byte-order mark (titles are Chinese)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def _rgb(color: str) -> str:
    return " ".join(_num(int(color[k : k + 2], 16) / 255) for k in (1, 3, 5))


class _Writer:
    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def put(self, body: str | bytes, ref: int | None = None) -> int:
        data = body.encode("latin-1") if isinstance(body, str) else body
        if ref is None:
            self.objects.append(data)
            return len(self.objects)
        self.objects[ref - 1] = data
        return ref

    def stream(self, data: bytes, extra: str = "", ref: int | None = None) -> int:
        return self.packed_stream(zlib.compress(data, STREAM_LEVEL), extra, ref)

    def packed_stream(self, packed: bytes, extra: str = "", ref: int | None = None) -> int:
        """A stream whose data is already deflated (at ``STREAM_LEVEL``, as :meth:`stream` does)."""
        return self.put(f"<</Length {len(packed)} /Filter /FlateDecode{extra}>>\nstream\n".encode() + packed + b"\nendstream", ref)

    def to_bytes(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for k, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
        # The file id is a digest of the content: stable across builds, different between files.
        digest = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().upper()
        out += f"trailer\n<</Size {len(self.objects) + 1} /Root {root} 0 R /Info {info} 0 R /ID [<{digest}> <{digest}>]>>\n".encode()
        out += f"startxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


def _font_objects(w: _Writer, font: PdfFont, used: set[int], tag: str) -> int:
    """Type0 font over a CIDFontType0 with the CFF program, widths of the used CIDs and a ToUnicode map."""
    file_ref = w.packed_stream(font.packed_cff, " /Subtype /CIDFontType0C")
    base = f"{tag}+{font.name}"
    x0, y0, x1, y1 = font.bbox
    descriptor = w.put(
        f"<</Type /FontDescriptor /FontName /{base} /Flags 4 /FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 "
        f"/Ascent {font.ascent} /Descent {font.descent} /CapHeight {font.cap_height} /StemV 80 /FontFile3 {file_ref} 0 R>>"
    )
    widths = " ".join(f"{cid} [{font.widths.get(cid, 1000)}]" for cid in sorted(used))
    cid_font = w.put(
        f"<</Type /Font /Subtype /CIDFontType0 /BaseFont /{base} /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "
        f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}]>>"
    )
    to_unicode = {cid: ch for ch, cid in font.cids.items() if cid in used}
    lines = [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for cid, ch in sorted(to_unicode.items())]
    chunks = [lines[k : k + 100] for k in range(0, len(lines), 100)]
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
        + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    cmap_ref = w.stream(cmap.encode("ascii"))
    return w.put(f"<</Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H /DescendantFonts [{cid_font} 0 R] /ToUnicode {cmap_ref} 0 R>>")


# ---------------------------------------------------------------------------
# Drawing

_K = 0.5523  # Bézier handle length for a quarter circle


def _rect_path(x: float, y: float, w: float, h: float, r: float) -> str:
    """A rectangle with rounded corners, in PDF coordinates (y up, ``y`` the bottom edge)."""
    if r <= 0:
        return f"{_num(x)} {_num(y)} {_num(w)} {_num(h)} re"
    r = min(r, w / 2, h / 2)
    k = r * _K
    x1, y1 = x + w, y + h
    n = _num
    return (
        f"{n(x + r)} {n(y)} m {n(x1 - r)} {n(y)} l {n(x1 - r + k)} {n(y)} {n(x1)} {n(y + r - k)} {n(x1)} {n(y + r)} c "
        f"{n(x1)} {n(y1 - r)} l {n(x1)} {n(y1 - r + k)} {n(x1 - r + k)} {n(y1)} {n(x1 - r)} {n(y1)} c "
        f"{n(x + r)} {n(y1)} l {n(x + r - k)} {n(y1)} {n(x)} {n(y1 - r + k)} {n(x)} {n(y1 - r)} c "
        f"{n(x)} {n(y + r)} l {n(x)} {n(y + r - k)} {n(x + r - k)} {n(y)} {n(x + r)} {n(y)} c h"
    )


def _content(page: ChartPage, number: int, total: int, regular: PdfFont, bold: PdfFont, used: dict[str, set[int]]) -> bytes:
    pw, ph = PAPER_PT[page.paper]
    s = page.scale * PX_PT
    ox = (pw - page.scene.width * s) / 2
    oy = PAGE_MARGIN + max(0.0, (ph - 2 * PAGE_MARGIN - FOOTER - page.scene.height * s) / 2)

    def X(v: float) -> float:
        return ox + v * s

    def Y(v: float) -> float:  # PDF's y runs upwards
        return ph - (oy + v * s)

    ops: list[str] = ["1 J 1 j"]  # round caps and joins, as the SVG's dotted lines have

    def text(x: float, y: float, t: str, size: float, is_bold: bool, color: str, middle: bool) -> None:
        font = bold if is_bold else regular
        key = "F2" if is_bold else "F1"
        used[key].update(font.cids.get(ch, 0) for ch in t)
        if middle:
            x -= font.width(t, size) / 2
        ops.append(f"BT /{key} {_num(size)} Tf {_rgb(color)} rg 1 0 0 1 {_num(x)} {_num(y)} Tm <{font.encode(t)}> Tj ET")

    for shape in page.scene.shapes:
        if isinstance(shape, Rect):
            dash = f"[{_num(shape.dash[0] * s)} {_num(shape.dash[1] * s)}] 0 d" if shape.dash else "[] 0 d"
            path = _rect_path(X(shape.x), Y(shape.y + shape.h), shape.w * s, shape.h * s, shape.rx * s)
            ops.append(f"{_rgb(shape.fill)} rg {_rgb(shape.stroke)} RG {_num(shape.width * s)} w {dash} {path} B")
        elif isinstance(shape, Polyline):
            dash = f"[{' '.join(_num(d * s) for d in shape.dash)}] 0 d" if shape.dash else "[] 0 d"
            pts = [(X(x), Y(y)) for x, y in shape.points]
            path = f"{_num(pts[0][0])} {_num(pts[0][1])} m " + " ".join(f"{_num(x)} {_num(y)} l" for x, y in pts[1:])
            ops.append(f"{_rgb(shape.stroke)} RG {_num(shape.width * s)} w {dash} {path} S")
            if shape.arrow and len(pts) >= 2:
                (x0, y0), (x1, y1) = pts[-2], pts[-1]
                length = math.hypot(x1 - x0, y1 - y0) or 1.0
                ux, uy, size = (x1 - x0) / length, (y1 - y0) / length, 7 * s
                bx, by = x1 - ux * size, y1 - uy * size
                tri = [(x1, y1), (bx - uy * size / 2, by + ux * size / 2), (bx + uy * size / 2, by - ux * size / 2)]
                corners = " ".join(f"{_num(x)} {_num(y)} {op}" for (x, y), op in zip(tri, ("m", "l", "l"), strict=True))
                ops.append(f"{_rgb(shape.stroke)} rg {corners} h f")
        elif isinstance(shape, Label):
            text(X(shape.x), Y(shape.baseline), shape.text, shape.size * s, shape.bold, shape.color, shape.anchor == "middle")
    footer = f"{LIBRARY_NAME} v{__version__} · 第 {number} 页，共 {total} 页"
    text(pw / 2, PAGE_MARGIN, footer, 8, False, "#57606a", True)
    return "\n".join(ops).encode("ascii")


def pages_pdf(pages: list[ChartPage], *, title: str, text: str) -> bytes:
    """Write planned pages; ``text`` must hold every character printed (see :func:`chart_text`)."""
    found = fonts.cjk_fonts()
    regular, bold = pdf_font(found.regular, text), pdf_font(found.bold, text)
    w = _Writer()
    catalog, pages_ref = w.reserve(), w.reserve()
    used: dict[str, set[int]] = {"F1": {0}, "F2": {0}}
    contents = [_content(p, k, len(pages), regular, bold, used) for k, p in enumerate(pages, 1)]
    # The subset tag names the glyphs used, as PDF wants: six capitals from their digest.
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(sorted(used["F1"] | used["F2"])).encode()).digest()[:6])
    f1 = _font_objects(w, regular, used["F1"], tag)
    f2 = _font_objects(w, bold, used["F2"], tag)
    kids = []
    for page, data in zip(pages, contents, strict=True):
        pw, ph = PAPER_PT[page.paper]
        content = w.stream(data)
        kids.append(
            w.put(
                f"<</Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
                f"/Resources <</Font <</F1 {f1} 0 R /F2 {f2} 0 R>>>> /Contents {content} 0 R>>"
            )
        )
    w.put(f"<</Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)}>>", pages_ref)
    w.put(f"<</Type /Catalog /Pages {pages_ref} 0 R /Lang (zh-CN) /ViewerPreferences <</DisplayDocTitle true>>>>", catalog)
    info = w.put(
        f"<</Title {_pdf_text(title + '组织架构图')} /Author {_pdf_text(LIBRARY_NAME)} /Creator (orgkit {__version__}) "
        f"/Producer (orgkit {__version__}) /CreationDate ({PDF_DATE}) /ModDate ({PDF_DATE})>>"
    )
    return w.to_bytes(catalog, info)


def chart_pdf(root: Node, title: str, *, text: str | None = None) -> bytes:
    """The chart as PDF pages (A4 or A3 landscape, split when too wide); ``text`` as for :func:`pages_pdf`."""
    return pages_pdf(plan(root, title), title=title, text=text if text is not None else chart_text([(root, title)]))
