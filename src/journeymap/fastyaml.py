"""An optional fast path for plain YAML files: yaml-rs (Rust) parses, libyaml stays the judge.

journeymap's loader (``loader.py``) has libyaml compose a node tree that keeps
every line and column (``nodetree.py``), then constructs the values itself
(``construct.py``). That tree is most of
a map's cost, and only files with a finding ever need a position. yaml-rs
(``pip install journeymap[fast]``) parses a plain map several times faster, but
it reads YAML 1.2 with its own scalar rules, keeps unsafe tags as text, merges
nothing and accepts some input libyaml refuses. So it is only given files on
which both are known to agree, and everything else takes the libyaml path:

* the text passes ``_REFUSALS``: no tag (``!``), anchor (``&``) or alias (``*``)
  where a node could start, no merge key (``<<``), no directive (``%``), no
  document marker other than one leading ``---``, no tab, no character that
  YAML forbids or that libyaml (YAML 1.1) counts as a line break (NEL, LS, PS),
  and no plain word that yaml-rs could read as a number where the YAML 1.2 core
  schema of ``construct.py`` reads text (``1_000``, ``0X1F``, ``0b11``, ``+0x1F``,
  ``1e400``, ``.Inf``), nor a run of 300 digits (Python's ``int`` refuses
  4,300);
* the file is small enough that the node and character limits cannot be
  reached, and nests less deeply than ``max_depth``;
* yaml-rs reads it without an error, duplicate keys included, into one mapping
  whose keys are all text: several documents, complex or null keys and files
  that are not a mapping go back to libyaml, which gives the located error or
  the value as before.

What it returns is the constructed data; ``x-*`` extension keys are dropped as
the constructor drops them. The tests check, on the examples, the hostile
catalogue, the YAML test suite and generated maps, that this path gives the
same data as libyaml's or refuses the file.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

from journeymap.model.base import EXTENSION_PREFIX
from journeymap.model.config import Limits

__all__ = ["available", "fast_data", "plain_text"]

_ORDINARY = bytes(b for b in range(256) if b >= 0x20 and b not in (0x7F, 0xC2, 0xE2, 0xEF)) + b"\n"
"""UTF-8 bytes that need no look: not a control, not the lead byte of a refused character."""

_REFUSED_CHARACTERS = tuple(
    (lead, re.compile(pattern))
    for lead, pattern in (
        (0xC2, rb"\xc2[\x80-\x9f]"),
        (0xE2, rb"\xe2\x80[\xa8\xa9]"),
        (0xEF, rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),
    )
)
"""(lead byte, pattern) of C1 controls (NEL among them), LS, PS, a BOM inside the text,
U+FFFE and U+FFFF in UTF-8: a pattern is searched only when its lead byte is in the
text, and alone (a search for one byte is ten times faster than for a set of bytes:
0.05 against 0.5 ms on a 60 KB map with a typographic apostrophe)."""

_AFTER_NODE_START = r"[\s\[\]{},:]"
"""A character after which a node, and so a tag, anchor, alias or indicator, could start."""

_WORD = r"[^\s\[\]{},:#\"'!&*?|>%@`\-][^\s\[\]{},:#]*"
_ITEM = rf"{_WORD}(?:[ ]+{_WORD})*"
_PAIR = rf"{_ITEM}:[ ]+[-+]?{_ITEM}"
_END_OF_LINE = r"[ ]*(?:#[^\n]*)?$"
_SEQUENCE_REST = rf"[ ]*(?:{_ITEM}(?:[ ]*,[ ]*{_ITEM})*[ ]*,?)?[ ]*\]{_END_OF_LINE}"
_MAPPING_REST = rf"[ ]*(?:{_PAIR}(?:[ ]*,[ ]*{_PAIR})*[ ]*,?)?[ ]*\}}{_END_OF_LINE}"
"""The flow collections both parsers read alike: on one line, plain words, ``key: value``."""

_NUMBER_END = r"(?![0-9A-Za-z_.+\-])"
_NUMBER_TAIL = rf"[0-9._]*(?:_[0-9._]*(?:[eE][-+]?[0-9_]*)?|[eE][-+]?[0-9_]*){_NUMBER_END}"
"""The rest of a plain word that yaml-rs reads as a number with ``_`` or an exponent."""

_REFUSALS = (
    # A tag, an explicit key, or an anchor or alias ("Q & A" is text) where a
    # node could start, and a directive. (Both parsers refuse ``@`` and a
    # backquote there.)
    *((mark, rf"\{mark}(?<={_AFTER_NODE_START}\{mark})") for mark in "!?"),
    ("%", r"\n%"),
    *((mark, rf"\{mark}(?<={_AFTER_NODE_START}\{mark})(?! )") for mark in "&*"),
    (":", r":(?<=[\s\[{,]:)"),  # a value with no key, or right after a flow indicator
    ("\n", r"\n(?:---|\.\.\.)(?=\s|$)"),  # a document marker (one leading ``---`` is cut off)
    # A flow collection other than the simplest: the YAML 1.2 flow rules
    # (adjacent values, ``http://`` in a list, keys on several lines) are
    # where libyaml and yaml-rs part.
    ("[", rf"\[(?<=[\s\[{{,:]\[)(?!{_SEQUENCE_REST})"),
    ("{", rf"\{{(?<=[\s\[{{,:]\{{)(?!{_MAPPING_REST})"),
    # A plain word that yaml-rs may read as a number where the YAML 1.2 core
    # schema reads text: a radix prefix in any case or signed, an underscore,
    # an exponent (a word starting with a digit, then with "_"), .inf and
    # .nan in any spelling. Digits 2-9 are scanned as 1 (``_DIGITS``).
    ("0", rf"0(?<![0-9A-Za-z_]0)(?:(?<!\.0)[xXoObB]|{_NUMBER_TAIL})"),
    ("1", rf"1(?<![0-9A-Za-z_]1){_NUMBER_TAIL}"),
    ("_", rf"_(?<![0-9A-Za-z_]_){_NUMBER_TAIL.replace('(?:_', '(?:', 1)}"),
    (".", rf"\.(?<![0-9A-Za-z_.]\.)(?i:inf|nan){_NUMBER_END}"),
)
"""What sends a file to libyaml, searched in its text without comment lines after a
line end: (a character that every match holds, the pattern). Each pattern starts
with one character, which ``re`` finds about ten times faster than a character of
a set, so searching for each one apart, and only when its text is there, costs
less than one search for them all (0.34 against 0.63 ms on a 60 KB map)."""

_DIGITS = bytes.maketrans(b"23456789", b"11111111")
"""Digits 2-9 read as 1 for the scan: no pattern tells them apart, and 0 stays itself
(``0x``), so two searches do the work of nine. (On UTF-8: ``str.translate`` takes
4 ms on a 60 KB text with one non-ASCII character, this 0.05 to 0.15 ms.)"""


@cache
def _refusals() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The compiled ``_REFUSALS``, on first use: compiling costs milliseconds, and
    start-up counts."""
    return tuple((mark, re.compile(source, re.MULTILINE)) for mark, source in _REFUSALS)


