"""A Python-Markdown extension: complete HTML blocks go to the raw-HTML stash without being parsed.

Role pages are mostly HTML written by ``render.markdown`` (tables, lists,
paragraphs) between Markdown headings. Python-Markdown's raw-HTML handling runs
every tag of such a block through its HTML parser only to find where the block
ends, then stores the block unchanged in ``md.htmlStash`` and puts it back after
conversion. At 2,000 roles that parsing is most of the Markdown time.

This preprocessor stores the blocks whose end is plain to see in the same stash,
the same way, before the raw-HTML preprocessor runs: a block between blank lines
that opens with a block-level tag, closes that same tag at its end, holds as many
openings of that tag as closings, and asks for no Markdown inside (no
``markdown`` attribute). Everything else, including every hand-written page's
HTML with ``markdown`` attributes, is left to Python-Markdown as before. The
output is the same HTML (tests compare every page with and without it); this is
the only path, used for every page of the site through ``mkdocs.yml``.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

#: Tags a generated block may open with (all block-level for Python-Markdown).
_TAGS = ("div", "table", "ol", "ul", "dl", "p")
_OPEN = re.compile(r"<(" + "|".join(_TAGS) + r")\b[^>]*>")


def _complete_block(block: str) -> bool:
    m = _OPEN.match(block)
    if m is None or "markdown" in block:
        return False
    tag = m.group(1)
    if not block.endswith(f"</{tag}>"):
        return False
    return len(re.findall(rf"<{tag}\b", block)) == block.count(f"</{tag}>")


class _StashBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        blocks = "\n".join(lines).split("\n\n")
        out = [self.md.htmlStash.store(b) if _complete_block(b) else b for b in blocks]
        return "\n\n".join(out).split("\n")


class HtmlBlocksExtension(Extension):
    """Register the preprocessor just before Python-Markdown's raw-HTML one (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_StashBlocks(md), "orgkit_html_blocks", 21)


def makeExtension(**kwargs: Any) -> HtmlBlocksExtension:
    return HtmlBlocksExtension(**kwargs)
