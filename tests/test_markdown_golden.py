"""Golden Markdown for one role page and one org page, rendered from frozen fixtures.

The fixtures in tests/fixtures/site/ do not change with the live library. Charts
and Mermaid come from other modules, so the org page gets fixed stand-ins here:
this test is about the page layout and escaping, not the chart.

Update after an intended change:  ORGKIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_markdown_golden.py
(that run rewrites the files and fails on purpose: review ``git diff tests/golden`` and run again without it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orgkit.check import check_library
from orgkit.render import markdown as md
from orgkit.site import org_downloads, role_downloads
from support import assert_golden

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"
GOLDEN = REPO / "tests" / "golden" / "pages"

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
    assert_golden(GOLDEN / name, _pages(library)[name])


def test_rendering_is_deterministic(library) -> None:
    assert _pages(library) == _pages(library)
