"""The site: generated page set, navigation, downloads, escaping, and a real MkDocs build.

Most tests call ``orgkit.site`` directly on the frozen fixture library in
tests/fixtures/site/. The build tests run ``mkdocs build --strict`` on a temporary
project that inherits the real mkdocs.yml, so they exercise the hook, the theme
and the Markdown extensions exactly as the published site does.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from orgkit import __version__
from orgkit.check import check_library
from orgkit.load import Library
from orgkit.render.markdown import esc, page_url, rel, url_between
from orgkit.site import (
    COUNTS_TOKEN,
    NAV_CHUNK,
    build_assets,
    build_pages,
    expand_nav,
    fill_tokens,
    jieba_user_dict,
    page_edit_url,
    safe_title_tag,
)
from support import assert_clean_build, make_project, mkdocs_build, warnings_in

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def library() -> Library:
    lib, problems = check_library(FIXTURE)
    assert [p.as_text() for p in problems if p.severity == "error"] == []
    return lib


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, str]:
    return build_pages(library)


@pytest.fixture(scope="module")
def assets(library: Library) -> dict[str, bytes]:
    return build_assets(library)


# ---------------------------------------------------------------------------
# escaping


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<img src=x onerror=alert(1)>", ["<img", "<"]),
        ("[x](javascript:alert(1))", ["[x]", "](", "("]),
        ("**粗体** _斜体_ `代码`", ["**", "_", "`"]),
        ("a | b", ["|"]),
        ("{: onclick=alert(1) }", ["{"]),
        ("&lt;script&gt;", ["&lt;script"]),
        ("!!! note", ["!!!"]),
        ('" onmouseover="alert(1)', ['"']),
    ],
)
def test_esc_neutralises_markup(text: str, forbidden: list[str]) -> None:
    out = esc(text)
    for token in forbidden:
        assert token not in out


@pytest.mark.parametrize("text", ["- 列表", "+ 列表", "1. 列表", "12) 列表", ": 定义", "# 标题", "> 引用"])
def test_esc_never_starts_a_block(text: str) -> None:
    out = esc(text)
    assert not re.match(r"^(?:[-+:#>]|\d+[.)])", out), out


def test_esc_collapses_lines() -> None:
    assert esc("第一行\n\n第二行\t 结尾") == "第一行 第二行 结尾"


def test_links_are_relative() -> None:
    assert rel("roles/a.md", "orgs/b.md") == "../orgs/b.md"
    assert rel("index.md", "roles/a.md") == "roles/a.md"
    assert page_url("roles/a.md") == "roles/a/"
    assert page_url("roles/index.md") == "roles/"
    assert url_between("orgs/x.md", "roles/y.md") == "../../roles/y/"
    assert url_between("orgs/x.md", "roles/y.md", directory_urls=False) == "../roles/y.html"


def test_relpath_agrees_with_posixpath() -> None:
    import itertools
    import posixpath

    from orgkit.render.markdown import relpath

    paths = [".", "", "a", "a/b", "a/b/c.md", "a/c", "b", "b/a", "a/b/c", "roles/x/index.html", "downloads/roles/x.docx"]
    for path, start in itertools.product(paths, repeat=2):
        assert relpath(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)


# ---------------------------------------------------------------------------
# the page set


def test_every_entity_gets_a_page(library: Library, pages: dict[str, str]) -> None:
    for folder, entities in (("structures", library.structures), ("orgs", library.orgs), ("roles", library.roles)):
        for entity_id in entities:
            assert f"{folder}/{entity_id}.md" in pages
    for uri in [
        "structures/index.md",
        "structures/compare.md",
        "orgs/index.md",
        "roles/index.md",
        "browse/index.md",
        "browse/industry/trade.md",
        "browse/size/small.md",
        "browse/stage/growth.md",
        "browse/scope/company.md",
        "browse/family/marketing-sales.md",
        "browse/level/manager.md",
        "reference/index.md",
        "reference/fields.md",
        "reference/rules.md",
        "reference/api.md",
        "data/index.md",
    ]:
        assert uri in pages


def test_pages_are_deterministic(library: Library, pages: dict[str, str]) -> None:
    assert build_pages(library) == pages
    assert list(pages) == sorted(pages)


def _url_targets(pages: dict[str, str], assets: dict[str, bytes]) -> dict[str, str]:
    """Final site URL → docs uri, for pages (directory URLs) and files."""
    targets = {page_url(uri): uri for uri in pages}
    targets.update({uri: uri for uri in assets})
    return targets


def test_every_local_link_resolves(pages: dict[str, str], assets: dict[str, bytes]) -> None:
    """Markdown links (docs paths) and raw HTML links (final URLs, which MkDocs does not check)."""
    import posixpath

    known = set(pages) | set(assets) | {"guides/choose-structure.md"}
    urls = _url_targets(pages, assets)
    checked = 0
    for uri, text in pages.items():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if target.startswith("https://"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), target))
            assert resolved in known, f"{uri} → {target}"
            checked += 1
        base = page_url(uri)
        for target in re.findall(r'href="([^"#]+)', text):
            if target.startswith("https://"):
                continue
            resolved = posixpath.normpath(posixpath.join(base, target)) + ("/" if target.endswith("/") else "")
            assert resolved in urls, f"{uri} → {target}"
            checked += 1
    assert checked > 100


def test_role_page_is_a_duty_spec(pages: dict[str, str]) -> None:
    page = pages["roles/sales-manager.md"]
    headings = re.findall(r"^## ([^{\n]+?)(?: \{.*\})?$", page, flags=re.M)
    assert headings[:7] == ["基本信息", "岗位概述", "岗位职责", "任职资格", "考核指标", "工作关系", "岗位权限"]
    assert '<div class="role-spec" markdown>' in page
    assert page.index('data-copy-target=".role-spec"') < page.index('<div class="role-spec"')
    # Where the role is used, with that chart's boss: reporting lines belong to charts.
    row = '<tr><th scope="row"><a href="../../orgs/trading-company/">小型商贸公司</a></th><td>销售部</td><td><a href="../general-manager/">总经理</a></td>'
    assert row in page
    assert 'href="../../downloads/roles/sales-manager.docx"' in page


def test_org_page_has_chart_table_and_downloads(pages: dict[str, str]) -> None:
    page = pages["orgs/trading-company.md"]
    assert '<div class="org-chart" data-search-exclude>\n<svg' in page
    assert "```text\n" in page and "```mermaid" not in page
    for suffix in ("svg", "drawio", "docx"):
        assert f"../downloads/orgs/trading-company.{suffix}" in page
    assert "../downloads/yaml/orgs/trading-company.yaml" in page
    assert "https://github.com/orgtemplates/orgtemplates/edit/main/orgtemplates/orgs/trading-company.yaml" in page
    assert "[销售经理](../roles/sales-manager.md)" in page
    # the chart's role links are raw HTML, so they are final URLs
    assert 'href="../../roles/sales-manager/"' in page


def test_structure_page_shows_example_chart(pages: dict[str, str]) -> None:
    page = pages["structures/line-functional.md"]
    assert '<div class="org-chart"' in page
    for heading in ("## 特点", "## 优点", "## 缺点", "## 适用范围", "## 示例：小型商贸公司"):
        assert heading in page


def test_compare_page_has_every_structure(library: Library, pages: dict[str, str]) -> None:
    page = pages["structures/compare.md"]
    assert "| 结构类型 | 规模 | 阶段 | 优点 | 缺点 | 典型行业 |" in page
    for structure in library.structures.values():
        assert f"[{structure.title}]" in page


def test_reference_lists_every_field_and_rule(pages: dict[str, str]) -> None:
    from orgkit.model import Org, Role, Structure
    from orgkit.rules import RULES

    fields = pages["reference/fields.md"]
    for model in (Role, Org, Structure):
        for name in model.model_fields:
            assert f"| `{name}` |" in fields
    rules = pages["reference/rules.md"]
    for code in RULES:
        assert f"| `{code}` |" in rules


def test_home_tokens_are_filled(library: Library) -> None:
    text = fill_tokens(f"前\n\n{COUNTS_TOKEN}\n\n后", library)
    assert "orgkit:" not in text
    assert f"**{len(library.roles)}** 份岗位说明书" in text
    assert __version__ in text
    assert (REPO / "docs" / "index.md").read_text(encoding="utf-8").count(COUNTS_TOKEN) == 1


# ---------------------------------------------------------------------------
# downloads and data


def test_assets_match_the_links(library: Library, assets: dict[str, bytes]) -> None:
    """Exactly the files the pages link to: four a role, ten an org, the YAML of each entity, the data files."""
    from orgkit.render.exports import org_office_name
    from orgkit.schema import schemas
    from orgkit.site import ORG_OFFICE

    expected = {"downloads/orgtemplates-roles-docx.zip", "data/library.json", "data/jieba-userdict.txt", "search/exact-names.json"}
    for role_id in library.roles:
        expected |= {f"downloads/roles/{role_id}.{suffix}" for suffix in ("docx", "md", "txt")} | {f"downloads/yaml/roles/{role_id}.yaml"}
    for org_id in library.orgs:
        expected |= {f"downloads/orgs/{org_id}.{suffix}" for suffix in ("svg", "drawio", "docx")} | {f"downloads/yaml/orgs/{org_id}.yaml"}
        expected |= {f"downloads/orgs/{org_office_name(org_id, fmt)}" for fmt in ORG_OFFICE}
    expected |= {f"downloads/yaml/structures/{s}.yaml" for s in library.structures}
    expected |= {f"{folder}/{name}" for name in schemas() for folder in ("data/schema", "schema")}
    assert set(assets) == expected
    for role_id, role in library.roles.items():
        assert assets[f"downloads/yaml/roles/{role_id}.yaml"] == (FIXTURE / "roles" / f"{role_id}.yaml").read_bytes()
        assert assets[f"downloads/roles/{role_id}.md"].decode("utf-8").startswith(f"# {role.title}"), role_id
        assert assets[f"downloads/roles/{role_id}.txt"].decode("utf-8-sig").startswith(role.title), role_id
        assert assets[f"downloads/roles/{role_id}.docx"][:2] == b"PK", role_id
    assert assets["downloads/orgs/trading-company.svg"].startswith(b"<?xml")
    with zipfile.ZipFile(io.BytesIO(assets["downloads/orgtemplates-roles-docx.zip"])) as archive:
        assert archive.namelist() == [*(f"{r}.docx" for r in sorted(library.roles)), "index.txt"]


def test_library_json_holds_every_entity(library: Library, assets: dict[str, bytes]) -> None:
    data = json.loads(assets["data/library.json"])
    assert data["version"] == __version__
    assert [r["id"] for r in data["roles"]] == sorted(library.roles)
    assert [o["id"] for o in data["orgs"]] == sorted(library.orgs)
    assert [s["id"] for s in data["structures"]] == sorted(library.structures)
    assert data["vocab"]["families"][0]["id"] == "general-management"


def test_schemas_are_copies_of_schema_dir(assets: dict[str, bytes]) -> None:
    for path in sorted((REPO / "schema").glob("*.json")):
        assert assets[f"data/schema/{path.name}"] == path.read_bytes(), f"{path.name}：运行 python -m orgkit schema"


def test_assets_are_deterministic(library: Library, assets: dict[str, bytes]) -> None:
    assert build_assets(library) == assets


# ---------------------------------------------------------------------------
# navigation, search dictionary, edit links


def _big_library(library: Library, n: int) -> Library:
    role = library.roles["sales-representative"]
    roles = {f"rep-{i:04d}": role.model_copy(update={"id": f"rep-{i:04d}"}) for i in range(n)}
    return Library(root=library.root, vocab=library.vocab, structures=library.structures, orgs=library.orgs, roles=roles)


def _depth_and_widths(nav: object, depth: int = 0) -> tuple[int, int]:
    if isinstance(nav, dict):
        (value,) = nav.values()
        return _depth_and_widths(value, depth)
    if isinstance(nav, list):
        results = [_depth_and_widths(item, depth + 1) for item in nav]
        return max([depth, *[d for d, _ in results]]), max([len(nav), *[w for _, w in results]])
    return depth, 0


def test_nav_is_nested_and_chunked(library: Library) -> None:
    nav = [{"首页": "index.md"}, {"岗位说明书": "roles/index.md"}, {"指南": ["guides/index.md"]}]
    big = _big_library(library, 3 * NAV_CHUNK + 7)
    expanded = expand_nav(nav, big)
    roles_section = expanded[1]["岗位说明书"]
    assert roles_section[0] == "roles/index.md"
    family = roles_section[1]["市场营销与销售"]
    assert family[0] == "browse/family/marketing-sales.md"
    chunks = family[1:]
    assert [len(next(iter(c.values()))) for c in chunks] == [NAV_CHUNK, NAV_CHUNK, NAV_CHUNK, 7]
    _depth, widest = _depth_and_widths(expanded)
    assert widest <= NAV_CHUNK
    assert expanded[2] == {"指南": ["guides/index.md"]}


def test_jieba_dict_keeps_short_names_whole(library: Library) -> None:
    structure = library.structures["line-functional"]
    lib = Library(
        root=library.root,
        vocab=library.vocab,
        structures={
            "matrix": structure.model_copy(update={"id": "matrix", "title": "矩阵制", "aliases": ["矩阵型组织"]}),
            "x": structure.model_copy(update={"id": "x", "title": "直线职能制", "aliases": []}),
        },
        roles={"qc": library.roles["sales-representative"].model_copy(update={"id": "qc", "title": "品检员", "aliases": ["客服主管"]})},
    )
    words = jieba_user_dict(lib).splitlines()
    assert "矩阵制" in words and "品检员" in words
    # long names and names jieba splits into whole words stay split, so their parts stay findable
    assert "直线职能制" not in words and "客服主管" not in words
    assert words == sorted(words)


def test_edit_links_point_at_the_yaml() -> None:
    assert page_edit_url("roles/cashier.md") == "https://github.com/orgtemplates/orgtemplates/edit/main/orgtemplates/roles/cashier.yaml"
    assert page_edit_url("roles/index.md") is None
    assert page_edit_url("structures/compare.md") is None
    assert page_edit_url("guides/glossary.md") is None


def test_title_tag_is_reescaped() -> None:
    title = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    output = "<head><title></title><script>alert(1)</script> - 站点</title></head>"
    fixed = safe_title_tag(output, page_title=title, site_name="站点")
    assert "<script>" not in fixed
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - 站点</title>" in fixed


# ---------------------------------------------------------------------------
# real builds (``mkdocs build --strict`` without ``-q``: a warning fails the build and the test)


EVIL_TITLE = "<img src=x onerror=alert(1)>"
EVIL_LINK = "[x](javascript:alert(1))"
EVIL_TAG = "</title><script>alert(2)</script>"


def _poison(library_dir: Path) -> None:
    role = library_dir / "roles" / "sales-manager.yaml"
    text = role.read_text(encoding="utf-8")
    text = text.replace("title: 销售经理", f"title: '{EVIL_TITLE}'")
    text = text.replace("  - 分解年度销售目标，制订区域和客户的销售计划。", f"  - '{EVIL_LINK}'")
    text = text.replace("aliases: [销售部经理, 业务经理]", f"aliases: ['{EVIL_TAG}', '<a href=\"javascript:alert(3)\">x</a>']")
    role.write_text(text, encoding="utf-8")
    org = library_dir / "orgs" / "trading-company.yaml"
    text = org.read_text(encoding="utf-8").replace("title: 小型商贸公司", f"title: '{EVIL_TAG}'")
    text = text.replace("    - title: 行政部", f"    - title: '{EVIL_TITLE}'")
    org.write_text(text, encoding="utf-8")


def test_built_html_escapes_yaml_text(tmp_path: Path) -> None:
    library_dir = tmp_path / "lib"
    shutil.copytree(FIXTURE, library_dir)
    _poison(library_dir)
    assert EVIL_TITLE in (library_dir / "roles" / "sales-manager.yaml").read_text(encoding="utf-8")  # the poison took
    project = make_project(tmp_path, library_dir)
    assert_clean_build(mkdocs_build(project, tmp_path / "site"))
    site = tmp_path / "site"
    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) > 20
    for path in html_files:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site)
        assert "<img src=x" not in html, where
        assert "<script>alert" not in html, where
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, flags=re.I), where
        assert not re.search(r"<a [^>]*>x</a>", html), where
    role_html = (site / "roles" / "sales-manager" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1 id=\"[^\"]*\">(.*?)<a class=\"headerlink\"", role_html)
    assert h1 and html_lib.unescape(h1.group(1)) == EVIL_TITLE  # shown as text, exactly, not dropped
    duty = re.search(r"<ol>\s*<li>(.*?)</li>", role_html.split('id="岗位职责"')[1], flags=re.S)
    assert duty and html_lib.unescape(duty.group(1)) == EVIL_LINK  # the first duty, as visible text only
    title = re.search(r"<title>(.*?)</title>", (site / "orgs" / "trading-company" / "index.html").read_text(encoding="utf-8"), flags=re.S)
    assert title and html_lib.unescape(title.group(1)) == f"{EVIL_TAG} - 组织架构模板库"


def test_strict_build_fails_on_a_warning(tmp_path: Path) -> None:
    """The guard under every other build test: a broken link in a page must fail the build."""
    project = make_project(tmp_path, FIXTURE)
    (project / "docs" / "index.md").write_text("# 首页\n\n[不存在的页面](no-such-page.md)\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert any("no-such-page.md" in line for line in warnings_in(output)), output
    assert "Aborted with 1 warnings in strict mode" in output


_HREF = re.compile(r"(?:href|src)=\"([^\"]+)\"")


def test_built_site_has_no_dead_links_and_every_download(real_site: Path) -> None:
    """Every relative link in the built HTML reaches a file, and every generated file is the bytes orgkit makes."""
    site = real_site
    checked = 0
    downloads = 0
    # 404.html is the exception: servers show it at any path, so MkDocs gives it root-absolute links.
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            target = html_lib.unescape(href).split("#")[0].split("?")[0]
            if not target or re.match(r"[a-z]+:", target) or target.startswith("//"):
                continue
            path = (page.parent / target).resolve()
            if target.endswith("/") or path.is_dir():
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(site)} → {href}"
            checked += 1
            downloads += "/downloads/" in path.as_posix()
    library, _problems = check_library(REPO / "orgtemplates")
    assert checked > 5000
    assert downloads >= 4 * len(library.roles)  # every role page links its four downloads
    for uri, data in build_assets(library).items():
        assert (site / uri).read_bytes() == data, uri


def test_library_errors_fail_the_build(tmp_path: Path) -> None:
    library_dir = tmp_path / "lib"
    shutil.copytree(FIXTURE, library_dir)
    role = library_dir / "roles" / "sales-representative.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("reports_to: sales-manager", "reports_to: no-such-role"), encoding="utf-8")
    project = make_project(tmp_path, library_dir)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(r"orgtemplates/roles/sales-representative\.yaml:\d+:\d+: R203 .*no-such-role", output), output
    assert "Traceback" not in output


def test_raw_links_follow_use_directory_urls(library: Library, assets: dict[str, bytes]) -> None:
    import posixpath

    pages = build_pages(library, directory_urls=False)
    urls = {page_url(uri, directory_urls=False): uri for uri in pages} | {uri: uri for uri in assets}
    page = pages["roles/sales-manager.md"]
    hrefs = re.findall(r'href="([^"#]+)', page)
    assert "../orgs/trading-company.html" in hrefs
    for target in hrefs:
        if not target.startswith("https://"):
            assert posixpath.normpath(posixpath.join("roles", target)) in urls, target


@pytest.fixture(scope="module")
def markdown_config() -> tuple[list[Any], dict[str, Any]]:
    """The site's Markdown extensions and their settings, read from mkdocs.yml by MkDocs itself."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def _convert(text: str, extensions: list[Any], configs: dict[str, Any]) -> tuple[str, list[Any]]:
    import markdown

    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text  # MkDocs strips the front matter first
    html = md.convert(body)
    return re.sub(r">\s+<", "><", html), md.toc_tokens  # type: ignore[attr-defined]


