"""Adapt ``orgkit.site`` to MkDocs, nothing more: the events of the site's hook and of the ``orgkit`` plugin.

Every build (and every ``mkdocs serve`` reload, through ``watch: [orgtemplates]``)
loads and checks the library, then adds the generated pages and files in memory;
no generated Markdown is written to ``docs/``. The per-role downloads are written
straight into the built site, beside the build (see ``on_files``). Library errors
fail the build with the checker's own messages.

Two ways in, one implementation: this repository's ``scripts/mkdocs_hooks.py`` re-exports
these events, and the ``orgkit`` MkDocs plugin (:mod:`orgkit.mkdocs_plugin`) hands its
events here with ``edition="company"``: a company library (``orgkit init``) then gets its
own pages and the packaged theme (:mod:`orgkit.theme`), without the public site's extras.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from orgkit import __version__, site, theme
from orgkit.background import Background, BackgroundError
from orgkit.check import check_library
from orgkit.load import Library

log = logging.getLogger("mkdocs.hooks.orgkit")

#: Where the library lives, relative to mkdocs.yml.
LIBRARY_DIR = "orgtemplates"

_state: dict[str, Any] = {}


@event_priority(100)  # before the search plugin reads jieba_dict_user
def on_config(config: MkDocsConfig, *, edition: str = "public", **_kwargs: Any) -> MkDocsConfig:
    theme.apply(config)
    root = Path(config.config_file_path).parent / LIBRARY_DIR
    library, problems = check_library(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PluginError("库文件有错误，无法构建网站（运行 orgkit check 查看全部问题）：\n" + "\n".join(p.as_text() for p in errors))
    warnings = len(problems) - len(errors)
    if warnings:
        log.info("orgkit: 库中有 %d 条警告（不影响构建），运行 orgkit check 查看", warnings)
    _state["library"] = library
    _state["public"] = edition == "public"
    _state.pop("toc", None)  # read again from this config on the first page
    config.nav = site.expand_nav(config.nav or [], library)
    if edition == "public":
        config.copyright = f"组织架构模板库 · 库版本 {__version__}"
    _use_jieba_dict(config, library)
    return config


def _use_jieba_dict(config: MkDocsConfig, library: Library) -> None:
    text = site.jieba_user_dict(library)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / "orgkit-jieba" / f"userdict-{digest}.txt"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, plugin in config.plugins.items():
        if name.endswith("search") and hasattr(plugin, "config") and "jieba_dict_user" in plugin.config:
            plugin.config["jieba_dict_user"] = str(path)


def on_files(files: Files, config: MkDocsConfig, **_kwargs: Any) -> Files:
    library: Library = _state["library"]
    pages = site.build_pages(library, directory_urls=config.use_directory_urls)
    if not _state["public"]:
        pages = site.company_pages(pages)
    assets = site.build_page_assets(library)
    for uri in [*pages, *assets, *site.role_download_uris(library), *site.org_office_uris(library)]:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{uri} 由 orgkit 生成，但 docs/ 中已有同名文件；请删除 docs/{uri}")
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for uri, data in assets.items():
        files.append(File.generated(config, uri, content=data))

    # Everything alive now (the library, the pages) lives until the build ends;
    # taking it out of the cyclic GC's sight saves each later collection the walk
    # over it (about 1.5 s of a 2,000-role build). Undone when the build ends, so
    # `mkdocs serve` reloads do not pile up frozen garbage.
    gc.freeze()
    # The role downloads (four files a role) and the orgs' office files are not MkDocs
    # files: no page needs them to render, so they are built and written into site_dir
    # beside the build, on the second core where possible, and collected in on_post_build.
    site_dir = Path(config.site_dir)

    def write_downloads() -> None:
        site.write_files(site_dir, site.build_role_downloads(library))
        site.write_files(site_dir, site.build_org_office(library))

    writer = Background(write_downloads)
    writer.start()
    _state["downloads"] = writer
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_kwargs: Any) -> str:
    uri = page.file.src_uri
    if page.file.generated_by and _state["public"]:
        page.edit_url = site.page_edit_url(uri) or page.edit_url
        body = site.render_role_body(markdown, _toc_settings(config)) if site.is_role_page(uri) else None
        if body is not None:
            _state.setdefault("fast", {})[uri] = body
            markdown, _state.setdefault("blocks", {})[uri] = site.fast_role_markdown(body)
        elif site.stashes_html(uri):
            markdown, _state.setdefault("blocks", {})[uri] = site.stash_html_blocks(markdown)
    return site.fill_tokens(markdown, _state["library"])


def _toc_settings(config: MkDocsConfig) -> site.TocSettings:
    if "toc" not in _state:
        _state["toc"] = site.TocSettings.from_config(dict((config.mdx_configs or {}).get("toc", {})))
    return _state["toc"]


def on_page_content(html: str, page: Page, **_kwargs: Any) -> str:
    uri = page.file.src_uri
    blocks = _state.get("blocks", {}).pop(uri, None)
    if blocks is None:
        return html
    html = site.restore_html_blocks(html, blocks)
    body: site.FastBody | None = _state.get("fast", {}).pop(uri, None)
    if body is not None:
        _add_headings(page, body)
    if site.is_role_page(uri):
        html, _state.setdefault("hidden", {})[uri] = site.hide_unsearched(html)
    return html


def _add_headings(page: Page, body: site.FastBody) -> None:
    """The fast path's h2s, into the table of contents and the page's known anchors."""
    top = next(iter(page.toc), None)
    if top is None or top.id != body.h1_id:
        raise PluginError(f"{page.file.src_uri}：h1 的 id 是 {top.id if top else '（无）'}，预期 {body.h1_id}（orgkit 的缺陷，请报告）")
    top.children = [AnchorLink(title, hid, 2) for hid, title in body.headings]
    page.present_anchor_ids = (page.present_anchor_ids or set()) | {hid for hid, _title in body.headings}


@event_priority(-100)  # after the search plugin has indexed page.content
def on_page_context(context: dict[str, Any], page: Page, **_kwargs: Any) -> dict[str, Any]:
    hidden = _state.get("hidden", {}).pop(page.file.src_uri, None)
    if hidden is not None:
        page.content = site.restore_html_blocks(page.content or "", hidden, kind="search")
    return context


def on_post_build(config: MkDocsConfig, **_kwargs: Any) -> None:
    gc.unfreeze()
    writer: Background | None = _state.pop("downloads", None)
    if writer is None:
        return
    try:
        writer.wait()
    except BackgroundError as exc:
        raise PluginError(f"下载文件（岗位说明书，组织架构模板的手册、组织图、定岗定编表）写出失败：{exc}") from None


def on_build_error(error: Exception, **_kwargs: Any) -> None:
    gc.unfreeze()
    writer: Background | None = _state.pop("downloads", None)
    if writer is not None:
        writer.cancel()


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_kwargs: Any) -> str:
    return site.safe_title_tag(output, page_title=page.title or "", site_name=config.site_name)


__all__ = [name for name in dir() if name.startswith("on_")]
