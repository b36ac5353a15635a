"""Markdown for the site's generated pages: one function per page kind.

Renderers are pure: entities and pre-rendered pieces (chart SVG, Mermaid source,
download links) in, a Markdown string out. They never read files, so the same
call serves the MkDocs hook, the golden tests and any later generator.

Every string that comes from YAML goes through :func:`esc` before it reaches
the page; links are built only from ids (which the schema restricts to ASCII
kebab-case) and from paths computed here, never from YAML text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from orgkit.load import Library
from orgkit.model import GB_SECTIONS, NODE_KIND_LABELS, Fits, Org, Role, Structure, chart_bosses, depth_of
from orgkit.render.text import Reporting, condition_fields

# ---------------------------------------------------------------------------
# Escaping and links

#: Characters that mean something to Markdown, its extensions or HTML, as numeric
#: character references. Entities are inert in every Markdown context we emit
#: (paragraphs, list items, table cells, link text, headings) and decode to the
#: same text in the browser and in the search index.
_ENTITIES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#|!~^=$"}
_ENTITIES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_SPECIAL = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
#: A block marker at the start of a line: list bullets, ordered lists, definitions.
_LEADING_MARK = re.compile(r"^(?:[-+:]|\d+(?=[.)]))")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(text: object) -> str:
    """Literal text for Markdown and HTML alike: nothing in it can become markup.

    Whitespace (newlines included) collapses to single spaces, so the result is
    always one inline run that is safe in a table cell, a heading or an attribute.
    """
    value = " ".join(_CONTROL.sub("", str(text)).split())
    value = _SPECIAL.sub(lambda m: _ENTITIES[m.group()], value)
    # After collapsing there is one "line"; only its very start could open a block.
    leading = _LEADING_MARK.match(value)
    if leading:
        mark = leading.group()
        if mark[0].isdigit():
            # "1. foo" would start an ordered list; escape the dot or bracket after the digits.
            rest = value[len(mark) :]
            value = mark + f"&#{ord(rest[0])};" + rest[1:]
        else:
            value = f"&#{ord(mark)};" + value[1:]
    return value


def relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site paths (relative, normalised; "." or "" is the root).

    The standard one makes both paths absolute against the working directory, a
    system call each time; a build computes tens of thousands of links.
    """
    target = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def rel(src_uri: str, dst_uri: str) -> str:
    """Relative link between two docs-dir paths, as MkDocs expects in Markdown."""
    return relpath(dst_uri, posixpath.dirname(src_uri) or ".")


def link(text: str, src_uri: str, dst_uri: str) -> str:
    return f"[{esc(text)}]({rel(src_uri, dst_uri)})"


def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page (``roles/x.md`` → ``roles/x/``), site-relative."""
    stem = uri[: -len(".md")]
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def url_between(src_uri: str, dst_uri: str, *, directory_urls: bool = True) -> str:
    """A browser-ready relative URL from one page to another (for raw HTML such as SVG)."""
    src = page_url(src_uri, directory_urls=directory_urls)
    dst = page_url(dst_uri, directory_urls=directory_urls)
    base = src if src.endswith("/") or not src else posixpath.dirname(src) + "/"
    out = relpath(dst or ".", base.rstrip("/") or ".")
    if dst.endswith("/") and not out.endswith("/"):
        out += "/"
    return out


def _join(items: Iterable[str], sep: str = "、") -> str:
    return sep.join(items)


def _cell_lines(items: Sequence[str]) -> str:
    """Several values in one table cell, one per line."""
    return "<br>".join(esc(item) for item in items) if items else "—"


def _bullets(items: Sequence[str]) -> list[str]:
    return [f"- {esc(item)}" for item in items]


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table; cells must already be escaped."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


#: attr_list mark that keeps a section out of the search index (Material's search plugin):
#: downloads, sources and cross-links repeat other pages' words and only add noise.
NO_SEARCH = "{ data-search-exclude }"

#: Search weights. Duty-like queries (培训新员工) should land on roles: an org page
#: holds every unit's duties in one long section and would otherwise win on sheer
#: term counts. Structures and roles rank above guides that mention the same words.
ROLE_BOOST = 3
STRUCTURE_BOOST = 2
ORG_BOOST = 1


def front_matter(*, hide_toc: bool = False, search_exclude: bool = False, boost: float | None = None) -> list[str]:
    """YAML front matter for Material: hide the TOC, keep list pages out of search."""
    lines = []
    if hide_toc:
        lines += ["hide:", "  - toc"]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    if search_exclude:
        # List pages repeat every title and summary; in results they would crowd out the pages themselves.
        lines += ["search:", "  exclude: true"]
    return ["---", *lines, "---", ""] if lines else []


def _block(lines: list[str]) -> str:
    """Join page lines; collapse runs of blank lines and end with one newline."""
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


# ---------------------------------------------------------------------------
# Where things live on the site (docs-dir paths)

FOLDERS = {"structure": "structures", "org": "orgs", "role": "roles"}
BROWSE_DIMENSIONS = {
    # dimension → (vocab name or None, Chinese name)
    "industry": ("industries", "行业"),
    "size": ("sizes", "规模"),
    "stage": ("stages", "阶段"),
    "scope": (None, "范围"),
    "family": ("families", "岗位族"),
    "level": ("levels", "岗位层级"),
}
SCOPE_LABELS = {"company": "公司", "department": "部门"}
DOWNLOADS_ZIP = "downloads/orgtemplates-roles-docx.zip"
REPO_URL = "https://github.com/orgtemplates/orgtemplates"
EDIT_BASE = f"{REPO_URL}/edit/main/"


def entity_uri(kind: str, entity_id: str) -> str:
    return f"{FOLDERS[kind]}/{entity_id}.md"


def browse_uri(dimension: str, term: str) -> str:
    return f"browse/{dimension}/{term}.md"


def yaml_download_uri(kind: str, entity_id: str) -> str:
    return f"downloads/yaml/{FOLDERS[kind]}/{entity_id}.yaml"


def source_path(kind: str, entity_id: str) -> str:
    """Where the entity's YAML lives in the repository."""
    return f"orgtemplates/{FOLDERS[kind]}/{entity_id}.yaml"


