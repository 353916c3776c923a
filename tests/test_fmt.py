"""``journeymap fmt``: one layout, nothing lost.

The formatter must never change what a file says: every test compares the data
before and after, as journeymap reads it and as ruamel reads it (which keeps the
``x-*`` keys journeymap drops).
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.findings import InputError
from journeymap.format import format_text
from journeymap.format.roundtrip import load_roundtrip, plain
from journeymap.loader import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("*.yaml"))
HOSTILE = sorted((ROOT / "tests" / "hostile" / "fixtures").glob("*.yaml"))
EXAMPLES_PER_PROPERTY = int(os.environ.get("JM_FUZZ_EXAMPLES", "60"))


def fmt(text: str, name: str = "map.yaml") -> str:
    return format_text(text, name, is_config=name.endswith("journeymap.yaml"))


def assert_same_data(before: str, after: str) -> None:
    assert parse_yaml(after, "after").data == parse_yaml(before, "before").data
    assert plain(load_roundtrip(after, "after")) == plain(load_roundtrip(before, "before"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_keep_their_data_and_format_is_idempotent(path):
    text = path.read_text(encoding="utf-8")
    once = fmt(text, path.name)
    assert_same_data(text, once)
    assert fmt(once, path.name) == once
    assert once.endswith("\n") and not once.endswith("\n\n")


EXAMPLE_WORKSPACES = sorted(path.parent for path in (ROOT / "examples").rglob("journeymap.yaml"))


def test_every_example_workspace_is_already_formatted(cli):
    """CI's ``fmt --check`` on the examples stays clean: they show the layout fmt writes."""
    assert len(EXAMPLE_WORKSPACES) >= 3
    for workspace in EXAMPLE_WORKSPACES:
        result = cli("fmt", "--check", workspace)
        assert result.exit_code == 0, result.stdout + result.stderr
        assert "0 files would be reformatted" in result.stdout + result.stderr


