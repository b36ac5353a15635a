"""Builds as ``mkdocs serve`` runs them, and the built pages as a reader's browser gets them.

* Several builds in one process (a ``serve`` reload after a library edit, after a
  failed build, after a broken library file) give byte for byte the site a fresh
  ``mkdocs build`` gives; a failed build leaves no build state in the hook.
* Under ``serve`` a broken library file becomes an error page that lists every
  problem; ``mkdocs build`` fails with the same list.
* The same site from two processes with different ``PYTHONHASHSEED``.
* Every role page's table of contents and heading anchors match its headings,
  and no placeholder or stash marker survives in any built page.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

from orgkit.check import check_library
from orgkit.error_page import MARKER
from orgkit.site import build_pages
from support import SITE_FIXTURE, assert_clean_build, make_project, mkdocs_build, tree, tree_differences

REPO = Path(__file__).resolve().parent.parent
HOOK = "scripts/mkdocs_hooks.py"


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fixture library's site from a fresh ``mkdocs build`` process (PYTHONHASHSEED=1)."""
    tmp = tmp_path_factory.mktemp("fresh")
    site = tmp / "site"
    assert_clean_build(mkdocs_build(make_project(tmp, SITE_FIXTURE), site, env={"PYTHONHASHSEED": "1"}))
    return tree(site)


def test_site_is_the_same_under_another_hash_seed(tmp_path: Path, fresh_site: dict[str, bytes]) -> None:
    """Set and dict ordering that leaks into the output shows up only across processes."""
    site = tmp_path / "site"
    assert_clean_build(mkdocs_build(make_project(tmp_path, SITE_FIXTURE), site, env={"PYTHONHASHSEED": "2"}))
    assert tree_differences(tree(site), fresh_site) == []


# ---------------------------------------------------------------------------
# `mkdocs serve`, in process


