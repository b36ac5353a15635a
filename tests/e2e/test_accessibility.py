"""axe-core (npm package, injected from node_modules) in Chromium: no serious or
critical violation on each kind of page, in the light and the dark palette."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

PAGES = [
    "",  # home
    "structures/matrix/",
    "orgs/cs-dept-large/",
    "roles/customer-service-supervisor/",
    "browse/",
    "browse/industry/general/",
    "browse/family/finance/",
]

#: Material follows prefers-color-scheme on a first visit (palette media queries in mkdocs.yml).
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme=request.param)
    yield request.param, context.new_page()
    context.close()


def _violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_no_serious_axe_violation(scheme_page: tuple[str, Any], base_url: str, axe_source: str, path: str) -> None:
    scheme, page = scheme_page
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    violations = _violations(page, axe_source)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {n['target']} {n['html'][:120]}" for n in v["nodes"][:5]) for v in violations
    )
    assert violations == [], f"axe-core, {scheme} palette, /{path}:\n{report}"


def test_chart_viewer_has_no_serious_axe_violation(scheme_page: tuple[str, Any], base_url: str, axe_source: str) -> None:
    """The full-screen chart viewer (scripts/orgkit/theme/javascripts/chart-viewer.js), open."""
    from playwright.sync_api import expect

    scheme, page = scheme_page
    page.goto(base_url + "orgs/cs-dept-large/")
    page.wait_for_load_state("networkidle")
    page.locator("button.chart-open").first.click()
    expect(page.locator("dialog.chart-viewer")).to_be_visible()
    violations = _violations(page, axe_source)
    assert violations == [], f"axe-core, {scheme} palette, chart viewer: " + ", ".join(f"{v['id']} {[n['target'] for n in v['nodes'][:3]]}" for v in violations)
