"""A map whose every text field is an injection payload renders inert in every format."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeymap.model.journey import Journey
from journeymap.render import render_journey
from journeymap.render.flow import journey_flow
from journeymap.workspace import load_workspaces
from render_helpers import PAYLOADS, hostile_workspace


@pytest.fixture
def hostile(tmp_path: Path):
    path = hostile_workspace(tmp_path / "hostile")
    [workspace] = load_workspaces([path])
    assert not [f for f in workspace.findings if f.severity == "error"]
    document = workspace.get("journey", "hostile")
    assert document is not None
    return workspace, document


class Elements(HTMLParser):
    """Every start tag and attribute name the browser would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_payload(hostile):
    workspace, document = hostile
    page = render_journey(workspace, document, "html")
    assert isinstance(page, str)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert not re.search(r"<[^>]*\sonerror\s*=", page, re.IGNORECASE)
    assert page.lower().count("<style") == 1 and page.lower().count("</style") == 1
    parsed = Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    assert not [value for _, value in parsed.attributes if value and "javascript:" in value]
    # The payloads are still there, as text a reader can see.
    visible = " ".join(" ".join(parsed.text).split())
    assert "<script>alert('x')</script>" in visible
    assert '"><img src=x onerror=alert(1)>' in visible
    assert "{{ 7*7 }}" in visible  # not evaluated as a template


def test_dot_labels_cannot_add_nodes_or_edges(hostile):
    workspace, document = hostile
    source = render_journey(workspace, document, "dot")
    assert isinstance(source, str)
    assert "pwned" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)
    result = subprocess.run(
        [shutil.which("dot") or "dot", "-Tjson"],
        input=source.encode(),
        capture_output=True,
        check=True,
    )
    graph = json.loads(result.stdout)
    journey = document.model
    assert isinstance(journey, Journey)
    flow = journey_flow(journey)
    nodes = {obj["name"] for obj in graph["objects"] if not obj["name"].startswith("cluster_")}
    laned = [item.number for item in flow.steps if item.step.backstage]
    linked = [item.number for item in flow.steps if item.step.journey]
    assert laned and linked
    assert nodes == {f"s{number}" for number in range(1, len(flow.steps) + 1)} | {
        f"b{number}" for number in laned
    } | {f"l{count}" for count in range(1, len(linked) + 1)}
    assert len(graph["edges"]) == len(flow.edges) + len(laned) + len(linked)
    clusters = [obj for obj in graph["objects"] if obj["name"].startswith("cluster_")]
    assert len(clusters) == 2 * len(journey.stages)  # each stage, and its blueprint lanes
    labels = " ".join(obj.get("label", "") + obj.get("tooltip", "") for obj in graph["objects"])
    # <...> was kept as text, not read as an HTML-like label.
    assert "<<B>html label</B>>" in labels


def test_svg_from_hostile_dot_has_no_markup_from_the_map(hostile):
    workspace, document = hostile
    svg = render_journey(workspace, document, "svg")
    assert isinstance(svg, str)
    assert "<script" not in svg.lower() and "<img" not in svg.lower()
    assert "&lt;script&gt;" in svg
    # Backslashes stayed literal (not DOT escapes such as \\l or \\N), quotes stayed text.
    assert "back\\slash\\&quot; &#45;&gt; injected [label=&quot;pwn&quot;] \\" in svg


def test_mermaid_journey_has_exactly_the_maps_sections_and_tasks(hostile):
    workspace, document = hostile
    text = render_journey(workspace, document, "mermaid")
    assert isinstance(text, str)
    journey = document.model
    assert isinstance(journey, Journey)
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert "%%" not in text and "%" not in text
    assert not re.search(r"[\"`<>;#]", re.sub(r"#\d+;", "", text))
    titles = [line for line in lines if line.startswith("    title ")]
    sections = [line for line in lines if line.startswith("    section ")]
    tasks = [line for line in lines if line.startswith("        ")]
    assert len(titles) == 1
    assert len(sections) == len(journey.stages)
    assert len(tasks) == sum(len(stage.steps) for stage in journey.stages)
    assert len(lines) == 2 + len(sections) + len(tasks)
    for task in tasks:
        _name, score, actors = task.strip().split(":")
        assert score.strip() in {"1", "2", "3", "4", "5"}
        assert actors.strip()


