"""The one sanitiser of user text in reports."""

from __future__ import annotations

import os

import pytest

from journeymap.safetext import clean, clean_block, clean_data, clean_line_start


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, Zoë ✓", "plain text, Zoë ✓"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\x1b]8;;http://evil\x07link", "\\x1b]8;;http://evil\\x07link"),
        ("line\n::error::x", "line\\x0a::error::x"),
        ("cr\rtab\t", "cr\\x0dtab\\x09"),
        ("nel\x85c1\x9b", "nel\\x85c1\\x9b"),
        ("rlo\u202eisolate\u2066", "rlo\\u202eisolate\\u2066"),
        ("sep\u2028para\u2029", "sep\\u2028para\\u2029"),
        (os.fsdecode(b"caf\xe9.yaml"), "caf\\xe9.yaml"),
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_clean_makes_every_unsafe_character_visible(raw, shown):
    assert clean(raw) == shown
    shown.encode("utf-8")  # always encodable


def test_clean_data_walks_keys_and_values():
    data = {"k\x1b": ["v\n", 3, None, {"x": "\u202e"}], "n": 1.5}
    assert clean_data(data) == {"k\\x1b": ["v\\x0a", 3, None, {"x": "\\u202e"}], "n": 1.5}


def test_a_line_never_starts_with_a_workflow_command():
    assert clean_line_start("::error::x.yaml") == "./::error::x.yaml"
    assert clean_line_start("maps/x.yaml") == "maps/x.yaml"


def test_clean_block_keeps_line_feeds_and_tabs_only():
    assert clean_block("a\n\tb\r\x1b") == "a\n\tb\\x0d\\x1b"
