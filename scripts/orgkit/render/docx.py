"""Word documents: a role's 岗位说明书 form and an org template's unit list.

Three things matter more here than in the other renderers:

* CJK fonts. Word picks the font for Chinese characters from ``w:eastAsia``;
  python-docx's ``font.name`` only sets ``w:ascii``/``w:hAnsi``, and the stock
  template uses *theme* fonts, which win over explicit names. So every style and
  every run gets explicit ``w:ascii``/``w:hAnsi``/``w:eastAsia`` and the theme
  attributes are removed.
* The paper. The stock template is US Letter; Chinese offices print on A4.
* Reproducibility. The site is rebuilt on every push; the same library must give
  byte-identical files (core-property dates and zip timestamps are fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from orgkit import __version__
from orgkit.load import Library
from orgkit.model import NODE_KIND_LABELS, Org, Role, walk_chart
from orgkit.render import text as spec

LIBRARY_NAME = "组织架构模板库"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

#: Every generated file carries this date, so rebuilding changes nothing.
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

# (Latin, East Asian) font pairs: the usual Chinese office pairing 宋体 + Times New
# Roman, 黑体 + Arial. The English names are used on purpose: Word and WPS resolve
# SimSun to 宋体 on any Windows, while fontconfig (LibreOffice on Linux) knows
# SimSun as a serif and maps it to a CJK serif, but does not know “宋体” at all.
BODY_FONT = ("Times New Roman", "SimSun")
HEADING_FONT = ("Arial", "SimHei")

#: fontTable entries so a viewer without the fonts substitutes a Chinese serif/sans
#: (Word matches by charset 86 = GB2312 and panose) and shows the Chinese names.
FONT_TABLE_ENTRIES = (
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>',
    '<w:font w:name="SimHei"><w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>',
)

# Chinese font sizes by their traditional names.
SIZE_XIAO_ER = Pt(18)  # 小二: document title
SIZE_XIAO_SI = Pt(12)  # 小四: section headings
SIZE_WU = Pt(10.5)  # 五号: body text
SIZE_XIAO_WU = Pt(9)  # 小五: header and footer

BLACK = RGBColor(0, 0, 0)
LABEL_FILL = "F2F2F2"

# A4 with the margins Word's Chinese templates use, a little narrower left/right
# so a typical spec fits on two pages.
PAGE_W, PAGE_H = Cm(21), Cm(29.7)
MARGIN_TB, MARGIN_LR = Cm(2.54), Cm(2.6)
TEXT_WIDTH = PAGE_W - 2 * MARGIN_LR


# ---------------------------------------------------------------------------
# Low-level helpers


def set_fonts(owner: BaseOxmlElement, fonts: tuple[str, str]) -> None:
    """Give a style's or run's ``w:rPr`` explicit Latin and East Asian fonts."""
    set_rfonts(owner.get_or_add_rPr().get_or_add_rFonts(), fonts)  # type: ignore[attr-defined]


def set_rfonts(rfonts: BaseOxmlElement, fonts: tuple[str, str]) -> None:
    latin, east_asia = fonts
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme_attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    # Quotes “” and the middle dot are "ambiguous" characters: without the hint
    # Word draws them in the Latin font, narrow and misaligned in Chinese text.
    rfonts.set(qn("w:hint"), "eastAsia")


# Word rejects a file whose property elements are out of schema order, so new
# elements go in before the first of their schema successors that is present.
_SHD_SUCCESSORS = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:tcPrChange")
_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    tc_pr.insert_element_before(shd, *_SHD_SUCCESSORS)


def _row_flag(table: Table, index: int, flag: str) -> None:
    """``cantSplit`` keeps a row on one page; ``tblHeader`` repeats it after a page break."""
    tr_pr = table.rows[index]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:{flag} {nsdecls('w')}/>"))


def _bottom_border(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    border = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>')
    p_pr.insert_element_before(border, *_PBDR_SUCCESSORS)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field such as PAGE; the placeholder shows until the viewer updates it."""
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:rPr>'
            f'<w:rFonts w:ascii="{BODY_FONT[0]}" w:hAnsi="{BODY_FONT[0]}" w:eastAsia="{BODY_FONT[1]}"/>'
            f"</w:rPr><w:t>{placeholder}</w:t></w:r></w:fldSimple>"
        )
    )


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack a .docx with fixed timestamps and attributes (python-docx stamps 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(fixed_zipinfo(info.filename), src.read(info.filename))
    return out.getvalue()


def fixed_zipinfo(name: str) -> zipfile.ZipInfo:
    """A zip entry that looks the same on every machine (date, creator OS, permissions)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


# ---------------------------------------------------------------------------
# Document builder


class SpecDocument:
    """A python-docx Document set up for Chinese forms, with the few blocks the specs need."""

    def __init__(self, key: str, header: str, title: str, subject: str) -> None:
        self.key = key  # seeds list ids so they are stable per document
        self.doc = Document()
        self._lists = 0
        self._drop_template_extras()
        self._setup_font_table()
        self._setup_styles()
        self._setup_page(header)
        props = self.doc.core_properties
        props.title = title
        props.subject = subject
        props.author = LIBRARY_NAME
        props.comments = f"由 orgkit {__version__} 根据{LIBRARY_NAME}生成，可按本单位实际修改。"
        props.keywords = subject
        props.category = subject
        props.language = "zh-CN"
        props.last_modified_by = "orgkit"
        props.revision = 1
        props.created = FIXED_DATE
        props.modified = FIXED_DATE

    # -- setup --------------------------------------------------------------

    def _drop_template_extras(self) -> None:
        # The stock template ships a preview image of an unrelated page (file
        # managers would show it) and a Word 2010 copy of the styles that still has
        # the theme fonts and blue headings; Word 2010 may read that copy instead.
        for rels, reltype in ((self.doc.part.package.rels, RT.THUMBNAIL), (self.doc.part.rels, STYLES_WITH_EFFECTS)):
            for rid in [rid for rid, rel in rels.items() if rel.reltype == reltype]:
                del rels[rid]

    def _setup_font_table(self) -> None:
        # python-docx keeps the font table as an opaque blob part; edit its XML directly.
        fonts = self.doc.part.part_related_by(RT.FONT_TABLE)
        element = etree.fromstring(fonts.blob)
        for entry in FONT_TABLE_ENTRIES:
            element.append(parse_xml(entry.replace("<w:font ", f"<w:font {nsdecls('w')} ", 1)))
        fonts._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        # Document defaults: what text outside any style (and pasted text) falls back to.
        rpr = styles.element.find("/".join(qn(tag) for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr")))
        if rpr is not None:
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is not None:
                set_rfonts(rfonts, BODY_FONT)
            # Chinese line breaking and proofing instead of US English.
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "zh-CN")
                lang.set(qn("w:eastAsia"), "zh-CN")

        normal = styles["Normal"]
        set_fonts(normal.element, BODY_FONT)
        normal.font.size = SIZE_WU
        pf = normal.paragraph_format
        pf.space_before, pf.space_after = Pt(0), Pt(2)
        pf.line_spacing = 1.2

        for name, size, align, before, after in (
            ("Title", SIZE_XIAO_ER, WD_ALIGN_PARAGRAPH.CENTER, Pt(0), Pt(12)),
            ("Heading 1", SIZE_XIAO_SI, None, Pt(10), Pt(4)),
        ):
            style = styles[name]
            set_fonts(style.element, HEADING_FONT)
            style.font.size = size
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = BLACK
            spf = style.paragraph_format
            spf.alignment = align
            spf.space_before, spf.space_after = before, after
            spf.line_spacing = 1.0
            spf.keep_with_next = True
            # The stock Title has a blue rule under it; a form title stands alone.
            p_pr = style.element.pPr
            if p_pr is not None:
                for border in p_pr.findall(qn("w:pBdr")):
                    p_pr.remove(border)
            rpr = style.element.rPr
            if rpr is not None:  # the stock Title is expanded and kerned like a Latin display face
                for tag in ("w:spacing", "w:kern"):
                    for el in rpr.findall(qn(tag)):
                        rpr.remove(el)

        for name in ("Header", "Footer"):
            style = styles[name]
            set_fonts(style.element, BODY_FONT)
            style.font.size = SIZE_XIAO_WU

    def _setup_page(self, header: str) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_W, PAGE_H
        section.top_margin = section.bottom_margin = MARGIN_TB
        section.left_margin = section.right_margin = MARGIN_LR
        section.header_distance = section.footer_distance = Cm(1.5)

        head = section.header.paragraphs[0]
        head.style = self.doc.styles["Header"]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(head, header)
        _bottom_border(head)

        foot = section.footer.paragraphs[0]
        foot.style = self.doc.styles["Footer"]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(foot, "第 ")
        _field(foot, "PAGE", "1")
        self.run(foot, " 页，共 ")
        _field(foot, "NUMPAGES", "1")
        self.run(foot, " 页")

    # -- blocks -------------------------------------------------------------

    def run(self, paragraph: Paragraph, text: str, *, bold: bool = False, fonts: tuple[str, str] = BODY_FONT) -> None:
        run = paragraph.add_run(text)
        set_fonts(run._r, fonts)
        if bold:
            run.bold = True

    def styled(self, style_id: str) -> Paragraph:
        # Setting pStyle directly: python-docx's by-name lookup scans all ~270
        # template styles per call and was half the build time of a spec.
        p = self.doc.add_paragraph()
        p._p.style = style_id
        return p

    def title(self, text: str) -> None:
        self.run(self.styled("Title"), text, fonts=HEADING_FONT)

    def heading(self, text: str) -> None:
        self.run(self.styled("Heading1"), text, fonts=HEADING_FONT)

    def paragraph(self, text: str, *, indent_first: bool = True) -> Paragraph:
        p = self.doc.add_paragraph()
        if indent_first:  # Chinese prose starts two characters in
            p.paragraph_format.first_line_indent = SIZE_WU * 2
        self.run(p, text)
        return p

    def numbered(self, items: Iterable[str]) -> list[Paragraph]:
        """A real Word numbered list (1. 2. 3.) that restarts at 1 for every list."""
        num_id = self._new_numbering()
        paragraphs = []
        for item in items:
            p = self.doc.add_paragraph()
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
            self.run(p, item)
            paragraphs.append(p)
        return paragraphs

    def _new_numbering(self) -> int:
        # One abstract definition per list is the sure way to restart numbering in
        # Word, WPS and LibreOffice alike (lvlOverride/startOverride is not).
        numbering = self.doc.part.numbering_part.element
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
        self._lists += 1
        nsid = zlib.crc32(f"{self.key}:{self._lists}".encode()) & 0xFFFFFFFF
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{nsid:08X}"/><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{BODY_FONT[0]}" w:hAnsi="{BODY_FONT[0]}" w:eastAsia="{BODY_FONT[1]}"/></w:rPr>'
            "</w:lvl></w:abstractNum>"
        )
        # The schema wants every abstractNum before the first num.
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        return num_id

    def table(self, rows: int, widths: Sequence[int]) -> Table:
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table._tbl.tblStyle_val = "TableGrid"  # by id, see styled()
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # fixed layout: Word and LibreOffice honour the widths
        for i, width in enumerate(widths):
            table.columns[i].width = width
            for cell in table.columns[i].cells:
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        return table

    def cell_text(self, cell: _Cell, lines: Sequence[str], *, label: bool = False) -> None:
        """Fill a cell: one paragraph per line; labels are bold, shaded and centred."""
        first = cell.paragraphs[0]
        for i, line in enumerate(lines):
            p = first if i == 0 else cell.add_paragraph()
            if label:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(p, line, bold=label)
        if label:
            _shade(cell, LABEL_FILL)

    def label_value_table(self, rows: Sequence[tuple[str, Sequence[str]]], label_width: int) -> Table:
        table = self.table(len(rows), [label_width, TEXT_WIDTH - label_width])
        for (label, lines), row in zip(rows, table.rows, strict=True):
            self.cell_text(row.cells[0], [label], label=True)
            self.cell_text(row.cells[1], lines)
        for i in range(len(rows)):
            _row_flag(table, i, "cantSplit")
        return table

    def spacer(self) -> None:
        # Word merges two adjacent tables into one; an empty paragraph keeps them apart.
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _deterministic_zip(buffer.getvalue())


def _items(items: Sequence[str]) -> list[str]:
    """Cell lines for a list field: numbered when there are several."""
    if not items:
        return [spec.NONE]
    if len(items) == 1:
        return [items[0]]
    return [f"{i}. {item}" for i, item in enumerate(items, 1)]


# ---------------------------------------------------------------------------
# 岗位说明书


def role_docx(role: Role, library: Library) -> bytes:
    """The standard 岗位说明书 form for one role."""
    d = SpecDocument(
        key=f"role:{role.id}",
        header=f"{role.title} · {LIBRARY_NAME} v{__version__}",
        title=spec.spec_title(role),
        subject="岗位说明书",
    )
    titles = iter(spec.section_titles(role))
    d.title(spec.spec_title(role))

    d.heading(next(titles))
    info = spec.basic_info(role, library)
    pairs, last = info[:-1], info[-1]  # 别名 spans the full row: alias lists run long
    label_w = Cm(2.4)
    value_w = (TEXT_WIDTH - 2 * label_w) // 2
    table = d.table(len(pairs) // 2 + 1, [label_w, value_w, label_w, value_w])
    for i, (label, value) in enumerate(pairs):
        row = table.rows[i // 2]
        d.cell_text(row.cells[(i % 2) * 2], [label], label=True)
        d.cell_text(row.cells[(i % 2) * 2 + 1], [value])
    row = table.rows[-1]
    d.cell_text(row.cells[0], [last[0]], label=True)
    merged = row.cells[1].merge(row.cells[3])
    d.cell_text(merged, [last[1]])
    for i in range(len(table.rows)):
        _row_flag(table, i, "cantSplit")

    d.heading(next(titles))
    d.paragraph(role.summary)

    d.heading(next(titles))
    d.numbered(spec.duty_line(duty) for duty in role.duties)

    d.heading(next(titles))
    d.label_value_table([(f.label, _items(f.items)) for f in spec.requirement_fields(role)], Cm(2.6))

    d.heading(next(titles))
    if role.kpis:
        d.numbered(role.kpis)
    else:
        d.paragraph(spec.NONE, indent_first=False)

    d.heading(next(titles))
    d.label_value_table([(f.label, [f.inline]) for f in spec.relation_fields(role)], Cm(2.6))

    if role.authority:
        d.heading(next(titles))
        d.numbered(role.authority)
    return d.to_bytes()


# ---------------------------------------------------------------------------
# 组织架构模板


def _kind_label(kind: str) -> str:
    # “决策机构（股东会、董事会）” → “决策机构”: the column is narrow.
    return NODE_KIND_LABELS.get(kind, kind).split("（")[0]


def org_docx(org: Org, library: Library) -> bytes:
    """An org template: overview, fit, traits, every unit with its duties, and the roles used."""
    structure = library.structures.get(org.structure)
    structure_title = structure.title if structure else org.structure
    d = SpecDocument(
        key=f"org:{org.id}",
        header=f"{org.title} · {LIBRARY_NAME} v{__version__}",
        title=f"{org.title}组织架构",
        subject="组织架构模板",
    )
    d.title(f"{org.title}组织架构")
    n = iter(spec.CN_ORDINALS)

    d.heading(f"{next(n)}、概述")
    d.paragraph(org.summary)

    d.heading(f"{next(n)}、基本信息")
    fits = org.fits
    rows: list[tuple[str, Sequence[str]]] = [
        ("范围", ["整个公司" if org.scope == "company" else "一个部门"]),
        ("结构类型", [structure_title]),
        ("适用行业", [_labels(library, "industries", fits.industries)]),
        ("适用规模", [_labels(library, "sizes", fits.sizes)]),
        ("适用阶段", [_labels(library, "stages", fits.stages)]),
        ("业务复杂度", [_labels(library, "complexity", fits.complexity)]),
    ]
    if fits.note:
        rows.append(("适用说明", [fits.note]))
    d.label_value_table(rows, Cm(2.6))

    if org.traits:
        d.heading(f"{next(n)}、特点")
        d.numbered(org.traits)

    d.heading(f"{next(n)}、组织单位及职责")
    nodes = list(walk_chart(org.chart))
    widths = [Cm(3.4), Cm(1.9), TEXT_WIDTH - Cm(3.4) - Cm(1.9) - Cm(2.6), Cm(2.6)]
    table = d.table(len(nodes) + 1, widths)
    for cell in (c for row in table.rows[1:] for c in row.cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP  # long duty lists: read top-down
    for cell, head in zip(table.rows[0].cells, ("单位", "类型", "职责", "岗位"), strict=True):
        d.cell_text(cell, [head], label=True)
    _row_flag(table, 0, "tblHeader")
    for row, (node, path, depth) in zip(table.rows[1:], nodes, strict=True):
        name = row.cells[0].paragraphs[0]
        # Indentation shows the tree; capped so deep charts still fit the column.
        name.paragraph_format.left_indent = Cm(0.4) * min(depth - 1, 6)
        d.run(name, node.title, bold=depth <= 2)
        kind = [_kind_label(node.kind) + ("（参谋）" if "staff" in path[-2:] else "")]
        if node.headcount is not None:
            kind.append(f"编制 {node.headcount} 人")
        d.cell_text(row.cells[1], kind)
        duties = _items(node.duties) if node.duties else [""]
        if node.dotted_to:
            duties.append(f"虚线汇报：{spec.LIST_JOIN.join(node.dotted_to)}")
        if node.note:
            duties.append(f"备注：{node.note}")
        d.cell_text(row.cells[2], duties)
        d.cell_text(row.cells[3], [spec.role_title(library, node.role) if node.role else ""])

    used = roles_used(org)
    if used:
        d.heading(f"{next(n)}、岗位说明书")
        d.paragraph("本模板用到以下岗位，各岗位的说明书可在模板库网站下载。", indent_first=True)
        role_widths = [Cm(4.0), Cm(3.6), Cm(3.2), TEXT_WIDTH - Cm(10.8)]
        table = d.table(len(used) + 1, role_widths)
        for cell, head in zip(table.rows[0].cells, ("岗位", "岗位族", "岗位层级", "所在单位"), strict=True):
            d.cell_text(cell, [head], label=True)
        _row_flag(table, 0, "tblHeader")
        for row, (role_id, units) in zip(table.rows[1:], used.items(), strict=True):
            role = library.roles.get(role_id)
            d.cell_text(row.cells[0], [role.title if role else role_id])
            d.cell_text(row.cells[1], [library.label("families", role.family) if role else ""])
            d.cell_text(row.cells[2], [library.label("levels", role.level) if role else ""])
            d.cell_text(row.cells[3], [spec.LIST_JOIN.join(units)])
    return d.to_bytes()


def roles_used(org: Org) -> dict[str, list[str]]:
    """Role id → the units that use it, in chart order."""
    used: dict[str, list[str]] = {}
    for node, _path, _depth in walk_chart(org.chart):
        if node.role:
            units = used.setdefault(node.role, [])
            if node.title not in units:
                units.append(node.title)
    return used


def _labels(library: Library, vocab: str, ids: Sequence[str]) -> str:
    return spec.LIST_JOIN.join(library.label(vocab, i) for i in ids) if ids else "不限"
