"""What changed between two versions of a library: the change note of a reorganisation.

Plain data, no printing: :func:`compare` takes two loaded libraries and returns a
:class:`ChangeNote`; ``orgkit.render.changenote`` turns it into text or JSON, and
``orgkit.diff`` (the command) finds the two libraries (folders or git revisions).

Units are chart boxes, matched between the two versions of one org template by
title (by parent and title where a title repeats), then the leftovers by the post
they name, so a box that was renamed or moved is one change, not a removal and an
addition. Reporting lines come from the chart (:func:`orgkit.model.chart_bosses`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from orgkit.load import Library
from orgkit.model import NODE_KIND_LABELS, Node, Org, Role, Structure, chart_bosses, duty_texts

#: Role fields compared one by one: field → Chinese name. Lists are compared item by item.
ROLE_FIELDS: dict[str, str] = {
    "title": "岗位名称",
    "family": "岗位族",
    "level": "岗位层级",
    "summary": "岗位概述",
    "duties": "岗位职责",
    "requirements.education": "学历要求",
    "requirements.experience": "工作经验要求",
    "requirements.skills": "知识与技能要求",
    "requirements.qualities": "素质要求",
    "requirements.certificates": "资格证书要求",
    "kpis": "考核指标",
    "relations.reports_to": "直接上级（岗位说明书所写）",
    "relations.reports_to_note": "直接上级说明",
    "relations.supervises": "下属岗位",
    "relations.internal": "内部协调",
    "relations.external": "外部联系",
    "authority": "岗位权限",
    "conditions.environment": "工作环境",
    "conditions.hours": "工时制度",
    "conditions.travel": "出差",
    "career.promotion": "晋升方向",
    "career.rotation": "轮岗方向",
}

ORG_FIELDS: dict[str, str] = {"title": "模板名称", "structure": "结构类型", "summary": "概述", "traits": "特点"}
STRUCTURE_FIELDS: dict[str, str] = {"title": "名称", "summary": "概述", "features": "特点", "pros": "优点", "cons": "缺点"}


@dataclass(frozen=True)
class FieldChange:
    """One field of an entity or unit: a value replaced, or list items added and removed."""

    field: str
    label: str
    old: str | None = None
    new: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "label": self.label}
        if self.added or self.removed:
            out.update(added=list(self.added), removed=list(self.removed))
        else:
            out.update(old=self.old, new=self.new)
        return out


@dataclass(frozen=True)
class UnitChange:
    """One box of one chart: added, removed, moved (another parent) or changed in place."""

    change: str  # added | removed | moved | changed
    title: str
    kind: str
    role: str | None
    role_title: str | None
    parent: str | None
    old_parent: str | None = None
    old_title: str | None = None
    #: Boxes below an added or removed one, which come and go with it.
    below: tuple[str, ...] = ()
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.change, "title": self.title, "kind": self.kind, "role": self.role, "parent": self.parent}
        if self.change == "moved":
            out["old_parent"] = self.old_parent
        if self.old_title is not None:
            out["old_title"] = self.old_title
        if self.below:
            out["below"] = list(self.below)
        if self.fields:
            out["fields"] = [f.as_dict() for f in self.fields]
        return out


@dataclass(frozen=True)
class EntityChange:
    """An org template, role or structure type: added, removed or changed."""

    kind: str  # org | role | structure
    id: str
    title: str
    change: str  # added | removed | changed
    old_title: str | None = None
    fields: tuple[FieldChange, ...] = ()
    units: tuple[UnitChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title, "change": self.change}
        if self.old_title is not None:
            out["old_title"] = self.old_title
        if self.fields:
            out["fields"] = [f.as_dict() for f in self.fields]
        if self.kind == "org" and self.change == "changed":
            out["units"] = [u.as_dict() for u in self.units]
        return out


@dataclass(frozen=True)
class ChangeNote:
    old: str
    new: str
    orgs: tuple[EntityChange, ...] = ()
    roles: tuple[EntityChange, ...] = ()
    structures: tuple[EntityChange, ...] = ()
    vocab_changed: bool = False

    @property
    def count(self) -> int:
        """Changes as HR counts them: each unit line, each whole template, each post, each structure type."""
        units = sum(len(o.units) + (1 if o.fields or o.change != "changed" else 0) for o in self.orgs)
        return units + len(self.roles) + len(self.structures) + int(self.vocab_changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "count": self.count,
            "orgs": [o.as_dict() for o in self.orgs],
            "roles": [r.as_dict() for r in self.roles],
            "structures": [s.as_dict() for s in self.structures],
            "vocab_changed": self.vocab_changed,
        }


# ---------------------------------------------------------------------------
# Fields


def _get(entity: Any, dotted: str) -> Any:
    value = entity
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value]


def field_changes(old: Any, new: Any, fields: dict[str, str]) -> tuple[FieldChange, ...]:
    """Every listed field whose value differs, lists compared as sets of items (order changes are not news)."""
    out: list[FieldChange] = []
    for name, label in fields.items():
        if name == "duties":
            a, b = duty_texts(old), duty_texts(new)
        else:
            a, b = _get(old, name), _get(new, name)
        if a == b:
            continue
        if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
            a_list, b_list = _as_list(a or []), _as_list(b or [])
            added = tuple(x for x in b_list if x not in a_list)
            removed = tuple(x for x in a_list if x not in b_list)
            if added or removed:
                out.append(FieldChange(name, label, added=added, removed=removed))
        else:
            out.append(FieldChange(name, label, old=None if a is None else str(a), new=None if b is None else str(b)))
    return tuple(out)


# ---------------------------------------------------------------------------
# Units


@dataclass(frozen=True)
class _Box:
    node: Node
    order: int
    parent: str | None  # the title of the box above
    boss: str | None  # the title of the box it reports to (chart_bosses)
    ancestors: tuple[int, ...]  # orders of the boxes above, root first
    titles: tuple[str, ...]  # titles from the root down to this box
    boss_order: int | None  # the order of the box it reports to

    @property
    def parent_order(self) -> int | None:
        return self.ancestors[-1] if self.ancestors else None


def _boxes(chart: Node) -> list[_Box]:
    """The chart's boxes in chart order (staff before children), each knowing its parent and its boss."""
    parent_of: list[int | None] = []
    nodes: list[Node] = []

    def walk(node: Node, parent: int | None) -> None:
        index = len(nodes)
        nodes.append(node)
        parent_of.append(parent)
        for child in (*node.staff, *node.children):
            walk(child, index)

    walk(chart, None)
    out: list[_Box] = []
    order_of = {id(node): i for i, node in enumerate(nodes)}
    # chart_bosses walks in the same order, so the i-th boss belongs to the i-th box.
    for order, (node, _path, boss) in enumerate(chart_bosses(chart)):
        parent = parent_of[order]
        above = out[parent] if parent is not None else None
        ancestors = (*above.ancestors, parent) if above else ()
        titles = (*above.titles, node.title) if above else (node.title,)
        boss_order = order_of[id(boss)] if boss is not None else None
        out.append(_Box(node, order, above.node.title if above else None, boss.title if boss else None, ancestors, titles, boss_order))
    return out


