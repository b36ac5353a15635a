"""Rules that need the whole library or read the content: identity, references, wording.

``check_library`` is the one entry point: load, then run every rule, then sort.
"""

from __future__ import annotations

import difflib
import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from orgkit import discrimination, search_names, selector
from orgkit.load import Library, display_path, field_name, load_library
from orgkit.model import Org, Role, Selection, Structure, Vocab, chart_bosses, walk_chart
from orgkit.problems import Problem, problem
from orgkit.rules import PLACEHOLDER
from orgkit.yamlsrc import Doc

CHART_MAX_DEPTH = 12
SPAN_LIMIT = 12
DUTIES_LOW, DUTIES_HIGH = 3, 12
NEAR_DUPLICATE = 0.8

_HAN = "\u4e00-\u9fff"
#: A half-width mark next to a Chinese character. Written mark-first so the regex engine can
#: skip straight to the marks instead of trying a lookbehind at every character.
_HALF_WIDTH = re.compile(rf"[,;:?!()](?:(?<=[{_HAN}].)|(?=[{_HAN}]))")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

_RETIRED: list[tuple[str, str]] = [
    ("执行董事", "2023 年修订的《公司法》取消了“执行董事”，规模较小的有限责任公司可只设一名董事、不设董事会，请写“董事”"),
    ("股东大会", "2023 年修订的《公司法》统一称“股东会”，请写“股东会”"),
]

#: Fields whose text is kept verbatim on purpose (old names stay findable).
_VERBATIM_FIELDS = {"aliases", "sources", "title_en", "tags"}


