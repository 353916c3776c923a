"""The handout shows what the format holds: descriptions, a persona's needs, how strong
the evidence is, a metric's baseline, a stage's goals and a step's feelings.

Each test renders a small map whose texts are markers with HTML in them, and looks
for each marker, escaped, in the element that should hold it.
"""

from __future__ import annotations

import dataclasses
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeymap.model.journey import Metric
from journeymap.render import render_journey
from journeymap.render.fit import Content, grid_rows, step_card_height
from journeymap.render.flow import journey_flow
from journeymap.render.html import journey_chart
from journeymap.render.persona import render_persona_html
from journeymap.render.views import StageView, metric_values
from journeymap.workspace import load_workspaces

PERSONA = """\
kind: persona
id: sam
name: Sam
goals: [GOAL-P <i>publish on time</i>]
needs: [NEED-P <b>one calendar</b> & approvals]
frustrations: [Silent failures]
"""

JOURNEY = """\
kind: journey
id: sam-journey
title: Sam's journey
personas: [sam]
stages:
  - id: need
    name: Need something
    description: STAGE-DESC <em>the weekend a post failed</em>
    needs: [NEED-S stop silent failures]
    goals: [GOAL-S <u>never hear it from a customer</u>]
    expectations: [EXPECT-S answers from peers]
    steps:
      - id: missed-post
        name: Finds the missed post
        description: STEP-DESC <script>alert(1)</script>
        emotion: -2
        thoughts: [THOUGHT nobody told me]
        feelings: [FEEL-1 embarrassed <b>in front of the team</b>, FEEL-2 anxious]
    quotes:
      - text: QUOTE I found out on Monday
        source: interview
        who: ops lead
        date: 2026-04-08
        sample_size: 12
        confidence: high
    insights:
      - id: trigger
        text: INSIGHT searches follow a failure
        source: survey
        owner: marketing
        sample_size: 412
        date: 2026-06-30
        confidence: low
      - id: hunch
        text: INSIGHT-BARE no strength recorded
        source: interview
    metrics:
      - {id: churn, name: METRIC logo churn, unit: "% <of> accounts", baseline: 14, target: 9}
      - {id: nps, name: METRIC-TEXT nps, unit: points, baseline: 31, target: "+45 by Q4"}
  - id: use
    name: Install and use
    phase: post-purchase
    steps:
      - {id: first-value, name: Reaches first value, emotion: 2}
"""


class Texts(HTMLParser):
    """The whitespace-collapsed text of every element with one of ``classes``."""

    def __init__(self, *classes: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = classes
        self.found: dict[str, list[str]] = {name: [] for name in classes}
        self.open: list[tuple[str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "col", "meta", "path", "circle", "line", "rect", "polyline"}:
            return
        names = (dict(attrs).get("class") or "").split()
        self.open.append((next((c for c in self.wanted if c in names), None), []))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "col", "meta", "path", "circle", "line", "rect", "polyline"}:
            return
        hit, parts = self.open.pop()
        if hit is not None:
            self.found[hit].append(" ".join("".join(parts).split()))
        if self.open:
            self.open[-1][1].extend(parts)

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][1].append(data)


def texts(page: str, *classes: str) -> dict[str, list[str]]:
    parser = Texts(*classes)
    parser.feed(page)
    return parser.found


@pytest.fixture
def sam(tmp_path: Path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "journeymap.yaml").write_text("teams: {marketing: Marketing}\n")
    (root / "sam.yaml").write_text(PERSONA)
    (root / "journey.yaml").write_text(JOURNEY)
    [workspace] = load_workspaces([root])
    assert not [f for f in workspace.findings if f.severity == "error"], workspace.findings
    document = workspace.get("journey", "sam-journey")
    assert document is not None
    return workspace, document


def poster(sam) -> str:
    page = render_journey(*sam, "html", layout="poster", paper="a1")
    assert isinstance(page, str)
    return page


def pack(sam) -> str:
    page = render_journey(*sam, "html")
    assert isinstance(page, str)
    return page


def test_descriptions_of_stages_and_steps_are_shown_escaped(sam):
    page = poster(sam)
    assert "<em>the weekend" not in page and "<script>alert(1)" not in page
    found = texts(page, "lane-about", "step-description")
    assert found["lane-about"] == [
        "About this stage STAGE-DESC <em>the weekend a post failed</em>—none"
    ]
    assert found["step-description"] == ["STEP-DESC <script>alert(1)</script>"]
    # The pack prints each stage's description under its heading, and the step card again.
    printed = texts(pack(sam), "pack-stage", "step-description")
    assert "STAGE-DESC <em>the weekend a post failed</em>" in printed["pack-stage"][0]
    assert len(printed["step-description"]) == 2


