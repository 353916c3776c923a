"""libyaml's node tree of one document, within the input limits: the hostile-input guard.

libyaml (through PyYAML's C binding when available) only *composes* the node
tree, which keeps every line and column and shares aliased nodes; nothing is
constructed here (``journeymap.construct`` turns nodes into values). What a
hostile file could do to the composer is stopped before or while it runs:

- nesting deep enough to overflow libyaml's recursive composer is found first,
  by a cheap bound on every file (:func:`depth_bound`) and, above it, an exact
  check on the event stream, which does not recurse (:func:`check_depth`);
- a file of millions of tiny values stops as soon as it passes ``max_nodes``,
  counted as the composer builds each node (``_NodeLoader``);
- implicit tags follow the YAML 1.2 core schema (``Yaml12Resolver``): only
  ``true``/``false`` are booleans, ``yes``/``no``/``on``/``off`` stay text.

libyaml's errors become one located line (``journeymap.yamlerrors``, imported
only when a file has one).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, ClassVar

import yaml
import yaml.reader
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from journeymap.model.config import Limits
from journeymap.textfile import input_error as _error
from journeymap.textfile import mark_position

try:  # libyaml is much faster; the pure-Python parser gives the same nodes.
    from yaml.cyaml import CParser as _Parser

    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    HAS_LIBYAML = False

TAG_PREFIX = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (
    TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null")
)
SEQ, MAP, MERGE = TAG_PREFIX + "seq", TAG_PREFIX + "map", TAG_PREFIX + "merge"
SAFE_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP, MERGE})

LIBYAML_SAFE_DEPTH = 5_000
"""libyaml's composer recurses in C; far below the depth where it overflows the stack."""


class Yaml12Resolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema, plus ``<<`` merge keys."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (MERGE, r"^<<$", "<"),
):
    Yaml12Resolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class _TooManyNodes(Exception):
    """Raised from inside libyaml's composer when a file holds more than ``max_nodes`` values."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


class _NodeLoader(_Parser, Yaml12Resolver):  # type: ignore[misc, valid-type]
    """libyaml's parser and composer with our resolver; no constructor on purpose.

    The composer calls ``descend_resolver`` once for every node it builds (not for
    aliases, which reuse a node), so counting there stops a file of millions of
    tiny values as soon as it passes ``max_nodes``, before their nodes (about 300
    bytes each) are all in memory.
    """

    def __init__(self, stream: str, max_nodes: int = 2**62) -> None:
        _Parser.__init__(self, stream)
        Yaml12Resolver.__init__(self)
        # A plain function in the instance, counting down on a C iterator: a
        # third of the cost of a method that updates attributes, per node.
        left = itertools.count(max_nodes - 1, -1).__next__

        def descend_resolver(current_node: Node | None, current_index: Any) -> None:
            if left() < 0:
                raise _TooManyNodes(_near(current_node, current_index))

        self.descend_resolver = descend_resolver

    # libyaml calls these three for every node. PyYAML's versions walk "path
    # resolvers" that we never register; these give the same tags at a third
    # of the cost (about 15% of a whole validate run).

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        return None  # replaced per instance by the counting one in __init__

    def ascend_resolver(self) -> None:
        return None


def _near(parent: Node | None, index: Any) -> Any:
    """The mark closest to the node being composed: its key, its previous sibling or parent."""
    if isinstance(index, Node):
        return index.start_mark
    if isinstance(parent, SequenceNode) and parent.value:
        return parent.value[-1].start_mark
    return parent.start_mark if parent is not None else None


_IMPLICIT = Yaml12Resolver.yaml_implicit_resolvers
assert None not in _IMPLICIT  # no wildcard resolvers: the first character decides


def compose(text: str, name: str, limits: Limits) -> Node:
    """libyaml's node tree of one document (the caller has checked deep nesting first)."""
    loader = _NodeLoader(text, limits.max_nodes)
    try:
        root = loader.get_single_node()
    except _TooManyNodes as exc:
        line, column = mark_position(text, exc.mark) if exc.mark else (None, None)
        raise _error(
            name, f"more than {limits.max_nodes:,} values (limits.max_nodes)", line, column
        ) from None
    except yaml.MarkedYAMLError as exc:
        from journeymap.yamlerrors import yaml_error

        raise yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        from journeymap.yamlerrors import reader_error

        raise reader_error(name, exc, text, byte_offsets=HAS_LIBYAML) from None
    finally:
        loader.dispose()
    if root is None:
        raise _error(name, "file is empty (no YAML document)", 1, 1)
    return root


def depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth, so deep files are checked before libyaml sees them.

    Flow collections open with ``[`` or ``{`` (every one counts, so the bound holds
    whatever is quoted). A block collection opens at a column greater than its
    parent's, except an indentless sequence, which shares its mapping's column
    (libyaml's scanner rolls its indentation only forward), so block nesting is at
    most two levels per column, and a column is within a line: files whose lines
    are all shorter than ``LONGEST_LINE`` (nearly every real file) are settled by a
    few ``find`` calls. Other files: block collections nest either on a new, more
    indented line or compactly on one line, where the indicators (``- - ? -``)
    stand in a run at the start of the line, counted by regular-expression scans.
    """
    brackets = text.count("[") + text.count("{")
    if brackets + 2 * LONGEST_LINE <= LIBYAML_SAFE_DEPTH and _lines_shorter_than(
        text, LONGEST_LINE
    ):
        return brackets + 2 * LONGEST_LINE
    # Each line opens at most two levels plus its indicators.
    marks = _INDICATORS if "\t" in text else _INDICATORS[:3]  # each count scans the file
    indicators = sum(text.count(mark) for mark in marks)
    quick = brackets + 2 * (text.count("\n") + 1) + indicators
    if quick <= LIBYAML_SAFE_DEPTH:
        return quick
    max_indent = max(map(len, re.findall(_INDENT, text, re.MULTILINE)), default=0)
    max_run = max(map(len, re.findall(_COMPACT_RUN, text, re.MULTILINE)), default=0)
    return brackets + 2 * (max_indent + 1) * (max_run + 2)


LONGEST_LINE = 2048
"""Lines shorter than this bound block nesting to 4,096 levels (a map's lines are
rarely longer than a few hundred characters)."""


def _lines_shorter_than(text: str, length: int) -> bool:
    """Whether every line is shorter than ``length``, in about ``len(text) / length`` finds:
    when every whole block of ``length // 2`` characters holds a line end, no line
    holds a whole block. (A line break other than ``\\n`` only makes lines look longer.)"""
    block = length // 2
    find = text.find
    return all(
        find("\n", start, start + block) >= 0 for start in range(0, len(text) - block + 1, block)
    )


_INDICATORS = ("- ", "? ", ": ", "-\t", "?\t", ":\t")
_INDENT = r"^ *"
_COMPACT_RUN = r"^[ ]*((?:[-?:](?:[ \t]+[&!][^ \t\n]*)*[ \t]+)+)"
"""The exact bound's patterns: ``re`` compiles (and caches) them when a file first
needs them, not at start-up, since the quick bound settles nearly every file."""


def check_depth(text: str, name: str, max_depth: int) -> None:
    """Exact nesting check on libyaml's event stream, which does not recurse."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_NodeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    line, column = mark_position(text, event.start_mark)
                    raise _error(
                        name,
                        f"nested deeper than {max_depth} levels (limits.max_depth)",
                        line,
                        column,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        from journeymap.yamlerrors import yaml_error

        raise yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        from journeymap.yamlerrors import reader_error

        raise reader_error(name, exc, text, byte_offsets=HAS_LIBYAML) from None
