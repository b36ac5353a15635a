"""The site's page set, built from a :class:`~orgkit.load.Library`.

Plain functions, no MkDocs imports: ``build_pages`` returns ``{uri: markdown}``,
``build_assets`` returns ``{uri: bytes}`` (downloads and data files), and
``expand_nav`` turns the short navigation in ``mkdocs.yml`` into nested, pruned
sections. ``scripts/mkdocs_hooks.py`` only adapts these to MkDocs, so another
generator could call them unchanged.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from typing import Any

from orgkit import __version__, search_names, segment
from orgkit.load import Library
from orgkit.model import Org, Role
from orgkit.reference import api_page, fields_page, reference_index_page, rules_page
from orgkit.render import chart, drawio, exports, mermaid, selector_page
from orgkit.render import markdown as md
from orgkit.render.markdown import Download, OrgExtras, RoleExtras, StructureExtras, entity_uri, yaml_download_uri
from orgkit.schema import schemas

#: Files a role gets from ``exports.role_files``: suffix → button label.
ROLE_FILES = {"docx": "Word", "md": "Markdown", "txt": "纯文本"}
#: Files an org gets from ``exports.org_files`` and from the chart renderers.
ORG_FILES = {"svg": "组织图 SVG", "drawio": "draw.io", "docx": "Word"}

#: An org's office files (``exports.org_office_files``): format → button label.
ORG_OFFICE = {
    "handbook": "岗位职责手册 Word",
    "png": "组织图 PNG",
    "pdf": "组织图 PDF",
    "pptx": "组织图 PPT",
    "xlsx": "定岗定编表 Excel",
    "zip": "全部打包 zip",
}
#: Set (to anything) only by the site benchmark, to time a build without the office files.
NO_OFFICE_ENV = "ORGKIT_BENCH_NO_OFFICE"

#: Nav sections longer than this are split, so every page renders a short nav. With
#: ``navigation.prune`` a role page renders its family's sections plus the pages of
#: its own: about 20 + n/20 items for a family of n roles, fewest near n = 400.
#: Material's nav is a fixed share of every page's build time (``make bench``).
NAV_CHUNK = 20

#: Tokens in hand-written pages that the hook fills in (HTML comments: invisible if missed).
COUNTS_TOKEN = "<!-- orgkit:counts -->"
VERSION_TOKEN = "<!-- orgkit:version -->"


# ---------------------------------------------------------------------------
# Pages


def role_downloads(role_id: str) -> tuple[Download, ...]:
    files = [Download(label, f"downloads/roles/{role_id}.{suffix}") for suffix, label in ROLE_FILES.items()]
    return (*files, Download("YAML", yaml_download_uri("role", role_id)))


def org_downloads(org_id: str) -> tuple[Download, ...]:
    files = [Download(label, f"downloads/orgs/{org_id}.{suffix}") for suffix, label in ORG_FILES.items()]
    return (*files, Download("YAML", yaml_download_uri("org", org_id)))


def org_office_downloads(org_id: str) -> tuple[Download, ...]:
    return tuple(Download(label, f"downloads/orgs/{exports.org_office_name(org_id, fmt)}") for fmt, label in ORG_OFFICE.items())


def _role_href(page_uri: str, library: Library, *, directory_urls: bool) -> Callable[[str], str | None]:
    def href(role_id: str) -> str | None:
        if role_id not in library.roles:
            return None
        return md.url_between(page_uri, entity_uri("role", role_id), directory_urls=directory_urls)

    return href


def build_pages(library: Library, *, directory_urls: bool = True) -> dict[str, str]:
    """Every generated Markdown page, ``{docs-dir uri: markdown}``, sorted by uri.

    ``directory_urls`` must match MkDocs' ``use_directory_urls``: links inside
    the inline chart SVGs are raw HTML, so they are computed here, not by MkDocs.
    """
    pages: dict[str, str] = {}
    for role_id in sorted(library.roles):
        role = library.roles[role_id]
        extras = RoleExtras(downloads=role_downloads(role_id))
        pages[entity_uri("role", role_id)] = md.role_page(role, library, extras, directory_urls=directory_urls)
    for org_id in sorted(library.orgs):
        org = library.orgs[org_id]
        uri = entity_uri("org", org_id)
        svg = chart.render_svg(
            org.chart, title=org.title, role_href=_role_href(uri, library, directory_urls=directory_urls), chart_id=f"org-{org_id}"
        )
        extras_o = OrgExtras(
            chart_svg=svg, mermaid=mermaid.render_mermaid(org.chart), downloads=org_downloads(org_id), office=org_office_downloads(org_id)
        )
        pages[uri] = md.org_page(org, library, extras_o, directory_urls=directory_urls)
    for structure_id in sorted(library.structures):
        structure = library.structures[structure_id]
        uri = entity_uri("structure", structure_id)
        example = library.orgs.get(structure.example) if structure.example else None
        svg_s = None
        if example is not None:
            svg_s = chart.render_svg(
                example.chart,
                title=example.title,
                role_href=_role_href(uri, library, directory_urls=directory_urls),
                chart_id=f"structure-{structure_id}",
            )
        using = tuple(library.orgs[o] for o in sorted(library.orgs) if library.orgs[o].structure == structure_id)
        pages[uri] = md.structure_page(structure, library, StructureExtras(example_svg=svg_s, orgs=using))
    pages["structures/index.md"] = md.structures_index_page(library)
    pages["structures/compare.md"] = md.structures_compare_page(library)
    pages["orgs/index.md"] = md.orgs_index_page(library)
    pages["roles/index.md"] = md.roles_index_page(library, directory_urls=directory_urls)
    pages.update(md.browse_pages(library, directory_urls=directory_urls))
    pages["reference/index.md"] = reference_index_page()
    pages["reference/fields.md"] = fields_page(library)
    pages["reference/rules.md"] = rules_page()
    pages["reference/api.md"] = api_page()
    if library.selection is not None:
        pages[selector_page.URI] = selector_page.page(library, directory_urls=directory_urls)
    pages["data/index.md"] = md.data_page(library, sorted(schemas()), directory_urls=directory_urls)
    return dict(sorted(pages.items()))


#: Pages of the public site only: the contributor reference, the data downloads, the structure selector.
PUBLIC_ONLY = ("reference/", "data/", "selector/")


#: The public repository's edit link in a page's 修改与反馈 section (Markdown or HTML form).
_PUBLIC_EDIT_LINK = re.compile(
    r"发现错误或想补充内容？(?:\[在 GitHub 上编辑此文件\]\(" + re.escape(md.EDIT_BASE) + r"[^)]*\)"
    r'|<a href="' + re.escape(md.EDIT_BASE) + r'[^"]*">在 GitHub 上编辑此文件</a>)，'
)
COMPANY_FEEDBACK = "要修改，请编辑这个文件并提交合并请求（先运行 orgkit check），"


def company_pages(pages: dict[str, str]) -> dict[str, str]:
    """The page set of a company library (``orgkit init``): what its own files make, none of the public library's extras.

    Its pages are edited in the company's own repository, so the public repository's edit link goes too.
    """
    return {uri: _PUBLIC_EDIT_LINK.sub(COMPANY_FEEDBACK, text) for uri, text in pages.items() if not uri.startswith(PUBLIC_ONLY)}


def counts_markdown(library: Library) -> str:
    """The home page's live counts line."""
    return (
        f"目前收录 **{len(library.structures)}** 种组织结构类型、"
        f"**{len(library.orgs)}** 个组织架构模板、**{len(library.roles)}** 份岗位说明书"
        f"（库版本 {__version__}）。"
    )


