"""The whole library, read as a checklist: every file passes, the counts hold, every link resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgkit.check import check_library
from orgkit.load import Library
from orgkit.model import walk_chart

LIBRARY = Path(__file__).resolve().parent.parent / "orgtemplates"


@pytest.fixture(scope="module")
def library() -> Library:
    lib, problems = check_library(LIBRARY)
    assert [p.as_text() for p in problems] == [], "orgkit check must report no errors and no warnings"
    return lib


#: The seed library's company templates and industries (ids are public: added to, never renamed).
SEED_COMPANY_TEMPLATES = 17
SEED_INDUSTRIES = {"general", "manufacturing", "trade", "real-estate", "software-it", "semiconductor", "services", "construction", "process", "group"}
NEW_STRUCTURES = {"amoeba", "platform", "projectized", "process", "network", "agile-squads"}


def test_counts(library: Library) -> None:
    companies = [o for o in library.orgs.values() if o.scope == "company"]
    departments = [o for o in library.orgs.values() if o.scope == "department"]
    industries = {t.id for t in library.vocab.industries}
    assert len(library.roles) >= 320
    assert len(departments) >= 20
    assert len(companies) >= SEED_COMPANY_TEMPLATES + 28
    assert industries >= SEED_INDUSTRIES and len(industries - SEED_INDUSTRIES) >= 14
    assert len(library.structures) >= 17 and set(library.structures) >= NEW_STRUCTURES
    # Every new industry has company templates at two sizes at least.
    for industry in industries - SEED_INDUSTRIES:
        sizes = {s for o in companies if industry in o.fits.industries for s in o.fits.sizes}
        assert len(sizes) >= 2, f"{industry}: company templates at {sorted(sizes)}"
    # Each industry says which GB/T 4754-2017 门类 it covers (the two catch-alls excepted).
    assert all(t.gb_sections for t in library.vocab.industries if t.id not in ("general", "group"))


#: Governance bodies are boards and committees, not posts.
GOVERNANCE_KINDS = {"board", "committee", "supervisor"}


def test_every_chart_unit_names_a_role(library: Library) -> None:
    for org_id, org in sorted(library.orgs.items()):
        for node, _path, _depth in walk_chart(org.chart):
            if node.kind in GOVERNANCE_KINDS or node.role:
                continue
            # A team drawn only to group posts (每个岗位都写明) is led by the unit above it.
            grouped = node.kind == "team" and node.children and all(c.role for c in node.children)
            assert grouped, f"{org_id}: “{node.title}” ({node.kind}) names no role"
        if org.scope == "department":
            assert all(n.role or n.kind in GOVERNANCE_KINDS or n.kind == "team" for n, _p, _d in walk_chart(org.chart)), org_id


REQUIRED_STRUCTURES = {
    "创业型": "simple-line", "职能制": "functional", "直线职能制": "line-functional", "事业部制": "divisional",
    "模拟分权制": "simulated-decentralization", "矩阵制": "matrix", "委员会制": "committee", "扁平化": "flat",
    "战略业务单位": "sbu", "H 型": "holding", "国际化": "international",
}  # fmt: skip

REQUIRED_ORGS = [
    "manufacturing-company", "manufacturing-group", "sales-company", "real-estate-simple", "real-estate-center",
    "tech-company", "small-trading-company", "small-trading-company-lean", "flat-small-company",
    "semiconductor-large", "semiconductor-dual-lead", "semiconductor-sme",
    "cs-dept-large", "cs-dept-sme", "cs-dept-service", "cs-dept-tech",
]  # fmt: skip

REQUIRED_ROLES = [
    "general-manager", "deputy-general-manager", "director", "statutory-supervisor", "finance-director",
    "finance-manager", "accountant", "cashier", "auditor", "purchasing-specialist", "warehouse-keeper",
    "hr-specialist", "admin-specialist", "marketing-specialist", "sales-representative",
    "customer-service-specialist", "customer-service-supervisor", "customer-service-manager", "manager-assistant",
    "after-sales-specialist", "technical-support-engineer", "call-center-agent", "key-account-specialist",
    "complaint-specialist", "customer-information-specialist", "service-quality-specialist", "project-team-lead",
]  # fmt: skip


def test_required_entries_exist(library: Library) -> None:
    assert set(REQUIRED_STRUCTURES.values()) <= set(library.structures)
    assert set(REQUIRED_ORGS) <= set(library.orgs)
    assert set(REQUIRED_ROLES) <= set(library.roles)


def test_every_structure_is_complete(library: Library) -> None:
    for structure in library.structures.values():
        assert structure.features and structure.pros and structure.cons, structure.id
        assert structure.fits.sizes and structure.fits.stages, structure.id
        assert structure.aliases and structure.title_en and structure.related, structure.id
        assert structure.example in library.orgs, structure.id


def test_every_role_a_chart_names_has_its_own_spec(library: Library) -> None:
    for org in library.orgs.values():
        for node, _path, _depth in walk_chart(org.chart):
            if node.role is not None:
                assert node.role in library.roles, f"{org.id}: {node.title} → {node.role}"


def test_every_unit_has_duties(library: Library) -> None:
    for org in library.orgs.values():
        for node, _path, _depth in walk_chart(org.chart):
            if node.kind in ("department", "team"):
                assert node.duties, f"{org.id}: {node.title} has no duties"


def test_every_role_is_a_usable_duty_spec(library: Library) -> None:
    for role in library.roles.values():
        assert 5 <= len(role.duties) <= 12, role.id
        assert len(role.kpis) >= 3, role.id
        assert role.requirements.skills, role.id
        assert role.relations.internal or role.relations.external, role.id
        assert role.sources, role.id


def test_customer_service_split(library: Library) -> None:
    supervisor = " ".join(d.text for d in library.roles["customer-service-supervisor"].duties)
    specialist = " ".join(d.text for d in library.roles["customer-service-specialist"].duties)
    assert "新员工" in supervisor and "例会" in supervisor
    assert "新员工" not in specialist


def test_company_law_2023(library: Library) -> None:
    director = library.roles["director"]
    assert "执行董事" in director.aliases
    assert director.title == "董事"
    titles = [node.title for org in library.orgs.values() for node, _p, _d in walk_chart(org.chart)]
    assert "执行董事" not in titles and "股东大会" not in titles


def test_vocabularies(library: Library) -> None:
    vocab = library.vocab
    assert vocab is not None
    assert [t.id for t in vocab.sizes] == ["micro", "small", "medium", "large"]
    assert {"startup", "growth", "mature", "expansion"} == {t.id for t in vocab.stages}
    used = {role.family for role in library.roles.values()}
    assert used <= {t.id for t in vocab.families}
