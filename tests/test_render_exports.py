"""PowerPoint, the messaging handout, persona cards and the workspace site, read back.

The decks are reopened with python-pptx and checked slide by slide against the
YAML; the site's links are followed on disk. PDF output needs Chromium and is
checked in tests/test_browser_exports.py.
"""

from __future__ import annotations

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from journeymap.model.journey import Journey
from journeymap.render import render_document
from journeymap.render.flow import journey_flow
from journeymap.render.perspective import emotion_personas
from journeymap.render.pptx import clean
from journeymap.workspace import load_workspaces

ROOT = Path(__file__).resolve().parents[1]
BRIGHTPOST = ROOT / "examples" / "brightpost"
JOURNEYS = sorted((ROOT / "examples").glob("**/journeys/*.yaml"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    target = tmp_path / "brightpost"
    shutil.copytree(BRIGHTPOST, target)
    return target


def load(path: Path):
    [workspace] = load_workspaces([path])
    document = next(d for d in workspace.documents if Path(d.path).resolve() == path.resolve())
    return workspace, document


def texts_of(slide) -> list[str]:
    """Every text on a slide: text frames, and the cells of tables."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return found


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_pptx_has_title_curve_and_one_slide_per_stage(path, tmp_path, cli):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out = tmp_path / "deck.pptx"
    result = cli("render", path, "-f", "pptx", "-o", out)
    assert result.exit_code == 0, result.stderr
    workspace, document = load(path)
    journey = document.model
    assert isinstance(journey, Journey)
    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) == 2 + len(journey.stages)
    assert deck.core_properties.title == journey.title
    for slide in slides:
        kinds = {shape.shape_type for shape in slide.shapes}
        assert MSO_SHAPE_TYPE.PICTURE not in kinds, "text must be text, not pictures"

    title = slides[0]
    assert title.shapes.title.text == journey.title
    title_text = "\n".join(texts_of(title))
    for objective in journey.objectives:
        assert objective.description in title_text
    for persona_id in journey.personas:
        persona = workspace.get("persona", persona_id)
        assert persona is not None and persona.model.name in title_text

    curve = slides[1]
    [chart_frame] = [shape for shape in curve.shapes if shape.has_chart]
    flow = journey_flow(journey)
    plot = chart_frame.chart.plots[0]
    personas = emotion_personas(journey)
    if personas:  # one series per persona, named by its persona document, with a legend
        names = [workspace.get("persona", p).model.name for p in personas]
        assert [series.name for series in plot.series] == names
        for persona, series in zip(personas, plot.series, strict=True):
            assert list(series.values) == [item.step.emotion_of(persona) for item in flow.steps]
        assert chart_frame.chart.has_legend
    else:
        [series] = plot.series
        assert list(series.values) == [item.step.emotion for item in flow.steps]
    assert chart_frame.chart.plots[0].categories.depth == 2  # stages over step numbers
    labels = [category.label for category in chart_frame.chart.plots[0].categories]
    assert labels == [str(item.number) for item in flow.steps]

    for number, (stage, slide) in enumerate(zip(journey.stages, slides[2:], strict=True), 1):
        assert slide.shapes.title.text == f"{number}. {stage.name}"
        [table] = [shape.table for shape in slide.shapes if shape.has_table]
        assert len(table.rows) == max(len(stage.steps), 1) + 1
        body = "\n".join(texts_of(slide))
        for step in stage.steps:
            assert step.name in body
            for pain in step.pain_points:
                assert pain in body
        moments = [row for row in table.rows if row.cells[5].text == "★ yes"]
        assert len(moments) == sum(step.moment_of_truth for step in stage.steps)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        for quote in stage.quotes:
            assert f"“{quote.text}”" in notes


def test_pptx_keeps_text_that_xml_cannot_hold(tmp_path, cli):
    path = tmp_path / "ws" / "journey.yaml"
    path.parent.mkdir()
    path.write_text(
        yaml.safe_dump(
            {
                "kind": "journey",
                "id": "odd",
                "title": "Bell \x07 and tab\there",
                "stages": [{"id": "s", "name": "S", "steps": [{"id": "a", "name": "A\x01b"}]}],
            }
        ),
        encoding="utf-8",
    )
    result = cli("render", path, "-f", "pptx", "-o", tmp_path / "odd.pptx")
    assert result.exit_code == 0, result.stderr
    from pptx import Presentation

    deck = Presentation(str(tmp_path / "odd.pptx"))
    assert deck.slides[0].shapes.title.text == "Bell \ufffd and tab\there"
    assert clean("A\x01b") == "A\ufffdb"


@pytest.mark.parametrize(
    ("fmt", "module", "extra"),
    [("pdf", "playwright.sync_api", "pdf"), ("pptx", "pptx", "pptx")],
)
def test_missing_extra_is_one_line_with_the_install_command(
    fmt, module, extra, workspace, tmp_path, cli, monkeypatch
):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    out = tmp_path / f"out.{fmt}"
    result = cli("render", workspace / "journeys/social-media-manager.yaml", "-f", fmt, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"journeymap: --format: {fmt} output needs the {extra} extra: "
        f"pip install 'journeymap[{extra}]'\n"
    )
    assert not out.exists()


def test_messaging_handout_has_every_part(workspace):
    workspace_model, document = load(workspace / "messaging/core-messaging.yaml")
    page = render_document(workspace_model, document, "html")
    assert isinstance(page, str)
    messaging = document.model
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for heading in (
        "Core message",
        "Pillars and proof points",
        "Vocabulary: words to use and to avoid",
        "Brand attributes and the CX actions that make them real",
    ):
        assert heading in text
    assert " ".join(messaging.core_message.split()).replace("'", "&#39;") in text
    for pillar in messaging.pillars:
        assert pillar.name in text
        for point in pillar.proof_points:
            assert point.replace("'", "&#39;") in text
    # The grid names personas and stages, not their ids, stages in journey order.
    assert "Sam, social media manager" in text and "Jordan, IT and security administrator" in text
    stage_rows = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert stage_rows[4:11] == [
        "Need something",
        "What are my choices?",
        "Decide &amp; buy",
        "Receive order",
        "Install / use",
        "Questions / moments of truth",
        "Integrations &amp; advocacy",
    ]
    # Brand actions grouped by function, with team names from journeymap.yaml.
    assert "Security &amp; Compliance" in page and "Customer Success" in page
    for attribute in messaging.brand_attributes:
        for action in attribute.actions:
            assert action.action.replace("'", "&#39;") in text


def test_persona_card_has_the_segment_crosswalk(workspace):
    workspace_model, document = load(workspace / "personas/social-media-manager.yaml")
    page = render_document(workspace_model, document, "html")
    assert isinstance(page, str)
    assert "Crosswalk" in page
    # Segment names come from journeymap.yaml's segments:, with the id beside them.
    assert "In-house marketing, 1-10 marketers" in page and "(in-house-smb)" in page
    assert "In-house marketing, 11-50 marketers" in page
    assert "Sam&#39;s journey: from a missed post to championing Brightpost" in page
    assert "approval queue" in page and "governance" in page  # vocabulary from messaging


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs.extend(value for name, value in attrs if name in ("href", "src") and value)


def test_site_links_every_document_and_every_link_resolves(tmp_path, cli):
    out = tmp_path / "site"
    result = cli("render", ROOT / "examples", "--site", "-o", out)
    assert result.exit_code == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    documents = [
        d
        for w in load_workspaces([ROOT / "examples"])
        for d in w.documents
        if d.kind in ("journey", "persona", "messaging", "backlog")
    ]
    pages = sorted(p for p in out.rglob("*.html") if p.name != "index.html")
    assert len(pages) == len(documents) == 20  # 17 maps, personas and messaging; 3 backlogs
    parser = Links()
    parser.feed(index)
    assert sorted((out / href).resolve() for href in parser.hrefs) == [p.resolve() for p in pages]
    # Several workspaces: each gets its folder, so the two refresh years do not collide.
    assert (out / "refresh/2025/journeys/it-admin-rollout.html").is_file()
    assert (out / "refresh/2026/journeys/it-admin-rollout.html").is_file()
    assert (
        '7 stages · 21 steps · 3 moments of truth · <span class="findings-clean">no findings'
        in index
    )
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = Links()
        links.feed(html)
        assert "script" not in links.tags
        back = [
            href
            for href in links.hrefs
            if (page.parent / href).resolve() == (out / "index.html").resolve()
        ]
        assert back, f"{page}: no link back to the index"
        for href in links.hrefs:
            assert not re.match(r"[a-z]+:", href), f"{page}: {href} is not relative"
            if href.startswith("#"):
                assert f'id="{href[1:]}"' in html
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.is_file(), f"{page}: {href} does not resolve"
            if "#" in href:  # e.g. an employee step: journeys/employee-csm.html#step-…
                anchor = href.split("#", 1)[1]
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
    # Links between journeys are real links: the employee step (with its anchor), the
    # sub-journey a step zooms into, and the current state a future state is based on.
    buying = (out / "brightpost/journeys/team-plan-buying-group.html").read_text(encoding="utf-8")
    assert 'href="employee-csm.html#step-inherits-book"' in buying
    assert 'href="security-review.html"' in buying
    future = (out / "brightpost/journeys/social-media-manager-2027.html").read_text(
        encoding="utf-8"
    )
    assert 'Future state — based on <a href="social-media-manager.html">' in future
    persona = (out / "brightpost/personas/social-media-manager.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in persona
    assert 'href="../journeys/social-media-manager.html"' in persona


def test_site_counts_findings_from_validate(workspace, tmp_path, cli):
    journey = workspace / "journeys/social-media-manager.yaml"
    data = yaml.safe_load(journey.read_text(encoding="utf-8"))
    data["stages"][0]["quotes"] = []
    data["stages"][0]["insights"] = []
    journey.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    result = cli("render", workspace, "--site", "-o", out)
    assert result.exit_code == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    line = next(line for line in index.splitlines() if "journeys/social-media-manager.yaml" in line)
    assert '<span class="findings-some">1 finding</span> (1 warning)' in line
    assert index.count('<span class="findings-clean">no findings</span>') == 12


def test_site_refuses_input_folders_and_existing_files(workspace, tmp_path, cli):
    before = sorted(p.relative_to(workspace) for p in workspace.rglob("*"))
    for inside in (workspace, workspace / "site", workspace / "journeys"):
        result = cli("render", workspace, "--site", "-o", inside)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"journeymap: {inside}: is inside the input folder ")
        assert len(result.stderr.splitlines()) == 1
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*")) == before
    not_html = cli("render", workspace, "--site", "-f", "pdf", "-o", tmp_path / "pdf-site")
    assert not_html.exit_code == 2
    assert not_html.stderr == "journeymap: --site: writes html pages, not pdf\n"
    missing_output = cli("render", workspace, "--site")
    assert missing_output.exit_code == 2
    assert missing_output.stderr == "journeymap: --site: needs -o DIRECTORY for the pages\n"
    out = tmp_path / "site"
    assert cli("render", workspace, "--site", "-o", out).exit_code == 0
    again = cli("render", workspace, "--site", "-o", out)
    assert again.exit_code == 2
    assert again.stderr == (
        f"journeymap: {out / 'index.html'}: already exists; pass --force to replace it\n"
    )
    assert cli("render", workspace, "--site", "-o", out, "--force").exit_code == 0
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []


def test_several_persona_files_to_one_file_make_one_page_of_cards(workspace, tmp_path, cli):
    personas = sorted((workspace / "personas").glob("*.yaml"))
    out = tmp_path / "cards.html"
    result = cli("render", *personas, "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count('<article class="persona-card"') == len(personas) == 5
    assert '<h1 class="visually-hidden">Personas: ' in page
    again = cli("render", *personas, "-o", out)
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr
    # With -o DIR (or a name without the format's suffix), each persona keeps its own file.
    folder = cli("render", *personas, "-o", tmp_path / "cards")
    assert folder.exit_code == 0, folder.stderr
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == [
        p.name.replace(".yaml", ".html") for p in personas
    ]