def fill_tokens(markdown: str, library: Library) -> str:
    """Replace the hook tokens of hand-written pages with live values."""
    return markdown.replace(COUNTS_TOKEN, counts_markdown(library)).replace(VERSION_TOKEN, __version__)


# ---------------------------------------------------------------------------
# Downloads and data files


def library_json(library: Library) -> bytes:
    """Every entity, sorted by id, in one JSON document."""
    data: dict[str, Any] = {
        "version": __version__,
        "vocab": library.vocab.model_dump(mode="json") if library.vocab else None,
    }
    for kind, key in (("structure", "structures"), ("org", "orgs"), ("role", "roles")):
        entities = library.entities(kind)
        data[key] = [entities[i].model_dump(mode="json") for i in sorted(entities)]
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def build_assets(library: Library) -> dict[str, bytes]:
    """Every generated non-Markdown file, ``{docs-dir uri: bytes}``, sorted by uri.

    Each role's .docx/.md/.txt and YAML and the all-roles archive; each org's
    downloads; the structure and org YAML; the data files and schemas.
    """
    assets: dict[str, bytes] = {}
    role_docx: dict[str, bytes] = {}
    for role_id in sorted(library.roles):
        files = exports.role_files(library.roles[role_id], library)
        expected = {f"{role_id}.{suffix}" for suffix in ROLE_FILES}
        if set(files) != expected:
            raise ValueError(f"exports.role_files({role_id}) returned {sorted(files)}, expected {sorted(expected)}")
        for name, data in files.items():
            assets[f"downloads/roles/{name}"] = data
        role_docx[role_id] = files[f"{role_id}.docx"]
    assets[md.DOWNLOADS_ZIP] = exports.all_roles_zip(library, role_docx)
    for org_id in sorted(library.orgs):
        org = library.orgs[org_id]
        for name, data in exports.org_files(org, library).items():
            assets[f"downloads/orgs/{name}"] = data
        assets[f"downloads/orgs/{org_id}.svg"] = _svg_file(org)
        assets[f"downloads/orgs/{org_id}.drawio"] = drawio.render_drawio(org.chart, title=org.title).encode("utf-8")
    for kind, entities in (("role", library.roles), ("structure", library.structures), ("org", library.orgs)):
        for entity_id in sorted(entities):
            assets[yaml_download_uri(kind, entity_id)] = library.docs[entity_id].path.read_bytes()
    assets["data/library.json"] = library_json(library)
    for name, schema in sorted(schemas().items()):
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        assets[f"data/schema/{name}"] = text.encode("utf-8")
        # The schemas' $id points at /schema/ on the site; serve them there too.
        assets[f"schema/{name}"] = text.encode("utf-8")
    assets["data/jieba-userdict.txt"] = jieba_user_dict(library).encode("utf-8")
    assets[search_names.URI] = search_names.exact_names_json(library)
    assets.update(build_org_office(library))
    return dict(sorted(assets.items()))


