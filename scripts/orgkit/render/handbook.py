"""组织架构与岗位职责手册: one Word file per org template, built from docx.py's pieces.

Cover, 修订记录, table of contents (a TOC field, listed in advance so it reads
right before any viewer updates it), the chart as a picture, every unit's
duties, then every post's full 岗位说明书 — the same form as the standalone
file, with 直接上级/直接下级 taken from this chart — each on a new page and
closed by a 签字栏.

The chart picture is a PNG with the SVG attached through Office 2016's
``asvg:svgBlip`` extension: Word 2016+ draws the vector, Word 2010/2013, WPS and
LibreOffice the PNG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orgkit import __version__
from orgkit.load import Library
from orgkit.model import Org, chart_bosses, roles_used
from orgkit.render import docx
from orgkit.render.docx import (
    BODY_FONT,
    DOC_REL,
    FIXED_PARTS,
    HEADING_FONT,
    LIBRARY_NAME,
    MARGIN_LR,
    MARGIN_TB,
    PAGE_H,
    PAGE_W,
    TEXT_WIDTH,
    Cell,
    Row,
    SpecDocument,
    cm,
    paragraph,
    rfonts,
    run,
    section_properties,
    xml_attr,
)
from orgkit.render.text import LIST_JOIN, NONE, Reporting, role_title

SIZE_ER = 44  # 二号 (22 pt): the cover title
SIZE_SAN = 32  # 三号 (16 pt): chapter headings
SIZE_XIAO_SAN = 30  # 小三 (15 pt): a post's title

EMU_PER_TWIP = 635
PICTURE_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office's id of the SVG-picture extension
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"

# Chapter and post headings: chapters 三号 bold, posts 小三 bold centred on a new page,
# the form's own sections (docx.py's Heading1) one level down, so the TOC lists chapters and posts.
_EXTRA_STYLES = (
    docx._heading_style(
        "Heading2", "heading 2", SIZE_XIAO_SAN,
        '<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>'
        '<w:jc w:val="center"/><w:outlineLvl w:val="1"/>', 9,
    )
    + docx._heading_style(
        "Heading3", "heading 3", docx.SIZE_XIAO_SI,
        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80" w:line="240" w:lineRule="auto"/><w:outlineLvl w:val="2"/>', 9,
    )
    + docx._heading_style(
        "Chapter", "heading 1", SIZE_SAN,
        '<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>'
        '<w:outlineLvl w:val="0"/>', 9,
    ).replace('w:styleId="Chapter"><w:name w:val="heading 1"/>', 'w:styleId="Chapter"><w:name w:val="手册章标题"/>')
    + "".join(
        f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        f'<w:spacing w:before="60" w:after="60"/><w:ind w:left="{(level - 1) * 420}"/></w:pPr>'
        f"<w:rPr>{rfonts(BODY_FONT)}</w:rPr></w:style>"
        for level in (1, 2)
    )
)  # fmt: skip
STYLES = FIXED_PARTS["word/styles.xml"].replace("</w:styles>", _EXTRA_STYLES + "</w:styles>")

CONTENT_TYPES = FIXED_PARTS["[Content_Types].xml"].replace(
    '<Default Extension="xml" ContentType="application/xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="svg" ContentType="image/svg+xml"/>',
)
DOCUMENT_RELS = FIXED_PARTS["word/_rels/document.xml.rels"].replace(
    "</Relationships>",
    f'<Relationship Id="rId7" Type="{DOC_REL}/image" Target="media/chart.png"/>'
    f'<Relationship Id="rId8" Type="{DOC_REL}/image" Target="media/chart.svg"/></Relationships>',
)


@dataclass
class HandbookDocument(SpecDocument):
    """A SpecDocument whose role forms sit one heading level down, with chapters, a TOC and a picture."""

    png: bytes = b""
    svg: str = ""
    toc_entries: list[tuple[int, str]] = field(default_factory=list)
    namespaces = (
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
    )

    # A role form's title is a post heading (new page, in the TOC); its sections are level 3.
    def title(self, text: str) -> None:
        self.toc_entries.append((2, text))
        self.body.append(paragraph(run(text, fonts=HEADING_FONT), '<w:pStyle w:val="Heading2"/>'))

    def heading(self, text: str) -> None:
        self.body.append(paragraph(run(text, fonts=HEADING_FONT), '<w:pStyle w:val="Heading3"/>'))

    def chapter(self, text: str, *, new_page: bool = True) -> None:
        self.toc_entries.append((1, text))
        ppr = '<w:pStyle w:val="Chapter"/>' + ("" if new_page else '<w:pageBreakBefore w:val="0"/>')
        self.body.append(paragraph(run(text, fonts=HEADING_FONT), ppr))

    def centered(self, text: str, *, size: int = docx.SIZE_WU, bold: bool = False, before: int = 0) -> None:
        b = "<w:b/>" if bold else ""
        fonts = HEADING_FONT if bold else BODY_FONT
        r = f'<w:r><w:rPr>{rfonts(fonts)}{b}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{docx.xml_text(text)}</w:t></w:r>'
        self.body.append(paragraph(r, f'<w:spacing w:before="{before}" w:after="120"/><w:jc w:val="center"/>'))

    def end_section(self, *, landscape: bool = False, title_page: bool = False) -> None:
        """Close the section so far (its page setup rides on its last paragraph)."""
        self.body.append(paragraph("", f"{section_properties(landscape=landscape, title_page=title_page)}"))

    def toc(self, marker: str) -> None:
        """A placeholder the entries replace once every heading is known."""
        self.body.append(marker)

    def toc_xml(self) -> str:
        """A TOC field over heading levels 1–2, its result filled with the headings (no page numbers yet).

        ``w:dirty`` asks Word and WPS to update the field, page numbers included, when the file opens.
        """
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        out = []
        for k, (level, text) in enumerate(self.toc_entries):
            content = (begin if k == 0 else "") + run(text)
            out.append(paragraph(content, f'<w:pStyle w:val="TOC{level}"/>'))
        out.append(paragraph('<w:r><w:fldChar w:fldCharType="end"/></w:r>', ""))
        return "".join(out)

    def picture(self, width_px: float, height_px: float, max_w: int, max_h: int, description: str) -> None:
        """The chart picture, as large as ``max_w`` × ``max_h`` twips allow (never enlarged past 100 %)."""
        px_twips = 15  # 1 CSS px = 1/96 in = 15 twips
        scale = min(max_w / (width_px * px_twips), max_h / (height_px * px_twips), 1.0)
        cx = round(width_px * px_twips * scale * EMU_PER_TWIP)
        cy = round(height_px * px_twips * scale * EMU_PER_TWIP)
        descr = xml_attr(description)
        drawing = (
            f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="1" name="组织架构图" descr="{descr}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="chart.png" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="rId7"><a:extLst><a:ext uri="{PICTURE_URI}">'
            f'<asvg:svgBlip xmlns:asvg="{ASVG_NS}" r:embed="rId8"/></a:ext></a:extLst></a:blip>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
        )
        self.body.append(paragraph(drawing, '<w:spacing w:after="0"/><w:jc w:val="center"/>'))

    def parts(self) -> dict[str, str | bytes]:
        out = super().parts()
        marker = TOC_MARKER
        out["word/document.xml"] = str(out["word/document.xml"]).replace(marker, self.toc_xml())
        out["word/styles.xml"] = STYLES
        out["[Content_Types].xml"] = CONTENT_TYPES
        out["word/_rels/document.xml.rels"] = DOCUMENT_RELS
        out["word/media/chart.png"] = self.png
        out["word/media/chart.svg"] = self.svg
        return out


TOC_MARKER = "<!--orgkit:toc-->"


@dataclass(frozen=True)
class Post:
    """A role as this chart places it: its units, bosses and direct reports (titles, in chart order)."""

    role_id: str
    units: tuple[str, ...]
    bosses: tuple[str, ...]
    reports: tuple[str, ...]


def posts(org: Org, library: Library) -> list[Post]:
    """Every role of the chart once, in chart order, with the chart's reporting lines (``Library.role_uses``)."""
    out = []
    for role_id, units in roles_used(org).items():
        if role_id not in library.roles:
            continue
        uses = [u for u in library.role_uses(role_id) if u.org == org.id]
        bosses = (Reporting.in_chart(u.boss_role, u.boss_unit, (), library).boss for u in uses if u.boss_unit)
        reports = (role_title(library, rid) for u in uses for rid in u.subordinates)
        out.append(Post(role_id, tuple(units), tuple(dict.fromkeys(bosses)), tuple(dict.fromkeys(reports))))
    return out


