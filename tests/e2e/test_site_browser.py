"""The built site in Chromium: Chinese search lands on the right page; pages load
with no console errors and no request off the host; screenshots for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from orgkit import __version__
from orgkit.check import check_library

REPO = Path(__file__).resolve().parents[2]

#: (query, page the query must lead to). Typed as a reader would type them.
SEARCHES = [
    ("话务量", "roles/customer-service-supervisor/"),  # a word inside duties, jieba-split
    ("执行董事", "roles/director/"),  # an alias (the retired title) finds the current one
    ("matrix", "structures/matrix/"),  # English titles are searchable
    ("矩阵制", "structures/matrix/"),
    ("客户投诉", "roles/complaint-specialist/"),
    ("出纳", "roles/cashier/"),
]

ORG_PAGE = "orgs/cs-dept-large/"
ROLE_PAGE = "roles/customer-service-supervisor/"


def _search(page: Any, query: str) -> None:
    from playwright.sync_api import expect

    box = page.locator("input.md-search__input")
    box.click()
    # Material listens for key events; typed CJK text arrives as input events only,
    # so finish with a real key press, as an IME's commit would produce.
    box.type(query)
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text("个符合条件的结果", timeout=20_000)


def _result_link(page: Any, path: str) -> Any:
    """The result for ``path``, scrolling the list so Material renders more results if needed."""
    from playwright.sync_api import expect

    # Result links look like …/roles/x/?h=query (search.highlight) or …/roles/x/?h=query#section.
    selector = ", ".join(f'a.md-search-result__link[href{op}"/{path}{tail}"]' for op, tail in (("$=", ""), ("*=", "?"), ("*=", "#")))
    link = page.locator(selector).first
    items = page.locator(".md-search-result__item")
    for _ in range(10):
        if link.count():
            return link
        count = items.count()
        items.last.scroll_into_view_if_needed()
        try:
            expect(items).not_to_have_count(count, timeout=2_000)
        except AssertionError:
            break
    return link


@pytest.mark.parametrize(("query", "path"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_chinese_search_lands_on_the_page(watched: Any, base_url: str, query: str, path: str) -> None:
    from playwright.sync_api import expect

    page = watched.page
    page.goto(base_url)
    _search(page, query)
    link = _result_link(page, path)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(base_url + path)))
    expect(page.locator("article h1").first).to_be_visible()
    assert watched.offhost == []


def _check_clean(watched: Any) -> None:
    assert watched.page_errors == []
    assert watched.console_errors == []
    assert watched.offhost == [], "页面向站外发出了请求"
    assert watched.dialogs == []


def test_home_page(watched: Any, base_url: str, artifacts: Path) -> None:
    from playwright.sync_api import expect

    page = watched.page
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    # The live counts replaced the hook's token (an HTML comment, so look at the markup, not the text).
    library, _problems = check_library(REPO / "orgtemplates")
    counts = f"目前收录 {len(library.structures)} 种组织结构类型、{len(library.orgs)} 个组织架构模板、{len(library.roles)} 份岗位说明书（库版本 {__version__}）"
    expect(page.locator("article")).to_contain_text(counts)
    assert "orgkit:" not in page.content()
    expect(page.locator("footer")).to_contain_text("库版本")
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)
    _check_clean(watched)


def _assert_downloads_respond(page: Any, labels: list[str]) -> None:
    """Exactly these download buttons, and each fetches a non-empty file."""
    links = page.locator(".downloads a").all()
    assert [link.inner_text().strip() for link in links] == labels
    for link in links:
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok and response.body(), link.get_attribute("href")


def test_org_page(watched: Any, base_url: str, artifacts: Path) -> None:
    from playwright.sync_api import expect

    page = watched.page
    page.goto(base_url + ORG_PAGE)
    page.wait_for_load_state("networkidle")
    chart = page.locator(".org-chart svg").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    # chart boxes link to the role pages
    role_link = page.locator(".org-chart svg a").first
    href = role_link.get_attribute("href") or role_link.get_attribute("xlink:href")
    assert href and "roles/" in href
    expect(page.locator("table").filter(has_text="单位")).to_be_visible()
    office = ["岗位职责手册 Word", "组织图 PNG", "组织图 PDF", "组织图 PPT", "定岗定编表 Excel", "全部打包 zip"]
    labels = ["组织图 SVG", "draw.io", "Word", "YAML", *office]
    for name in labels:
        expect(page.locator(".downloads a").filter(has_text=re.compile(f"^{re.escape(name)}$"))).to_be_visible()
    _assert_downloads_respond(page, labels)
    page.screenshot(path=str(artifacts / "org-page.png"), full_page=True)
    _check_clean(watched)


def test_role_page(watched: Any, base_url: str, artifacts: Path) -> None:
    from playwright.sync_api import expect

    page = watched.page
    page.goto(base_url + ROLE_PAGE)
    page.wait_for_load_state("networkidle")
    spec = page.locator(".role-spec")
    expect(spec).to_be_visible()
    for heading in ("基本信息", "岗位概述", "岗位职责", "任职资格", "考核指标", "工作关系"):
        expect(spec.locator("h2", has_text=heading)).to_be_visible()
    expect(page.locator("button.copy-spec")).to_be_visible()
    # heading anchors keep Chinese
    assert page.locator('h2[id="岗位职责"]').count() == 1
    _assert_downloads_respond(page, ["Word", "Markdown", "纯文本", "YAML"])
    edit = page.locator("a", has_text="在 GitHub 上编辑此文件")
    assert edit.get_attribute("href") == "https://github.com/orgtemplates/orgtemplates/edit/main/orgtemplates/roles/customer-service-supervisor.yaml"
    page.screenshot(path=str(artifacts / "role-page.png"), full_page=True)
    _check_clean(watched)
