"""The glob matcher of files:/exclude: agrees with the regex translation it replaced."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.discovery import glob_regex
from journeymap.globs import (
    GlobPattern,
    hidden_folders,
    outside_workspace,
    relative_glob,
    tokenize,
)
from journeymap.validate import validate_paths


def reference(pattern: str) -> re.Pattern[str]:
    """The former translation (backtracking regex): the specification, fine on small inputs."""
    parts = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


PATTERNS = st.lists(st.sampled_from(["a", "b", ".", "/", "*", "?", "**", "**/", "yml"]), max_size=8)
PATHS = st.lists(st.sampled_from(["a", "b", ".", "/", "ab", "yml", "x"]), max_size=10)


@settings(max_examples=200, derandomize=True)
@given(pattern=PATTERNS.map("".join), paths=st.lists(PATHS.map("".join), max_size=12))
def test_same_answers_as_the_regex(pattern, paths):
    ours, theirs = GlobPattern(pattern), reference(pattern)
    for path in paths:
        assert ours.match(path) == bool(theirs.match(path)), (pattern, path)


def test_common_patterns():
    assert GlobPattern("journeys/**/*.yaml").match("journeys/b2b/x.yaml")
    assert GlobPattern("journeys/**/*.yaml").match("journeys/x.yaml")
    assert not GlobPattern("journeys/*.yaml").match("journeys/b2b/x.yaml")
    assert GlobPattern("**/*.yml").match("a/b/c.yml")
    assert not GlobPattern("?.yml").match("/.yml")


def test_repeated_globstars_collapse_and_stay_linear():
    pattern = "**/" * 14 + "x.yml"
    assert tokenize(pattern) == tokenize("**/x.yml")
    deep = "a/" * 2000 + "y.yml"
    assert not GlobPattern(pattern).match(deep)
    assert GlobPattern(pattern).match("a/" * 2000 + "x.yml")
    spread = "**/a/" * 14 + "x.yml"  # not consecutive: no collapse, still linear
    assert not GlobPattern(spread).match("a/" * 500 + "b.yml")


def test_globs_are_read_as_the_relative_paths_they_match():
    """`./journeys/*.yaml` once matched nothing: the paths matched never start with `./`."""
    assert relative_glob("./journeys/*.yaml") == "journeys/*.yaml"
    assert relative_glob("././journeys//./**/*.yml") == "journeys/**/*.yml"
    assert relative_glob("/journeys/*.yaml") == "journeys/*.yaml"  # anchored, as in .gitignore
    assert relative_glob("journeys/../personas/*.yaml") == "personas/*.yaml"
    assert relative_glob("../shared/*.yaml") == "../shared/*.yaml"
    assert glob_regex("./journeys/**/*.yaml").match("journeys/b2b/x.yaml")
    assert not outside_workspace("journeys/../personas/*.yaml")
    assert outside_workspace("../shared/*.yaml") and outside_workspace("a/../../b/*.yml")
    assert [p.pattern for p in hidden_folders(["./.drafts/*.yaml"])] == [".drafts"]


def test_a_glob_that_climbs_out_of_the_workspace_is_a_located_config_error(tmp_path):
    (tmp_path / "journeymap.yaml").write_text("files:\n  - journeys/*.yaml\n  - ../shared/*.yaml\n")
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "p.yaml").write_text("kind: persona\nid: sam\nname: Sam\n")
    run = validate_paths([tmp_path])
    assert run.exit_code() == 2
    (error,) = [f for f in run.findings if f.code == "JM002"]
    assert (error.line, error.column) == (3, 5)
    assert error.message.startswith("files #2: climbs out of the workspace")
    assert "'../shared/*.yaml'" in error.message


@pytest.mark.parametrize(
    "pattern", ["C:/maps/*.yaml", "d:\\\\maps\\\\*.yaml", "\\\\\\\\server\\\\maps"]
)
def test_a_windows_absolute_glob_is_a_located_config_error(tmp_path, pattern):
    """A leading `/` anchors at the workspace folder (as in .gitignore), but a drive letter
    or a network share can only be a path outside it: its maps would go unchecked."""
    (tmp_path / "journeymap.yaml").write_text(f"files:\n  - journeys/*.yaml\n  - '{pattern}'\n")
    run = validate_paths([tmp_path])
    (error,) = [f for f in run.findings if f.code == "JM002"]
    assert (error.line, error.column) == (3, 5) and run.exit_code() == 2
    assert error.message.startswith("files #2: is a Windows absolute path")
