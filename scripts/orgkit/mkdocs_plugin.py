"""The ``orgkit`` MkDocs plugin: a library's site from the installed package alone.

A company library made by ``orgkit init`` lists ``- orgkit`` under ``plugins`` and needs
nothing of the orgtemplates repository: every event the adapter handles
(:data:`orgkit.mkdocs_adapter.__all__`) is handed to it unchanged, with the same
priority, so the repository's own site (``scripts/mkdocs_hooks.py``, a shim over the
same adapter) and every company site run one implementation. The adapter also adds
the packaged theme (:mod:`orgkit.theme`).

``edition: company`` (the default) leaves out the public site's contributor reference,
data-download page and structure selector; ``edition: public`` is the public site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from orgkit import mkdocs_adapter as adapter


class OrgkitPluginConfig(Config):
    edition = config_options.Choice(("company", "public"), default="company")


class OrgkitPlugin(BasePlugin[OrgkitPluginConfig]):
    """Each event hands over to :mod:`orgkit.mkdocs_adapter` (see the module docstring)."""

    @event_priority(getattr(adapter.on_config, "mkdocs_priority", 0))
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return adapter.on_config(config, edition=self.config.edition)


def _hand_over(name: str) -> Callable[..., Any]:
    event = getattr(adapter, name)

    def method(self: OrgkitPlugin, *args: Any, **kwargs: Any) -> Any:
        return event(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"orgkit.mkdocs_adapter.{name}"
    if hasattr(event, "mkdocs_priority"):
        method.mkdocs_priority = event.mkdocs_priority  # type: ignore[attr-defined]
    return method


for _name in adapter.__all__:
    if _name != "on_config":
        setattr(OrgkitPlugin, _name, _hand_over(_name))
