"""PDF output, the messaging handout, persona cards and the site index in Debian's chromium.

A PDF from ``render --format pdf`` must have the pages that the browser's own
print gives for the same HTML (the reference here is ``page.pdf`` of the HTML
file opened from disk, as a reader would print it), embed its fonts, and keep
the journey title as text. The new HTML pages must show their content, fetch
nothing, and pass axe-core.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from journeymap.model.journey import Journey
from journeymap.render import render_paths
from journeymap.render.paper import PAPERS
from journeymap.workspace import load_workspaces

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
BRIGHTPOST = ROOT / "examples" / "brightpost"
MM_TO_PT = 72 / 25.4
sys.path.insert(0, str(ROOT / "docs"))
from make_screenshot import BROWSER_ARGS  # noqa: E402

from test_browser import axe_violations  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed: apt-get install -y chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield instance
        instance.close()


def open_page(browser, path: Path, requests: list[str]):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    url = path.resolve().as_uri()

    def route(route) -> None:
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):  # the page, and pages it links to
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page


def browser_print(browser, html: Path) -> bytes:
    """What a reader gets from Chromium's print of the HTML file."""
    requests: list[str] = []
    page = open_page(browser, html, requests)
    try:
        return page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


def words(text: str) -> str:
    """Whitespace collapsed and ligatures (ﬁ) unfolded, as a PDF viewer's search does."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, whether its font program is in the file) for every font used."""
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            present = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font.get("/BaseFont")), present))
    return fonts


@pytest.mark.parametrize(
    "source", ["brightpost", "refresh/2025", "refresh/2026"], ids=lambda name: name
)
def test_pdf_has_the_pages_the_browser_prints(browser, source, tmp_path):
    folder = ROOT / "examples" / source
    pdfs = render_paths([folder], "pdf", str(tmp_path / "pdf") + "/").written
    htmls = render_paths([folder], "html", str(tmp_path / "html") + "/").written
    journeys = list(folder.glob("journeys/*.yaml"))
    # A folder renders its journeys to pdf; html adds the backlog page the handouts link to.
    assert len(pdfs) == len(journeys)
    assert len(htmls) == len(journeys) + len(list(folder.glob("backlog/*.yaml")))
    htmls = [path for path in htmls if (folder / "journeys" / f"{path.stem}.yaml").is_file()]
    for pdf_path, html_path in zip(sorted(pdfs), sorted(htmls), strict=True):
        reader = PdfReader(pdf_path)
        expected = PdfReader(io.BytesIO(browser_print(browser, html_path)))
        assert len(reader.pages) == len(expected.pages), pdf_path.name
        assert [p.mediabox.width for p in reader.pages] == [
            p.mediabox.width for p in expected.pages
        ]
        journey_path = folder / "journeys" / f"{pdf_path.stem}.yaml"
        [workspace] = load_workspaces([journey_path])
        journey = workspace.get("journey", pdf_path.stem)
        assert journey is not None and isinstance(journey.model, Journey)
        first = words(reader.pages[0].extract_text())
        assert words(journey.model.title) in first
        assert reader.metadata and reader.metadata.title == journey.model.title
        fonts = embedded_fonts(reader)
        assert fonts and all(present for _, present in fonts), fonts


@pytest.mark.parametrize("case", ["poster/a1", "poster/a3", "pack/a4", "pack/letter"])
def test_pdf_follows_the_layout_and_paper(browser, case, tmp_path):
    layout, paper = case.split("/")
    journey = BRIGHTPOST / "journeys/social-media-manager.yaml"
    [pdf] = render_paths(
        [journey], "pdf", str(tmp_path / "sam.pdf"), layout=layout, paper=paper
    ).written
    [html] = render_paths(
        [journey], "html", str(tmp_path / "sam.html"), layout=layout, paper=paper
    ).written
    reader = PdfReader(pdf)
    expected = PdfReader(io.BytesIO(browser_print(browser, html)))
    assert len(reader.pages) == len(expected.pages)
    sheet = PAPERS[paper]
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == (round(sheet.width_mm * MM_TO_PT), round(sheet.height_mm * MM_TO_PT))
    assert "Sam's journey: from a missed post to championing Brightpost" in words(
        reader.pages[0].extract_text()
    )


