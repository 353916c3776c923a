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
from journeymap.model.config import Limits
from journeymap.schema_errors import Known
from journeymap.validate import validate_paths
from lint_helpers import JOURNEY, MESSAGING, PERSONA, make_workspace
from test_bench_smoke import _load
from test_partial import BROKEN, FILES, LINKED, LINKS, RENAMES, _journey, make

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


PRUNED = {
    "journeys/pruned.yaml": _journey(
        "pruned",
        "      - id: ok\n        name: Works\n        next:\n          - gone\n"
        "      - id: bad\n        name: Too happy\n        emotion: 9\n"
        "      - id: ok\n        name: Works again\n",
    )
}
"""A journey whose schema error prunes a step (a partial document), with a duplicate step id."""


@pytest.fixture(params=["libyaml", "fast"])
def reader(request, monkeypatch):
    """Which parser reads the files: a file read by the fast path is kept as its plain
    data (``streaming.Plain``), one read by libyaml as its pickled models."""
    assert fastyaml.available()  # CI installs the fast extra (the test extra holds it)
    monkeypatch.setattr(fastyaml, "_warm", fastyaml.WARM_UP if request.param == "fast" else 0)
    return request.param


@pytest.mark.parametrize(
    "files",
    [FILES, {**FILES, **BROKEN, **PRUNED}, LINKED, EARLY_FUTURE],
    ids=["loads", "a-file-broken", "linked", "future-first"],
)
@pytest.mark.parametrize("size", [1, 2, 3])
def test_batches_report_what_a_whole_run_reports(
    tmp_path, monkeypatch, batches, reader, files, size
):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", files)
    whole, none = batches([root], 10_000)
    assert none == []  # small enough to hold: not streamed
    streamed, built = batches([root], size)
    assert len(built) > 1 and max(built) <= size
    assert report(streamed) == report(whole)
    if files in (LINKED, EARLY_FUTURE):  # a future state and its current state apart
        assert "JM602" in {f.code for f in streamed.findings}
    # The first streamed run cached every file's summary: the next one reads each file
    # only when its batch comes, and reports the same.
    read_early = count_early_reads(monkeypatch)
    again, built = batches([root], size)
    assert read_early == [] and len(built) > 1
    assert report(again) == report(whole)


def count_early_reads(monkeypatch) -> list[str]:
    """The files a streamed run reads before its batches (those the cache does not hold)."""
    read: list[str] = []
    real = journeymap.streaming.load_keeping

    def counting(task):
        read.append(task[2])
        return real(task)

    monkeypatch.setattr(journeymap.streaming, "load_keeping", counting)
    return read


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("journeys/admin.yaml", "markting", "cx"),  # a finding goes
        ("journeys/admin.yaml", "id: admin", "id: admin-2027"),  # an id others may use
        ("personas/sam.yaml", "id: sam", "id: samantha"),  # a persona journeys use
    ],
)
def test_a_file_changed_since_the_cache_is_read_before_the_batches(
    tmp_path, monkeypatch, batches, reader, name, old, new
):
    """The cache is keyed by content: an edited file is read (and summarised) again,
    the others are not, and the run reports what a whole run of the edited files does."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", {**FILES, **LINKS})
    batches([root], 2)  # fills the cache
    path = root / name
    path.write_text("# edited\n" + path.read_text().replace(old, new, 1))
    whole, _ = batches([root], 10_000)
    read_early = count_early_reads(monkeypatch)
    streamed, built = batches([root], 2)
    assert read_early == [f"ws/{name}"] and len(built) > 1
    assert report(streamed) == report(whole)


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


def test_generated_maps_with_findings(tmp_path, monkeypatch, batches, reader):
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


def test_a_cache_that_lies_changes_no_finding(tmp_path, monkeypatch, batches):
    """A planted cache entry that matches a file's content but not what it holds (here:
    the persona the journeys name, renamed in the file, still there in the cache) is
    found when its file is read in its batch: the run starts again without the cache,
    reports what a whole run does, and rewrites the cache with the truth."""
    import json

    from journeymap.summary import SummaryCache

    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", LINKS)
    batches([root], 2)  # fills the cache
    persona = root / "personas" / "sam.yaml"
    persona.write_text(persona.read_text().replace("id: sam", "id: samantha"))
    stored = root / ".journeymap" / "cache" / "summaries.json"
    cache = json.loads(stored.read_text())
    cache_of = SummaryCache(root, Limits())
    digest = cache_of.digest("personas/sam.yaml", persona)
    entry = cache["files"]["personas/sam.yaml"]
    assert entry[1]["id"] == "sam"
    entry[0], entry[2], entry[3] = digest  # the renamed file's hash and stat, the old id
    stored.write_text(json.dumps(cache))
    whole, _ = batches([root], 10_000)
    assert any(f.code == "JM004" and "sam" in f.message for f in whole.findings)
    streamed, built = batches([root], 2)
    assert len(built) > 1 and report(streamed) == report(whole)
    rewritten = json.loads(stored.read_text())["files"]["personas/sam.yaml"]
    assert rewritten[1]["id"] == "samantha"
    read_early = count_early_reads(monkeypatch)
    again, _ = batches([root], 2)  # the rewritten cache is trusted again
    assert read_early == [] and report(again) == report(whole)


def test_files_named_without_a_config_leave_no_cache(tmp_path, monkeypatch, batches):
    """Without journeymap.yaml there is no workspace to keep a cache in: a big run of
    named files writes nothing into the folder it runs in."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", FILES)
    (root / "journeymap.yaml").unlink()
    files = sorted(root.rglob("*.yaml"))
    whole, _ = batches(files, 10_000)
    for _ in range(2):
        streamed, built = batches(files, 2)
        assert len(built) > 1 and report(streamed) == report(whole)
    assert not (tmp_path / ".journeymap").exists() and not (root / ".journeymap").exists()


