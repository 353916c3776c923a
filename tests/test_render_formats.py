"""Every example journey renders to every format, with the content a workshop needs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.model.journey import Journey
from journeymap.model.persona import Persona
from journeymap.render import render_journey
from journeymap.render.curve import Curve, CurvePoint, Section, build_chart, short_callout
from journeymap.render.flow import journey_flow
from journeymap.render.html import environment, journey_chart
from journeymap.render.mermaid import score
from journeymap.render.perspective import emotion_personas
from journeymap.workspace import load_workspaces
from render_helpers import big_journey

EXAMPLE_JOURNEYS = sorted(
    (Path(__file__).resolve().parents[1] / "examples").glob("**/journeys/*.yaml")
)


def load(path: Path):
    [workspace] = load_workspaces([path])
    [document] = [d for d in workspace.documents if Path(d.path).resolve() == path.resolve()]
    return workspace, document


def own_points(page: str) -> int:
    """Points on the map's own curves, not on a future state's current curve (curve-before)."""
    parts = page.split('<g class="curve ')[1:]
    return sum(p.count('<g class="point ') for p in parts if not p.startswith("curve-before"))


def test_examples_are_there():
    assert len(EXAMPLE_JOURNEYS) >= 6  # brightpost's four and the refresh pair


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_html_handout_has_the_whole_map(path):
    workspace, document = load(path)
    journey = document.model
    assert isinstance(journey, Journey)
    page = render_journey(workspace, document, "html")
    assert isinstance(page, str)
    assert (
        "<link" not in page
        and "<script" not in page
        and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        and "https://" not in page
    )
    assert "@page { size: 297mm 210mm; margin: 10mm; }" in page  # the default: pack on A4
    escaped = page.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    assert journey.title in escaped
    for objective in journey.objectives:
        assert objective.description in escaped
    for persona_id in journey.personas:
        persona = workspace.get("persona", persona_id)
        assert persona is not None and isinstance(persona.model, Persona)
        assert persona.model.name in escaped
        if persona.model.quote:
            assert persona.model.quote in escaped
    for stage in journey.stages:
        assert f'id="stage-{stage.id}"' in page
        for step in stage.steps:
            assert f'id="step-{step.id}"' in page
            assert step.name in escaped
        for quote in stage.quotes:
            assert quote.text in escaped
            assert f"source: {quote.source}" in page
        for insight in stage.insights:
            assert insight.text in escaped
    moments = sum(step.moment_of_truth for _, _, _, step in journey.iter_steps())
    steps = len(list(journey.iter_steps()))
    # The pack repeats the curve (summary page) and the step cards (stage pages) for print;
    # the poster prints the screen's grid, so it has each once.
    assert page.count('class="badge badge-mot"') == 2 * moments
    # One point per step on each curve of the map: one curve, or one per persona; a
    # future state's current curve (curve-before) is drawn behind and counted apart.
    curves = max(1, len(emotion_personas(journey)))
    assert own_points(page) == 2 * curves * steps
    assert page.count('<li class="moment ') == moments
    poster = render_journey(workspace, document, "html", layout="poster", paper="a1")
    assert isinstance(poster, str)
    assert poster.count('class="badge badge-mot"') == moments
    assert own_points(poster) == curves * steps
    assert 'class="pack-' not in poster and 'id="summary-curve-title"' not in poster
    assert page.count('<th scope="row">') >= 12
    messaging_documents = workspace.of_kind("messaging")
    if not messaging_documents:  # the refresh workspaces have no messaging file
        assert "Messaging vocabulary" not in page
        return
    [messaging] = messaging_documents
    vocabulary = messaging.model.vocabulary
    expected = {*journey.personas, *(stage.id for stage in journey.stages)} & {
        *vocabulary.personas,
        *vocabulary.stages,
    }
    assert ("Messaging vocabulary" in page) == bool(expected)
    for stage in journey.stages:
        stage_vocabulary = vocabulary.stages.get(stage.id)
        for word in stage_vocabulary.use if stage_vocabulary else []:
            assert f'<span class="word">{word}</span>' in escaped


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_dot_svg_png(path):
    workspace, document = load(path)
    journey = document.model
    assert isinstance(journey, Journey)
    flow = journey_flow(journey)
    source = render_journey(workspace, document, "dot")
    assert isinstance(source, str)
    result = subprocess.run(
        [shutil.which("dot") or "dot", "-Tjson"],
        input=source.encode(),
        capture_output=True,
        check=True,
    )
    graph = json.loads(result.stdout)
    clusters = [obj["name"] for obj in graph["objects"] if obj["name"].startswith("cluster_")]
    stage_clusters = [name for name in clusters if not name.endswith("_blueprint")]
    assert len(stage_clusters) == len(journey.stages)
    # Service-blueprint lanes: a "below the line of visibility" cluster in each stage that
    # has them, holding a note per step, tied to its step by a dotted line.
    steps = [step for _, _, _, step in journey.iter_steps()]
    laned = [step for step in steps if step.backstage or step.support or step.systems]
    stages_with_lanes = [
        stage
        for stage in journey.stages
        if any(step.backstage or step.support or step.systems for step in stage.steps)
    ]
    assert sorted(set(clusters) - set(stage_clusters)) == sorted(
        f"cluster_{journey.stages.index(stage) + 1}_blueprint" for stage in stages_with_lanes
    )
    names = {obj["_gvid"]: obj["name"] for obj in graph["objects"]}
    to_notes = [edge for edge in graph["edges"] if names[edge["head"]].startswith("b")]
    to_links = [edge for edge in graph["edges"] if names[edge["head"]].startswith("l")]
    assert len(to_notes) == len(laned)
    assert all(edge["style"] == "dotted" and edge["arrowhead"] == "none" for edge in to_notes)
    # employee_step and journey links: dashed edges to placeholders naming the target.
    assert len(to_links) == sum(bool(s.employee_step) + bool(s.journey) for s in steps)
    assert all(edge["style"] == "dashed" for edge in to_links)
    flow_edges = [edge for edge in graph["edges"] if edge not in to_notes + to_links]
    assert len(flow_edges) == len(flow.edges)
    happy = [edge for edge in flow_edges if edge.get("penwidth") == "2.5"]
    assert len(happy) == sum(edge.happy for edge in flow.edges)
    dashed = [edge for edge in flow_edges if edge.get("style") in ("dashed", "dotted")]
    assert len(dashed) == sum(not edge.happy for edge in flow.edges)
    svg = render_journey(workspace, document, "svg")
    assert isinstance(svg, str)
    root = ET.fromstring(svg.encode())
    assert root.tag.endswith("svg")
    png = render_journey(workspace, document, "png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("path", EXAMPLE_JOURNEYS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_mermaid_journey_and_flowchart(path):
    workspace, document = load(path)
    journey = document.model
    assert isinstance(journey, Journey)
    text = render_journey(workspace, document, "mermaid")
    assert isinstance(text, str)
    sections = re.findall(r"^    section (.*)$", text, re.MULTILINE)
    assert len(sections) == len([s for s in journey.stages if s.steps])
    tasks = re.findall(r"^        (.*): ([1-5])(?:: (.*))?$", text, re.MULTILINE)
    steps = [step for _, _, _, step in journey.iter_steps()]
    assert len(tasks) == len(steps)
    first = next(iter(emotion_personas(journey)), None)  # a journey diagram scores one persona
    for (_, task_score, actors), step in zip(tasks, steps, strict=True):
        assert int(task_score) == score(step.emotion_of(first))
        assert actors  # every example step has an owner (or its stage has)
    chart = render_journey(workspace, document, "mermaid", mermaid_kind="flowchart")
    assert isinstance(chart, str)
    assert chart.startswith("flowchart LR\n")
    assert chart.count("    subgraph ") == len(journey.stages)
    flow = journey_flow(journey)
    assert chart.count(" ==> ") == sum(edge.happy for edge in flow.edges)
    assert chart.count(" -.-> ") == sum(not edge.happy for edge in flow.edges)


def test_score_maps_emotion_onto_mermaid_scale():
    assert [score(e) for e in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]
    assert score(None) == 3


def test_happy_path_follows_the_first_branch(examples):
    _, document = load(examples / "brightpost/journeys/social-media-manager.yaml")
    journey = document.model
    assert isinstance(journey, Journey)
    flow = journey_flow(journey)
    assert flow.branching
    assert not flow.by_id["shelve-evaluation"].on_happy_path
    assert flow.by_id["start-trial"].on_happy_path
    edges = {(edge.source, edge.target): edge for edge in flow.edges}
    assert edges[("compare-shortlist", "start-trial")].happy
    assert not edges[("compare-shortlist", "shelve-evaluation")].happy
    loop = edges[("shelve-evaluation", "missed-post")]
    assert loop.backward and not loop.happy
    assert ("shelve-evaluation", "start-trial") not in edges  # next replaces the default


def test_curve_overlays_a_second_series_with_gaps():
    before = Curve(
        "2025", [CurvePoint("a", -2), CurvePoint("b", None), CurvePoint("c", 1)], "curve-before"
    )
    after = Curve("2026", [CurvePoint("a", 0), CurvePoint("b", 1, moment_of_truth=True)])
    chart = build_chart(
        [before, after], [Section("Need", 0, 2), Section("Use", 2, 3)], id_prefix="cmp"
    )
    assert chart.curves[0].path.count("M") == 2  # the line breaks at the missing emotion
    assert chart.curves[1].path.count("M") == 1 and chart.curves[1].path.count("L") == 1
    template = environment().from_string(
        '{% from "_emotion_curve.html.j2" import emotion_curve %}{{ emotion_curve(chart) }}'
    )
    svg = template.render(chart=chart)
    root = ET.fromstring(svg)
    [plot] = [e for e in root.iter() if "emotion-curve" in (e.get("class") or "").split()]
    assert plot.get("aria-labelledby") == "cmp-title cmp-desc"
    # Slots share the width equally here: three slots, so the middle point is at 50%.
    assert [round(p.x, 2) for p in chart.curves[1].points] == [16.67, 50.0]
    assert (
        svg.count('class="curve curve-before"') == 1 and svg.count('class="curve curve-main"') == 1
    )
    assert svg.count('class="mot-mark"') == 1


def test_curve_points_sit_over_their_stage_and_branches_leave_the_line(examples):
    _, document = load(examples / "brightpost/journeys/social-media-manager.yaml")
    journey = document.model
    chart = journey_chart(journey)
    [curve] = chart.curves
    stages = len(journey.stages)
    assert [round(section.width, 3) for section in chart.sections] == [
        round(100 / stages, 3)
    ] * stages
    for placed in curve.points:
        [section] = [s for s in chart.sections if s.key == placed.section]
        assert section.x < placed.x < section.x + section.width
    by_label = {placed.point.label.split(". ", 1)[1]: placed for placed in curve.points}
    shelved = by_label["Shelves the evaluation when a campaign takes over"]
    assert shelved.point.alternative and shelved.shape == "down"
    # The main line skips the alternative step; a dashed branch reaches it, a loop leaves it.
    assert f"{shelved.x * 10:.1f} " not in curve.path
    assert any(not b.loop and f"L{shelved.x * 10:.1f} " in b.path for b in curve.branches)
    assert any(b.loop and b.path.startswith(f"M{shelved.x * 10:.1f} ") for b in curve.branches)
    lows = [c for section in chart.sections for c in section.callouts]
    negative = [step for _, _, _, step in journey.iter_steps() if (step.emotion or 0) <= -1]
    assert len(lows) == len(negative) > 0
    assert all(len(c.text) <= 65 for c in lows)
    assert lows[0].text == "No alert when a connected account loses access"


def test_short_callout_stops_at_a_word():
    assert short_callout("Short and sweet") == "Short and sweet"
    long = "Approvals for the launch ran through 41 Slack messages, so nobody knew which version"
    assert short_callout(long) == "Approvals for the launch ran through 41 Slack messages…"
    assert short_callout("x" * 200) == "x" * 63 + "…"


def test_a_1000_step_journey_renders_every_step_to_html(tmp_path):
    """Its speed is measured by bench/run.py (timing does not belong in a test)."""
    path = big_journey(tmp_path / "big" / "big.yaml")
    workspace, document = load(path)
    page = render_journey(workspace, document, "html")
    assert isinstance(page, str) and page.count('<g class="point ') == 2 * 1000  # grid and summary
