"""Reporting lines belong to charts: every chart use of every role shows that chart's boss.

Walks the real library: for each box that names a role, the boss found by ``chart_bosses``
must appear on the org page's unit row, in the org's Word file, on the role page (in the row for
that template) and in a handbook-style chart-context spec; and what a role states on its own
(``reports_to``) must agree with all of them.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import docx
import pytest

from orgkit.check import check_library
from orgkit.load import Library
from orgkit.model import chart_bosses
from orgkit.render import markdown as md
from orgkit.render import text as spec
from orgkit.render.docx import org_docx, role_docx
from orgkit.site import build_pages

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def library() -> Library:
    lib, problems = check_library(REPO / "orgtemplates")
    assert [p.as_text() for p in problems if p.severity == "error"] == []
    return lib


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, str]:
    return build_pages(library)


def _boss_title(library: Library, boss_role: str | None, boss_unit: str | None, top: str = spec.NONE) -> str:
    return spec.role_title(library, boss_role) if boss_role else (boss_unit or top)


def test_every_use_shows_the_charts_boss_on_the_role_page(library: Library, pages: dict[str, str]) -> None:
    checked = 0
    for role_id in sorted(library.roles):
        page = pages[md.entity_uri("role", role_id)]
        rows = page.split("## 在各模板中的位置", 1)[1].split("## ", 1)[0].split("<tr>")
        for use in library.role_uses(role_id):
            org = library.orgs[use.org]
            boss = html.escape(_boss_title(library, use.boss_role, use.boss_unit, md.TOP_OF_CHART), quote=False)
            row = [r for r in rows if f">{html.escape(org.title, quote=False)}</a></th><td>{html.escape(use.unit, quote=False)}</td>" in r]
            assert row, f"{role_id}: no row for {use.org}/{use.unit}"
            assert any(f"<td>{boss}</td>" in r or f">{boss}</a></td>" in r for r in row), f"{role_id} in {use.org}: boss {boss} missing"
            checked += 1
    assert checked >= 300, "the library uses roles in hundreds of chart boxes"


def test_every_unit_row_of_an_org_page_shows_its_boss(library: Library, pages: dict[str, str]) -> None:
    for org_id, org in sorted(library.orgs.items()):
        table = pages[md.entity_uri("org", org_id)].split("## 单位与职责", 1)[1].split("\n## ", 1)[0]
        rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
        nodes = list(chart_bosses(org.chart))
        assert len(rows) == len(nodes), org_id
        for row, (node, _path, boss) in zip(rows, nodes, strict=True):
            last = row.rstrip(" |").rsplit("|", 1)[1].strip()
            if boss is None:
                assert last == "—", f"{org_id}/{node.title}"
            else:
                assert html.escape(_boss_title(library, boss.role, boss.title), quote=False) in last, f"{org_id}/{node.title}: {last}"


def test_org_word_file_and_chart_context_spec_carry_the_charts_boss(library: Library) -> None:
    for org_id, org in sorted(library.orgs.items()):
        units = docx.Document(io.BytesIO(org_docx(org, library))).tables[1]
        for row, (node, _path, boss) in zip(units.rows[1:], chart_bosses(org.chart), strict=True):
            if boss is not None:
                assert row.cells[3].text.split("\n")[-1] == "上级：" + _boss_title(library, boss.role, boss.title), f"{org_id}/{node.title}"
    # A spec rendered in one chart's context (as the handbook does) prints that chart's boss.
    role_id = next(rid for rid in sorted(library.roles) if len({u.boss_role for u in library.role_uses(rid)}) > 1)
    for use in library.role_uses(role_id):
        lines = spec.Reporting.in_chart(use.boss_role, use.boss_unit, use.subordinates, library)
        info = dict(spec.basic_info(library.roles[role_id], library, lines))
        assert info["直接上级"] == _boss_title(library, use.boss_role, use.boss_unit)
        table = docx.Document(io.BytesIO(role_docx(library.roles[role_id], library, lines))).tables[0]
        assert table.rows[2].cells[1].text == info["直接上级"]


def test_what_a_role_states_alone_is_true_in_every_chart(library: Library) -> None:
    for role_id, role in sorted(library.roles.items()):
        if role.relations.reports_to:
            assert {u.boss_role for u in library.role_uses(role_id)} <= {role.relations.reports_to}, role_id
