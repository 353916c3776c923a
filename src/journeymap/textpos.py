"""Where a value stands in a plain YAML file, found by searching its text.

A file read by the fast path (``fastyaml``) has no node tree; composing one with
libyaml only to place a finding costs about what reading the file did, so a
findings-heavy workspace would pay for every file twice. For the plain block
YAML that such files are, the data says what to look for: the key ``name`` of a
mapping whose first key is at column 4 starts a line with four spaces and
``name:``; the third item of a sequence is the third ``-`` at its column, before
the first line indented less. A handful of substring searches per finding, in
C, instead of a node per value.

Every answer is libyaml's mark for the same node: a mapping at its first key, a
block sequence at its first ``-``, a scalar at its first character (the quote,
the ``|`` or ``>``), a flow sequence at its ``[``. Whatever is not that simple
(a quoted or spaced key, a flow mapping, an empty value, a quoted text over
several lines, CR line ends, a document marker) gives None, and the caller
composes libyaml's node tree as before. ``tests/test_fastyaml.py`` compares both
for every value and key of generated and example maps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["Memo", "column_in_text", "plain_offset", "simple_layout"]

_GAP = re.compile(r"[ ]*(?:#[^\n]*)?(?:\n[ ]*(?:#[^\n]*)?)*")
"""Spaces, a comment, and blank or comment lines: what stands between a key and its value."""

_OPEN_TO_LINE_END = {
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*$', re.MULTILINE),
    "'": re.compile(r"'(?:[^'\n]|'')*$", re.MULTILINE),
}
"""A quoted text that starts at a quote and is still open at the end of its line."""


def simple_layout(text: str) -> bool:
    """Whether the text's indentation alone tells its structure (see the module docstring)."""
    return (
        "\r" not in text
        and "\n---" not in text
        and not text.startswith("---")
        and not _multi_line_quoted(text)
    )


def _multi_line_quoted(text: str) -> bool:
    """Whether a quoted text is still open at the end of its line: its next lines may
    stand at any indentation (libyaml allows it), so indentation no longer tells the
    structure.

    A quote opens a quoted text where a value or a flow item may start: after the
    indentation, after ``:``, ``-``, ``,``, ``[`` or ``{`` and a space, or right
    after ``[``, ``{`` or ``,``. One regular expression for "such a quote, open to
    the line end" tries every position of the file (4 ms for a 60 KB map, more than
    reading it); ``str.find`` goes from quote to quote, and only there is the rest
    of the line matched.
    """
    for quote, open_to_line_end in _OPEN_TO_LINE_END.items():
        at = text.find(quote)
        while at != -1:
            if _may_open(text, at) and open_to_line_end.match(text, at):
                return True
            at = text.find(quote, at + 1)
    return False


def _may_open(text: str, at: int) -> bool:
    """Whether a quote at ``at`` stands where a quoted text may start (see above)."""
    before = text[text.rfind("\n", 0, at) + 1 : at]
    indicator = before.rstrip(" ")
    if not indicator:
        return True  # only indentation before it
    if len(indicator) < len(before):
        return indicator[-1] in ":-,[{"
    return indicator[-1] in "[{,"


@cache
def _end_of_mapping(column: int) -> re.Pattern[str]:
    """The first line indented less than ``column`` (not blank, not a comment)."""
    return re.compile(rf"\n {{0,{column - 1}}}[^ \n#]")


def plain_offset(
    text: str,
    data: Any,
    pointer: tuple[str | int, ...],
    *,
    key: bool = False,
    memo: Memo | None = None,
) -> int | None:
    """The offset of the node at ``pointer`` (of its key with ``key=True``), or None.

    As ``LoadedYaml.locate``: a pointer that leaves the data stops at the deepest
    node that exists (and then a key is not asked for). ``memo`` keeps what was
    found so far in the same text, for the next finding in the same file.
    """
    if memo is None:
        memo = Memo()
    offset = _GAP.match(text).end()  # type: ignore[union-attr]  # always matches
    if offset >= len(text) or data.__class__ is not dict or text[offset] in "{[":
        return None
    node = data
    key_offset: int | None = None
    for part in pointer:
        if node.__class__ is dict:
            name = part if isinstance(part, str) else str(part)  # as the loader compares
            if name not in node:
                key_offset = None
                break
            found = _key(text, offset, name, memo)
            if found is None:
                return None
            key_offset = found
            value = node[name]
            offset = _value(text, found + len(name) + 1)
        elif node.__class__ is list:
            if not isinstance(part, int) or not 0 <= part < len(node):
                key_offset = None
                break
            found = _item(text, offset, part, memo)
            if found is None:
                return None
            key_offset = None
            value = node[part]
            offset = found
        else:
            key_offset = None
            break
        if not _fits(text, offset, value):
            return None
        node = value
    if key and key_offset is not None:
        return key_offset
    return offset