def _match(old: list[_Box], new: list[_Box]) -> list[tuple[_Box, _Box]]:
    """Pairs of boxes that are the same unit in both charts."""
    pairs: list[tuple[_Box, _Box]] = []
    free_old, free_new = list(old), list(new)

    def take(key: Any) -> None:
        a_count = Counter(key(b) for b in free_old)
        b_count = Counter(key(b) for b in free_new)
        for b_box in list(free_new):
            k = key(b_box)
            if k is None or a_count[k] != 1 or b_count[k] != 1:
                continue
            a_box = next(a for a in free_old if key(a) == k)
            pairs.append((a_box, b_box))
            free_old.remove(a_box)
            free_new.remove(b_box)

    def in_order(key: Any, old_key: Any = None) -> None:
        # Boxes nobody can tell apart (same title under same-named parents): pair them in chart order.
        old_key = old_key or key
        for b_box in list(free_new):
            a_box = next((a for a in free_old if old_key(a) == key(b_box)), None)
            if a_box is not None:
                pairs.append((a_box, b_box))
                free_old.remove(a_box)
                free_new.remove(b_box)

    take(lambda b: b.node.title)  # the common case: a unique title
    take(lambda b: (b.parent, b.node.title))  # a repeated title under the same parent title
    take(lambda b: b.titles)  # … or under the same chain of titles
    in_order(lambda b: b.titles)
    take(lambda b: (b.parent, b.node.role) if b.node.role else None)  # renamed boxes keep their post …
    take(lambda b: b.node.role)  # … and their place, or at least their post
    # Under a renamed parent: the same title under the box matched to the old parent (top down, so nested boxes follow).
    grew = True
    while grew and free_old and free_new:
        partner = {a.order: b.order for a, b in pairs}
        before = len(pairs)
        in_order(
            lambda b: (b.parent_order, b.node.title),
            lambda a, partner=partner: (None if a.parent_order is None else partner.get(a.parent_order, -1), a.node.title),
        )
        grew = len(pairs) > before
    return sorted(pairs, key=lambda p: p[1].order)


