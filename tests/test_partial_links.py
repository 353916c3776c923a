"""The pre-commit gate never passes what a full run fails: every cross-file reference.

pre-commit passes only the changed files; the rest of the workspace is read from
summaries. Each case below starts from a workspace where every link lands (no error
in a full run), changes one file, and passes only that file: every error the full
run then reports, in whatever file, is caused by the change, so the one-file run
must report it too, at the same place, with the same message and hint. Both sides
of each link are covered: the target renamed in the passed file (the referrer is a
file the run does not check), and the referrer broken in the passed file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import journeymap.streaming
import journeymap.workspace
from journeymap.model.config import Limits
from journeymap.summary import CACHE_DIR, CACHE_FORMAT, SummaryCache
from journeymap.validate import validate_paths
from test_partial import lines
from test_partial import make as make_files

CONFIG = """\
teams: {cx: Customer Experience, sales: Sales, product: Product, hr: HR}
segments: {smb: Small marketing teams}
data: [data/metrics.csv]
"""
WORKSPACE = {
    "personas/sam.yaml": """\
kind: persona
id: sam
name: Sam, social media manager
segments: [smb]
""",
    "journeys/buyer.yaml": """\
kind: journey
id: buyer
title: Buyer journey
personas: [sam]
owner: cx
objectives:
  - {id: keep-customers, description: Keep first-year customers, metric: churn}
stages:
  - id: choose
    name: Choose a tool
    phase: pre-purchase
    owner: sales
    steps:
      - {id: compare, name: Compares three tools, owner: sales, emotion: {sam: -1}}
      - {id: security, name: Waits for the security review, owner: sales, journey: review, employee_step: csm/prep}
    insights:
      - {id: slow-review, text: Security reviews stall trials for a week, source: interview, owner: product}
  - id: onboard
    name: Onboard the team
    phase: post-purchase
    owner: product
    steps:
      - {id: first-post, name: Publishes the first post, owner: product, emotion: 1}
    metrics:
      - {id: churn, name: Logo churn, direction: down, baseline: 15, target: 10}
""",
    "journeys/buyer-2027.yaml": """\
kind: journey
id: buyer-2027
title: Buyer journey in 2027
state: future
based_on: buyer
personas: [sam]
owner: cx
stages:
  - id: shortlist
    name: Shortlist from a peer's recommendation
    phase: pre-purchase
    owner: sales
    steps:
      - {id: compare, name: Compares two tools, owner: sales, emotion: 1}
  - id: go-live
    name: Go live in a day
    phase: post-purchase
    owner: product
    steps:
      - {id: first-post, name: Publishes the first post, owner: product, emotion: 2}
""",
    "journeys/partner.yaml": """\
kind: journey
id: partner
title: Partner referrals
personas: [sam]
owner: cx
stages:
  - id: refer
    name: Refer a client
    phase: advocacy
    owner: sales
    steps:
      - {id: refer-client, name: Refers a client, owner: sales, journey: buyer}
""",
    "journeys/review.yaml": """\
kind: journey
id: review
title: Security review
personas: [sam]
owner: cx
stages:
  - id: check
    name: IT checks the vendor
    phase: purchase
    owner: sales
    steps:
      - {id: read-pack, name: Reads the security pack, owner: sales}
""",
    "journeys/csm.yaml": """\
kind: journey
id: csm
title: CSM onboarding
audience: employee
personas: [sam]
owner: hr
stages:
  - id: work
    name: Daily work
    phase: employment
    owner: hr
    steps:
      - {id: prep, name: Prepares the handover, owner: hr}
""",
    "messaging/core.yaml": """\
kind: messaging
id: core
core_message: Every post approved and published on time.
vocabulary:
  personas: {sam: {use: [approval queue]}}
  stages: {choose: {use: [free trial]}}
brand_attributes:
  - id: be-there
    name: Be there
    actions:
      - {stage: onboard, owner: cx, action: A named person runs the first week}
""",
    "backlog/cx.yaml": """\
kind: backlog
id: cx
owner: cx
opportunities:
  - id: security-pack
    title: Self-serve security pack
    problem: Security reviews stall trials
    addresses: [buyer/choose, buyer/compare]
    evidence: [buyer/slow-review]
    owner: cx
    status: planned
    metric: churn
