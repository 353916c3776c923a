"""The gate never reports green on a broken workspace, however it is invoked (issue #11).

| case | input | must produce |
| --- | --- | --- |
| unlisted-maps | `journeys/second.yml`, `journeys/b2b/third.yaml` outside `files:` | validated (exit 2) and named in one JM005 warning |
| unlisted-excluded | the same files listed in `exclude:` | not read, no warning |
| unlisted-fifo | a FIFO `journeys/q.yml` outside `files:` | never opened, no hang |
| dot-dot-path | `cd elsewhere && validate ../maps` | the same findings as from inside |
| broken-config | unknown key, `files:` as text, `fail_on: fatal`, `max_depth: 0` | exit 2 with any paths |
| symlink-out | a map symlinked to a file outside the workspace | not read (exit 2), its text never printed |
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from test_catalogue import run

from journeymap.scaffold import init_workspace

BAD_EMOTION = "emotion: 7"


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    """The starter workspace with its narrow pre-#11 `files:` globs."""
    root = tmp_path / "maps"
    init_workspace(root)
    config = root / "journeymap.yaml"
    narrow = "files: [journeys/*.yaml, personas/*.yaml, messaging/*.yaml, backlog/*.yaml]\n"
    config.write_text(
        re.sub(r"^files:\n(?:  .*\n)+(?:exclude:.*\n)?", narrow, config.read_text(), flags=re.M)
    )
    return root


def _copy_journey(root: Path, name: str, journey_id: str) -> Path:
    source = (root / "journeys/customer-journey.yaml").read_text()
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        source.replace("id: customer-journey", f"id: {journey_id}", 1).replace(
            "emotion: -1", BAD_EMOTION, 1
        )
    )
    return target


def _report(outcome) -> dict:
    return json.loads(outcome.stdout)