def test_a_map_without_descriptions_or_goals_has_no_empty_rows(sam, tmp_path):
    root = tmp_path / "plain"
    root.mkdir()
    plain = "\n".join(
        line
        for line in JOURNEY.splitlines()
        if not line.lstrip().startswith(("description:", "goals:"))
    )
    (root / "journey.yaml").write_text(plain + "\n")
    [workspace] = load_workspaces([root])
    page = render_journey(workspace, workspace.get("journey", "sam-journey"), "html")
    assert "About this stage" not in page and '<th scope="row">Goals</th>' not in page
    assert "lane-about" not in page and 'class="pack-lane pack-lane-goals"' not in page


def test_stage_goals_sit_between_needs_and_expectations(sam):
    page = poster(sam)
    needs = page.index('<th scope="row">Needs</th>')
    goals = page.index('<th scope="row">Goals</th>')
    expectations = page.index('<th scope="row">Expectations</th>')
    assert needs < goals < expectations
    assert "GOAL-S &lt;u&gt;never hear it from a customer&lt;/u&gt;" in page[goals:expectations]
    # The pack's stage page has a Goals lane too.
    printed = texts(pack(sam), "pack-lane-goals")
    assert printed["pack-lane-goals"] == ["GoalsGOAL-S <u>never hear it from a customer</u>"]


def test_step_feelings_follow_its_thoughts(sam):
    page = poster(sam)
    card = page[page.index('id="step-missed-post"') :]
    card = card[: card.index("</li>\n")]
    assert card.index("THOUGHT nobody told me") < card.index("FEEL-1")
    found = texts(page, "feelings")
    assert found["feelings"] == [
        "Feels: FEEL-1 embarrassed <b>in front of the team</b>; FEEL-2 anxious"
    ]
    assert "<b>in front" not in page


def test_persona_needs_on_the_handout_card_match_the_persona_page(sam):
    workspace, _ = sam
    page = poster(sam)
    card = page[page.index('<article class="card persona"') :]
    card = card[: card.index("</article>")]
    needs = '<h4>Needs</h4><ul class="plain"><li>NEED-P &lt;b&gt;one calendar&lt;/b&gt; &amp; approvals</li></ul>'
    assert needs in card
    assert card.index("<h4>Goals</h4>") < card.index("<h4>Needs</h4>")
    # The persona page renders the lists with the same macro, with its own headings.
    persona = workspace.get("persona", "sam")
    cards = render_persona_html(workspace, [persona])
    assert needs.replace("<h4>", '<h2 class="section-heading">').replace("</h4>", "</h2>") in cards


def test_quotes_and_insights_say_how_strong_the_evidence_is(sam):
    for page in (poster(sam), pack(sam)):
        found = texts(page, "voc", "insight")
        assert found["voc"][0] == (
            "“QUOTE I found out on Monday” ops lead, source: interview · n=12 · high confidence"
            " · 2026-04-08"
        )
        strong, bare = found["insight"][:2]
        assert "source: survey · n=412 · low confidence · 2026-06-30 · Owner: Marketing" in strong
        assert "source: interview" in bare and "n=" not in bare and "confidence" not in bare


def test_metrics_show_baseline_target_and_unit(sam):
    page = poster(sam)
    found = texts(page, "metric")
    churn, nps = found["metric"][:2]
    assert churn.startswith("METRIC logo churn baseline 14 · target 9 % <of> accounts ")
    assert nps == "METRIC-TEXT nps baseline 31 points · target +45 by Q4"  # text: not judged
    assert "% <of>" not in page and "% &lt;of&gt; accounts" in page


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"baseline": 9800, "target": 18000, "unit": "visits"},
            [("baseline", "9,800"), ("target", "18,000 visits")],
        ),
        ({"baseline": 4.1, "target": 4.5}, [("baseline", "4.1"), ("target", "4.5")]),
        (
            {"baseline": 14, "target": "below 9%", "unit": "%"},
            [("baseline", "14 %"), ("target", "below 9%")],
        ),
        ({"target": "> 45", "unit": "points"}, [("target", "> 45")]),
        ({"baseline": 0, "unit": "days"}, [("baseline", "0 days")]),
        ({"unit": "days"}, []),
    ],
)
def test_metric_values_put_the_unit_after_the_last_number(fields, expected):
    assert metric_values(Metric(id="m", name="M", **fields)) == expected


