"""Which structure fits a company: score every structure type for a profile from selection.yaml.

The rules are library data (``orgtemplates/selection.yaml``); this module is the one scorer.
The selector page runs the same algorithm in the browser (``scripts/orgkit/theme/javascripts/selector.js``)
from the same rules, embedded as JSON by :func:`page_data`; a test runs both on the same
profiles and compares the rankings, so the two cannot drift apart.

Scoring: a rule applies when every condition it names holds (an unnamed condition is no
condition). A structure's score is the sum of the weights of the applying rules that name it;
every structure is ranked, best first, ties by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from orgkit.load import Library
from orgkit.model import Businesses, Environment, Markets, Profile, Selection, SelectionRule, When, WorkKind

#: Profile fields read as a choice among fixed values, with those values.
CHOICES: dict[str, tuple[str, ...]] = {
    "businesses": get_args(Businesses),
    "markets": get_args(Markets),
    "work": get_args(WorkKind),
    "environment": get_args(Environment),
}


@dataclass(frozen=True)
class Ranked:
    structure: str
    score: int
    reasons: tuple[str, ...]
    templates: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"structure": self.structure, "score": self.score, "reasons": list(self.reasons), "templates": list(self.templates)}


def applies(when: When, profile: Profile) -> bool:
    """True when every condition the rule names holds for the profile."""
    if when.employees_min is not None and profile.employees < when.employees_min:
        return False
    if when.employees_max is not None and profile.employees > when.employees_max:
        return False
    if when.sites_min is not None and profile.sites < when.sites_min:
        return False
    if when.companies_min is not None and profile.companies < when.companies_min:
        return False
    listed = (
        (when.stages, profile.stage),
        (when.industries, profile.industry),
        (when.businesses, profile.businesses),
        (when.markets, profile.markets),
        (when.work, profile.work),
        (when.environment, profile.environment),
    )
    return all(not allowed or value in allowed for allowed, value in listed)


def templates_by_structure(library: Library) -> dict[str, tuple[str, ...]]:
    """The type's own example first, then company templates using it (they show it whole), then department ones."""
    out: dict[str, list[str]] = {}
    for sid, structure in sorted(library.structures.items()):
        # 委员会制 rarely stands alone: its example is a chart of another type that contains a committee.
        if structure.example in library.orgs:
            out[sid] = [structure.example]
    for org_id in sorted(library.orgs, key=lambda i: (library.orgs[i].scope != "company", i)):
        listed = out.setdefault(library.orgs[org_id].structure, [])
        if org_id not in listed:
            listed.append(org_id)
    return {k: tuple(v) for k, v in out.items()}


def score(rules: list[SelectionRule], structures: list[str]) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """Per structure: total weight and the (weight, reason) pairs that made it."""
    totals: dict[str, tuple[int, list[tuple[int, str]]]] = {s: (0, []) for s in structures}
    for rule in rules:
        for effect in rule.effects:
            if effect.structure in totals:
                total, why = totals[effect.structure]
                why.append((effect.weight, rule.reason))
                totals[effect.structure] = (total + effect.weight, why)
    return totals


def rank(library: Library, profile: Profile) -> list[Ranked]:
    """Every structure type of the library, best first, with the reasons and example templates."""
    selection = library.selection
    rules = [r for r in selection.rules if applies(r.when, profile)] if selection else []
    templates = templates_by_structure(library)
    out = []
    for structure, (total, why) in score(rules, sorted(library.structures)).items():
        # Reasons read best strongest first; a negative weight is said as a caution.
        ordered = sorted(why, key=lambda item: -abs(item[0]))
        reasons = tuple(text if weight > 0 else f"不宜：{text}" for weight, text in ordered)
        out.append(Ranked(structure, total, reasons, templates.get(structure, ())))
    return sorted(out, key=lambda r: (-r.score, r.structure))


# ---------------------------------------------------------------------------
# Checks on the rules themselves (run by orgkit check)


def _cut_points(values: list[int | None], *, upper: bool = False) -> list[int]:
    """Representative values for a numeric condition: 1 and every boundary a rule draws."""
    points = {1}
    for v in values:
        if v is not None:
            points.add(v + 1 if upper else v)
    return sorted(points)