""",
    "data/metrics.csv": "metric,scope,date,value\n"
    "churn,buyer/onboard,2026-03-31,14\nchurn,buyer,2026-06-30,13\n",
}
"""Every kind of cross-file link, all landing: personas (journeys, messaging), a
sub-journey and a chain of them (partner → buyer → review), an employee step, a future
state, stages (messaging vocabulary, a brand action, backlog and data scopes), steps,
insights and metrics (backlog, data), teams and segments (journeymap.yaml)."""


def make(root: Path) -> Path:
    return make_files(root, WORKSPACE, CONFIG)


RENAMED = [
    # (case, changed file, old text, new text, files where the full run then has errors)
    ("persona", "personas/sam.yaml", "id: sam", "id: samantha", None),
    ("journey", "journeys/buyer.yaml", "id: buyer\n", "id: buyer-2026\n", None),
    ("sub-journey", "journeys/review.yaml", "id: review\n", "id: security-review\n", None),
    ("employee-journey", "journeys/csm.yaml", "id: csm\n", "id: csm-2026\n", None),
    ("employee-step", "journeys/csm.yaml", "id: prep,", "id: prepare,", None),
    ("audience", "journeys/csm.yaml", "audience: employee", "audience: customer", None),
    ("state", "journeys/buyer.yaml", "title: Buyer journey\n", "title: B\nstate: future\n", None),
    ("stage-vocabulary", "journeys/buyer.yaml", "- id: choose", "- id: evaluate", None),
    ("stage-brand-action", "journeys/buyer.yaml", "- id: onboard", "- id: adopt", None),
    ("step", "journeys/buyer.yaml", "id: compare,", "id: shortlist,", None),
    ("insight", "journeys/buyer.yaml", "id: slow-review,", "id: stalled-review,", None),
    ("metric", "journeys/buyer.yaml", "id: churn,", "id: logo-churn,", None),
    ("cycle", "journeys/review.yaml", "owner: sales}", "owner: sales, journey: partner}", None),
    ("sub-journey-dropped", "journeys/buyer.yaml", " journey: review,", "", None),
    ("duplicate-id", "journeys/review.yaml", "id: review\n", "id: csm\n", None),
    ("duplicate-id-first", "journeys/csm.yaml", "id: csm\n", "id: review\n", None),
    ("team", "journeymap.yaml", "cx: Customer", "cx-team: Customer", None),
    ("segment", "journeymap.yaml", "smb: Small", "small-teams: Small", None),
]
"""A target renamed (or changed) in the passed file, while other files still use it."""

EXPECTED_ELSEWHERE = {
    "persona": {"journeys/buyer.yaml", "messaging/core.yaml", "journeys/csm.yaml"},
    "journey": {"journeys/buyer-2027.yaml", "journeys/partner.yaml", "backlog/cx.yaml"},
    "sub-journey": {"journeys/buyer.yaml"},
    "employee-journey": {"journeys/buyer.yaml"},
    "employee-step": {"journeys/buyer.yaml"},
    "audience": {"journeys/buyer.yaml"},
    "state": {"journeys/buyer-2027.yaml"},
    "stage-vocabulary": {"messaging/core.yaml", "backlog/cx.yaml"},
    "stage-brand-action": {"messaging/core.yaml", "data/metrics.csv"},
    "step": {"backlog/cx.yaml"},
    "insight": {"backlog/cx.yaml"},
    "metric": {"backlog/cx.yaml", "data/metrics.csv"},
    "cycle": {"journeys/partner.yaml"},
    "sub-journey-dropped": {"journeys/review.yaml"},
    "duplicate-id": {"journeys/csm.yaml", "journeys/buyer.yaml"},
    "duplicate-id-first": {"journeys/review.yaml", "journeys/buyer.yaml"},
    "team": {"journeys/buyer.yaml", "messaging/core.yaml", "backlog/cx.yaml"},
    "segment": {"personas/sam.yaml"},
}
"""Files other than the passed one where the full run reports an error (a subset is
enough: the case is meaningful when the change breaks some other file)."""

BROKEN = [
    ("journey-persona", "journeys/buyer.yaml", "personas: [sam]", "personas: [sammy]"),
    ("emotion-persona", "journeys/buyer.yaml", "emotion: {sam: -1}", "emotion: {sammy: -1}"),
    ("sub-journey", "journeys/buyer.yaml", "journey: review,", "journey: reviews,"),
    ("employee-step", "journeys/buyer.yaml", "csm/prep}", "csm/prepare}"),
    ("next", "journeys/buyer.yaml", "emotion: {sam: -1}}", "emotion: {sam: -1}, next: [x]}"),
    ("objective-metric", "journeys/buyer.yaml", "metric: churn}", "metric: churns}"),
    ("owner", "journeys/buyer.yaml", "owner: cx\n", "owner: cxx\n"),
    ("based-on", "journeys/buyer-2027.yaml", "based_on: buyer", "based_on: buyers"),
    ("cycle", "journeys/review.yaml", "owner: sales}", "owner: sales, journey: partner}"),
    ("vocabulary-persona", "messaging/core.yaml", "{sam: {use", "{sammy: {use"),
    ("vocabulary-stage", "messaging/core.yaml", "{choose: {use", "{chose: {use"),
    ("brand-action-stage", "messaging/core.yaml", "stage: onboard", "stage: onboarding"),
    ("brand-action-owner", "messaging/core.yaml", "owner: cx, action", "owner: cxx, action"),
    ("segment", "personas/sam.yaml", "segments: [smb]", "segments: [smbs]"),
    ("addresses-stage", "backlog/cx.yaml", "buyer/choose,", "buyer/chose,"),
    ("addresses-step", "backlog/cx.yaml", "buyer/compare]", "buyer/comparing]"),
    ("addresses-journey", "backlog/cx.yaml", "buyer/compare]", "buyers/compare]"),
    ("evidence", "backlog/cx.yaml", "buyer/slow-review]", "buyer/slow-reviews]"),
    ("backlog-metric", "backlog/cx.yaml", "metric: churn", "metric: churns"),
    ("backlog-owner", "backlog/cx.yaml", "owner: cx\nopp", "owner: cxx\nopp"),
]
"""A reference broken in the passed file itself."""


@pytest.fixture(params=["summaries", "batches"])
def mode(request, monkeypatch):
    """``batches``: runs that load every file are checked two files at a time."""
    if request.param == "batches":
        monkeypatch.setattr(journeymap.workspace, "STREAM_FILES", 2)
        monkeypatch.setattr(journeymap.streaming, "STREAM_FILES", 2)
    return request.param


def _gate(root: Path, name: str) -> None:
    """The one-file run reports every error of the full run (all caused by the change),
    and for the passed file and the config everything the full run reports there."""
    run = validate_paths([root / name])
    full = validate_paths([root])
    if name == "journeymap.yaml":  # a changed config checks its whole workspace
        shown = {f.path for f in full.findings}
    else:
        shown = {f"ws/{name}", "ws/journeymap.yaml"}
    want = lines(f for f in full.findings if f.path in shown or f.severity == "error")
    assert lines(run.findings) == want
    assert run.exit_code() == full.exit_code()


@pytest.mark.parametrize(
    ("name", "old", "new", "elsewhere"),
    [pytest.param(*case[1:-1], EXPECTED_ELSEWHERE[case[0]], id=case[0]) for case in RENAMED],
)
def test_a_change_fails_where_other_files_still_use_the_old_id(
    tmp_path, monkeypatch, mode, name, old, new, elsewhere
):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    clean = validate_paths([root])
    assert not [f for f in clean.findings if f.severity == "error"], lines(clean.findings)
    validate_paths([root / name])  # a warm cache, as pre-commit has
    text = (root / name).read_text()
    assert old in text
    (root / name).write_text(text.replace(old, new, 1))
    full = validate_paths([root])
    errors = {f.path.removeprefix("ws/") for f in full.findings if f.severity == "error"}
    assert elsewhere <= errors, errors
    _gate(root, name)


@pytest.mark.parametrize(
    ("name", "old", "new"), [pytest.param(*case[1:], id=case[0]) for case in BROKEN]
)
def test_a_reference_broken_in_the_passed_file_is_reported(
    tmp_path, monkeypatch, mode, name, old, new
):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    validate_paths([root / name])  # a warm cache
    text = (root / name).read_text()
    assert old in text
    (root / name).write_text(text.replace(old, new, 1))
    assert validate_paths([root]).exit_code() == 2
    _gate(root, name)


def test_a_cache_of_the_previous_format_is_not_read(tmp_path, monkeypatch):
    """Summaries of the previous format lack the stage ids that messaging files use:
    read as they are, a renamed stage would pass. Such a cache is ignored, not misread."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    validate_paths([root / "journeys/buyer.yaml"])  # fills the cache
    path = root / CACHE_DIR / "summaries.json"
    stored = json.loads(path.read_text())
    assert stored["salt"].startswith(f"{CACHE_FORMAT}:")
    assert len(SummaryCache(root, Limits()).entries) == len(WORKSPACE) - 1  # not the csv
    stored["salt"] = stored["salt"].replace(f"{CACHE_FORMAT}:", f"{CACHE_FORMAT - 1}:", 1)
    path.write_text(json.dumps(stored))
    assert SummaryCache(root, Limits()).entries == {}