def test_html_block_extension_keeps_every_page(markdown_config: tuple[list[Any], dict[str, Any]], pages: dict[str, str]) -> None:
    """orgkit.markdown_blocks gives the HTML and table of contents Python-Markdown gives without it.

    Byte for byte up to the whitespace between tags: without the extension md_in_html
    re-serialises the HTML inside a ``markdown`` div, one tag per line.
    """
    extensions, configs = markdown_config
    assert "orgkit.markdown_blocks" in extensions
    without = [e for e in extensions if e != "orgkit.markdown_blocks"]
    real_library, _problems = check_library(REPO / "orgtemplates")
    every = {**pages, **{f"real:{u}": t for u, t in build_pages(real_library).items()}}
    every.update({f"docs:{p.relative_to(REPO)}": p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").rglob("*.md"))})
    stashed = 0
    for uri, text in every.items():
        fast = _convert(text, extensions, configs)
        assert fast == _convert(text, without, configs), uri
        stashed += uri.startswith("real:roles/")
    assert stashed > 50


def test_html_block_extension_takes_only_complete_blocks() -> None:
    from orgkit.markdown_blocks import _complete_block

    assert _complete_block("<table>\n<tr><td>x</td></tr>\n</table>")
    assert _complete_block('<div class="a">\n<div>x</div>\n</div>')
    assert not _complete_block("<div markdown>\n## x\n</div>")  # asks for Markdown inside
    assert not _complete_block("<div>a</div> tail")  # text after the block
    assert not _complete_block("<div>a</div>\n<div>b")  # an unclosed second div
    assert not _complete_block("<p>a</p><ul><li>b</li></ul>")  # ends on another tag than it opens
    assert not _complete_block("<span>x</span>")  # not a block-level tag
    assert not _complete_block("<!-- comment -->")