@dataclass(slots=True)
class Memo:
    """What was found in one text so far: a findings-heavy file asks for the same
    collections again and again (the twentieth step of a stage, then the
    nineteenth), and each search would start again from the collection's top."""

    keys: dict[tuple[int, str], int | None] = field(default_factory=dict)
    """Where a key of the mapping starting at an offset stands (None: not simple)."""
    items: dict[int, list[int]] = field(default_factory=dict)
    """The ``-`` of each item found so far of the block sequence starting at an offset."""


def _column(text: str, offset: int) -> int:
    return offset - text.rfind("\n", 0, offset) - 1


def _key(text: str, start: int, name: str, memo: Memo) -> int | None:
    """The offset of ``name:`` among the keys of the block mapping starting at ``start``."""
    remembered = (start, name)
    if remembered not in memo.keys:
        memo.keys[remembered] = _find_key(text, start, name)
    return memo.keys[remembered]


def _find_key(text: str, start: int, name: str) -> int | None:
    if text[start] in "{[":
        return None  # a flow mapping (or a list where a mapping was expected)
    if _is_key(text, start, name):
        return start
    column = _column(text, start)
    needle = "\n" + " " * column + name + ":"
    at = text.find(needle, start)
    while at >= 0 and not _is_key(text, at + 1 + column, name):
        at = text.find(needle, at + 1)
    if at < 0:
        return None
    # The data says the key is in this mapping: the first one at its column is its
    # own, unless the mapping ended before it (the key is written otherwise, e.g.
    # quoted, and what was found is a later mapping's). Only the lines up to the
    # key are searched for an end, not the whole mapping.
    if column and _end_of_mapping(column).search(text, start, at) is not None:
        return None
    return at + 1 + column


def _is_key(text: str, at: int, name: str) -> bool:
    after = at + len(name) + 1
    return text.startswith(name + ":", at) and (after == len(text) or text[after] in " \n")


def _value(text: str, after_colon: int) -> int:
    """Where the value after a ``:`` or ``-`` starts: on the same line, or the next content line."""
    return _GAP.match(text, after_colon).end()  # type: ignore[union-attr]


def _item(text: str, start: int, index: int, memo: Memo) -> int | None:
    """The offset of the value of item ``index`` of the sequence starting at ``start``.

    The data says the item exists, and every item of a block sequence starts at the
    same column with a ``-`` that nothing inside an item can put there (deeper
    lines are indented more): the next such dash is the next item, with no need
    to find where the sequence ends."""
    if text[start] == "[":
        return _flow_item(text, start, index)
    if text[start] != "-":
        return None
    column = _column(text, start)
    needle = "\n" + " " * column + "-"
    dashes = memo.items.setdefault(start, [start])
    at = dashes[-1]
    while len(dashes) <= index:
        at = text.find(needle, at + 1)
        while at >= 0 and text[at + column + 2 : at + column + 3] not in (" ", "\n", ""):
            at = text.find(needle, at + 1)
        if at < 0:
            return None
        at += 1 + column
        dashes.append(at)
    return _value(text, dashes[index] + 1)


def _flow_item(text: str, start: int, index: int) -> int | None:
    """The offset of item ``index`` of a one-line flow sequence of plain words."""
    close = text.find("]", start)
    line_end = text.find("\n", start)
    if close < 0 or (0 <= line_end < close):
        return None
    at = start + 1
    for _ in range(index):
        at = text.find(",", at, close)
        if at < 0:
            return None
        at += 1
    while text[at] == " ":
        at += 1
    return at if at < close else None


def _fits(text: str, offset: int, value: Any) -> bool:
    """Whether what stands at ``offset`` can be the start of ``value`` (else: not sure)."""
    if offset >= len(text) or value is None:
        return False  # an empty value: libyaml places it at the colon; not searched for
    first = text[offset]
    if value.__class__ is dict:
        return first not in "-[{#\"'"
    if value.__class__ is list:
        return first in "-["
    if first in "[{-" and value.__class__ is str:
        return text.startswith(value, offset) and not text.startswith("- ", offset)
    return first not in "{#"


def column_in_text(text: str, start: int | None, column: int, value: str, offset: int) -> int:
    """The column of ``value[offset]``, for the text ``value`` written at ``column`` of
    the line starting at offset ``start`` (``LoadedYaml.line_start``).

    Counting into the value gives the file's column only where the file holds its
    characters one for one: a plain or quoted scalar on one line without escapes
    (``''``, ``\\t``). Where it does not (a folded or literal block, a text over
    several lines, an escape), this is ``column``, the start of the scalar: a wrong
    column would be worse than a coarse one. Positions are 1-based, in characters.
    """
    if start is None:
        return column
    at = start + column - 1
    quote = text[at : at + 1]
    if quote not in ("'", '"'):
        quote = ""
    inner = at + len(quote)
    written = text[inner : inner + len(value)]
    if written != value or "\n" in value or "\r" in value:
        return column
    if quote and text[inner + len(value) : inner + len(value) + 1] != quote:
        return column
    return column + len(quote) + offset