@pytest.mark.parametrize("args", [[], ["."], ["journeys"], ["journeymap.yaml"]])
def test_maps_outside_files_globs_are_validated_and_named(maps, tmp_path, args):
    _copy_journey(maps, "journeys/second.yml", "second")
    _copy_journey(maps, "journeys/b2b/third.yaml", "third")
    outcome = run("validate", *args, "-f", "json", cwd=maps, tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    findings = _report(outcome)["findings"]
    errors = {(f["path"], f["code"]) for f in findings if f["severity"] == "error"}
    assert errors == {("journeys/second.yml", "JM002"), ("journeys/b2b/third.yaml", "JM002")}
    (warning,) = [f for f in findings if f["code"] == "JM005"]
    assert warning["path"] == "journeymap.yaml" and warning["line"] == 4
    assert warning["rule"] == "file-not-in-workspace" and warning["severity"] == "warning"
    assert warning["message"] == (
        "2 YAML files with a `kind:` are not in `files:`: journeys/b2b/third.yaml, "
        "journeys/second.yml (add them to `files:` or list them in `exclude:`)"
    )


def test_an_upper_case_suffix_does_not_hide_a_map(maps, tmp_path):
    _copy_journey(maps, "journeys/LEGACY.YAML", "legacy")
    outcome = run("validate", "-f", "json", cwd=maps, tmp=tmp_path)
    assert outcome.code == 2
    codes = {(f["path"], f["code"]) for f in _report(outcome)["findings"]}
    assert {("journeys/LEGACY.YAML", "JM002"), ("journeymap.yaml", "JM005")} <= codes


def test_excluded_and_kindless_files_are_left_alone(maps, tmp_path):
    _copy_journey(maps, "journeys/drafts/idea.yaml", "idea")
    (maps / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    config = maps / "journeymap.yaml"
    config.write_text(config.read_text() + "exclude: [journeys/drafts/**]\n")
    outcome = run("validate", "--ignore", "JM2", cwd=maps, tmp=tmp_path)
    assert outcome.code == 0, outcome.output
    assert "All checks passed (4 files checked)." in outcome.stdout


def test_a_fifo_outside_files_is_never_opened(maps, tmp_path):
    os.mkfifo(maps / "journeys" / "q.yml")
    outcome = run("validate", "--ignore", "JM2", cwd=maps, tmp=tmp_path)
    assert outcome.code == 0, outcome.output


def test_a_file_swapped_for_a_fifo_after_its_check_is_not_read(tmp_path, monkeypatch):
    """The sniff checks the opened file, not only the path it stat-ed before (a race)."""
    import threading

    from journeymap.discovery import has_kind_key

    regular = tmp_path / "map.yaml"
    regular.write_text("kind: persona\nid: sam\nname: Sam\n")
    fifo = tmp_path / "q.yaml"
    os.mkfifo(fifo)
    assert has_kind_key(regular)
    assert not has_kind_key(fifo)
    # The path's stat says "regular file", as it would have just before a swap.
    real_stat = Path.stat
    monkeypatch.setattr(
        Path, "stat", lambda self, **kw: real_stat(regular if self == fifo else self, **kw)
    )
    answers: list[bool] = []
    sniff = threading.Thread(target=lambda: answers.append(has_kind_key(fifo)), daemon=True)
    sniff.start()
    sniff.join(10)
    assert answers == [False], "the sniff blocked on a FIFO or read it"


def test_the_starter_covers_sub_folders_and_yml(tmp_path):
    root = tmp_path / "fresh"
    init_workspace(root)
    _copy_journey(root, "journeys/b2b/third.yml", "third")
    outcome = run("validate", "-f", "json", cwd=root, tmp=tmp_path)
    assert outcome.code == 2
    codes = {(f["path"], f["code"]) for f in _report(outcome)["findings"]}
    assert ("journeys/b2b/third.yml", "JM002") in codes
    assert "JM005" not in {code for _, code in codes}


def _findings(outcome) -> set[tuple[str, int, str]]:
    return {(Path(f["path"]).name, f["line"], f["code"]) for f in _report(outcome)["findings"]}


def test_relative_absolute_and_symlinked_paths_select_the_same_findings(maps, tmp_path):
    journey = maps / "journeys/customer-journey.yaml"
    journey.write_text(journey.read_text().replace("emotion: -1", BAD_EMOTION))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(maps, target_is_directory=True)
    inside = run("validate", "-f", "json", cwd=maps, tmp=tmp_path)
    assert inside.code == 2
    expected = _findings(inside)
    lines = journey.read_text().splitlines()
    first_bad = next(number for number, line in enumerate(lines, 1) if BAD_EMOTION in line)
    assert ("customer-journey.yaml", first_bad, "JM002") in expected
    for argument in [
        "../maps",
        str(maps),
        "../link",
        "../maps/journeys/..",
        "../maps/journeymap.yaml",
    ]:
        outcome = run("validate", argument, "-f", "json", cwd=elsewhere, tmp=tmp_path)
        assert outcome.code == 2, (argument, outcome.output)
        assert _findings(outcome) == expected, argument
    for argument in ["../maps/journeys", "../link/journeys/customer-journey.yaml"]:
        outcome = run("validate", argument, "-f", "json", cwd=elsewhere, tmp=tmp_path)
        assert outcome.code == 2, (argument, outcome.output)
        assert ("customer-journey.yaml", first_bad, "JM002") in _findings(outcome), argument


BROKEN_CONFIGS = {
    "unknown-key": ("teams:", "bogus: 1\nteams:", r"bogus: unknown key"),
    "files-as-text": (None, "files: journeys/*.yaml\n", r"files: must be a list"),
    "fail-on-fatal": ("fail_on: error", "fail_on: fatal", r"fail_on: must be one of"),
    "max-depth-0": (None, "limits: {max_depth: 0}\n", r"max_depth: must be more than 0"),
}


@pytest.mark.parametrize("case", BROKEN_CONFIGS, ids=list(BROKEN_CONFIGS))
@pytest.mark.parametrize(
    "args", [[], ["."], ["journeys"], ["journeymap.yaml"], ["journeys/customer-journey.yaml"]]
)
def test_a_broken_config_fails_whatever_paths_are_given(maps, tmp_path, case, args):
    old, new, pattern = BROKEN_CONFIGS[case]
    config = maps / "journeymap.yaml"
    text = config.read_text()
    if old is None:
        start, end = text.index("files:"), text.index("teams:")
        text = (
            text[:start] + text[end:] + new if "limits" in new else text[:start] + new + text[end:]
        )
    else:
        text = text.replace(old, new, 1)
    config.write_text(text)
    outcome = run("validate", *args, cwd=maps, tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    lines = [line for line in outcome.stdout.splitlines() if "JM002" in line]
    assert any(line.lstrip().startswith("journeymap.yaml:") for line in lines), outcome.output
    assert any(__import__("re").search(pattern, line) for line in lines), outcome.output


def test_a_symlink_out_of_the_workspace_is_not_read(maps, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: persona\nid: Not A Slug\nname: AKIA-TOP-SECRET\n")
    (maps / "personas" / "leak.yaml").symlink_to(secret)
    for args in ([], ["personas/leak.yaml"], ["."]):
        outcome = run("validate", *args, cwd=maps, tmp=tmp_path)
        assert outcome.code == 2, outcome.output
        assert "personas/leak.yaml: JM001 error is a symlink to " in outcome.stdout
        assert "outside the workspace" in outcome.stdout
        assert "AKIA" not in outcome.output and "Not A Slug" not in outcome.output


def test_a_symlink_inside_the_workspace_is_followed(maps, tmp_path):
    shared = maps / "shared"
    shared.mkdir()
    shutil.move(maps / "personas/primary-customer.yaml", shared / "primary-customer.yaml")
    (maps / "personas/primary-customer.yaml").symlink_to(Path("../shared/primary-customer.yaml"))
    outcome = run("validate", "--ignore", "JM2", cwd=maps, tmp=tmp_path)
    assert outcome.code == 0, outcome.output