def build_org_office(library: Library) -> dict[str, bytes]:
    """Every org's handbook, chart PNG/PDF/PPT, 定岗定编表 and zip."""
    if os.environ.get(NO_OFFICE_ENV):
        return {}
    out: dict[str, bytes] = {}
    kit = exports.OfficeKit(library)  # this build's fonts and PDF characters, dropped when it returns
    for org_id in sorted(library.orgs):
        for name, data in exports.org_office_files(library.orgs[org_id], library, kit=kit).items():
            out[f"downloads/orgs/{name}"] = data
    return out


def _svg_file(org: Org) -> bytes:
    svg = chart.render_svg(org.chart, title=org.title, chart_id=f"org-{org.id}")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")


# ---------------------------------------------------------------------------
# Search dictionary

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _needs_entry(run: str) -> bool:
    # Asked of the stock dictionary, never of jieba's global tokenizer: that one gains
    # our words once Material loads this dictionary, and a `mkdocs serve` reload would
    # then build a different dictionary from a fresh build's.
    pieces = segment.stock_cut(run)
    return len(pieces) > 1 and len(pieces[-1]) == 1 and len(pieces[0]) > 1


def jieba_user_dict(library: Library) -> str:
    """Short names from titles and aliases that jieba would otherwise break badly.

    Only names of 2–4 Han characters whose stock segmentation ends in a lone
    character (矩阵/制, 品检/员) are added: gluing those keeps the whole name
    findable while lunr's prefix matching still finds its head (矩阵). Longer
    names stay split so that every part of them remains searchable.
    """
    names: set[str] = set()
    for kind in ("structure", "org", "role"):
        for entity in library.entities(kind).values():
            names.add(entity.title)
            names.update(getattr(entity, "aliases", []))
    words = {run for name in names for run in _HAN_RUN.findall(name) if 2 <= len(run) <= 4 and _needs_entry(run)}
    segment.global_tokenizer()  # hand Material's search plugin the dictionary already loaded (saves it a second load)
    return "".join(f"{w}\n" for w in sorted(words))


# ---------------------------------------------------------------------------
# Navigation


