"""The safe loader: positions, YAML 1.2 scalars, and one clear located error per rule."""

from __future__ import annotations

import time
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap import nodetree
from journeymap.findings import InputError
from journeymap.loader import load_yaml, parse_yaml
from journeymap.model.config import Limits


def error_of(text: str, limits: Limits | None = None) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "f.yaml", limits)
    return str(caught.value.finding)


def test_plain_values_follow_yaml_1_2_core_schema():
    data = parse_yaml(
        "a: no\nb: on\nc: yes\nd: true\ne: 08\nf: 0o17\ng: 0x1F\nh: ~\ni: 1.5\nj: 2026-03-14\n", "f"
    ).data
    assert data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": True,
        "e": 8,
        "f": 15,
        "g": 31,
        "h": None,
        "i": 1.5,
        "j": "2026-03-14",
    }


def test_extension_keys_are_dropped_everywhere():
    data = parse_yaml("a: 1\nx-note: hi\nb:\n  x-owner: me\n  c: 2\n", "f").data
    assert data == {"a": 1, "b": {"c": 2}}


def test_locate_points_at_value_and_key():
    loaded = parse_yaml("stages:\n  - id: need\n    steps:\n      - emotion: 5\n", "f")
    assert loaded.locate(("stages", 0, "steps", 0, "emotion")) == (4, 18)
    assert loaded.locate(("stages", 0, "steps", 0, "emotion"), key=True) == (4, 9)
    assert loaded.locate(("stages", 0, "missing")) == (2, 5)


def test_locate_follows_merge_keys():
    loaded = parse_yaml("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "f")
    assert loaded.data["c"] == {"x": 1, "y": 2}
    assert loaded.locate(("c", "x")) == (1, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first defined on line 1)"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: invalid YAML: contains more than one YAML document"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "f.yaml:1:4: unsupported tag '!!python/object/apply:os.system'",
        ),
        ("a: !vault secret\n", "f.yaml:1:4: unsupported tag '!vault'"),
        ("a: !!binary aGk=\n", "f.yaml:1:4: unsupported tag '!!binary'"),
        ("a:\n\tb: 1\n", "f.yaml:2:1: invalid YAML: a tab is used for indentation"),
        ("a: [1, 2\n", "f.yaml:2:1: invalid YAML:"),
        ("", "f.yaml:1:1: file is empty"),
        ("# just a comment\n", "f.yaml:1:1: file is empty"),
        ("a: &a [*a]\n", "f.yaml:1:4: an alias refers to the list or mapping that contains it"),
        ("a: !!int abc\n", "f.yaml:1:4: 'abc' is not a valid int"),
        ("? [a, b]\n: c\n", "f.yaml:1:3: a key must be plain text"),
        # keys YAML reads as something else than text: the key is named, not its value
        ("a: 1\n2: b\n", "f.yaml:2:1: a key must be plain text: YAML reads 2 as a number; "),
        ("a: 1\n~: b\n", "f.yaml:2:1: a key must be plain text: YAML reads ~ as nothing (null)"),
        ("a:\n  true: b\n", "f.yaml:2:3: a key must be plain text: YAML reads true as a boolean"),
        ("a:\n  - {1.5: b}\n", "f.yaml:2:6: a key must be plain text: YAML reads 1.5 as a number"),
    ],
)
def test_each_rule_gives_one_located_line(text, expected):
    message = error_of(text)
    assert message.startswith(expected)
    assert "\n" not in message


def test_deep_nesting_is_refused_before_libyaml_recurses():
    # 100k levels would overflow libyaml's recursive composer and kill the process.
    # Our event-stream check stops at max_depth; libyaml 0.2.5 as bundled with newer
    # PyYAML wheels may stop first, at its own 1,000-level flow limit. Both are one
    # located line.
    text = "[" * 100_000 + "]" * 100_000
    assert error_of(text) in (
        "f.yaml:1:65: nested deeper than 64 levels (limits.max_depth)",
        "f.yaml:1:1001: invalid YAML: while increasing flow level, exceeded maximum nesting depth",
    )


