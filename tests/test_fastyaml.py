"""The compiled-parser fast path gives libyaml's data and findings, or refuses the file.

``fastyaml.fast_data`` hands plain files to yaml-rs (the ``fast`` extra, installed
with ``test``). Whatever it takes, the libyaml path must read to the same data;
whatever it refuses goes to libyaml. Checked on every example, the hostile
catalogue, the YAML test suite, generated maps and mutations of all of them,
and end to end: validate's findings (positions included) are the same with and
without it.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import fastyaml
from journeymap.findings import InputError
from journeymap.loader import parse_yaml
from journeymap.model.config import Limits
from journeymap.textpos import Memo, _multi_line_quoted, plain_offset, simple_layout
from journeymap.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate_workspace  # noqa: E402

SUITE = json.loads((ROOT / "tests/data/yaml-test-suite/cases.json").read_text(encoding="utf-8"))
FILES = sorted(
    [
        *(ROOT / "examples").rglob("*.yaml"),
        *(ROOT / "tests/hostile/fixtures").rglob("*.yaml"),
        *(ROOT / "src/journeymap/starter").rglob("*.yaml"),
    ]
)
FUZZ = settings(
    max_examples=int(os.environ.get("JM_FUZZ_EXAMPLES", "150")),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("JM_FUZZ_EXAMPLES") is None,
)


@pytest.fixture(autouse=True)
def _warm(monkeypatch):
    """Every file may take the fast path, from the first (see ``fastyaml.WARM_UP``)."""
    monkeypatch.setattr(fastyaml, "_warm", fastyaml.WARM_UP)


def test_a_run_of_a_few_maps_does_not_start_the_fast_path(monkeypatch):
    monkeypatch.setattr(fastyaml, "_warm", 0)
    small = "kind: persona\nid: p\n"
    assert fastyaml.fast_data(small, Limits()) is None  # read by libyaml: no import
    assert fastyaml._warm == len(small)
    monkeypatch.setattr(fastyaml, "_warm", fastyaml.WARM_UP - 1)
    assert fastyaml.fast_data(small, Limits()) is None
    assert fastyaml.fast_data(small, Limits()) == {"kind": "persona", "id": "p"}


def same(fast: Any, slow: Any) -> bool:
    """Equal data, types and key order included (1 is not True, NaN equals NaN)."""
    if type(fast) is not type(slow):
        return False
    if isinstance(fast, dict):
        return list(fast) == list(slow) and all(same(fast[k], slow[k]) for k in fast)
    if isinstance(fast, list):
        return len(fast) == len(slow) and all(map(same, fast, slow))
    if isinstance(fast, float) and math.isnan(fast):
        return math.isnan(slow)
    return fast == slow


def agrees(text: str, limits: Limits | None = None) -> bool:
    """Assert that the fast path refuses ``text`` or reads it as libyaml does; True if taken."""
    limits = limits or Limits()
    fast = fastyaml.fast_data(text, limits)
    if fast is None:
        return False
    try:
        slow = parse_yaml(text, "f.yaml", limits, positions=True).data
    except InputError as error:
        raise AssertionError(f"fast path took {text!r}, libyaml refuses it: {error}") from None
    assert same(fast, slow), (text, fast, slow)
    return True


def test_examples_and_fixtures_agree_and_the_examples_take_the_fast_path():
    taken = {path.relative_to(ROOT).as_posix() for path in FILES if agrees(_read(path))}
    examples = {p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").rglob("*.yaml")}
    assert examples <= taken  # realistic maps, comments and prose included
    refused = {"tests/hostile/fixtures/" + name for name in ("merge-bomb.yaml", "tab-indent.yaml")}
    assert not refused & taken


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def test_the_yaml_test_suite_agrees():
    taken = [case["id"] for case in SUITE if agrees(case["yaml"])]
    assert len(taken) >= 30  # plain mappings of the suite do take the fast path


def test_generated_maps_agree_and_take_the_fast_path(tmp_path):
    for names in ("distinct", "vocabulary"):
        workspace = generate_workspace(tmp_path / names, 4, 7, names=names, findings=True)
        for path in workspace.files:
            assert agrees(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [ls]\n",
        "a: !vault secret\n",
        "a: &x 1\nb: *x\n",
        "base: &b {k: 1}\nc:\n  <<: *b\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a:\n\t- 1\n",
        "a: 1_000\n",
        "a: 0X1F\n",
        "a: 0b101\n",
        "a: +0x1F\n",
        "a: .Inf\n",
        "a: 1e5\n",
        "a: x\x85y\n",
        "a: x\u2028y\n",
        "a: x\x07y\n",
        "a: 1\ra: 2\r",
        "a: 1\na: 2\n",  # duplicate keys: libyaml names both lines
        "1: a\n",  # keys that are not text
        "? [a]\n: b\n",
        "[a, b]\n",  # not a mapping
        "a: [http://x.example, b]\n",  # YAML 1.2 flow rules
        "a: {b: c}: d\n",
        "a: |\n",  # a block text with no line at the end
        "a: b",  # no line end
        "a: " + "9" * 4_400 + "\n",  # past Python's int conversion limit
    ],
)
def test_files_the_parsers_could_read_differently_take_the_libyaml_path(text):
    assert fastyaml.fast_data(text, Limits()) is None


def test_extension_keys_are_dropped_as_the_constructor_drops_them():
    text = "a: 1\nx-note: hi\nb:\n  - x-owner: me\n    c: [d, e]\n"
    assert fastyaml.fast_data(text, Limits()) == {"a": 1, "b": [{"c": ["d", "e"]}]}
    assert agrees(text)


def test_limits_are_left_to_libyaml():
    deep = "a:\n" + "".join("  " * level + "- \n" for level in range(1, 70))
    assert fastyaml.fast_data(deep, Limits()) is None
    with pytest.raises(InputError, match="max_depth"):
        parse_yaml(deep, "f.yaml")
    small = Limits(max_nodes=10)
    assert fastyaml.fast_data("a: b\nc: d\n", small) is None


def test_positions_come_from_libyaml_when_asked_for():
    loaded = parse_yaml("kind: journey\nstages:\n  - id: a\n    name: 'A'\n", "f.yaml")
    assert loaded._root is None  # taken by the fast path: no node tree yet
    assert loaded.locate(("stages", 0, "name")) == (4, 11)
    assert loaded.locate(("stages", 0, "name"), key=True) == (4, 5)


def test_the_test_extra_installs_the_tested_yaml_rs():
    assert fastyaml.available()  # CI exercises the fast path, not only the fallback


@pytest.mark.parametrize("how", ["not installed", "untested version", "switched off"])
def test_without_yaml_rs_everything_takes_the_libyaml_path(monkeypatch, how):
    if how == "not installed":
        monkeypatch.setitem(sys.modules, "yaml_rs", None)  # import raises ImportError
    elif how == "untested version":
        monkeypatch.setattr(fastyaml, "TESTED_VERSIONS", frozenset({"0.0.1"}))
    else:
        monkeypatch.setenv(fastyaml.SWITCH, "0")
    fastyaml._yaml_rs.cache_clear()
    try:
        assert not fastyaml.available()
        loaded = parse_yaml("a: 1\n", "f.yaml")
        assert loaded._root is not None and loaded.data == {"a": 1}
    finally:
        monkeypatch.undo()
        fastyaml._yaml_rs.cache_clear()
    assert fastyaml.available()


def _findings(root: Path) -> list[tuple[Any, ...]]:
    run = validate_paths([root])
    return [(f.path, f.line, f.column, f.code, f.severity, f.message, f.hint) for f in run.findings]


@pytest.mark.parametrize("names", ["vocabulary", "distinct"])
def test_validate_finds_the_same_with_and_without_the_fast_path(tmp_path, monkeypatch, names):
    workspace = generate_workspace(tmp_path / "w", 6, 3, names=names, findings=True)
    broken = workspace.journeys[0]
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("kind: journey", "kind: journey\nsurprise: 1"),
        encoding="utf-8",
    )
    fast = _findings(workspace.root)
    monkeypatch.setattr(fastyaml, "_yaml_rs", lambda: None)
    slow = _findings(workspace.root)
    assert fast == slow
    assert len({finding[0] for finding in fast}) >= 6  # findings in every map, located


def test_examples_validate_the_same_with_and_without_the_fast_path(monkeypatch):
    roots = sorted({path.parent for path in (ROOT / "examples").rglob("journeymap.yaml")})
    fast = [_findings(root) for root in roots]
    monkeypatch.setattr(fastyaml, "_yaml_rs", lambda: None)
    assert fast == [_findings(root) for root in roots]


# --- generated data and mutations ------------------------------------------------------

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
_SPECIAL = [
    "yes", "no", "on", "off", "~", "null", "True", "FALSE", "1_000", "0x1F", "0X1F", "0o17",
    "0O17", "0b11", "+1", "-0", "012", "1e3", "1E-3", ".5", "1.", ".inf", ".NaN", "2026-03-14",
    "12:30", "http://x.example", "a: b", "- a", "#x", "x #y", "Q&A", "*bold*", "!!str", "<<",
    "%", "@x", "'", '"', "[a]", "{a}", "é—ü", "",
]  # fmt: skip
"""Texts that YAML 1.1, YAML 1.2 and yaml-rs read in different ways when plain."""
_SCALAR = st.one_of(
    _TEXT,
    st.sampled_from(_SPECIAL),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
_KEY = st.one_of(st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True), _TEXT)
_DATA = st.dictionaries(
    _KEY,
    st.recursive(
        _SCALAR,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEY, inner, max_size=4),
        max_leaves=20,
    ),
    min_size=1,
    max_size=6,
)
_STYLE = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, None, True]),
        "default_style": st.sampled_from([None, "'", '"', "|", ">"]),
        "allow_unicode": st.booleans(),
        "width": st.sampled_from([20, 80, 1000]),
        "indent": st.sampled_from([2, 4]),
        "explicit_start": st.booleans(),
    }
)


@FUZZ
@given(data=_DATA, style=_STYLE)
def test_generated_documents_agree(data, style):
    agrees(yaml.safe_dump(data, sort_keys=False, **style))


_PIECES = [
    " ", "\n", "  ", "- ", ": ", ":", "#", " #", "'", '"', "|", ">", "|-", ">+", "|2", "\\",
    "[", "]", "{", "}", ",", "?", "&a", "*a", "!", "---", "...", "\t", "\r\n", "\r", "x-",
    "1_0", "0x1", "1e5", ".inf", "\u2028", "\x85", "%", "@", "<<", "a", "é", "\n  ", "\n- ",
]  # fmt: skip


@FUZZ
@given(
    seed=st.sampled_from(
        [case["yaml"] for case in SUITE if not case["error"]][:120]
        + [_read(path)[:600] for path in FILES if "examples" in path.parts][:30]
    ),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(_PIECES), st.integers(0, 3)), max_size=4
    ),
)
def test_mutated_documents_agree(seed, edits):
    text = seed
    for where, piece, cut in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    agrees(text)


# --- positions found in the text (textpos) ---------------------------------------------


def _pointers(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every pointer into ``data``, and some that leave it (a missing key, a bad index)."""
    found = [prefix]
    if isinstance(data, (dict, list)) and len(prefix) % 2:
        found += [(*prefix, "no-such-key"), (*prefix, 99), (*prefix, 0, "x")]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_pointers(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_pointers(value, (*prefix, index)))
    return found


