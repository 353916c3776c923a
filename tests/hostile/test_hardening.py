"""Red-team regressions outside the loader: injection, encodings, processes, writes.

Each case runs the real CLI in a child process (``run`` from the catalogue:
time and memory bounds) and asserts the exit code, one clear line and no
traceback.

| case | attack | must produce |
| --- | --- | --- |
| workflow-command-key | a key holding ``\\n::error …::`` / ``::stop-commands::`` | one finding line, no line starting with ``::`` but ours |
| non-utf8-file-name | a file name with byte 0xE9 | SARIF and JSON are valid UTF-8, the URI percent-encodes the byte |
| promisor-remote | a partial clone whose missing blob would be fetched by a `core.sshCommand` | exit 2, "never fetches", the command never runs |
| oversized-blob | a committed map larger than `max_file_size` | exit 2, size named, blob not read |
| 60k-paths | 60,000 paths after `--` over a 500-file tree | finishes (linear lookups), same result |
| output-to-fifo | `render -o FIFO --force`, `diff -o FIFO` | the reader gets the output, the FIFO stays a FIFO |
| output-to-device | `diff -o <a null device made in tmp> --force` | written into, still a character device |
| dot-routing-failure | a 99-step map, 20 stages, 2-3 `next:` branches per step | svg drawn (straight edges); no "internal error" |
| dot-timeout | `JOURNEYMAP_DOT_TIMEOUT=0.001` | exit 2, "dot took longer than … (set JOURNEYMAP_DOT_TIMEOUT …)" |
| jobs-bomb | `validate --jobs 100000` | at most one worker per usable core |
| init-through-symlink | `init` where `journeys/` (or a file) is a symlink elsewhere | exit 2, "is a symbolic link", nothing written anywhere |
| globstar-bomb | `files: ["**/" × 14 + "x.yml"]` and 24 folders deep | validated at once, the map found |
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_catalogue import RUNNER, assert_clean_failure, run

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True)


def persona(name: str) -> str:
    return f"kind: persona\nid: sam\nname: {name}\n"


INJECTED_KEY = "bad\n::error file=x::pwned\n::stop-commands::token\n\x1b]8;;http://evil\x07"


def test_workflow_commands_in_a_key_stay_inert(tmp_path):
    source = tmp_path / "sam.yaml"
    source.write_text(f"kind: persona\nid: sam\nname: Sam\n{json.dumps(INJECTED_KEY)}: 1\n")
    for fmt in ("text", "github"):
        outcome = run("validate", source, "--format", fmt, tmp=tmp_path)
        assert outcome.code == 2, outcome.output
        assert "Traceback" not in outcome.output
        assert "\x1b" not in outcome.output and "\x07" not in outcome.output
        commands = [line for line in outcome.stdout.splitlines() if line.startswith("::")]
        if fmt == "text":
            assert commands == []
            lines = [line for line in outcome.stdout.splitlines() if "unknown key" in line]
            assert len(lines) == 1 and "bad\\x0a::error file=x::pwned" in lines[0], lines
        else:
            assert len(commands) == 1 and commands[0].startswith("::error file="), commands


def test_non_utf8_file_name_gives_utf8_sarif_and_json(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.yaml")
    (folder / name).write_text("kind: persona\nid: cafe\nname: Caf\nemotion: 1\n")
    outcome = run("validate", folder, "--format", "sarif", tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    assert "internal error" not in outcome.output
    log = json.loads(outcome.stdout)
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
    ]
    assert uris and all(re.search(r"caf%E9\.yaml$", uri) for uri in uris), uris
    outcome = run("validate", folder, "--format", "json", tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    report = json.loads(outcome.stdout)
    assert report["findings"][0]["path"].endswith("caf\\xe9.yaml")


@needs_git
def test_partial_clone_never_fetches_or_runs_configured_commands(tmp_path):
    """The red team's attack: a lazy fetch of a missing blob runs ``core.sshCommand``."""
    origin, clone, marker = tmp_path / "origin", tmp_path / "clone", tmp_path / "pwned"
    origin.mkdir()
    (origin / "maps").mkdir()
    git(origin, "init", "-q")
    (origin / "maps/sam.yaml").write_text(persona("Sam"))
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "one")
    (origin / "maps/sam.yaml").write_text(persona("Sam Two"))
    git(origin, "commit", "-qam", "two")
    git(origin, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", origin.as_uri(), str(clone))
    git(clone, "config", "remote.origin.url", "ssh://example.invalid/maps")
    git(clone, "config", "core.sshCommand", f"touch {marker}; false")
    git(clone, "config", "protocol.ssh.allow", "always")  # the repository tries to allow it
    outcome = run("diff", "HEAD~1", "HEAD", cwd=clone, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"^journeymap: git: .*partial clone.*never fetches")
    assert not marker.exists(), "git ran the repository's core.sshCommand"


@needs_git
def test_oversized_blob_is_refused_before_reading(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "journeymap.yaml").write_text("limits: {max_file_size: 1000}\n")
    (repo / "sam.yaml").write_text(persona("Sam"))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (repo / "sam.yaml").write_text(persona("S" * 5000))
    git(repo, "commit", "-qam", "two")
    outcome = run("diff", "HEAD~1", "HEAD", cwd=repo, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"HEAD:sam\.yaml: file is 5,\d+ bytes, larger than the limit of 1,000"
    )


@needs_git
def test_sixty_thousand_paths_after_the_separator(tmp_path):
    repo = tmp_path / "repo"
    for index in range(500):
        folder = repo / f"maps/team{index % 20}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{index}.yaml").write_text(
            f"kind: persona\nid: p{index}\nname: Person {index}\n"
        )
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (repo / "maps/team1/p1.yaml").write_text("kind: persona\nid: p1\nname: Renamed\n")
    git(repo, "commit", "-qam", "two")
    paths = [f"maps/team{i % 20}/p{i}.yaml" for i in range(500)]
    paths += [f"maps/team{i % 20}" for i in range(59_500)]  # short: it must fit ARG_MAX
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "diff", "HEAD~1", "HEAD", "-f", "json", "--", *paths],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,  # tree × paths took minutes; linear lookups take seconds
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    changes = json.loads(completed.stdout)["changes"]
    assert [change["kind"] for change in changes] == ["persona-renamed"]


