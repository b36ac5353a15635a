"""The exact-name table behind “query equals a title or alias → that page first”.

Material's search is lunr with a prefix match, and its browser-side Chinese
segmentation cuts a query like 总经理 into 总 + 经理 (it never tries the whole
query as one word), so 总工程师 and 经理助理 can outrank the 总经理 spec. No index
weight fixes that for every query. Instead the site ships this table, every
title, alias and English name of a structure, template or role mapped to its
page, and ``scripts/orgkit/theme/javascripts/exact-search.js`` puts the page whose name equals
the query at the top of Material's result list.

Names are normalised the same way here and in the script: NFKC, no whitespace
(or the zero-width spaces jieba leaves), lower case.
"""

from __future__ import annotations

import json
import re
import unicodedata

from orgkit.load import Library
from orgkit.render.markdown import entity_uri, page_url

#: Where the table is served, relative to the site root (the script knows it too).
URI = "search/exact-names.json"

_SPACE = re.compile(r"[\s\u200b]+")
#: Summary shown under a result the script has to add itself, in characters.
_SNIPPET = 80


def normalise(name: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).lower()


def exact_names(library: Library, *, directory_urls: bool = True) -> dict[str, object]:
    """``{"pages": [[url, title, snippet]], "names": {normalised name: [page index, …]}}``.

    A name shared by several pages lists them all: pages whose title is the name
    first, then those with it as an alias, then as an English name.
    """
    pages: list[list[str]] = []
    by_rank: list[dict[str, list[int]]] = [{}, {}, {}]
    for kind in ("structure", "org", "role"):
        entities = library.entities(kind)
        for entity_id in sorted(entities):
            entity = entities[entity_id]
            index = len(pages)
            summary = " ".join(entity.summary.split())
            snippet = summary if len(summary) <= _SNIPPET else summary[: _SNIPPET - 1] + "…"
            pages.append([page_url(entity_uri(kind, entity_id), directory_urls=directory_urls), entity.title, snippet])
            ranked = ([entity.title], getattr(entity, "aliases", []), [getattr(entity, "title_en", None) or ""])
            for rank, names in enumerate(ranked):
                for name in names:
                    key = normalise(name)
                    if key and index not in by_rank[rank].setdefault(key, []):
                        by_rank[rank][key].append(index)
    names: dict[str, list[int]] = {}
    for table in by_rank:
        for key in sorted(table):
            names.setdefault(key, [])
            names[key] += [i for i in table[key] if i not in names[key]]
    return {"pages": pages, "names": dict(sorted(names.items()))}


def exact_names_json(library: Library, *, directory_urls: bool = True) -> bytes:
    data = exact_names(library, directory_urls=directory_urls)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