def test_mermaid_flowchart_labels_stay_inside_their_quotes(hostile):
    workspace, document = hostile
    text = render_journey(workspace, document, "mermaid", mermaid_kind="flowchart")
    assert isinstance(text, str)
    journey = document.model
    assert isinstance(journey, Journey)
    flow = journey_flow(journey)
    assert "%%" not in text and "click" not in text.lower().replace("#", "")
    labels = re.findall(r'\["([^"]*)"\]', text)
    assert len(labels) == len(flow.steps) + len(journey.stages)
    for line in text.splitlines()[1:]:
        outside = re.sub(r"#\d+;", "", re.sub(r'\["[^"]*"\]', "", line))
        assert '"' not in outside and ";" not in outside, line
    edges = [line for line in text.splitlines() if re.fullmatch(r"    s\d+ (==>|-\.->) s\d+", line)]
    assert len(edges) == len(flow.edges)


def test_payload_list_covers_the_issue():
    joined = "\n".join(PAYLOADS)
    for needle in ("<script>", "onerror", '"]; evil ->', "%%{init", ": 5:", "; click"):
        assert needle in joined


def assert_inert_page(page: str) -> list[str]:
    """The checks of the handout, for any HTML page: no markup from the map, payloads as text."""
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert page.lower().count("<style") == 1 and page.lower().count("</style") == 1
    parsed = Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    assert not [value for _, value in parsed.attributes if value and "javascript:" in value]
    visible = " ".join(" ".join(parsed.text).split())
    return [payload for payload in PAYLOADS if " ".join(payload.split()) in visible]


def test_messaging_and_persona_pages_escape_every_payload(hostile):
    from journeymap.render import render_document

    workspace, _ = hostile
    for kind, doc_id in (("messaging", "msg"), ("persona", "evil")):
        document = workspace.get(kind, doc_id)
        assert document is not None
        page = render_document(workspace, document, "html")
        assert isinstance(page, str)
        shown = assert_inert_page(page)
        assert "<script>alert('x')</script>" in shown
        assert '"><img src=x onerror=alert(1)>' in shown


def test_site_index_and_pages_escape_every_payload(hostile, tmp_path):
    from journeymap.render.site import render_site

    workspace, _ = hostile
    run = render_site([workspace.root], str(tmp_path / "site"))
    assert len(run.written) == 5  # index, two journeys (one a sub-journey), persona, messaging
    for path in run.written:
        assert_inert_page(path.read_text(encoding="utf-8"))
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    from markupsafe import escape

    for kind, doc_id, field in (
        ("journey", "hostile", "title"),
        ("persona", "evil", "name"),
        ("messaging", "msg", "title"),
    ):
        document = workspace.get(kind, doc_id)
        assert document is not None
        title = getattr(document.model, field)
        assert f">{escape(title)}</a>" in index


def test_pptx_keeps_every_payload_as_plain_text(hostile):
    from pptx import Presentation

    workspace, document = hostile
    data = render_journey(workspace, document, "pptx")
    assert isinstance(data, bytes)
    deck = Presentation(io.BytesIO(data))
    journey = document.model
    assert isinstance(journey, Journey)
    slides = list(deck.slides)
    assert len(slides) == 2 + len(journey.stages)
    assert slides[0].shapes.title.text == journey.title
    texts = []
    for slide in slides:
        assert len(slide.shapes) <= 4  # title, texts, and one chart or table: nothing injected
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    everything = "\n".join(texts)
    for stage in journey.stages:
        for step in stage.steps:
            assert step.name in everything
        for quote in stage.quotes:
            assert quote.text in everything
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert not [n for n in names if n.endswith((".js", ".html")) or "vbaProject" in n]
        xml = "".join(
            archive.read(name).decode("utf-8")
            for name in names
            if name.startswith(("ppt/slides/", "ppt/notesSlides/")) and name.endswith(".xml")
        )
    assert "<script" not in xml and "&lt;script&gt;" in xml


@pytest.mark.browser
def test_pdf_has_the_payloads_as_text_and_no_actions(hostile, tmp_path):
    from pypdf import PdfReader

    from journeymap.render import render_paths

    workspace, _ = hostile
    files = [workspace.root / name for name in ("journey.yaml", "messaging.yaml", "persona.yaml")]
    written = render_paths(files, "pdf", f"{tmp_path / 'pdf'}/").written
    assert len(written) == 3
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(data))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert "<script>alert('x')</script>" in text or '"><img src=x onerror=alert(1)>' in text
        root = reader.trailer["/Root"]
        assert "/OpenAction" not in root and "/AA" not in root
        assert "/JavaScript" not in root.get("/Names", {})
        for page in reader.pages:
            for annotation in page.get("/Annots", []) or []:
                action = annotation.get_object().get("/A", {})
                assert action.get("/S") not in ("/JavaScript", "/Launch", "/URI", "/SubmitForm")