def test_repeated_globstars_do_not_backtrack(tmp_path):
    """``files: ["**/" × 14 + "x.yml"]`` took exponential time against deep paths."""
    workspace = tmp_path / "maps"
    deep = workspace.joinpath(*["a"] * 24)
    deep.mkdir(parents=True)
    pattern = "**/" * 14 + "x.yml"
    (workspace / "journeymap.yaml").write_text(f"files: [{json.dumps(pattern)}]\n")
    (deep / "x.yml").write_text(persona("Sam"))
    (deep / "notes.yml").write_text("title: not a map\n")
    outcome = run("validate", workspace, tmp=tmp_path)
    assert "Traceback" not in outcome.output
    assert outcome.code == 0, outcome.output
    assert "(1 file checked)" in outcome.stdout, outcome.output


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _read_fifo_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader, received


def test_output_to_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    journey = EXAMPLES / "brightpost/journeys/social-media-manager.yaml"
    reader, received = _read_fifo_in_background(fifo)
    outcome = run("render", journey, "-f", "mermaid", "-o", fifo, "--force", tmp=tmp_path)
    reader.join(10)
    assert outcome.code == 0, outcome.output
    assert received and received[0].startswith(b"journey\n    title ")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    reader, received = _read_fifo_in_background(fifo)
    refresh = EXAMPLES / "refresh"
    outcome = run("diff", refresh / "2025", refresh / "2026", "-o", fifo, tmp=tmp_path)
    reader.join(10)
    assert outcome.code == 1, outcome.output
    assert received and b"journeymap diff" in received[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".rss")) == [
        "out.fifo"
    ]