def test_a_kind_summaries_leave_out_loads_the_whole_workspace_cached_or_not(
    tmp_path, monkeypatch, batches
):
    """A file of a kind that summaries do not cover, met halfway through the files,
    cached or not: every file is then loaded in full, in order, as a whole run does."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", {**FILES, **LINKS})
    whole, _ = batches([root], 10_000)
    first, _ = batches([root], 2)  # fills the cache
    monkeypatch.setattr(journeymap.streaming, "SUMMARISED_KINDS", frozenset({"journey"}))
    for _ in ("cached", "again"):
        streamed, built = batches([root], 2)
        assert built == []
        assert report(streamed) == report(whole) == report(first)
    shutil.rmtree(root / ".journeymap")
    uncached, built = batches([root], 2)
    assert built == [] and report(uncached) == report(whole)


def test_a_kept_file_finds_the_same_positions(tmp_path, monkeypatch):
    """A loaded file survives its keeping (its plain data when the fast path read it,
    else pickled and compressed) with its model, findings and positions."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", {**LINKED, **PRUNED})
    limits, known = Limits(), Known({}, {})
    for name in [*LINKED, *PRUNED]:
        for warm in (fastyaml.WARM_UP, 0):  # the fast path, then libyaml
            monkeypatch.setattr(fastyaml, "_warm", warm)
            task = (root / name, limits, name, known)
            result, plain = journeymap.streaming.load_keeping(task)
            assert result.document is not None
            assert result.document.source.fast is (warm > 0)
            assert (plain is not None) is (warm > 0 and name not in PRUNED)
            kept = journeymap.streaming.stash(result, task, plain)
            assert isinstance(kept, journeymap.streaming.Plain if plain else bytes)
            again = journeymap.streaming.unstash(kept)
            assert again.document is not None and again.document.partial is (name in PRUNED)
            assert again.findings == result.findings
            assert again.kind == result.kind
            assert again.document is not None and result.document is not None
            assert again.document.model == result.document.model
            for pointer in [("id",), ("stages", 0, "steps", 0, "name"), ("stages", 0, "id")]:
                for key in (False, True):
                    assert again.document.locate(pointer, key=key) == result.document.locate(
                        pointer, key=key
                    )
            assert pickle.loads(pickle.dumps(again)).findings == result.findings


