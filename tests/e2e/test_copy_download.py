"""The 复制岗位说明书 button and the downloads, in a real Chromium.

Two kinds of page are used:

* a stand-alone page with the same markup Material renders for a role page
  (permalink ¶ anchors, scroll wrappers around tables, a Markdown header row on
  the 基本信息 table), serving scripts/orgkit/theme/javascripts/copy-spec.js and the role's
  downloads from ``role_files`` — this runs whenever Chromium is installed;
* the built site (``site_url`` from tests/e2e/conftest.py, which builds it once
  per session with ``mkdocs build --strict``): a real role page, its copy button,
  its .docx link and the all-roles zip.

``browser`` also comes from conftest.py: it skips loudly without Chromium, and
fails instead when ``CI`` is set.

The clipboard is read back in both formats, the way Word (text/html) and a
plain-text editor (text/plain) would receive it.
"""

from __future__ import annotations

import html
import io
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from docx import Document

from orgkit.load import Library, load_library
from orgkit.model import Role
from orgkit.render import text as spec
from orgkit.render.exports import role_files

REPO = Path(__file__).resolve().parents[2]
COPY_JS = REPO / "scripts" / "orgkit" / "theme" / "javascripts" / "copy-spec.js"

READ_CLIPBOARD = """async () => {
  const out = {};
  for (const item of await navigator.clipboard.read()) {
    for (const type of item.types) out[type] = await (await item.getType(type)).text();
  }
  return out;
}"""


# ---------------------------------------------------------------------------
# Browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def serve(directory: Path) -> Iterator[str]:
    handler = partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: any free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


# ---------------------------------------------------------------------------
# A role page with Material's markup


def _h2(text: str) -> str:
    anchor = html.escape(text)
    return f'<h2 id="{anchor}">{anchor}<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h2>'


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    # Material wraps every table in two scrolling divs.
    return (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>"
    )


