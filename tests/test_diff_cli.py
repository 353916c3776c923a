"""``journeymap diff`` on the command line: formats, output files, --fail-on and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def pair(examples: Path) -> tuple[str, str]:
    return str(examples / "refresh/2025"), str(examples / "refresh/2026")


def test_text_report_and_exit_code(cli, pair) -> None:
    result = cli("diff", *pair)
    assert result.exit_code == 1
    assert "stage receive-order · Get access & set up sign-in" in result.stdout
    assert "step-moved: Step 'Connects SCIM provisioning" in result.stdout
    assert result.stderr == ""


def test_self_diff_exits_zero(cli, pair) -> None:
    result = cli("diff", pair[1], pair[1], "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changes"] == []


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ("any", 1),
        ("none", 0),
        ("removed", 1),
        ("emotion-worsened", 1),
        ("document-removed", 0),
        ("document-added,stage-removed", 0),
        ("document-added,moment-of-truth-lost", 1),
        ("warning", 1),
    ],
)
def test_fail_on_selects_what_fails(cli, pair, fail_on: str, code: int) -> None:
    result = cli("diff", *pair, "--summary", "--fail-on", fail_on)
    assert result.exit_code == code, result.stderr


def test_summary_is_counts_only(cli, pair) -> None:
    result = cli("diff", *pair, "--summary", "--format", "json")
    data = json.loads(result.stdout)
    assert "changes" not in data
    # two steps moved in the journey, two opportunities re-targeted in the backlog
    assert data["summary"]["by_category"]["moved"] == 4
    text = cli("diff", *pair, "--summary").stdout
    assert "step-moved" not in text and "emotion-worsened  4" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail-on", "removd"], "unknown selector 'removd'"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_usage_errors_are_one_line(cli, pair, args: list[str], message: str) -> None:
    result = cli("diff", *pair, *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_missing_new_is_a_usage_error(cli, pair) -> None:
    result = cli("diff", pair[0])
    assert result.exit_code == 2 and "give OLD and NEW" in result.stderr


def test_broken_input_names_file_line_and_column(cli, write, tmp_path: Path, pair) -> None:
    write(
        "bad/j.yaml",
        "kind: journey\nid: j\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - {id: a, name: A, emotion: 5}\n",
    )
    result = cli("diff", pair[0], str(tmp_path / "bad"))
    assert result.exit_code == 2
    assert "j.yaml:8:" in result.stderr and "emotion" in result.stderr


def test_output_file_is_written_and_never_replaced_silently(cli, pair, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    first = cli("diff", *pair, "--format", "html", "-o", str(out))
    assert first.exit_code == 1 and first.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = cli("diff", *pair, "--format", "markdown", "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    forced = cli("diff", *pair, "--format", "markdown", "-o", str(out), "--force")
    assert forced.exit_code == 1 and out.read_text(encoding="utf-8").startswith("## ")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp files left


def test_output_never_overwrites_an_input(cli, write, tmp_path: Path) -> None:
    old = write("a/j.yaml", "kind: persona\nid: p\nname: Sam\n")
    write("b/j.yaml", "kind: persona\nid: p\nname: Sam B\n")
    before = old.read_text()
    result = cli("diff", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(old), "--force")
    assert result.exit_code == 2 and "is an input file of this workspace" in result.stderr
    assert old.read_text() == before