IRA = "kind: persona\nid: ira\nname: Ira, IT admin\n"


@pytest.mark.parametrize(
    ("settings", "fail_on"),
    [
        ("lint: {severity: {JM103: error}}\n", None),
        ("lint: {select: [JM103], fail_on: warning}\n", None),
        ("lint: {select: [JM103]}\n", "warning"),  # validate --fail-on warning
    ],
    ids=["severity", "fail-on", "cli-fail-on"],
)
def test_a_cross_file_rule_that_fails_the_run_is_judged_on_the_whole_workspace(
    tmp_path, monkeypatch, mode, settings, fail_on
):
    """A map that drops a persona leaves it unused (JM103, a warning by default). When
    the settings let that fail the run, a one-file run checks the whole workspace, so
    it fails as the full run does; with the defaults it checks only its file."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    (root / "personas/ira.yaml").write_text(IRA)
    review = root / "journeys/review.yaml"
    review.write_text(review.read_text().replace("personas: [sam]", "personas: [sam, ira]"))
    assert validate_paths([review]).files == 1  # the defaults: only the file is checked
    (root / "journeymap.yaml").write_text(CONFIG + settings)
    assert validate_paths([root], fail_on=fail_on).exit_code(fail_on) == 0
    review.write_text(review.read_text().replace("personas: [sam, ira]", "personas: [sam]"))
    run = validate_paths([review], fail_on=fail_on)
    full = validate_paths([root], fail_on=fail_on)
    assert run.exit_code(fail_on) == full.exit_code(fail_on) == 1
    assert lines(run.findings) == lines(full.findings)
    assert "ws/personas/ira.yaml:2:5: no journey is drawn for persona 'ira'" in map(
        str, run.findings
    )


def test_validate_fail_on_reaches_the_choice_of_files(tmp_path, monkeypatch, cli):
    """`validate --fail-on warning FILE` judges the cross-file rules on the whole
    workspace, as the run's threshold lets their warnings fail it."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    (root / "personas/ira.yaml").write_text(IRA)
    (root / "journeymap.yaml").write_text(CONFIG + "lint: {select: [JM103]}\n")
    buyer = root / "journeys/buyer.yaml"
    assert cli("validate", buyer).exit_code == 0
    result = cli("validate", buyer, "--fail-on", "warning")
    assert result.exit_code == 1
    assert "ws/personas/ira.yaml:2:5: JM103" in result.stdout


def test_a_changed_data_file_checks_its_rows_against_the_workspace(tmp_path, monkeypatch):
    """pre-commit may pass a changed data file (a `files:` pattern wider than YAML): it
    is no map, so it stands for its workspace, whose run judges its rows."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws")
    data = root / "data/metrics.csv"
    assert validate_paths([data]).exit_code() == 0
    data.write_text(data.read_text() + "churn,buyer/onbaord,2026-09-30,12\n")
    run = validate_paths([data])
    assert run.exit_code() == 2
    assert lines(run.findings) == lines(validate_paths([root]).findings)
    assert "ws/data/metrics.csv:4: scope: unknown stage or step 'buyer/onbaord'" in map(
        str, run.findings
    )