def role_page_html(role: Role, library: Library) -> str:
    e = html.escape
    info = dict(spec.basic_info(role, library))
    req = role.requirements
    lines = lambda items: "<br>".join(e(i) for i in items) or "—"  # noqa: E731
    spec_html = "".join(
        [
            _h2("基本信息"),
            '<div class="spec-info">',
            _table(
                ["岗位名称", e(role.title), "英文名称", e(info["英文名称"])],
                [
                    ["岗位族", f'<a href="#family">{e(info["岗位族"])}</a>', "岗位层级", e(info["岗位层级"])],
                    ["直接上级", f'<a href="../x/">{e(info["直接上级"])}</a>', "直接下级", e(info["直接下级"])],
                    ["别名", e(info["别名"]), "岗位编号", f"<code>{role.id}</code>"],
                ],
            ),
            "</div>",
            _h2("岗位概述"),
            f"<p>{e(role.summary)}</p>",
            _h2("岗位职责"),
            "<ol>" + "".join(f"<li>{e(spec.duty_line(d))}</li>" for d in role.duties) + "</ol>",
            _h2("任职资格"),
            _table(
                ["项目", "要求"],
                [
                    ["学历", e(req.education)],
                    ["工作经验", e(req.experience)],
                    ["知识与技能", lines(req.skills)],
                    ["素质要求", lines(req.qualities)],
                    ["资格证书", lines(req.certificates) if req.certificates else "无"],
                ],
            ),
            _h2("考核指标"),
            "<ol>" + "".join(f"<li>{e(k)}</li>" for k in role.kpis) + "</ol>",
            _h2("工作关系"),
            _table(["关系", "对象"], [["内部协调", e("、".join(role.relations.internal) or "—")]]),
        ]
    )
    downloads = " ".join(
        f'<a class="md-button" href="downloads/{role.id}.{fmt}" download>{label}</a>'
        for fmt, label in (("docx", "Word"), ("md", "Markdown"), ("txt", "纯文本"))
    )
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{e(role.title)}</title></head>
<body><div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="title">{e(role.title)}<a class="headerlink" href="#title">¶</a></h1>
<button class="md-button copy-spec" type="button" data-copy-target=".role-spec">复制岗位说明书</button>
<div class="role-spec">{spec_html}</div>
<h2 id="downloads">下载</h2><div class="downloads">{downloads}</div>
</article></div>
<script src="copy-spec.js"></script>
</body></html>"""


@pytest.fixture(scope="module")
def library(fixture_library: Library) -> Library:
    return fixture_library


@pytest.fixture(scope="module")
def harness_url(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[str]:
    root = tmp_path_factory.mktemp("role-page")
    role = library.roles["fx-clerk"]
    (root / "index.html").write_text(role_page_html(role, library), encoding="utf-8")
    (root / "copy-spec.js").write_bytes(COPY_JS.read_bytes())
    (root / "downloads").mkdir()
    for name, data in role_files(role, library).items():
        (root / "downloads" / name).write_bytes(data)
    yield from serve(root)


# ---------------------------------------------------------------------------
# Checks shared by the stand-alone page and the real site


def click_copy_and_read(page: Any) -> dict[str, str]:
    button = page.locator("button.copy-spec")
    label = button.inner_text()
    button.click()
    page.wait_for_function("document.querySelector('button.copy-spec').textContent === '已复制'", timeout=5000)
    status = page.locator(".copy-spec-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert "已复制" in status.inner_text()
    clipboard = page.evaluate(READ_CLIPBOARD)
    # The label comes back after a moment, ready for the next copy.
    page.wait_for_function(f"document.querySelector('button.copy-spec').textContent === {json.dumps(label)}", timeout=5000)
    return clipboard


def assert_clean_spec(clipboard: dict[str, str], role: Role) -> None:
    assert {"text/html", "text/plain"} <= set(clipboard), f"clipboard holds {sorted(clipboard)}"
    rich, plain = clipboard["text/html"], clipboard["text/plain"]

    # Rich text: headings, a real numbered list, a bordered table — and no site chrome.
    assert re.search(r"<h1[^>]*>[^<]*" + re.escape(role.title) + "岗位说明书</h1>", rich), rich[:400]
    for heading in ("基本信息", "岗位概述", "岗位职责", "任职资格"):
        assert re.search(rf"<h2[^>]*>{heading}</h2>", rich), f"heading {heading} missing"
    items = re.findall(r"<li[^>]*>(.*?)</li>", rich.split("岗位职责</h2>", 1)[1].split("</ol>", 1)[0])
    assert [html.unescape(i) for i in items] == [spec.duty_line(d) for d in role.duties], "duties in order, as <li>"
    assert "<ol" in rich and "<table" in rich
    assert re.search(r"<td[^>]*border[^>]*>|<td[^>]*style=\"[^\"]*border", rich), "cell borders must be inline"
    for chrome in ("¶", "headerlink", "md-typeset", "class=", "href=", "<button", "复制岗位说明书"):
        assert chrome not in rich, f"site chrome {chrome!r} leaked into the copied HTML"
    assert re.search(r"<th[^>]*>岗位名称</th>\s*<td[^>]*>" + re.escape(role.title) + "</td>", rich), "基本信息 as label/value cells"

    # Plain text: the same layout as the .txt download.
    lines = plain.splitlines()
    assert lines[0] == f"{role.title}岗位说明书"
    assert f"岗位名称：{role.title}" in lines
    assert f"学历：{role.requirements.education}" in lines
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert numbered[: len(role.duties)] == [f"{i}. {spec.duty_line(d)}" for i, d in enumerate(role.duties, 1)]
    for heading in ("基本信息", "岗位职责", "任职资格"):
        assert heading in lines
    assert "¶" not in plain and "项目：要求" not in plain and "\t" not in plain


def assert_docx(data: bytes, role: Role) -> None:
    assert data[:2] == b"PK", "a .docx is a zip"
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == f"{role.title}岗位说明书"
    for duty in role.duties:
        assert spec.duty_line(duty) in texts


# ---------------------------------------------------------------------------
# Stand-alone role page


def test_copy_button_puts_rich_and_plain_text_on_the_clipboard(page: Any, harness_url: str, library: Library) -> None:
    page.goto(harness_url)
    clipboard = click_copy_and_read(page)
    assert_clean_spec(clipboard, library.roles["fx-clerk"])


def test_copy_falls_back_without_the_clipboard_api(page: Any, harness_url: str, library: Library) -> None:
    # Older browsers, or pages served without a secure context, have no ClipboardItem.
    page.add_init_script("delete window.ClipboardItem;")
    page.goto(harness_url)
    assert page.evaluate("typeof window.ClipboardItem") == "undefined"
    clipboard = click_copy_and_read(page)
    assert_clean_spec(clipboard, library.roles["fx-clerk"])


def test_copy_failure_is_reported(page: Any, harness_url: str) -> None:
    page.add_init_script(
        "navigator.clipboard.write = () => Promise.reject(new Error('denied'));"
        "document.execCommand = () => false;"
    )
    page.goto(harness_url)
    page.locator("button.copy-spec").click()
    page.wait_for_function("document.querySelector('button.copy-spec').textContent === '复制失败'", timeout=5000)
    assert "Ctrl+C" in page.locator(".copy-spec-status").inner_text()


def test_download_links_return_the_files(page: Any, harness_url: str, library: Library) -> None:
    role = library.roles["fx-clerk"]
    page.goto(harness_url)
    with page.expect_download() as download:
        page.locator('a[href$=".docx"]').click()
    assert download.value.suggested_filename == "fx-clerk.docx"
    assert_docx(Path(download.value.path()).read_bytes(), role)
    text = page.request.get(harness_url + "downloads/fx-clerk.txt").body().decode("utf-8-sig")
    assert text.splitlines()[0] == "测试专员岗位说明书"


# ---------------------------------------------------------------------------
# The built site


def role_page_url(page: Any, base: str) -> tuple[str, str]:
    """A role page of the built site, found through the search index (no URL scheme assumed)."""
    base = base if base.endswith("/") else base + "/"
    index = page.request.get(base + "search/search_index.json").json()
    locations = [d["location"] for d in index["docs"] if "#" not in d["location"]]
    real, _ = load_library(REPO / "orgtemplates")
    for preferred in ("cashier", *sorted(real.roles)):
        for location in locations:
            if re.search(rf"(^|/){re.escape(preferred)}(/|\.html)?$", location) and "role" in location:
                return base + location, preferred
    pytest.fail("no role page found in the site's search index")


def test_site_role_page_copy_and_docx(page: Any, site_url: str) -> None:
    url, role_id = role_page_url(page, site_url)
    real, _ = load_library(REPO / "orgtemplates")
    role = real.roles[role_id]
    page.goto(url)
    assert page.locator("button.copy-spec").count() == 1, f"{url} has no 复制岗位说明书 button"
    assert_clean_spec(click_copy_and_read(page), role)

    href = page.locator('a[href$=".docx"]').first.get_attribute("href")
    assert href, "no .docx download on the role page"
    response = page.request.get(urljoin(page.url, href))
    assert response.ok, f"{href}: HTTP {response.status}"
    assert_docx(response.body(), role)


def test_site_all_roles_zip_and_org_docx(page: Any, site_url: str) -> None:
    real, _ = load_library(REPO / "orgtemplates")
    page.goto(urljoin(site_url, "roles/"))
    link = page.get_by_role("link", name=re.compile("下载全部岗位说明书"))
    assert link.count() >= 1, "the roles index has no 下载全部岗位说明书 link"
    response = page.request.get(urljoin(page.url, link.first.get_attribute("href")))
    assert response.ok
    with zipfile.ZipFile(io.BytesIO(response.body())) as archive:
        names = [n for n in archive.namelist() if n.endswith(".docx")]
        assert names == [f"{rid}.docx" for rid in sorted(real.roles)]  # id order: “cashier” before “cashier-clerk”
        assert_docx(archive.read(names[0]), real.roles[names[0].removesuffix(".docx")])

    org = real.orgs[sorted(real.orgs)[0]]
    page.goto(urljoin(site_url, f"orgs/{org.id}/"))
    href = page.locator('a[href$=".docx"]').first.get_attribute("href")
    assert href, f"org page {org.id} has no .docx download"
    data = page.request.get(urljoin(page.url, href)).body()
    assert Document(io.BytesIO(data)).paragraphs[0].text == f"{org.title}组织架构"
