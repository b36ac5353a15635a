"""Word documents: a role's 岗位说明书 form and an org template's unit list.

The files are written directly as WordprocessingML (the XML inside a .docx),
from a handful of fixed parts and one generated ``document.xml``. A site build
makes one file per role, thousands of them; going through python-docx's object
layer and its 350 KB stock template cost about 35 ms a file, this costs about
1 ms. The tests read every file back with python-docx, the way Word would.

Three things matter more here than in the other renderers:

* CJK fonts. Word picks the font for Chinese characters from ``w:eastAsia``.
  Every style and every run names ``w:ascii``/``w:hAnsi``/``w:eastAsia``
  explicitly; there is no theme, so no theme font can win over them.
* The paper. Chinese offices print on A4.
* Reproducibility. The site is rebuilt on every push; the same library must give
  byte-identical files (fixed core-property dates and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from orgkit import __version__
from orgkit.load import Library
from orgkit.model import NODE_KIND_LABELS, Org, Role, chart_bosses, depth_of, roles_used
from orgkit.render import text as spec

LIBRARY_NAME = "组织架构模板库"

#: Every generated file carries this date, so rebuilding changes nothing.
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

# (Latin, East Asian) font pairs: the usual Chinese office pairing 宋体 + Times New
# Roman, 黑体 + Arial. The English names are used on purpose: Word and WPS resolve
# SimSun to 宋体 on any Windows, while fontconfig (LibreOffice on Linux) knows
# SimSun as a serif and maps it to a CJK serif, but does not know “宋体” at all.
BODY_FONT = ("Times New Roman", "SimSun")
HEADING_FONT = ("Arial", "SimHei")

# Chinese font sizes by their traditional names, in half-points (w:sz).
SIZE_XIAO_ER = 36  # 小二 (18 pt): document title
SIZE_XIAO_SI = 24  # 小四 (12 pt): section headings
SIZE_WU = 21  # 五号 (10.5 pt): body text
SIZE_XIAO_WU = 18  # 小五 (9 pt): header and footer

LABEL_FILL = "F2F2F2"


def cm(value: float) -> int:
    """Centimetres in twips (1/1440 inch), the unit of widths and indents."""
    return round(value * 1440 / 2.54)


# A4 with the margins Word's Chinese templates use, a little narrower left/right
# so a typical spec fits on two pages.
PAGE_W, PAGE_H = cm(21), cm(29.7)
MARGIN_TB, MARGIN_LR = cm(2.54), cm(2.6)
TEXT_WIDTH = PAGE_W - 2 * MARGIN_LR
#: Chinese prose starts two characters in: two 五号 characters, in twips.
FIRST_LINE_INDENT = SIZE_WU * 10 * 2


# ---------------------------------------------------------------------------
# XML pieces

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 cannot carry at all. The loader already rejects control
# characters in library files; this keeps a file valid whatever reaches it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def xml_attr(text: str) -> str:
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def rfonts(fonts: tuple[str, str]) -> str:
    latin, east_asia = fonts
    # Quotes “” and the middle dot are "ambiguous" characters: without the hint
    # Word draws them in the Latin font, narrow and misaligned in Chinese text.
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


def run(text: str, *, bold: bool = False, fonts: tuple[str, str] = BODY_FONT) -> str:
    """One run of text. Every run names its fonts, so pasted text keeps them too."""
    b = "<w:b/>" if bold else ""
    return f'<w:r><w:rPr>{rfonts(fonts)}{b}</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def paragraph(content: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>" if ppr else f"<w:p>{content}</w:p>"


def field_run(instruction: str, placeholder: str) -> str:
    """A Word field such as PAGE; the placeholder shows until the viewer updates it."""
    return f'<w:fldSimple w:instr=" {instruction} ">{run(placeholder)}</w:fldSimple>'


@dataclass(frozen=True)
class Cell:
    """One table cell: lines of text (one paragraph each) and how they look."""

    lines: Sequence[str]
    label: bool = False  # bold, shaded and centred: the left column of a form
    span: int = 1
    bold: bool = False
    indent: int = 0  # twips of left indent, for tree depth


@dataclass
class Row:
    cells: Sequence[Cell]
    header: bool = False  # repeated at the top of every page the table runs onto


# ---------------------------------------------------------------------------
# Fixed parts: the same bytes in every file

CONTENT_TYPES = (
    XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    XML_DECL + f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    XML_DECL + f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{DOC_REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rId5" Type="{DOC_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId6" Type="{DOC_REL}/footer" Target="footer1.xml"/>'
    "</Relationships>"
)

APP_PROPS = (
    XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>orgkit {__version__}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

# Word's own settings for a Chinese document: East Asian line layout (useFELayout),
# Chinese punctuation compression off, Word 2010 compatibility so Word 2010+ and
# WPS lay it out the same.
SETTINGS = (
    XML_DECL + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
    "</w:compat>"
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

# Viewers without the fonts substitute by charset 86 (GB2312) and panose: a
# Chinese serif for SimSun, a Chinese sans for SimHei; altName shows the Chinese names.
FONT_TABLE = (
    XML_DECL + f'<w:fonts xmlns:w="{W_NS}">'
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="SimHei"><w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
    "</w:fonts>"
)


def _heading_style(style_id: str, name: str, size: int, ppr: str, ui_priority: int) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="Normal"/><w:uiPriority w:val="{ui_priority}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>"
        f'<w:rPr>{rfonts(HEADING_FONT)}<w:b/><w:bCs/><w:i w:val="0"/><w:color w:val="000000"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


def _header_footer_style(style_id: str, name: str) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr>{rfonts(BODY_FONT)}<w:sz w:val="{SIZE_XIAO_WU}"/><w:szCs w:val="{SIZE_XIAO_WU}"/></w:rPr></w:style>'
    )


_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
)
_GRID_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)

# Only the styles the documents use, with the names Word knows them by
# ("heading 1" is Word's built-in 标题 1, so the navigation pane lists sections).
STYLES = (
    XML_DECL + f'<w:styles xmlns:w="{W_NS}">'
    # What text outside any style (and pasted text) falls back to; Chinese proofing.
    f'<w:docDefaults><w:rPrDefault><w:rPr>{rfonts(BODY_FONT)}<w:sz w:val="{SIZE_WU}"/><w:szCs w:val="{SIZE_WU}"/>'
    '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="40" w:line="288" w:lineRule="auto"/></w:pPr>'
    f'<w:rPr>{rfonts(BODY_FONT)}<w:sz w:val="{SIZE_WU}"/><w:szCs w:val="{SIZE_WU}"/></w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
    '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{_CELL_MARGINS}</w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + _heading_style(
        "Title", "Title", SIZE_XIAO_ER,
        '<w:keepNext/><w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>', 10,
    )
    + _heading_style(
        "Heading1", "heading 1", SIZE_XIAO_SI,
        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80" w:line="240" w:lineRule="auto"/>'
        '<w:outlineLvl w:val="0"/>', 9,
    )
    + _header_footer_style("Header", "header")
    + _header_footer_style("Footer", "footer")
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
    '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_GRID_BORDERS}</w:tblBorders>{_CELL_MARGINS}</w:tblPr></w:style>'
    "</w:styles>"
)  # fmt: skip

FIXED_PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELS,
    "docProps/app.xml": APP_PROPS,
    "word/_rels/document.xml.rels": DOCUMENT_RELS,
    "word/fontTable.xml": FONT_TABLE,
    "word/settings.xml": SETTINGS,
    "word/styles.xml": STYLES,
}


def section_properties(*, landscape: bool = False, title_page: bool = False) -> str:
    """A section's page: A4 (portrait or landscape), margins, header and footer; ``title_page`` leaves page 1 bare."""
    w, h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:footerReference w:type="default" r:id="rId6"/>'
        f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{MARGIN_TB}" w:right="{MARGIN_LR}" w:bottom="{MARGIN_TB}" w:left="{MARGIN_LR}" '
        f'w:header="{cm(1.5)}" w:footer="{cm(1.5)}" w:gutter="0"/>'
        f'<w:cols w:space="720"/>{"<w:titlePg/>" if title_page else ""}<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


