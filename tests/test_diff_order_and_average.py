"""Which item a reorder reports (and at which positions), and what a stage's emotion average is.

A reorder names the fewest items whose order among the items that stay changed,
at their 1-based positions in the whole stage (or journey) before and after, the
same in every format. A stage's average emotion takes one value per step: a
per-persona mapping counts as the mean of its personas.
"""

from __future__ import annotations

import json
import re
from itertools import permutations
from typing import Any

import pytest

from journeymap.diff.engine import diff_documents, moved_out_of_order
from journeymap.model import document_adapter

REORDER_OLD = """\
    kind: journey
    id: j
    title: J
    stages:
      - {id: a, name: A, phase: pre-purchase, steps: [{id: s1, name: One}, {id: s2, name: Two}, {id: s3, name: Three}]}
      - {id: b, name: B, phase: post-purchase, steps: [{id: s4, name: Four}]}
"""
REORDER_NEW = """\
    kind: journey
    id: j
    title: J
    stages:
      - {id: a, name: A, phase: pre-purchase, steps: [{id: s3, name: Three}, {id: s2, name: Two}]}
      - {id: b, name: B, phase: post-purchase, steps: [{id: s4, name: Four}, {id: s1, name: One}]}
"""
AVERAGE_OLD = """\
    kind: journey
    id: j
    title: J
    personas: [p1, p2]
    stages:
      - {id: a, name: A, phase: post-purchase, steps: [{id: s1, name: One, emotion: 1}, {id: s2, name: Two, emotion: 1}]}
"""
AVERAGE_NEW = """\
    kind: journey
    id: j
    title: J
    personas: [p1, p2]
    stages:
      - id: a
        name: A
        phase: post-purchase
        steps:
          - {id: s1, name: One, emotion: 1}
          - {id: s2, name: Two, emotion: {p1: 1, p2: 1}}
          - {id: s3, name: Three, emotion: {p1: -2, p2: 0}}
"""


def _journey(stages: list[dict[str, Any]], **extra: Any) -> Any:
    return document_adapter().validate_python(
        {"kind": "journey", "id": "j", "title": "J", "stages": stages, **extra}
    )


def _stage(stage_id: str, *step_ids: str, **fields: Any) -> dict[str, Any]:
    steps = [{"id": i, "name": f"Step {i}"} for i in step_ids]
    return {"id": stage_id, "name": f"Stage {stage_id}", "steps": steps, **fields}


def _moves(changes: list[Any]) -> list[tuple[str, tuple[str, ...], Any, Any]]:
    kinds = {"stage-moved", "step-reordered"}
    return [(c.kind, c.path, c.before, c.after) for c in changes if c.kind in kinds]


@pytest.fixture
def diff_formats(cli, write) -> Any:
    """``journeymap diff old new -f FORMAT`` on two one-file workspaces: format → output."""

    def run(old: str, new: str) -> dict[str, str]:
        old_map, new_map = write("old/j.yaml", old), write("new/j.yaml", new)
        outputs = {}
        for fmt in ("text", "markdown", "json", "html"):
            result = cli("diff", old_map.parent, new_map.parent, "--format", fmt)
            assert result.exit_code == 1, result.stderr
            outputs[fmt] = result.stdout
        return outputs

    return run


def _html_row(page: str, kind: str) -> tuple[str, str, str]:
    """(message, before cell, after cell) of the one row of ``kind`` in the HTML report."""
    row = re.search(
        r'<td class="what">([^<]*)<br><span class="kind">'
        + re.escape(kind)
        + r'</span></td>\s*<td class="before">([^<]*)</td>\s*<td class="after">([^<]*)</td>',
        page,
    )
    assert row is not None, kind
    return row[1].replace("&#39;", "'"), row[2], row[3]


# --- reorders ------------------------------------------------------------------------


def test_step_reordered_names_the_step_that_moved_in_every_format(diff_formats) -> None:
    outputs = diff_formats(REORDER_OLD, REORDER_NEW)
    message = "Step 'Three' moved within stage 'A' (position 3 → 1)"
    assert f"step-reordered: {message}" in outputs["text"]
    assert f"| {message} | `step-reordered` |" in outputs["markdown"]
    assert _html_row(outputs["html"], "step-reordered") == (message, "3", "1")
    changes = json.loads(outputs["json"])["changes"]
    reordered = [c for c in changes if c["kind"] == "step-reordered"]
    assert [(c["path"], c["message"], c["before"], c["after"]) for c in reordered] == [
        (["a", "s3"], message, 3, 1)
    ]
    for fmt, output in outputs.items():
        assert "'Two' moved" not in output, fmt


def test_positions_count_every_step_of_the_stage_in_message_and_values() -> None:
    old = _journey([_stage("s", "a", "b", "c", "d")])
    new = _journey([_stage("s", "new", "a", "b", "d", "c")])
    changes = diff_documents(old, new)
    assert _moves(changes) == [("step-reordered", ("s", "c"), 3, 5)]
    assert "(position 3 → 5)" in next(c.message for c in changes if c.kind == "step-reordered")


