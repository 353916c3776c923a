"""``journeymap fmt``: one layout for every map, so that reviews show content, not style.

The steps, each keeping what the author wrote:

1. journeymap's own safe loader reads the file; anything it refuses (syntax,
   unsafe tags, duplicate keys, limits) is refused here too, with the same
   located message, and the file is left as it is.
2. ``reorder`` puts block-mapping keys in schema order by moving whole lines, so
   comments stay with their key.
3. ``roundtrip`` re-emits the text with ruamel.yaml: consistent indentation,
   quotes only where YAML needs them, comments, blank lines and flow style kept.
4. The result is read back and compared with the original, both with
   journeymap's loader (what validate sees) and with ruamel (which keeps ``x-*``
   keys). If anything differs, the file is not touched.
"""

from __future__ import annotations

from journeymap.findings import Finding, InputError
from journeymap.format.order import document_shape
from journeymap.format.reorder import reorder_keys
from journeymap.format.roundtrip import load_roundtrip, normalise, plain
from journeymap.loader import parse_yaml
from journeymap.model.config import Limits

__all__ = ["format_text"]


def format_text(
    text: str, name: str, *, is_config: bool = False, limits: Limits | None = None
) -> str:
    """The formatted version of one file's text. Raises ``InputError`` if it cannot be read.

    Line ends follow the file's first one, as ruff's ``line-ending = auto`` does: a
    Windows (CRLF) file stays CRLF on every line, comments included (ruamel keeps a
    comment's CR, so formatting the CRLF text itself gave mixed line ends)."""
    if "\r\n" in text:
        first = text.find("\n")
        lf = format_text(text.replace("\r\n", "\n"), name, is_config=is_config, limits=limits)
        return lf.replace("\n", "\r\n") if first > 0 and text[first - 1] == "\r" else lf
    loaded = parse_yaml(text, name, limits, positions=True)  # reordering needs the node tree
    before = loaded.data
    shape = document_shape(before, is_config=is_config)
    reordered = reorder_keys(text, loaded.root, shape)
    original = plain(load_roundtrip(text, name))
    for preserve_quotes in (False, True):
        result = normalise(reordered, name, shape, preserve_quotes=preserve_quotes)
        result = result.rstrip("\n") + "\n"
        if _same_data(result, name, before, original, limits):
            return result
    raise InputError(
        Finding(
            path=name,
            message="fmt cannot reformat this file without changing what it says; "
            "it was left as it is (please report this file)",
        )
    )


def _same_data(
    result: str, name: str, before: object, original: object, limits: Limits | None
) -> bool:
    try:
        after = parse_yaml(result, name, limits).data
        again = plain(load_roundtrip(result, name))
    except InputError:
        return False
    return bool(after == before and again == original)
