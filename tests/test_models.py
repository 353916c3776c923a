"""Each document model: a happy path, and clear located errors for what users get wrong."""

from __future__ import annotations

import pytest

from journeymap.document import validate_loaded
from journeymap.loader import parse_yaml
from journeymap.model import Journey, Messaging, Persona

JOURNEY = """\
kind: journey
id: b2b-buyer
title: B2B buyer journey
personas: [sam]
owner: cx-team
objectives:
  - {id: reduce-churn, description: Reduce first-year churn, metric: logo-churn}
stages:
  - id: need
    name: Need something
    phase: pre-purchase
    owner: marketing
    steps:
      - id: notice-gap
        name: Notices reporting gap
        channel: social
        owner: marketing
        emotion: -1
        next: [compare]
      - id: compare
        name: Compares tools
        emotion: 0
    insights:
      - {id: trigger, text: Month-end reporting triggers the search, source: interview, owner: product}
    quotes:
      - {text: "I lose a day every month to screenshots.", source: support-tickets}
    metrics:
      - {id: logo-churn, name: Logo churn, listening_post: billing}
"""


def load(text: str, name: str = "j.yaml"):
    return validate_loaded(parse_yaml(text, name))


def messages(text: str) -> list[str]:
    return [str(finding) for finding in load(text).findings]


def test_journey_happy_path():
    result = load(JOURNEY)
    assert result.findings == []
    journey = result.document.model
    assert isinstance(journey, Journey)
    assert journey.audience == "customer"
    assert [step.id for *_, step in journey.iter_steps()] == ["notice-gap", "compare"]
    assert journey.stages[0].steps[0].next == ["compare"]
    assert journey.metric_ids() == {"logo-churn"}


def test_persona_happy_path():
    result = load(
        "kind: persona\nid: sam\nname: Sam, social media manager\ngoals: [Ship on time]\n"
        "quote: I need one place for approvals.\nsegments: [mid-market-agencies]\n"
    )
    assert result.findings == []
    assert isinstance(result.document.model, Persona)
    assert result.document.model.segments == ["mid-market-agencies"]


def test_messaging_happy_path():
    result = load(
        "kind: messaging\nid: core\ncore_message: Publish with confidence.\n"
        "pillars:\n  - {id: speed, message: Approvals in minutes, proof_points: [Median 14 min]}\n"
        "vocabulary:\n  personas: {sam: {use: [approval], avoid: [synergy]}}\n"
        "  stages: {need: {use: [reporting], avoid: []}}\n"
    )
    assert result.findings == []
    model = result.document.model
    assert isinstance(model, Messaging)
    assert model.vocabulary.personas["sam"].avoid == ["synergy"]


def test_emotion_out_of_range_is_located_at_the_value():
    text = JOURNEY.replace("emotion: -1", "emotion: 5")
    assert messages(text) == [
        "j.yaml:18:18: stage 'Need something' › step 'Notices reporting gap' › emotion: must be between -2 and 2 (got 5)"
    ]


def test_an_empty_per_persona_emotion_says_what_to_write():
    text = JOURNEY.replace("emotion: -1", "emotion: {}")
    assert messages(text) == [
        "j.yaml:18:18: stage 'Need something' › step 'Notices reporting gap' › emotion: "
        "must not be empty: give one number, or one per persona"
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "name: Notices reporting gap",
            'name: "   "',
            "15:15: stage 'Need something' › step 'notice-gap' › name",
        ),
        ("title: B2B buyer journey", "title: '\t'", "3:8: title"),
        ("name: Need something", 'name: " \n "', "10:11: stage 'need' › name"),
    ],
    ids=["step-name", "title-tab", "stage-name-newline"],
)
def test_a_blank_text_is_empty(old, new, where):
    """Only spaces (tabs, line breaks) say nothing: a name, a title or a message made of
    them is as empty as one that is left out, and reads the same way."""
    text = JOURNEY.replace(old, new, 1)
    assert text != JOURNEY
    assert messages(text) == [f"j.yaml:{where}: must not be empty"]


