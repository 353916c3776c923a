"""How a text and a list of texts are written into a cell, and read back exactly.

A cell shows most texts as they are, and a list as one item per line. Some texts
cannot be shown that way: Excel refuses control characters, import trims the
spaces people leave around what they type, and a list splits its cell at line
breaks. Such a text is written as a JSON string (``"  padded  "``,
``"line1\\nline2"``, ``"Customer\\b journey"``), which reads back to the same
characters; every other text is written as it is. Reading undoes exactly that,
so an unedited cell gives back the YAML's text, whatever it holds.

A line that merely looks quoted (``"Why is this so hard?"``, a quote typed by a
workshop) stays as typed, quotes included: only a JSON string whose text could
not have been written as it is counts as one.
"""

from __future__ import annotations

import json
import re

SEPARATOR = "\n"
"""Between the items of a list cell."""

UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Characters a cell does not hold as they are: the control characters that xlsx
cannot store (openpyxl's ``ILLEGAL_CHARACTERS_RE``), and carriage return and DEL,
which spreadsheet programs drop or turn into line breaks."""

SURROGATE = re.compile(r"[\ud800-\udfff]")


def encode_text(text: str) -> str:
    """The cell text for one text: itself, or a JSON string when it could not be read back."""
    return text if _shown_as_is(text, list_item=False) else _quote(text)


def decode_text(raw: str) -> str | None:
    """The text a cell holds (``None`` when it is blank): the inverse of ``encode_text``."""
    return _unquote(raw.strip(), list_item=False)


def encode_list(items: list[str]) -> str:
    """The cell text for a list: one item per line, each as ``encode_text`` would, and a
    line break, blank or empty item quoted too, so that lines and items correspond."""
    return SEPARATOR.join(
        item if _shown_as_is(item, list_item=True) else _quote(item) for item in items
    )


def decode_list(raw: str) -> list[str] | None:
    """The items of a list cell (``None`` when it has none): the inverse of ``encode_list``.

    Blank lines and the spaces around a line are what people leave when typing,
    so they are dropped; an item that really has them was written quoted.
    """
    items = [_unquote(line.strip(), list_item=True) for line in raw.split(SEPARATOR)]
    found = [item for item in items if item is not None]
    return found or None


def _shown_as_is(text: str, *, list_item: bool) -> bool:
    """Whether ``text`` reads back as itself when written unquoted."""
    if text != text.strip() or text == "" or UNSHOWABLE.search(text):
        return False
    if list_item and SEPARATOR in text:
        return False
    return _quoted_text(text, list_item=list_item) is None


def _quoted_text(line: str, *, list_item: bool) -> str | None:
    """The text that ``line`` encodes as a JSON string, when it is one that
    ``_quote`` writes (a text that cannot be shown as it is); else ``None``.

    Mutually recursive with ``_shown_as_is`` on an ever shorter text.
    """
    if len(line) < 2 or not (line.startswith('"') and line.endswith('"')):
        return None
    try:
        text = json.loads(line)
    except ValueError:
        return None
    if not isinstance(text, str) or SURROGATE.search(text):
        return None  # a lone surrogate is no character: it cannot be written as YAML
    if _shown_as_is(text, list_item=list_item):
        return None
    return text


def _quote(text: str) -> str:
    """A JSON string that escapes what a cell cannot hold (``json`` leaves DEL as it is)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return UNSHOWABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def _unquote(line: str, *, list_item: bool) -> str | None:
    if line == "":
        return None
    quoted = _quoted_text(line, list_item=list_item)
    return line if quoted is None else quoted
