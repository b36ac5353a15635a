"""One failing fixture per rule code, asserting the exact codes and lines it produces.

Each fixture lives in ``tests/fixtures/invalid/<CODE>/`` and states what it must
produce in a header comment: ``# expect: CODE@LINE`` (or ``CODE@FILE:LINE`` for a
problem reported on another file), or ``# expect: none`` for a file that must stay
clean beside the failing ones (a helper file, or a rule's false-positive guard). Fixtures are checked in the context of the
small valid library in ``tests/fixtures/valid/``; a ``library/`` folder inside a
fixture is checked as a library of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orgkit.check import check_library
from orgkit.load import library_files
from orgkit.rules import RULES

FIXTURES = Path(__file__).resolve().parent / "fixtures"

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
EXPECT = re.compile(rb"^# expect: (.+)$", re.M)


def _expected(case: Path) -> list[tuple[str, str, int]]:
    out = []
    for path in library_files(case):
        found = EXPECT.search(path.read_bytes())
        assert found, f"{path} has no '# expect:' line"
        items = found.group(1).decode("ascii").split()
        if items == ["none"]:
            continue
        for item in items:
            code, _, where = item.partition("@")
            name, _, line = where.rpartition(":")
            out.append((code, name or path.name, int(line)))
    return sorted(out)


def _run(case: Path) -> list[tuple[str, str, int]]:
    if (case / "library").is_dir():
        _lib, problems = check_library(case / "library")
    else:
        _lib, problems = check_library(VALID, library_files(case))
    return sorted((p.code, Path(p.path).name, p.line) for p in problems)


CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_every_rule_has_a_fixture() -> None:
    assert sorted(RULES) == CASES


@pytest.mark.parametrize("code", CASES)
def test_fixture_produces_exactly_its_codes(code: str) -> None:
    case = INVALID / code
    expected = _expected(case)
    assert code in {c for c, _n, _l in expected}, f"fixture for {code} does not expect {code}"
    assert _run(case) == expected


def test_valid_fixture_library_is_clean() -> None:
    _lib, problems = check_library(VALID)
    assert problems == []


def test_unsafe_tag_never_runs(tmp_path: Path) -> None:
    marker = Path("/tmp/orgkit-pwned")
    marker.unlink(missing_ok=True)
    _run(INVALID / "Y008")
    assert not marker.exists()


def test_locations_found_on_first_use_match_the_careful_reader() -> None:
    # The fast reader leaves locations out and Doc finds them from the text when a rule asks;
    # they must be exactly those the event-by-event reader records as it goes.
    from orgkit import yamlsrc

    text = (
        "# yaml-language-server: $schema=x\nid: a\ntitle: 标题\nduties:\n  - text: 一\n    note: 1\n"
        "  - [x, {k: true}, '']\nmeta: {a: 1, b: [2, 3]}\nid: again\nmeta:\n  c: 1\n"
    )
    fast, _problems = yamlsrc.parse_text(text, yamlsrc.Doc(Path("a.yaml"), "a.yaml"), [])
    careful = yamlsrc.Doc(Path("a.yaml"), "a.yaml", text=text)
    yamlsrc._build(text, careful, [])
    assert fast._locs is None and fast._keylocs is None

    # The careful reader also files a dropped value's insides under a path no field can have.
    def kept(locs: dict[tuple[str | int, ...], tuple[int, int]]) -> dict[tuple[str | int, ...], tuple[int, int]]:
        return {p: loc for p, loc in locs.items() if not (p and p[0] == "\0dup")}

    assert len(kept(careful.locs)) < len(careful.locs)
    assert fast.locs == kept(careful.locs)
    assert fast.keylocs == kept(careful.keylocs)


def test_r203_suggests_the_near_id_for_every_reference_to_it(tmp_path: Path) -> None:
    """A misspelt id gets its 是否想写 hint everywhere it is used (the look-up is made once per id)."""
    text = (INVALID / "R203" / "roles" / "r203.yaml").read_text(encoding="utf-8")
    text = text.replace("reports_to: nobody-here", "reports_to: fx-managr", 1)
    text += "career:\n  promotion: [fx-managr]\n"
    path = tmp_path / "roles" / "r203.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    _lib, problems = check_library(VALID, [path])
    hints = [p.message for p in problems if p.code == "R203"]
    assert len(hints) == 2, [p.as_text() for p in problems]
    assert all("（是否想写 fx-manager？）" in h for h in hints), hints
