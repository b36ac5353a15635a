"""An org template taken into the office, checked the way an HR person would check it.

The handbook and the slides are opened in LibreOffice and converted to PDF; the
chart PDF is read back with pdftotext; the 定岗定编表 with openpyxl; the PNG is
looked at box by box. Every check compares against the chart itself (its boxes,
its reporting lines), not against stored copies. Under CI=true a missing
LibreOffice or poppler is a failure, not a skip.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from orgkit.cli import main
from orgkit.load import Library, load_library
from orgkit.model import Node, Org, chart_bosses, walk_chart
from orgkit.render import chartprint, fonts
from orgkit.render.chart import layout
from orgkit.render.chartpdf import chart_pdf, chart_text
from orgkit.render.exports import ORG_OFFICE_FORMATS, org_office_files, org_office_name
from orgkit.render.handbook import posts
from orgkit.render.staffing import SUBTOTAL_SUFFIX, TOTAL_LABEL, headcount
from orgkit.render.text import box_title
from support import to_pdf

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "orgtemplates"
#: A typical company template; any other loads the same way.
ORG_ID = "small-trading-company"


def need(tool: str) -> str:
    """The tool's path; skipped on a bare developer machine, a failure in CI."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI=true (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")
    return path


@pytest.fixture(scope="module")
def library() -> Library:
    library, _problems = load_library(LIBRARY)
    return library


@pytest.fixture(scope="module")
def org(library: Library) -> Org:
    return library.orgs[ORG_ID] if ORG_ID in library.orgs else library.orgs[sorted(library.orgs)[0]]


@pytest.fixture(scope="module")
def files(org: Org, library: Library) -> dict[str, bytes]:
    return org_office_files(org, library)


def part(files: dict[str, bytes], org: Org, fmt: str) -> bytes:
    return files[org_office_name(org.id, fmt)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def box_lines(root: Node) -> list[str]:
    return [squash(line) for b in layout(root).boxes for line in b.lines]


def pdftotext(pdf: Path) -> str:
    return subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True, timeout=60).stdout


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# ---------------------------------------------------------------------------
# Every file


def test_every_format_every_time_the_same_bytes(org: Org, library: Library, files: dict[str, bytes]) -> None:
    assert sorted(files) == sorted(org_office_name(org.id, f) for f in ORG_OFFICE_FORMATS)
    again = org_office_files(org, library)
    changed = [name for name in files if files[name] != again[name]]
    assert not changed, f"not reproducible: {changed}"


def test_zip_holds_every_file_with_fixed_dates(org: Org, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(part(files, org, "zip"))) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted([org_office_name(org.id, f) for f in ORG_OFFICE_FORMATS if f != "zip"] + ["index.txt"])
        for name in names:
            assert archive.getinfo(name).date_time == (2024, 1, 1, 0, 0, 0)
            if name != "index.txt":
                assert archive.read(name) == files[name], name
        assert "定岗定编表" in archive.read("index.txt").decode("utf-8-sig")


def test_single_formats_are_the_bundles_files(org: Org, library: Library, files: dict[str, bytes]) -> None:
    for fmt in ("pdf", "xlsx"):
        assert org_office_files(org, library, (fmt,)) == {org_office_name(org.id, fmt): part(files, org, fmt)}


# ---------------------------------------------------------------------------
# PNG


