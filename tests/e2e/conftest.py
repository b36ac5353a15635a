"""Real-browser fixtures: build the site once, serve it on 127.0.0.1, drive Debian's Chromium.

Without Chromium (or Playwright) these tests skip with a loud notice, except
when the ``CI`` environment variable is true (``true``/``1``/``yes``): then they
fail, because CI must run them (``.ci/run`` installs Chromium with apt-get).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import in_ci

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
#: Test-only npm packages (package.json, installed by ``make test`` with ``npm ci``).
NODE_MODULES = REPO / "node_modules"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_skipped: list[str] = []


def chromium_path() -> str | None:
    """``$CHROMIUM`` when set (only that), else Debian's /usr/bin/chromium or one on PATH."""
    explicit = os.environ.get("CHROMIUM")
    candidates = [explicit] if explicit else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _unavailable(reason: str) -> None:
    message = f"浏览器测试无法运行：{reason}"
    if in_ci():
        pytest.fail(message + "（CI 中必须运行浏览器测试；.ci/run 会用 apt-get 安装 chromium）", pytrace=False)
    _skipped.append(message)
    pytest.skip(message + "。安装：sudo apt-get install -y chromium fonts-noto-cjk")


def _tool_file(relative: str) -> Path:
    """A file from the test-only npm packages, or a loud skip (a failure under CI)."""
    path = NODE_MODULES / relative
    if not path.is_file():
        _unavailable(f"找不到 node_modules/{relative}（make test 会用 npm ci 安装 package-lock.json 中的测试工具）")
    return path


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu Html Checker: Java running vnu.jar from the npm package vnu-jar."""
    java = shutil.which("java")
    if java is None:
        _unavailable("找不到 java（Nu Html Checker 需要 Java：sudo apt-get install -y default-jre-headless）")
    return [java, "-jar", str(_tool_file("vnu-jar/build/dist/vnu.jar"))]  # type: ignore[list-item]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle (npm package axe-core), injected into pages by the tests."""
    return _tool_file("axe-core/axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped:
        bar = "!" * 72
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(f"!! 已跳过浏览器测试：{_skipped[0]}", red=True, bold=True)
        terminalreporter.write_line("!! 中文搜索、离线和页面报错都没有在真实浏览器中验证。", red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        _unavailable("找不到 Chromium（/usr/bin/chromium）")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("没有安装 Playwright（pip install playwright）")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def built_site(chromium: str, real_site: Path) -> Path:
    """The real site (``real_site`` in tests/conftest.py: ``mkdocs build --strict``, no warning allowed)."""
    return real_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """A page plus everything it reported: console errors, page errors, off-host requests."""

    def __init__(self, page: Any, host: str) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.offhost: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(host) or url.startswith(("data:", "blob:", "about:")):
                r.continue_()
            else:
                # Recorded and refused: a test run must not depend on the network either.
                self.offhost.append(url)
                r.abort()

        page.context.route("**/*", route)


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield PageWatch(page, base_url.rstrip("/"))
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def site_url(base_url: str) -> str:
    """The served, built site (the name other e2e modules ask for)."""
    return base_url
