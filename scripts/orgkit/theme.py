"""The site's look, shipped inside the orgkit package: Material partial overrides, CSS and JS.

``orgkit/theme/`` is added to the theme's search path (after a project's own
``custom_dir``, so a company can still override a partial), which makes MkDocs copy
its stylesheets and scripts into every site as theme files; :func:`apply` also lists
them in ``extra_css`` and ``extra_javascript``. The public site and every company
site made by ``orgkit init`` get the same files, so upgrading orgkit updates them all.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent / "theme"

EXTRA_CSS = ("stylesheets/extra.css",)
#: The copy button, the structure selector, exact-name search order, the full-screen chart viewer.
EXTRA_JAVASCRIPT = ("javascripts/copy-spec.js", "javascripts/selector.js", "javascripts/exact-search.js", "javascripts/chart-viewer.js")


def apply(config: MkDocsConfig) -> None:
    """Put the packaged theme into ``config`` (idempotent: ``mkdocs serve`` reloads call it again)."""
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for uri in EXTRA_CSS:
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    listed = {str(script) for script in config.extra_javascript}
    for uri in EXTRA_JAVASCRIPT:
        if uri not in listed:
            config.extra_javascript.append(uri)