def _dimensions(selection: Selection, library: Library) -> list[tuple[str, list[Any]]]:
    """Each profile field with the values that can change which rules apply (one per class)."""
    rules = selection.rules
    employees = sorted(set(_cut_points([r.when.employees_min for r in rules]) + _cut_points([r.when.employees_max for r in rules], upper=True)))
    named_industries = sorted({i for r in rules for i in r.when.industries})
    all_industries = [t.id for t in library.vocab.industries] if library.vocab else named_industries
    others = [i for i in all_industries if i not in named_industries][:1]
    stages = [t.id for t in library.vocab.stages] if library.vocab else sorted({s for r in rules for s in r.when.stages})
    return [
        ("employees", employees),
        ("stage", stages),
        ("industry", named_industries + others),
        ("sites", _cut_points([r.when.sites_min for r in rules])),
        ("companies", _cut_points([r.when.companies_min for r in rules])),
        *((name, list(values)) for name, values in CHOICES.items()),
    ]


def _matched_sets(selection: Selection, library: Library) -> list[frozenset[int]]:
    """Every distinct set of applying rules over the whole profile space.

    Walks the profile fields one at a time, keeping only the rules that can still apply; two
    branches that leave the same rules alive are the same from then on, so each is walked once.
    """
    level: set[frozenset[int]] = {frozenset(range(len(selection.rules)))}
    for name, values in _dimensions(selection, library):
        if not values:
            continue  # no vocab and no rule names this field: it cannot split anything
        # Which rules accept each value of this field: computed once per field, not per branch.
        accepting = [frozenset(i for i, r in enumerate(selection.rules) if _holds_on(r.when, name, v)) for v in values]
        level = {alive & ok for alive in level for ok in accepting}
    return sorted(level, key=sorted)


def _holds_on(when: When, name: str, value: Any) -> bool:
    """Does the one condition on profile field ``name`` hold for ``value`` (other fields ignored)?"""
    if name == "employees":
        return (when.employees_min is None or value >= when.employees_min) and (when.employees_max is None or value <= when.employees_max)
    if name == "sites":
        return when.sites_min is None or value >= when.sites_min
    if name == "companies":
        return when.companies_min is None or value >= when.companies_min
    allowed = {"stage": when.stages, "industry": when.industries}.get(name, getattr(when, name, []))
    return not allowed or value in allowed


#: A structure is reachable when some profile ranks it this high (ties included) with a positive score.
REACH = 2


def unreachable(library: Library) -> list[str]:
    """Structure types that no profile ranks in the top two with a positive score."""
    selection = library.selection
    if selection is None:
        return []
    structures = sorted(library.structures)
    reached: set[str] = set()
    for matched in _matched_sets(selection, library):
        totals = score([selection.rules[i] for i in sorted(matched)], structures)
        ordered = sorted((total for total, _why in totals.values()), reverse=True)
        bar = max(ordered[min(REACH, len(ordered)) - 1], 1)
        reached |= {s for s, (total, _why) in totals.items() if total >= bar}
    return [s for s in structures if s not in reached]


def contradictions(selection: Selection) -> list[tuple[int, int, str]]:
    """Pairs of rules with the same conditions that pull one structure in opposite directions."""
    out = []
    for i, a in enumerate(selection.rules):
        for j in range(i + 1, len(selection.rules)):
            b = selection.rules[j]
            if a.when != b.when:
                continue
            for ea in a.effects:
                for eb in b.effects:
                    if ea.structure == eb.structure and (ea.weight > 0) != (eb.weight > 0):
                        out.append((i, j, ea.structure))
    return out


# ---------------------------------------------------------------------------
# Text output for the CLI


def as_text(library: Library, ranked: list[Ranked]) -> str:
    lines = []
    for i, item in enumerate(ranked, 1):
        structure = library.structures[item.structure]
        lines.append(f"{i}. {structure.title}（{item.structure}）  得分 {item.score}")
        lines += [f"   - {reason}" for reason in item.reasons]
        if item.templates:
            titles = "、".join(f"{library.orgs[t].title}（{t}）" for t in item.templates[:3])
            lines.append(f"   示例模板：{titles}")
    return "\n".join(lines) + "\n"
