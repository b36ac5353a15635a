from __future__ import annotations

from pathlib import Path

import pytest

from orgkit.load import Library, load_library
from support import assert_clean_build, mkdocs_build, real_project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    # orgkit prints paths relative to the working directory; tests compare them.
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="session")
def fixture_library() -> Library:
    """tests/fixtures/valid: a small library with no problems at all."""
    library, problems = load_library(FIXTURES / "valid")
    assert not problems
    return library


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with ``mkdocs build --strict``; not one warning allowed."""
    tmp = tmp_path_factory.mktemp("real-site")
    site = tmp / "site"
    assert_clean_build(mkdocs_build(real_project(tmp), site))
    return site
