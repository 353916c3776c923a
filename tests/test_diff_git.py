"""Diffing git revisions: a real temporary repository, ranges, and refused injections."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from journeymap.diff.sources import check_revision, load_revision
from journeymap.findings import InputError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

JOURNEY = """\
kind: journey
id: onboarding
title: Onboarding
stages:
  - id: start
    name: Start
    steps:
      - {{id: sign-up, name: Signs up, emotion: {emotion}, owner: {owner}}}
      - {{id: invite, name: Invites the team, emotion: 0}}
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits: v1 (tagged) and HEAD, which worsens an emotion and changes an owner."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    (root / "maps/onboarding.yaml").write_text(JOURNEY.format(emotion=1, owner="sales"))
    (root / "README.txt").write_text("not a map\n")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    _git(root, "tag", "v1")
    (root / "maps/onboarding.yaml").write_text(JOURNEY.format(emotion=-1, owner="onboarding"))
    _git(root, "commit", "-q", "-am", "second")
    monkeypatch.chdir(root)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return root


EXPECTED = {
    ("emotion-worsened", ("start", "sign-up")),
    ("step-owner-changed", ("start", "sign-up")),
    ("stage-emotion-worsened", ("start",)),
}


def _changes(stdout: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(c["kind"], tuple(c["path"])) for c in json.loads(stdout)["changes"]}


def test_diff_two_revisions(cli, repo: Path) -> None:
    result = cli("diff", "v1", "HEAD", "--format", "json", "--", "maps/")
    assert result.exit_code == 1, result.stderr
    assert _changes(result.stdout) == EXPECTED
    data = json.loads(result.stdout)
    assert data["old"] == "v1" and data["new"] == "HEAD"
    assert {c["document"]["path"] for c in data["changes"]} == {"HEAD:maps/onboarding.yaml"}


def test_every_path_after_the_dashes_must_match_a_map(cli, repo: Path) -> None:
    """A typo among several paths, or an option written after `--`, is refused by name:
    a report that silently leaves out what was asked for would read as "no change"."""
    for extra in ["maps/onbaording.yaml", "--summary"]:
        result = cli("diff", "v1", "HEAD", "--", "maps/onboarding.yaml", extra)
        assert result.exit_code == 2
        assert result.stderr == f"journeymap: {extra}: matches no file at v1 or HEAD\n"
    # A file that is not a map (as `git diff --name-only` lists them) is no typo.
    files = ["maps/onboarding.yaml", "maps", "README.txt"]
    both = cli("diff", "v1", "HEAD", "--format", "json", "--", *files)
    assert both.exit_code == 1 and _changes(both.stdout) == EXPECTED


def test_diff_revision_range(cli, repo: Path) -> None:
    result = cli("diff", "--rev", "HEAD~1..HEAD", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert _changes(result.stdout) == EXPECTED
    same = cli("diff", "--rev", "HEAD..HEAD", "--format", "json")
    assert same.exit_code == 0 and _changes(same.stdout) == set()


def test_revision_against_working_tree(cli, repo: Path) -> None:
    (repo / "maps/onboarding.yaml").write_text(JOURNEY.format(emotion=2, owner="onboarding"))
    result = cli("diff", "HEAD", "maps", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert _changes(result.stdout) == {
        ("emotion-improved", ("start", "sign-up")),
        ("stage-emotion-improved", ("start",)),
    }


def test_git_errors_name_the_revision_and_file(cli, repo: Path) -> None:
    (repo / "maps/onboarding.yaml").write_text("kind: journey\nid: onboarding\ntitle: [\n")
    _git(repo, "commit", "-q", "-am", "broken")
    result = cli("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("journeymap: HEAD:maps/onboarding.yaml:")
    missing = cli("diff", "v1", "no-such-branch")
    assert missing.exit_code == 2 and "no-such-branch" in missing.stderr
    assert "Traceback" not in missing.stderr + result.stderr


@pytest.mark.parametrize(
    "revision",
    [
        "--output=/tmp/x",
        "-p",
        "HEAD;rm -rf /",
        "$(touch x)",
        "`touch x`",
        "HEAD:maps",
        "HEAD\nrm",
        "a..b",
        "",
        "HEAD x",
    ],
)
def test_injection_shaped_revisions_are_refused(cli, repo: Path, revision: str) -> None:
    target = repo / "x"
    out = repo / "out.txt"
    tmp_x = Path("/tmp/x")
    existed = tmp_x.exists() and tmp_x.stat().st_mtime_ns
    for args in (
        ["diff", "--", revision, "HEAD"],
        ["diff", "--", "HEAD", revision],
        ["diff", f"--rev={revision}..HEAD"],
        ["diff", "--format", "json", f"--output={out}", "--", revision, "HEAD"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stdout)
        assert result.stderr.startswith("journeymap: ") and result.stderr.count("\n") == 1
    assert not target.exists() and not out.exists()
    assert (tmp_x.exists() and tmp_x.stat().st_mtime_ns) == existed
    assert sorted(p.name for p in repo.iterdir()) == [".git", "README.txt", "maps"]


def test_check_revision_accepts_ordinary_names() -> None:
    for name in (
        "HEAD",
        "HEAD~2",
        "main^",
        "v2025",
        "origin/main",
        "release-2026.1",
        "@{u}",
        "a1b2c3d",
    ):
        assert check_revision(name) == name
    with pytest.raises(InputError):
        check_revision("--end-of-options")


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(InputError, match="not inside a git repository"):
        load_revision("HEAD")


def test_workspaces_sharing_ids_are_diffed_separately(cli, repo: Path) -> None:
    for name in ("team-a", "team-b"):
        (repo / name).mkdir()
        (repo / name / "journeymap.yaml").write_text('files: ["*.yaml"]\n')
        (repo / name / "p.yaml").write_text("kind: persona\nid: sam\nname: Sam\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "two workspaces")
    (repo / "team-b/p.yaml").write_text("kind: persona\nid: sam\nname: Sam Lee\n")
    _git(repo, "commit", "-q", "-am", "rename in b")
    result = cli("diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["document"]["workspace"], c["document"]["path"]) for c in changes] == [
        ("persona-renamed", "team-b", "HEAD:team-b/p.yaml")
    ]
    # on disk, one workspace per side: the two directories are compared with each other
    disk = cli("diff", "team-a", "team-b", "--format", "json")
    assert [c["kind"] for c in json.loads(disk.stdout)["changes"]] == ["persona-renamed"]


def test_metric_movement_between_two_revisions(tmp_path, monkeypatch, cli):
    import shutil

    from conftest import EXAMPLES

    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "refresh/2025", root / "maps")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "2025")
    data = root / "maps/data/metrics.csv"
    data.write_text(data.read_text() + "sso-enforced-accounts,it-admin-rollout,2025-06-30,39\n")
    _git(root, "commit", "-q", "-am", "Q2 data")
    monkeypatch.chdir(root)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    result = cli("diff", "HEAD~1", "HEAD", "-f", "json", "--", "maps")
    assert result.exit_code == 1, result.stderr
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["kind"], change["level"]) == ("metric-worsened", "warning")
    assert change["before"] == {"value": 42, "date": "2025-03-31"}
    assert change["after"] == {"value": 39, "date": "2025-06-30"}
    assert change["document"]["path"] == "HEAD:maps/journeys/it-admin-rollout.yaml"
