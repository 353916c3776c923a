"""A stage's `goals` and a step's `feelings`: modelled as `needs` and `thoughts` are.

The domain brief maps "the customer's needs and goals" in each stage and their
"thoughts and feelings" at each step. Both lists load, are refused when blank,
sit next to their siblings in the schema and after `fmt`, are diffed and are
checked against the glossary (feelings are the team's words, not a quote).
"""

from __future__ import annotations

import json
import textwrap

import pytest
from pydantic import ValidationError

from journeymap.diff.engine import diff_documents
from journeymap.format import format_text
from journeymap.model import document_adapter
from journeymap.model.journey import Stage, Step
from journeymap.schema import schema_text
from journeymap.validate import validate_paths
from lint_helpers import JOURNEY, make_workspace


def _journey(stage: dict[str, object]) -> object:
    return document_adapter().validate_python(
        {"kind": "journey", "id": "j", "title": "J", "stages": [{"id": "s", "name": "S", **stage}]}
    )


def test_goals_and_feelings_load_as_lists_of_text():
    journey = _journey(
        {
            "goals": ["Pick a tool before the campaign"],
            "steps": [{"id": "a", "name": "A", "feelings": ["anxious", "hopeful"]}],
        }
    )
    [stage] = journey.stages
    assert stage.goals == ["Pick a tool before the campaign"]
    assert stage.steps[0].feelings == ["anxious", "hopeful"]
    bare = _journey({"steps": [{"id": "a", "name": "A"}]})
    assert bare.stages[0].goals == [] and bare.stages[0].steps[0].feelings == []


@pytest.mark.parametrize(
    ("stage", "where"),
    [
        ({"goals": ["  "]}, ("stages", 0, "goals", 0)),
        ({"goals": "Pick a tool"}, ("stages", 0, "goals")),
        (
            {"steps": [{"id": "a", "name": "A", "feelings": [""]}]},
            ("stages", 0, "steps", 0, "feelings", 0),
        ),
        (
            {"steps": [{"id": "a", "name": "A", "feelings": [3]}]},
            ("stages", 0, "steps", 0, "feelings", 0),
        ),
    ],
)
def test_blank_or_non_text_goals_and_feelings_are_refused(stage, where):
    with pytest.raises(ValidationError) as raised:
        _journey(stage)
    # The first part of the location is the document kind (the adapter's tag).
    assert any(error["loc"][1 : len(where) + 1] == where for error in raised.value.errors())


@pytest.mark.parametrize(
    ("model", "field", "sibling"), [(Stage, "goals", "needs"), (Step, "feelings", "thoughts")]
)
def test_the_new_lists_follow_their_siblings_in_model_and_schema(model, field, sibling):
    names = list(model.model_fields)
    assert names.index(field) == names.index(sibling) + 1  # fmt's key order comes from here
    schema = json.loads(schema_text("journey"))["$defs"][model.__name__]["properties"]
    shape = {
        key: value for key, value in schema[field].items() if key not in ("description", "title")
    }
    expected = {
        key: value for key, value in schema[sibling].items() if key not in ("description", "title")
    }
    assert shape == expected
    assert schema[field]["description"]
    assert list(schema).index(field) == list(schema).index(sibling) + 1


def test_fmt_puts_goals_after_needs_and_feelings_after_thoughts():
    text = textwrap.dedent(
        """\
        kind: journey
        id: j
        title: J
        stages:
          - id: s
            name: S
            goals: [Pick a tool]
            expectations: [Pricing online]
            needs: [A shortlist]
            steps:
              - id: a
                name: A
                feelings: [anxious]
                pain_points: [Slow]
                thoughts: [Which one?]
        """
    )
    keys = [
        line.strip().split(":")[0]
        for line in format_text(text, "map.yaml", is_config=False).splitlines()
    ]
    assert keys.index("needs") < keys.index("goals") < keys.index("expectations")
    assert keys.index("thoughts") < keys.index("feelings") < keys.index("pain_points")


def test_diff_reports_changed_goals_and_feelings():
    old = _journey(
        {"goals": ["Pick a tool"], "steps": [{"id": "a", "name": "A", "feelings": ["anxious"]}]}
    )
    new = _journey(
        {
            "goals": ["Pick a tool", "Convince the director"],
            "steps": [{"id": "a", "name": "A", "feelings": ["relieved"]}],
        }
    )
    changes = {(change.kind, change.path) for change in diff_documents(old, new)}
    assert changes == {
        ("stage-changed", ("s", "goals")),
        ("step-changed", ("s", "a", "feelings")),
    }


def test_the_glossary_checks_goals_and_feelings_but_not_thoughts(tmp_path):
    journey = JOURNEY.replace(
        "    steps:\n      - {id: sign,",
        "    goals: [Shorten the buying lifecycle]\n"
        "    steps:\n      - {id: sign, thoughts: [This lifecycle is slow], feelings: [tired of the lifecycle],",
        1,
    )
    assert journey != JOURNEY
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    found = sorted(f.pointer for f in run.findings if f.code == "JM401")
    assert found == [("stages", 0, "goals", 0), ("stages", 0, "steps", 0, "feelings", 0)]
