"""Hostile input the YAML loader must refuse early and clearly (issue 11).

Same contract as the catalogue (``test_catalogue.py``): the real CLI in a child
process with a memory cap and a time bound; exit code, one located line, no
traceback, bounded peak memory.

| case | input | must produce |
| --- | --- | --- |
| flat-list-10mib | 10 MiB of `[a,a,…]` under an `x-` key | exit 2, max_nodes while reading, < 600 MB |
| last-list | the file's last list passes `max_nodes` | exit 2, max_nodes, also through aliases |
| long-text-aliases | 50,000 aliases of a 10 KB text | exit 2, expanded characters limit |
| limits-out-of-bounds | `max_depth: 10000`, `max_file_size: 10**12`, `10**20` | exit 2, located config error |
| deepest-limit | `max_depth: 256` with 300 and 250 levels | depth error / loaded, no RecursionError |
| fifo, socket | special files named `*.yaml` in a folder, or beside the file validated | exit 2, "not a regular file", no hang |
| columns | multi-byte text, CR-only lines, U+2028 | line:col as an editor shows them |
| keys-by-type | `1:` and `true:` in one mapping | no "duplicate key"; `1:` twice still is |
| tag-on-scalar | `!!seq foo` | exit 2, the tag and the value named |
"""

from __future__ import annotations

import os
import re
import socket

import pytest
from test_catalogue import assert_clean_failure, run

PERSONA = "kind: persona\nid: sam\nname: Sam\n"


def _write(path, text):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_ten_mib_flat_list_stops_while_reading(tmp_path):
    """Reading stops at max_nodes: memory follows the limit, not the file (1.6 GB before).

    The limit is lowered so that the child stays within the time bound on a busy
    machine; with the default of 1,000,000 values the same file peaks near 340 MB.
    """
    _write(tmp_path / "journeymap.yaml", "limits: {max_nodes: 200000}\n")
    source = tmp_path / "flat.yaml"
    with source.open("w") as handle:
        handle.write(PERSONA + "x-pad: [")
        handle.write("a," * (5 * 1024 * 1024 - 30))
        handle.write("a]\n")
    assert source.stat().st_size <= 10 * 1024 * 1024
    outcome = run("validate", "flat.yaml", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"flat\.yaml:4:\d+: .*more than 200,000 values \(limits\.max_nodes\)"
    )
    assert outcome.peak_kib < 160 * 1024, f"peak memory {outcome.peak_kib} KiB"


def test_the_last_list_cannot_slip_past_max_nodes(tmp_path):
    _write(tmp_path / "journeymap.yaml", "limits: {max_nodes: 40}\n")
    _write(tmp_path / "last.yaml", PERSONA + "goals: [" + ", ".join(["g"] * 40) + "]\n")
    outcome = run("validate", "last.yaml", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"last\.yaml:4:\d+: .*more than 40 values")


def test_the_last_aliased_list_cannot_slip_past_max_nodes(tmp_path):
    _write(tmp_path / "journeymap.yaml", "limits: {max_nodes: 40}\n")
    goals = "[" + ", ".join(["g"] * 10) + "]"
    _write(tmp_path / "alias.yaml", PERSONA + f"x-goals: &g {goals}\ngoals: [*g, *g, *g, *g]\n")
    outcome = run("validate", "alias.yaml", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"alias\.yaml:4:10: .*more than 40 values after expanding aliases"
    )


def test_aliases_of_a_long_text_are_bounded(tmp_path):
    source = tmp_path / "echo.yaml"
    text = "x" * 10_000
    _write(source, PERSONA + f"x-text: &t {text}\ngoals:\n" + "- *t\n" * 50_000)
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(
        outcome,
        2,
        r"echo\.yaml:6:1: .*more than 41,943,040 characters of text after expanding aliases "
        r"\(limits\.max_expanded_chars\)",
    )


def test_expanded_text_limit_is_configurable(tmp_path):
    _write(tmp_path / "journeymap.yaml", "limits: {max_expanded_chars: 100}\n")
    _write(tmp_path / "few.yaml", PERSONA + "x-t: &t " + "y" * 40 + "\ngoals: [*t, *t, *t]\n")
    outcome = run("validate", "few.yaml", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"few\.yaml:5:8: .*more than 100 characters of text")
    _write(tmp_path / "journeymap.yaml", "limits: {max_expanded_chars: 1000}\n")
    assert run("validate", "few.yaml", cwd=tmp_path, tmp=tmp_path).code == 0


@pytest.mark.parametrize(
    ("limits", "pattern"),
    [
        ("{max_depth: 10000}", r":1:21: .*max_depth: must be at most 256"),
        ("{max_file_size: 1000000000000}", r":1:25: .*max_file_size: must be at most 1073741824"),
        (
            "{max_file_size: 100000000000000000000}",
            r":1:25: .*max_file_size: must be at most 1073741824",
        ),
        ("{max_nodes: 1000000000}", r":1:21: .*max_nodes: must be at most 10000000"),
    ],
)
def test_limits_beyond_what_the_loader_honours(tmp_path, limits, pattern):
    _write(tmp_path / "journeymap.yaml", f"limits: {limits}\n")
    _write(tmp_path / "sam.yaml", PERSONA)
    outcome = run("validate", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"journeymap\.yaml" + pattern)
    assert "internal error" not in outcome.output


