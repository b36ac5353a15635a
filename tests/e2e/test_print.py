"""Printing in Chromium: a role page is an A4 岗位说明书 with nothing of the site
around it; an org page puts its chart on one landscape page (the named @page "chart").

Page sizes and counts are read from the PDF Chromium writes (page.pdf); what is
hidden is read from the page under print media. Look at the PDFs by hand with
``pdftoppm -png`` (they are kept in test-artifacts/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROLE_PAGE = "roles/customer-service-supervisor/"
ORG_PAGE = "orgs/semiconductor-large/"  # the widest chart
A4 = (595, 842)  # points, portrait
#: Site chrome and controls that must not reach paper.
HIDDEN = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-path", ".md-content__button"]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def _pdf_pages(data: bytes) -> list[tuple[int, int]]:
    """(width, height) in points of every page, in order (Chromium writes one MediaBox a page)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def _print(page: Any, url: str, out: Path) -> list[tuple[int, int]]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    out.write_bytes(data)
    page.emulate_media(media="print")
    return _pdf_pages(data)


def _visible(page: Any, selector: str) -> bool:
    return any(el.is_visible() for el in page.locator(selector).all())


def test_role_page_prints_as_an_a4_duty_spec(page: Any, base_url: str, artifacts: Path) -> None:
    sizes = _print(page, base_url + ROLE_PAGE, artifacts / "print-role.pdf")
    assert set(sizes) == {A4}
    assert 1 <= len(sizes) <= 4, f"{len(sizes)} pages for one duty spec"
    for selector in [*HIDDEN, "button.copy-spec", ".downloads", "h2#修改与反馈", "h2#使用此岗位的模板"]:
        assert not _visible(page, selector), f"{selector} prints"
    assert page.locator(".role-spec").is_visible()
    for heading in ("岗位职责", "任职资格", "考核指标"):
        assert page.locator(".role-spec h2", has_text=heading).is_visible()
    # Rows and list items stay whole: the browser moves them to the next page instead of cutting them.
    breaks = page.evaluate(
        "() => [...document.querySelectorAll('.role-spec tr, .role-spec li')].map(e => getComputedStyle(e).breakInside)"
    )
    assert breaks and set(breaks) == {"avoid"}
    assert page.evaluate("getComputedStyle(document.querySelector('article h1'), '::after').content") == '"岗位说明书"'


def test_org_page_prints_its_chart_on_one_landscape_page(page: Any, base_url: str, artifacts: Path) -> None:
    sizes = _print(page, base_url + ORG_PAGE, artifacts / "print-org.pdf")
    landscape = [i for i, size in enumerate(sizes) if size == A4[::-1]]
    assert len(landscape) == 1, sizes
    assert set(sizes) == {A4, A4[::-1]}
    # The chart page stands alone: portrait pages before (title, summary) and after (units).
    assert 0 < landscape[0] < len(sizes) - 1
    for selector in [*HIDDEN, "button.chart-open", ".downloads"]:
        assert not _visible(page, selector), f"{selector} prints"
    chart = page.locator(".org-chart svg").first
    assert page.evaluate("s => getComputedStyle(s.parentElement).page", chart.element_handle()) == "chart"
    # Scaled into the landscape page (277 × 190 mm inside the margins) whatever its natural size.
    max_height = page.evaluate("s => getComputedStyle(s).maxHeight", chart.element_handle())
    assert float(max_height.removesuffix("px")) == pytest.approx(165 * 96 / 25.4, abs=1)
