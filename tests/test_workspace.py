"""Workspace discovery: config globs, nearest config, duplicate documents, references."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from journeymap.discovery import display_path
from journeymap.findings import InputError
from journeymap.references import check_references
from journeymap.selection import find_config
from journeymap.workspace import load_workspaces

PERSONA = "kind: persona\nid: sam\nname: Sam\n"
JOURNEY = """\
kind: journey
id: buyer
title: Buyer
personas: [sam]
stages:
  - id: need
    name: Need
    steps:
      - {id: a, name: A, next: [b]}
      - {id: b, name: B}
"""


@pytest.fixture
def workspace_dir(write, tmp_path):
    write(
        "journeymap.yaml",
        "files: ['journeys/*.yaml', 'personas/*.yaml']\nexclude: ['journeys/draft-*']\n",
    )
    write("personas/sam.yaml", PERSONA)
    write("journeys/buyer.yaml", JOURNEY)
    write("journeys/draft-idea.yaml", "not: a document\n")
    write("notes/other.yaml", "unrelated: true\n")
    return tmp_path


def test_config_globs_choose_the_members(workspace_dir):
    (workspace,) = load_workspaces([workspace_dir])
    assert workspace.findings == []
    assert sorted(p.relative_to(workspace_dir).as_posix() for p in workspace.files) == [
        "journeys/buyer.yaml",
        "personas/sam.yaml",
    ]
    assert workspace.get("persona", "sam").model.name == "Sam"
    assert [d.id for d in workspace.of_kind("journey")] == ["buyer"]


@pytest.mark.parametrize(
    ("files", "exclude"),
    [
        ("['./journeys/*.yaml', './personas/*.yml']", "['./journeys/draft-*']"),
        ("['././journeys//*.yaml', 'personas/./*.yml']", "['journeys/./draft-*']"),
    ],
    ids=["dot-slash", "dot-segments"],
)
def test_globs_written_with_dot_segments_choose_the_same_members(
    write, tmp_path, monkeypatch, files, exclude
):
    """`./journeys/*.yaml` names what `journeys/*.yaml` names: a glob that silently
    matched nothing left every map unlisted and the excluded drafts checked."""
    write("journeymap.yaml", f"files: {files}\nexclude: {exclude}\n")
    write("personas/sam.yml", PERSONA)
    write("journeys/buyer.yaml", JOURNEY)
    write("journeys/draft-idea.yaml", "kind: journey\nid: [broken\n")
    (workspace,) = load_workspaces([tmp_path])
    assert workspace.findings == []
    assert sorted(p.relative_to(tmp_path).as_posix() for p in workspace.files) == [
        "journeys/buyer.yaml",
        "personas/sam.yml",
    ]
    monkeypatch.chdir(tmp_path / "journeys")  # a file named through `..` from a sub-folder
    (workspace,) = load_workspaces(["../personas/sam.yml"])
    assert workspace.findings == []
    assert [Path(t) for t in workspace.targets] == [tmp_path.resolve() / "personas/sam.yml"]
    assert check_references(workspace) == []


def test_without_paths_the_config_is_found_walking_up(workspace_dir, monkeypatch):
    nested = workspace_dir / "journeys"
    assert find_config(nested) == (workspace_dir / "journeymap.yaml").resolve()
    monkeypatch.chdir(nested)
    (workspace,) = load_workspaces([])
    assert {d.id for d in workspace.documents} == {"sam", "buyer"}


def test_one_file_pulls_in_its_workspace_for_references(workspace_dir):
    (workspace,) = load_workspaces([workspace_dir / "journeys" / "buyer.yaml"])
    assert workspace.get("persona", "sam") is not None
    assert check_references(workspace) == []
    assert len(workspace.targets) == 1


def test_directory_without_config_takes_every_yaml_file(write, tmp_path):
    write("a/sam.yaml", PERSONA)
    write("a/b/buyer.yaml", JOURNEY)
    (workspace,) = load_workspaces([tmp_path / "a"])
    assert {d.id for d in workspace.documents} == {"sam", "buyer"}


DUPLICATE = r"id: another persona already has the id 'sam' \((.+)\)"


def test_duplicate_document_ids_are_reported(write, tmp_path):
    """Both files are named, each pointing at the other: which one is the copy is not
    knowable, and pre-commit may pass either of them alone."""
    write("one.yaml", PERSONA)
    write("two.yaml", PERSONA)
    write("three.yaml", PERSONA)
    (workspace,) = load_workspaces([tmp_path])
    assert all(f.code == "JM003" and (f.line, f.column) == (2, 5) for f in workspace.findings)
    named = {f.path: re.fullmatch(DUPLICATE, f.message) for f in workspace.findings}
    folder = tmp_path.as_posix()
    assert sorted(named) == [f"{folder}/{name}.yaml" for name in ("one", "three", "two")]
    assert all(match and match[1] in named and match[1] != path for path, match in named.items())


def test_broken_references_point_at_the_reference(write, tmp_path):
    write("sam.yaml", PERSONA)
    write(
        "buyer.yaml",
        JOURNEY.replace("personas: [sam]", "personas: [sma]").replace("next: [b]", "next: [c]"),
    )
    (workspace,) = load_workspaces([tmp_path])
    findings = check_references(workspace)
    folder = tmp_path.as_posix()
    assert [(f.line, f.column, f.message, f.hint) for f in findings] == [
        (
            4,
            12,
            "personas #1: unknown persona 'sma'",
            f"Did you mean 'sam'? Or create {folder}/sma.yaml (kind: persona, id: sma).",
        ),
        (9, 33, "stage 'Need' › step 'A' › next #1: unknown step in this journey 'c'", None),
    ]
    assert [f.pointer for f in findings] == [
        ("personas", 0),
        ("stages", 0, "steps", 0, "next", 0),
    ]


def test_symlink_loop_does_not_trap_discovery(write, tmp_path):
    write("d/sam.yaml", PERSONA)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    (workspace,) = load_workspaces([tmp_path / "d"])
    assert [d.id for d in workspace.documents] == ["sam"]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        load_workspaces([tmp_path / "nope"])


def test_a_folder_with_no_map_of_the_workspace_is_an_input_error(workspace_dir):
    """`validate maps/` in CI after the maps moved away must not pass with 0 files
    checked: inside a workspace as outside one, a folder with no map is an error."""
    (workspace_dir / "docs").mkdir()
    (workspace_dir / "docs" / "notes.md").write_text("# notes\n")
    with pytest.raises(InputError, match="no map of the workspace here"):
        load_workspaces([workspace_dir / "docs"])
    with pytest.raises(InputError, match="no map of the workspace here"):
        load_workspaces([workspace_dir / "notes"])  # other.yaml: no `kind:`, not in `files:`
    (workspace,) = load_workspaces([workspace_dir / "docs", workspace_dir / "personas"])
    assert len(workspace.targets) == 1


def test_a_hidden_folder_that_files_names_is_read(write, tmp_path):
    """Hidden folders (.git, .github…) are not searched for maps, unless a `files:` glob
    names one: its maps are then validated, not silently left out."""
    write("journeymap.yaml", "files: ['.drafts/*.yaml', '**/*.yaml']\n")
    write(".drafts/sam.yaml", "kind: persona\nid: Sam\nname: Sam\n")
    write(".github/workflows/ci.yml", "on: push\n")
    write("personas/ira.yaml", "kind: persona\nid: ira\nname: Ira\n")
    (workspace,) = load_workspaces([tmp_path])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in workspace.files) == [
        ".drafts/sam.yaml",
        "personas/ira.yaml",
    ]
    assert [(f.code, f.line) for f in workspace.findings] == [("JM002", 2)]
    (workspace,) = load_workspaces([tmp_path / ".drafts"])
    assert workspace.targets == {display_path(tmp_path / ".drafts" / "sam.yaml")}


def test_no_config_and_no_paths_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"no journeymap\.yaml here or in any parent"):
        load_workspaces([], cwd=tmp_path)


def test_broken_config_is_reported_and_defaults_apply(write, tmp_path):
    write("journeymap.yaml", "lint: {fail_on: fatal}\n")
    write("sam.yaml", PERSONA)
    (workspace,) = load_workspaces([tmp_path])
    (finding,) = workspace.findings
    assert finding.line == 1 and finding.column == 17
    assert "lint › fail_on: must be one of: error, warning, info (got 'fatal')" in finding.message
    assert [d.id for d in workspace.documents] == ["sam"]


def test_parallel_loading_gives_the_same_findings_in_the_same_order(write, tmp_path):
    from journeymap.validate import validate_paths

    write("journeymap.yaml", "files: ['*.yaml']\n")
    for index in range(12):
        write(f"p{index:02}.yaml", PERSONA.replace("id: sam", f"id: p{index}"))
    write("broken.yaml", "kind: messaging\nid: Bad Id\ncore_message: x\n")
    write("buyer.yaml", JOURNEY.replace("personas: [sam]", "personas: [p1, nobody]"))
    sequential = validate_paths([tmp_path], jobs=1)
    parallel = validate_paths([tmp_path], jobs=2)
    assert parallel.findings == sequential.findings
    assert {f.code for f in parallel.findings} >= {"JM002", "JM004"}
    assert parallel.documents == sequential.documents == 13


def test_parallel_jobs_only_for_big_workspaces():
    from journeymap.parallel import PARALLEL_MIN_FILES, parallel_jobs

    assert parallel_jobs(0, 10) == 1
    assert parallel_jobs(0, PARALLEL_MIN_FILES) == (os.cpu_count() or 1)
    assert parallel_jobs(3, 10) == 3


def test_a_file_that_fails_to_load_does_not_cascade_into_reference_errors(write, tmp_path):
    write("sam.yaml", PERSONA.replace("name: Sam", "name: [broken]"))
    write("buyer.yaml", JOURNEY.replace("next: [b]", "next: [c]"))
    write(
        "messaging.yaml",
        "kind: messaging\nid: m\ncore_message: Hi\nvocabulary: {personas: {sam: {use: [x]}}}\n",
    )
    (workspace,) = load_workspaces([tmp_path])
    assert [f.code for f in workspace.findings] == ["JM002"]
    # The persona may be in the broken file: no guess about it; the step reference
    # inside the journey is still checked.
    assert [f.message for f in check_references(workspace)] == [
        "stage 'Need' › step 'A' › next #1: unknown step in this journey 'c'"
    ]


def test_a_worker_that_dies_is_a_clear_error_not_a_hang(write, tmp_path, monkeypatch):
    import journeymap.parallel as parallel_module

    for index in range(4):
        write(f"p{index}.yaml", PERSONA.replace("id: sam", f"id: p{index}"))
    monkeypatch.setattr(parallel_module, "load_task", _die_in_worker)
    with pytest.raises(InputError, match="a worker process died while parsing files"):
        load_workspaces([tmp_path], jobs=2)


def _die_in_worker(task):
    """Stands in for the OOM killer: the worker process ends without a word."""
    os._exit(1)


def test_without_process_support_loading_falls_back_to_one_process(write, tmp_path, monkeypatch):
    import concurrent.futures

    attempts = []

    def unsupported(*args, **kwargs):
        attempts.append(args)
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", unsupported)
    for index in range(3):
        write(f"p{index}.yaml", PERSONA.replace("id: sam", f"id: p{index}"))
    (workspace,) = load_workspaces([tmp_path], jobs=2)
    assert len(attempts) == 1
    assert sorted(d.id for d in workspace.documents) == ["p0", "p1", "p2"]


def test_a_nested_workspace_is_its_own(write, tmp_path):
    write("journeymap.yaml", "files: ['**/*.yaml']\n")
    write("sam.yaml", PERSONA)
    write("team-b/journeymap.yaml", "files: ['*.yaml']\n")
    write("team-b/sam.yaml", PERSONA)
    outer, inner = load_workspaces([tmp_path])
    assert [p.name for p in outer.files] == ["sam.yaml"]
    assert [p.parent.name for p in inner.files] == ["team-b"]
    assert outer.findings == inner.findings == []


def test_a_file_reached_through_a_symlink_is_read_once(write, tmp_path):
    write("journeymap.yaml", "files: ['personas/*.yaml']\n")
    write("shared/sam.yaml", PERSONA)
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "sam.yaml").symlink_to(tmp_path / "shared" / "sam.yaml")
    (workspace,) = load_workspaces([tmp_path])
    assert workspace.findings == []
    assert [p.relative_to(tmp_path).as_posix() for p in workspace.files] == ["personas/sam.yaml"]