def test_a_swap_of_two_neighbours_is_one_move_of_the_step_that_moved_up() -> None:
    old = _journey([_stage("s", "a", "b", "c")])
    new = _journey([_stage("s", "b", "a", "c")])
    assert _moves(diff_documents(old, new)) == [("step-reordered", ("s", "b"), 2, 1)]


def test_stage_moved_names_the_stage_that_moved_not_the_one_that_stayed() -> None:
    old = _journey([_stage("one", "x"), _stage("two", "y"), _stage("three", "z")])
    new = _journey([_stage("three", "z"), _stage("two", "y")])
    changes = diff_documents(old, new)
    assert _moves(changes) == [("stage-moved", ("three",), 3, 1)]
    moved = next(c for c in changes if c.kind == "stage-moved")
    assert moved.message == "Stage 'Stage three' moved from position 3 to 1"


def test_a_swap_of_two_neighbouring_stages_is_one_move() -> None:
    old = _journey([_stage("one", "x"), _stage("two", "y"), _stage("three", "z")])
    new = _journey([_stage("two", "y"), _stage("one", "x"), _stage("three", "z")])
    assert _moves(diff_documents(old, new)) == [("stage-moved", ("two",), 2, 1)]


def test_on_a_tie_the_item_that_stayed_in_place_is_kept() -> None:
    assert moved_out_of_order(["s1", "s2", "s3"], ["s3", "s2"]) == {"s3"}
    assert moved_out_of_order("abc", "bac") == {"b"}
    assert moved_out_of_order("abcd", "xabdc") == {"c"}


@pytest.mark.parametrize("size", [4, 5, 6])
def test_the_moved_items_are_always_as_few_as_possible(size: int) -> None:
    for new in permutations(range(size)):
        moved = moved_out_of_order(range(size), new)
        longest = [1] * size  # longest increasing run ending at each item, O(n²)
        for i in range(size):
            for j in range(i):
                if new[j] < new[i]:
                    longest[i] = max(longest[i], longest[j] + 1)
        assert len(moved) == size - max(longest), new
        stayed = [item for item in new if item not in moved]
        assert stayed == sorted(stayed), new


# --- stage emotion average -------------------------------------------------------------


def test_a_multi_persona_step_counts_once_in_the_stage_average(diff_formats) -> None:
    outputs = diff_formats(AVERAGE_OLD, AVERAGE_NEW)
    message = "Emotion curve of stage 'A' worsened: average +1.00 → +0.33 (net -0.67)"
    assert f"stage-emotion-worsened: {message}" in outputs["text"]
    assert f"| {message} | `stage-emotion-worsened` |" in outputs["markdown"]
    assert _html_row(outputs["html"], "stage-emotion-worsened") == (message, "1.0", "0.33")
    changes = json.loads(outputs["json"])["changes"]
    assert [(c["kind"], c["before"], c["after"]) for c in changes] == [
        ("stage-emotion-worsened", 1.0, 0.33),
        ("step-added", None, changes[1]["after"]),
    ]


def test_per_persona_changes_still_come_with_the_per_step_average() -> None:
    old = _journey(
        [
            {
                "id": "s",
                "name": "S",
                "steps": [
                    {"id": "a", "name": "A", "emotion": 2},
                    {"id": "b", "name": "B", "emotion": {"p1": -2, "p2": -2}},
                ],
            }
        ],
        personas=["p1", "p2"],
    )
    new = _journey(
        [
            {
                "id": "s",
                "name": "S",
                "steps": [
                    {"id": "a", "name": "A", "emotion": 2},
                    {"id": "b", "name": "B", "emotion": {"p1": 0, "p2": -2}},
                ],
            }
        ],
        personas=["p1", "p2"],
    )
    changes = diff_documents(old, new)
    # steps (+2, -2) → (+2, -1): 0 → +0.5, not every persona value pooled (-0.67 → 0)
    assert [(c.kind, c.path, c.persona, c.before, c.after) for c in changes] == [
        ("stage-emotion-improved", ("s",), None, 0.0, 0.5),
        ("emotion-improved", ("s", "b", "p1"), "p1", -2, 0),
    ]


def test_swapping_personas_feelings_leaves_the_stage_average_alone() -> None:
    def journey(p1: int, p2: int) -> Any:
        step = {"id": "a", "name": "A", "emotion": {"p1": p1, "p2": p2}}
        return _journey([{"id": "s", "name": "S", "steps": [step]}], personas=["p1", "p2"])

    changes = diff_documents(journey(2, -1), journey(-1, 2))
    assert [(c.kind, c.persona) for c in changes] == [
        ("emotion-worsened", "p1"),
        ("emotion-improved", "p2"),
    ]
