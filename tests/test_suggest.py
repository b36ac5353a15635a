"""``orgkit suggest`` and the selection rules: twelve-plus company profiles, bad profiles, the scorer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orgkit import selector
from orgkit.load import Library
from orgkit.model import Profile, Selection, Structure

REPO = Path(__file__).resolve().parent.parent
PROFILES = sorted((REPO / "tests" / "fixtures" / "profiles").glob("*.yaml"))
EXPECT = re.compile(r"^# expect-top2: (\S+) (\S+)$", re.M)


def suggest(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orgkit", "suggest", *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=120)


def expected_top2(path: Path) -> list[str]:
    found = EXPECT.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name}: no '# expect-top2:' line"
    return [found.group(1), found.group(2)]


def test_there_are_a_dozen_profiles_from_startup_to_conglomerate() -> None:
    names = {p.stem for p in PROFILES}
    assert len(PROFILES) >= 12 and {"startup-app", "conglomerate"} <= names


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_profile_gets_the_top_two_a_consultant_would_defend(path: Path) -> None:
    result = suggest(path, "--format", "json")
    assert result.returncode == 0, result.stderr
    ranked = json.loads(result.stdout)["ranked"]
    assert [r["structure"] for r in ranked[:2]] == expected_top2(path)
    # Every structure type is ranked, best first, each with its reasons and templates.
    structures = sorted(p.stem for p in (REPO / "orgtemplates" / "structures").glob("*.yaml"))
    assert sorted(r["structure"] for r in ranked) == structures
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    assert ranked[0]["reasons"] and all(isinstance(t, str) for t in ranked[0]["reasons"])
    assert ranked[0]["templates"], f"{ranked[0]['structure']} has no example template"


def test_text_output_names_types_reasons_and_templates() -> None:
    result = suggest(REPO / "tests/fixtures/profiles/conglomerate.yaml")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("1. H 型结构（控股型）（holding）"), first
    assert "示例模板：" in result.stdout and "   - " in result.stdout


BAD = {
    "unknown-id": ("employees: 10\nstage: booming\nindustry: catering\nbusinesses: single\nmarkets: local\nwork: routine\n", "stage（发展阶段）"),
    "unknown-choice": ("employees: 10\nstage: growth\nindustry: catering\nbusinesses: single\nmarkets: galaxy\nwork: routine\n", "markets（市场范围）"),
    "wrong-type": ("employees: 十个人\nstage: growth\nindustry: catering\nbusinesses: single\nmarkets: local\nwork: routine\n", "employees（员工人数）"),
    "below-one": ("employees: 0\nstage: growth\nindustry: catering\nbusinesses: single\nmarkets: local\nwork: routine\n", "employees（员工人数）"),
    "missing-field": ("employees: 10\nstage: growth\nbusinesses: single\nmarkets: local\nwork: routine\n", "industry（行业）"),
    "unknown-field": ("employees: 10\nstage: growth\nindustry: catering\nbusinesses: single\nmarkets: local\nwork: routine\nstaff: 3\n", "staff"),
    "not-a-mapping": ("- employees: 10\n- stage: growth\n", "Y006"),
    "yaml-error": ("employees: [10\nstage: growth\n", "Y001"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_profile_exits_2_naming_file_and_field(tmp_path: Path, case: str) -> None:
    text, named = BAD[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    result = suggest(path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"{case}.yaml:" in result.stderr and named in result.stderr, result.stderr


def test_unreadable_profiles_exit_2(tmp_path: Path) -> None:
    missing = suggest(tmp_path / "nope.yaml")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("employees: 10\nstage: 成长期\n".encode("gbk"))
    for result, name in ((missing, "nope.yaml"), (suggest(gbk), "gbk.yaml")):
        assert result.returncode == 2 and name in result.stderr and "Traceback" not in result.stderr, result.stderr


# ---------------------------------------------------------------------------
# The scorer on a hand-made library: the rules' arithmetic, reachability, contradictions


def _library(rules: list[dict]) -> Library:
    lib = Library(root=REPO)
    base = {"title_en": "x", "summary": "x", "features": ["x"], "pros": ["x"], "cons": ["x"], "fits": {}, "sources": ["x"]}
    for sid in ("alpha", "beta", "gamma"):
        lib.structures[sid] = Structure.model_validate({"id": sid, "title": sid, **base})
    lib.selection = Selection.model_validate({"rules": rules})
    return lib


def _rule(rid: str, when: dict, effects: dict[str, int]) -> dict:
    return {"id": rid, "when": when, "effects": [{"structure": s, "weight": w} for s, w in effects.items()], "reason": rid, "source": "x"}


PROFILE = {"stage": "growth", "industry": "general", "businesses": "single", "markets": "local", "work": "routine"}


def test_scores_add_up_and_every_condition_must_hold() -> None:
    lib = _library([_rule("small", {"employees_max": 50}, {"alpha": 3, "beta": -1}), _rule("big", {"employees_min": 51}, {"beta": 5})])
    small = selector.rank(lib, Profile(employees=10, **PROFILE))
    assert [(r.structure, r.score) for r in small] == [("alpha", 3), ("gamma", 0), ("beta", -1)]
    assert small[2].reasons == ("不宜：small",)
    big = selector.rank(lib, Profile(employees=51, **PROFILE))
    assert [(r.structure, r.score) for r in big] == [("beta", 5), ("alpha", 0), ("gamma", 0)]


def test_unreachable_and_contradicting_rules_are_found() -> None:
    lib = _library([_rule("a", {"employees_max": 50}, {"alpha": 3}), _rule("b", {"employees_max": 50}, {"alpha": -2, "beta": 1})])
    assert selector.unreachable(lib) == ["gamma"]
    assert selector.contradictions(lib.selection) == [(0, 1, "alpha")]
