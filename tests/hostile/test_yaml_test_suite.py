"""The YAML test suite (yaml/yaml-test-suite, MIT) through journeymap's loader.

Every one of its 402 cases must give a clean result or a clean one-line,
located error: no crash, no internal error. Valid cases load to the data of
their ``in.json``. What journeymap refuses by design (several documents in one
file, tags, keys that are not text, empty files) is recognised by its
message. What remains are libyaml's own deviations from YAML 1.2, kept below as
known lists that may only shrink: the test fails when a listed case starts to
behave correctly, so that the list is kept current, and when a new one appears.

The data is vendored compactly in ``tests/data/yaml-test-suite/`` (see vendor.py).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from test_catalogue import run

from journeymap.findings import InputError
from journeymap.loader import parse_yaml

SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite" / "cases.json"
CASES: list[dict[str, Any]] = json.loads(SUITE.read_text(encoding="utf-8"))

REFUSED_BY_DESIGN = re.compile(
    r"contains more than one YAML document|unsupported tag|"
    r"a key must be plain text|file is empty"
)
"""Valid YAML that journeymap refuses on purpose: maps are single plain documents."""

ACCEPTED_INVALID = {
    "9C9N": "wrong indented flow sequence",
    "9JBA": "comment right after the end of a flow sequence",
    "CVW2": "comment right after a comma",
    "DK95/01": "tab as indentation inside a double-quoted text",
    "G5U8": "plain dashes in a flow sequence",
    "MUS6/00": "directive variants",
    "QB6E": "wrongly indented multi-line quoted text",
    "S98Z": "block text with more spaces than its first content line",
    "SU5Z": 'comment without a space after a double-quoted text ("value"# comment)',
    "X4QW": "comment without a space after a block text indicator",
    "Y79Y/003": "tab as indentation in a flow sequence",
    "YJV2": "dash in a flow sequence",
}
"""Invalid documents that libyaml accepts."""

REFUSED_VALID = {
    "2JQS": "block mapping with missing keys",
    "2LFX": "reserved directive",
    "2SXE": "anchor with a colon in its name",
    "3GZX": "an anchor defined twice (YAML 1.2 lets the later one win)",
    "4ABK": "flow mapping with separate values",
    "4MUZ/00": "flow mapping colon on the line after the key",
    "4MUZ/01": "flow mapping colon on the line after the key",
    "4MUZ/02": "flow mapping colon on the line after the key",
    "58MP": "flow mapping edge cases",
    "5MUD": "colon and adjacent value on the next line",
    "5T43": "colon at the beginning of an adjacent flow text",
    "6BCT": "tab after '-'",
    "6CA3": "tab before a top-level flow collection",
    "6LVF": "reserved directive",
    "6M2F": "aliases in an explicit block mapping",
    "7Z25": "bare document after a document end marker",
    "8XYN": "anchor with a non-ASCII character",
    "96NN/00": "tab starting a line of a block text",
    "96NN/01": "tab starting a line of a block text",
    "9SA2": "multi-line double-quoted flow mapping key",
    "A2M4": "tab after '-'",
    "BEC7": "YAML 1.3 directive",
    "CFD4": "empty implicit key in a single-pair flow sequence",
    "DBG4": "plain characters in flow context",
    "DK3J": "zero-indented block text with a line that looks like a comment",
    "DK95/00": "tab after the indentation",
    "DK95/03": "tab on a line of its own",
    "DK95/04": "tab on a line of its own",
    "FP8R": "zero-indented block text",
    "FRK4": "completely empty flow nodes",
    "HM87/00": "flow text starting with a syntax character",
    "HWV9": "document end marker only",
    "K3WX": "colon and adjacent value after a comment on the next line",
    "M2N8/00": "question mark edge cases",
    "M7A3": "bare documents",
    "MUS6/05": "directive variants",
    "MUS6/06": "directive variants",
    "NHX8": "empty lines at the end of a document",
    "NJ66": "multi-line plain flow mapping key",
    "NKF9": "empty keys in block and flow mappings",
    "PW8X": "anchors on empty values, one defined twice",
    "Q5MG": "tab before a top-level flow mapping",
    "QT73": "comment and document end marker only",
    "R4YG": "tab starting a line of a block text",
    "S3PD": "implicit block mapping entries",
    "SM9W/01": "a single ':'",
    "UKK6/00": "syntax character edge cases",
    "UT92": "explicit documents",
    "VJP3/01": "flow collections over many lines",
    "W4TN": "directive documents",
    "W5VH": "allowed characters in an alias",
    "Y79Y/001": "tab starting a line of a block text",
    "Y79Y/010": "tab after '-'",
}
"""Valid documents that libyaml refuses (journeymap would read them otherwise)."""

DIFFERENT_DATA = {
    "652Z": "'?foo' read as a key without its '?'",
    "HM87/01": "'?x' in a flow sequence read as a mapping",
    "JEF9/02": "trailing whitespace in a stream",
    "L24T/01": "trailing line of spaces in a block text",
    "S4JQ": "'! 12' read as a number (the non-specific tag means text)",
    "Y2GN": "anchor name with a colon in the middle",
}
"""Valid documents that libyaml reads to other data than the suite's in.json."""