def test_the_print_size_estimate_counts_the_new_fields(sam):
    """The poster's text size comes from an estimate of the page's height: text the page
    shows but the estimate leaves out would push a poster onto a second sheet."""
    _, document = sam
    journey = document.model
    flow = journey_flow(journey)
    bare = journey.model_copy(
        update={
            "stages": [
                stage.model_copy(
                    update={
                        "description": None,
                        "goals": [],
                        "steps": [
                            step.model_copy(update={"description": None, "feelings": []})
                            for step in stage.steps
                        ],
                    }
                )
                for stage in journey.stages
            ]
        }
    )

    def content(of) -> Content:
        stages = [
            StageView(stage, number, [i for i in flow.steps if i.stage_index == number - 1], None)
            for number, stage in enumerate(of.stages, start=1)
        ]
        return Content(of, stages, [], [], [], journey_chart(of), {})

    rich, plain = content(journey), content(bare)
    assert len(grid_rows(rich, 60.0)) == len(grid_rows(plain, 60.0)) + 2  # about, goals
    assert sum(grid_rows(rich, 60.0)) > sum(grid_rows(plain, 60.0))
    step = rich.stages[0].steps[0]
    bare_step = dataclasses.replace(step, step=bare.stages[0].steps[0])
    assert step_card_height(step, 14.0, rich) > step_card_height(bare_step, 14.0, plain)


def test_pptx_notes_say_how_strong_the_evidence_is(sam):
    pptx = pytest.importorskip("pptx")
    deck = render_journey(*sam, "pptx")
    assert isinstance(deck, bytes)
    notes = "\n".join(
        slide.notes_slide.notes_text_frame.text
        for slide in pptx.Presentation(io.BytesIO(deck)).slides
        if slide.has_notes_slide
    )
    assert (
        "“QUOTE I found out on Monday” (ops lead, interview, n=12 · high confidence · 2026-04-08)"
        in notes
    )
    assert (
        "INSIGHT searches follow a failure (source: survey, n=412 · low confidence · 2026-06-30)"
        in notes
    )
    assert "INSIGHT-BARE no strength recorded (source: interview)" in notes


def test_the_example_map_shows_its_goals_and_feelings():
    root = Path(__file__).resolve().parents[1] / "examples" / "brightpost"
    path = root / "journeys" / "marketing-director.yaml"
    [workspace] = load_workspaces([path])
    document = next(d for d in workspace.documents if Path(d.path).resolve() == path.resolve())
    page = render_journey(workspace, document, "html", layout="poster", paper="a1")
    assert isinstance(page, str)
    journey = document.model
    goals = [goal for stage in journey.stages for goal in stage.goals]
    feelings = [feeling for _, _, _, step in journey.iter_steps() for feeling in step.feelings]
    assert len(goals) >= 7 and len(feelings) >= 7
    shown = " ".join(texts(page, "grid")["grid"])
    for text in [*goals, *feelings]:
        assert text in shown


def test_the_pack_leaves_out_needs_only_when_its_summary_would_spill(sam, tmp_path):
    """The pack's summary is one page (zoomed down to 75 %); when the personas' needs
    would push it onto a second one, the printed pack leaves them out (screen and
    poster keep them)."""
    rule = ".layout-pack .persona-needs { display: none; }"
    assert rule not in pack(sam)
    root = tmp_path / "crowded"
    root.mkdir()
    needs = "".join(
        f"  - Need number {n} that takes most of a line on the page\n" for n in range(40)
    )
    (root / "sam.yaml").write_text(
        PERSONA.replace("needs: [NEED-P <b>one calendar</b> & approvals]\n", "needs:\n" + needs)
    )
    (root / "journey.yaml").write_text(JOURNEY)
    [workspace] = load_workspaces([root])
    document = workspace.get("journey", "sam-journey")
    crowded = render_journey(workspace, document, "html")
    assert isinstance(crowded, str) and rule in crowded
    assert "Need number 39" in crowded  # still in the page, for the screen
    poster_page = render_journey(workspace, document, "html", layout="poster", paper="a1")
    assert isinstance(poster_page, str) and rule not in poster_page
