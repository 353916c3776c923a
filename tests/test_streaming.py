"""Big runs are checked in batches (journeymap.streaming) and report exactly what a
run that holds the whole workspace reports: every finding, position and hint."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import journeymap.streaming
import journeymap.workspace
from journeymap import fastyaml
from journeymap.document import load_document
from journeymap.validate import validate_paths
from test_bench_smoke import _load
from test_partial import BROKEN, FILES, LINKED, LINKS, RENAMES, make

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def report(run) -> list[tuple]:
    """Everything a reporter shows of a run."""
    return [
        (f.path, f.line, f.column, f.code, f.severity, f.message, f.hint, f.where, f.pointer)
        for f in run.findings
    ] + [(run.files, run.documents, run.exit_code())]


@pytest.fixture
def batches(monkeypatch):
    """Run with a batch size; returns how many batches the last run checked."""
    built: list[int] = []
    real = journeymap.streaming._part

    def counting(*args):
        part = real(*args)
        if part is not None:
            built.append(len(part.targets))
        return part

    monkeypatch.setattr(journeymap.streaming, "_part", counting)

    def run(paths, size: int, jobs: int = 1):
        built.clear()
        monkeypatch.setattr(journeymap.workspace, "STREAM_FILES", size)
        monkeypatch.setattr(journeymap.streaming, "STREAM_FILES", size)
        return validate_paths(paths, jobs=jobs), list(built)

    return run


EARLY_FUTURE = {
    ("journeys/0-future.yaml" if name == "journeys/f-future.yaml" else name): text
    for name, text in LINKED.items()
}
"""The future state before its current state in file order (checked in a later batch)."""


@pytest.mark.parametrize(
    "files",
    [FILES, {**FILES, **BROKEN}, LINKED, EARLY_FUTURE],
    ids=["loads", "a-file-broken", "linked", "future-first"],
)
@pytest.mark.parametrize("size", [1, 2, 3])
def test_batches_report_what_a_whole_run_reports(tmp_path, monkeypatch, batches, files, size):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", files)
    whole, none = batches([root], 10_000)
    assert none == []  # small enough to hold: not streamed
    streamed, built = batches([root], size)
    assert len(built) > 1 and max(built) <= size
    assert report(streamed) == report(whole)
    if files in (LINKED, EARLY_FUTURE):  # a future state and its current state apart
        assert "JM602" in {f.code for f in streamed.findings}


@pytest.mark.parametrize(
    "config",
    [
        "files: ['journeys/*.yaml', 'personas/*.yaml']\n",  # messaging/ unlisted (JM005)
        "lint: {select: [JM999]}\nteams: {cx: CX}\n",  # a config error: lint is skipped
        "teams: [not, a, mapping]\n",
    ],
    ids=["unlisted", "bad-selector", "bad-config"],
)
def test_config_findings_are_reported_once(tmp_path, monkeypatch, batches, config):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", LINKED)
    (root / "messaging").mkdir()
    (root / "messaging" / "core.yaml").write_text(FILES["messaging/core.yaml"])
    (root / "journeymap.yaml").write_text(config)
    whole, _ = batches([root], 10_000)
    streamed, built = batches([root], 2)
    assert len(built) > 1
    assert report(streamed) == report(whole)
    assert any(f.path == "ws/journeymap.yaml" for f in whole.findings)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("personas/sam.yaml", "id: sam", "id: samantha"),
        ("journeys/d-csm.yaml", "id: prep", "id: prepare"),
        ("journeys/a-buyer.yaml", "id: buyer", "id: buyer-2026"),
    ],
)
def test_a_renamed_id_fails_where_other_files_use_it_in_batches_too(
    tmp_path, monkeypatch, batches, name, old, new
):
    """pre-commit passes the renamed file alone; the files still using the old id are
    reported wherever they are, also when the run is checked in batches."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", LINKS)
    (root / name).write_text((root / name).read_text().replace(old, new, 1))
    whole, _ = batches([root / name], 10_000)
    streamed, built = batches([root / name], 2)
    assert built  # the renamed id made the run load every file: in batches here
    assert whole.exit_code() == 2
    assert report(streamed) == report(whole)


@pytest.mark.parametrize("checked", ["journeys/marketing-director.yaml", "."])
def test_data_file_findings_are_reported_once_in_batches(tmp_path, monkeypatch, batches, checked):
    """The data file is no batch's own file: its rows are reported once, as a whole run
    reports them, also when a one-file run loads the workspace in batches."""
    workspace = tmp_path / "brightpost"
    shutil.copytree(EXAMPLES / "brightpost", workspace)
    journey = workspace / "journeys" / "marketing-director.yaml"
    old, new = RENAMES["journey"]
    journey.write_text(journey.read_text().replace(old, new, 1))
    monkeypatch.chdir(tmp_path)
    whole, _ = batches([workspace / checked], 10_000)
    streamed, _ = batches([workspace / checked], 2)
    assert report(streamed) == report(whole)
    assert sum(f.path == "brightpost/data/metrics.csv" for f in whole.findings) == 16


def test_generated_maps_with_findings(tmp_path, monkeypatch, batches):
    generate = _load("generate")
    root = generate.generate_workspace(tmp_path / "ws", 12, seed=5, findings=True).root
    (root / "journeys" / "zz-broken.yaml").write_text("kind: journey\nid: [broken\n")
    monkeypatch.chdir(tmp_path)
    whole, _ = batches([root], 10_000)
    streamed, built = batches([root], 4)
    assert len(built) == 6
    assert report(streamed) == report(whole)
    assert len(whole.findings) > 12 * 10
    in_workers, built = batches([root], 4, jobs=2)  # files parsed in worker processes
    assert len(built) == 6
    assert report(in_workers) == report(whole)


def test_a_kind_without_summaries_loads_the_whole_workspace(tmp_path, monkeypatch, batches):
    """The examples hold a backlog: it is checked against every journey in full."""
    workspace = tmp_path / "brightpost"
    shutil.copytree(EXAMPLES / "brightpost", workspace)
    monkeypatch.chdir(tmp_path)
    whole, _ = batches([workspace], 10_000)
    streamed, built = batches([workspace], 2)
    assert report(streamed) == report(whole)
    if not set(journeymap.streaming.SUMMARISED_KINDS) >= {"backlog"}:
        assert built == []


def test_a_kept_file_finds_the_same_positions(tmp_path, monkeypatch):
    """A loaded file survives the pickled, compressed keeping with its positions."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", LINKED)
    for name in LINKED:
        for warm in (fastyaml.WARM_UP, 0):  # the fast path, then libyaml
            monkeypatch.setattr(fastyaml, "_warm", warm)
            result = load_document(root / name, display=name)
            assert result.document is not None
            assert result.document.source._fast is (warm > 0 and fastyaml.available())
            kept = journeymap.streaming.stash(result)
            assert isinstance(kept, bytes)
            again = journeymap.streaming.unstash(kept)
            assert again.document is not None and result.document is not None
            assert again.document.model == result.document.model
            for pointer in [("id",), ("stages", 0, "steps", 0, "name"), ("stages", 0, "id")]:
                for key in (False, True):
                    assert again.document.locate(pointer, key=key) == result.document.locate(
                        pointer, key=key
                    )
            assert pickle.loads(pickle.dumps(again)).findings == result.findings