def _unit_fields(a: _Box, b: _Box, role_titles: dict[str, str], old_role_titles: dict[str, str], *, same_boss: bool) -> tuple[FieldChange, ...]:
    out: list[FieldChange] = []
    na, nb = a.node, b.node
    # A box named after its post and renamed with it is the post's rename, told once under 岗位说明书.
    follows_post = na.role is not None and na.role == nb.role and na.title == old_role_titles.get(na.role) and nb.title == role_titles.get(nb.role)
    if na.title != nb.title and not follows_post:
        out.append(FieldChange("title", "名称", old=na.title, new=nb.title))
    if na.kind != nb.kind:
        out.append(FieldChange("kind", "类型", old=NODE_KIND_LABELS[na.kind], new=NODE_KIND_LABELS[nb.kind]))
    if na.role != nb.role:
        out.append(FieldChange("role", "岗位", old=_role_name(na.role, role_titles), new=_role_name(nb.role, role_titles)))
    if not same_boss:
        out.append(FieldChange("reports_to", "汇报对象", old=a.boss, new=b.boss))
    if na.headcount != nb.headcount:
        out.append(FieldChange("headcount", "编制人数", old=_num(na.headcount), new=_num(nb.headcount)))
    out += _list_fields(na, nb)
    if (na.note or None) != (nb.note or None):
        out.append(FieldChange("note", "备注", old=na.note, new=nb.note))
    return tuple(out)


def _list_fields(a: Node, b: Node) -> list[FieldChange]:
    out = []
    for name, label in (("duties", "部门职责"), ("dotted_to", "虚线汇报")):
        la, lb = list(getattr(a, name)), list(getattr(b, name))
        added = tuple(x for x in lb if x not in la)
        removed = tuple(x for x in la if x not in lb)
        if added or removed:
            out.append(FieldChange(name, label, added=added, removed=removed))
    return out


def _num(value: int | None) -> str | None:
    return None if value is None else str(value)


def _role_name(role_id: str | None, role_titles: dict[str, str]) -> str | None:
    if role_id is None:
        return None
    title = role_titles.get(role_id)
    return f"{title}（{role_id}）" if title else role_id


