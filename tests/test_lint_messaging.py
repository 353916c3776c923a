"""The messaging rules (JM7xx): pillars need proof, a vocabulary must not contradict
itself, and the messaging text must not use a word the vocabulary says to avoid.

Each rule fails on a small messaging file that breaks it, at the line and column
of the offending pillar or word, and passes on the clean one next to it.
"""

from __future__ import annotations

import json

import pytest

from journeymap.lint.registry import get_rule
from journeymap.validate import validate_paths
from lint_helpers import JOURNEY, MESSAGING, make_workspace


def messaging(old: str, new: str) -> str:
    assert MESSAGING.count(old) == 1, old
    return MESSAGING.replace(old, new)


def findings(tmp_path, text: str, code: str) -> tuple[list, list[str]]:
    """The findings of ``code`` on a workspace with ``text`` as its messaging file, and its lines."""
    root = make_workspace(tmp_path / "ws", JOURNEY, {"messaging.yaml": text})
    run = validate_paths([root])
    return [f for f in run.findings if f.code == code], text.splitlines()


def at(lines: list[str], needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``needle`` in the file."""
    seen = 0
    for number, line in enumerate(lines, start=1):
        start = line.find(needle)
        while start != -1:
            seen += 1
            if seen == occurrence:
                return number, start + 1
            start = line.find(needle, start + 1)
    raise AssertionError(needle)


def test_the_clean_messaging_file_has_no_findings(tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY, {"messaging.yaml": MESSAGING})
    run = validate_paths([root])
    assert [str(f) for f in run.findings] == []
    assert run.exit_code("info") == 0


# JM701 pillar-without-proof


def test_a_pillar_with_an_empty_proof_list_is_reported_at_proof_points(tmp_path):
    text = messaging(
        "    proof_points:\n      - 99.95% of scheduled posts published on time in H1 2026\n",
        "    proof_points: []\n",
    )
    (finding,), lines = findings(tmp_path, text, "JM701")
    assert (finding.line, finding.column) == at(lines, "proof_points: []")
    assert finding.message == "pillar 'on-time' has no proof points: it is an opinion until proved"
    assert finding.severity == "warning"
    assert finding.where == "pillar 'Never miss a post' › proof_points"


def test_a_pillar_without_proof_points_is_reported_at_the_pillar(tmp_path):
    text = messaging(
        "    proof_points:\n      - 99.95% of scheduled posts published on time in H1 2026\n",
        "",
    ).replace(
        "vocabulary:",
        "  - id: approvals\n    message: Approve from your phone.\n"
        "    proof_points: [Median approval time fell from 2.5 days to 5 hours]\nvocabulary:",
    )
    (finding,), lines = findings(tmp_path, text, "JM701")
    assert (finding.line, finding.column) == at(lines, "id: on-time")
    assert "'on-time'" in finding.message


# JM702 contradictory-vocabulary


def test_a_word_in_both_use_and_avoid_is_reported_at_the_avoid_entry(tmp_path):
    text = messaging(
        "avoid: [governance, workflow orchestration]", "avoid: [governance, Approval-Queue]"
    )
    (finding,), lines = findings(tmp_path, text, "JM702")
    assert (finding.line, finding.column) == at(lines, "Approval-Queue")
    assert finding.message == (
        "'Approval-Queue' is both a word to use ('approval queue') and a word to avoid "
        "for persona 'sam'"
    )
    assert finding.severity == "error"
    assert finding.where == "vocabulary › personas › sam › avoid #2"


def test_contradictions_ignore_case_spacing_dashes_and_a_plural_s(tmp_path):
    text = messaging("use: [business case]", "use: [business case, Close  this-quarter]")
    (first,), lines = findings(tmp_path, text, "JM702")
    assert (first.line, first.column) == at(lines, "close this quarter")
    assert "stage 'buy'" in first.message
    plural = messaging("avoid: [governance,", "avoid: [content calendars, governance,")
    (second,), lines = findings(tmp_path, plural, "JM702")
    assert (second.line, second.column) == at(lines, "content calendars")


def test_use_for_one_persona_and_avoid_for_another_stage_is_no_contradiction(tmp_path):
    # Different vocabularies may disagree: a stage avoids what a persona says.
    text = messaging("avoid: [deal desk,", "avoid: [approval queue, deal desk,")
    found, _ = findings(tmp_path, text, "JM702")
    assert found == []


# JM703 avoided-word-in-message


def test_the_core_message_using_a_word_to_avoid_is_reported(tmp_path):
    text = messaging(
        "core_message: Every post approved and published on time.",
        "core_message: Governance for every post, approved and published on time.",
    )
    (finding,), lines = findings(tmp_path, text, "JM703")
    assert (finding.line, finding.column) == at(lines, "Governance for")
    assert finding.message == (
        "'Governance' is a word to avoid (vocabulary of persona 'sam'); the core message "
        "speaks to every persona at every stage"
    )
    assert finding.severity == "warning"


def test_pillar_messages_and_proof_points_are_checked_whole_word_with_plurals(tmp_path):
    text = messaging(
        "message: Posts go out on time, and you hear about a failure from us first.",
        "message: No deal-desks, no misgovernance, no governanceboard.",
    ).replace("published on time in H1 2026", "published on time; ask our Deal Desk")
    found, lines = findings(tmp_path, text, "JM703")
    assert [(f.line, f.column) for f in found] == [  # at the word itself
        at(lines, "deal-desks"),
        at(lines, "Deal Desk"),
    ]
    assert "'deal-desks'" in found[0].message and "stage 'buy'" in found[0].message
    assert found[0].where == "pillar 'Never miss a post' › message"
    assert "'Deal Desk'" in found[1].message
    assert found[1].where == "pillar 'Never miss a post' › proof_points #1"


@pytest.mark.parametrize(
    ("written", "word"),
    [
        ("Every post approved, with governance built in.", "governance"),
        ("'Every post approved, with Governance built in.'", "Governance"),
        ('"Every post approved, with GOVERNANCE built in."', "GOVERNANCE"),
        ("[Every post approved, with governance built in]", None),
    ],
    ids=["plain", "single-quoted", "double-quoted", "a-list-is-no-text"],
)
def test_a_text_written_on_one_line_is_pointed_at_the_avoided_word(tmp_path, written, word):
    text = messaging(
        "message: Posts go out on time, and you hear about a failure from us first.",
        f"message: {written}",
    )
    found, lines = findings(tmp_path, text, "JM703")
    if word is None:  # a schema error, not a message: nothing to point into
        assert found == []
        return
    (finding,) = found
    assert (finding.line, finding.column) == at(lines, word)
    assert finding.where == "pillar 'Never miss a post' › message"


@pytest.mark.parametrize(
    ("written", "start"),
    [
        ("'It''s governance, made simple.'", "'It''s"),  # '' is one quote: columns shift
        ('"Approvals\\tgovernance"', '"Approvals'),  # an escape: columns shift
        (">\n      Approvals without\n      governance.", ">"),  # folded over two lines
        ("Approvals without\n      governance.", "Approvals without"),  # plain over two lines
    ],
    ids=["single-quoted-escape", "double-quoted-escape", "folded", "plain-two-lines"],
)
def test_a_text_not_written_as_it_reads_is_pointed_at_its_start(tmp_path, written, start):
    """Where the characters of the file and of the text differ (escapes, line folding),
    counting into the text would point at the wrong column: the finding stays at the start."""
    text = messaging(
        "message: Posts go out on time, and you hear about a failure from us first.",
        f"message: {written}",
    )
    (finding,), lines = findings(tmp_path, text, "JM703")
    assert (finding.line, finding.column) == at(lines, start)
    assert "'governance'" in finding.message


def test_a_word_several_vocabularies_avoid_names_each_of_them_once(tmp_path):
    text = messaging("avoid: [deal desk,", "avoid: [governance, deal desk,").replace(
        "core_message: Every post", "core_message: Governance, governance and every post"
    )
    found, _ = findings(tmp_path, text, "JM703")
    assert len(found) == 2  # each use in the text
    assert "(vocabulary of persona 'sam', stage 'buy')" in found[0].message


def test_vocabulary_category_and_brand_actions_are_not_messaging_text(tmp_path):
    text = messaging("id: core\n", "id: core\ncategory: Buyers call it governance software\n")
    text += (
        "brand_attributes:\n  - id: be-there\n    name: Be there\n    actions:\n"
        "      - {owner: sales, action: Staff the deal desk in the last week of the quarter}\n"
    )
    found, _ = findings(tmp_path, text, "JM703")
    assert found == []


# As a user sees them


def test_validate_prints_each_messaging_finding_with_its_place_and_hint(tmp_path, cli):
    text = messaging("avoid: [governance, workflow orchestration]", "avoid: [Content calendar]")
    text = text.replace(
        "    proof_points:\n      - 99.95% of scheduled posts published on time in H1 2026\n",
        "    proof_points: []\n",
    ).replace("core_message: Every post", "core_message: Close this quarter, and every post")
    root = make_workspace(tmp_path / "ws", JOURNEY, {"messaging.yaml": text})
    result = cli("validate", root)
    assert result.exit_code == 1  # JM702 is an error
    lines = text.splitlines()
    out = result.stdout
    for code, needle in (
        ("JM701", "proof_points: []"),
        ("JM702", "Content calendar"),
        ("JM703", "Close this quarter"),
    ):
        line, column = at(lines, needle)
        assert f"messaging.yaml:{line}:{column}: {code} " in out, out
        assert f"hint: {get_rule(code).hint}" in out


def test_sarif_and_rules_describe_the_messaging_family(tmp_path, cli):
    root = make_workspace(tmp_path / "ws", JOURNEY, {"messaging.yaml": MESSAGING})
    sarif = json.loads(cli("validate", root, "--format", "sarif").stdout)
    rules = {item["id"]: item for item in sarif["runs"][0]["tool"]["driver"]["rules"]}
    for code in ("JM701", "JM702", "JM703"):
        assert rules[code]["properties"]["tags"] == ["messaging"]
    shown = cli("rules", "JM703").stdout
    assert shown.startswith("JM703 avoided-word-in-message\nfamily: messaging")
    assert "FAIL" in shown and "PASS" in shown