def edit_url(kind: str, entity_id: str) -> str:
    return EDIT_BASE + source_path(kind, entity_id)


# ---------------------------------------------------------------------------
# Shared pieces


@dataclass(frozen=True)
class Download:
    """One download link: label and docs-dir path of the file."""

    label: str
    uri: str


@dataclass(frozen=True)
class OrgExtras:
    """Pieces of an org page rendered elsewhere (charts are another module's job)."""

    chart_svg: str
    mermaid: str
    downloads: tuple[Download, ...] = ()
    #: Handbook, chart PNG/PDF/PPT, 定岗定编表 and their zip: written beside the build, so linked as raw HTML.
    office: tuple[Download, ...] = ()


@dataclass(frozen=True)
class StructureExtras:
    example_svg: str | None = None
    orgs: tuple[Org, ...] = ()


@dataclass(frozen=True)
class RoleExtras:
    downloads: tuple[Download, ...] = ()


def _downloads(uri: str, downloads: Sequence[Download]) -> list[str]:
    if not downloads:
        return []
    buttons = [f"[{esc(d.label)}]({rel(uri, d.uri)}){{ .md-button download }}" for d in downloads]
    return ['<div class="downloads" markdown>', "", " ".join(buttons), "", "</div>", ""]


def _edit(kind: str, entity_id: str, uri: str) -> list[str]:
    return [
        f"## 修改与反馈 {NO_SEARCH}",
        "",
        f"本页由 `{source_path(kind, entity_id)}` 生成。"
        f"发现错误或想补充内容？[在 GitHub 上编辑此文件]({edit_url(kind, entity_id)})，"
        f"或[下载 YAML 源文件]({rel(uri, yaml_download_uri(kind, entity_id))})。",
        "",
    ]


def _sources(sources: Sequence[str]) -> list[str]:
    return [f"## 来源 {NO_SEARCH}", "", *_bullets(sources), ""] if sources else []


def _vocab_links(library: Library, uri: str, dimension: str, values: Sequence[str]) -> str:
    vocab_name = BROWSE_DIMENSIONS[dimension][0]
    assert vocab_name is not None
    return _join(link(library.label(vocab_name, v), uri, browse_uri(dimension, v)) for v in values) or "不限"


def _fits_table(library: Library, uri: str, fits: Fits) -> list[str]:
    rows = [
        ("适用行业", _vocab_links(library, uri, "industry", fits.industries)),
        ("适用规模", _vocab_links(library, uri, "size", fits.sizes)),
        ("适用阶段", _vocab_links(library, uri, "stage", fits.stages)),
        ("业务复杂度", _join(esc(library.label("complexity", c)) for c in fits.complexity) or "不限"),
    ]
    if fits.note:
        rows.append(("说明", esc(fits.note)))
    return [*_table(("项目", "内容"), rows), ""]


def _chart_block(svg: str) -> list[str]:
    # Raw HTML on its own block: Markdown leaves it alone, blank lines around it.
    svg_lines = [line for line in svg.strip().splitlines() if line.strip()]
    # The chart repeats the unit names of the table below; keep it out of the search index.
    return ["", '<div class="org-chart" data-search-exclude>', *svg_lines, "</div>", ""]