@pytest.mark.parametrize(("levels", "code"), [(300, 2), (250, 1)])
def test_the_deepest_limit_is_honoured(tmp_path, levels, code):
    _write(tmp_path / "journeymap.yaml", "limits: {max_depth: 256}\n")
    _write(tmp_path / "deep.yaml", PERSONA + "goals: " + "[" * levels + "]" * levels + "\n")
    outcome = run("validate", "deep.yaml", cwd=tmp_path, tmp=tmp_path)
    assert "Traceback" not in outcome.output and "internal error" not in outcome.output
    if code == 2:
        assert_clean_failure(outcome, 2, r"deep\.yaml:4:\d+: .*nested deeper than 256 levels")
    else:  # read; the model then refuses a list where a text belongs
        assert_clean_failure(outcome, 2, r"deep\.yaml:4:9: .*goals #1: must be text")


def test_special_files_in_a_folder_are_named_not_read(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    _write(folder / "sam.yaml", PERSONA)
    os.mkfifo(folder / "q.yaml")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "s.yaml"))
        outcome = run("validate", folder, tmp=tmp_path)
    finally:
        server.close()
    assert_clean_failure(outcome, 2, r"q\.yaml: .*not a regular file \(a named pipe \(FIFO\)\)")
    assert re.search(r"s\.yaml: .*not a regular file \(a socket\)", outcome.output)


def test_a_fifo_beside_the_file_validated_does_not_hang(tmp_path):
    """Validating one file of a workspace reads the others too (for references)."""
    _write(tmp_path / "journeymap.yaml", 'files: ["maps/*.yaml"]\n')
    (tmp_path / "maps").mkdir()
    _write(tmp_path / "maps" / "sam.yaml", PERSONA)
    os.mkfifo(tmp_path / "maps" / "q.yaml")
    outcome = run("validate", "maps/sam.yaml", cwd=tmp_path, tmp=tmp_path)
    assert outcome.code == 0, outcome.output
    outcome = run("validate", "maps", cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"q\.yaml: .*not a regular file")


def test_a_fifo_given_directly_does_not_hang(tmp_path):
    fifo = tmp_path / "q.yaml"
    os.mkfifo(fifo)
    outcome = run("validate", fifo, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"q\.yaml: .*not a regular file")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        # a control character after multi-byte text: libyaml counts its offset in bytes
        (PERSONA.replace("Sam", '"Zoë 😀\t\x01"'), r":3:14: .*control character U\+0001"),
        # old-Mac line endings (CR only)
        ("kind: persona\rid: sam\rname: Sam\rgoals: [x, \x01]\r", r":4:12: .*U\+0001"),
        (
            "kind: persona\rid: sam\rname: Sam\rgoals: [x, 7]\r",
            r":4:12: .*goals #2: must be text",
        ),
        # U+2028 inside a value: a line break for libyaml, not for an editor
        (PERSONA + 'quote: "a\u2028b"\ngoals: [x, 7]\n', r":5:12: .*goals #2: must be text"),
        # multi-byte text before the value: columns count characters, not bytes
        (PERSONA + 'goals: ["é😀", x, 7]\n', r":4:18: .*goals #3: must be text"),
    ],
    ids=["multibyte-control", "cr-control", "cr-schema", "line-separator", "multibyte-schema"],
)
def test_columns_are_what_an_editor_shows(tmp_path, text, pattern):
    source = tmp_path / "col.yaml"
    _write(source, text)
    assert_clean_failure(run("validate", source, tmp=tmp_path), 2, r"col\.yaml" + pattern)


def test_keys_are_text_and_compared_as_text(tmp_path):
    """`1` and `true` are not one key (1 == True in Python): the first is refused as a
    number, not reported as a duplicate; quoted, a repeated key is a duplicate."""
    source = _write(tmp_path / "keys.yaml", PERSONA + "x-keys: 1\ngoals:\n- {1: a, true: b}\n")
    outcome = run("validate", source, tmp=tmp_path)
    assert "duplicate key" not in outcome.output
    assert_clean_failure(
        outcome, 2, r"keys\.yaml:6:4: .*a key must be plain text: YAML reads 1 as a number"
    )
    _write(source, PERSONA + "goals:\n- {'1': a, '1': b}\n")
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"keys\.yaml:5:12: .*duplicate key '1' \(first defined on line 5\)"
    )


def test_a_collection_tag_on_a_single_value(tmp_path):
    source = _write(tmp_path / "tag.yaml", PERSONA + "goals: !!seq foo\n")
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"tag\.yaml:4:8: .*'!!seq' marks a list, but 'foo' is a single value"
    )
    assert "merge" not in outcome.output
