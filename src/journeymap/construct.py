"""Composed nodes to plain Python values, within the limits: dicts, lists and scalars.

The node tree shares aliased nodes, so an alias bomb is small as nodes and huge
as values: the constructor counts what aliases add while it builds, and stops
at ``limits.max_nodes`` values or ``limits.max_expanded_chars`` characters. It
also refuses unknown tags and duplicate keys, reads scalars by the YAML 1.2 core
schema (``0o17`` and ``0x1F`` are the only non-decimal integers; dates stay
text, models parse them) and drops ``x-*`` extension keys.
"""

from __future__ import annotations

import math
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from journeymap.findings import InputError
from journeymap.model.base import EXTENSION_PREFIX
from journeymap.model.config import Limits
from journeymap.nodetree import BOOL, INT, MAP, MERGE, NULL, SAFE_TAGS, SEQ, STR, TAG_PREFIX
from journeymap.textfile import input_error as _error
from journeymap.textfile import mark_position


class Constructor:
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