def test_png_is_twice_the_layout_with_its_dpi_and_shows_every_box(org: Org, files: dict[str, bytes]) -> None:
    lay = layout(org.chart)
    sc = chartprint.scene(lay, title=org.title, heading=org.title)
    image = Image.open(io.BytesIO(part(files, org, "png")))
    assert image.size == (round(sc.width * 2), round(sc.height * 2))
    assert image.info["dpi"][0] == pytest.approx(192, abs=0.5)
    rgb = image.convert("RGB")
    top = chartprint.TITLE_BAND
    for b in lay.boxes:
        # Inside the border, around the text: the fill colour and, somewhere, the text's own pixels.
        inner = rgb.crop((round((b.x + 4) * 2), round((b.y + top + 4) * 2), round((b.right - 4) * 2), round((b.bottom + top - 4) * 2)))
        fill = tuple(int(chartprint.KIND_COLORS[b.node.kind][0][k : k + 2], 16) for k in (1, 3, 5))
        pixels = inner.tobytes()
        other = sum(1 for k in range(0, len(pixels), 3) if tuple(pixels[k : k + 3]) != fill)
        assert other > 40, f"box {b.node.title!r}: no text drawn"
    corner = rgb.crop((0, 0, 8, 8)).getcolors()
    assert corner == [(64, (255, 255, 255))], "background must be pure white"


# ---------------------------------------------------------------------------
# PDF


def test_pdf_shows_every_box_on_the_paper_the_plan_chose(tmp_path: Path, org: Org, files: dict[str, bytes]) -> None:
    data = part(files, org, "pdf")
    pages = chartprint.plan(org.chart, org.title)
    assert pdf_pages(data) == len(pages)
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(data)
    text = squash(pdftotext(pdf))
    missing = [line for line in box_lines(org.chart) if line not in text]
    assert not missing, f"not in the PDF's text: {missing}"
    width, height = chartprint.PAPER_PT[pages[0].paper]
    assert f"/MediaBox [0 0 {width:.2f}".rstrip("0").encode() in data
    assert height < width, "landscape"


def wide_chart(departments: int = 30) -> Node:
    kids = [
        Node(title=f"第{k}事业部", kind="department", children=[Node(title=f"{k}部甲组", kind="team"), Node(title=f"{k}部乙组", kind="team")])
        for k in range(1, departments + 1)
    ]
    return Node(title="董事会", kind="board", children=[Node(title="总经理", kind="executive", children=kids)])


def test_a_chart_too_wide_for_a3_is_split_into_an_overview_and_sub_trees(tmp_path: Path) -> None:
    root = wide_chart()
    pages = chartprint.plan(root, "宽公司")
    assert len(pages) == 31, "overview + one page per department with units below it"
    assert "总览" in pages[0].scene.labels()[0].text
    assert all(p.paper == "A3" or p.scale >= chartprint.MIN_SCALE for p in pages)
    assert all(p.scale >= chartprint.MIN_SCALE for p in pages[1:]), "sub-tree pages keep the text legible"
    data = chart_pdf(root, "宽公司")
    assert pdf_pages(data) == len(pages)
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(data)
    text = squash(pdftotext(pdf))
    for node, _path, _depth in walk_chart(root):
        assert squash(node.title) in text, node.title
    assert "第1事业部（见第2页）" in text, "the overview points to each sub-tree's page"


def test_a_small_chart_fits_a4_at_full_size(library: Library) -> None:
    small = min(library.orgs.values(), key=lambda o: len(layout(o.chart).boxes))
    (page,) = chartprint.plan(small.chart, small.title)
    assert page.paper == "A4"
    assert page.scale == 1.0


def test_pdf_font_covers_every_chart_of_the_library(library: Library) -> None:
    text = chart_text((o.chart, o.title) for o in library.orgs.values())
    for org in library.orgs.values():
        sc = chartprint.plan(org.chart, org.title)[0].scene
        # Box lines (an over-long title ends in …), headings, legend: everything the page prints.
        missing = {ch for label in sc.labels() for ch in label.text} - set(text)
        assert not missing, f"{org.id}: the PDF font lacks {sorted(missing)}"


# ---------------------------------------------------------------------------
# 定岗定编表