def check_library(root: Path, extra: list[Path] | None = None) -> tuple[Library, list[Problem]]:
    with _no_cyclic_gc():
        library, problems = load_library(root, extra)
        problems += library_problems(library)
    return library, sorted(set(problems))


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading builds hundreds of thousands of small acyclic objects that all stay alive;
    the cyclic collector would rescan them over and over (measured: ~40 % of check time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def library_problems(library: Library) -> list[Problem]:
    out: list[Problem] = []
    if library.vocab is None:
        out.append(problem("R207", _display(library.root / "vocab.yaml"), 1, 1))
    for kind, doc in library.parsed:
        out += _string_problems(kind, doc)
    for entity_id, doc in library.docs.items():
        if doc.path.stem != entity_id:
            out.append(problem("R202", doc.display, *doc.where(("id",)), id=entity_id, name=doc.path.name))
    out += _vocab_problems(library)
    out += _reference_problems(library)
    out += _reporting_problems(library)
    out += _selection_problems(library)
    for org_id, org in library.orgs.items():
        out += _chart_problems(org, library.docs[org_id])
    for role_id, role in library.roles.items():
        count = len(role.duties)
        if not DUTIES_LOW <= count <= DUTIES_HIGH:
            doc = library.docs[role_id]
            out.append(problem("C304", doc.display, *doc.where(("duties",), key=True), count=count, low=DUTIES_LOW, high=DUTIES_HIGH))
    out += _near_duplicates(library)
    out += _name_clashes(library)
    return out


def _name_clashes(library: Library) -> list[Problem]:
    """A title or alias that names two roles: search (exact-name first) could not tell which is meant.

    Names are compared as the search compares them (``search_names.normalise``).
    """
    owners: dict[str, list[tuple[str, tuple[Any, ...]]]] = defaultdict(list)
    for role_id in sorted(library.roles):
        role = library.roles[role_id]
        names = [(("title",), role.title)] + [(("aliases", i), a) for i, a in enumerate(role.aliases)]
        for path, name in names:
            owners[search_names.normalise(name)].append((role_id, path))
    out: list[Problem] = []
    for places in owners.values():
        if len(places) < 2 or len({rid for rid, _p in places}) < 2:
            continue
        for role_id, path in places:
            other_id, other_path = next((r, p) for r, p in places if r != role_id)
            doc = library.docs[role_id]
            other_field = "岗位名称" if other_path == ("title",) else "别名"
            name = library.roles[role_id].title if path == ("title",) else library.roles[role_id].aliases[path[1]]
            detail = {"name": name, "other": other_id, "other_field": other_field}
            out.append(problem("C308", doc.display, *doc.where(path), field=_label(path, "role"), **detail))
    return out


def _display(path: Path) -> str:
    return display_path(path)


# ---------------------------------------------------------------------------
# text rules, on raw values so they run even where the schema failed


_MODELS: dict[str, type[Role | Org | Structure | Vocab]] = {"role": Role, "org": Org, "structure": Structure, "vocab": Vocab}


def _label(path: tuple[Any, ...], kind: str) -> str:
    return field_name(_MODELS[kind], path)


def _kind_of(entity: Role | Org | Structure) -> str:
    return {Role: "role", Org: "org", Structure: "structure"}[type(entity)]


def _string_problems(kind: str, doc: Doc) -> list[Problem]:
    # Roles and org templates describe people's work; structure types and the vocabulary do not.
    hiring_text = kind in ("role", "org")
    # Most files break none of these rules: a few C-speed searches over all of the file's strings
    # at once show that without visiting each string. They are joined with "\n" because none of
    # the patterns below can match across a line break.
    texts = [text for _path, text in doc.strings]
    joined = "\n".join(texts)
    if (
        all(map(str.strip, texts))
        and PLACEHOLDER not in joined
        and not _HALF_WIDTH.search(joined)
        and not any(old in joined for old, _advice in _RETIRED)
        and not (hiring_text and discrimination.may_match(joined))
    ):
        return []
    out: list[Problem] = []
    # The raw file text decides whether C305 and C302 look at the strings at all.
    any_half_width = _HALF_WIDTH.search(doc.text) is not None
    any_retired = any(old in doc.text for old, _advice in _RETIRED)
    for path, text in doc.strings:
        if not text.strip():
            out.append(problem("S107", doc.display, *doc.where(path), field=_label(path, kind)))
            continue
        if PLACEHOLDER in text:
            out.append(problem("C307", doc.display, *doc.where(path), field=_label(path, kind)))
        if path[0] in _VERBATIM_FIELDS:
            continue
        mark = _HALF_WIDTH.search(text) if any_half_width else None
        if mark:
            out.append(problem("C305", doc.display, *doc.where(path), field=_label(path, kind), mark=mark.group(), full=_FULL_WIDTH[mark.group()]))
        if any_retired:
            for old, advice in _RETIRED:
                if old in text:
                    out.append(problem("C302", doc.display, *doc.where(path), old=old, advice=advice))
        if hiring_text:
            for found in discrimination.find(text):
                out.append(problem("C301", doc.display, *doc.where(path), field=_label(path, kind), word=found.word, kind=found.kind))
    return out


# ---------------------------------------------------------------------------
# vocabulary values and references


def unknown_term(library: Library, doc: Doc, path: tuple[Any, ...], value: str, vocab_name: str, field: str) -> Problem | None:
    """S104 when ``value`` is not an id of the vocabulary ``vocab_name`` (nothing to say without a vocab)."""
    if library.vocab is None:
        return None
    allowed = [t.id for t in getattr(library.vocab, vocab_name)]
    if value in allowed:
        return None
    return problem("S104", doc.display, *doc.where(path), field=field, found=f"“{value}”", allowed="、".join(allowed))


def _vocab_problems(library: Library) -> list[Problem]:
    if library.vocab is None:
        return []
    out: list[Problem] = []
    # Sets for the common case, a known value; unknown_term() words the problem.
    known = {name: {t.id for t in getattr(library.vocab, name)} for name in Vocab.model_fields}

    def need(doc: Doc, path: tuple[Any, ...], value: str, name: str) -> None:
        if value in known[name]:
            return
        kind = _kind_of(_entity(library, doc.path.stem)) if doc.path.stem in library.docs else "role"
        found = unknown_term(library, doc, path, value, name, _label(path, kind))
        if found:
            out.append(found)

    for entity_id, doc in library.docs.items():
        entity = _entity(library, entity_id)
        if isinstance(entity, Role):
            need(doc, ("family",), entity.family, "families")
            need(doc, ("level",), entity.level, "levels")
        if isinstance(entity, (Org, Structure)):
            for name in ("industries", "sizes", "stages", "complexity"):
                for i, value in enumerate(getattr(entity.fits, name)):
                    need(doc, ("fits", name, i), value, name)
    return out


def _entity(library: Library, entity_id: str) -> Role | Org | Structure:
    return library.roles.get(entity_id) or library.orgs.get(entity_id) or library.structures[entity_id]


def _reference_problems(library: Library) -> list[Problem]:
    out: list[Problem] = []
    targets = {"role": library.roles, "org": library.orgs, "structure": library.structures}
    names = {"role": "岗位", "org": "组织架构模板", "structure": "结构类型"}

    #: One look-up per missing id: a renamed role leaves the same old id in many files, and each
    #: look-up compares it with every id of the library.
    guesses: dict[tuple[str, str], str] = {}

    def need(doc: Doc, path: tuple[Any, ...], ref: str | None, target: str) -> None:
        if ref is None or ref in targets[target]:
            return
        if (ref, target) not in guesses:
            guess = difflib.get_close_matches(ref, list(targets[target]), n=1, cutoff=0.8)
            guesses[ref, target] = f"（是否想写 {guess[0]}？）" if guess else ""
        hint = guesses[ref, target]
        kind = "role" if path[0] in ("relations", "career") else "org" if path[0] in ("structure", "chart") else "structure"
        out.append(problem("R203", doc.display, *doc.where(path), field=_label(path, kind), target=names[target], id=ref, hint=hint))

    for role_id, role in library.roles.items():
        doc = library.docs[role_id]
        need(doc, ("relations", "reports_to"), role.relations.reports_to, "role")
        for i, ref in enumerate(role.relations.supervises):
            need(doc, ("relations", "supervises", i), ref, "role")
        for name in ("promotion", "rotation"):
            for i, ref in enumerate(getattr(role.career, name)):
                need(doc, ("career", name, i), ref, "role")
    for org_id, org in library.orgs.items():
        doc = library.docs[org_id]
        need(doc, ("structure",), org.structure, "structure")
        for node, path, _depth in walk_chart(org.chart):
            need(doc, path + ("role",), node.role, "role")
    for structure_id, structure in library.structures.items():
        doc = library.docs[structure_id]
        need(doc, ("example",), structure.example, "org")
        for i, ref in enumerate(structure.related):
            need(doc, ("related", i), ref, "structure")
        for i, guide in enumerate(structure.guides):
            # A library with no docs/ beside it (a company's own copy) has no guides to check against.
            if library.docs_dir.is_dir() and not (library.docs_dir / guide).is_file():
                where = doc.where(("guides", i))
                out.append(problem("R203", doc.display, *where, field=_label(("guides", i), "structure"), target="指南页", id=guide, hint="（应在 docs/ 下）"))
    return out


# ---------------------------------------------------------------------------
# structure-selection rules (selection.yaml)


def _selection_problems(library: Library) -> list[Problem]:
    selection, doc = library.selection, library.selection_doc
    if selection is None or doc is None:
        return []
    out: list[Problem] = []
    for i, rule in enumerate(selection.rules):
        for name, values in (("stages", rule.when.stages), ("industries", rule.when.industries)):
            for j, value in enumerate(values):
                path = ("rules", i, "when", name, j)
                found = unknown_term(library, doc, path, value, name, field_name(Selection, path))
                if found:
                    out.append(found)
        for j, effect in enumerate(rule.effects):
            if effect.structure not in library.structures:
                path = ("rules", i, "effects", j, "structure")
                field = field_name(Selection, path)
                out.append(problem("R203", doc.display, *doc.where(path), field=field, target="结构类型", id=effect.structure, hint=""))
    if out:
        return out  # reachability means little while ids are wrong
    for i, j, structure in selector.contradictions(selection):
        out.append(problem("R214", doc.display, *doc.where(("rules", j, "id")), first=selection.rules[i].id, second=selection.rules[j].id, structure=structure))
    for structure in selector.unreachable(library):
        out.append(problem("R213", doc.display, *doc.where(("rules",), key=True), structure=structure))
    return out


# ---------------------------------------------------------------------------
# reporting lines: charts decide them, roles must agree (ARCHITECTURE.md)

#: Node kinds whose box must name the post that heads it.
HEADED_KINDS = {"department": "部门", "executive": "高管"}


def _reporting_problems(library: Library) -> list[Problem]:
    out: list[Problem] = []
    rank = {t.id: i for i, t in enumerate(library.vocab.levels)} if library.vocab else {}
    manager_rank = rank.get("manager", len(rank))

    def level_of(role_id: str | None) -> tuple[int, str] | None:
        role = library.roles.get(role_id or "")
        if role is None or role.level not in rank:
            return None
        return rank[role.level], library.label("levels", role.level)

    for org_id in sorted(library.orgs):
        doc = library.docs[org_id]
        for node, path, boss in chart_bosses(library.orgs[org_id].chart):
            if node.kind in HEADED_KINDS and not node.role:
                out.append(problem("R208", doc.display, *doc.where(path + ("title",)), kind=HEADED_KINDS[node.kind], title=node.title))
            own = level_of(node.role)
            if own is None:
                continue
            if node.kind == "department" and own[0] > manager_rank:
                out.append(problem("R209", doc.display, *doc.where(path + ("role",)), title=node.title, role=node.role, level=own[1]))
            above = level_of(boss.role) if boss else None
            if boss and above and own[0] < above[0]:
                where = doc.where(path + ("role",))
                detail = {"boss": boss.title, "boss_role": boss.role, "boss_level": above[1]}
                out.append(problem("R210", doc.display, *where, title=node.title, role=node.role, level=own[1], **detail))
    for role_id in sorted(library.roles):
        role, doc = library.roles[role_id], library.docs[role_id]
        stated = role.relations.reports_to
        if stated in library.roles:  # an unknown id is R203's to report
            for use in library.role_uses(role_id):
                if use.boss_role != stated:
                    actual = use.boss_role or "未指定岗位"
                    where = doc.where(("relations", "reports_to"))
                    out.append(problem("R211", doc.display, *where, stated=stated, org=use.org, unit=use.unit, boss=use.boss_unit or "无", actual=actual))
        own = level_of(role_id)
        for i, target in enumerate(role.career.promotion):
            other = level_of(target)
            # 总监 → 副总经理 → 总经理 all sit at the executive level: there a same-level move is a promotion.
            same_level_ok = role.level == "executive" and other is not None and other[0] == own[0] if own else False
            if own and other and other[0] >= own[0] and not same_level_ok:
                out.append(problem("R212", doc.display, *doc.where(("career", "promotion", i)), target=target, level=other[1], own=own[1]))
    return out


# ---------------------------------------------------------------------------
# charts and duties


def _chart_problems(org: Org, doc: Doc) -> list[Problem]:
    out: list[Problem] = []
    titles: dict[str, int] = defaultdict(int)
    nodes = list(walk_chart(org.chart))
    for node, _path, _depth in nodes:
        titles[node.title] += 1
    deepest = max(nodes, key=lambda item: item[2])
    if deepest[2] > CHART_MAX_DEPTH:
        out.append(problem("R206", doc.display, *doc.where(deepest[1]), limit=CHART_MAX_DEPTH))
    for node, path, _depth in nodes:
        span = len(node.children) + len(node.staff)
        if span > SPAN_LIMIT:
            out.append(problem("C303", doc.display, *doc.where(path + ("title",)), title=node.title, count=span, limit=SPAN_LIMIT))
        for i, target in enumerate(node.dotted_to):
            why = None
            if titles.get(target, 0) == 0:
                why = "不是本图中任何单位的名称"
            elif titles[target] > 1:
                why = f"在本图中出现了 {titles[target]} 次，无法确定指向哪个单位；请让名称唯一"
            elif target == node.title:
                why = "指向了自己"
            if why:
                out.append(problem("R204", doc.display, *doc.where(path + ("dotted_to", i)), title=f"“{target}”", why=why))
    return out


_IGNORED_IN_DUTIES = re.compile(r"[\s，。；：、,.;:（）()“”\"']")


def _normalise(text: str) -> str:
    return _IGNORED_IN_DUTIES.sub("", text)


def _near_duplicates(library: Library) -> list[Problem]:
    """Roles whose duties are mostly the same sentences (an inverted index keeps this linear)."""
    owners: dict[str, set[str]] = defaultdict(set)
    duty_sets: dict[str, set[str]] = {}
    for role_id, role in library.roles.items():
        duty_sets[role_id] = {_normalise(d.text) for d in role.duties}
        for text in duty_sets[role_id]:
            owners[text].add(role_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in owners.values():
        if len(ids) < 2:
            continue  # most duties belong to one role: nothing to pair
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                shared[(a, b)] += 1
    out: list[Problem] = []
    for (a, b), count in sorted(shared.items()):
        ratio = count / max(len(duty_sets[a]), len(duty_sets[b]))
        if ratio >= NEAR_DUPLICATE:
            # Reported on both files: either may be the one a pull request just added.
            for this, that in ((a, b), (b, a)):
                doc = library.docs[this]
                where = doc.where(("duties",), key=True)
                out.append(problem("C306", doc.display, *where, other=library.docs[that].display, percent=round(ratio * 100)))
    return out
