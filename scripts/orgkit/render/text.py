"""A role's duty spec (岗位说明书) as Markdown and as plain text.

The section helpers here are shared with the .docx builder so that every export
carries the same sections, in the same order, with the same wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orgkit.load import Library
from orgkit.model import HOURS_LABELS, Duty, Node, Role

#: Chinese ordinals for section numbers; a spec never has more than eight sections.
CN_ORDINALS = "一二三四五六七八九十"

NONE = "无"
BLANK = "—"
SUPPORTING_MARK = "（辅助职责）"
#: Short noun phrases (departments, partners) read best on one line.
LIST_JOIN = "、"


@dataclass(frozen=True)
class Entry:
    """One labelled entry of a section: a single text or a list of items."""

    label: str
    items: tuple[str, ...]

    @property
    def inline(self) -> str:
        return LIST_JOIN.join(self.items) if self.items else NONE


def role_title(library: Library, role_id: str | None) -> str:
    """A referenced role's title; the bare id when the library does not have it."""
    if role_id is None:
        return NONE
    other = library.roles.get(role_id)
    return other.title if other else role_id


def box_title(node: Node | None, library: Library) -> str:
    """A chart box as a reporting line names it: its post's title, else the unit's ("" for none)."""
    if node is None:
        return ""
    return role_title(library, node.role) if node.role else node.title


def spec_title(role: Role) -> str:
    return f"{role.title}岗位说明书"


@dataclass(frozen=True)
class Reporting:
    """直接上级 and 直接下级 as one context states them: a chart's, or the role's own general statement."""

    boss: str
    subordinates: str

    @classmethod
    def standalone(cls, role: Role, library: Library) -> Reporting:
        """What the role says on its own; rule R211 keeps it true in every chart that uses it."""
        subs = [role_title(library, rid) for rid in role.relations.supervises]
        subordinates = LIST_JOIN.join(subs) + "（视所在组织而定）" if subs else NONE
        return cls(library.standalone_boss(role), subordinates)

    @classmethod
    def in_chart(cls, boss_role: str | None, boss_unit: str | None, subordinates: tuple[str, ...], library: Library) -> Reporting:
        """One chart's reporting lines (from :meth:`orgkit.load.Library.role_uses`)."""
        boss = role_title(library, boss_role) if boss_role else (boss_unit or NONE)
        subs = LIST_JOIN.join(dict.fromkeys(role_title(library, rid) for rid in subordinates))
        return cls(boss, subs or NONE)


def basic_info(role: Role, library: Library, reporting: Reporting | None = None) -> list[tuple[str, str]]:
    """The 基本信息 block: label → value, in form order (pairs fill a 4-column row)."""
    lines = reporting or Reporting.standalone(role, library)
    return [
        ("岗位名称", role.title),
        ("岗位编号", library.position_code(role)),
        ("岗位族", library.label("families", role.family)),
        ("岗位层级", library.label("levels", role.level)),
        ("直接上级", lines.boss),
        ("直接下级", lines.subordinates),
        ("英文名称", role.title_en or BLANK),
        ("别名", LIST_JOIN.join(role.aliases) if role.aliases else BLANK),
    ]


def duty_line(duty: Duty) -> str:
    # Supporting duties stay in the author's order; the mark keeps their weight visible.
    return duty.text + (SUPPORTING_MARK if duty.kind == "supporting" else "")


def requirement_fields(role: Role) -> list[Entry]:
    """任职资格: all five rows always, so an HR person sees what the form expects."""
    req = role.requirements
    return [
        Entry("学历", (req.education,)),
        Entry("工作经验", (req.experience,)),
        Entry("知识与技能", tuple(req.skills)),
        Entry("素质要求", tuple(req.qualities)),
        Entry("资格证书", tuple(req.certificates)),
    ]


def relation_fields(role: Role) -> list[Entry]:
    rel = role.relations
    return [
        Entry("内部协调", tuple(rel.internal)),
        Entry("外部联系", tuple(rel.external)),
    ]


def condition_fields(role: Role) -> list[Entry]:
    """工作条件: environment, hours system, travel, and any note on shifts or on-call."""
    cond = role.conditions
    out = [Entry("工作环境", (cond.environment,)), Entry("工时制度", (HOURS_LABELS[cond.hours],)), Entry("出差", (cond.travel,))]
    if cond.note:
        out.append(Entry("其他说明", (cond.note,)))
    return out