def _fence(code: str, lang: str = "text") -> list[str]:
    """A fenced block longer than any backtick run inside the code."""
    longest = max((len(m.group()) for m in re.finditer(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return [f"{ticks}{lang}", *code.rstrip("\n").splitlines(), ticks]


def _indent(lines: Sequence[str], prefix: str = "    ") -> list[str]:
    return [prefix + line if line else "" for line in lines]


def _role_link(library: Library, uri: str, role_id: str | None) -> str:
    if role_id is None:
        return "—"
    role = library.roles.get(role_id)
    return link(role.title, uri, entity_uri("role", role_id)) if role else esc(role_id)


# ---------------------------------------------------------------------------
# Role: 岗位说明书


def _a(text: str, href: str) -> str:
    """An HTML link; ``href`` is always computed here, never taken from YAML."""
    return f'<a href="{href}">{esc(text)}</a>'


def _html_list(tag: str, items: Sequence[str]) -> str:
    """``<ol>``/``<ul>``, one item per line (no blank lines: it stays one HTML block); items escaped."""
    return "\n".join([f"<{tag}>", *(f"<li>{item}</li>" for item in items), f"</{tag}>"])


def _html_rows(rows: Iterable[Sequence[str]], header: Sequence[str] = ()) -> str:
    """Label/value rows: odd cells are ``<th scope="row">`` labels, even cells values (escaped).

    Two-column tables keep a column-name header (项目 | 要求), the shape the copy
    button's script (scripts/orgkit/theme/javascripts/copy-spec.js) turns into “学历：…” lines.
    """
    head = ["<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>"] if header else []
    out = []
    for row in rows:
        cells = [f'<th scope="row">{c}</th>' if i % 2 == 0 else f"<td>{c}</td>" for i, c in enumerate(row)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(["<table>", *head, "<tbody>", *out, "</tbody>", "</table>"])


#: The root box of a chart reports to no one inside it (a department template's head reports outside).
TOP_OF_CHART = "本模板最高层"


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain data table: a column header, the first cell of each row labels it (cells are HTML already)."""
    head = "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>"
    body = ["<tr>" + "".join(f'<th scope="row">{c}</th>' if i == 0 else f"<td>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows]
    return "\n".join(["<table>", head, "<tbody>", *body, "</tbody>", "</table>"])


def role_page(role: Role, library: Library, extras: RoleExtras, *, directory_urls: bool = True) -> str:
    """A role laid out as a 岗位说明书, followed by where it is used and downloads.

    Role pages are the bulk of the site (thousands of them), so their bodies are
    emitted as HTML under Markdown headings: Python-Markdown then only parses the
    headings (for anchors and the table of contents) and stashes each body block,
    which keeps the build linear and cheap. Links in those blocks are final URLs,
    computed here for ``directory_urls``; the tests resolve every one of them.
    """
    uri = entity_uri("role", role.id)

    def href(dst_uri: str) -> str:
        return url_between(uri, dst_uri, directory_urls=directory_urls)

    def role_a(role_id: str) -> str:
        other = library.roles.get(role_id)
        return _a(other.title, href(entity_uri("role", role_id))) if other else esc(role_id)

    def role_links(role_ids: Sequence[str]) -> str:
        return "、".join(role_a(r) for r in dict.fromkeys(role_ids)) or "无"

    rel_ = role.relations
    # What the role states on its own is true in every chart (rule R211); each chart's own lines are listed below.
    own = Reporting.standalone(role, library)
    boss_html = role_a(rel_.reports_to) if rel_.reports_to else esc(own.boss)
    supervises = (role_links(rel_.supervises) + "（视所在组织而定）") if rel_.supervises else "无"
    family = _a(library.label("families", role.family), href(browse_uri("family", role.family)))
    level = _a(library.label("levels", role.level), href(browse_uri("level", role.level)))
    aliases = "、".join(esc(a) for a in role.aliases)
    lines = [*front_matter(boost=ROLE_BOOST), f"# {esc(role.title)}", ""]
    subtitle = [esc(role.title_en)] if role.title_en else []
    if role.aliases:
        subtitle.append("又称" + aliases)
    if subtitle:
        lines += [f'<p class="subtitle">{" · ".join(subtitle)}</p>', ""]
    req = role.requirements
    lines += [
        '<button class="md-button copy-spec" type="button" data-copy-target=".role-spec">复制岗位说明书</button>',
        "",
        '<div class="role-spec" markdown>',
        "",
        # The subtitle above already carries the searchable names; this table would only echo other roles.
        f"## 基本信息 {NO_SEARCH}",
        "",
        '<div class="spec-info">\n'
        + _html_rows(
            [
                ("岗位名称", esc(role.title), "岗位编号", f"<code>{esc(library.position_code(role))}</code>"),
                ("岗位族", family, "岗位层级", level),
                ("直接上级", boss_html, "直接下级", supervises),
                ("英文名称", esc(role.title_en or "—"), "别名", aliases or "—"),
            ]
        )
        + "\n</div>",
        "",
        "## 岗位概述",
        "",
        f"<p>{esc(role.summary)}</p>",
        "",
        "## 岗位职责",
        "",
        _html_list("ol", [esc(d.text) + ("（辅助职责）" if d.kind == "supporting" else "") for d in role.duties]),
        "",
        "## 任职资格",
        "",
        _html_rows(
            header=("项目", "要求"),
            rows=[
                ("学历", esc(req.education)),
                ("工作经验", esc(req.experience)),
                ("知识与技能", _cell_lines(req.skills)),
                ("素质要求", _cell_lines(req.qualities)),
                ("资格证书", _cell_lines(req.certificates) if req.certificates else "无"),
            ]
        ),
        "",
    ]
    if role.kpis:
        lines += ["## 考核指标", "", _html_list("ol", [esc(k) for k in role.kpis]), ""]
    lines += [
        "## 工作关系",
        "",
        _html_rows(
            header=("关系", "对象"),
            rows=[
                ("直接上级", boss_html),
                ("直接下级", supervises),
                ("内部协调", "、".join(esc(x) for x in rel_.internal) or "—"),
                ("外部联系", "、".join(esc(x) for x in rel_.external) or "—"),
            ]
        ),
        "",
    ]
    if role.authority:
        lines += ["## 岗位权限", "", _html_list("ul", [esc(a) for a in role.authority]), ""]
    if role.occupation_codes:
        codes = [f"{esc(c.scheme)}：{esc(c.code)}" for c in role.occupation_codes]
        lines += ["## 职业分类", "", _html_list("ul", codes), ""]
    cond = condition_fields(role)
    lines += ["## 工作条件", "", _html_rows(header=("项目", "说明"), rows=[(f.label, esc(f.inline)) for f in cond]), ""]
    career = [("晋升方向", role_links(role.career.promotion)), ("轮岗方向", role_links(role.career.rotation))]
    lines += ["## 职业发展", "", _html_rows(header=("方向", "岗位"), rows=career), ""]
    lines += ["</div>", "", f"## 在各模板中的位置 {NO_SEARCH}", ""]
    uses = library.role_uses(role.id)
    if uses:
        lines.append("<p>直接上级和直接下级以各组织架构模板的组织图为准。</p>")
        rows = []
        for use in uses:
            org = library.orgs[use.org]
            boss = role_a(use.boss_role) if use.boss_role else esc(use.boss_unit or TOP_OF_CHART)
            rows.append((_a(org.title, href(entity_uri("org", org.id))), esc(use.unit), boss, role_links(use.subordinates)))
        lines.append(_html_table(("模板", "所在单位", "直接上级", "直接下级"), rows))
    else:
        lines.append("<p>暂无组织架构模板引用此岗位。</p>")
    if extras.downloads:
        buttons = [f'<a class="md-button" download href="{_file_href(uri, d.uri, directory_urls)}">{esc(d.label)}</a>' for d in extras.downloads]
        lines += ["", f"## 下载 {NO_SEARCH}", "", '<p class="downloads">', *buttons, "</p>"]
    if role.sources:
        lines += ["", f"## 来源 {NO_SEARCH}", "", _html_list("ul", [esc(x) for x in role.sources])]
    yaml_href = _file_href(uri, yaml_download_uri("role", role.id), directory_urls)
    lines += [
        "",
        f"## 修改与反馈 {NO_SEARCH}",
        "",
        f"<p>本页由 <code>{source_path('role', role.id)}</code> 生成。发现错误或想补充内容？"
        f'<a href="{edit_url("role", role.id)}">在 GitHub 上编辑此文件</a>，或<a href="{yaml_href}" download>下载 YAML 源文件</a>。</p>',
    ]
    return _block(lines)


def _file_href(page_uri: str, file_uri: str, directory_urls: bool) -> str:
    """A browser-ready relative URL from a page to a static file (downloads)."""
    page = page_url(page_uri, directory_urls=directory_urls)
    base = page if page.endswith("/") or not page else posixpath.dirname(page) + "/"
    return relpath(file_uri, base.rstrip("/") or ".")


# ---------------------------------------------------------------------------
# Org template: 组织架构模板


def _unit_rows(org: Org, library: Library, uri: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for node, path, boss in chart_bosses(org.chart):
        depth = depth_of(path)
        indent = "&emsp;" * (depth - 1) + ("└&nbsp;" if depth > 1 else "")
        name = indent + (f"**{esc(node.title)}**" if node.kind != "position" else esc(node.title))
        notes = []
        if path[-2:-1] == ("staff",):
            notes.append("参谋、辅助")
        if node.headcount is not None:
            notes.append(f"编制 {node.headcount} 人")
        if node.dotted_to:
            notes.append("虚线汇报：" + _join(esc(t) for t in node.dotted_to))
        if notes:
            name += f"（{'；'.join(notes)}）"
        duties = [esc(d) for d in node.duties]
        if node.note:
            duties.append("注：" + esc(node.note))
        kind = NODE_KIND_LABELS.get(node.kind, node.kind).split("（")[0]
        boss_cell = "—" if boss is None else (_role_link(library, uri, boss.role) if boss.role else esc(boss.title))
        rows.append((name, kind, "<br>".join(duties) or "—", _role_link(library, uri, node.role), boss_cell))
    return rows


def org_page(org: Org, library: Library, extras: OrgExtras, *, directory_urls: bool = True) -> str:
    """An org template: summary, chart with downloads, units and duties, fit, sources."""
    uri = entity_uri("org", org.id)
    office = [f'<a class="md-button" download href="{_file_href(uri, d.uri, directory_urls)}">{esc(d.label)}</a>' for d in extras.office]
    structure = library.structures.get(org.structure)
    structure_link = link(structure.title, uri, entity_uri("structure", org.structure)) if structure else esc(org.structure)
    scope = link(SCOPE_LABELS[org.scope], uri, browse_uri("scope", org.scope))
    lines = [
        # The chart needs the width more than a short table of contents does.
        *front_matter(hide_toc=True, boost=ORG_BOOST),
        f"# {esc(org.title)}",
        "",
        f"**范围**：{scope}　**结构类型**：{structure_link}",
        "",
        esc(org.summary),
        "",
        "## 组织图",
        *_chart_block(extras.chart_svg),
        *_downloads(uri, extras.downloads),
        *(['<p class="downloads">', *office, "</p>", ""] if office else []),
        '??? note "Mermaid 源码（可粘贴到支持 Mermaid 的编辑器中修改）"',
        "",
        *_indent(_fence(extras.mermaid)),
        "",
    ]
    if org.traits:
        lines += ["## 特点", "", *_bullets(org.traits), ""]
    lines += ["## 单位与职责", "", *_table(("单位", "类型", "职责", "岗位说明书", "直接上级"), _unit_rows(org, library, uri)), ""]
    lines += ["## 适用范围", "", *_fits_table(library, uri, org.fits)]
    lines += _sources(org.sources)
    lines += _edit("org", org.id, uri)
    return _block(lines)


# ---------------------------------------------------------------------------
# Structure type: 组织结构类型


def structure_page(structure: Structure, library: Library, extras: StructureExtras) -> str:
    """A structure type: features, pros and cons, fit, example chart, related types."""
    uri = entity_uri("structure", structure.id)
    lines = [*front_matter(boost=STRUCTURE_BOOST), f"# {esc(structure.title)}", ""]
    subtitle = [esc(structure.title_en)]
    if structure.aliases:
        subtitle.append("又称" + _join(esc(a) for a in structure.aliases))
    lines += [f'<p class="subtitle">{" · ".join(subtitle)}</p>', "", esc(structure.summary), ""]
    lines += ["## 特点", "", *_bullets(structure.features), ""]
    lines += ['<div class="grid" markdown>', "", '<div class="pros" markdown>', "", "## 优点", "", *_bullets(structure.pros), "", "</div>", ""]
    lines += ['<div class="cons" markdown>', "", "## 缺点", "", *_bullets(structure.cons), "", "</div>", "", "</div>", ""]
    lines += ["## 适用范围", "", *_fits_table(library, uri, structure.fits)]
    example = library.orgs.get(structure.example) if structure.example else None
    if example is not None:
        lines += [f"## 示例：{esc(example.title)}", ""]
        if extras.example_svg:
            lines += _chart_block(extras.example_svg)
        lines += [f"完整的单位职责、下载与 Mermaid 源码见模板页：{link(example.title, uri, entity_uri('org', example.id))}。", ""]
    if extras.orgs:
        lines += ["## 采用此结构的模板", ""]
        lines += [f"- {link(o.title, uri, entity_uri('org', o.id))}：{esc(o.summary)}" for o in extras.orgs] + [""]
    related = [library.structures[r] for r in structure.related if r in library.structures]
    if related:
        lines += ["## 相关类型", ""]
        lines += [f"- {link(r.title, uri, entity_uri('structure', r.id))}（{esc(r.title_en)}）" for r in related] + [""]
    if structure.guides:
        # Hand-written guide pages: MkDocs resolves and validates these Markdown links.
        lines += ["## 延伸阅读", ""]
        lines += [f"- [{esc(library.guide_title(g))}]({rel(uri, g)})" for g in structure.guides] + [""]
    lines += [f"另见：[所有结构类型对比]({rel(uri, 'structures/compare.md')})", ""]
    lines += _sources(structure.sources)
    lines += _edit("structure", structure.id, uri)
    return _block(lines)


def structures_compare_page(library: Library) -> str:
    """Every structure type side by side: 规模, 阶段, 优点, 缺点, 典型行业."""
    uri = "structures/compare.md"
    rows = []
    for s in _sorted(library.structures):
        rows.append(
            (
                link(s.title, uri, entity_uri("structure", s.id)),
                _join((esc(library.label("sizes", v)) for v in s.fits.sizes), "<br>") or "不限",
                _join((esc(library.label("stages", v)) for v in s.fits.stages), "<br>") or "不限",
                _cell_lines(s.pros),
                _cell_lines(s.cons),
                _join((esc(library.label("industries", v)) for v in s.fits.industries), "<br>") or "不限",
            )
        )
    lines = [
        *front_matter(search_exclude=True),
        "# 结构类型对比",
        "",
        "库中全部组织结构类型并排比较。点击名称查看详细说明和示例组织图。",
        "",
        '<div class="compare-table" markdown>',
        "",
        *_table(("结构类型", "规模", "阶段", "优点", "缺点", "典型行业"), rows),
        "",
        "</div>",
    ]
    return _block(lines)


# ---------------------------------------------------------------------------
# Index and browse pages


def _sorted(entities: Mapping[str, object]) -> list:  # type: ignore[type-arg]
    return [entities[k] for k in sorted(entities)]


#: The hand-written guide the structure index points to.
CHOOSE_GUIDE = "guides/choose-structure.md"


def structures_index_page(library: Library) -> str:
    uri = "structures/index.md"
    lines = [
        *front_matter(search_exclude=True),
        "# 组织结构类型",
        "",
        f"库中收录 {len(library.structures)} 种组织结构类型。不知道选哪种？"
        f"先看[结构类型对比]({rel(uri, 'structures/compare.md')})"
        # A company library (orgkit init) has no guides: link the guide only where the site has it.
        + (f"，或阅读指南[如何选择组织结构]({rel(uri, CHOOSE_GUIDE)})。" if (library.docs_dir / CHOOSE_GUIDE).is_file() else "。"),
        "",
        '<div class="grid cards" markdown>',
        "",
    ]
    for s in _sorted(library.structures):
        lines += [f"-   **{link(s.title, uri, entity_uri('structure', s.id))}**（{esc(s.title_en)}）", "", f"    {esc(s.summary)}", ""]
    lines += ["</div>"]
    return _block(lines)


def _org_rows(library: Library, uri: str, orgs: Iterable[Org], last: str = "industries") -> list[tuple[str, str, str, str]]:
    """Template, its structure type (linked), sizes, and industries or stages."""
    rows = []
    for o in orgs:
        structure = library.structures.get(o.structure)
        rows.append(
            (
                link(o.title, uri, entity_uri("org", o.id)),
                link(structure.title, uri, entity_uri("structure", o.structure)) if structure else esc(o.structure),
                _join(esc(library.label("sizes", v)) for v in o.fits.sizes) or "不限",
                _join(esc(library.label(last, v)) for v in getattr(o.fits, last)) or "不限",
            )
        )
    return rows


def orgs_index_page(library: Library) -> str:
    uri = "orgs/index.md"
    lines = [
        *front_matter(search_exclude=True),
        "# 组织架构模板",
        "",
        f"库中收录 {len(library.orgs)} 个组织架构模板，每个模板都有组织图、各单位职责和对应的岗位说明书。"
        f"也可以[按行业、规模和阶段浏览]({rel(uri, 'browse/index.md')})。",
        "",
    ]
    for scope, label in SCOPE_LABELS.items():
        orgs = [o for o in _sorted(library.orgs) if o.scope == scope]
        if not orgs:
            continue
        lines += [f"## {label}组织架构", "", *_table(("模板", "结构类型", "规模", "行业"), _org_rows(library, uri, orgs)), ""]
    return _block(lines)


def _roles_by(library: Library, attr: str) -> dict[str, list[Role]]:
    out: dict[str, list[Role]] = {}
    for role in _sorted(library.roles):
        out.setdefault(getattr(role, attr), []).append(role)
    return out


def _vocab_order(library: Library, vocab_name: str, present: Iterable[str]) -> list[str]:
    """Vocabulary order first (as authored), unknown values last and sorted."""
    known = [t.id for t in getattr(library.vocab, vocab_name)] if library.vocab else []
    present = set(present)
    return [t for t in known if t in present] + sorted(present - set(known))


def _zip_button(uri: str, directory_urls: bool, css: str) -> str:
    # Raw HTML, not a Markdown link: the archive is written after the pages, outside
    # MkDocs' file list (see mkdocs_hooks), so MkDocs could not validate a Markdown link to it.
    return f'<a class="{css}" download href="{_file_href(uri, DOWNLOADS_ZIP, directory_urls)}">下载全部岗位说明书（Word，zip）</a>'


def roles_index_page(library: Library, *, directory_urls: bool = True) -> str:
    uri = "roles/index.md"
    lines = [
        *front_matter(search_exclude=True),
        "# 岗位说明书",
        "",
        f"库中收录 {len(library.roles)} 份岗位说明书，按岗位族和层级排列。"
        "每份都可以复制到剪贴板，或下载为 Word、Markdown 和纯文本。",
        "",
        f'<p>{_zip_button(uri, directory_urls, "md-button md-button--primary")}</p>',
        "",
    ]
    by_family = _roles_by(library, "family")
    for fam in _vocab_order(library, "families", by_family):
        lines += [f"## {link(library.label('families', fam), uri, browse_uri('family', fam))}", ""]
        by_level: dict[str, list[Role]] = {}
        for r in by_family[fam]:
            by_level.setdefault(r.level, []).append(r)
        # HTML, like the role pages: thousands of links that Markdown need not parse.
        items = [
            f"<strong>{esc(library.label('levels', level))}</strong>："
            + "、".join(_a(r.title, url_between(uri, entity_uri("role", r.id), directory_urls=directory_urls)) for r in by_level[level])
            for level in _vocab_order(library, "levels", by_level)
        ]
        lines += [_html_list("ul", items), ""]
    return _block(lines)


def _role_table(library: Library, uri: str, roles: Sequence[Role], column: str, *, directory_urls: bool) -> list[str]:
    """Roles as an HTML table (a browse page can list thousands; see ``roles_index_page``)."""
    vocab_name, label = ("levels", "层级") if column == "level" else ("families", "岗位族")
    rows = [
        "<tr>"
        f"<td>{_a(r.title, url_between(uri, entity_uri('role', r.id), directory_urls=directory_urls))}</td>"
        f"<td>{esc(library.label(vocab_name, getattr(r, column)))}</td><td>{esc(r.summary)}</td>"
        "</tr>"
        for r in roles
    ]
    head = f'<thead><tr><th scope="col">岗位</th><th scope="col">{label}</th><th scope="col">岗位概述</th></tr></thead>'
    return ["\n".join(["<table>", head, "<tbody>", *rows, "</tbody>", "</table>"]), ""]


def browse_pages(library: Library, *, directory_urls: bool = True) -> dict[str, str]:
    """Index pages by industry, size, stage, scope, role family and level."""
    pages: dict[str, str] = {}
    structures = _sorted(library.structures)
    orgs = _sorted(library.orgs)
    for dimension in ("industry", "size", "stage"):
        vocab_name, name = BROWSE_DIMENSIONS[dimension]
        assert vocab_name is not None
        fits_attr = {"industry": "industries", "size": "sizes", "stage": "stages"}[dimension]
        for term in getattr(library.vocab, vocab_name) if library.vocab else []:
            uri = browse_uri(dimension, term.id)
            lines = [*front_matter(search_exclude=True), f"# {name}：{esc(term.label)}", ""]
            if term.description:
                lines += [esc(term.description), ""]
            if dimension == "industry" and term.gb_sections:
                sections = "、".join(f"{c} {GB_SECTIONS[c]}" for c in term.gb_sections)
                lines += [f"国民经济行业分类（GB/T 4754-2017）门类：{esc(sections)}", ""]
            fit_s = [s for s in structures if term.id in getattr(s.fits, fits_attr)]
            fit_o = [o for o in orgs if term.id in getattr(o.fits, fits_attr)]
            lines += ["## 适合的结构类型", ""]
            lines += [f"- {link(s.title, uri, entity_uri('structure', s.id))}：{esc(s.summary)}" for s in fit_s] or ["暂无。"]
            for scope, heading in (("company", "公司组织架构模板"), ("department", "部门组织架构模板")):
                scoped = [o for o in fit_o if o.scope == scope]
                lines += ["", f"## {heading}", ""]
                lines += _table(("模板", "结构类型", "规模", "阶段"), _org_rows(library, uri, scoped, "stages")) if scoped else ["暂无。"]
            if dimension == "industry" and term.id != "general":
                lines += ["", f"另见适用于所有行业的[通用模板]({rel(uri, browse_uri('industry', 'general'))})，其中有各职能部门的模板。"]
            pages[uri] = _block(lines)
    for scope, label in SCOPE_LABELS.items():
        uri = browse_uri("scope", scope)
        fit_o = [o for o in orgs if o.scope == scope]
        intro = "覆盖整个公司的组织架构。" if scope == "company" else "一个部门内部的组织架构。"
        lines = [*front_matter(search_exclude=True), f"# 范围：{label}", "", intro, ""]
        lines += _table(("模板", "结构类型", "规模", "行业"), _org_rows(library, uri, fit_o)) if fit_o else ["暂无。"]
        pages[uri] = _block(lines)
    by_family = _roles_by(library, "family")
    by_level = _roles_by(library, "level")
    for dimension, groups, other in (("family", by_family, "level"), ("level", by_level, "family")):
        vocab_name, name = BROWSE_DIMENSIONS[dimension]
        assert vocab_name is not None
        terms = getattr(library.vocab, vocab_name) if library.vocab else []
        for term in terms:
            uri = browse_uri(dimension, term.id)
            lines = [*front_matter(search_exclude=True), f"# {name}：{esc(term.label)}", ""]
            if term.description:
                lines += [esc(term.description), ""]
            roles = groups.get(term.id, [])
            lines += _role_table(library, uri, roles, other, directory_urls=directory_urls) if roles else ["暂无岗位。", ""]
            pages[uri] = _block(lines)
    pages["browse/index.md"] = browse_index_page(library)
    return pages


def browse_index_page(library: Library) -> str:
    uri = "browse/index.md"
    lines = [*front_matter(search_exclude=True), "# 分类浏览", "", "按企业的行业、规模、发展阶段找组织架构模板，按岗位族和层级找岗位说明书。", ""]
    counts_o = {
        "industry": lambda t: sum(t in o.fits.industries for o in library.orgs.values()),
        "size": lambda t: sum(t in o.fits.sizes for o in library.orgs.values()),
        "stage": lambda t: sum(t in o.fits.stages for o in library.orgs.values()),
        "family": lambda t: sum(r.family == t for r in library.roles.values()),
        "level": lambda t: sum(r.level == t for r in library.roles.values()),
    }
    unit = {"industry": "个模板", "size": "个模板", "stage": "个模板", "family": "个岗位", "level": "个岗位"}
    for dimension in ("industry", "size", "stage", "scope", "family", "level"):
        vocab_name, name = BROWSE_DIMENSIONS[dimension]
        lines += [f"## 按{name}", ""]
        if vocab_name is None:
            for scope, label in SCOPE_LABELS.items():
                count = sum(o.scope == scope for o in library.orgs.values())
                lines.append(f"- {link(label, uri, browse_uri('scope', scope))}（{count} 个模板）")
        else:
            for term in getattr(library.vocab, vocab_name) if library.vocab else []:
                count = counts_o[dimension](term.id)
                lines.append(f"- {link(term.label, uri, browse_uri(dimension, term.id))}（{count} {unit[dimension]}）")
        lines.append("")
    return _block(lines)


# ---------------------------------------------------------------------------
# Data page


def data_page(library: Library, schema_names: Sequence[str], *, directory_urls: bool = True) -> str:
    uri = "data/index.md"
    lines = [
        "# 数据下载",
        "",
        "整个库也以机器可读的形式发布，便于在其他系统中使用。所有文件由构建过程从 YAML 源文件生成，与网站内容一致。",
        "",
        "## 全部条目（JSON）",
        "",
        f"[library.json]({rel(uri, 'data/library.json')}){{ download }} 包含库中的每个条目："
        "`vocab`（受控词表）、`structures`（组织结构类型）、`orgs`（组织架构模板）和 `roles`（岗位说明书），"
        "各按 `id` 排序，字段与 YAML 源文件相同。",
        "",
        *_table(
            ("内容", "数量"),
            [
                ("组织结构类型", str(len(library.structures))),
                ("组织架构模板", str(len(library.orgs))),
                ("岗位说明书", str(len(library.roles))),
            ],
        ),
        "",
        "## JSON Schema",
        "",
        "YAML 文件的格式由下列 JSON Schema 描述（由模型生成）。编辑器安装 YAML 插件后，"
        "按文件首行的 `# yaml-language-server: $schema=…` 注释即可自动补全和校验。字段含义见"
        f"[字段参考]({rel(uri, 'reference/fields.md')})。",
        "",
        *[f"- [{esc(name)}]({rel(uri, 'data/schema/' + name)}){{ download }}" for name in schema_names],
        "",
        "## 其他下载",
        "",
        f"- {_zip_button(uri, directory_urls, 'zip-download')}",
        f"- [搜索分词词典]({rel(uri, 'data/jieba-userdict.txt')}){{ download }}：由库中的名称和别名生成，供 jieba 分词使用",
        "- 每个条目的 YAML 源文件：在条目页面底部的“修改与反馈”中下载",
        "",
    ]
    return _block(lines)
