"""Adapt ``orgkit.site`` to MkDocs, nothing more: the events of the site's hook and of the ``orgkit`` plugin.

Every build (and every ``mkdocs serve`` reload, through ``watch: [orgtemplates]``)
loads and checks the library in ``on_config``, then adds the generated pages and
files in memory (``on_files``); nothing generated is written to ``docs/``. Every
page, generated or hand-written, goes through MkDocs and Python-Markdown the
ordinary way. The one exception to "everything is a MkDocs file" is the role
downloads in Markdown: MkDocs would turn ``.md`` files into pages, so
``on_post_build`` writes those into the built site.

Library errors fail ``mkdocs build`` with the checker's own messages. Under
``mkdocs serve`` they instead become the site: one page listing them (see
``orgkit.error_page``), which reloads into the real site once a fixed file
builds, so the preview never hangs on a broken file.

Two ways in, one implementation: this repository's ``scripts/mkdocs_hooks.py`` re-exports
these events, and the ``orgkit`` MkDocs plugin (:mod:`orgkit.mkdocs_plugin`) hands its
events here with ``edition="company"``: a company library (``orgkit init``) then gets its
own pages without the public site's extras. Both get the packaged theme (:mod:`orgkit.theme`).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from orgkit import __version__, site, theme
from orgkit.check import check_library
from orgkit.error_page import error_page_html
from orgkit.load import Library
from orgkit.problems import Problem

log = logging.getLogger("mkdocs.hooks.orgkit")

#: Where the library lives, relative to mkdocs.yml.
LIBRARY_DIR = "orgtemplates"


@dataclass
class _Build:
    """What one build knows. Made afresh by ``on_config``, so nothing outlives a build."""

    library: Library
    errors: tuple[Problem, ...]  # non-empty only under `mkdocs serve`: the build shows them instead of the site
    warnings: int
    #: The public site (the hook) or a company library's (the plugin's default edition).
    public: bool = True
    #: Files MkDocs must not see, written by ``on_post_build``: the role downloads in Markdown (MkDocs would make pages of them).
    plain_files: dict[str, bytes] = field(default_factory=dict)


#: The command MkDocs runs (``on_startup``): only ``serve`` turns library errors into a page.
_command: str | None = None
#: The build in progress; replaced at the start of each build, dropped when one fails.
_build: _Build | None = None


def on_startup(*, command: str, **_kwargs: Any) -> None:
    global _command
    _command = command


def on_shutdown(**_kwargs: Any) -> None:
    global _command, _build
    _command = _build = None


def _current() -> _Build:
    if _build is None:
        raise PluginError("orgkit：构建状态缺失（on_config 未运行）；这是 orgkit 的缺陷，请报告")
    return _build


@event_priority(100)  # before the search plugin reads jieba_dict_user
def on_config(config: MkDocsConfig, *, edition: str = "public", **_kwargs: Any) -> MkDocsConfig:
    global _build
    _build = None
    theme.apply(config)
    public = edition == "public"
    root = Path(config.config_file_path).parent / LIBRARY_DIR
    library, problems = check_library(root)
    errors = tuple(p for p in problems if p.severity == "error")
    warnings = len(problems) - len(errors)
    if errors:
        message = "库文件有错误，无法构建网站（运行 orgkit check 查看全部问题）：\n" + "\n".join(p.as_text() for p in errors)
        if _command != "serve":
            raise PluginError(message)
        # Logged below WARNING: `mkdocs serve --strict` would otherwise abort, and the page would never show.
        log.info("%s\n网页上显示同样的列表；修改保存后自动刷新。", message)
        _build = _Build(library, errors, warnings, public)
        config.nav = []
        return config
    if warnings:
        log.info("orgkit: 库中有 %d 条警告（不影响构建），运行 orgkit check 查看", warnings)
    _build = _Build(library, (), warnings, public)
    config.nav = site.expand_nav(config.nav or [], library)
    if public:  # a company's mkdocs.yml names its own (orgkit init writes one)
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
    build = _current()
    if build.errors:
        # No page at all: hand-written pages link to generated ones, and their warnings would abort `serve --strict`.
        return Files([f for f in files if not f.is_documentation_page()])
    pages = site.build_pages(build.library, directory_urls=config.use_directory_urls)
    if not build.public:
        pages = site.company_pages(pages)
    assets = site.build_assets(build.library)
    build.plain_files = {uri: data for uri, data in assets.items() if uri.endswith(".md")}
    for uri in [*pages, *assets]:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{uri} 由 orgkit 生成，但 docs/ 中已有同名文件；请删除 docs/{uri}")
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for uri, data in assets.items():
        if uri not in build.plain_files:
            files.append(File.generated(config, uri, content=data))
    return files


def on_page_markdown(markdown: str, page: Page, **_kwargs: Any) -> str:
    build = _current()
    if page.file.generated_by and build.public:  # a company library is edited in its own repository
        page.edit_url = site.page_edit_url(page.file.src_uri) or page.edit_url
    return site.fill_tokens(markdown, build.library)


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_kwargs: Any) -> str:
    return site.safe_title_tag(output, page_title=page.title or "", site_name=config.site_name)


def on_post_build(config: MkDocsConfig, **_kwargs: Any) -> None:
    build = _current()
    site_dir = Path(config.site_dir)
    if build.errors:
        text = error_page_html(build.errors, warnings=build.warnings)
        for name in ("index.html", "404.html"):  # 404.html: the development server's answer to every other address
            (site_dir / name).write_text(text, encoding="utf-8")
    for uri, data in build.plain_files.items():
        path = site_dir / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def on_build_error(**_kwargs: Any) -> None:
    global _build
    _build = None


#: The events, for ``scripts/mkdocs_hooks.py`` (``import *``) and the plugin (:mod:`orgkit.mkdocs_plugin`).
__all__ = [name for name in dir() if name.startswith("on_")]
