"""MkDocs hooks: adapt ``orgkit.site`` to MkDocs, nothing more.

Every build (and every ``mkdocs serve`` reload, through ``watch: [orgtemplates]``)
loads and checks the library, then adds the generated pages and files in memory;
no generated Markdown is written to ``docs/``. Library errors fail the build with
the checker's own messages.
"""

from __future__ import annotations

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

from orgkit import __version__, site
from orgkit.check import check_library
from orgkit.load import Library

log = logging.getLogger("mkdocs.hooks.orgkit")

#: Where the library lives, relative to mkdocs.yml.
LIBRARY_DIR = "orgtemplates"

_state: dict[str, Any] = {}


@event_priority(100)  # before the search plugin reads jieba_dict_user
def on_config(config: MkDocsConfig, **_kwargs: Any) -> MkDocsConfig:
    root = Path(config.config_file_path).parent / LIBRARY_DIR
    library, problems = check_library(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PluginError("库文件有错误，无法构建网站（运行 orgkit check 查看全部问题）：\n" + "\n".join(p.as_text() for p in errors))
    warnings = len(problems) - len(errors)
    if warnings:
        log.info("orgkit: 库中有 %d 条警告（不影响构建），运行 orgkit check 查看", warnings)
    _state["library"] = library
    config.nav = site.expand_nav(config.nav or [], library)
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


class _Download(File):
    """A generated file served as is, even when it is named ``*.md`` (role exports)."""

    def is_documentation_page(self) -> bool:
        return False


def on_files(files: Files, config: MkDocsConfig, **_kwargs: Any) -> Files:
    library: Library = _state["library"]
    pages = site.build_pages(library, directory_urls=config.use_directory_urls)
    assets = site.build_assets(library, cache=site.ExportCache.default())
    for uri in [*pages, *assets]:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{uri} 由 orgkit 生成，但 docs/ 中已有同名文件；请删除 docs/{uri}")
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for uri, data in assets.items():
        files.append(_Download.generated(config, uri, content=data))
    return files


def on_page_markdown(markdown: str, page: Page, **_kwargs: Any) -> str:
    if page.file.generated_by:
        page.edit_url = site.page_edit_url(page.file.src_uri) or page.edit_url
        if site.is_role_page(page.file.src_uri):
            markdown, _state.setdefault("blocks", {})[page.file.src_uri] = site.stash_html_blocks(markdown)
    return site.fill_tokens(markdown, _state["library"])


def on_page_content(html: str, page: Page, **_kwargs: Any) -> str:
    blocks = _state.get("blocks", {}).pop(page.file.src_uri, None)
    return html if blocks is None else site.restore_html_blocks(html, blocks)


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_kwargs: Any) -> str:
    return site.safe_title_tag(output, page_title=page.title or "", site_name=config.site_name)
