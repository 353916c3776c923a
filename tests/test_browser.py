"""The handout in a real browser: Debian's chromium driven by playwright (no browser download).

Each example's handout is opened from disk with every non-file request blocked
and recorded; the page must not log errors, must show its key content, must
produce a non-blank screenshot and must pass axe-core (bundled in the
axe-playwright-python package, injected as a local file) without serious or
critical violations. On a 1,440 px screen the grid fits without sideways
scrolling and every curve point sits over its stage column. Printed to PDF, a
poster is one sheet and a pack has no block cut across pages, no heading alone
at a page's foot and no half-blank page but the last (see print_helpers.py).
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest
from pypdf import PdfReader

from journeymap.render import render_paths
from journeymap.workspace import load_workspaces
from print_helpers import ATOMS, MARK_ATOMS, print_problems, read_pdf
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

    def __init__(self, browser, url: str, width: int = 1600, height: int = 1200) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
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


def render_html(source: Path, out: Path, layout: str = "pack", paper: str = "a4") -> Path:
    render_paths([source], "html", str(out), layout=layout, paper=paper)
    return out


@cache
def journey_model(journey: Path):
    return next(
        d.model
        for d in load_workspaces([journey])[0].documents
        if Path(d.path).resolve() == journey.resolve()
    )


def axe_violations(page) -> list[str]:
    """Serious, critical and moderate axe-core violations of the page (axe is injected
    from the axe-playwright-python package, as a local file)."""
    page.add_script_tag(path=str(files("axe_playwright_python") / "axe.min.js"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert results["testEngine"]["name"] == "axe-core" and results["passes"]
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical", "moderate")
    ]


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
        assert page.get_by_role("heading", name="The journey, stage by stage").is_visible()
        assert page.get_by_role("rowheader", name="Emotion curve").is_visible()
        curve = page.get_by_role("img", name=f"Emotion curve: {title}")
        assert curve.is_visible()
        box = curve.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 120
        grid = page.locator("table.grid")
        assert grid.is_visible()
        model = journey_model(journey)
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

        assert axe_violations(page) == []
        assert visit.errors == []
    finally:
        page.close()


def test_keyboard_reaches_the_grid(browser, tmp_path):
    html = render_html(
        EXAMPLES / "brightpost/journeys/social-media-manager.yaml", tmp_path / "h.html"
    )
    visit = Visit(browser, html.resolve().as_uri())
    page = visit.page
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        # The scrollable grid region is focusable, so keyboard users can scroll it.
        assert page.evaluate("document.activeElement.id") == "journey-grid"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
            "Journey grid, scrollable"
        )
        page.keyboard.press("Tab")  # then the first branch link of a step card
        assert page.evaluate("document.activeElement.getAttribute('href')").startswith("#step-")
    finally:
        page.close()


def test_hostile_handout_stays_inert_in_chromium(browser, tmp_path):
    journey = hostile_workspace(tmp_path / "hostile")
    html = render_html(journey, tmp_path / "hostile.html")
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


PRINTS = [("poster", "a1"), ("poster", "a3"), ("pack", "a4"), ("pack", "letter")]


@pytest.mark.parametrize("layout, paper", PRINTS, ids=lambda value: value)
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_printed_pages(browser, journey, layout, paper, tmp_path):
    """A poster prints on one sheet; nothing is cut, no heading is orphaned, no page half blank."""
    from journeymap.render.paper import PAPERS

    html = render_html(journey, tmp_path / "handout.html", layout, paper)
    visit = Visit(browser, html.resolve().as_uri())
    page = visit.page
    try:
        page.emulate_media(media="print")
        if layout == "pack":
            # Grid text in the pack is 9 pt or more (12 CSS px); the poster scales to its sheet.
            smallest = page.evaluate(
                """() => Math.min(...[...document.querySelectorAll('.pack-stages *')]
                    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
            )
            assert smallest >= 12
        atoms = page.evaluate(MARK_ATOMS, ATOMS)
        steps = len(list(journey_model(journey).iter_steps()))
        assert sum("step-card" in atom["cls"] for atom in atoms) == steps
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages = read_pdf(pdf, PAPERS[paper].margin_mm)
        assert print_problems(atoms, pages) == []
        if layout == "poster":
            assert len(pages) == 1
            assert pages[0].fill > 0.6  # scaled to the sheet, not a stamp in its corner
        else:
            assert len(pages) >= 3
            assert journey_model(journey).title in pages[0].text.replace("\n", " ")
        width, height = PAPERS[paper].width_mm * 72 / 25.4, PAPERS[paper].height_mm * 72 / 25.4
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox  # landscape, the chosen paper
        assert abs(float(box.width) - width) < 2 and abs(float(box.height) - height) < 2
    finally:
        page.close()


