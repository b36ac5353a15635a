"""A :class:`~orgkit.libdiff.ChangeNote` as the text HR attaches to a reorganisation, or as JSON.

The text reads like a 组织调整说明: one section per org template (units added, removed,
moved, changed), then the posts (岗位说明书), then structure types; every line names the
unit or post first, so a reader scanning the left edge finds what concerns them.
"""

from __future__ import annotations

import json

from orgkit.libdiff import ChangeNote, EntityChange, FieldChange, UnitChange
from orgkit.model import NODE_KIND_LABELS

_NUMBERS = "一二三四五六七八九十"
#: Kind labels without the explanation in brackets: 部门, 小组、班组, 岗位 ….
_KIND = {k: v.split("（")[0] for k, v in NODE_KIND_LABELS.items()}
#: Long values are cut in the text (the JSON keeps them whole).
_CUT = 60


def _short(text: str | None) -> str:
    if text is None:
        return "（无）"
    text = " ".join(text.split())
    return text if len(text) <= _CUT else text[: _CUT - 1] + "…"


def _quote(items: tuple[str, ...]) -> str:
    return "；".join(f"“{_short(i)}”" for i in items)


def field_line(change: FieldChange) -> str:
    """“岗位名称由“A”改为“B”” or “岗位职责新增 1 条：“…”；删除 1 条：“…””."""
    if change.added or change.removed:
        parts = []
        if change.added:
            parts.append(f"新增 {len(change.added)} 条：{_quote(change.added)}")
        if change.removed:
            parts.append(f"删除 {len(change.removed)} 条：{_quote(change.removed)}")
        return f"{change.label}" + "，".join(parts)
    if change.old is None:
        return f"{change.label}新设为“{_short(change.new)}”"
    if change.new is None:
        return f"{change.label}删去（原为“{_short(change.old)}”）"
    return f"{change.label}由“{_short(change.old)}”改为“{_short(change.new)}”"


def _post(unit: UnitChange) -> str:
    if not unit.role:
        return ""
    if unit.role_title == unit.title:
        return f"（{unit.role}）"
    return f"，岗位：{unit.role_title or unit.role}（{unit.role}）"


def unit_line(unit: UnitChange) -> str:
    name = f"{unit.title}（{_KIND[unit.kind]}）"
    below = f"；下设 {'、'.join(unit.below)} 一并{'新设' if unit.change == 'added' else '撤销'}" if unit.below else ""
    if unit.change == "added":
        where = f"，隶属“{unit.parent}”" if unit.parent else "，为组织图顶层"
        return f"新设 {name}{where}{_post(unit)}{below}"
    if unit.change == "removed":
        where = f"，原隶属“{unit.parent}”" if unit.parent else ""
        return f"撤销 {name}{where}{_post(unit)}{below}"
    details = [field_line(f) for f in unit.fields]
    if unit.change == "moved":
        details.insert(0, f"由“{unit.old_parent or '（顶层）'}”下调整到“{unit.parent or '（顶层）'}”下")
        return f"调整隶属 {name}：" + "；".join(details)
    label = f"{unit.old_title} → {name}" if unit.old_title else name
    return f"调整 {label}：" + "；".join(details)


def _entity_heading(entity: EntityChange) -> str:
    renamed = f"（原名“{entity.old_title}”）" if entity.old_title else ""
    return f"{entity.title}（{entity.id}）{renamed}"


def _org_lines(org: EntityChange) -> list[str]:
    if org.change == "added":
        return [f"【{org.title}（{org.id}）】新增组织架构模板"]
    if org.change == "removed":
        return [f"【{org.title}（{org.id}）】删除组织架构模板"]
    lines = [f"【{_entity_heading(org)}】"]
    lines += [f"  · 模板信息：{field_line(f)}" for f in org.fields]
    lines += [f"  · {unit_line(u)}" for u in org.units]
    return lines


def _role_line(role: EntityChange) -> str:
    if role.change == "added":
        return f"新增岗位 {role.title}（{role.id}）"
    if role.change == "removed":
        return f"删除岗位 {role.title}（{role.id}）"
    return f"修订岗位 {_entity_heading(role)}：" + "；".join(field_line(f) for f in role.fields)


def _structure_line(structure: EntityChange) -> str:
    verb = {"added": "新增", "removed": "删除", "changed": "修订"}[structure.change]
    details = "：" + "；".join(field_line(f) for f in structure.fields) if structure.fields else ""
    return f"{verb}结构类型 {_entity_heading(structure)}{details}"


def as_text(note: ChangeNote) -> str:
    """The change note in Chinese, grouped by org template, then posts, then structure types."""
    lines = ["组织调整变更说明", f"对比：{note.old} → {note.new}"]
    if not note.count:
        lines.append("没有变化：组织架构模板、岗位说明书和结构类型都相同。")
        return "\n".join(lines) + "\n"
    lines.append(f"共 {note.count} 项变更。")
    sections: list[tuple[str, list[str]]] = [
        ("组织架构", [line for org in note.orgs for line in _org_lines(org)]),
        ("岗位说明书", [f"  · {_role_line(r)}" for r in note.roles]),
        ("组织结构类型", [f"  · {_structure_line(s)}" for s in note.structures]),
        ("词表", ["  · vocab.yaml（行业、规模、层级、岗位族等取值）有改动"] if note.vocab_changed else []),
    ]
    number = 0
    for title, body in sections:
        if body:
            lines += ["", f"{_NUMBERS[number]}、{title}", *body]
            number += 1
    return "\n".join(lines) + "\n"


def as_json(note: ChangeNote) -> str:
    return json.dumps(note.as_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