def test_unknown_key_suggests_the_right_one():
    text = JOURNEY.replace("        emotion: 0", "        emotoin: 0")
    assert messages(text) == [
        "j.yaml:22:9: stage 'Need something' › step 'Compares tools' › emotoin: "
        "unknown key 'emotoin' (did you mean 'emotion'?)"
    ]


def test_unknown_channel_lists_choices_and_suggests():
    (message,) = messages(JOURNEY.replace("channel: social", "channel: emial"))
    assert message.startswith(
        "j.yaml:16:18: stage 'Need something' › step 'Notices reporting gap' › "
        "channel: must be one of: web,"
    )
    assert message.endswith("(got 'emial') (did you mean 'email'?)")


def test_missing_required_key_points_at_the_parent():
    assert messages(JOURNEY.replace("        name: Compares tools\n", "")) == [
        "j.yaml:20:9: stage 'Need something' › step 'compare' › name: is required but missing"
    ]


def test_bad_slug_suggests_a_slug():
    assert messages(JOURNEY.replace("id: need", "id: Need Something")) == [
        "j.yaml:9:9: stage 'Need something' › id: must be an id of lowercase letters, digits and dashes "
        "(got 'Need Something'); try 'need-something'"
    ]


def test_a_slug_hint_drops_accents():
    (message,) = messages(JOURNEY.replace("id: need", "id: Nééd Çhoice"))
    assert message.endswith("(got 'Nééd Çhoice'); try 'need-choice'")


def test_number_where_text_is_expected_says_to_quote_it():
    assert messages(
        JOURNEY.replace("id: compare\n", "id: 08\n").replace("next: [compare]", "next: []")
    ) == [
        "j.yaml:20:13: stage 'Need something' › step 'Compares tools' › id: must be text, "
        "but YAML reads 08 as a number; "
        "put it in quotes: '08'"
    ]


def test_norway_problem_is_a_clear_error_not_a_silent_boolean():
    text = JOURNEY.replace("        emotion: 0", "        emotion: 0\n        moment_of_truth: yes")
    assert messages(text) == [
        "j.yaml:23:26: stage 'Need something' › step 'Compares tools' › moment_of_truth: "
        "must be true or false (got 'yes')"
    ]


def test_duplicate_ids_in_scope():
    text = JOURNEY.replace("id: compare\n", "id: notice-gap\n").replace(
        "next: [compare]", "next: []"
    )
    assert messages(text) == [
        "j.yaml:20:13: stage 'Need something' › step 'Compares tools' › id: "
        "duplicate step id 'notice-gap' (first used on line 14)"
    ]


def test_a_step_may_not_have_a_stage_id():
    """`journey-id/need` in a backlog's `addresses` or a data scope names a stage or a
    step: with both, it would be ambiguous."""
    text = JOURNEY.replace("id: compare\n", "id: need\n").replace("next: [compare]", "next: []")
    assert messages(text) == [
        "j.yaml:20:13: stage 'Need something' › step 'Compares tools' › id: "
        "duplicate stage and step id 'need' (first used on line 9)"
    ]


def test_kind_is_required_and_checked():
    assert messages("id: x\n") == [
        "j.yaml:1:1: missing `kind:` key; expected one of: journey, persona, messaging, backlog"
    ]
    assert messages("kind: jouney\nid: x\n") == [
        "j.yaml:1:7: kind: must be one of: journey, persona, messaging, backlog (got 'jouney')"
    ]
    assert messages("- a\n") == [
        "j.yaml:1:1: the file holds a list; expected a mapping with a `kind:` key"
    ]
    assert messages("--- # nothing yet\n") == [
        "j.yaml:2:1: the file holds an empty document; expected a mapping with a `kind:` key"
    ]


def test_extension_keys_are_allowed():
    assert load(JOURNEY + "x-workshop: Q3 offsite\n").findings == []


def test_bad_date_is_explained():
    (message,) = messages(JOURNEY + "refreshed: 2026-13-01\n")
    assert (
        message
        == "j.yaml:29:12: refreshed: must be a date written as YYYY-MM-DD (got '2026-13-01')"
    )
