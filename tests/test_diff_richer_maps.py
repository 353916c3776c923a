"""Diff of the richer maps (issue 15): per-persona emotions, state, lanes and links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.diff import run_diff
from journeymap.diff.engine import diff_documents
from journeymap.diff.report import renderer
from journeymap.model import document_adapter

CONFIG = "files: ['**/*.yaml']\n"
PERSONAS = {
    "manager.yaml": "kind: persona\nid: manager\nname: Sam, social media manager\n",
    "director.yaml": "kind: persona\nid: director\nname: Dana, marketing director\n",
}
OLD = """\
kind: journey
id: buying-group
title: Buying together
personas: [manager, director]
stages:
  - id: decide
    name: Decide
    steps:
      - id: demo
        name: Joint demo
        emotion: {manager: 1, director: 1}
        backstage: [Sales engineer prepares the ROI model, AE books the demo room]
        systems: [Salesforce]
        employee_step: csm/prepare-demo
      - id: security
        name: Security review
        emotion: -1
        thoughts: ['Will IT block it?']
"""
NEW = """\
kind: journey
id: buying-group
title: Buying together
personas: [manager, director]
state: future
based_on: buying-group-today
stages:
  - id: decide
    name: Decide
    steps:
      - id: demo
        name: Joint demo
        emotion: {manager: 2, director: -1}
        backstage: [Sales engineer prepares the ROI model, CSM joins to plan the rollout]
        systems: [Salesforce, Gong]
        employee_step: csm/join-demo
      - id: security
        name: Security review
        emotion: {manager: -1, director: 0}
        thoughts: ['Will IT block it?']
        journey: security-review
"""

EXPECTED = {
    ("state-changed", ("state",), None, None),
    ("based-on-changed", ("based_on",), None, None),
    ("emotion-improved", ("decide", "demo", "manager"), "manager", None),
    ("emotion-worsened", ("decide", "demo", "director"), "director", None),
    ("lane-item-added", ("decide", "demo", "backstage"), None, "backstage"),
    ("lane-item-removed", ("decide", "demo", "backstage"), None, "backstage"),
    ("lane-item-added", ("decide", "demo", "systems"), None, "systems"),
    ("employee-step-changed", ("decide", "demo", "employee_step"), None, None),
    # one number (-1) counted for both personas: only the director's changed
    ("emotion-improved", ("decide", "security", "director"), "director", None),
    ("sub-journey-changed", ("decide", "security", "journey"), None, None),
    # no stage-emotion change: each step is one value (a mapping its personas' mean),
    # and the stage averages (+1, -1) before and (+0.5, -0.5) after are both 0
}


def _workspace(root: Path, journey: str) -> Path:
    root.mkdir()
    (root / "journeymap.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in PERSONAS.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "journey.yaml").write_text(journey, encoding="utf-8")
    return root


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    return (
        str(_workspace(tmp_path / "2026", OLD)),
        str(_workspace(tmp_path / "2027", NEW)),
    )


def test_the_refresh_pair_gives_exactly_the_expected_changes(pair) -> None:
    result = run_diff(*pair)
    found = [(c.kind, c.path, c.persona, c.lane) for c in result.changes]
    assert set(found) == EXPECTED
    assert len(found) == len(EXPECTED)  # nothing twice, no step-changed noise
    by = {(c.kind, c.path): c for c in result.changes}
    worse = by[("emotion-worsened", ("decide", "demo", "director"))]
    assert (worse.before, worse.after, worse.stage, worse.level) == (1, -1, "decide", "warning")
    assert worse.message == (
        "Emotion of persona 'Dana, marketing director' at step 'Joint demo' worsened: +1 → -1"
    )
    added = by[("lane-item-added", ("decide", "demo", "backstage"))]
    assert added.after == "CSM joins to plan the rollout" and added.before is None
    assert added.message == (
        "Backstage added at step 'Joint demo': 'CSM joins to plan the rollout'"
    )
    removed = by[("lane-item-removed", ("decide", "demo", "backstage"))]
    assert removed.before == "AE books the demo room"
    link = by[("employee-step-changed", ("decide", "demo", "employee_step"))]
    assert (link.before, link.after) == ("csm/prepare-demo", "csm/join-demo")
    assert "links to another employee step: 'csm/prepare-demo' → 'csm/join-demo'" in (link.message)
    sub = by[("sub-journey-changed", ("decide", "security", "journey"))]
    assert (sub.before, sub.after) == (None, "security-review")
    assert sub.message == "Step 'Security review' now links to sub-journey 'security-review'"
    state = by[("state-changed", ("state",))]
    assert (state.before, state.after, state.message) == (
        "current",
        "future",
        "Journey state: current → future",
    )
    assert by[("based-on-changed", ("based_on",))].after == "buying-group-today"


def test_a_persona_without_a_document_is_named_by_its_id() -> None:
    old = document_adapter().validate_python(_yaml(OLD))
    new = document_adapter().validate_python(_yaml(NEW))
    changes = diff_documents(old, new)
    worse = next(c for c in changes if c.kind == "emotion-worsened")
    assert worse.message.startswith("Emotion of persona 'director' at step 'Joint demo'")
    named = diff_documents(old, new, persona_names={"director": "Dana"})
    assert next(c for c in named if c.kind == "emotion-worsened").message.startswith(
        "Emotion of persona 'Dana' at"
    )


def test_going_back_to_one_number_compares_persona_by_persona() -> None:
    old = document_adapter().validate_python(_yaml(NEW))
    new = document_adapter().validate_python(_yaml(NEW.replace("{manager: 2, director: -1}", "2")))
    changes = [(c.kind, c.path, c.before, c.after) for c in diff_documents(old, new)]
    assert [c for c in changes if c[0].startswith("emotion")] == [
        ("emotion-improved", ("decide", "demo", "director"), -1, 2)
    ]


def test_every_format_tells_the_persona_and_the_lane(pair) -> None:
    result = run_diff(*pair)
    text = renderer("text")(result, False)
    assert "Emotion of persona 'Sam, social media manager' at step 'Joint demo' improved" in text
    assert "lane-item-removed: Backstage removed at step 'Joint demo'" in text
    markdown = renderer("markdown")(result, False)
    assert "`sub-journey-changed`" in markdown and "Dana, marketing director" in markdown
    data = json.loads(renderer("json")(result, False))
    lanes = {c["lane"] for c in data["changes"] if c["kind"].startswith("lane-item")}
    assert lanes == {"backstage", "systems"}
    assert {c["persona"] for c in data["changes"] if c["kind"] == "emotion-worsened"} == {
        "director"
    }
    page = renderer("html")(result, False)
    assert "Emotion of persona &#39;Dana, marketing director&#39;" in page
    assert "CSM joins to plan the rollout" in page


def _yaml(text: str) -> object:
    import yaml

    return yaml.safe_load(text)
