"""Every lint rule fires on a small map that breaks it, at the right line, and stays
silent on the clean examples and on a clean map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.lint.registry import get_rule, lint_rules
from journeymap.lint.rules import language
from journeymap.validate import validate_paths
from lint_helpers import CONFIG, EMPLOYEE, JOURNEY, MESSAGING, PERSONA, make_workspace


def edit(old: str, new: str, count: int = 1) -> str:
    assert JOURNEY.count(old) >= count, old
    return JOURNEY.replace(old, new)


DATA_CONFIG = CONFIG + "data: [metrics.csv]\n"
IRA = PERSONA.replace("id: sam", "id: ira").replace("Sam, social media manager", "Ira, director")
TODAY = JOURNEY.replace("id: buyer\n", "id: buyer-today\n")
"""The current state that a future-state copy of the clean map is based on."""
CHURN = "{id: churn, name: Logo churn}"
CHURN_TARGET = '{id: churn, name: Logo churn, unit: "%", direction: down, target: 9}'


def backlog(*opportunities: str) -> str:
    """A backlog whose opportunities are flow mappings, one a line."""
    return "kind: backlog\nid: cx\nopportunities:\n" + "".join(f"  - {o}\n" for o in opportunities)


def covering(**fields: str) -> str:
    """An opportunity that addresses the `buy` stage, owned and measured, with ``fields`` changed."""
    base = {
        "id": "fix-signing",
        "title": "Sign in one sitting",
        "addresses": "[buyer/buy]",
        "evidence": "[buyer/value]",
        "owner": "sales",
        "status": "in-progress",
        "metric": "churn",
        "due": "2027-01-29",
    }
    base.update(fields)
    return "{" + ", ".join(f"{k}: {v}" for k, v in base.items() if v) + "}"


# code -> (journey text, extra files, file of the finding, text on the finding's line)
CASES: dict[str, tuple[str, dict[str, str], str, str]] = {
    "JM101": (
        edit("phase: post-purchase", "phase: purchase").replace(
            "phase: advocacy", "phase: purchase"
        ),
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
    "JM108": (edit("phase: advocacy", "phase: post-purchase"), {}, "journey.yaml", "stages:"),
    "JM109": (edit("phase: purchase\n", "phase: hiring\n"), {}, "journey.yaml", "phase: hiring"),
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
    "JM304": (
        edit("owner: sales, emotion: -1", "emotion: -1"),
        {},
        "journey.yaml",
        "id: sign",
    ),
    "JM401": (edit("title: Buyer journey", "title: Buyer lifecycle"), {}, "journey.yaml", "title:"),
    "JM501": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(addresses="[buyer/first-value]"))},
        "journey.yaml",
        "id: sign",
    ),
    "JM502": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(owner=""))},
        "backlog.yaml",
        "fix-signing",
    ),
    "JM503": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(metric=""))},
        "backlog.yaml",
        "fix-signing",
    ),
    "JM504": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(due="2026-10-30"))},
        "backlog.yaml",
        "due: 2026-10-30",
    ),
    "JM505": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(status="done", due="2026-06-30"))},
        "backlog.yaml",
        "status: done",
    ),
    "JM506": (
        edit(CHURN, CHURN_TARGET),
        {
            "journeymap.yaml": DATA_CONFIG,
            "metrics.csv": "metric,scope,date,value\nchurn,buyer,2026-09-30,14\n",
        },
        "journey.yaml",
        "id: churn",
    ),
    "JM507": (
        edit(CHURN, CHURN_TARGET),
        {
            "journeymap.yaml": DATA_CONFIG,
            "metrics.csv": "metric,scope,date,value\nchurn,buyer,2025-12-31,8\n",
        },
        "journey.yaml",
        "id: churn",
    ),
    "JM508": (
        edit(
            '{text: "It took weeks.", source: interview}',
            '{text: "It took weeks.", source: interview, sample_size: 1}',
        ),
        {},
        "journey.yaml",
        "id: sign",
    ),
    "JM509": (
        edit("refreshed: 2026-09-15", "refreshed: 2025-10-01"),
        {},
        "journey.yaml",
        "refreshed: 2025-10-01",
    ),
    "JM510": (
        JOURNEY,
        {"backlog.yaml": backlog(covering(evidence=""))},
        "journey.yaml",
        "id: value",
    ),
    "JM511": (edit("refreshed: 2026-09-15\n", ""), {}, "journey.yaml", "id: buyer"),
    "JM601": (
        edit("personas: [sam]", "personas: [sam, ira]").replace(
            "emotion: 2}", "emotion: {ira: 2}}"
        ),
        {"ira.yaml": IRA},
        "journey.yaml",
        "id: first-value",
    ),
    "JM602": (
        edit("owner: cx\n", "owner: cx\nstate: future\nbased_on: buyer-today\n"),
        {"today.yaml": TODAY},
        "journey.yaml",
        "id: sign",
    ),
    "JM603": (
        edit("backstage: [Sales ops countersigns], ", ""),
        {},
        "journey.yaml",
        "id: sign",
    ),
    "JM604": (JOURNEY, {"csm.yaml": EMPLOYEE}, "csm.yaml", "id: csm"),
    "JM605": (
        edit("owner: cx\n", "owner: cx\nbased_on: buyer-today\n"),
        {"today.yaml": TODAY},
        "journey.yaml",
        "based_on:",
    ),
    "JM606": (
        edit("owner: cx\n", "owner: cx\nstate: future\n"),
        {},
        "journey.yaml",
        "state: future",
    ),
    "JM701": (
        JOURNEY,
        {
            "messaging.yaml": MESSAGING.replace(
                "proof_points:\n      - 99.95%", "x-draft:\n      - 99.95%"
            )
        },
        "messaging.yaml",
        "id: on-time",
    ),
    "JM702": (
        JOURNEY,
        {"messaging.yaml": MESSAGING.replace("avoid: [governance,", "avoid: [content calendar,")},
        "messaging.yaml",
        "avoid: [content calendar",
    ),
    "JM703": (
        JOURNEY,
        {
            "messaging.yaml": MESSAGING.replace(
                "Every post approved", "Governance for every post approved"
            )
        },
        "messaging.yaml",
        "core_message:",
    ),
    "JM705": (
        JOURNEY,
        {"messaging.yaml": MESSAGING + "brand_attributes:\n  - {id: be-there, name: Be there}\n"},
        "messaging.yaml",
        "id: be-there",
    ),
    "JM803": (
        JOURNEY,
        {
            "messaging.yaml": MESSAGING.replace(
                "  personas:\n    sam:\n", "  personas:\n    x-sam:\n"
            )
        },
        "sam.yaml",
        "id: sam",
    ),
    "JM801": (
        JOURNEY,
        {"ira.yaml": "kind: persona\nid: ira\nname: Ira\n"},
        "ira.yaml",
        "name: Ira",
    ),
    "JM802": (
        JOURNEY,
        {"journeymap.yaml": CONFIG + "segments: {smb: Small business}\n"},
        "sam.yaml",
        "id: sam",
    ),
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
    for workspace in ("brightpost", "refresh/2025", "refresh/2026"):
        run = validate_paths([examples / workspace])
        assert [str(f) for f in run.findings] == []
        assert run.exit_code("info") == 0


def test_time_based_rules_judge_against_the_pinned_day(tmp_path, monkeypatch):
    root = make_workspace(
        tmp_path / "ws",
        edit("refreshed: 2026-09-15", "refreshed: 2025-10-01"),
        {"backlog.yaml": backlog(covering(due="2026-10-30"))},
    )
    monkeypatch.setenv("JOURNEYMAP_TODAY", "2026-09-30")
    assert validate_paths([root]).findings == []
    monkeypatch.setenv("JOURNEYMAP_TODAY", "2026-11-30")
    assert {f.code for f in validate_paths([root]).findings} == {"JM504", "JM509"}


def test_a_stage_address_covers_its_steps_and_a_dropped_opportunity_covers_nothing(tmp_path):
    covered = backlog(covering(addresses="[buyer/buy]"))
    root = make_workspace(tmp_path / "ws", JOURNEY, {"backlog.yaml": covered})
    assert validate_paths([root]).findings == []
    (root / "backlog.yaml").write_text(backlog(covering(status="dropped")))
    (finding,) = validate_paths([root]).findings
    assert finding.code == "JM501" and "'sign'" in finding.message


def test_a_broken_file_holds_only_the_cross_file_rules_that_read_its_kind(tmp_path):
    """A broken backlog holds the backlog rules (the opportunity left out may cover the
    step), not the persona rule; a broken journey holds the persona rule (the personas
    left out may use it), not the backlog rules of the other journeys."""
    broken_backlog = backlog(covering(status="dropped"), covering(id="bad", impact="0"))
    extra = {"ira.yaml": IRA, "backlog.yaml": broken_backlog}
    root = make_workspace(tmp_path / "ws", JOURNEY, extra)
    assert sorted(f.code for f in validate_paths([root]).findings) == ["JM002", "JM103"]

    (root / "backlog.yaml").write_text(backlog(covering(status="dropped")))
    broken_journey = TODAY.replace("emotion: 2}", "emotion: 7}")
    (root / "today.yaml").write_text(broken_journey)
    found = sorted((f.code, f.path.rpartition("/")[2]) for f in validate_paths([root]).findings)
    assert found == [("JM002", "today.yaml"), ("JM501", "journey.yaml")]


def test_done_opportunity_that_moved_the_wrong_way_is_reported(tmp_path):
    data = "metric,scope,date,value\nchurn,buyer,2026-03-31,12\nchurn,buyer,2026-09-30,13\n"
    root = make_workspace(
        tmp_path / "ws",
        edit(CHURN, CHURN_TARGET),
        {
            "journeymap.yaml": DATA_CONFIG,
            "metrics.csv": data,
            "backlog.yaml": backlog(covering(status="done", due="2026-06-30")),
        },
    )
    found = {f.code: f for f in validate_paths([root]).findings}
    assert "moved the wrong way: 12 % → 13 % (better is down)" in found["JM505"].message
    assert "JM506" in found  # off target and nobody on it any more


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


def test_a_glossary_term_with_a_dash_matches_its_spaced_spelling(tmp_path):
    """Spaces and dashes are alike in both directions: a glossary's `e-mail` finds
    "e mail", as its `touch point` finds "touch-point"."""
    root = make_workspace(
        tmp_path / "ws", edit("title: Buyer journey", "title: Buyer sign off flow")
    )
    config = root / "journeymap.yaml"
    config.write_text(config.read_text() + "  e-mail: email\n  sign-off flow: approval\n")
    (root / "journey.yaml").write_text(
        (root / "journey.yaml")
        .read_text()
        .replace("name: Logo churn", "name: E mails per touch-point")
    )
    run = validate_paths([root])
    messages = sorted(f.message for f in run.findings if f.code == "JM401")
    assert messages == [
        "'E mails' is not the preferred term; use 'email'",
        "'sign off flow' is not the preferred term; use 'approval'",
        "'touch-point' is not the preferred term; use 'touchpoint'",
    ]


def test_a_one_letter_term_has_no_plural_and_a_term_mapped_onto_itself_prefers_nothing(tmp_path):
    root = make_workspace(tmp_path / "ws", edit("title: Buyer journey", "title: As a CX journey"))
    config = root / "journeymap.yaml"
    config.write_text(config.read_text() + "  a: the\n  CX: cx\n")
    messages = {f.message for f in validate_paths([root]).findings if f.code == "JM401"}
    assert messages == {"'a' is not the preferred term; use 'the'"}  # not 'As', nor 'CX'


@pytest.mark.parametrize(
    ("title", "at"),
    [
        ("Buyer lifecycle", "lifecycle"),  # one line, as it reads: the term's own column
        ("'Buyer lifecycle'", "lifecycle"),
        ('"Buyer\\u0020lifecycle"', '"Buyer'),  # an escape shifts columns: the text's start
    ],
)
def test_a_non_preferred_term_is_placed_at_the_term(tmp_path, title, at):
    """Where the text is written as it reads, the column is the term's own, as an editor
    underlines it; otherwise the finding stays at the start of the text."""
    journey = edit("title: Buyer journey", f"title: {title}")
    root = make_workspace(tmp_path / "ws", journey)
    run = validate_paths([root])
    lines = (root / "journey.yaml").read_text().splitlines()
    (finding,) = [f for f in run.findings if f.code == "JM401"]
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"title: {title}"))
    assert (finding.line, finding.column) == (line, lines[line - 1].index(at) + 1)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_a_non_preferred_term_is_placed_at_the_term_with_other_line_ends(tmp_path, line_end):
    """Windows (CRLF) and old Mac (CR) line ends: the line is found as editors count it."""
    journey = edit("title: Buyer journey", "title: Buyer lifecycle")
    root = make_workspace(tmp_path / "ws", journey)
    path = root / "journey.yaml"
    text = path.read_text()
    path.write_bytes(text.replace("\n", line_end).encode())
    run = validate_paths([root])
    (finding,) = [f for f in run.findings if f.code == "JM401"]
    lines = text.splitlines()
    line = next(n for n, written in enumerate(lines, 1) if written == "title: Buyer lifecycle")
    assert (finding.line, finding.column) == (line, lines[line - 1].index("lifecycle") + 1)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="lifecyd ntoushpr-\n\tx", max_size=60),
    terms=st.lists(
        st.sampled_from(["lifecycle", "end users", "touch point", "cycle", "e", "e-mail", "-"]),
        min_size=1,
        max_size=3,
    ),
)
def test_the_glossary_prefilter_finds_what_the_pattern_finds(text, terms):
    """JM401 skips a file without a candidate; the str.find prefilter must agree with the
    regular expression it replaced, or a term would go unreported."""
    glossary = tuple((term, "journey") for term in terms)
    _, quick = language._glossary_patterns(glossary)
    assert language._has_candidate(text, language._anchors(glossary)) == bool(quick.search(text))


def test_unused_persona_waits_for_broken_files(tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY, {"ira.yaml": IRA})
    (root / "broken.yaml").write_text("kind: journey\nid: x\ntitle: [unclosed\n")
    run = validate_paths([root])
    assert [f.code for f in run.findings] == ["JM001"]


def test_employee_journeys_need_an_employment_or_advocacy_phase(tmp_path):
    journey = (
        JOURNEY.replace("title: Buyer journey", "title: New hire\naudience: employee")
        .replace("phase: purchase", "phase: hiring")
        .replace("phase: post-purchase", "phase: hiring")
        .replace("phase: advocacy", "phase: hiring")
    )
    run = validate_paths([make_workspace(tmp_path / "ws", journey)])
    (finding,) = [f for f in run.findings if f.code == "JM101"]
    assert "hire" in finding.message and "employment" in finding.message


def test_an_undated_map_is_reported_once_and_a_stale_one_by_jm509_only(tmp_path):
    undated = make_workspace(tmp_path / "undated", edit("refreshed: 2026-09-15\n", ""))
    (finding,) = validate_paths([undated]).findings
    assert finding.code == "JM511"
    assert (finding.line, finding.column) == (2, 1)  # `id: buyer`, the map's name
    assert finding.message == (
        "map 'buyer' has no `refreshed:` date: nobody can tell when it was last "
        "refreshed, or when the yearly refresh is due"
    )
    stale = make_workspace(tmp_path / "stale", edit("2026-09-15", "2024-09-15"))
    assert [f.code for f in validate_paths([stale]).findings] == ["JM509"]
    ahead = make_workspace(tmp_path / "ahead", edit("2026-09-15", "2062-09-15"))
    (finding,) = validate_paths([ahead]).findings
    assert finding.code == "JM509" and "2062-09-15, a date in the future" in finding.message


@pytest.mark.parametrize("status", ["idea", "planned", "in-progress"])
def test_an_opportunity_not_done_by_its_due_date_is_overdue(tmp_path, monkeypatch, status):
    late = backlog(covering(status=status, due="2026-10-30"))
    root = make_workspace(tmp_path / "ws", JOURNEY, {"backlog.yaml": late})
    monkeypatch.setenv("JOURNEYMAP_TODAY", "2026-11-29")
    (finding,) = [f for f in validate_paths([root]).findings if f.code == "JM504"]
    assert "30 days past its due date 2026-10-30" in finding.message
    (root / "backlog.yaml").write_text(backlog(covering(status="done", due="2026-10-30")))
    assert "JM504" not in {f.code for f in validate_paths([root]).findings}


def test_an_invalid_refreshed_date_is_a_schema_error_not_an_undated_map(tmp_path):
    root = make_workspace(tmp_path / "ws", edit("2026-09-15", "2026-13-01"))
    assert [f.code for f in validate_paths([root]).findings] == ["JM002"]


def test_a_pruned_based_on_or_audience_is_its_schema_error_only(tmp_path):
    """JM606 and JM109 read `based_on` and `audience`: when the value is there but invalid
    (left out of the partial map), the schema error says what to fix, not they."""
    journey = edit("owner: cx\n", "owner: cx\nstate: future\nbased_on: [x]\naudience: employe\n")
    run = validate_paths(
        [make_workspace(tmp_path / "ws", journey.replace("phase: purchase\n", "phase: hiring\n"))]
    )
    assert [f.code for f in run.findings] == ["JM002", "JM002"]
