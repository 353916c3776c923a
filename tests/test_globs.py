"""The glob matcher of files:/exclude: agrees with the regex translation it replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.globs import GlobPattern, tokenize


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