def places_alike(text: str) -> int:
    """Assert that every value and key found in the text stands where libyaml puts it.

    Returns how many were found in the text (the rest were left to libyaml)."""
    if fastyaml.fast_data(text, Limits()) is None or not simple_layout(text):
        return 0
    fast = parse_yaml(text, "f.yaml")
    slow = parse_yaml(text, "f.yaml", positions=True)
    found = 0
    pointers = _pointers(fast.data)
    # What one search found is kept for the next (``Memo``), in file order or not.
    for order in (pointers, pointers[::-1]):
        memo = Memo()
        for pointer in order:
            for key in (False, True):
                offset = plain_offset(text, fast.data, pointer, key=key, memo=memo)
                if offset is None:
                    continue
                found += 1
                where = (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
                assert where == slow.locate(pointer, key=key), (text, pointer, key)
    return found


def placed_alike_without_the_fast_path(text: str) -> int:
    """Assert that a file libyaml read, once released, is placed in its text (when the
    fast path's scan passes it) where libyaml's node tree puts every value and key.

    Returns how many pointers were placed in the text (0 when the file is not plain)."""
    try:
        libyaml = parse_yaml(text, "f.yaml", positions=True)  # read by libyaml
        tree = parse_yaml(text, "f.yaml", positions=True)
    except InputError:
        return 0
    pointers = _pointers(libyaml.data)
    libyaml.release()
    if not libyaml._text_places():
        return 0
    for pointer in pointers:
        for key in (False, True):
            assert libyaml.locate(pointer, key=key) == tree.locate(pointer, key=key), (
                text,
                pointer,
                key,
            )
    return len(pointers)


def places_both_ways(text: str) -> int:
    return places_alike(text) + placed_alike_without_the_fast_path(text)


def test_positions_found_in_the_text_are_libyamls(tmp_path):
    found = sum(places_both_ways(_read(path)) for path in FILES)
    workspace = generate_workspace(tmp_path / "w", 1, 5, names="vocabulary", findings=True)
    found += sum(places_both_ways(path.read_text(encoding="utf-8")) for path in workspace.files)
    found += sum(places_both_ways(case["yaml"]) for case in SUITE)
    assert found > 10_000
    without = sum(placed_alike_without_the_fast_path(_read(path)) for path in FILES)
    assert without > 1_000  # the examples are plain: libyaml's reading is placed in the text


POSITIONS = settings(
    FUZZ,
    deadline=None,  # a whole map's values, on a busy machine
    max_examples=int(os.environ.get("JM_FUZZ_EXAMPLES", "60")),
)


@POSITIONS
@given(data=_DATA, style=_STYLE)
def test_positions_of_generated_documents_are_libyamls(data, style):
    places_both_ways(yaml.safe_dump(data, sort_keys=False, **style))


@POSITIONS
@given(
    seed=st.sampled_from(
        [
            "".join(_read(path).splitlines(keepends=True)[:lines])
            for path in FILES
            if "examples" in path.parts
            for lines in (30, 60, 120)
        ]
    ),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(_PIECES), st.integers(0, 3)), max_size=3
    ),
)
def test_positions_in_mutated_maps_are_libyamls(seed, edits):
    text = seed
    for where, piece, cut in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    places_both_ways(text)


_OPEN_QUOTE_ANYWHERE = re.compile(
    r"""(?:^[ ]*|[:\-,\[{][ ]+|[\[{,])(?:"(?:[^"\\\n]|\\.)*|'(?:[^'\n]|'')*)$""", re.MULTILINE
)
"""The one regular expression ``simple_layout`` used before it went from quote to quote."""


@FUZZ
@given(text=st.text(alphabet=" \n\"'\\:-,[{}]#ab", max_size=80))
def test_an_open_quote_is_found_where_the_one_regular_expression_found_it(text):
    assert _multi_line_quoted(text) == (_OPEN_QUOTE_ANYWHERE.search(text) is not None)


def test_an_open_quote_is_found_in_the_examples_as_before():
    texts = [_read(path) for path in FILES] + [case["yaml"] for case in SUITE]
    opened = [_multi_line_quoted(text) for text in texts]
    assert opened == [_OPEN_QUOTE_ANYWHERE.search(text) is not None for text in texts]
    assert any(opened) and not all(opened)