def _chunked(items: list[Any], label: str) -> list[Any]:
    """Items as-is when short; otherwise sub-sections of NAV_CHUNK items each."""
    if len(items) <= NAV_CHUNK:
        return items
    out = []
    for start in range(0, len(items), NAV_CHUNK):
        part = items[start : start + NAV_CHUNK]
        out.append({f"{label}（{start + 1}–{start + len(part)}）": part})
    return out


def _title(text: str) -> str:
    # Nav titles reach the HTML unescaped (MkDocs' Jinja has no autoescape).
    return html.escape(text, quote=False)


def _structures_nav(library: Library) -> list[Any]:
    return ["structures/index.md", "structures/compare.md", *_chunked([entity_uri("structure", s) for s in sorted(library.structures)], "结构类型")]


def _orgs_nav(library: Library) -> list[Any]:
    out: list[Any] = ["orgs/index.md"]
    for scope, label in md.SCOPE_LABELS.items():
        ids = [o for o in sorted(library.orgs) if library.orgs[o].scope == scope]
        if ids:
            out.append({f"{label}组织架构": _chunked([entity_uri("org", o) for o in ids], label)})
    return out


def _roles_nav(library: Library) -> list[Any]:
    out: list[Any] = ["roles/index.md"]
    by_family: dict[str, list[Role]] = {}
    for role_id in sorted(library.roles):
        role = library.roles[role_id]
        by_family.setdefault(role.family, []).append(role)
    for family in md._vocab_order(library, "families", by_family):
        label = _title(library.label("families", family))
        pages = [entity_uri("role", r.id) for r in by_family[family]]
        out.append({label: [md.browse_uri("family", family), *_chunked(pages, label)]})
    return out


def _terms(library: Library, vocab_name: str | None) -> list[str]:
    if vocab_name is None:
        return list(md.SCOPE_LABELS)
    return [t.id for t in getattr(library.vocab, vocab_name)] if library.vocab else []


def _browse_nav(library: Library) -> list[Any]:
    out: list[Any] = ["browse/index.md"]
    for dimension in ("industry", "size", "stage", "scope", "level"):
        vocab_name, name = md.BROWSE_DIMENSIONS[dimension]
        terms = _terms(library, vocab_name)
        out.append({f"按{name}": [md.browse_uri(dimension, t) for t in terms]})
    return out


_NAV_EXPANSIONS: dict[str, Callable[[Library], list[Any]]] = {
    "structures/index.md": _structures_nav,
    "orgs/index.md": _orgs_nav,
    "roles/index.md": _roles_nav,
    "browse/index.md": _browse_nav,
}


def expand_nav(nav: list[Any], library: Library) -> list[Any]:
    """Replace ``- 标题: structures/index.md`` style entries with full nested sections.

    ``mkdocs.yml`` lists one index page per generated area; each becomes a section
    whose first page is that index (Material's ``navigation.indexes``), with the
    entity pages below it in sections of at most ``NAV_CHUNK`` pages.
    """
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, str) and value in _NAV_EXPANSIONS:
                out.append({title: _NAV_EXPANSIONS[value](library)})
            elif isinstance(value, list):
                out.append({title: expand_nav(value, library)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


# ---------------------------------------------------------------------------
# Page-level fixes the hook applies


def page_edit_url(src_uri: str) -> str | None:
    """The GitHub edit link of a generated entity page: its YAML file, not the Markdown."""
    m = re.fullmatch(r"(structures|orgs|roles)/([a-z0-9-]+)\.md", src_uri)
    if not m or m.group(2) == "index" or src_uri == "structures/compare.md":
        return None
    kind = {v: k for k, v in md.FOLDERS.items()}[m.group(1)]
    return md.edit_url(kind, m.group(2))


def safe_title_tag(output: str, *, page_title: str, site_name: str) -> str:
    """Re-escape the ``<title>`` Material writes with ``page.title | striptags``.

    Jinja's ``striptags`` decodes entities, so a YAML title like ``</title><script>``
    would come out as markup there. The exact unsafe string is replaced by its
    escaped form; nothing else in the page is touched.
    """
    from markupsafe import Markup

    plain = Markup(page_title).striptags()
    unsafe = f"<title>{plain} - {site_name}</title>"
    if unsafe not in output:
        return output
    return output.replace(unsafe, f"<title>{html.escape(plain, quote=False)} - {html.escape(site_name, quote=False)}</title>", 1)
