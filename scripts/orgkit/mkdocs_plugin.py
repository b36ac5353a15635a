"""The ``orgkit`` MkDocs plugin: a library's site from the installed package alone.

A company library made by ``orgkit init`` lists ``- orgkit`` under ``plugins`` and needs
nothing else of the orgtemplates repository: every event goes to the same adapter the
repository's own site uses (:mod:`orgkit.mkdocs_adapter`; ``scripts/mkdocs_hooks.py`` is a
shim over it), and the adapter adds the packaged theme (:mod:`orgkit.theme`).

``edition: company`` (the default) builds the pages a company library needs: roles,
org templates, structure types, browse pages and downloads, without the public site's
contributor reference, data-download page and structure selector.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from orgkit import mkdocs_adapter as adapter


class OrgkitPluginConfig(Config):
    edition = config_options.Choice(("company", "public"), default="company")


class OrgkitPlugin(BasePlugin[OrgkitPluginConfig]):
    """Each event hands over to :mod:`orgkit.mkdocs_adapter`, with the same priorities."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        adapter.on_startup(command=command, dirty=dirty)

    def on_shutdown(self) -> None:
        adapter.on_shutdown()

    @event_priority(100)  # before the search plugin reads jieba_dict_user
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return adapter.on_config(config, edition=self.config.edition)

    def on_files(self, files: Files, /, **kwargs: Any) -> Files:
        return adapter.on_files(files, **kwargs)

    def on_page_markdown(self, markdown: str, /, **kwargs: Any) -> str:
        return adapter.on_page_markdown(markdown, **kwargs)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return adapter.on_post_page(output, page=page, config=config)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        adapter.on_post_build(config=config)

    def on_build_error(self, *, error: Exception) -> None:
        adapter.on_build_error(error=error)