SEVEN_STAGES = [j for j in JOURNEYS if len(journey_model(j).stages) == 7]


@pytest.mark.parametrize("journey", SEVEN_STAGES, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_seven_stages_fit_a_1440_screen_and_points_sit_over_their_stage(browser, journey, tmp_path):
    html = render_html(journey, tmp_path / "handout.html")
    visit = Visit(browser, html.resolve().as_uri(), width=1440, height=900)
    page = visit.page
    try:
        widths = page.evaluate(
            """() => [document.documentElement, document.querySelector('#journey-grid')]
                .map(e => [e.scrollWidth, e.clientWidth])"""
        )
        assert all(scroll <= client for scroll, client in widths), widths
        assert not page.locator(".scroll-cue").is_visible()
        points = page.evaluate(
            """() => [...document.querySelectorAll('#journey-grid g.curve:not(.curve-before) g.point')]
            .map(g => {
                const mark = g.querySelector('.dot').getBoundingClientRect();
                const stage = document.getElementById('stage-' + g.dataset.section)
                    .getBoundingClientRect();
                return {x: mark.x + mark.width / 2, left: stage.left, right: stage.right};
            })"""
        )
        assert len(points) == len(list(journey_model(journey).iter_steps()))
        assert all(p["left"] < p["x"] < p["right"] for p in points), points
        # Stage names wrap inside their header instead of being cut.
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('th.stage-head')]
                .filter(th => th.scrollWidth > th.clientWidth).map(th => th.textContent)"""
        )
        assert clipped == []
        lows = [s for _, _, _, s in journey_model(journey).iter_steps() if (s.emotion or 0) <= -1]
        assert page.locator("#journey-grid .lane-lows .callout").count() == len(lows)
    finally:
        page.close()


def wide_journey(path: Path, stages: int, steps: int) -> Path:
    """A plain journey with ``stages`` stages of ``steps`` steps each."""
    import yaml

    data = {"kind": "journey", "id": "wide", "title": "Wide journey", "stages": []}
    for s in range(stages):
        data["stages"].append(
            {
                "id": f"stage-{s}",
                "name": f"Stage {s} with a long name that has to wrap",
                "steps": [
                    {"id": f"s{s}-{n}", "name": f"Step {n}", "emotion": (s + n) % 5 - 2}
                    for n in range(steps)
                ],
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_wider_maps_scroll_with_a_sticky_lane_column_and_a_cue(browser, tmp_path):
    html = render_html(wide_journey(tmp_path / "w" / "wide.yaml", 11, 2), tmp_path / "w.html")
    visit = Visit(browser, html.resolve().as_uri(), width=1440, height=900)
    page = visit.page
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 1440
        grid = page.locator("#journey-grid")
        assert grid.evaluate("e => e.scrollWidth > e.clientWidth")
        assert page.locator(".scroll-cue").is_visible()
        lane = page.locator("#journey-grid tbody th").first
        before = lane.bounding_box()
        grid.evaluate("e => e.scrollBy(600, 0)")
        after = lane.bounding_box()
        assert before and after and abs(before["x"] - after["x"]) < 1  # it stays put
        page.set_viewport_size({"width": 2400, "height": 900})
        assert not page.locator(".scroll-cue").is_visible()
    finally:
        page.close()


def test_the_curve_has_the_same_height_for_any_number_of_steps(browser, tmp_path):
    heights = []
    for stages, steps in [(3, 3), (9, 1), (7, 12)]:
        source = wide_journey(tmp_path / f"{stages}x{steps}" / "j.yaml", stages, steps)
        html = render_html(source, tmp_path / f"{stages}x{steps}.html")
        visit = Visit(browser, html.resolve().as_uri(), width=1440, height=900)
        try:
            heights.append(visit.page.locator("#journey-grid .curve-plot").bounding_box()["height"])
        finally:
            visit.page.close()
    assert heights[0] == heights[1] == heights[2] < 200
