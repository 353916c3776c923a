"""One sanitiser for every piece of user text that a reporter writes.

Keys, titles, stage names and file names come from files that anyone can
write, and reports go to terminals, CI logs and pull-request comments. A raw
control character there is an attack, not a typo:

- ESC and OSC sequences (``\\x1b]8;;…``, ``\\x1b[2J``) repaint a terminal or
  plant hyperlinks;
- a newline followed by ``::error …::`` or ``::stop-commands::`` becomes a
  GitHub Actions workflow command, because Actions reads every line of a
  step's output;
- bidirectional overrides (U+202A–U+202E, U+2066–U+2069) make text read
  differently from what it is ("Trojan Source");
- NEL and the Unicode line and paragraph separators start new lines in some
  viewers;
- a file name that is not valid UTF-8 (Python keeps its bytes as lone
  surrogates) cannot be encoded at all, so JSON and SARIF would crash or stop
  being UTF-8.

:func:`clean` replaces each such character by a visible escape (``\\x1b``,
``\\u202e``, ``\\xff`` for an undecodable file-name byte), so the text stays
readable and the report stays one finding per line, valid UTF-8 everywhere.
Backslashes are left alone: the escapes are for reading, not for round-trips.
"""

from __future__ import annotations

import re
from typing import Any

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM/RLM, embeddings and overrides, isolates."""

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 controls (tab and newline included), DEL, C1 controls (NEL)
    "\u2028\u2029"  # line and paragraph separators
    f"{BIDI_CONTROLS}"
    "\ud800-\udfff]"  # lone surrogates: undecodable file-name bytes, broken text
)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with every control, bidi, line-separator and surrogate character made visible."""
    return UNSAFE.sub(_escape, text)


def clean_block(text: str) -> str:
    """``clean`` that keeps line feeds and tabs: for HTML, where they are plain whitespace."""
    return "\n".join(
        "\t".join(clean(part) for part in line.split("\t")) for line in text.split("\n")
    )


def clean_data(value: Any) -> Any:
    """``clean`` applied to every string (keys included) inside JSON-ready data."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(item) for item in value]
    return value


def clean_line_start(text: str) -> str:
    """``clean(text)`` for text that starts an output line: never a workflow command.

    GitHub Actions treats a line that starts with ``::`` as a command, so a file
    named ``::error::x.yaml`` printed first on a line gets a ``./`` in front.
    """
    cleaned = clean(text)
    return f"./{cleaned}" if cleaned.lstrip().startswith("::") else cleaned


MARKDOWN_MARKUP = re.compile(r"[\\`*_\[\]<>|~!#]|&(?=#?\w+;)")
"""What Markdown reads as markup: emphasis, code, links and images, raw HTML, table
pipes, strikethrough, ``#`` at a line start (a heading), and the ``&`` of an entity
(``&commat;`` would spell an ``@`` that the mention guard does not see; a plain
``Decide & buy`` stays as it is)."""


def markdown_text(text: str) -> str:
    """``text`` for a Markdown document (a table cell, a heading): made safe with ``clean``,
    every markup character backslash-escaped, and ``@`` kept from mentioning anyone.

    A pull-request comment of a diff must show a step name as its author wrote it,
    not as a remote image (``![x](https://…)``), a link or raw HTML; and a GitHub
    mention (``@team``) would notify people. A zero-width space after ``@`` keeps
    the text as it reads and the mention unlinked."""
    return MARKDOWN_MARKUP.sub(r"\\\g<0>", clean(text)).replace("@", "@\u200b")
