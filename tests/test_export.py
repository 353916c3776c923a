"""`journeymap export backlog` (issue #14): the opportunities for a tracker, formula-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from journeymap.export import safe_cell


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "bp"
    shutil.copytree(EXAMPLES / "brightpost", root)
    return root


def test_csv_has_one_row_per_opportunity_with_latest_value_and_target(cli):
    result = cli("export", "backlog", EXAMPLES / "brightpost", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 15
    row = next(r for r in rows if r["id"] == "failure-alerts")
    assert (row["owner"], row["status"], row["metric"]) == ("product", "in-progress", "logo-churn")
    assert (row["latest"], row["latest_date"], row["target"], row["on_target"]) == (
        "14",
        "2026-09-30",
        "9",
        "no",
    )
    assert row["journeys"] == "social-media-manager"
    assert (
        row["addresses"] == "social-media-manager/missed-post; social-media-manager/failed-publish"
    )
    employee = [r for r in rows if "employee-csm" in r["journeys"]]
    assert {r["owner"] for r in employee} >= {"talent-acquisition", "enablement"}


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tleading tab", "'\tleading tab"),
        ("\rcarriage return", "'\rcarriage return"),
        ("Plain title", "Plain title"),
        (-3, "-3"),
        (4.5, "4.5"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_prefixed(text, cell):
    assert safe_cell(text) == cell


def test_formulas_in_the_yaml_reach_the_csv_as_text(cli, workspace):
    backlog = workspace / "backlog" / "cx-backlog.yaml"
    text = backlog.read_text()
    text = text.replace(
        "title: Warn before a post fails, and name the page and the fix when it does",
        'title: \'=HYPERLINK("http://evil.example","click")\'',
    ).replace(
        "problem: Posts fail silently when a channel token expires; customers hear about it "
        "from their own audience",
        "problem: '@SUM(1+1)*cmd|'' /C calc''!A0 Posts fail silently'",
    )
    backlog.write_text(text)
    result = cli("export", "backlog", workspace)
    assert result.exit_code == 0, result.stderr
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["id"] == "failure-alerts")
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["problem"].startswith("'@SUM(1+1)")
    for cell in (c for r in csv.reader(io.StringIO(result.stdout)) for c in r):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_markdown_and_json(cli):
    markdown = cli("export", "backlog", EXAMPLES / "brightpost", "-f", "markdown").stdout
    lines = markdown.splitlines()
    assert lines[0].startswith("| Opportunity | Status | Owner |") and len(lines) == 17
    data = json.loads(cli("export", "backlog", EXAMPLES / "brightpost", "-f", "json").stdout)
    assert data["schema_version"] == 1
    done = {o["id"]: o for o in data["opportunities"] if o["status"] == "done"}
    assert set(done) == {"never-miss-a-post-campaign", "hire-through-peers"}
    assert done["hire-through-peers"]["latest"] == 11 and done["hire-through-peers"]["on_target"]


def test_markdown_cells_cannot_break_the_table(cli, workspace):
    backlog = workspace / "backlog" / "cx-backlog.yaml"
    backlog.write_text(
        backlog.read_text().replace(
            "title: Warn before a post fails, and name the page and the fix when it does",
            "title: 'A | B <script>x</script> [link](http://x)'",
        )
    )
    markdown = cli("export", "backlog", workspace, "-f", "markdown").stdout
    line = next(line for line in markdown.splitlines() if "A \\| B" in line)
    assert line.count(" | ") == 9  # ten cells, the pipe in the title escaped
    assert "<script>" not in markdown and "\\[link\\]" in markdown


def test_output_file_is_written_once_and_never_over_an_input(cli, workspace, tmp_path):
    target = tmp_path / "backlog.csv"
    first = cli("export", "backlog", workspace, "-o", target)
    assert first.exit_code == 0 and target.read_text().startswith("id,title,status")
    again = cli("export", "backlog", workspace, "-o", target)
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr
    assert cli("export", "backlog", workspace, "-o", target, "--force").exit_code == 0
    source = workspace / "backlog" / "cx-backlog.yaml"
    before = source.read_bytes()
    refused = cli("export", "backlog", workspace, "-o", source, "--force")
    assert refused.exit_code == 2 and "is an input file of this workspace" in refused.stderr
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [(["tasks"], "unknown export 'tasks'"), (["backlog", "-f", "xlsx"], "--format")],
)
def test_usage_errors_are_one_line(cli, args, message):
    result = cli("export", *args, EXAMPLES / "brightpost")
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_moments_of_truth_answers_what_we_do_about_the_worst_moments(cli):
    result = cli("export", "backlog", EXAMPLES / "brightpost", "--moments-of-truth", "-f", "json")
    rows = json.loads(result.stdout)["opportunities"]
    # every opportunity on a moment of truth or a low point, the worst moment first
    assert rows[0]["moments"][0] == "employee-csm/inherits-book (emotion -2, moment of truth)"
    assert all(row["moments"] for row in rows)
    ids = [row["id"] for row in rows]
    assert ids.index("failure-alerts") < ids.index("keep-your-trial")
    assert "integration-and-partner-directory" not in ids  # it addresses no low point
    table = cli(
        "export", "backlog", EXAMPLES / "brightpost", "--moments-of-truth", "-f", "markdown"
    )
    assert table.stdout.startswith("| Moments of truth and low points | Opportunity |")