def _comment_lines(text: str) -> list[str]:
    return sorted(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_keep_every_comment_line(path):
    text = path.read_text(encoding="utf-8")
    assert _comment_lines(fmt(text, path.name)) == _comment_lines(text)


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_files_are_kept_or_refused_like_validate_refuses_them(path, cli, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    try:
        loaded = load_yaml(copy, display=str(copy))
    except InputError as error:
        result = cli("fmt", copy)
        assert result.exit_code == 2
        assert f"journeymap: {error.finding}\n" in result.stderr
        assert "Traceback" not in result.stderr
        assert copy.read_bytes() == path.read_bytes()
        return
    result = cli("fmt", copy)
    assert result.exit_code == 0, result.stderr
    once = copy.read_text(encoding="utf-8")
    assert_same_data(loaded.text or "", once)
    assert fmt(once, path.name) == once


OUT_OF_ORDER = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
id: demo   # the id
kind: journey
x-reviewed-by: ana
stages:
    # the first stage
-   name: Need something   # the customer's words
    id: need
    steps:
    -   {name: Notices the gap, id: notice-gap, emotion: -1}
    -   emotion: 1
        # renamed after the June interviews
        name: "Compares tools"
        id: compare-tools
        x-source: interview 7
        pain_points: [Too many tabs, "Pricing: unclear"]
        description: |
          # a line of text, not a comment
          Second line

    # journeymap: disable=JM201
-   steps: []
    id: decide
    name: 'Decide & buy'
    phase: purchase
title: Demo journey
"""

EXPECTED = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
kind: journey
id: demo   # the id
title: Demo journey
stages:
    # the first stage
  - id: need
    name: Need something   # the customer's words
    steps:
      - {id: notice-gap, name: Notices the gap, emotion: -1}
      - id: compare-tools
        # renamed after the June interviews
        name: Compares tools
        description: |
          # a line of text, not a comment
          Second line
        emotion: 1
        pain_points: [Too many tabs, "Pricing: unclear"]
        x-source: interview 7

    # journeymap: disable=JM201
  - id: decide
    name: Decide & buy
    phase: purchase
    steps: []
x-reviewed-by: ana
"""


def test_keys_follow_the_schema_and_comments_stay_with_their_key():
    assert fmt(OUT_OF_ORDER) == EXPECTED
    assert_same_data(OUT_OF_ORDER, EXPECTED)


def test_data_mappings_keep_the_authors_order(write):
    config = """\
    teams:
      support: Support
      billing: Billing
    lint: {fail_on: warning, select: [ALL]}
    glossary:
      lifecycle: journey
      churn rate: logo churn
    files: [journeys/*.yaml]
    """
    path = write("journeymap.yaml", config)
    out = fmt(path.read_text(), "journeymap.yaml")
    assert out == (
        "files: [journeys/*.yaml]\n"
        "lint: {select: [ALL], fail_on: warning}\n"
        "glossary:\n  lifecycle: journey\n  churn rate: logo churn\n"
        "teams:\n  support: Support\n  billing: Billing\n"
    )


def test_quotes_only_where_yaml_needs_them():
    """YAML 1.1 readers (PyYAML, many CI linters) included: `no`, `on` and `12:30` stay
    quoted, or they would read a boolean and a number where journeymap reads text."""
    text = (
        'kind: persona\nid: "sam"\nname: "Sam, manager"\nrole: "no"\nquote: "Nobody: told me."\n'
        'goals: [\'08\', "yes", "#1 goal", "1_000 posts", "on", "12:30", "Yes we can"]\n'
    )
    out = fmt(text)
    assert out == (
        'kind: persona\nid: sam\nname: Sam, manager\nrole: "no"\n'
        'goals: ["08", "yes", "#1 goal", 1_000 posts, "on", "12:30", Yes we can]\n'
        'quote: "Nobody: told me."\n'
    )
    assert yaml.safe_load(out)["goals"][1:] == yaml.safe_load(text)["goals"][1:]  # as PyYAML reads
    assert_same_data(text, out)


def test_needed_quotes_are_double_unless_the_text_holds_a_double_quote_or_backslash():
    text = "kind: persona\nid: sam\nname: 'Sam: manager'\ngoals: ['a \"b\": c', 'x: \\y', '%']\n"
    out = fmt(text)
    assert out == (
        'kind: persona\nid: sam\nname: "Sam: manager"\ngoals: [\'a "b": c\', \'x: \\y\', "%"]\n'
    )
    assert_same_data(text, out)


@pytest.mark.parametrize("first", ["\r\n", "\n"])
def test_line_ends_follow_the_first_line_end_on_every_line(first):
    """A Windows file stays CRLF, comment lines included; a mixed file takes its first."""
    text = (
        f"kind: persona{first}id: p\r\n# a comment\r\nname: A # trailing\ngoals:\r\n  - x  # c\r\n"
    )
    result = format_text(text, "p.yaml")
    lines = result.splitlines(keepends=True)
    assert all(line.endswith(first) and "\r" not in line.removesuffix(first) for line in lines)
    assert format_text(result, "p.yaml") == result


def test_fmt_dash_formats_standard_input_to_standard_output(cli, tmp_path, monkeypatch):
    """`fmt -` as an editor's format-on-save pipes a buffer through it."""
    monkeypatch.chdir(tmp_path)
    text = "id: p\nkind: persona\nname: 'yes'\n"
    result = cli("fmt", "-", input=text)
    assert result.exit_code == 0 and result.stdout == 'kind: persona\nid: p\nname: "yes"\n'
    check = cli("fmt", "--check", "-", input=text)
    assert check.exit_code == 1 and check.stdout == ""
    broken = cli("fmt", "-", input="kind: [\n")
    assert broken.exit_code == 2 and "<stdin>:2:1: invalid YAML" in broken.stderr
    assert "give it alone" in cli("fmt", "-", "x.yaml", input=text).stderr
    config = cli("fmt", "-", input="lint:\n  fail_on: error\nfiles: [a.yaml]\n")
    assert config.stdout == format_text(
        "lint:\n  fail_on: error\nfiles: [a.yaml]\n", "c", is_config=True
    )


def test_indentation_is_made_consistent():
    text = "kind: persona\nid: sam\nname: Sam\ngoals:\n- One\n-    Two\nfrustrations:\n        - Three\n"
    assert fmt(text) == (
        "kind: persona\nid: sam\nname: Sam\ngoals:\n  - One\n  - Two\nfrustrations:\n  - Three\n"
    )


def test_unparseable_file_is_refused_with_a_located_error_and_left_untouched(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"kind: journey\nid: x\nstages: [\n")
    before = path.stat()
    result = cli("fmt", path)
    assert result.exit_code == 2
    assert f"{path}:4:1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"kind: journey\nid: x\nstages: [\n"
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_check_names_the_files_and_changes_nothing(cli, tmp_path):
    messy = tmp_path / "messy.yaml"
    messy.write_text("id: sam\nkind: persona\nname: 'Sam'\n")
    tidy = tmp_path / "tidy.yaml"
    tidy.write_text("kind: persona\nid: dana\nname: Dana\n")
    result = cli("fmt", "--check", tmp_path)
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.stdout
    assert str(tidy) not in result.stdout
    assert "1 file would be reformatted, 1 file already formatted." in result.stderr
    assert messy.read_text() == "id: sam\nkind: persona\nname: 'Sam'\n"

    diff = cli("fmt", "--diff", messy)
    assert diff.exit_code == 1
    assert "+kind: persona\n id: sam\n-kind: persona\n-name: 'Sam'\n+name: Sam\n" in diff.stdout
    assert messy.read_text() == "id: sam\nkind: persona\nname: 'Sam'\n"

    assert cli("fmt", tmp_path).exit_code == 0
    assert messy.read_text() == "kind: persona\nid: sam\nname: Sam\n"
    assert cli("fmt", "--check", tmp_path).exit_code == 0


def test_fmt_without_paths_formats_the_workspace_and_the_config(cli, tmp_path, monkeypatch):
    (tmp_path / "journeymap.yaml").write_text("lint: {fail_on: error}\nfiles: ['*.yaml']\n")
    (tmp_path / "sam.yaml").write_text("id: sam\nkind: persona\nname: Sam\n")
    monkeypatch.chdir(tmp_path)
    result = cli("fmt")
    assert result.exit_code == 0, result.stderr
    assert (
        tmp_path / "journeymap.yaml"
    ).read_text() == 'files: ["*.yaml"]\nlint: {fail_on: error}\n'
    assert (tmp_path / "sam.yaml").read_text() == "kind: persona\nid: sam\nname: Sam\n"


def test_a_symlinked_map_is_formatted_through_the_link(cli, tmp_path, monkeypatch):
    """The file the link points at is formatted; the link stays a link (not a copy)."""
    (tmp_path / "journeymap.yaml").write_text("files: ['personas/*.yaml']\n")
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "sam.yaml"
    real.write_text("id: sam\nkind: persona\nname:    Sam\n")
    (tmp_path / "personas").mkdir()
    link = tmp_path / "personas" / "sam.yaml"
    link.symlink_to("../shared/sam.yaml")
    monkeypatch.chdir(tmp_path)
    for args in (["personas/sam.yaml"], []):
        result = cli("fmt", *args)
        assert result.exit_code == 0, result.stderr
        assert link.is_symlink() and link.readlink() == Path("../shared/sam.yaml")
        assert real.read_text() == "kind: persona\nid: sam\nname: Sam\n"
        real.write_text("id: sam\nkind: persona\nname:    Sam\n")


def test_a_symlink_out_of_the_workspace_is_neither_read_nor_written(cli, tmp_path, monkeypatch):
    """validate does not follow such a link; fmt must not copy the file into the workspace."""
    workspace, elsewhere = tmp_path / "maps", tmp_path / "elsewhere"
    workspace.mkdir()
    elsewhere.mkdir()
    (workspace / "journeymap.yaml").write_text("files: ['*.yaml']\n")
    secret = elsewhere / "secret.yaml"
    secret.write_text("id: x\nkind: persona\nname:    X\n")
    link = workspace / "x.yaml"
    link.symlink_to(secret)
    monkeypatch.chdir(workspace)
    for args in (["x.yaml"], []):
        result = cli("fmt", *args)
        assert result.exit_code == 2
        assert f"x.yaml: is a symlink to {secret}, outside the workspace" in result.stderr
        assert link.is_symlink() and secret.read_text() == "id: x\nkind: persona\nname:    X\n"


def test_a_failed_write_leaves_the_file_as_it_was(cli, tmp_path, monkeypatch):
    path = tmp_path / "sam.yaml"
    path.write_text("id: sam\nkind: persona\nname: Sam\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("journeymap.atomic.os.fsync", broken_fsync)
    result = cli("fmt", path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert path.read_text() == "id: sam\nkind: persona\nname: Sam\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sam.yaml"]


def test_pre_commit_has_a_check_hook():
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert hooks["journeymap-fmt"]["entry"] == "journeymap fmt --check"
    assert hooks["journeymap-fmt"]["pass_filenames"] is True


# Hypothesis: journey maps with keys in any order, any flow/block style, and text
# that tempts a formatter to drop quotes it needs.

TRICKY = st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "08",
        "0o17",
        "1_000",
        "1e5",
        "+45",
        "-1",
        ".inf",
        "null",
        "~",
        "true",
        "#hash",
        "a: b",
        "- dash",
        "it's",
        'say "hi"',
        "2026-09-15",
        " lead",
        "trail ",
        "@at",
        "`tick",
        "%pct",
        "ünïcode ✓",
        "multi\nline",
        "tab\there",
        "",
        "*star",
        "&amp",
        "!bang",
        "{brace",
        "[bracket",
        "a #b",
        "?q",
        "|pipe",
        ">gt",
    ]
)
WORDS = st.text(alphabet=string.ascii_letters + " ,.'-:#\"", min_size=1, max_size=30)
TEXT = st.one_of(TRICKY, WORDS)
SLUG = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z")


def shuffled(draw: st.DrawFn, mapping: dict) -> dict:
    keys = draw(st.permutations(list(mapping)))
    return {key: mapping[key] for key in keys}


@st.composite
def journeys(draw: st.DrawFn) -> dict:
    stages = []
    for index in range(draw(st.integers(1, 3))):
        steps = [
            shuffled(
                draw,
                {
                    "id": f"s{index}-{n}",
                    "name": draw(TEXT),
                    "emotion": draw(st.integers(-2, 2)),
                    "pain_points": draw(st.lists(TEXT, max_size=3)),
                    "moment_of_truth": draw(st.booleans()),
                    **({"x-note": draw(TEXT)} if draw(st.booleans()) else {}),
                },
            )
            for n in range(draw(st.integers(0, 3)))
        ]
        stage = {"id": f"stage-{index}", "name": draw(TEXT), "steps": steps}
        if draw(st.booleans()):
            stage["quotes"] = [shuffled(draw, {"text": draw(TEXT), "source": "interview"})]
        stages.append(shuffled(draw, stage))
    return shuffled(
        draw, {"kind": "journey", "id": draw(SLUG), "title": draw(TEXT), "stages": stages}
    )


@settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=journeys(), flow=st.sampled_from([False, None]), indent=st.sampled_from([2, 4]))
def test_generated_maps_keep_their_data(data, flow, indent):
    text = yaml.safe_dump(
        data, sort_keys=False, default_flow_style=flow, indent=indent, allow_unicode=True
    )
    once = fmt(text)
    assert_same_data(text, once)
    assert fmt(once) == once
    model_order = list(parse_yaml(once, "x").data)
    assert model_order[:2] == ["kind", "id"]