def _refused(body: str) -> bool:
    return any(mark in body and pattern.search(body) is not None for mark, pattern in _refusals())


_COMMENT_LINES = re.compile(r"\n[ ]*#[^\n]*")
"""Whole-line comments: their prose (``# Q&A: see [1]``) is no YAML for either parser.
Inside a block or quoted text such a line is text, and text is read alike."""

_LEADING = re.compile(r"\A(?:[ ]*(?:#[^\n]*)?\n)*---[ ]*(?:#[^\n]*)?\n")
"""Blank or comment lines, then one ``---`` on a line of its own: a single document."""

_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ ]*(?:#.*)?\Z")
"""A block text indicator ending a line."""


TESTED_VERSIONS = frozenset({"0.1.6"})
"""yaml-rs versions whose scalar rules and refusals the prescan was written and tested for:
another version could read a plain word differently, so it is not used."""

SWITCH = "JOURNEYMAP_FAST_YAML"
"""Set to ``0`` to read every file with libyaml (the benchmark compares both ways)."""


@cache
def _yaml_rs() -> Any:
    """yaml-rs's module, or None when it is not installed, not a tested version, or off."""
    if os.environ.get(SWITCH) == "0":
        return None
    try:
        import yaml_rs
    except ImportError:
        return None
    return yaml_rs if yaml_rs.__version__ in TESTED_VERSIONS else None


def available() -> bool:
    """Whether the fast path can be used (yaml-rs is installed)."""
    return _yaml_rs() is not None


WARM_UP = 256 * 1024
"""Characters read with libyaml before the fast path starts. Importing yaml-rs and
compiling the scan cost about what libyaml takes to read this much, so a run of one
or a few maps (start-up counts) does not pay for them; a workspace soon does."""

_warm = 0


def fast_data(text: str, limits: Limits, *, checked: bool = False) -> dict[str, Any] | None:
    """The data of a plain YAML mapping, or None when the file must take the libyaml path.

    ``checked``: the text passed the scan before (its data is read again after
    ``LoadedYaml.release()``); only yaml-rs runs again.
    """
    global _warm
    if _warm < WARM_UP and not checked:
        _warm += len(text)
        return None
    yaml_rs = _yaml_rs()
    if yaml_rs is None or not (checked or plain_text(text, limits)):
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except Exception:  # any refusal: libyaml gives the located error
        return None
    if data.__class__ is not dict or not _plain(data, 0, limits.max_depth):
        return None
    return data


def outline(text: str) -> Any:
    """yaml-rs's data of a text that ``fast_data`` took before, extension keys kept.

    Enough to find values in the text by (``textpos``), and cheaper than
    ``fast_data``: no scan and no walk."""
    return _yaml_rs().loads(text, parse_datetime=False)


def plain_text(text: str, limits: Limits) -> bool:
    """Whether the text holds nothing that libyaml and yaml-rs could read differently
    (and so nothing that ``textpos`` could place otherwise than libyaml does)."""
    # A file must end with a line end: yaml-rs ends a block text on the last line
    # with one, libyaml does not.
    if not text.endswith("\n") or "\t" in text or "<<" in text:
        return False
    if not _within_limits(text, limits):
        return False
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    unusual = raw.translate(None, _ORDINARY)
    if unusual:
        if unusual.translate(None, b"\r\xc2\xe2\xef"):
            return False  # a control character
        if b"\r" in unusual and raw.count(b"\r") != raw.count(b"\r\n"):
            return False  # a lone CR (old Mac line ends)
        for lead, pattern in _REFUSED_CHARACTERS:
            if lead in unusual and pattern.search(raw) is not None:
                return False
    # What follows tells no digit 2-9 from 1 (``_DIGITS``).
    scanned = raw.translate(_DIGITS).decode("utf-8")
    # From a line end (so every line starts after one), past one leading ``---``.
    leading = _LEADING.match(scanned)
    body = "\n" + scanned if leading is None else scanned[leading.end() - 1 :]
    if "#" in body:
        body = _COMMENT_LINES.sub("", body)
    if _refused(body):
        return False
    last = body.rstrip(" \n").rpartition("\n")[2]
    # A block text with no line before the end of the file: yaml-rs reads a line
    # end, libyaml an empty text.
    return _BLOCK_HEADER.search(last) is None


def _within_limits(text: str, limits: Limits) -> bool:
    """Whether neither the node nor the character limit can be reached.

    Without aliases a file holds at most two values per character (a key and an
    empty value, ``a:``), and its text is never longer after parsing than before.
    Nesting is checked on the data (``_plain``); the caller has bounded it well
    below what yaml-rs's recursion survives.
    """
    size = len(text)
    return 2 * size + 2 <= limits.max_nodes and size <= limits.expanded_chars


_PREFIX_LENGTH = len(EXTENSION_PREFIX)
_SCALARS = frozenset({str, int, float, bool, type(None)})
_INT_DIGITS_BITS = 14_000
"""An int past this many bits has more than 4,200 digits, near where Python's ``int()``
refuses to convert text (the core schema then reports an invalid int)."""


def _plain(node: Any, depth: int, max_depth: int) -> bool:
    """Check keys, value types and nesting; drop ``x-*`` extension keys in place.

    ``depth`` counts as the constructor does (the top mapping is 0), and a file
    that reaches ``max_depth`` anywhere, extension values included, is left to
    libyaml to report, or to accept where the constructor does not look.
    """
    if depth >= max_depth:
        return False
    depth += 1
    if node.__class__ is dict:
        extensions = None
        for key, value in node.items():
            if key.__class__ is not str:
                return False
            if key[:_PREFIX_LENGTH] == EXTENSION_PREFIX:
                extensions = [*(extensions or ()), key]
            kind = value.__class__
            if kind is str:
                continue
            if kind is dict or kind is list:
                if not _plain(value, depth, max_depth):
                    return False
            elif kind not in _SCALARS or (kind is int and value.bit_length() > _INT_DIGITS_BITS):
                return False
        for key in extensions or ():
            del node[key]
        return True
    for value in node:
        kind = value.__class__
        if kind is str:
            continue
        if kind is dict or kind is list:
            if not _plain(value, depth, max_depth):
                return False
        elif kind not in _SCALARS or (kind is int and value.bit_length() > _INT_DIGITS_BITS):
            return False
    return True
