"""Golden Markdown for one role page and one org page, rendered from frozen fixtures.

The fixtures in tests/fixtures/site/ do not change with the live library. Charts
and Mermaid come from other modules, so the org page gets fixed stand-ins here:
this test is about the page layout and escaping, not the chart.

Update after an intended change:  ORGKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_markdown_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orgkit.check import check_library
from orgkit.render import markdown as md
from orgkit.site import org_downloads, role_downloads

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"
GOLDEN = REPO / "tests" / "golden" / "pages"
UPDATE = os.environ.get("ORGKIT_UPDATE_GOLDEN") == "1"

STUB_SVG = '<svg xmlns="http://www.w3.org/2000/svg" class="org-chart" viewBox="0 0 10 10"><title>stub</title></svg>'
STUB_MERMAID = "flowchart TB\n  n0[总经理]"


@pytest.fixture(scope="module")
def library():
    lib, problems = check_library(FIXTURE)
    assert [p for p in problems if p.severity == "error"] == []
    return lib


def _pages(library) -> dict[str, str]:
    role = library.roles["sales-manager"]
    org = library.orgs["trading-company"]
    return {
        "role-sales-manager.md": md.role_page(
            role,
            library,
            md.RoleExtras(downloads=role_downloads(role.id)),
        ),
        "org-trading-company.md": md.org_page(org, library, md.OrgExtras(chart_svg=STUB_SVG, mermaid=STUB_MERMAID, downloads=org_downloads(org.id))),
    }


@pytest.mark.parametrize("name", ["role-sales-manager.md", "org-trading-company.md"])
def test_page_matches_golden(library, name: str) -> None:
    actual = _pages(library)[name]
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} 不存在；运行 ORGKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_markdown_golden.py 生成"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, "页面 Markdown 与黄金文件不同；确认改动无误后运行 ORGKIT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_markdown_golden.py 更新"


def test_rendering_is_deterministic(library) -> None:
    assert _pages(library) == _pages(library)
