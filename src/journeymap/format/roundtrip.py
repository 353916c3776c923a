"""ruamel.yaml's round-trip mode: consistent indentation and quoting, comments kept.

ruamel re-emits every node from its parsed form: indentation becomes the
project's (two spaces, list dashes indented under their key), plain scalars are
written plain and a string is quoted only where plain text would be read as
something else, in double quotes (as prettier and most hand-written maps do)
unless the text itself holds a double quote or a backslash. Comments, blank lines and each collection's flow or block style
come through as they were written. Flow mappings (``{id: …, text: …}``) get
their keys in schema order here; block mappings were put in order on the text
before (see ``reorder``), where comments cannot travel with the wrong key.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from journeymap.findings import Finding, InputError
from journeymap.format.order import Shape

if TYPE_CHECKING:
    from ruamel.yaml import YAML

LINE_WIDTH = 4096
"""Never fold long text: a formatter that rewraps sentences makes noisy diffs."""

YAML_11_NOT_TEXT = re.compile(
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # sexagesimal: 12:30 is 750
    r"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+][0-9]+)?|="
)
"""Text that journeymap reads as text (YAML 1.2) but YAML 1.1 readers such as PyYAML
read as a boolean or a number (the Norway problem): kept in quotes, so that other
tools in a team's pipeline read the maps as journeymap does."""
STR_TAG = "tag:yaml.org,2002:str"


def _yaml(*, preserve_quotes: bool) -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Emitter = _double_quoting_emitter()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = LINE_WIDTH
    yaml.preserve_quotes = preserve_quotes
    return yaml


@cache
def _double_quoting_emitter() -> type:
    """ruamel's emitter, choosing double quotes where it would pick single ones itself.

    A style the author's file asks for (``preserve_quotes``) is kept as it is.
    """
    from ruamel.yaml.emitter import Emitter

    class DoubleQuotingEmitter(Emitter):
        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            value = self.event.value
            if not style and self.event.tag == STR_TAG and YAML_11_NOT_TEXT.fullmatch(value):
                return '"'  # the author's quotes stay where YAML 1.1 tools need them
            if style == "'" and not self.event.style and '"' not in value and "\\" not in value:
                return '"'
            return style

    return DoubleQuotingEmitter


def load_roundtrip(text: str, name: str, *, preserve_quotes: bool = False) -> Any:
    """Parse with ruamel; its errors become located findings like the loader's."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml(preserve_quotes=preserve_quotes).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        message = error.problem or error.context or "cannot be read as YAML"
        raise InputError(Finding(path=name, message=message, line=line, column=column)) from None
    except YAMLError as error:
        raise InputError(Finding(path=name, message=str(error))) from None


def dump_roundtrip(data: Any, *, preserve_quotes: bool = False) -> str:
    stream = io.StringIO()
    _yaml(preserve_quotes=preserve_quotes).dump(data, stream)
    return stream.getvalue()


def normalise(text: str, name: str, shape: Shape, *, preserve_quotes: bool = False) -> str:
    """Re-emit ``text`` with ruamel's round trip, flow mappings in schema order."""
    data = load_roundtrip(text, name, preserve_quotes=preserve_quotes)
    _order_flow_mappings(data, shape)
    return dump_roundtrip(data, preserve_quotes=preserve_quotes)


def _order_flow_mappings(node: Any, shape: Shape) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        if node.fa.flow_style() and not node.ca.items and not node.ca.comment:
            for key in shape.sort_keys(list(node)):
                node.move_to_end(key)
        for key, value in node.items():
            _order_flow_mappings(value, shape.child(key))
    elif isinstance(node, CommentedSeq):
        for item in node:
            _order_flow_mappings(item, shape.item())


def plain(node: Any) -> Any:
    """ruamel's data as plain Python values, to compare two versions of a file."""
    if isinstance(node, dict):
        return {plain(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node) if node == node else "nan"
    return node if isinstance(node, str) and type(node) is str else str(node)
