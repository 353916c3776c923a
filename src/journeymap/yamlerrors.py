"""libyaml's errors as one located line each, in the author's terms.

PyYAML's messages run over several lines and name libyaml's states; a CI log
needs one line with the file, line and column, and a hint that sends the author
to the right place (a tab that is indentation is not a tab after ``-``).
Imported only when a file fails to parse: a clean run never loads it.
"""

from __future__ import annotations

import yaml
import yaml.reader

from journeymap.findings import InputError
from journeymap.textfile import input_error as _error
from journeymap.textfile import mark_position, position


def reader_error(
    name: str, exc: yaml.reader.ReaderError, text: str, *, byte_offsets: bool
) -> InputError:
    """Characters YAML forbids (control characters), located by their offset.

    libyaml gives the offset in bytes of the UTF-8 text (``byte_offsets``), the
    pure-Python reader in characters.
    """
    offset = exc.position
    if byte_offsets:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    line, column = position(text, offset)
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return _error(
        name,
        f"contains the control character U+{ord(character):04X}, which YAML does not allow",
        line,
        column,
    )


def yaml_error(name: str, exc: yaml.MarkedYAMLError, text: str) -> InputError:
    """One line from PyYAML's multi-line message, at the problem's position."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if "expected a single document" in (exc.context or ""):
        problem = "contains more than one YAML document (---); put each document in its own file"
    elif "block scalar" in (exc.context or "") and "found a tab" in problem:
        problem = (
            "a tab at the start of a line in a block text (| or >) is not supported "
            "by journeymap's YAML reader; start the line with spaces, or write the "
            "text in double quotes with \\t for the tab"
        )
    elif "found character '\\t'" in problem or (
        "cannot start any token" in problem and mark and _char_at(text, mark) == "\t"
    ):
        problem = _tab_problem(text, mark)
    elif exc.context and exc.problem:
        problem = f"{exc.context}, {exc.problem}"
    line, column = mark_position(text, mark) if mark else (None, None)
    return _error(name, f"invalid YAML: {problem}", line, column)


def _tab_problem(text: str, mark: yaml.Mark | None) -> str:
    """Name what the tab that libyaml refused actually is: indentation or a separator.

    YAML allows a tab as the space after ``-``, ``?`` and ``:``; libyaml often
    refuses it there, and calling that tab "indentation" sends the author looking
    in the wrong place.
    """
    if mark is None:
        return "a tab is used where YAML only allows spaces"
    start = max(text.rfind("\n", 0, mark.index), text.rfind("\r", 0, mark.index)) + 1
    before = text[start : mark.index].rstrip(" \t")
    if not before:
        return "a tab is used for indentation; YAML only allows spaces"
    if before[-1] in "-?:":
        return (
            f"a tab after '{before[-1]}' is not supported by journeymap's YAML reader; use a space"
        )
    return "a tab is used where journeymap's YAML reader only accepts spaces"


def _char_at(text: str, mark: yaml.Mark) -> str:
    """The character at a mark; libyaml's marks carry no buffer, but a character offset."""
    return text[mark.index : mark.index + 1]