def _nesting(text: str) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


_NESTED = st.recursive(
    st.sampled_from(["x", "a b", "1"]),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(st.sampled_from(["k", "key", "a-b"]), inner, min_size=1, max_size=3)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(value=_NESTED, indent=st.integers(2, 9), flow=st.sampled_from([False, None]))
def test_depth_bound_is_never_below_the_nesting(value, indent, flow):
    # Compact sequences (``- - x``), compact mappings in sequences (``- k: x``) and
    # indentless sequences in mappings, as PyYAML writes them, at any indentation.
    # The line bound is set as tight as it can be (just above the longest line),
    # where a wrong column argument would show.
    text = yaml.safe_dump(value, indent=indent, default_flow_style=flow, width=10_000)
    longest = max(map(len, text.split("\n")))
    brackets = text.count("[") + text.count("{")
    # The argument itself: two levels a column at most, and a column is within a line.
    assert _nesting(text) <= brackets + 2 * longest
    # And the bound, which finds lines shorter than LONGEST_LINE (those shorter than
    # half of it, at least) without looking at every one.
    with mock.patch.object(nodetree, "LONGEST_LINE", 2 * (longest + 1)):
        assert nodetree.depth_bound(text) == brackets + 4 * (longest + 1)


def test_compact_nesting_on_one_long_line_is_bounded_by_the_slow_path():
    text = "a:\n " + "- " * 20_000 + "x\n"  # one line of 40,000 characters
    assert nodetree.depth_bound(text) > nodetree.LIBYAML_SAFE_DEPTH


def test_block_nesting_limit_is_configurable():
    text = "".join("  " * level + "k:\n" for level in range(10)) + "  " * 10 + "v: 1\n"
    assert "nested deeper than 5 levels" in error_of(text, Limits(max_depth=5))
    assert parse_yaml(text, "f").data["k"]["k"]


def test_billion_laughs_is_bounded_and_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.monotonic()
    message = error_of("\n".join(lines) + "\n")
    assert "more than 1,000,000 values after expanding aliases" in message
    assert time.monotonic() - started < 10


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(InputError) as caught:
        load_yaml(path, Limits(max_file_size=1000))
    assert "larger than the limit of 1,000" in caught.value.finding.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a: 1\n".encode("utf-16"), ":1:1: file is UTF-16 encoded; save it as UTF-8"),
        (b"a: 1\nb: caf\xe9\n", ":2:7: invalid UTF-8 byte 0xe9"),
        (b"a: 1\nb: x\x00y\n", ":2:5: contains a NUL byte"),
    ],
)
def test_encoding_problems_are_located(tmp_path, raw, expected):
    path = tmp_path / "enc.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert str(caught.value.finding).startswith(f"{path}{expected}")


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: caf\xc3\xa9\n")
    assert load_yaml(path).data == {"name": "café"}


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_yaml(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_yaml(tmp_path)


def test_locating_many_keys_of_one_mapping_reads_the_mapping_once(monkeypatch):
    """A file of thousands of unknown keys has a finding at each: each is found in an
    index of its mapping, made once, not by a scan of the mapping per finding (which
    made 40,000 keys take minutes)."""
    import journeymap.loader as loader

    text = "kind: persona\nid: a\n" + "".join(f"k{i}: v\n" for i in range(3000)) + "<<: {m: 1}\n"
    loaded = parse_yaml(text, "p.yaml", positions=True)
    built = []
    real = loader._mapping_index
    monkeypatch.setattr(loader, "_mapping_index", lambda node: built.append(node) or real(node))
    for i in range(3000):
        assert loaded.locate((f"k{i}",), key=True) == (i + 3, 1)
    assert loaded.locate(("m",)) == (3003, 9)  # a merged key, found after the own keys
    assert len({id(node) for node in built}) == 2  # the file's mapping and the merged one
    assert len(loaded.root.__dict__[loader._INDEX][0]) == 3002  # kind, id and k0..k2999
