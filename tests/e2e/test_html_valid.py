"""Every built page through the Nu Html Checker (vnu.jar from the npm package vnu-jar).

Material itself emits a few errors on any site; those are measured on a bare
Material site built here with the same theme settings, and only errors that the
bare site does not have fail the test. README.md lists what remains and why.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

CANARY = "canary.html"


def _nu_errors(vnu: list[str], site: Path) -> list[dict[str, str]]:
    """Nu's errors for every HTML file under ``site``: [{"file", "message", "extract"}]."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    out = []
    for m in messages:
        if m.get("type") != "error" and m.get("subType") != "fatal":
            continue
        path = m.get("url", "").removeprefix("file:")
        out.append({"file": os.path.relpath(path, site), "message": m["message"], "extract": m.get("extract", "").strip()})
    return out


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Material site with our theme settings and nothing of ours: no overrides, pages, CSS or hook."""
    root = tmp_path_factory.mktemp("bare")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n\n一段文字。\n\n## 小节\n\n```text\ncode\n```\n", encoding="utf-8")
    (root / "docs" / "page.md").write_text("# 另一页\n\n[首页](index.md)\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: bare\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "  features: [navigation.tabs, navigation.indexes, navigation.prune, navigation.top, search.highlight, content.code.copy]\n"
        "markdown_extensions: [pymdownx.highlight, pymdownx.superfences]\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "-q"], cwd=root, env=env, check=True, timeout=300)
    # A page with a known error: proves the checker really reads the files it is given.
    (root / "site" / CANARY).write_text('<!doctype html><html lang="zh"><title>x</title><p id="a">1</p><p id="a">2</p></html>\n', encoding="utf-8")
    return root / "site"


def test_no_nu_error_beyond_bare_material(built_site: Path, bare_site: Path, vnu_command: list[str]) -> None:
    checked = _nu_errors(vnu_command, bare_site)
    assert any(e["file"] == CANARY and "Duplicate ID" in e["message"] for e in checked), "the checker missed a known error"
    bare = [e for e in checked if e["file"] != CANARY]
    ours = _nu_errors(vnu_command, built_site)
    material_own = {e["message"] for e in bare}
    extra = [e for e in ours if e["message"] not in material_own]
    summary = Counter(e["message"] for e in extra)
    detail = "\n".join(f"{n} × {msg}" for msg, n in summary.most_common()) + "\n\n" + "\n".join(
        f"{e['file']}: {e['message']} | {e['extract'][:160]}" for e in extra[:20]
    )
    assert extra == [], f"{len(extra)} Nu Html Checker errors that a bare Material site does not have:\n{detail}"