@contextmanager
def serve_session(project: Path) -> Iterator[Callable[[Path], ModuleType]]:
    """What ``mkdocs serve`` does: ``on_startup(command="serve")`` once, then a fresh config for every rebuild.

    Yields ``rebuild(site_dir)``, which builds (strict) and returns the hook module
    MkDocs loaded, so a test can look at what it holds between builds.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    def config_for(site_dir: Path) -> MkDocsConfig:
        return load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)

    first = config_for(project / "unused-site")
    first.plugins.on_startup(command="serve", dirty=False)

    def rebuild(site_dir: Path) -> ModuleType:
        config = config_for(site_dir)
        try:
            build(config)
        finally:
            hook = config.hooks[HOOK]
        return hook

    try:
        yield rebuild
    finally:
        first.plugins.on_shutdown()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} 中没有 {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_reload_after_a_library_edit_equals_a_fresh_build(tmp_path: Path) -> None:
    """品检员 is a name the search dictionary must glue: once a build hands it to jieba, jieba's global
    tokenizer no longer splits it, and a reload that asked that tokenizer would drop it from the dictionary."""
    project = make_project(tmp_path, SITE_FIXTURE)
    _edit(project / "orgtemplates" / "roles" / "sales-representative.yaml", "aliases: [业务员]", "aliases: [业务员, 品检员]")
    fresh = tmp_path / "fresh"
    assert_clean_build(mkdocs_build(project, fresh))
    assert (fresh / "data" / "jieba-userdict.txt").read_text(encoding="utf-8") == "品检员\n"
    role = project / "orgtemplates" / "roles" / "sales-manager.yaml"
    original = role.read_text(encoding="utf-8")
    _edit(role, "title: 销售经理", "title: 区域销售经理")
    site = tmp_path / "site"
    with serve_session(project) as rebuild:
        rebuild(site)
        assert "区域销售经理" in (site / "roles" / "sales-manager" / "index.html").read_text(encoding="utf-8")
        role.write_text(original, encoding="utf-8")
        rebuild(site)
    assert tree_differences(tree(site), tree(fresh)) == []


def test_serve_reload_after_a_failed_build_equals_a_fresh_build(tmp_path: Path, fresh_site: dict[str, bytes]) -> None:
    """The failure comes after every page was generated and rendered: strict mode aborts at the end."""
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path, SITE_FIXTURE)
    index = project / "docs" / "index.md"
    original = index.read_text(encoding="utf-8")
    site = tmp_path / "site"
    with serve_session(project) as rebuild:
        rebuild(site)
        index.write_text(original + "\n[断链](no-such-page.md)\n", encoding="utf-8")
        _edit(project / "orgtemplates" / "roles" / "sales-manager.yaml", "title: 销售经理", "title: 区域销售经理")
        with pytest.raises(Abort, match="strict mode"):
            rebuild(site)
        assert (site / "roles" / "sales-manager" / "index.html").is_file()  # it failed after the pages were written
        hook = sys_hook()
        assert hook._build is None, "失败的构建在 hook 中留下了状态"
        index.write_text(original, encoding="utf-8")
        _edit(project / "orgtemplates" / "roles" / "sales-manager.yaml", "title: 区域销售经理", "title: 销售经理")
        rebuild(site)
    assert tree_differences(tree(site), fresh_site) == []


def sys_hook() -> ModuleType:
    import sys

    return sys.modules[HOOK]


# ---------------------------------------------------------------------------
# a broken library file: an error page under serve, a failure under build


def _break_library(library: Path) -> None:
    # Two errors, one of them carrying markup that must reach the page as text.
    _edit(library / "roles" / "sales-representative.yaml", "reports_to: sales-manager", "reports_to: no-such-role")
    _edit(library / "roles" / "sales-manager.yaml", "family: marketing-sales", "family: '<b>x</b>'")


def _expected_errors(library: Path) -> list[str]:
    _library, problems = check_library(library)
    errors = [p.as_text() for p in problems if p.severity == "error"]
    assert len(errors) >= 2 and any("<b>x</b>" in e for e in errors), errors
    return errors


def _listed(page: str) -> list[str]:
    return [html_lib.unescape(item) for item in re.findall(r"<li><code>(.*?)</code></li>", page)]


def test_serve_shows_library_errors_as_a_page_then_the_site(tmp_path: Path, fresh_site: dict[str, bytes]) -> None:
    project = make_project(tmp_path, SITE_FIXTURE)
    library = project / "orgtemplates"
    _break_library(library)
    expected = _expected_errors(library)
    site = tmp_path / "site"
    with serve_session(project) as rebuild:
        rebuild(site)  # no exception: `serve` keeps answering
        for name in ("index.html", "404.html"):
            page = (site / name).read_text(encoding="utf-8")
            assert MARKER in page and "<b>x</b>" not in page, name
            assert _listed(page) == expected, name
            assert re.fullmatch(r"\S+\.yaml:\d+:\d+: [A-Z]\d{3} .+", _listed(page)[0])
        assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == ["404.html", "index.html"]
        shutil.rmtree(library)
        shutil.copytree(SITE_FIXTURE, library)
        rebuild(site)
    assert tree_differences(tree(site), fresh_site) == []


def test_build_fails_with_the_same_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, SITE_FIXTURE)
    _break_library(project / "orgtemplates")
    monkeypatch.chdir(project)  # paths are printed relative to where mkdocs runs
    expected = _expected_errors(Path("orgtemplates"))
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert [line for line in output.splitlines() if re.match(r"\S+\.yaml:\d+:\d+: ", line)] == expected
    assert "Traceback" not in output


# ---------------------------------------------------------------------------
# the built pages


class _PageParts(HTMLParser):
    """The article's headings (level, id, text), each heading's permalink hrefs, and each TOC's links (href, text).

    Material renders the table of contents twice: in the right sidebar and, for small screens, inside the left one.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str, str]] = []
        self.permalinks: dict[str, list[str]] = {}
        self.tocs: list[list[tuple[str, str]]] = []
        self._heading: tuple[int, str] | None = None
        self._text: list[str] = []
        self._in_headerlink = False
        self._toc_depth = 0  # nesting of <nav> inside the secondary (TOC) nav
        self._toc_link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "nav" and (self._toc_depth or "md-nav--secondary" in classes):
            if not self._toc_depth:
                self.tocs.append([])
            self._toc_depth += 1
        if re.fullmatch(r"h[1-6]", tag) and a.get("id") and self._toc_depth == 0:
            self._heading, self._text = (int(tag[1]), a["id"] or ""), []
        elif tag == "a" and self._heading and "headerlink" in classes:
            self.permalinks.setdefault(self._heading[1], []).append(a.get("href") or "")
            self._in_headerlink = True
        elif tag == "a" and self._toc_depth and "md-nav__link" in classes:
            self._toc_link, self._text = a.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1
        elif tag == "a" and self._in_headerlink:
            self._in_headerlink = False
        elif tag == "a" and self._toc_link is not None:
            self.tocs[-1].append((self._toc_link, "".join(self._text).strip()))
            self._toc_link = None
        elif self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((*self._heading, "".join(self._text).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if (self._heading and not self._in_headerlink) or self._toc_link is not None:
            self._text.append(data)


def test_role_pages_toc_and_anchors_match_their_headings(real_site: Path) -> None:
    from markdown.extensions.toc import unique
    from mkdocs.config import load_config

    slugify = load_config(str(REPO / "mkdocs.yml")).mdx_configs["toc"]["slugify"]
    library, _problems = check_library(REPO / "orgtemplates")
    pages = build_pages(library)
    for role_id, role in sorted(library.roles.items()):
        parts = _PageParts()
        parts.feed((real_site / "roles" / role_id / "index.html").read_text(encoding="utf-8"))
        source_h2 = [re.sub(r"\s*\{[^}]*\}$", "", h) for h in re.findall(r"^## (.+)$", pages[f"roles/{role_id}.md"], flags=re.M)]
        assert [(level, text) for level, _id, text in parts.headings] == [(1, role.title)] + [(2, h) for h in source_h2], role_id
        seen: set[str] = set()
        ids = [unique(slugify(text, "-"), seen) for _level, _id, text in parts.headings]
        assert [hid for _level, hid, _text in parts.headings] == ids, role_id
        for _level, hid, _text in parts.headings:
            assert parts.permalinks.get(hid) == [f"#{hid}"], (role_id, hid)
        # Material lists the h1's children: every h2, in order, linking to its id.
        toc = [(f"#{hid}", text) for level, hid, text in parts.headings if level == 2]
        assert parts.tocs == [toc, toc], role_id


#: Markers that must never reach a reader: the hook's tokens, Python-Markdown's stash placeholders, md_in_html's attribute.
LEFTOVERS = re.compile(r"orgkit:(?:counts|version|md|search)|<!--\s*orgkit|\x02|\x03|wzxhzdk|klzzwxh|<div[^>]*\bmarkdown\b")


def test_no_placeholder_survives_in_any_page(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        found = LEFTOVERS.search(path.read_text(encoding="utf-8"))
        assert found is None, f"{path.relative_to(real_site)}: {found.group(0)!r}"
