"""Each output format, tested by parsing what it writes: JSON loads, SARIF validates
against the OASIS 2.1.0 schema, GitHub lines follow the workflow-command syntax,
text has colour only on a terminal without NO_COLOR, the progress bar only on a TTY."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from journeymap.findings import Finding
from journeymap.lint.registry import all_rules
from journeymap.report.formats import render_failure
from journeymap.report.github import annotation, escape_data, escape_property, render_github
from journeymap.report.progress import progress_bar
from journeymap.report.sarif import relative_to_root, sarif_log, source_root
from journeymap.report.text import render_text

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "data" / "broken"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
ANSI = re.compile(r"\x1b\[")
GITHUB_COMMAND = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:]+)(?:,line=(?P<line>\d+)(?:,col=(?P<col>\d+))?)?,title=(?P<title>[^,:]+)"
    r"::(?P<message>.+)$"
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_output_loads_and_matches_the_documented_schema(cli):
    result = cli("validate", BROKEN, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert set(report) == {"schema_version", "tool", "summary", "findings"}
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "journeymap"
    assert report["summary"] == {
        "files": 3,
        "findings": 7,
        "error": 3,
        "warning": 4,
        "info": 0,
    }
    keys = {
        "path",
        "line",
        "column",
        "code",
        "rule",
        "severity",
        "category",
        "message",
        "hint",
        "pointer",
        "where",
    }
    by_code = {
        finding["code"]: finding
        for finding in report["findings"]
        if finding["path"].endswith("buyer.yaml") or finding["code"] == "JM002"
    }
    assert all(set(finding) == keys for finding in report["findings"])
    assert by_code["JM301"]["rule"] == "stage-without-owner"
    assert by_code["JM301"]["pointer"] == "stages[1]"
    assert (by_code["JM301"]["line"], by_code["JM301"]["column"]) == (14, 5)
    assert by_code["JM002"]["category"] == "schema"
    assert by_code["JM004"]["category"] == "reference"
    assert by_code["JM004"]["hint"].startswith("Did you mean 'sam'? Or create ")
    assert by_code["JM004"]["pointer"] == "personas[0]"
    assert by_code["JM004"]["where"] == "personas #1"
    assert by_code["JM002"]["pointer"] == "stages[0].steps[0].emotoin"
    assert by_code["JM002"]["where"] == "stage 'Need something' › step 'Notices the gap' › emotoin"
    assert by_code["JM002"]["message"].startswith(by_code["JM002"]["where"] + ": unknown key")


def test_json_output_for_a_clean_workspace(cli, examples):
    report = json.loads(cli("validate", examples / "brightpost", "-f", "json").stdout)
    assert report["findings"] == []
    assert report["summary"]["findings"] == 0


def test_github_output_follows_the_workflow_command_syntax(cli):
    result = cli("validate", BROKEN, "--format", "github")
    *commands, summary = result.stdout.splitlines()
    assert len(commands) == 7
    parsed = [GITHUB_COMMAND.match(line) for line in commands]
    assert all(parsed), commands
    levels = sorted(match["level"] for match in parsed if match)
    assert levels == ["error"] * 3 + ["warning"] * 4
    titles = {match["title"] for match in parsed if match}
    assert "JM301 stage-without-owner" in titles
    assert summary.startswith("Found 3 errors, 4 warnings")


def test_github_output_escapes_data_and_properties():
    finding = Finding(
        path="maps/a,b:c.yaml",
        message="100% wrong\nsecond line",
        code="JM203",
        severity="info",
        category="lint",
        line=3,
        column=7,
        hint="look again",
    )
    line = annotation(finding)
    assert line == (
        "::notice file=maps/a%2Cb%3Ac.yaml,line=3,col=7,title=JM203 rosy-emotion-curve"
        "::100%25 wrong%0Asecond line%0Ahint: look again"
    )
    assert "\n" not in line
    stream = io.StringIO()
    render_github([finding], 1, stream)
    assert stream.getvalue().splitlines()[0] == line


def test_sarif_output_validates_against_the_sarif_schema(cli):
    result = cli("validate", BROKEN, "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in all_rules()]
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)
    assert len(run["results"]) == 7
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("tests/data/broken/")
        assert location["region"]["startLine"] >= 1


@pytest.mark.parametrize(
    "args",
    [("no-such-folder",), (BROKEN, "--select", "JM1O6")],
    ids=["missing-path", "unknown-selector"],
)
def test_a_run_that_cannot_start_still_writes_a_sarif_log_that_says_so(cli, args):
    """A CI step that uploads the SARIF file with `if: always()` gets a valid log that
    carries the error, not an empty file; the exit code and the stderr line stay."""
    result = cli("validate", *args, "--format", "sarif")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("journeymap: ")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    assert run["results"] == []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == line.removeprefix("journeymap: ")


def test_a_run_that_cannot_start_still_writes_a_json_report_that_says_so(cli):
    result = cli("validate", BROKEN, "--select", "JM1O6", "--format", "json")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1 and report["summary"]["error"] == 1
    (finding,) = report["findings"]
    assert report["error"] == finding  # never read as a clean run
    assert finding["path"] == "--select" and "did you mean 'JM106'?" in finding["message"]
    assert line == f"journeymap: --select: {finding['message']}"


@pytest.mark.parametrize(
    ("args", "path"),
    [(("no-such-folder",), "no-such-folder"), ((BROKEN, "--select", "JM1O6"), "--select")],
    ids=["missing-path", "unknown-selector"],
)
def test_a_run_that_cannot_start_still_writes_one_github_annotation(cli, args, path):
    """Actions shows stdout's workflow commands as annotations, not the stderr line: the
    error that stopped the run is one ``::error`` there too. It names no file (there is
    none to attach it to), so the message starts with what was wrong."""
    result = cli("validate", *args, "--format", "github")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"journeymap: {path}: ")
    (command,) = result.stdout.splitlines()
    assert command == (
        f"::error title=JM001 unreadable-yaml::{escape_data(line.removeprefix('journeymap: '))}"
    )


def test_a_located_error_that_stops_the_run_is_a_github_annotation_on_its_file(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "journeymap.yaml").write_text("files: ['**/*.yaml']\n")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a,b.yaml").write_text("kind: persona\n")
    finding = Finding(
        path="maps/a,b.yaml", message="nested too deep", line=3, column=7, hint="flatten it"
    )
    stream = io.StringIO()
    render_failure("github", finding, stream)
    root = source_root(tmp_path)
    shown = relative_to_root(str(tmp_path / "maps" / "a,b.yaml"), root)
    assert shown is not None and shown.endswith("maps/a,b.yaml")
    assert stream.getvalue() == (
        f"::error file={escape_property(shown)},line=3,col=7,title=JM001 unreadable-yaml"
        "::nested too deep%0Ahint: flatten it\n"
    )


def test_sarif_without_positions_and_with_odd_paths_still_validates():
    findings = [
        Finding(path="/abs/dir with space/x.yaml", message="cannot read"),
        Finding(path="rel/ü.yaml", message="m", code="JM401", category="lint", line=2),
    ]
    log = sarif_log(findings)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    first, second = log["runs"][0]["results"]
    assert "region" not in first["locations"][0]["physicalLocation"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "file:///abs/dir%20with%20space/x.yaml"
    )
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}


def test_sarif_schema_rejects_a_broken_log():
    log = sarif_log([Finding(path="x.yaml", message="m", line=1, column=1)])
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)


FINDING = Finding(
    path="a.yaml", message="m", code="JM201", severity="warning", category="lint", line=1
)


def test_text_has_no_colour_when_not_a_terminal(cli):
    result = cli("validate", BROKEN)
    assert not ANSI.search(result.stdout)
    stream = io.StringIO()
    render_text([FINDING], 1, stream)
    assert not ANSI.search(stream.getvalue())


def test_text_colour_on_a_terminal_unless_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = Terminal()
    render_text([FINDING], 1, stream)
    assert ANSI.search(stream.getvalue())
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    render_text([FINDING], 1, stream)
    assert not ANSI.search(stream.getvalue())
    assert "a.yaml:1: JM201 warning m" in stream.getvalue()


def test_progress_bar_only_on_a_terminal_and_for_many_files():
    with progress_bar(io.StringIO()) as progress:
        assert progress is None
    stream = Terminal()
    with progress_bar(stream) as progress:
        assert progress is not None
        for done in range(1, 6):
            progress(done, 5)
    assert stream.getvalue() == ""
    stream = Terminal()
    with progress_bar(stream) as progress:
        assert progress is not None
        for done in range(1, 31):
            progress(done, 30)
    assert "Validating" in stream.getvalue()


def test_validate_reports_progress_per_file(tmp_path):
    from journeymap.validate import validate_paths

    for index in range(3):
        (tmp_path / f"p{index}.yaml").write_text(f"kind: persona\nid: p{index}\nname: P\n")
    calls: list[tuple[int, int]] = []
    validate_paths([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
