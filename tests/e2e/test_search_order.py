"""Search order in Chromium: a page whose title, alias or English name equals the
query is the first result (scripts/orgkit/theme/javascripts/exact-search.js, orgkit.search_names).

Material alone lists 总工程师 and 经理助理 before the 总经理 spec: its Chinese query
segmentation cuts 总经理 into 总 + 经理. Consecutive queries lead to different
pages, so a stale result list can never pass for the next query's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

#: (typed query, page that must come first). Titles, aliases, English names; short and long.
FIRST = [
    ("总经理", "roles/general-manager/"),
    ("会计", "roles/accountant/"),
    ("出纳", "roles/cashier/"),
    ("总工", "roles/chief-engineer/"),  # alias
    ("监事", "roles/statutory-supervisor/"),
    ("董事", "roles/director/"),
    ("CEO", "roles/general-manager/"),  # alias, Latin
    ("经理助理", "roles/manager-assistant/"),
    ("总工程师", "roles/chief-engineer/"),
    ("财务经理", "roles/finance-manager/"),
    ("财务总监", "roles/finance-director/"),
    ("矩阵制", "structures/matrix/"),
    ("法务", "roles/legal-specialist/"),
    ("职能制", "structures/functional/"),
    ("质检员", "roles/quality-inspector/"),
    ("直线制", "structures/simple-line/"),  # alias
    ("采购员", "roles/purchasing-specialist/"),  # alias
    ("销售经理", "roles/sales-manager/"),
    ("副总经理", "roles/deputy-general-manager/"),
    ("董事长", "roles/chairman/"),
    ("HR经理", "roles/hr-manager/"),  # mixed Latin and Han
    ("技术总监", "roles/technical-director/"),
    ("执行董事", "roles/director/"),  # the retired title, kept as an alias
    ("出纳员", "roles/cashier/"),
    ("客服经理", "roles/customer-service-manager/"),
    ("科技公司", "orgs/tech-company/"),  # an org template
    # The posts Chinese SMEs hire most, as job ads title them (issue: search finds a post by its common title).
    ("店长", "roles/store-manager/"),
    ("厨师长", "roles/head-chef/"),
    ("前台", "roles/receptionist/"),
    ("司机", "roles/driver/"),
    ("HRBP", "roles/hrbp/"),
    ("招聘专员", "roles/recruiting-specialist/"),
    ("主播", "roles/live-streamer/"),
    ("施工员", "roles/site-engineer/"),
    ("资料员", "roles/document-controller/"),
    ("调度员", "roles/dispatcher/"),
    ("物业管家", "roles/property-steward/"),
    ("护士长", "roles/head-nurse/"),
    ("课程顾问", "roles/course-consultant/"),
    ("新媒体运营", "roles/new-media-operator/"),
    ("电商运营", "roles/ecommerce-operator/"),
    ("数据分析师", "roles/data-analyst/"),
    ("叉车司机", "roles/forklift-driver/"),
    ("保安员", "roles/security-guard/"),
    ("律师", "roles/lawyer/"),
    ("注册会计师", "roles/cpa/"),
    ("服务顾问", "roles/service-advisor/"),
    ("前端开发", "roles/frontend-engineer/"),
    ("测试工程师", "roles/software-test-engineer/"),
    ("总账会计", "roles/general-ledger-accountant/"),
    ("董秘", "roles/board-secretary/"),
    ("仓库管理员", "roles/warehouse-keeper/"),
    ("质量工程师", "roles/qe-engineer/"),
    ("安全员", "roles/safety-officer/"),
]


@pytest.fixture(scope="module")
def search_page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url)
    yield page
    context.close()


def test_queries_lead_to_different_pages_in_turn() -> None:
    assert len(FIRST) >= 50
    assert all(a[1] != b[1] for a, b in itertools.pairwise(FIRST))


@pytest.mark.parametrize(("query", "path"), FIRST, ids=[q for q, _p in FIRST])
def test_exact_name_comes_first(search_page: Any, query: str, path: str) -> None:
    from playwright.sync_api import expect

    page = search_page
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    # Material listens for key events: type the query as a reader would, then a real key press.
    box.type(query)
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text("个符合条件的结果", timeout=20_000)
    first = page.locator(".md-search-result__list > .md-search-result__item a.md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(rf"/{re.escape(path)}(?:[?#].*)?$"), timeout=10_000)
