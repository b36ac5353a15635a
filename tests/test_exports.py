"""Duty-spec exports as an HR person receives them: .docx read back, Markdown, text, zip, CLI.

Every .docx is opened again with python-docx and checked the way a person would
check the printout: the sections in order, every duty in order, the 基本信息
table in its place, Chinese fonts set, A4. Where LibreOffice is installed the
file is also laid out for real and the page count checked.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm

from orgkit import __version__
from orgkit.cli import main
from orgkit.export import Progress
from orgkit.load import Library, load_library
from orgkit.model import Org, Relations, Role, chart_bosses, roles_used
from orgkit.render import text as spec
from orgkit.render.docx import FIXED_DATE, ZIP_DATE, org_docx, role_docx
from orgkit.render.exports import UTF8_BOM, all_roles_zip, entity_json, org_files, role_file, role_files
from support import require_tool, to_pdf

REPO = Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid"
LIBRARY = REPO / "orgtemplates"


@pytest.fixture(scope="module")
def real_library() -> Library:
    # Content is written in parallel; whatever loads cleanly must export cleanly.
    library, _problems = load_library(LIBRARY)
    return library


def all_roles(*libraries: Library) -> Iterator[tuple[Role, Library]]:
    for library in libraries:
        for role_id in sorted(library.roles):
            yield library.roles[role_id], library


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def body_paragraphs(doc: DocxDocument) -> list:  # type: ignore[type-arg]
    return [p for p in doc.paragraphs if p.text.strip()]


def east_asia(rpr_owner) -> str | None:  # type: ignore[no-untyped-def]
    rpr = rpr_owner.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def is_numbered(paragraph) -> bool:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


# ---------------------------------------------------------------------------
# Role .docx


def check_role_docx(role: Role, library: Library, data: bytes) -> None:
    doc = open_docx(data)
    paragraphs = body_paragraphs(doc)
    where = f"{role.id}.docx"

    assert paragraphs[0].style.name == "Title", where
    assert paragraphs[0].text == f"{role.title}岗位说明书", where

    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [*spec.section_titles(role), "签字确认", "修订记录"], where
    assert headings[-4].endswith("工作条件") and headings[-3].endswith("职业发展"), where
    assert headings[:6] == ["一、基本信息", "二、岗位概述", "三、岗位职责", "四、任职资格", "五、考核指标", "六、工作关系"]
    assert ("七、岗位权限" in headings) == bool(role.authority), where

    # Paragraphs between two headings, by heading text.
    sections: dict[str, list] = {}  # type: ignore[type-arg]
    current = None
    for p in paragraphs[1:]:
        if p.style.name == "Heading 1":
            current = p.text
            sections[current] = []
        elif current is not None:
            sections[current].append(p)

    assert [p.text for p in sections["二、岗位概述"]] == [role.summary], where
    duties = sections["三、岗位职责"]
    assert [p.text for p in duties] == [spec.duty_line(d) for d in role.duties], f"{where}: duties missing or out of order"
    assert all(is_numbered(p) for p in duties), f"{where}: duties must be a Word numbered list"
    if role.kpis:
        assert [p.text for p in sections["五、考核指标"]] == role.kpis, where
    if role.authority:
        assert [p.text for p in sections["七、岗位权限"]] == role.authority, where
    # Each list restarts at 1: its own numbering instance.
    num_ids = {p._p.pPr.numPr.numId.val for p in sections["三、岗位职责"] + sections["五、考核指标"]}
    assert len(num_ids) == (2 if role.kpis else 1), where

    # Tables: 基本信息 (4 columns, pairs of label/value, 英文名称 and 别名 spanning), 任职资格, 工作关系,
    # 工作条件, 职业发展, 签字栏, 修订记录.
    assert len(doc.tables) == 7, where
    basic, requirements, relations, conditions, career, signatures, revisions = doc.tables
    info = dict(spec.basic_info(role, library))
    assert len(basic.rows) == 5 and len(basic.columns) == 4, where
    for row in basic.rows[:3]:
        cells = [c.text for c in row.cells]
        assert cells[1] == info[cells[0]] and cells[3] == info[cells[2]], f"{where}: {cells}"
    for row, label in zip(basic.rows[3:], ("英文名称", "别名"), strict=True):
        wide = [c.text for c in row.cells]
        assert wide[0] == label and wide[1] == wide[2] == wide[3] == info[label], where
    assert [c.text for c in basic.columns[0].cells[:3]] == ["岗位名称", "岗位族", "直接上级"], where
    assert info["直接上级"] == library.standalone_boss(role), where
    assert re.fullmatch(r"[A-Z]{2,4}-[0-9A-F]{4}", info["岗位编号"]), where
    cond = {r.cells[0].text: r.cells[1].text for r in conditions.rows}
    assert cond["工作环境"] == role.conditions.environment and cond["工时制度"] in ("标准工时制", "综合计算工时制", "不定时工作制"), where
    assert [r.cells[0].text for r in career.rows] == ["晋升方向", "轮岗方向"], where
    assert [r.cells[0].text for r in signatures.rows] == ["签字人", "任职者", "直接上级", "人力资源部"], where
    assert all("年" in r.cells[2].text for r in signatures.rows[1:]), f"{where}: every signer has a date"
    assert [c.text for c in revisions.rows[0].cells] == ["版本", "修订日期", "修订内容", "修订人"], where
    assert info["岗位名称"] == role.title
    assert info["岗位族"] == library.label("families", role.family)
    assert info["岗位层级"] == library.label("levels", role.level)

    req_rows = [(r.cells[0].text, r.cells[1].text) for r in requirements.rows]
    assert [label for label, _ in req_rows] == ["学历", "工作经验", "知识与技能", "素质要求", "资格证书"], where
    assert req_rows[0][1] == role.requirements.education
    assert req_rows[1][1] == role.requirements.experience
    for skill in role.requirements.skills:
        assert skill in req_rows[2][1], where
    assert [r.cells[0].text for r in relations.rows] == ["内部协调", "外部联系"], where
    for partner in role.relations.internal:
        assert partner in relations.rows[0].cells[1].text, where

    # Chinese fonts: on the styles (so text typed later matches) and on every run.
    for style_name in ("Normal", "Title", "Heading 1"):
        assert east_asia(doc.styles[style_name].element), f"{where}: {style_name} has no w:eastAsia font"
    runs = [r for p in doc.paragraphs for r in p.runs] + [
        r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert runs and all(east_asia(r._r) for r in runs), f"{where}: a run without w:eastAsia font"
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:asciiTheme")) is None, "theme fonts override explicit ones and must be gone"

    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05), "A4"
    header = " ".join(p.text for p in section.header.paragraphs)
    assert header == f"{role.title} · 组织架构模板库 v{__version__}", where


def test_every_role_docx_reads_back(fixture_library: Library, real_library: Library) -> None:
    checked = 0
    for role, library in all_roles(fixture_library, real_library):
        check_role_docx(role, library, role_docx(role, library))
        checked += 1
    assert checked >= 2


def test_docx_is_byte_identical_across_builds(fixture_library: Library) -> None:
    role = fixture_library.roles["fx-manager"]
    first, second = role_docx(role, fixture_library), role_docx(role, fixture_library)
    assert first == second
    org = fixture_library.orgs["fx-company"]
    assert org_docx(org, fixture_library) == org_docx(org, fixture_library)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
        names = archive.namelist()
    assert "docProps/thumbnail.jpeg" not in names, "the template's unrelated preview image must be dropped"
    props = open_docx(first).core_properties
    assert props.created == props.modified == FIXED_DATE
    assert props.title == "测试部门经理岗位说明书"


def test_missing_references_fall_back_to_ids(fixture_library: Library) -> None:
    role = fixture_library.roles["fx-clerk"].model_copy(update={"relations": Relations(reports_to="nobody")})
    info = dict(spec.basic_info(role, fixture_library))
    assert info["直接上级"] == "nobody"
    assert info["直接下级"] == spec.NONE


# ---------------------------------------------------------------------------
# Org .docx


def check_org_docx(org: Org, library: Library, data: bytes) -> None:
    doc = open_docx(data)
    paragraphs = body_paragraphs(doc)
    assert paragraphs[0].text == f"{org.title}组织架构"
    assert org.summary in [p.text for p in paragraphs]
    for trait in org.traits:
        assert trait in [p.text for p in paragraphs], f"{org.id}: trait missing"

    fits_table, units, *rest = doc.tables
    fits = {r.cells[0].text: r.cells[1].text for r in fits_table.rows}
    structure = library.structures.get(org.structure)
    assert fits["结构类型"] == (structure.title if structure else org.structure)
    for industry in org.fits.industries:
        assert library.label("industries", industry) in fits["适用行业"]

    nodes = list(chart_bosses(org.chart))
    assert [c.text for c in units.rows[0].cells] == ["单位", "类型", "职责", "岗位与上级"]
    assert len(units.rows) == len(nodes) + 1, f"{org.id}: one row per unit"
    for row, (node, _path, boss) in zip(units.rows[1:], nodes, strict=True):
        assert row.cells[0].text == node.title
        for duty in node.duties:
            assert duty in row.cells[2].text, f"{org.id}/{node.title}: duty missing"
        lines = row.cells[3].text.split("\n")
        if node.role:
            assert lines[0] == spec.role_title(library, node.role)
        if boss is not None:
            # The chart's boss, whatever the role file says (reporting lines belong to charts).
            assert lines[-1] == "上级：" + (spec.role_title(library, boss.role) if boss.role else boss.title), f"{org.id}/{node.title}"

    used = roles_used(org)
    if used:
        (roles_table,) = rest
        assert [r.cells[0].text for r in roles_table.rows[1:]] == [spec.role_title(library, rid) for rid in used]

    for style_name in ("Normal", "Heading 1"):
        assert east_asia(doc.styles[style_name].element)


def test_every_org_docx_reads_back(fixture_library: Library, real_library: Library) -> None:
    for library in (fixture_library, real_library):
        for org in library.orgs.values():
            files = org_files(org, library)
            assert list(files) == [f"{org.id}.docx"]
            check_org_docx(org, library, files[f"{org.id}.docx"])


# ---------------------------------------------------------------------------
# Markdown and plain text


def test_role_files_names_and_sections(fixture_library: Library, real_library: Library) -> None:
    for role, library in all_roles(fixture_library):
        assert list(role_files(role, library)) == [f"{role.id}.docx", f"{role.id}.md", f"{role.id}.txt"]
    for role, library in all_roles(fixture_library, real_library):
        files = {f"{role.id}.{fmt}": role_file(role, library, fmt) for fmt in ("md", "txt")}  # .docx checked above
        md = files[f"{role.id}.md"].decode("utf-8")
        raw_txt = files[f"{role.id}.txt"]
        assert raw_txt.startswith(UTF8_BOM) and not files[f"{role.id}.md"].startswith(UTF8_BOM)
        txt = raw_txt.decode("utf-8-sig")

        assert md.splitlines()[0] == f"# {spec.md_escape(spec.spec_title(role))}"
        assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == spec.section_titles(role)
        assert txt.splitlines()[0] == spec.spec_title(role)
        assert [line for line in txt.splitlines() if line in spec.section_titles(role)] == spec.section_titles(role)

        # Every duty, numbered and in order, in both.
        md_duties = [line for line in md.splitlines() if re.match(r"^\d+\. ", line)][: len(role.duties)]
        txt_duties = [line for line in txt.splitlines() if re.match(r"^\d+\. ", line)][: len(role.duties)]
        expected = [f"{i}. {spec.duty_line(d)}" for i, d in enumerate(role.duties, 1)]
        assert txt_duties == expected, role.id
        assert md_duties == [f"{i}. {spec.md_escape(spec.duty_line(d))}" for i, d in enumerate(role.duties, 1)], role.id

        for label, value in spec.basic_info(role, library):
            assert f"{label}：{value}" in txt
        assert role.requirements.education in txt and role.summary in txt
        for kpi in role.kpis:
            assert kpi in txt
        assert "¶" not in md + txt


def test_markdown_escapes_role_text(fixture_library: Library) -> None:
    role = fixture_library.roles["fx-clerk"]
    odd = role.model_copy(update={"summary": "负责 A|B 表格与 *重点* 事项 <b>", "title": "测试#专员"})
    md = spec.role_markdown(odd, fixture_library)  # type: ignore[arg-type]
    assert "负责 A\\|B 表格与 \\*重点\\* 事项 \\<b\\>" in md
    assert "| 岗位名称 | 测试\\#专员 |" in md


# ---------------------------------------------------------------------------
# All roles in one zip; JSON


def test_all_roles_zip_is_sorted_deterministic_and_valid(fixture_library: Library) -> None:
    data = all_roles_zip(fixture_library)
    assert data == all_roles_zip(fixture_library)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        docx_names = [n for n in names if n.endswith(".docx")]
        assert docx_names == sorted(docx_names) == [f"{rid}.docx" for rid in sorted(fixture_library.roles)]
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
        for name in docx_names:
            role = fixture_library.roles[name.removesuffix(".docx")]
            check_role_docx(role, fixture_library, archive.read(name))
        index = archive.read("index.txt").decode("utf-8-sig")
        assert "fx-clerk.docx\t测试专员" in index


def test_entity_json_round_trips(fixture_library: Library) -> None:
    for entity in [*fixture_library.roles.values(), *fixture_library.orgs.values(), *fixture_library.structures.values()]:
        data = json.loads(entity_json(entity))
        assert type(entity).model_validate(data) == entity


# ---------------------------------------------------------------------------
# CLI


def test_cli_exports_all_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--root", str(VALID), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fx-clerk.docx", "fx-company.docx", "fx-manager.docx"]
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"已导出 3 个文件（Word 文档）到 {tmp_path.as_posix()}/"], "no TTY: one summary line, no bar"


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_cli_formats_for_named_ids(fmt: str, tmp_path: Path, fixture_library: Library) -> None:
    ids = ["fx-clerk", "fx-company"] if fmt == "json" else ["fx-clerk"]
    assert main(["export", "--root", str(VALID), "--format", fmt, "--out", str(tmp_path), *ids]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.{fmt}" for i in ids)
    content = (tmp_path / f"fx-clerk.{fmt}").read_bytes()
    if fmt == "json":
        assert Role.model_validate_json(content) == fixture_library.roles["fx-clerk"]
    else:
        assert "登记部门来往文件并按时归档。" in content.decode("utf-8-sig")


def test_cli_unknown_id_exits_2_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--root", str(VALID), "--out", str(tmp_path), "fx-clerc", "no-such-role"]) == 2
    err = capsys.readouterr().err
    assert "找不到这些 id" in err and "fx-clerc（是否想写 fx-clerk？）" in err and "no-such-role" in err
    assert not tmp_path.exists() or not any(tmp_path.iterdir()), "nothing is written on a usage error"


def test_cli_refuses_formats_an_org_has_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--root", str(VALID), "--format", "md", "--out", str(tmp_path), "fx-company"]) == 2
    assert "不能导出为 md" in capsys.readouterr().err


def test_cli_refuses_a_library_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    shutil.copytree(VALID, root)
    (root / "roles" / "broken.yaml").write_text("id: broken\ntitle: 坏岗位\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "--root", str(root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "S101" in err and "修正后才能导出" in err
    assert not out.exists()


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    bar = Progress(3, tty)
    for name in ("a", "b", "c"):
        bar.step(name)
    bar.finish()
    shown = tty.getvalue()
    assert "\r导出 " in shown and "3/3 c" in shown and "████████████████████████" in shown
    assert shown.endswith("\r\033[K"), "the bar is cleared before the summary line"

    plain = io.StringIO()
    quiet = Progress(3, plain)
    quiet.step("a")
    quiet.finish()
    assert plain.getvalue() == ""
    single = Tty()
    Progress(1, single).step("a")
    assert single.getvalue() == "", "one entity needs no bar"


# ---------------------------------------------------------------------------
# Real layout: LibreOffice


def pdf_pages(pdf: bytes) -> int:
    # LibreOffice writes one uncompressed “/Type /Page” dictionary per page.
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_typical_roles_fit_three_a4_pages(tmp_path: Path, fixture_library: Library, real_library: Library) -> None:
    soffice = require_tool(
        shutil.which("soffice") or shutil.which("libreoffice"),
        "LibreOffice（soffice），无法核对 .docx 的页数",
        "apt-get install libreoffice-writer-nogui poppler-utils",
    )
    # A typical role, the fixture roles and the three longest real roles.
    roles = list(all_roles(fixture_library))
    real = sorted(all_roles(real_library), key=lambda rl: len(spec.role_text(*rl)))
    roles += real[-3:]
    if "cashier" in real_library.roles:
        roles.append((real_library.roles["cashier"], real_library))
    for role, library in roles:
        (tmp_path / f"{role.id}.docx").write_bytes(role_docx(role, library))
    names = sorted({f"{role.id}.docx" for role, _ in roles})
    to_pdf(soffice, tmp_path, names)
    for name in names:
        pdf = tmp_path / name.replace(".docx", ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        pages = pdf_pages(pdf.read_bytes())
        # Two pages of spec plus the 签字栏 and 修订记录, which may start a third.
        assert 1 <= pages <= 3, f"{name}: {pages} pages; a duty spec with its sign-off must fit on three A4 pages"


def test_standalone_boss_is_the_general_statement_when_charts_differ(fixture_library: Library) -> None:
    # Without reports_to a role states its boss only in general terms: charts decide the rest.
    clerk = fixture_library.roles["fx-clerk"].model_copy(update={"relations": Relations(reports_to_note="部门经理（视所在组织而定）")})
    assert dict(spec.basic_info(clerk, fixture_library))["直接上级"] == "部门经理（视所在组织而定）"
    bare = fixture_library.roles["fx-clerk"].model_copy(update={"relations": Relations()})
    assert dict(spec.basic_info(bare, fixture_library))["直接上级"] == "视所在组织而定"


def test_zip_reuses_word_files_already_built(fixture_library: Library) -> None:
    ids = sorted(fixture_library.roles)
    built = {role_id: f"prebuilt {role_id}".encode() for role_id in ids}
    with zipfile.ZipFile(io.BytesIO(all_roles_zip(fixture_library, built))) as archive:
        assert [archive.read(f"{role_id}.docx") for role_id in ids] == [built[r] for r in ids]
    fresh = all_roles_zip(fixture_library)
    with zipfile.ZipFile(io.BytesIO(fresh)) as archive:
        assert archive.read(f"{ids[0]}.docx") == role_docx(fixture_library.roles[ids[0]], fixture_library)
