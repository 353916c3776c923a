"""SARIF for GitHub code scanning: repository-relative URIs, fingerprints, rule help, clamped lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from journeymap.findings import Finding
from journeymap.report.sarif import FINGERPRINT, sarif_log, source_root

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
PERSONA = "kind: persona\nid: sam\nname: Sam\nemotion: 1\n"


def sarif(*args: str | Path, cwd: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "journeymap", "validate", *map(str, args), "--format", "sarif"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    log = json.loads(completed.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


def locations(log: dict) -> list[dict]:
    return [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_uris_are_relative_to_the_repository_root_not_the_current_directory(tmp_path):
    repo = tmp_path / "repo"
    (repo / "maps" / "personas").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "maps" / "personas" / "sam.yaml").write_text(PERSONA)
    log = sarif("personas", cwd=repo / "maps")
    (location,) = locations(log)
    assert location["artifactLocation"] == {
        "uri": "maps/personas/sam.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == (repo.resolve().as_uri() + "/")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_github_annotations_name_files_from_the_repository_root_too(tmp_path):
    """A workflow step with `working-directory: maps` (or `validate ../maps`): GitHub
    attaches an annotation to a file of the pull request only by its path from the
    repository root, as SARIF names it."""
    repo = tmp_path / "repo"
    (repo / "maps" / "personas").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "maps" / "personas" / "sam.yaml").write_text(PERSONA)
    (repo / "tools").mkdir()
    for args, cwd in [(["personas"], repo / "maps"), (["../maps"], repo / "tools")]:
        completed = subprocess.run(
            [sys.executable, "-m", "journeymap", "validate", *args, "--format", "github"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        (command, _summary) = completed.stdout.splitlines()
        assert command.startswith("::error file=maps/personas/sam.yaml,line=4,col=1,"), command
        assert completed.returncode == 2


def test_outside_git_uris_are_relative_to_the_workspace_root(tmp_path):
    workspace = tmp_path / "ws"
    (workspace / "personas").mkdir(parents=True)
    (workspace / "journeymap.yaml").write_text("files: ['**/*.yaml']\n")
    (workspace / "personas" / "sam.yaml").write_text(PERSONA)
    if source_root(workspace) != workspace.resolve():
        pytest.skip("the temporary directory lies inside a git work tree")
    (location,) = locations(sarif(".", cwd=workspace / "personas"))
    assert location["artifactLocation"]["uri"] == "personas/sam.yaml"


def test_fingerprints_do_not_change_when_lines_move(tmp_path):
    source = tmp_path / "sam.yaml"
    source.write_text(PERSONA)
    before = sarif_log(
        [Finding(path=str(source), message="m", line=4, column=1, pointer=("emotion",))],
        root=tmp_path,
    )
    moved = sarif_log(
        [Finding(path=str(source), message="m", line=9, column=1, pointer=("emotion",))],
        root=tmp_path,
    )
    other = sarif_log(
        [Finding(path=str(source), message="m", line=4, column=1, pointer=("name",))],
        root=tmp_path,
    )

    def print_of(log: dict) -> str:
        return log["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT]

    assert print_of(before) == print_of(moved) != print_of(other)


def test_start_line_is_clamped_to_the_file(tmp_path):
    source = tmp_path / "sam.yaml"
    source.write_text(PERSONA)  # 4 lines
    log = sarif_log(
        [
            Finding(path=str(source), message="past the end", line=99, column=0),
            Finding(path=str(source), message="before the start", line=0),
        ],
        root=tmp_path,
    )
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    regions = [loc["region"] for loc in locations(log)]
    assert regions == [{"startLine": 4, "startColumn": 1}, {"startLine": 1}]


def test_rule_help_carries_the_documentation_with_examples():
    log = sarif_log([], root=ROOT)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    help_ = rules["JM201"]["help"]
    assert "FAIL:" in help_["text"] and "PASS:" in help_["text"]
    assert "**FAIL:**" in help_["markdown"] and "```yaml" in help_["markdown"]
    assert help_["markdown"].count("```") % 2 == 0
    assert "**Fix:**" in help_["markdown"]


def test_a_document_from_standard_input_is_at_dev_stdin(tmp_path):
    """`validate -` has no file: the artifact is standard input itself, not a file called
    `<stdin>` (percent-encoded) in the repository, and its lines are not clamped to a
    file of that name."""
    (tmp_path / "<stdin>").write_text("a file of that name must not be counted\n")
    completed = subprocess.run(
        [sys.executable, "-m", "journeymap", "validate", "-", "--format", "sarif"],
        cwd=tmp_path,
        input="kind: persona\nid: sam\nname: Sam\n\n\nemotion: 1\n",
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert completed.returncode == 2
    log = json.loads(completed.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (location,) = locations(log)
    assert location["artifactLocation"] == {
        "uri": "file:///dev/stdin",
        "description": {"text": "standard input"},
    }
    assert location["region"] == {"startLine": 6, "startColumn": 1}
