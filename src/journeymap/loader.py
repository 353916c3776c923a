"""Safe YAML loading with positions, for files written by many hands.

Why not ``yaml.safe_load``: it forgets where values came from, silently keeps the
last of two duplicate keys, expands aliases without bound ("billion laughs"),
reads ``no``/``on`` as booleans (YAML 1.1's "Norway problem") and crashes the
interpreter on very deep nesting. Here libyaml (through PyYAML's C binding when
available) only *composes* the node tree, which keeps every line and column and
shares aliased nodes; our own small constructor then turns nodes into plain
Python values while enforcing the limits, refusing unknown tags and duplicate
keys, and dropping ``x-*`` extension keys.

Scalars follow the YAML 1.2 core schema: only ``true``/``false`` are booleans,
``yes``/``no``/``on``/``off`` stay text, dates stay text (models parse them),
``0o17`` and ``0x1F`` are the only non-decimal integers. ``08`` is the number 8,
so an id like ``08`` must be quoted; the schema error says so.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import math
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from journeymap.fastyaml import fast_data, outline
from journeymap.findings import InputError
from journeymap.model.base import EXTENSION_PREFIX
from journeymap.model.config import Limits
from journeymap.textfile import decode, mark_position, position, read_text
from journeymap.textfile import input_error as _error
from journeymap.textpos import Memo, plain_offset, simple_layout

__all__ = ["LoadedYaml", "decode", "load_yaml", "mark_position", "parse_yaml", "read_text"]

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


_LINE_END = re.compile("\n")

_RELEASED: Any = object()
"""``LoadedYaml._data`` after ``release()``: distinct from any value a file can hold."""


class LoadedYaml:
    """A file's data with the node tree that remembers where each value was written.

    The node tree (the source map) takes about ten times the file's size in
    memory, and the plain data is only needed until the model is validated.
    ``release()`` drops both once a document is validated; ``root`` and ``data``
    come back by parsing the kept text again, which only happens for the few
    files that have a finding to locate. A 5,000-map workspace then holds its
    models and texts, not 5,000 node trees.
    """

    __slots__ = (
        "_data",
        "_fast",
        "_lines",
        "_memo",
        "_root",
        "_shape",
        "_shape_kept",
        "_simple",
        "limits",
        "path",
        "text",
    )

    def __init__(
        self,
        path: str,
        data: Any,
        root: Node | None,
        text: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.path = path
        self._data: Any = data
        self._root: Node | None = root
        """None until a position is asked for when the fast path read the file (fastyaml)."""
        self.text = text
        """The decoded file, kept so that ``root`` can be rebuilt after ``release()``."""
        self.limits = limits
        self._fast = root is None
        """Read by the fast path: plain YAML, where ``textpos`` can place values."""
        self._simple: bool | None = None
        self._memo = Memo()
        """What ``textpos`` found in the text so far, for the next finding."""
        self._lines: list[int] | None = None
        """Offsets of the line ends, for the line of a position found in the text."""
        self._shape: Any = None
        """The fast path's data read again after ``release()``, only to find positions."""
        self._shape_kept: bytes | None = None
        """The fast path's data as JSON (``plain_json``; see ``_outline``)."""

    def __repr__(self) -> str:
        return f"LoadedYaml(path={self.path!r}, released={self._root is None})"

    def __getstate__(self) -> tuple[str, str | None, Limits | None, bool]:
        """Pickled as its text: the node tree and data are read again when asked for
        (a streamed run keeps loaded files compressed, see ``journeymap.streaming``)."""
        return self.path, self.text, self.limits, self._fast

    def __setstate__(self, state: tuple[str, str | None, Limits | None, bool]) -> None:
        path, text, limits, fast = state
        self.__init__(path, _RELEASED, None, text, limits)  # type: ignore[misc]
        self._fast = fast

    @property
    def fast(self) -> bool:
        """Whether the fast path read the file (``journeymap.streaming`` keeps its data)."""
        return self._fast

    @property
    def kept_data(self) -> bytes | None:
        """The fast path's data as JSON, as ``release()`` kept it (None when it did not)."""
        return self._shape_kept

    def plain_json(self) -> bytes | None:
        """The fast path's data as JSON, made once (None for a file libyaml read).

        The data holds only what JSON does (mappings with text keys, lists, text,
        numbers, booleans, null; no dates: yaml-rs leaves them as text).
        ``release()`` keeps it for locating findings, and a streamed run keeps it
        for validating the file again (``streaming.Plain``): pydantic validates the
        JSON in less time than unmarshalling the data and validating that takes
        (0.55 against 0.69 ms for an 18 KB map, 2.0 against 2.6 ms for a 60 KB one),
        and reads it back for locating in less time too. Writing it costs a little
        more than marshal (0.11 against 0.07 ms for 18 KB).
        """
        if self._shape_kept is None and self._fast and self._data is not _RELEASED:
            from pydantic_core import PydanticSerializationError, to_json

            with contextlib.suppress(PydanticSerializationError):
                self._shape_kept = to_json(self._data)
        return self._shape_kept

    @classmethod
    def released(cls, path: str, text: str, limits: Limits, kept: bytes) -> LoadedYaml:
        """A fast-path file as ``release()`` leaves it, from its text and ``kept_data``."""
        loaded = cls(path, _RELEASED, None, text, limits)
        loaded._shape_kept = kept
        return loaded

    @property
    def root(self) -> Node:
        if self._root is None:
            # Only the node tree: the text was read once, so it composes again
            # without error, and the data, when kept, is the same.
            assert self.text is not None
            self._root = _compose(self.text, self.path, self.limits or Limits())
        return self._root

    @property
    def data(self) -> Any:
        if self._data is _RELEASED:
            assert self.text is not None
            limits = self.limits or Limits()
            data = fast_data(self.text, limits, checked=True) if self._fast else None
            if data is None:
                data = _Constructor(self.path, limits, self.text).construct_root(self.root)
            self._data = data
        return self._data

    def _outline(self) -> Any:
        """The data's shape for ``textpos`` after ``release()``, read again once.

        From the JSON ``release()`` kept when it could: reading it takes a fifth of
        what parsing the text again takes (0.2 against 1.2 ms for a 60 KB map), and
        a findings-heavy workspace asks for it in every file."""
        if self._shape is None:
            kept, self._shape_kept = self._shape_kept, None
            if kept is None:
                self._shape = outline(self.text or "")
            else:
                from pydantic_core import from_json

                self._shape = from_json(kept)
        return self._shape

    def release(self) -> None:
        """Forget the node tree and data until they are asked for again (needs the text).

        The fast path's data is kept as JSON (``plain_json``: about the size of the
        text, in one object) for locating findings later; a pickled copy (a streamed
        run's) leaves it out and parses again when asked."""
        if self.text is not None:
            self._shape_kept = self.plain_json() if self._data is not _RELEASED else None
            self._root = None
            self._data = _RELEASED
            self._memo = Memo()
            self._shape = None

    def locate(self, pointer: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``pointer``, or of its key with ``key=True``.

        When the pointer leads to something that is not in the file (a missing key),
        the position of the deepest existing parent is returned.
        """
        if self._fast and self._root is None and self.text is not None:
            # Found in the text where it is plain enough, else libyaml's node tree.
            text = self.text
            if self._simple is None:
                self._simple = simple_layout(text)
            data = self._data if self._data is not _RELEASED else self._outline()
            offset = (
                plain_offset(text, data, pointer, key=key, memo=self._memo)
                if self._simple
                else None
            )
            if offset is not None:
                if self._lines is None:
                    self._lines = [found.start() for found in _LINE_END.finditer(text)]
                line = bisect.bisect_left(self._lines, offset)
                start = self._lines[line - 1] + 1 if line else 0
                return line + 1, offset - start + 1
        node: Node = self.root
        key_node: Node | None = None
        for part in pointer:
            found = _child(node, part)
            if found is None:
                key_node = None
                break
            key_node, node = found
        target = key_node if key and key_node is not None else node
        return mark_position(self.text, target.start_mark)

    def node_at(self, pointer: tuple[str | int, ...]) -> Node | None:
        """The node at ``pointer``, or None when it is not in the file."""
        node: Node = self.root
        for part in pointer:
            found = _child(node, part)
            if found is None:
                return None
            node = found[1]
        return node


def _child(node: Node, part: str | int) -> tuple[Node | None, Node] | None:
    """The (key node, value node) under ``node`` for one pointer step, merges included."""
    if isinstance(node, SequenceNode) and isinstance(part, int):
        return (None, node.value[part]) if 0 <= part < len(node.value) else None
    if isinstance(node, MappingNode):
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
            elif isinstance(key_node, ScalarNode) and _same_key(key_node, part):
                return key_node, value_node
        for source in merged:
            found = _child(source, part)
            if found is not None:
                return found
    return None


def _same_key(key_node: ScalarNode, part: str | int) -> bool:
    return key_node.value == (part if isinstance(part, str) else str(part))


def load_yaml(
    path: str | Path, limits: Limits | None = None, *, display: str | None = None
) -> LoadedYaml:
    """Read one YAML file safely. Raises ``InputError`` with a located finding."""
    limits = limits or Limits()
    name = display or str(path)
    text = read_text(Path(path), name, limits)
    return parse_yaml(text, name, limits)


def parse_yaml(
    text: str, name: str, limits: Limits | None = None, *, positions: bool = False
) -> LoadedYaml:
    """Compose and construct one YAML document from text.

    A plain file is read by the optional compiled parser (see ``fastyaml``) when
    it is installed and ``positions`` is not asked for now: its node tree is
    then composed by libyaml only when a finding needs a position.
    """
    limits = limits or Limits()
    if _depth_bound(text) > LIBYAML_SAFE_DEPTH:
        # Only libyaml needs protecting here; the constructor enforces max_depth.
        _check_depth(text, name, limits.max_depth)
    elif not positions:
        data = fast_data(text, limits)
        if data is not None:
            return LoadedYaml(name, data, None, text, limits)
    root = _compose(text, name, limits)
    data = _Constructor(name, limits, text).construct_root(root)
    return LoadedYaml(name, data, root, text, limits)


def _compose(text: str, name: str, limits: Limits) -> Node:
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
        raise _yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, exc, text) from None
    finally:
        loader.dispose()
    if root is None:
        raise _error(name, "file is empty (no YAML document)", 1, 1)
    return root


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth, so deep files are checked before libyaml sees them.

    Flow collections open with ``[`` or ``{`` (every one counts, so the bound holds
    whatever is quoted). Block collections nest either on a new, more indented line
    (at most two levels per indentation step, for indentless sequences) or
    compactly on one line, where the indicators (``- - ? -``) stand in a run at the
    start of the line. Only regular-expression scans: this runs on every file.
    """
    brackets = text.count("[") + text.count("{")
    # First a bound from character counts alone (each line opens at most two levels
    # plus its indicators); it settles nearly every real file in microseconds.
    marks = _INDICATORS if "\t" in text else _INDICATORS[:3]  # each count scans the file
    indicators = sum(text.count(mark) for mark in marks)
    quick = brackets + 2 * (text.count("\n") + 1) + indicators
    if quick <= LIBYAML_SAFE_DEPTH:
        return quick
    max_indent = max(map(len, _INDENT.findall(text)), default=0)
    max_run = max(map(len, _COMPACT_RUN.findall(text)), default=0)
    return brackets + 2 * (max_indent + 1) * (max_run + 2)


_INDICATORS = ("- ", "? ", ": ", "-\t", "?\t", ":\t")
_INDENT = re.compile(r"^ *", re.MULTILINE)
_COMPACT_RUN = re.compile(r"^[ ]*((?:[-?:](?:[ \t]+[&!][^ \t\n]*)*[ \t]+)+)", re.MULTILINE)


def _check_depth(text: str, name: str, max_depth: int) -> None:
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
        raise _yaml_error(name, exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(name, exc, text) from None


def _reader_error(name: str, exc: yaml.reader.ReaderError, text: str) -> InputError:
    """Characters YAML forbids (control characters), located by their offset.

    libyaml gives the offset in bytes of the UTF-8 text, the pure-Python reader
    in characters.
    """
    offset = exc.position
    if HAS_LIBYAML:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    line, column = position(text, offset)
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return _error(
        name,
        f"contains the control character U+{ord(character):04X}, which YAML does not allow",
        line,
        column,
    )


def _yaml_error(name: str, exc: yaml.MarkedYAMLError, text: str) -> InputError:
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


class _Constructor:
    """Turns composed nodes into dicts, lists and scalars, enforcing the limits.

    The composer has counted every node it built; what aliases add is counted
    here. Each use of an alias constructs its node again, so values and
    characters of text are counted as they are constructed, and checked as soon
    as a list or mapping is complete: an alias bomb stops after at most one
    collection more than the limit, the last list of a file included.
    """

    def __init__(self, name: str, limits: Limits, text: str | None = None) -> None:
        self.name = name
        self.text = text
        self.max_depth = limits.max_depth
        self.max_nodes = limits.max_nodes
        self.max_chars = limits.expanded_chars
        self.count = 0
        self.chars = 0
        self.active: set[int] = set()

    def fail(self, node: Node, message: str) -> InputError:
        line, column = mark_position(self.text, node.start_mark)
        return _error(self.name, message, line, column)

    def construct_root(self, node: Node) -> Any:
        try:
            return self.construct(node)
        except RecursionError:  # max_depth is bounded well below this; a last resort
            raise self.fail(node, "nested too deeply to read; lower limits.max_depth") from None

    def construct(self, node: Node, depth: int = 0, *, counted: bool = False) -> Any:
        if not counted:
            self.count += 1
        tag = node.tag
        if tag not in SAFE_TAGS:
            raise self.fail(
                node, f"unsupported tag {_show(tag)!r}: journeymap reads plain YAML only"
            )
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)
            return node.value if tag == STR else self.scalar(node)
        if depth >= self.max_depth:
            raise self.fail(node, f"nested deeper than {self.max_depth} levels (limits.max_depth)")
        if id(node) in self.active:
            raise self.fail(node, "an alias refers to the list or mapping that contains it")
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if tag != SEQ:
                    raise self.fail(node, f"a list cannot have the tag {_show(tag)!r}")
                result: Any = self.sequence(node, depth)
            else:
                if tag != MAP:
                    raise self.fail(node, f"a mapping cannot have the tag {_show(tag)!r}")
                result = self.mapping(node, depth)
        finally:
            self.active.discard(id(node))
        if self.count > self.max_nodes:
            raise self.fail(
                node,
                f"more than {self.max_nodes:,} values after expanding aliases "
                "(limits.max_nodes); is this an alias bomb?",
            )
        if self.chars > self.max_chars:
            raise self.fail(
                node,
                f"more than {self.max_chars:,} characters of text after expanding aliases "
                "(limits.max_expanded_chars); is this an alias bomb?",
            )
        return result

    def sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        items = node.value
        self.count += len(items)  # counted here, checked when the collection is complete
        construct = self.construct
        result: list[Any] = []
        append = result.append
        chars = 0
        for child in items:
            if child.__class__ is ScalarNode and child.tag == STR:
                value = child.value
                chars += len(value)
                append(value)
            else:
                append(construct(child, depth + 1, counted=True))
        self.chars += chars
        return result

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        merges: list[Node] = []
        construct = self.construct
        # Plain-text keys and values are by far the most common nodes: they are
        # handled inline (counted here, checked when the collection is complete),
        # which halves the constructor's cost on a real map.
        self.count += 2 * len(node.value)
        chars = 0
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag == MERGE:
                merges.append(value_node)
                continue
            if key_node.__class__ is not ScalarNode:
                raise self.fail(key_node, "a key must be plain text, not a list or mapping")
            if key_tag == STR:
                key = key_node.value
                chars += len(key)
                identity: Any = key
            else:
                key = construct(key_node, depth + 1, counted=True)
                if key.__class__ is not str:
                    raise self.fail(key_node, _not_text_key(key_node.value, key))
                identity = key
            if identity in seen:
                first = mark_position(self.text, seen[identity].start_mark)[0]
                raise self.fail(key_node, f"duplicate key {key!r} (first defined on line {first})")
            seen[identity] = key_node
            if key_tag == STR and key.startswith(EXTENSION_PREFIX):
                continue
            if value_node.__class__ is ScalarNode and value_node.tag == STR:
                value = value_node.value
                chars += len(value)
                result[key] = value
            else:
                result[key] = construct(value_node, depth + 1, counted=True)
        self.chars += chars
        for merge in merges:
            for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
                merged = self.construct(source, depth + 1)
                if not isinstance(merged, dict):
                    raise self.fail(source, "a merge key (<<) must point at a mapping")
                for key, value in merged.items():
                    result.setdefault(key, value)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag in (SEQ, MAP):
            kind = "a list" if tag == SEQ else "a mapping"
            raise self.fail(node, f"{_show(tag)!r} marks {kind}, but {value!r} is a single value")
        if tag == MERGE:
            raise self.fail(node, "a merge key (<<) cannot be used as a value")
        try:
            if tag == NULL:
                if value not in ("", "~", "null", "Null", "NULL"):
                    raise ValueError
                return None
            if tag == BOOL:
                if value.lower() not in ("true", "false"):
                    raise ValueError
                return value.lower() == "true"
            if tag == INT:
                return _to_int(value)
            return _to_float(value)
        except ValueError:
            raise self.fail(
                node, f"{value!r} is not a valid {tag.removeprefix(TAG_PREFIX)}"
            ) from None


def _not_text_key(text: str, key: object) -> str:
    """Why a key that YAML reads as a number, a boolean or null is refused: every key of
    a map is a name or an id, and pydantic would report it without its place."""
    if key is None:
        read = "nothing (null)" if text else None
    else:
        read = "a boolean" if isinstance(key, bool) else "a number"
    if read is None:
        return "a key must be plain text, not empty"
    return f"a key must be plain text: YAML reads {text} as {read}; put it in quotes: '{text}'"


def _show(tag: str) -> str:
    """A tag as it is written in YAML: ``!!seq`` rather than ``tag:yaml.org,2002:seq``."""
    return tag.replace(TAG_PREFIX, "!!", 1) if tag.startswith(TAG_PREFIX) else tag


def _to_int(value: str) -> int:
    text = value.replace("_", "")
    if text.startswith(("0o", "0O")):
        return int(text[2:], 8)
    if text.startswith(("0x", "0X")):
        return int(text[2:], 16)
    return int(text, 10)


def _to_float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(value.replace("_", ""))
