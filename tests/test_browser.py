"""The handout in a real browser: Debian's chromium driven by playwright (no browser download).

Each example's handout is opened from disk with every non-file request blocked
and recorded; the page must not log errors, must show its key content, must
produce a non-blank screenshot, must lay out for print (A3 landscape), and must
pass axe-core (bundled in the axe-playwright-python package, injected as a
local file) without serious or critical violations.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from journeymap.render import render_paths
from journeymap.workspace import load_workspaces
from render_helpers import hostile_workspace

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
JOURNEYS = sorted(EXAMPLES.glob("**/journeys/*.yaml"))
sys.path.insert(0, str(ROOT / "docs"))
from make_screenshot import BROWSER_ARGS  # noqa: E402  (the README screenshot's launch flags)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, (
        "Debian's chromium is needed for the browser tests: apt-get install -y chromium"
    )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield instance
        instance.close()


class Visit:
    """A page that records console errors, page errors, dialogs and every request."""

    def __init__(self, browser, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1600, "height": 1200})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "dialog",
            lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()),
        )
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))

        def route(route) -> None:
            self.requests.append(route.request.url)
            if route.request.url == url:
                route.continue_()
            else:
                route.abort()

        self.page.route("**/*", route)
        self.page.goto(url, wait_until="load")


def render_html(source: Path, out: Path) -> Path:
    render_paths([source], "html", str(out))
    return out


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_handout_in_chromium(browser, journey, tmp_path):
    from PIL import Image

    html = render_html(journey, tmp_path / f"{journey.stem}.html")
    url = html.resolve().as_uri()
    visit = Visit(browser, url)
    page = visit.page
    try:
        assert visit.requests == [url], "the handout fetched something besides itself"
        assert visit.failed == []
        assert visit.errors == []

        assert page.locator("h1").is_visible()
        title = page.locator("h1").inner_text()
        assert title and title == page.title()
        for heading in ("Emotion curve", "The journey, stage by stage"):
            assert page.get_by_role("heading", name=heading).is_visible()
        curve = page.get_by_role("img", name=f"Emotion curve: {title}")
        assert curve.is_visible()
        box = curve.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        grid = page.locator("table.grid")
        assert grid.is_visible()
        model = next(
            d.model
            for d in load_workspaces([journey])[0].documents
            if Path(d.path).resolve() == journey.resolve()
        )
        assert grid.locator("thead th[scope=col]").count() == len(model.stages)
        assert grid.locator("thead th[scope=col]").first.inner_text().endswith(model.stages[0].name)
        assert grid.locator("tbody th[scope=row]").count() >= 12
        assert page.locator(".persona h3").first.is_visible()
        assert page.locator(".step.mot").count() >= 1

        shot = tmp_path / f"{journey.stem}.png"
        page.screenshot(path=str(shot), full_page=True)
        with Image.open(shot) as image:
            assert image.width >= 1600 and image.height > 1200
            colours = image.convert("RGB").resize((200, 400)).getcolors(maxcolors=100_000)
            assert colours is not None and len(colours) > 50, "the screenshot looks blank"
            dominant = max(count for count, _ in colours)
            assert dominant < 0.9 * 200 * 400

        page.emulate_media(media="print")
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowX")
            == "visible"
        )
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('table.grid tbody tr')).breakInside"
            )
            == "avoid"
        )
        # The whole grid fits the A3 landscape page width (420mm - 2 x 10mm margins at 96 dpi).
        page.set_viewport_size({"width": 1512, "height": 1000})
        width = page.evaluate("document.querySelector('table.grid').getBoundingClientRect().width")
        assert width <= 1512
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
        page.emulate_media(media="screen")

        page.add_script_tag(path=str(files("axe_playwright_python") / "axe.min.js"))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert results["testEngine"]["name"] == "axe-core" and results["passes"]
        violations = [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical", "moderate")
        ]
        assert violations == []
        assert visit.errors == []
    finally:
        page.close()


def test_keyboard_reaches_the_grid(browser, tmp_path):
    html = render_html(JOURNEYS[0], tmp_path / "handout.html")
    visit = Visit(browser, html.resolve().as_uri())
    page = visit.page
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "journey-grid"
        # The scrollable curve and grid regions are focusable, so keyboard users can scroll them.
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
            "Emotion curve, scrollable"
        )
    finally:
        page.close()


def test_hostile_handout_stays_inert_in_chromium(browser, tmp_path):
    journey = hostile_workspace(tmp_path / "hostile")
    html = render_html(journey.parent, tmp_path / "hostile.html")
    url = html.resolve().as_uri()
    visit = Visit(browser, url)
    page = visit.page
    try:
        assert visit.requests == [url]
        assert visit.errors == []
        assert page.locator("script, img, iframe, object, embed").count() == 0
        assert (
            page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
        )
        assert page.locator("body").is_visible()  # the </style> payload did not hide the page
        assert page.get_by_text("<script>alert('x')</script>").first.is_visible()
    finally:
        page.close()