def unit_changes(old: Org, new: Org, role_titles: dict[str, str], old_role_titles: dict[str, str] | None = None) -> tuple[UnitChange, ...]:
    """Changes to the boxes of one chart: removed ones in old chart order, then the rest in new chart order."""
    a_boxes, b_boxes = _boxes(old.chart), _boxes(new.chart)
    pairs = _match(a_boxes, b_boxes)
    matched_old = {p[0].order for p in pairs}
    matched_new = {p[1].order: p[0] for p in pairs}
    new_of_old = {p[0].order: p[1].order for p in pairs}

    def _partner(old_order: int | None) -> int | None:
        return None if old_order is None else new_of_old.get(old_order, -1)

    def unit(box: _Box, change: str, boxes: list[_Box], matched: set[int], **kw: Any) -> UnitChange:
        below = tuple(x.node.title for x in boxes if box.order in x.ancestors and x.order not in matched)
        role = box.node.role
        titles = old_role_titles if change == "removed" and old_role_titles is not None else role_titles
        return UnitChange(change, box.node.title, box.node.kind, role, titles.get(role or ""), box.parent, below=below, **kw)

    out: list[UnitChange] = []
    for box in a_boxes:
        if box.order not in matched_old and not any(anc not in matched_old for anc in box.ancestors):
            out.append(unit(box, "removed", a_boxes, matched_old))
    for box in b_boxes:
        before = matched_new.get(box.order)
        if before is None:
            if not any(anc not in matched_new for anc in box.ancestors):
                out.append(unit(box, "added", b_boxes, set(matched_new)))
            continue
        # Same parent and boss means the matched partners, not the same titles: a renamed parent moves nobody.
        moved = _partner(before.parent_order) != box.parent_order
        same_boss = moved or _partner(before.boss_order) == box.boss_order  # a move tells the new boss already
        fields = _unit_fields(before, box, role_titles, old_role_titles if old_role_titles is not None else role_titles, same_boss=same_boss)
        if moved or fields:
            old_title = before.node.title if any(f.field == "title" for f in fields) else None
            out.append(
                unit(box, "moved" if moved else "changed", b_boxes, set(matched_new), old_parent=before.parent, old_title=old_title, fields=fields)
            )
    return tuple(out)


# ---------------------------------------------------------------------------
# Libraries


def _entities(
    kind: str, old: dict[str, Any], new: dict[str, Any], fields: dict[str, str], role_titles: tuple[dict[str, str], dict[str, str]]
) -> tuple[EntityChange, ...]:
    """``role_titles``: (old, new) role id → title, so units can tell a post's rename from their own."""
    out: list[EntityChange] = []
    for entity_id in sorted(set(old) | set(new)):
        a, b = old.get(entity_id), new.get(entity_id)
        if a is None:
            out.append(EntityChange(kind, entity_id, b.title, "added"))
        elif b is None:
            out.append(EntityChange(kind, entity_id, a.title, "removed"))
        else:
            changed = field_changes(a, b, fields)
            units = unit_changes(a, b, role_titles[1], role_titles[0]) if kind == "org" else ()
            if changed or units:
                old_title = a.title if a.title != b.title else None
                out.append(EntityChange(kind, entity_id, b.title, "changed", old_title, changed, units))
    return tuple(out)


def compare(old: Library, new: Library, *, old_name: str, new_name: str) -> ChangeNote:
    """The change note from ``old`` to ``new``, in a stable order (ids sorted, units in chart order)."""
    old_titles = {i: r.title for i, r in old.roles.items()}
    role_titles = (old_titles, {**old_titles, **{i: r.title for i, r in new.roles.items()}})
    orgs: dict[str, dict[str, Org]] = {"old": old.orgs, "new": new.orgs}
    roles: dict[str, dict[str, Role]] = {"old": old.roles, "new": new.roles}
    structures: dict[str, dict[str, Structure]] = {"old": old.structures, "new": new.structures}
    return ChangeNote(
        old=old_name,
        new=new_name,
        orgs=_entities("org", orgs["old"], orgs["new"], ORG_FIELDS, role_titles),
        roles=_entities("role", roles["old"], roles["new"], ROLE_FIELDS, role_titles),
        structures=_entities("structure", structures["old"], structures["new"], STRUCTURE_FIELDS, role_titles),
        vocab_changed=old.vocab != new.vocab,
    )
