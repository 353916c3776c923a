"""Hostile `data:` CSV files: every bad file is one located line, or inert output (issue #14).

| case | input | must produce |
| --- | --- | --- |
| formula-cell | `=HYPERLINK(...)` as a metric, `+1`/`@SUM` as a value | exit 2, located, the cell quoted as text |
| huge-sparse | a 1 GB sparse CSV | exit 2, size limit, not read, memory bounded |
| nul-byte | a NUL byte in a row | exit 2, NUL byte at line:col |
| wrong-encoding | Latin-1 and UTF-16 files | exit 2, save as UTF-8, located |
| terminal-escape | an ANSI escape in a cell | no escape byte reaches the output |
| outside-workspace | `data: [../secret.csv]` | exit 2, refused, the file is never read |
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_catalogue import assert_clean_failure, digest, run

from conftest import EXAMPLES

HEADER = "metric,scope,date,value\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "brightpost", root)
    return root


def _csv(root: Path, text: str | bytes) -> Path:
    path = root / "data" / "metrics.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_formula_cells_are_errors_quoted_as_text(workspace, tmp_path):
    _csv(
        workspace,
        HEADER
        + '"=HYPERLINK(""http://evil"",""x"")",social-media-manager,2026-09-30,14\n'
        + "logo-churn,social-media-manager,2026-09-30,+1+cmd|' /C calc'!A0\n"
        + "logo-churn,social-media-manager,2026-09-30,@SUM(A1)\n",
    )
    outcome = run("validate", cwd=workspace, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"data/metrics.csv:2: JM004 .*has no metric '=HYPERLINK\(\"http://evil\""
    )
    assert "data/metrics.csv:3: JM002 error value \"+1+cmd|' /C calc'!A0\" is not a number" in (
        outcome.stdout
    )
    assert "data/metrics.csv:4: JM002 error value '@SUM(A1)' is not a number" in outcome.stdout


def test_a_1_gb_sparse_csv_is_refused_without_reading_it(workspace, tmp_path):
    path = workspace / "data" / "metrics.csv"
    with path.open("wb") as handle:
        handle.truncate(1024**3)
    before = digest([path])
    outcome = run("validate", cwd=workspace, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"data/metrics.csv: JM001 .*larger than the limit")
    assert digest([path]) == before


def test_a_nul_byte_is_located(workspace, tmp_path):
    _csv(workspace, (HEADER + "logo-churn,social-media-manager,2026-09-30,1\0 4\n").encode())
    outcome = run("validate", cwd=workspace, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"data/metrics.csv:2:\d+: JM001 .*NUL byte")


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        (
            (HEADER + "nps,social-media-manager,2026-09-30,31 \xb1 2\n").encode("latin-1"),
            r"data/metrics.csv:2:\d+: JM001 .*invalid UTF-8 byte 0xb1; save the file as UTF-8",
        ),
        (
            (HEADER + "nps,social-media-manager,2026-09-30,31\n").encode("utf-16"),
            r"data/metrics.csv:1:1: JM001 .*UTF-16 encoded; save it as UTF-8",
        ),
    ],
    ids=["latin-1", "utf-16"],
)
def test_a_wrong_encoding_is_named(workspace, tmp_path, raw, pattern):
    _csv(workspace, raw)
    assert_clean_failure(run("validate", cwd=workspace, tmp=tmp_path), 2, pattern)


def test_terminal_escapes_in_a_cell_stay_inert(workspace, tmp_path):
    _csv(workspace, HEADER + "logo-churn,social-media-manager,2026-09-30,\x1b[31m14\n")
    outcome = run("validate", cwd=workspace, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"data/metrics.csv:2: JM002 .*is not a number")
    assert "\x1b" not in outcome.output


def test_a_data_path_outside_the_workspace_is_refused(workspace, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text(HEADER + "password,hunter2,2026-01-01,1\n")
    config = workspace / "journeymap.yaml"
    config.write_text(config.read_text().replace("  - data/metrics.csv", "  - ../secret.csv"))
    outcome = run("validate", cwd=workspace, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"journeymap.yaml:\d+:\d+: JM004 .*no data file '../secret.csv' inside"
    )
    assert "hunter2" not in outcome.output
