"""What every reporter shares, for findings (``validate``/``lint``) and changes (``diff``).

One reporter shape for both: a JSON document with ``schema_version`` and ``tool``
and a summary (:func:`json_text`, :func:`tool`), text coloured only on a
terminal and never with ``NO_COLOR`` (:func:`use_colour`), counts said in words
(:func:`plural`). User text is cleaned (``safetext``) by each reporter where it
formats it.
"""

from __future__ import annotations

import os
from typing import Any, TextIO

from journeymap.safetext import clean_data


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal (or with ``FORCE_COLOR``), never with ``NO_COLOR`` or a dumb TERM."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def tool() -> dict[str, str]:
    """The ``tool`` object of every JSON report: which program and version wrote it."""
    from journeymap import __version__

    return {"name": "journeymap", "version": __version__}


def json_text(data: Any) -> str:
    """A JSON report as text: every string cleaned, indented, UTF-8, one final newline."""
    import json  # not at the top: the text report, the usual one, does not need it

    return json.dumps(clean_data(data), indent=2, ensure_ascii=False) + "\n"
