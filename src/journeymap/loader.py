"""Safe YAML loading with positions, for files written by many hands.

Why not ``yaml.safe_load``: it forgets where values came from, silently keeps the
last of two duplicate keys, expands aliases without bound ("billion laughs"),
reads ``no``/``on`` as booleans (YAML 1.1's "Norway problem") and crashes the
interpreter on very deep nesting. Here a file takes one of two routes
(:func:`parse_yaml`): a plain file is read by the optional compiled parser
(``journeymap.fastyaml``); any other has libyaml compose the node tree within the
limits (``journeymap.nodetree``, the hostile-input guard) and our own small
constructor turn it into plain values (``journeymap.construct``). Either way the
result is a :class:`LoadedYaml`: the data with its source map, which places any
value at its line and column when a finding needs it.

Scalars follow the YAML 1.2 core schema: only ``true``/``false`` are booleans,
``yes``/``no``/``on``/``off`` stay text, dates stay text (models parse them),
``0o17`` and ``0x1F`` are the only non-decimal integers. ``08`` is the number 8,
so an id like ``08`` must be quoted; the schema error says so.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate, count
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.construct import Constructor
from journeymap.fastyaml import fast_data, outline, plain_text
from journeymap.model.config import Limits
from journeymap.nodetree import LIBYAML_SAFE_DEPTH, MERGE, check_depth, compose, depth_bound
from journeymap.textfile import decode, mark_position, read_text
from journeymap.textpos import Memo, plain_offset, simple_layout

__all__ = ["LoadedYaml", "decode", "load_yaml", "mark_position", "parse_yaml", "read_text"]


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
        "_placeable",
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
        self._placeable: bool | None = None
        """Whether ``textpos`` can place values in a file libyaml read (``_text_places``)."""
        self._memo = Memo()
        """What ``textpos`` found in the text so far, for the next finding."""
        self._lines: list[int] | None = None
        """Where each line after the first starts (``_line_starts``)."""
        self._shape: Any = None
        """The data read again after ``release()``, only to find positions."""
        self._shape_kept: bytes | None = None
        """The data as JSON, kept by ``release()`` (``plain_json``; see ``_outline``)."""

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

    def plain_json(self) -> bytes | None:
        """The fast path's data as JSON, made once (None for a file libyaml read).

        The data holds only what JSON does (mappings with text keys, lists, text,
        numbers, booleans, null; no dates: yaml-rs leaves them as text).
        ``release()`` keeps it for locating findings, and a streamed run keeps it
        for validating the file again (``streaming.Plain``): pydantic validates the
        JSON in less time than unmarshalling the data and validating that takes
        (0.55 against 0.69 ms for an 18 KB map, 2.0 against 2.6 ms for a 60 KB one),
        and reads it back for locating in less time too. Writing it costs a little
        more than marshal (0.11 against 0.07 ms for 18 KB). Measured again with the
        garbage collector off, as the CLI runs, on 100 maps each: unmarshalling and
        ``model_validate`` took 0.50 ms an 18 KB map against 0.41 for
        ``model_validate_json``, and 1.33 against 1.04 ms for 60 KB, so JSON stays.
        """
        if not self._fast:
            return None
        if self._shape_kept is None and self._data is not _RELEASED:
            self._shape_kept = _json(self._data)
        return self._shape_kept

    @classmethod
    def released(cls, path: str, text: str, limits: Limits, kept: bytes) -> LoadedYaml:
        """A fast-path file as ``release()`` leaves it, from its text and ``plain_json()``."""
        loaded = cls(path, _RELEASED, None, text, limits)
        loaded._shape_kept = kept
        return loaded

    @property
    def root(self) -> Node:
        if self._root is None:
            # Only the node tree: the text was read once, so it composes again
            # without error, and the data, when kept, is the same.
            assert self.text is not None
            self._root = compose(self.text, self.path, self.limits or Limits())
        return self._root

    @property
    def data(self) -> Any:
        if self._data is _RELEASED:
            assert self.text is not None
            limits = self.limits or Limits()
            data = fast_data(self.text, limits, checked=True) if self._fast else None
            if data is None:
                data = Constructor(self.path, limits, self.text).construct_root(self.root)
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

        The data is kept as JSON (``plain_json``: about the size of the text, in one
        object) for locating findings later; a pickled copy (a streamed run's) leaves
        it out and parses again when asked."""
        if self.text is not None:
            if self._data is _RELEASED:
                self._shape_kept = None
            elif self._shape_kept is None:  # libyaml's data too, for ``_text_places``
                self._shape_kept = _json(self._data)
            self._root = None
            self._data = _RELEASED
            self._memo = Memo()
            self._shape = None
            self._placeable = None

    def _line_starts(self, text: str) -> list[int]:
        """Offsets where the second, third... line starts (LF, CRLF or a lone CR ends a
        line, as editors count), made once per file with findings."""
        if self._lines is None:
            if "\r" in text:
                self._lines = [found.end() for found in re.finditer(r"\r\n|\r|\n", text)]
            else:
                # Each line's length plus one for each LF up to it, summed up in C (0.2
                # against 0.33 ms for a 60 KB map's 1,600 lines with ``finditer``).
                starts = list(map(operator.add, accumulate(map(len, text.split("\n"))), count(1)))
                starts.pop()  # past the last line
                self._lines = starts
        return self._lines

    def line_start(self, line: int) -> int | None:
        """Offset of the first character of 1-based ``line``, None past the last line."""
        if self.text is None or line < 1:
            return None
        if line == 1:
            return 0
        starts = self._line_starts(self.text)
        return starts[line - 2] if line - 2 < len(starts) else None

    def _text_places(self) -> bool:
        """Whether ``textpos`` may place values in the text instead of libyaml's node tree.

        For a file the fast path read, always. For one libyaml read (no yaml-rs, the
        fast path switched off, or a run's first few maps) when its data was kept at
        ``release()`` and its text passes the fast path's scan, which refuses all that
        ``textpos`` cannot place (anchors, tags, flow collections...): composing the
        tree again costs 5.5 ms for a 60 KB map, the scan 0.5 ms, once a file."""
        if self._fast:
            return True
        if self._placeable is None:
            kept = self._shape_kept is not None or self._shape is not None
            text, limits = self.text or "", self.limits or Limits()
            self._placeable = kept and plain_text(text, limits)
        return self._placeable

    def locate(self, pointer: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``pointer``, or of its key with ``key=True``.

        When the pointer leads to something that is not in the file (a missing key),
        the position of the deepest existing parent is returned.
        """
        if self._root is None and self.text is not None and self._text_places():
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
                starts = self._line_starts(text)
                line = bisect.bisect_right(starts, offset)
                start = starts[line - 1] if line else 0
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
        keys, merged = _mapping_index(node)
        found = keys.get(part if isinstance(part, str) else str(part))
        if found is not None:
            return found
        for source in merged:
            found = _child(source, part)
            if found is not None:
                return found
    return None


_INDEX = "_journeymap_index"


def _mapping_index(node: MappingNode) -> tuple[dict[str, tuple[Node, Node]], list[Node]]:
    """The mapping's (key node, value node) by key text, and the mappings it merges in.

    Made once per mapping and kept on its node: locating each finding by a scan of
    the mapping made a file of 40,000 unknown keys take minutes to report (one
    scan per finding)."""
    index = node.__dict__.get(_INDEX)
    if index is None:
        keys: dict[str, tuple[Node, Node]] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
            elif isinstance(key_node, ScalarNode):
                keys.setdefault(key_node.value, (key_node, value_node))
        index = node.__dict__[_INDEX] = (keys, merged)
    return index


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
    if depth_bound(text) > LIBYAML_SAFE_DEPTH:
        # Only libyaml needs protecting here; the constructor enforces max_depth.
        check_depth(text, name, limits.max_depth)
    elif not positions:
        data = fast_data(text, limits)
        if data is not None:
            return LoadedYaml(name, data, None, text, limits)
    root = compose(text, name, limits)
    data = Constructor(name, limits, text).construct_root(root)
    return LoadedYaml(name, data, root, text, limits)


def _json(data: Any) -> bytes | None:
    """``data`` as JSON, or None for what JSON cannot hold (``pydantic_core.to_json``)."""
    from pydantic_core import PydanticSerializationError, to_json

    try:
        return to_json(data)
    except PydanticSerializationError:
        return None