def _chart_size(png: bytes) -> tuple[float, float]:
    """The picture's size in CSS px: the PNG's pixels over its 2× zoom."""
    from orgkit.render.chartprint import PNG_ZOOM

    w = int.from_bytes(png[16:20], "big")
    h = int.from_bytes(png[20:24], "big")
    return w / PNG_ZOOM, h / PNG_ZOOM


def handbook_docx(org: Org, library: Library, *, png: bytes, svg: str) -> bytes:
    """The handbook of one org template; ``png`` and ``svg`` are the chart (see chartprint.chart_png/chart_svg)."""
    title = f"{org.title}组织架构与岗位职责手册"
    d = HandbookDocument(key=f"handbook:{org.id}", header=f"{title} · {LIBRARY_NAME} v{__version__}", title_text=title, subject="组织架构与岗位职责手册")
    d.png, d.svg = png, svg

    # Cover: no header or footer on it (titlePg), blanks for the company to fill in.
    d.centered(org.title, size=SIZE_ER, bold=True, before=cm(6))
    d.centered("组织架构与岗位职责手册", size=SIZE_ER, bold=True)
    d.centered(f"依据{LIBRARY_NAME}模板“{org.title}”（v{__version__}）编制", before=cm(1))
    d.centered("编制单位：________________________", size=docx.SIZE_XIAO_SI, before=cm(5))
    d.centered("编制日期：________年____月____日", size=docx.SIZE_XIAO_SI, before=cm(0.3))
    d.centered("文件编号：________________________", size=docx.SIZE_XIAO_SI, before=cm(0.3))
    d.end_section(title_page=True)

    d.body.append(paragraph(run("修订记录", fonts=HEADING_FONT), '<w:spacing w:after="120"/><w:jc w:val="center"/>'))
    head = Row([Cell([h], label=True) for h in ("版本", "修订日期", "修订内容", "修订人", "审批人")], header=True)
    blank = [Row([Cell([""]) for _ in range(5)]) for _ in range(4)]
    first = Row([Cell(["1.0"]), Cell([""]), Cell(["首次发布"]), Cell([""]), Cell([""])])
    d.table([cm(1.8), cm(2.6), TEXT_WIDTH - cm(1.8) - cm(2.6) - cm(4.4), cm(2.2), cm(2.2)], [head, first, *blank])
    d.body.append(paragraph(run("目　录", fonts=HEADING_FONT), '<w:spacing w:before="480" w:after="120"/><w:jc w:val="center"/>'))
    d.toc(TOC_MARKER)

    # The chart on a page of its own, turned to landscape when that shows it larger.
    width, height = _chart_size(png)
    portrait = (TEXT_WIDTH, PAGE_H - 2 * MARGIN_TB - cm(3))
    landscape = (PAGE_H - 2 * MARGIN_LR, PAGE_W - 2 * MARGIN_TB - cm(3))
    fit = [min(w / width, h / height) for w, h in (portrait, landscape)]
    wide = fit[1] > fit[0] * 1.1
    d.end_section()
    d.chapter("一、组织架构图", new_page=False)
    max_w, max_h = landscape if wide else portrait
    d.picture(width, height, max_w, max_h, f"{org.title}组织架构图，共 {sum(1 for _ in chart_bosses(org.chart))} 个单位")
    d.end_section(landscape=wide)

    d.chapter("二、概述", new_page=False)
    d.paragraph(org.summary)
    if org.traits:
        d.numbered(org.traits)
    d.chapter("三、部门职责")
    docx.unit_table(d, org, library)

    d.chapter("四、岗位说明书")
    found = posts(org, library)
    d.paragraph(f"本手册共收录 {len(found)} 个岗位的岗位说明书，直接上级、直接下级按本组织架构图确定。")
    for post in found:
        role = library.roles[post.role_id]
        # This chart's reporting lines; the form ends with its own 签字栏 and 修订记录.
        docx.role_form(d, role, library, Reporting(LIST_JOIN.join(post.bosses) or NONE, LIST_JOIN.join(post.reports) or NONE))
    return d.to_bytes()