def _outcome(case: dict[str, Any]) -> tuple[str, str]:
    """(kind, detail): how journeymap's loader treats one case of the suite."""
    try:
        data = parse_yaml(case["yaml"], "in.yaml").data
    except InputError as error:
        finding = error.finding
        assert "\n" not in finding.message and "\r" not in finding.message, finding.message
        assert finding.line is not None and finding.column is not None, finding
        assert finding.line >= 1 and finding.column >= 1, finding
        if case["error"]:
            return "refused-invalid", finding.message
        if REFUSED_BY_DESIGN.search(finding.message):
            return "refused-by-design", finding.message
        return "refused-valid", finding.message
    if case["error"]:
        return "accepted-invalid", ""
    if case["json"] is not None:
        expected = _json_documents(case["json"])
        if len(expected) != 1 or not _same(_as_json(data), expected[0]):
            return "different-data", f"{data!r} != {expected!r}"
    return "read", ""


def _json_documents(text: str) -> list[Any]:
    """in.json holds one JSON value per YAML document, one after the other."""
    decoder = json.JSONDecoder()
    values, position, text = [], 0, text.strip()
    while position < len(text):
        value, position = decoder.raw_decode(text, position)
        values.append(value)
        while position < len(text) and text[position].isspace():
            position += 1
    return values


def _as_json(data: Any) -> Any:
    """What JSON makes of the data (keys become text), as in.json was written."""
    return json.loads(json.dumps(data))


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float) and math.isnan(ours):
        return math.isnan(theirs)
    return bool(ours == theirs)


OUTCOMES = {case["id"]: _outcome(case) for case in CASES}


def test_the_whole_suite_is_vendored():
    assert len(CASES) == 402
    assert sum(case["error"] for case in CASES) == 94


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_case_is_a_clean_result_or_a_clean_error(case):
    kind, detail = OUTCOMES[case["id"]]
    known = {**ACCEPTED_INVALID, **REFUSED_VALID, **DIFFERENT_DATA}
    if kind in ("read", "refused-invalid", "refused-by-design"):
        assert case["id"] not in known, f"{case['id']} now behaves: remove it from the known lists"
    elif kind == "accepted-invalid":
        assert case["id"] in ACCEPTED_INVALID, f"{case['id']}: invalid YAML accepted"
    elif kind == "refused-valid":
        assert case["id"] in REFUSED_VALID, f"{case['id']}: valid YAML refused: {detail}"
    else:
        assert case["id"] in DIFFERENT_DATA, f"{case['id']}: {detail}"


def test_the_known_lists_only_name_real_cases():
    ids = {case["id"] for case in CASES}
    for known in (ACCEPTED_INVALID, REFUSED_VALID, DIFFERENT_DATA):
        assert set(known) <= ids


def test_tabs_are_named_for_what_they_are():
    """libyaml refuses some tabs YAML allows: the message says where, not "indentation"."""
    block = OUTCOMES["96NN/00"][1]
    assert "a tab at the start of a line in a block text (| or >)" in block
    assert "indentation" not in block
    after_dash = OUTCOMES["6BCT"][1]
    assert "a tab after '-'" in after_dash and "indentation" not in after_dash
    assert "a tab is used for indentation" in OUTCOMES["4EJS"][1]


def test_the_cli_reads_every_case_cleanly(tmp_path):
    """One child process over all cases as files: no traceback, no internal error."""
    folder = tmp_path / "suite"
    folder.mkdir()
    for case in CASES:
        name = case["id"].replace("/", "-") + ".yaml"
        (folder / name).write_text(case["yaml"], encoding="utf-8", newline="")
    outcome = run("validate", folder, tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    assert "Traceback" not in outcome.output
    assert "internal error" not in outcome.output
