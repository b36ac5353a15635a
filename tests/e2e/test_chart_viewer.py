"""Org charts on a phone and on a desktop: the full-screen viewer
(scripts/orgkit/theme/javascripts/chart-viewer.js) opens, pans and zooms, and the text is legible."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: The widest company chart in the library (about 1,850 px at its natural size).
LARGE = "orgs/semiconductor-large/"
#: On-screen height of a box's text line that a reader can read without zooming (the chart sets 14 px).
LEGIBLE_PX = 12


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _view(page: Any) -> dict[str, float]:
    """The viewer's scale and translation, and the chart's on-screen size."""
    return page.evaluate(
        """() => {
        const canvas = document.querySelector('.chart-viewer__canvas');
        const m = new DOMMatrix(getComputedStyle(canvas).transform);
        const svg = canvas.querySelector('svg').getBoundingClientRect();
        const text = canvas.querySelector('.oc-box text tspan').getBoundingClientRect();
        return {scale: m.a, x: m.e, y: m.f, width: svg.width, height: svg.height, text: text.height};
    }"""
    )


def _touch(page: Any, kind: str, pointer_id: int, x: float, y: float) -> None:
    """A touch pointer event on the viewer's stage (Playwright has no multi-touch gestures)."""
    page.evaluate(
        """([kind, id, x, y]) => document.querySelector('.chart-viewer__stage').dispatchEvent(new PointerEvent(kind,
            {pointerId: id, pointerType: 'touch', clientX: x, clientY: y, bubbles: true, isPrimary: id === 1, button: 0}))""",
        [kind, pointer_id, x, y],
    )


def _open(page: Any, url: str) -> Any:
    from playwright.sync_api import expect

    page.goto(url)
    page.wait_for_load_state("networkidle")
    opener = page.locator("button.chart-open").first
    expect(opener).to_be_visible()
    opener.click()
    dialog = page.locator("dialog.chart-viewer")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".chart-viewer__canvas svg")).to_be_visible()
    return dialog


def test_phone_opens_the_chart_full_screen_pans_and_zooms(phone: Any, base_url: str, artifacts: Path) -> None:
    from playwright.sync_api import expect

    page = phone
    page.goto(base_url + LARGE)
    page.wait_for_load_state("networkidle")
    inline = page.locator(".org-chart svg").first
    natural = float(inline.get_attribute("width") or 0)
    # On the page the chart is shrunk to the column: far too small to read.
    assert inline.bounding_box()["width"] < 390 < natural
    page.screenshot(path=str(artifacts / "phone-org-page.png"))

    dialog = _open(page, base_url + LARGE)
    box = dialog.bounding_box()
    assert box["width"] == pytest.approx(390, abs=1) and box["height"] == pytest.approx(844, abs=1)
    view = _view(page)
    assert view["scale"] == pytest.approx(1)
    assert view["width"] == pytest.approx(natural, rel=0.01)
    assert view["text"] >= LEGIBLE_PX
    page.screenshot(path=str(artifacts / "phone-chart-viewer.png"))

    # Zoom buttons.
    dialog.get_by_role("button", name="放大").click()
    assert _view(page)["scale"] == pytest.approx(1.25)
    assert _view(page)["width"] == pytest.approx(natural * 1.25, rel=0.01)
    dialog.get_by_role("button", name="缩小").click()
    assert _view(page)["scale"] == pytest.approx(1)

    # One finger drags the chart.
    before = _view(page)
    _touch(page, "pointerdown", 1, 200, 400)
    _touch(page, "pointermove", 1, 150, 380)
    _touch(page, "pointermove", 1, 100, 350)
    _touch(page, "pointerup", 1, 100, 350)
    after = _view(page)
    assert (after["x"] - before["x"], after["y"] - before["y"]) == (pytest.approx(-100), pytest.approx(-50))

    # Two fingers spread apart zoom in around their midpoint.
    _touch(page, "pointerdown", 1, 150, 400)
    _touch(page, "pointerdown", 2, 250, 400)
    _touch(page, "pointermove", 1, 100, 400)
    _touch(page, "pointermove", 2, 300, 400)
    _touch(page, "pointerup", 1, 100, 400)
    _touch(page, "pointerup", 2, 300, 400)
    assert _view(page)["scale"] == pytest.approx(2, rel=0.01)

    # Fit shows the whole chart.
    dialog.get_by_role("button", name="适应屏幕").click()
    fitted = _view(page)
    stage = dialog.locator(".chart-viewer__stage").bounding_box()
    assert fitted["width"] <= stage["width"] + 1 and fitted["height"] <= stage["height"] + 1
    page.screenshot(path=str(artifacts / "phone-chart-viewer-fit.png"))

    # Closing puts the chart back on the page as it was.
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()
    assert page.locator(".org-chart svg").first.get_attribute("style") == "max-width:100%;height:auto"
    assert inline.bounding_box()["width"] < 390


def test_tap_on_a_box_opens_its_role_but_a_drag_does_not(phone: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page = phone
    _open(page, base_url + LARGE)
    link = page.locator(".chart-viewer__canvas svg a").first
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # A drag that starts on the box pans and stays on the page.
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 10, steps=4)
    page.mouse.up()
    assert page.url.endswith(LARGE)
    # A tap follows the link.
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"/roles/[a-z0-9-]+/$"))


def test_desktop_large_chart_full_screen_with_wheel_zoom(desktop: Any, base_url: str, artifacts: Path) -> None:
    page = desktop
    dialog = _open(page, base_url + LARGE)
    stage = dialog.locator(".chart-viewer__stage").bounding_box()
    page.mouse.move(stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function("() => +document.querySelector('.chart-viewer__canvas').dataset.scale > 1")
    assert _view(page)["scale"] > 1
    page.keyboard.press("0")
    assert _view(page)["scale"] < 1
    page.screenshot(path=str(artifacts / "desktop-chart-viewer.png"))
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