def test_staffing_sheet_one_row_per_unit_with_the_charts_bosses_and_right_subtotals(org: Org, library: Library, files: dict[str, bytes]) -> None:
    wb = load_workbook(io.BytesIO(part(files, org, "xlsx")))
    ws = wb["定岗定编表"]
    assert [c.value for c in ws[1]] == ["单位", "上级单位", "岗位", "岗位层级", "编制人数", "直接上级"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:F")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    units = [r for r in rows if not str(r[0]).endswith(SUBTOTAL_SUFFIX) and r[0] != TOTAL_LABEL]
    chart = list(chart_bosses(org.chart))
    assert [r[0] for r in units] == [node.title for node, _p, _b in chart], "one row per unit, in chart order"
    assert [r[5] or "" for r in units] == [box_title(boss, library) for _n, _p, boss in chart], "直接上级 comes from the chart"

    def evaluate(row_number: int) -> float:
        """SUBTOTAL(9, range) as Excel computes it: numbers in the range, other SUBTOTALs left out."""
        formula = ws.cell(row_number, 5).value
        m = re.fullmatch(r"=SUBTOTAL\(9,E(\d+):E(\d+)\)", formula)
        assert m, formula
        cells = [ws.cell(k, 5).value for k in range(int(m[1]), int(m[2]) + 1)]
        return sum(v for v in cells if isinstance(v, int | float))

    def expected(node: Node) -> int:
        return sum(headcount(n) or 0 for n, _p, _d in walk_chart(node))

    labels = {k: str(ws.cell(k, 1).value) for k in range(2, ws.max_row + 1)}
    subtotals = {label.removesuffix(SUBTOTAL_SUFFIX): k for k, label in labels.items() if label.endswith(SUBTOTAL_SUFFIX)}
    with_units_below = [n for n, _p, _d in walk_chart(org.chart) if n.children or n.staff]
    assert sorted(subtotals) == sorted(n.title for n in with_units_below)
    for node in with_units_below:
        assert evaluate(subtotals[node.title]) == expected(node), node.title
    assert ws.cell(ws.max_row, 1).value == TOTAL_LABEL
    assert evaluate(ws.max_row) == expected(org.chart)


# ---------------------------------------------------------------------------
# Slides


def test_pptx_has_one_native_shape_per_box_and_glued_connectors(org: Org, files: dict[str, bytes]) -> None:
    prs = Presentation(io.BytesIO(part(files, org, "pptx")))
    assert len(prs.slides) == len(chartprint.plan(org.chart, org.title))
    slide = prs.slides[0]
    boxes = [s for s in slide.shapes if s.shape_type is not None and s.has_text_frame and s.name != "标题"]
    lay = layout(org.chart)
    assert sorted(squash(s.text_frame.text) for s in boxes) == sorted(squash("".join(b.lines)) for b in lay.boxes)
    connectors = [el for el in slide.shapes._spTree if el.tag.endswith("}cxnSp")]
    assert len(connectors) >= len(lay.connectors)
    glued = [el for el in connectors if el.xpath(".//a:stCxn | .//a:endCxn")]
    assert len(glued) >= len(lay.connectors), "every line is glued to a box at one end at least"
    assert prs.slide_width > prs.slide_height, "landscape"


# ---------------------------------------------------------------------------
# Handbook


def test_handbook_has_cover_toc_picture_and_every_post_with_the_charts_lines(org: Org, library: Library, files: dict[str, bytes]) -> None:
    data = part(files, org, "handbook")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        assert archive.read("word/media/chart.png") == part(files, org, "png")
        assert archive.read("word/media/chart.svg").startswith(b"<?xml")
    assert 'TOC \\o "1-2"' in xml
    assert "asvg:svgBlip" in xml and 'r:embed="rId7"' in xml
    doc = Document(io.BytesIO(data))
    assert len(doc.inline_shapes) == 1
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.lower() == "heading 2"]
    found = posts(org, library)
    assert headings == [f"{library.roles[p.role_id].title}岗位说明书" for p in found]
    assert len(found) == len({n.role for n, _p, _d in walk_chart(org.chart) if n.role in library.roles})
    # 直接上级 in each post's 基本信息 is the chart's.
    info_tables = [t for t in doc.tables if t.rows and t.rows[0].cells[0].text == "岗位名称"]
    assert len(info_tables) == len(found)
    for table, post in zip(info_tables, found, strict=True):
        cells = [c.text for row in table.rows for c in row.cells]
        assert cells[cells.index("直接上级") + 1] == ("、".join(post.bosses) or "无")
    assert xml.count("签字确认") == len(found)
    for who in ("任职者", "人力资源部", "编制日期", "修订记录"):
        assert who in xml