def test_messaging_handout_prints_on_one_page_and_passes_axe(browser, tmp_path):
    source = BRIGHTPOST / "messaging/core-messaging.yaml"
    [html] = render_paths([source], "html", str(tmp_path / "messaging.html")).written
    [pdf] = render_paths([source], "pdf", str(tmp_path / "messaging.pdf")).written
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert len(PdfReader(io.BytesIO(browser_print(browser, html))).pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (round(297 * MM_TO_PT), round(210 * MM_TO_PT))
    text = words(reader.pages[0].extract_text())
    assert "Brightpost gets every post approved and published on time" in text

    requests: list[str] = []
    page = open_page(browser, html, requests)
    try:
        assert requests == [html.resolve().as_uri()]
        assert page.get_by_role("heading", name="Core message").is_visible()
        assert page.locator(".pillar").count() == 4
        assert page.locator(".pillar").first.is_visible()
        grid = page.get_by_role("table", name=re.compile("Words to use and words to avoid"))
        assert grid.is_visible()
        assert grid.locator("tbody th[scope=row]").count() == 4 + 7
        assert page.locator(".attribute").count() == 3
        assert page.get_by_role("row", name=re.compile("Security & Compliance")).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert axe_violations(page) == []
    finally:
        page.close()


def test_persona_cards_print_two_to_an_a4_sheet(browser, tmp_path):
    from journeymap.render.persona import render_persona_html

    [workspace] = load_workspaces([BRIGHTPOST])
    personas = workspace.of_kind("persona")
    html = tmp_path / "cards.html"
    html.write_text(render_persona_html(workspace, personas), encoding="utf-8")
    printed = PdfReader(io.BytesIO(browser_print(browser, html)))
    assert len(printed.pages) == (len(personas) + 1) // 2
    box = printed.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (round(210 * MM_TO_PT), round(297 * MM_TO_PT))
    first = words(printed.pages[0].extract_text())
    assert personas[0].model.name in first and personas[1].model.name in first

    [single] = render_paths(
        [BRIGHTPOST / "personas/social-media-manager.yaml"], "html", str(tmp_path / "sam.html")
    ).written
    requests: list[str] = []
    page = open_page(browser, single, requests)
    try:
        assert requests == [single.resolve().as_uri()]
        card = page.locator(".persona-card")
        assert card.count() == 1 and card.is_visible()
        assert page.get_by_role("heading", name="Sam, social media manager").is_visible()
        assert page.get_by_text("In-house marketing, 1-10 marketers").is_visible()
        assert axe_violations(page) == []
    finally:
        page.close()


def test_persona_cards_pdf_has_two_cards_a_sheet(tmp_path, cli):
    personas = sorted((BRIGHTPOST / "personas").glob("*.yaml"))
    out = tmp_path / "cards.pdf"
    result = cli("render", *personas, "-f", "pdf", "-o", out)
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 3  # five cards, two to a sheet
    names = [words(page.extract_text()) for page in reader.pages]
    assert "Alex, agency owner" in names[0] and "Jordan, IT and security administrator" in names[0]
    assert (
        "Dana, marketing director" in names[1] and "Priya, new customer success manager" in names[1]
    )
    assert "Sam, social media manager" in names[2]


def test_site_index_links_open_and_pass_axe(browser, tmp_path, cli):
    out = tmp_path / "site"
    assert cli("render", BRIGHTPOST, "--site", "-o", out).exit_code == 0
    requests: list[str] = []
    page = open_page(browser, out / "index.html", requests)
    try:
        links = page.locator("main a")
        assert links.count() == 14  # 7 journeys, 5 personas, messaging, the backlog
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        for i in range(links.count()):
            assert links.nth(i).is_visible()
        assert page.get_by_text("7 stages · 21 steps · 3 moments of truth").first.is_visible()
        assert axe_violations(page) == []
        links.filter(has_text="Sam, social media manager").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/personas/social-media-manager.html")
        assert page.get_by_role("heading", name="Sam, social media manager").is_visible()
        page.get_by_role("link", name=re.compile("Sam.s journey: from")).click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/journeys/social-media-manager.html")
        assert page.locator("h1").inner_text().startswith("Sam's journey")
        page.get_by_role("link", name="All maps, personas and messaging").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html")
        page.get_by_role("link", name="Brightpost CX backlog, 2026-2027").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/backlog/cx-backlog.html")
        assert axe_violations(page) == []
        page.get_by_role(
            "link", name=re.compile("Waits for IT to finish the security review")
        ).click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/journeys/social-media-manager.html#step-security-review-wait")
    finally:
        page.close()
    assert all(url.startswith("file://") for url in requests)
    assert all((out / href).is_file() for href in hrefs)
