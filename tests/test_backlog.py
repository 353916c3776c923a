"""The backlog (issue #14): references located with "did you mean", data rows located,
measured values read, metric targets compared in the right direction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from journeymap.data import load_dataset
from journeymap.document import load_document
from journeymap.model.journey import Metric
from journeymap.validate import validate_paths
from journeymap.workspace import load_workspaces


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "bp"
    shutil.copytree(EXAMPLES / "brightpost", root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            "social-media-manager/missed-post",
            "social-media-manager/missed-pots",
            "opportunity 'failure-alerts' › addresses #1: unknown step or stage 'social-media-manager/missed-pots'",
            "Did you mean 'social-media-manager/missed-post'?",
        ),
        (
            "      - marketing-director/sponsor-time",
            "      - marketng-director/sponsor-time",
            "opportunity 'executive-sponsor-programme' › evidence #1: unknown journey in the insight reference "
            "'marketng-director/sponsor-time'",
            "Did you mean 'marketing-director/sponsor-time'?",
        ),
        (
            "metric: enps",
            "metric: enpss",
            "opportunity 'close-the-request-loop' › metric: unknown metric in the addressed journeys 'enpss'",
            "Did you mean 'enps'?",
        ),
        (
            "owner: talent-acquisition",
            "owner: talent-aquisition",
            "opportunity 'hire-through-peers' › owner: unknown team (journeymap.yaml `teams:`) 'talent-aquisition'",
            "Did you mean 'talent-acquisition'?",
        ),
    ],
    ids=["step", "insight-journey", "metric", "owner"],
)
def test_backlog_references_are_located_with_a_suggestion(workspace, old, new, message, hint):
    backlog = workspace / "backlog" / "cx-backlog.yaml"
    _edit(backlog, old, new)
    run = validate_paths([workspace])
    # (the lint rules still run: a broken link also leaves a step or an insight uncovered)
    (finding,) = [f for f in run.findings if f.category != "lint"]
    assert (finding.code, finding.message, finding.hint) == ("JM004", message, hint)
    assert new.strip().split(": ")[-1].lstrip("- ") in _line(backlog, finding.line)
    assert run.exit_code() == 2


def test_a_stage_is_a_valid_target_and_a_missing_journey_file_is_not_guessed_at(workspace):
    (workspace / "journeys" / "employee-csm.yaml").write_text("kind: journey\nid: [broken\n")
    run = validate_paths([workspace])
    assert {f.code for f in run.findings} == {"JM001"}


@pytest.mark.parametrize(
    ("row", "message", "hint"),
    [
        (
            "logo-churn,social-media-manager,2026-13-01,3",
            "date '2026-13-01' is not a date; write it as YYYY-MM-DD",
            None,
        ),
        (
            "logo-chrn,social-media-manager,2026-12-01,3",
            "metric: journey 'social-media-manager' has no metric 'logo-chrn'",
            "Did you mean 'logo-churn'?",
        ),
        (
            'nps,social-media-manager/need,2026-12-01,"1,5"',
            "value '1,5' is not a number (digits with a dot for decimals, no unit or "
            "thousands separator)",
            None,
        ),
        (
            "nps,social-media-manager/nead,2026-12-01,1",
            "scope: unknown stage or step 'social-media-manager/nead'",
            "Did you mean 'social-media-manager/need'?",
        ),
        (
            "nps,social-media-managr,2026-12-01,1",
            "scope: unknown journey 'social-media-managr'",
            "Did you mean 'social-media-manager'?",
        ),
        ("nps,social-media-manager", "2 cells; metric,scope,date,value need 4", None),
        (
            "logo-churn,social-media-manager,2026-11-30,14,5",
            "5 cells, but the header names 4 columns: a comma inside a value? Write decimals "
            "with a dot and quote text that holds commas",
            None,
        ),
        (
            "logo-churn,social-media-manager,2025-03-31,15",
            "logo-churn of social-media-manager on 2025-03-31 is 15 here and 14.8 on line 3; "
            "keep the right one",
            None,
        ),
        ("logo-churn,social-media-manager,2026-12-02,14", "date 2026-12-02 is in the future", None),
    ],
    ids=[
        "date",
        "metric",
        "value",
        "scope-step",
        "scope-journey",
        "short-row",
        "long-row",
        "conflict",
        "future",
    ],
)
def test_bad_data_rows_are_located(workspace, row, message, hint):
    data = workspace / "data" / "metrics.csv"
    lines = data.read_text().splitlines()
    data.write_text("\n".join([*lines[:5], row, *lines[5:]]) + "\n")
    run = validate_paths([workspace])
    (finding,) = [f for f in run.findings if f.category != "lint"]
    assert (finding.path.endswith("data/metrics.csv"), finding.line) == (True, 6)
    assert (finding.message, finding.hint) == (message, hint)
    assert str(finding).endswith(f"data/metrics.csv:6: {message}")


def test_a_header_without_the_columns_is_one_error(workspace):
    (workspace / "data" / "metrics.csv").write_text("kpi,when,amount\nnps,2026-01-01,3\n")
    (finding,) = [f for f in validate_paths([workspace]).findings if f.category != "lint"]
    assert finding.line == 1 and "lacks metric, scope, date, value" in finding.message


def test_a_trailing_comma_is_no_extra_cell(workspace):
    data = workspace / "data" / "metrics.csv"
    data.write_text(data.read_text() + "logo-churn,social-media-manager,2026-10-31,13.9,\n")
    assert [f for f in validate_paths([workspace]).findings if f.category != "lint"] == []


def test_extra_columns_and_blank_lines_are_fine(workspace):
    data = workspace / "data" / "metrics.csv"
    text = data.read_text().replace("metric,scope,date,value", "metric,scope,date,value,note")
    data.write_text(
        text
        + "\nsupport-csat,social-media-manager/failed-publish,2026-10-31,93,October post-chat survey\n"
    )
    assert validate_paths([workspace]).findings == []


def test_measurements_are_read_by_journey_and_metric_in_date_order():
    (workspace,) = load_workspaces([EXAMPLES / "brightpost"])
    dataset, findings = load_dataset(workspace)
    assert findings == []
    series = dataset.series("social-media-manager", "problem-search-traffic")
    assert [m.date.isoformat() for m in series][:2] == ["2024-12-31", "2025-03-31"]
    assert [m.value for m in series][-1] == 18600
    latest = dataset.latest("employee-csm", "enps")
    assert latest is not None and latest.line > 1 and latest.path.endswith("metrics.csv")


def test_old_text_targets_still_load_and_numbers_are_compared_by_direction(tmp_path):
    from journeymap.lint.rules.action import direction, on_target

    path = tmp_path / "j.yaml"
    path.write_text(
        "kind: journey\nid: j\ntitle: J\nstages:\n  - id: s\n    name: S\n    metrics:\n"
        "      - {id: old, name: Old, target: '> 45'}\n"
        "      - {id: churn, name: Churn, direction: down, target: 9}\n"
        "      - {id: nps, name: NPS, baseline: 31, target: 45}\n"
    )
    result = load_document(path)
    assert result.findings == []
    old, churn, nps = result.document.model.stages[0].metrics
    assert old.target == "> 45" and on_target(old, 50) is None
    assert (on_target(churn, 8.5), on_target(churn, 14)) == (True, False)
    assert direction(nps) == "up" and on_target(nps, 45) is True
    assert isinstance(nps, Metric) and on_target(nps, 44.9) is False