def test_posts_take_their_boss_from_the_nearest_post_above(library: Library) -> None:
    checked = 0
    for org in library.orgs.values():
        by_role = {p.role_id: p for p in posts(org, library)}
        for node, _path, boss in chart_bosses(org.chart):
            if node.role in by_role and boss is not None:
                assert box_title(boss, library) in by_role[node.role].bosses
                checked += 1
    assert checked > 50


# ---------------------------------------------------------------------------
# As opened in LibreOffice


def test_libreoffice_shows_the_handbook_picture_every_post_and_every_slide_box(tmp_path: Path, org: Org, library: Library, files: dict[str, bytes]) -> None:
    soffice = need("soffice")
    need("pdftotext")
    pdfimages = need("pdfimages")
    names = [org_office_name(org.id, "handbook"), org_office_name(org.id, "pptx")]
    for name in names:
        (tmp_path / name).write_bytes(files[name])
    to_pdf(soffice, tmp_path, names)
    handbook = tmp_path / names[0].replace(".docx", ".pdf")
    slides = tmp_path / names[1].replace(".pptx", ".pdf")
    images = subprocess.run([pdfimages, "-list", str(handbook)], capture_output=True, check=True, text=True).stdout.splitlines()[2:]
    assert images, "the chart picture is missing from the handbook"
    assert int(images[0].split()[3]) >= layout(org.chart).width, "the picture is the 2× PNG"
    text = squash(pdftotext(handbook))
    for post in posts(org, library):
        assert f"{library.roles[post.role_id].title}岗位说明书" in text
    assert text.count("签字确认") == len(posts(org, library))
    slide_text = squash(pdftotext(slides))
    missing = [line for line in box_lines(org.chart) if line not in slide_text]
    assert not missing, f"not on the slide: {missing}"


# ---------------------------------------------------------------------------
# Command line and fonts


def test_export_command_writes_each_office_format(tmp_path: Path, org: Org, files: dict[str, bytes], capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("handbook", "xlsx", "zip"):
        assert main(["export", "--format", fmt, "--out", str(tmp_path), org.id]) == 0
        name = org_office_name(org.id, fmt)
        assert (tmp_path / name).read_bytes() == files[name]
    role_id = sorted(load_library(LIBRARY)[0].roles)[0]
    assert main(["export", "--format", "pdf", "--out", str(tmp_path), role_id]) == 2
    assert "只能导出为" in capsys.readouterr().err


def test_missing_fonts_are_one_chinese_line_not_a_traceback(
    tmp_path: Path, org: Org, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fonts, "SEARCH_DIRS", ())
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path))
    with pytest.raises(fonts.FontMissing, match="fonts-noto-cjk"):
        fonts.cjk_fonts()
    assert main(["export", "--format", "png", "--out", str(tmp_path / "out"), org.id]) == 1
    err = capsys.readouterr().err
    assert "找不到 Noto CJK 中文字体" in err and "Traceback" not in err


def test_font_folder_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fonts.cjk_fonts()
    for face in (real.regular, real.bold):
        (tmp_path / face.path.name).symlink_to(face.path)
    monkeypatch.setattr(fonts, "SEARCH_DIRS", ())
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path))
    found = fonts.cjk_fonts()
    assert found.regular.path.parent == tmp_path
    assert found.regular.index == real.regular.index
