"""The selector page in Chromium ranks exactly as ``orgkit suggest`` does, offline, from the URL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PROFILES = sorted((REPO / "tests" / "fixtures" / "profiles").glob("*.yaml"))

pytestmark = pytest.mark.e2e


def _cli(path: Path) -> list[tuple[str, int]]:
    out = subprocess.run([sys.executable, "-m", "orgkit", "suggest", str(path), "--format", "json"], capture_output=True, text=True, cwd=REPO, check=True)
    return [(r["structure"], r["score"]) for r in json.loads(out.stdout)["ranked"]]


def _page(watched: Any, site_url: str, profile: dict[str, Any]) -> list[tuple[str, int]]:
    page = watched.page
    page.goto(f"{site_url}selector/?{urlencode(profile)}")
    items = page.locator(".selector-results > li")
    items.first.wait_for()
    return [(li.get_attribute("data-structure"), int(li.get_attribute("data-score"))) for li in items.all()]


def test_page_and_cli_rank_every_profile_the_same(watched: Any, site_url: str) -> None:
    assert len(PROFILES) >= 12
    for path in PROFILES:
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert _page(watched, site_url, profile) == _cli(path), path.stem
    assert watched.offhost == [] and watched.page_errors == [] and watched.console_errors == []


def test_form_submit_puts_the_answers_in_the_url(watched: Any, site_url: str, artifacts: Path) -> None:
    page = watched.page
    page.goto(f"{site_url}selector/")
    page.fill("#sel-employees", "8")
    page.select_option("#sel-stage", "startup")
    page.select_option("#sel-industry", "software-it")
    page.select_option("#sel-environment", "changing")
    page.click(".selector-form button[type=submit]")
    page.wait_for_url("**/selector/?*employees=8*")
    first = page.locator(".selector-results > li").first
    first.wait_for()
    assert first.get_attribute("data-structure") in {"simple-line", "flat"}
    assert first.locator("a").first.get_attribute("href").startswith("../structures/")
    # Reloading the shared URL shows the same result.
    url = page.url
    page.goto(url)
    assert page.locator(".selector-results > li").first.get_attribute("data-structure") == first.get_attribute("data-structure")
    page.screenshot(path=str(artifacts / "selector.png"), full_page=True)
