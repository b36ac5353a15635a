"""``mkdocs serve`` with a broken library file, in Chromium, as a contributor meets it.

The real development server runs on a throwaway project. A page the browser
already had open shows every problem as ``path:line:col: CODE 说明``; once the
file is fixed and saved, the same tab turns into the site by itself.
Screenshots of both states go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import MKDOCS, SITE_FIXTURE, make_project

BROKEN = ("reports_to: sales-manager", "reports_to: no-such-role")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """A project with one broken role file, under ``mkdocs serve --strict``: (project, url, server log)."""
    project = make_project(tmp_path, SITE_FIXTURE)
    role = project / "orgtemplates" / "roles" / "sales-representative.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace(*BROKEN), encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen(
        [str(MKDOCS), "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def drain() -> None:  # read every line, so the server never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line.rstrip("\n"))
            if "Serving on" in line:
                ready.set()
        ready.set()  # the server exited: let the test see why

    threading.Thread(target=drain, daemon=True).start()
    try:
        ready.wait(timeout=120)
        assert proc.poll() is None and any("Serving on" in line for line in log), "\n".join(log)
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_shows_errors_then_reloads_into_the_site(browser: Any, served: tuple[Path, str, list[str]], artifacts: Path) -> None:
    from playwright.sync_api import expect

    project, url, log = served
    context = browser.new_context(viewport={"width": 1100, "height": 700}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(url + "roles/sales-manager/")  # a page of the site, not the home page: the server answers it with 404.html
        expect(page.locator("h1")).to_have_text("库文件有 1 个错误，网站暂未构建")
        item = page.locator("li code")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("orgtemplates/roles/sales-representative.yaml:")
        expect(item).to_contain_text(": R203 ")
        expect(item).to_contain_text("no-such-role")
        page.screenshot(path=str(artifacts / "serve-error.png"), full_page=True)
        assert any("R203" in line for line in log), "\n".join(log)  # the terminal says it too

        role = project / "orgtemplates" / "roles" / "sales-representative.yaml"
        role.write_text(role.read_text(encoding="utf-8").replace(BROKEN[1], BROKEN[0]), encoding="utf-8")
        # No navigation by the test: the open tab must reload into the site by itself.
        expect(page.locator('article h1[id="销售经理"]')).to_be_visible(timeout=90_000)
        page.screenshot(path=str(artifacts / "serve-fixed.png"))
    finally:
        context.close()
