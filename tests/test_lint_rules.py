"""Every lint rule fires on a small map that breaks it, at the right line, and stays
silent on the clean examples and on a clean map."""

from __future__ import annotations

import pytest

from journeymap.lint.registry import get_rule, lint_rules
from journeymap.validate import validate_paths
from lint_helpers import JOURNEY, make_workspace


def edit(old: str, new: str, count: int = 1) -> str:
    assert JOURNEY.count(old) >= count, old
    return JOURNEY.replace(old, new)


# code -> (journey text, extra files, file of the finding, text on the finding's line)
CASES: dict[str, tuple[str, dict[str, str], str, str]] = {
    "JM101": (
        edit("phase: post-purchase", "phase: purchase"),
        {},
        "journey.yaml",
        "stages:",
    ),
    "JM102": (edit("personas: [sam]", "personas: []"), {}, "journey.yaml", "personas: []"),
    "JM103": (JOURNEY, {"ira.yaml": "kind: persona\nid: ira\nname: Ira\n"}, "ira.yaml", "id: ira"),
    "JM104": (
        edit(
            "    steps:\n      - {id: first-value, name: Reaches first value, owner: product, emotion: 2}\n",
            "",
        ),
        {},
        "journey.yaml",
        "- id: use",
    ),
    "JM105": (
        edit("moment_of_truth: true}", "moment_of_truth: true, next: [sign]}"),
        {},
        "journey.yaml",
        "id: first-value",
    ),
    "JM106": (
        edit("name: Reaches first value", "name: Signs the order-form"),
        {},
        "journey.yaml",
        "id: first-value",
    ),
    "JM107": (edit(", moment_of_truth: true", ""), {}, "journey.yaml", "stages:"),
    "JM201": (
        edit('    quotes:\n      - {text: "It took weeks.", source: interview}\n', ""),
        {},
        "journey.yaml",
        "- id: buy",
    ),
    "JM202": (edit("source: survey, ", ""), {}, "journey.yaml", "id: value"),
    "JM203": (edit("emotion: -1", "emotion: 0"), {}, "journey.yaml", "stages:"),
    "JM204": (edit(", metric: churn}", "}"), {}, "journey.yaml", "id: keep"),
    "JM301": (edit("    owner: sales\n", ""), {}, "journey.yaml", "- id: buy"),
    "JM302": (edit(", owner: product}", "}"), {}, "journey.yaml", "id: value"),
    "JM303": (
        JOURNEY.replace("owner: customer-success", "owner: sales").replace(
            "owner: product", "owner: sales"
        ),
        {},
        "journey.yaml",
        "stages:",
    ),
    "JM401": (edit("title: Buyer journey", "title: Buyer lifecycle"), {}, "journey.yaml", "title:"),
}


def test_every_rule_has_a_triggering_case():
    assert set(CASES) == {rule.code for rule in lint_rules()}


def test_the_clean_map_has_no_findings(tmp_path):
    run = validate_paths([make_workspace(tmp_path / "clean", JOURNEY)])
    assert run.findings == []
    assert run.exit_code() == 0


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_at_the_offending_line(tmp_path, code):
    journey, extra, filename, marker = CASES[code]
    root = make_workspace(tmp_path / "ws", journey, extra)
    run = validate_paths([root])
    found = [finding for finding in run.findings if finding.code == code]
    assert found, [str(f) for f in run.findings]
    text = (root / filename).read_text().splitlines()
    finding = found[0]
    assert finding.path.endswith(filename)
    assert finding.category == "lint"
    assert finding.severity == get_rule(code).severity
    assert marker in text[finding.line - 1], (finding, text[finding.line - 1])
    assert finding.column >= 1
    assert finding.hint == get_rule(code).hint


@pytest.mark.parametrize("code", [rule.code for rule in lint_rules()])
def test_rule_is_silent_on_the_clean_examples(examples, code):
    for workspace in (examples / "brightpost", examples / "refresh"):
        run = validate_paths([workspace])
        assert [str(f) for f in run.findings if f.code == code] == []


def test_examples_are_clean_at_every_severity(examples):
    run = validate_paths([examples / "brightpost"])
    assert run.findings == []
    assert run.exit_code("info") == 0


def test_unreachable_step_follows_branches_loops_and_triggers(tmp_path):
    journey = edit(
        "moment_of_truth: true}",
        "moment_of_truth: true, next: [sign]}\n"
        "      - {id: branch, name: Takes a detour, trigger: A colleague leaves}",
    )
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    # `branch` has a trigger, and `first-value` follows it by default.
    assert [f for f in run.findings if f.code == "JM105"] == []


def test_near_duplicate_step_names_are_reported(tmp_path):
    journey = edit("name: Reaches first value", "name: Signs the order forms")
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    (finding,) = [f for f in run.findings if f.code == "JM106"]
    assert "nearly the same" in finding.message
    assert "'sign'" in finding.message


def test_glossary_leaves_customer_words_alone_and_allows_plurals(tmp_path):
    journey = edit('text: "It took weeks."', 'text: "Our lifecycle emails were noise."').replace(
        "name: Logo churn", "name: Touch-points per lifecycles"
    )
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    messages = sorted(f.message for f in run.findings if f.code == "JM401")
    assert messages == [
        "'Touch-points' is not the preferred term; use 'touchpoint'",
        "'lifecycles' is not the preferred term; use 'journey'",
    ]


def test_unused_persona_waits_for_broken_files(tmp_path):
    root = make_workspace(
        tmp_path / "ws", JOURNEY, {"ira.yaml": "kind: persona\nid: ira\nname: Ira\n"}
    )
    (root / "broken.yaml").write_text("kind: journey\nid: x\ntitle: [unclosed\n")
    run = validate_paths([root])
    assert [f.code for f in run.findings] == ["JM001"]


def test_employee_journeys_need_an_employment_or_advocacy_phase(tmp_path):
    journey = (
        JOURNEY.replace("title: Buyer journey", "title: New hire\naudience: employee")
        .replace("phase: purchase", "phase: hiring")
        .replace("phase: post-purchase", "phase: hiring")
    )
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    (finding,) = [f for f in run.findings if f.code == "JM101"]
    assert "hire" in finding.message and "employment" in finding.message