def career_fields(role: Role, library: Library) -> list[Entry]:
    """职业发展: the posts this one leads to, by title."""
    return [
        Entry("晋升方向", tuple(role_title(library, rid) for rid in role.career.promotion)),
        Entry("轮岗方向", tuple(role_title(library, rid) for rid in role.career.rotation)),
    ]


def section_titles(role: Role) -> list[str]:
    """Numbered section headings, e.g. ``三、岗位职责``; 岗位权限 only when present."""
    names = ["基本信息", "岗位概述", "岗位职责", "任职资格", "考核指标", "工作关系"]
    if role.authority:
        names.append("岗位权限")
    names += ["工作条件", "职业发展"]
    return [f"{CN_ORDINALS[i]}、{name}" for i, name in enumerate(names)]


# ---------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so role text is always literal (“A|B”, “*注*”)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def role_markdown(role: Role, library: Library, reporting: Reporting | None = None) -> str:
    e = md_escape
    titles = iter(section_titles(role))
    out: list[str] = [f"# {e(spec_title(role))}", ""]

    out += [f"## {next(titles)}", "", "| 项目 | 内容 |", "| --- | --- |"]
    out += [f"| {label} | {e(value)} |" for label, value in basic_info(role, library, reporting)]
    out += ["", f"## {next(titles)}", "", e(role.summary), ""]

    out += [f"## {next(titles)}", ""]
    out += [f"{i}. {e(duty_line(d))}" for i, d in enumerate(role.duties, 1)]

    out += ["", f"## {next(titles)}", ""]
    for field in requirement_fields(role):
        if len(field.items) == 1:
            out.append(f"- **{field.label}**：{e(field.items[0])}")
        elif not field.items:
            out.append(f"- **{field.label}**：{NONE}")
        else:
            out.append(f"- **{field.label}**：")
            out += [f"    {i}. {e(item)}" for i, item in enumerate(field.items, 1)]

    out += ["", f"## {next(titles)}", ""]
    out += [f"{i}. {e(k)}" for i, k in enumerate(role.kpis, 1)] or [NONE]

    out += ["", f"## {next(titles)}", ""]
    out += [f"- **{f.label}**：{e(f.inline)}" for f in relation_fields(role)]

    if role.authority:
        out += ["", f"## {next(titles)}", ""]
        out += [f"{i}. {e(a)}" for i, a in enumerate(role.authority, 1)]
    for entries in (condition_fields(role), career_fields(role, library)):
        out += ["", f"## {next(titles)}", ""]
        out += [f"- **{f.label}**：{e(f.inline)}" for f in entries]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Plain text: what pastes cleanly into any editor, with 一、二、 section numbers.


def role_text(role: Role, library: Library, reporting: Reporting | None = None) -> str:
    titles = iter(section_titles(role))
    out: list[str] = [spec_title(role), ""]

    out.append(next(titles))
    out += [f"{label}：{value}" for label, value in basic_info(role, library, reporting)]
    out += ["", next(titles), role.summary, ""]

    out.append(next(titles))
    out += [f"{i}. {duty_line(d)}" for i, d in enumerate(role.duties, 1)]

    out += ["", next(titles)]
    for field in requirement_fields(role):
        if len(field.items) <= 1:
            out.append(f"{field.label}：{field.items[0] if field.items else NONE}")
        else:
            out.append(f"{field.label}：")
            out += [f"  {i}. {item}" for i, item in enumerate(field.items, 1)]

    out += ["", next(titles)]
    out += [f"{i}. {k}" for i, k in enumerate(role.kpis, 1)] or [NONE]

    out += ["", next(titles)]
    out += [f"{f.label}：{f.inline}" for f in relation_fields(role)]

    if role.authority:
        out += ["", next(titles)]
        out += [f"{i}. {a}" for i, a in enumerate(role.authority, 1)]
    for entries in (condition_fields(role), career_fields(role, library)):
        out += ["", next(titles)]
        out += [f"{f.label}：{f.inline}" for f in entries]
    return "\n".join(out) + "\n"