def test_output_to_a_device_is_written_into_not_replaced(tmp_path):
    """Like ``-o /dev/null --force`` as root, on a null device made for the test."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    refresh = EXAMPLES / "refresh"
    outcome = run("diff", refresh / "2025", refresh / "2026", "-o", device, "--force", tmp=tmp_path)
    assert outcome.code == 1, outcome.output
    assert stat.S_ISCHR(device.stat().st_mode)
    assert device.stat().st_rdev == os.makedev(1, 3)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def branching_journey(steps: int = 99, stages: int = 20) -> str:
    """A map that schema and references accept, on which Graphviz's spline router fails."""
    lines = ["kind: journey", "id: branching", "title: Branching journey", "stages:"]
    number = 0
    for stage in range(stages):
        lines += [f"  - id: stage-{stage}", f"    name: Stage {stage}", "    steps:"]
        for _ in range(steps // stages + (1 if stage < steps % stages else 0)):
            targets = sorted({(number * m + m // 2) % steps for m in (7, 13, 31)} - {number})
            lines += [
                f"      - id: step-{number}",
                f"        name: Step {number}",
                f"        emotion: {number % 5 - 2}",
                f"        next: [{', '.join(f'step-{t}' for t in targets)}]",
            ]
            number += 1
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_a_branching_map_that_dot_cannot_route_still_renders(tmp_path):
    source = tmp_path / "branching.yaml"
    source.write_text(branching_journey())
    check = run("validate", source, tmp=tmp_path)
    assert check.code == 1, check.output  # lint findings only: a usable map
    out = tmp_path / "branching.svg"
    outcome = run("render", source, "-f", "svg", "-o", out, tmp=tmp_path)
    assert "internal error" not in outcome.output
    assert outcome.code == 0, outcome.output
    svg = out.read_text(encoding="utf-8")
    assert len(re.findall(r'class="node"', svg)) == 99


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_timeout_is_one_clear_line(tmp_path, monkeypatch):
    source = tmp_path / "branching.yaml"
    source.write_text(branching_journey())
    monkeypatch.setenv("JOURNEYMAP_DOT_TIMEOUT", "0.001")
    outcome = run("render", source, "-f", "svg", "-o", tmp_path / "b.svg", tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"^journeymap: graphviz: dot took longer than 0\.001 s .*JOURNEYMAP_DOT_TIMEOUT"
    )
    assert not (tmp_path / "b.svg").exists()


def test_jobs_are_capped_at_the_usable_cores(tmp_path, monkeypatch):
    """``--jobs 100000`` asked for one process per file; now at most one per core."""
    import concurrent.futures

    from journeymap.validate import MAX_JOBS, clamp_jobs, validate_paths

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert clamp_jobs(100_000) == min(cores or 1, MAX_JOBS)
    assert clamp_jobs(0) == 0 and clamp_jobs(1) == 1
    asked: list[int] = []

    def executor(workers, **kwargs):
        asked.append(workers)
        raise OSError(38, "Function not implemented")  # then validate parses in-process

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", executor)
    for index in range(12):
        (tmp_path / f"p{index}.yaml").write_text(persona(f"P{index}").replace("sam", f"p{index}"))
    run_ = validate_paths([tmp_path], jobs=100_000)
    assert run_.files == 12 and run_.exit_code() == 0, run_.findings
    assert all(workers <= (cores or 1) for workers in asked), asked


@pytest.mark.parametrize("link", ["journeys", "journeymap.yaml"])
def test_init_never_writes_through_a_symlink(tmp_path, link):
    workspace, elsewhere = tmp_path / "maps", tmp_path / "elsewhere"
    workspace.mkdir()
    elsewhere.mkdir()
    target = elsewhere if link == "journeys" else elsewhere / "stolen.yaml"
    (workspace / link).symlink_to(target, target_is_directory=link == "journeys")
    outcome = run("init", workspace, tmp=tmp_path)
    assert_clean_failure(outcome, 2, rf"maps/{re.escape(link)}: is a symbolic link")
    assert list(elsewhere.iterdir()) == []
    assert [p.name for p in workspace.iterdir()] == [link]