#: Formats that are compressed already (pictures, PDF, zips and the office files that are zips):
#: deflating them again costs time and gains nothing, so every archive we write stores them.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".zip", ".docx", ".pptx", ".xlsx", ".pdf")


def fixed_zipinfo(name: str) -> zipfile.ZipInfo:
    """A zip entry that looks the same on every machine (date, creator OS, permissions), stored
    when its format is compressed already (:data:`STORED_SUFFIXES`), deflated otherwise."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


# ---------------------------------------------------------------------------
# Document builder


@dataclass
class SpecDocument:
    """The body of a Chinese form, block by block, and the package around it."""

    key: str  # seeds list ids so they are stable per document
    header: str
    title_text: str
    subject: str
    body: list[str] = field(default_factory=list)
    lists: list[int] = field(default_factory=list)  # one nsid per numbered list

    # -- blocks -------------------------------------------------------------

    def title(self, text: str) -> None:
        self.body.append(paragraph(run(text, fonts=HEADING_FONT), '<w:pStyle w:val="Title"/>'))

    def heading(self, text: str) -> None:
        self.body.append(paragraph(run(text, fonts=HEADING_FONT), '<w:pStyle w:val="Heading1"/>'))

    def paragraph(self, text: str, *, indent_first: bool = True) -> None:
        ppr = f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/>' if indent_first else ""
        self.body.append(paragraph(run(text), ppr))

    def numbered(self, items: Iterable[str]) -> None:
        """A real Word numbered list (1. 2. 3.) that restarts at 1 for every list."""
        # One abstract definition per list is the sure way to restart numbering in
        # Word, WPS and LibreOffice alike (lvlOverride/startOverride is not).
        self.lists.append(zlib.crc32(f"{self.key}:{len(self.lists) + 1}".encode()) & 0xFFFFFFFF)
        ppr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{len(self.lists)}"/></w:numPr>'
        self.body.extend(paragraph(run(item), ppr) for item in items)

    def table(self, widths: Sequence[int], rows: Sequence[Row], *, valign: str = "center") -> None:
        """A bordered table with fixed column widths (Word and LibreOffice honour them)."""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        ]
        for row in rows:
            # cantSplit keeps a row on one page; tblHeader repeats it after a page break.
            flag = "<w:tblHeader/>" if row.header else "<w:cantSplit/>"
            out.append(f"<w:tr><w:trPr>{flag}</w:trPr>")
            column = 0
            for cell in row.cells:
                width = sum(widths[column : column + cell.span])
                column += cell.span
                out.append(self._cell(cell, width, valign))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.body.append("".join(out))

    @staticmethod
    def _cell(cell: Cell, width: int, valign: str) -> str:
        # Property order is the schema's: Word rejects a file otherwise.
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if cell.span > 1:
            tcpr += f'<w:gridSpan w:val="{cell.span}"/>'
        if cell.label:
            tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/>'
        tcpr += f'<w:vAlign w:val="{valign}"/>'
        ppr = '<w:jc w:val="center"/>' if cell.label else (f'<w:ind w:left="{cell.indent}"/>' if cell.indent else "")
        lines = cell.lines or [""]  # a cell must hold at least one paragraph
        paragraphs = "".join(
            paragraph(run(line, bold=cell.label or cell.bold) if line else "", ppr) for line in lines
        )
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{paragraphs}</w:tc>"

    def label_value_table(self, rows: Sequence[tuple[str, Sequence[str]]], label_width: int) -> None:
        widths = [label_width, TEXT_WIDTH - label_width]
        self.table(widths, [Row([Cell([label], label=True), Cell(lines)]) for label, lines in rows])

    # -- package ------------------------------------------------------------

    #: Namespace declarations on <w:document> beyond w and r (pictures need DrawingML's).
    namespaces = ""

    def _document_xml(self) -> str:
        return (
            XML_DECL + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"{self.namespaces}>'
            f"<w:body>{''.join(self.body)}{section_properties()}</w:body></w:document>"
        )

    def _numbering_xml(self) -> str:
        lvl_rpr = f"<w:rPr>{rfonts(BODY_FONT)}</w:rPr>"
        abstract = "".join(
            f'<w:abstractNum w:abstractNumId="{i}"><w:nsid w:val="{nsid:08X}"/><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>{lvl_rpr}</w:lvl></w:abstractNum>'
            for i, nsid in enumerate(self.lists, 1)
        )
        # The schema wants every abstractNum before the first num.
        nums = "".join(f'<w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(1, len(self.lists) + 1))
        return XML_DECL + f'<w:numbering xmlns:w="{W_NS}">{abstract}{nums}</w:numbering>'

    def _header_xml(self) -> str:
        border = '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
        p = paragraph(run(self.header), f'<w:pStyle w:val="Header"/>{border}<w:jc w:val="center"/>')
        return XML_DECL + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{p}</w:hdr>'

    @staticmethod
    def _footer_xml() -> str:
        content = run("第 ") + field_run("PAGE", "1") + run(" 页，共 ") + field_run("NUMPAGES", "1") + run(" 页")
        p = paragraph(content, '<w:pStyle w:val="Footer"/><w:jc w:val="center"/>')
        return XML_DECL + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{p}</w:ftr>'

    def _core_xml(self) -> str:
        date = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
        comments = f"由 orgkit {__version__} 根据{LIBRARY_NAME}生成，可按本单位实际修改。"
        return (
            XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(self.title_text)}</dc:title><dc:subject>{xml_text(self.subject)}</dc:subject>"
            f"<dc:creator>{LIBRARY_NAME}</dc:creator><cp:keywords>{xml_text(self.subject)}</cp:keywords>"
            f"<dc:description>{comments}</dc:description><cp:lastModifiedBy>orgkit</cp:lastModifiedBy>"
            "<cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>'
            f"<cp:category>{xml_text(self.subject)}</cp:category><dc:language>zh-CN</dc:language></cp:coreProperties>"
        )

    def parts(self) -> dict[str, str | bytes]:
        """Every part of the package by name; subclasses add their own (pictures, styles)."""
        return {
            **FIXED_PARTS,
            "docProps/core.xml": self._core_xml(),
            "word/document.xml": self._document_xml(),
            "word/numbering.xml": self._numbering_xml(),
            "word/header1.xml": self._header_xml(),
            "word/footer1.xml": self._footer_xml(),
        }

    def to_bytes(self) -> bytes:
        parts = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in self.parts().items()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            # [Content_Types].xml first: some readers expect it there.
            for name in ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]:
                # Level 1: a role's file is ~9 % larger than at level 6 (9.2 KB for 8.4 KB) and deflates
                # in two thirds of the time; the site makes one per role on every build.
                archive.writestr(fixed_zipinfo(name), parts[name], compresslevel=1)
        return out.getvalue()


def _items(items: Sequence[str]) -> list[str]:
    """Cell lines for a list field: numbered when there are several."""
    if not items:
        return [spec.NONE]
    if len(items) == 1:
        return [items[0]]
    return [f"{i}. {item}" for i, item in enumerate(items, 1)]


# ---------------------------------------------------------------------------
# 岗位说明书


def role_docx(role: Role, library: Library, reporting: spec.Reporting | None = None) -> bytes:
    """The standard 岗位说明书 form for one role (reporting lines: a chart's, or the role's own)."""
    d = SpecDocument(
        key=f"role:{role.id}",
        header=f"{role.title} · {LIBRARY_NAME} v{__version__}",
        title_text=spec.spec_title(role),
        subject="岗位说明书",
    )
    role_form(d, role, library, reporting)
    return d.to_bytes()


def role_form(d: SpecDocument, role: Role, library: Library, reporting: spec.Reporting | None = None) -> None:
    """Append a role's 岗位说明书 form to ``d``: the standalone file and the handbook share it.

    ``reporting`` replaces the 直接上级/直接下级 the role states on its own, for a document
    about one chart (which decides the reporting lines).
    """
    titles = iter(spec.section_titles(role))
    d.title(spec.spec_title(role))

    d.heading(next(titles))
    info = spec.basic_info(role, library, reporting)
    pairs, wide = info[:6], info[6:]  # 英文名称 and 别名 span the full row: alias lists run long
    label_w = cm(2.4)
    value_w = (TEXT_WIDTH - 2 * label_w) // 2
    rows = [
        Row([cell for label, value in pairs[i : i + 2] for cell in (Cell([label], label=True), Cell([value]))])
        for i in range(0, len(pairs), 2)
    ]
    rows += [Row([Cell([label], label=True), Cell([value], span=3)]) for label, value in wide]
    d.table([label_w, value_w, label_w, value_w], rows)

    d.heading(next(titles))
    d.paragraph(role.summary)

    d.heading(next(titles))
    d.numbered(spec.duty_line(duty) for duty in role.duties)

    d.heading(next(titles))
    d.label_value_table([(f.label, _items(f.items)) for f in spec.requirement_fields(role)], cm(2.6))

    d.heading(next(titles))
    if role.kpis:
        d.numbered(role.kpis)
    else:
        d.paragraph(spec.NONE, indent_first=False)

    d.heading(next(titles))
    d.label_value_table([(f.label, [f.inline]) for f in spec.relation_fields(role)], cm(2.6))

    if role.authority:
        d.heading(next(titles))
        d.numbered(role.authority)

    d.heading(next(titles))
    d.label_value_table([(f.label, [f.inline]) for f in spec.condition_fields(role)], cm(2.6))
    d.heading(next(titles))
    d.label_value_table([(f.label, [f.inline]) for f in spec.career_fields(role, library)], cm(2.6))
    sign_off(d, role)


#: Who signs a 岗位说明书: the holder, the boss and HR, each with a date.
SIGNERS = ("任职者", "直接上级", "人力资源部")


def sign_off(d: SpecDocument, role: Role) -> None:
    """签字栏, 编制日期 and a blank 修订记录 to fill in by hand: the form ends as HR files it."""
    d.heading("签字确认")
    widths = [cm(3.2), (TEXT_WIDTH - cm(3.2)) * 3 // 5, (TEXT_WIDTH - cm(3.2)) * 2 // 5]
    rows = [Row([Cell(["签字人"], label=True), Cell(["签字"], label=True), Cell(["日期"], label=True)], header=True)]
    rows += [Row([Cell([who], label=True), Cell(["", ""]), Cell(["　　年　　月　　日"])]) for who in SIGNERS]
    d.table(widths, rows)
    d.paragraph(f"编制日期：{role.updated or '　　年　　月　　日'}", indent_first=False)
    d.heading("修订记录")
    cols = ("版本", "修订日期", "修订内容", "修订人")
    widths = [cm(2.0), cm(3.2), TEXT_WIDTH - cm(2.0) - cm(3.2) - cm(2.8), cm(2.8)]
    rows = [Row([Cell([c], label=True) for c in cols], header=True)]
    rows += [Row([Cell([""]) for _ in cols]) for _ in range(3)]
    d.table(widths, rows)


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
        title_text=f"{org.title}组织架构",
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
    d.label_value_table(rows, cm(2.6))

    if org.traits:
        d.heading(f"{next(n)}、特点")
        d.numbered(org.traits)

    d.heading(f"{next(n)}、组织单位及职责")
    unit_table(d, org, library)

    used = roles_used(org)
    if used:
        d.heading(f"{next(n)}、岗位说明书")
        d.paragraph("本模板用到以下岗位，各岗位的说明书可在模板库网站下载。")
        role_rows = [Row([Cell([head], label=True) for head in ("岗位", "岗位族", "岗位层级", "所在单位")], header=True)]
        for role_id, units in used.items():
            role = library.roles.get(role_id)
            role_rows.append(
                Row([
                    Cell([role.title if role else role_id]),
                    Cell([library.label("families", role.family) if role else ""]),
                    Cell([library.label("levels", role.level) if role else ""]),
                    Cell([spec.LIST_JOIN.join(units)]),
                ])
            )
        d.table([cm(4.0), cm(3.6), cm(3.2), TEXT_WIDTH - cm(10.8)], role_rows)
    return d.to_bytes()


def unit_table(d: SpecDocument, org: Org, library: Library) -> None:
    """Every unit of the chart, indented by depth, with its kind, duties and post."""
    unit_rows = [Row([Cell([head], label=True) for head in ("单位", "类型", "职责", "岗位与上级")], header=True)]
    for node, path, boss in chart_bosses(org.chart):
        depth = depth_of(path)
        # Reporting lines belong to the chart: the boss here is this chart's, whatever the role file says.
        post = [spec.role_title(library, node.role)] if node.role else []
        if boss is not None:
            post.append("上级：" + spec.box_title(boss, library))
        kind = [_kind_label(node.kind) + ("（参谋）" if "staff" in path[-2:] else "")]
        if node.headcount is not None:
            kind.append(f"编制 {node.headcount} 人")
        duties = _items(node.duties) if node.duties else [""]
        if node.dotted_to:
            duties.append(f"虚线汇报：{spec.LIST_JOIN.join(node.dotted_to)}")
        if node.note:
            duties.append(f"备注：{node.note}")
        unit_rows.append(
            Row([
                # Indentation shows the tree; capped so deep charts still fit the column.
                Cell([node.title], bold=depth <= 2, indent=cm(0.4) * min(depth - 1, 6)),
                Cell(kind),
                Cell(duties),
                Cell(post or [""]),
            ])
        )
    # Long duty lists read top-down, so cells align to the top.
    d.table([cm(3.4), cm(1.9), TEXT_WIDTH - cm(3.4) - cm(1.9) - cm(2.6), cm(2.6)], unit_rows, valign="top")


def _labels(library: Library, vocab: str, ids: Sequence[str]) -> str:
    return spec.LIST_JOIN.join(library.label(vocab, i) for i in ids) if ids else "不限"
