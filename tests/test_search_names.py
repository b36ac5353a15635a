"""The exact-name table the search script reads (orgkit.search_names)."""

from __future__ import annotations

import dataclasses

from orgkit.load import Library
from orgkit.search_names import exact_names, normalise


def test_normalise_matches_the_script() -> None:
    # NFKC (full-width Latin), no spaces or zero-width spaces, lower case.
    assert normalise(" ＣＥＯ ") == "ceo"
    assert normalise("HR\u200b经理") == "hr经理"
    assert normalise("事业部制（M 型）") == "事业部制(m型)"


def test_every_title_and_alias_leads_to_its_page(fixture_library: Library) -> None:
    table = exact_names(fixture_library)
    pages = table["pages"]
    names = table["names"]
    assert isinstance(pages, list) and isinstance(names, dict)
    for kind in ("structure", "org", "role"):
        for entity_id, entity in fixture_library.entities(kind).items():
            for name in [entity.title, *getattr(entity, "aliases", [])]:
                urls = [pages[i][0] for i in names[normalise(name)]]
                assert f"{ {'structure': 'structures', 'org': 'orgs', 'role': 'roles'}[kind]}/{entity_id}/" in urls


def test_title_matches_rank_before_alias_matches(fixture_library: Library) -> None:
    role = next(iter(fixture_library.roles.values()))
    other = next(r for r in fixture_library.roles.values() if r.id != role.id)
    library = dataclasses.replace(fixture_library, roles={role.id: role, other.id: other.model_copy(update={"aliases": [role.title]})})
    table = exact_names(library)
    first, second = (table["pages"][i][0] for i in table["names"][normalise(role.title)])  # type: ignore[index]
    assert (first, second) == (f"roles/{role.id}/", f"roles/{other.id}/")