DUPLICATES = {
    **LINKS,
    "journeys/c-review-copy.yaml": LINKS["journeys/b-review.yaml"].replace("Asks", "Asks again"),
    "journeys/z-buyer-copy.yaml": LINKS["journeys/a-buyer.yaml"],
    "personas/sam-copy.yaml": FILES["personas/sam.yaml"],
    "personas/ira.yaml": FILES["personas/ira.yaml"],
}
"""Ids held by two files, in the same batch or in batches apart, first and second; and
a persona no journey uses, which the cross-file rules would report if no file had an
error (the duplicates are errors, so a batch without them must still know of them)."""


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_duplicated_ids_in_batches(tmp_path, monkeypatch, batches, reader, size):
    """A batch whose files hold no duplicated id shares the others' summaries as they
    are (``streaming.Shared``); one that holds one is built file by file: both report
    what a whole run reports, the first file of an id included."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", DUPLICATES)
    whole, _ = batches([root], 10_000)
    streamed, built = batches([root], size)
    assert len(built) > 1
    assert report(streamed) == report(whole)
    assert {f.path for f in whole.findings if f.code == "JM003"} == {
        f"ws/{name}" for name in DUPLICATES if "buyer" in name or "review" in name or "sam" in name
    }


def test_a_file_changed_before_its_batch_is_read_again(tmp_path, monkeypatch, batches):
    """A file kept as its plain data is checked against its text read again; when the
    file changed meanwhile it is loaded again as it is now, so its positions match it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fastyaml, "_warm", fastyaml.WARM_UP)
    root = make(tmp_path / "ws", FILES)
    admin = root / "journeys" / "admin.yaml"
    real = journeymap.streaming.Shared.of

    def edit_after_loading(entries):
        assert any(isinstance(entry.kept, journeymap.streaming.Plain) for entry in entries)
        # The team's name is fixed (its JM004 goes) and the lines move.
        admin.write_text("# reviewed\n" + admin.read_text().replace("markting", "cx"))
        return real(entries)

    monkeypatch.setattr(journeymap.streaming.Shared, "of", edit_after_loading)
    streamed, built = batches([root], 1)
    assert len(built) > 1
    monkeypatch.setattr(journeymap.streaming.Shared, "of", real)
    whole, _ = batches([root], 10_000)  # the edited file, read whole
    assert report(streamed) == report(whole)
    assert any(f.path == "ws/journeys/admin.yaml" and f.line for f in whole.findings)
    assert not any("markting" in f.message for f in streamed.findings)


@pytest.mark.parametrize("broken", ["backlog", "journey"])
@pytest.mark.parametrize("size", [1, 2])
def test_a_broken_file_holds_the_same_rules_in_batches(tmp_path, batches, reader, broken, size):
    """Which cross-file rules wait for a broken file depends on its kind
    (``Rule.reads``): a batch that holds it and one that only has its summary agree."""
    journey = JOURNEY.replace("id: buyer\n", "id: buyer-today\n")
    opportunity = "{id: fix, title: Fix, addresses: [buyer/buy], owner: sales, metric: churn"
    files = {
        "ira.yaml": PERSONA.replace("id: sam", "id: ira"),
        "today.yaml": journey.replace("emotion: 2}", "emotion: 7}")
        if broken == "journey"
        else journey,
        "backlog.yaml": "kind: backlog\nid: cx\nopportunities:\n"
        f"  - {opportunity}, status: dropped}}\n"
        + (
            f"  - {opportunity.replace('fix', 'bad', 1)}, impact: 0}}\n"
            if broken == "backlog"
            else ""
        ),
    }
    root = make_workspace(tmp_path / "ws", JOURNEY, files)
    whole, _ = batches([root], 10_000)
    codes = {f.code for f in whole.findings}
    assert codes == ({"JM002", "JM103"} if broken == "backlog" else {"JM002", "JM501", "JM510"})
    streamed, built = batches([root], size)
    assert len(built) > 1 and report(streamed) == report(whole)


@pytest.mark.parametrize("size", [1, 2])
def test_a_persona_the_messaging_does_not_speak_to_in_batches(tmp_path, batches, reader, size):
    """JM803 reads the other files' messaging vocabularies and journeys' personas:
    from their summaries in a batch, as from the documents in a whole run."""
    messaging = MESSAGING.replace("  personas:\n    sam:\n", "  personas:\n    x-sam:\n")
    files = {"messaging.yaml": messaging, "today.yaml": JOURNEY.replace("id: buyer\n", "id: b2\n")}
    root = make_workspace(tmp_path / "ws", JOURNEY, files)
    whole, _ = batches([root], 10_000)
    assert [f.code for f in whole.findings] == ["JM803"]
    streamed, built = batches([root], size)
    assert len(built) > 1 and report(streamed) == report(whole)
