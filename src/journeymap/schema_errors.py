"""Turn pydantic's validation errors into one clear, located line per problem.

pydantic says "Input should be less than or equal to 2"; a CX lead editing YAML
needs ``journeys/b2b.yaml:12:7: stages[2].steps[0].emotion: must be between -2
and 2 (got 5)``. This module owns that translation, including "did you mean"
suggestions for misspelt keys and values.
"""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from journeymap.findings import SCHEMA_ERROR, Finding
from journeymap.loader import LoadedYaml
from journeymap.model.base import NOT_BLANK, error_pointer
from journeymap.pointers import describe

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Known:
    """Ids the workspace config defines (id → display name), so hints name real ones."""

    teams: dict[str, str] = field(default_factory=dict)
    segments: dict[str, str] = field(default_factory=dict)


def schema_findings(
    error: ValidationError,
    model: type[BaseModel],
    source: LoadedYaml,
    known: Known | None = None,
) -> list[Finding]:
    """One finding per pydantic error, located in the source file."""
    findings = []
    for item in error.errors(include_url=False):
        pointer: Pointer = error_pointer(item["loc"])
        message, at_key = _describe(item, model, pointer, source, known or Known())
        where = pointer[:-1] if item["type"] == "missing" else pointer
        line, column = source.locate(where, key=at_key)
        label = describe(source.data, pointer)
        findings.append(
            Finding(
                path=source.path,
                message=f"{label}: {message}" if label else message,
                code=SCHEMA_ERROR,
                category="schema",
                line=line,
                column=column,
                pointer=pointer,
                where=label or None,
            )
        )
    return findings


def _describe(
    item: Any, model: type[BaseModel], pointer: Pointer, source: LoadedYaml, known: Known
) -> tuple[str, bool]:
    """(message, whether to point at the key rather than the value)."""
    kind: str = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    got = _got(value, pointer, source)
    if kind == "extra_forbidden":
        name = str(pointer[-1])
        known = sorted(_fields_at(model, pointer[:-1]))
        return f"unknown key {name!r}{_did_you_mean(name, known)}", True
    if kind == "missing":
        return "is required but missing", True
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(model, pointer)
        if low is not None and high is not None:
            return f"must be between {low} and {high} (got {got})", False
        return f"{_BOUND_WORDS[kind]} {next(iter(ctx.values()))} (got {got})", False
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = _did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        return f"must be one of: {', '.join(allowed)} (got {got}){hint}", False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK:
        return "must not be empty", False
    if kind == "string_pattern_mismatch":
        return (
            f"must be an id of lowercase letters, digits and dashes (got {got})"
            f"{_id_hint(value, pointer, known, _sibling_ids(pointer, source))}",
            False,
        )
    if kind == "string_type":
        text = _source_text(pointer, source)
        if isinstance(value, bool | int | float) and text is not None:
            return (
                f"must be text, but YAML reads {text} as a {_type_name(value)}; put it in quotes: '{text}'",
                False,
            )
        return f"must be text (got {got})", False
    if kind in _SIMPLE:
        return f"{_SIMPLE[kind]} (got {got})", False
    if kind == "string_too_short":
        return "must not be empty", False
    if kind == "value_error":  # a model's own check: its message is written for the author
        return f"{ctx.get('error', item['msg'])} (got {got})", False
    if kind == "too_short":  # an empty list or mapping where one item is needed
        emotion = pointer[-1:] == ("emotion",)
        return "must not be empty" + (
            ": give one number, or one per persona" if emotion else ""
        ), False
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters", False
    if kind.startswith("date"):
        return f"must be a date written as YYYY-MM-DD (got {got})", False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "must be one of: journey, persona, messaging, backlog", False
    return f"{item['msg'][0].lower()}{item['msg'][1:]} (got {got})", False


_BOUND_WORDS = {
    "greater_than_equal": "must be at least",
    "less_than_equal": "must be at most",
    "greater_than": "must be more than",
    "less_than": "must be less than",
}

_SIMPLE = {
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "float_type": "must be a number",
}


def _type_name(value: object) -> str:
    return "boolean" if isinstance(value, bool) else "number"


def _got(value: object, pointer: Pointer, source: LoadedYaml) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    text = _source_text(pointer, source)
    return text if text is not None else repr(value)


def _source_text(pointer: Pointer, source: LoadedYaml) -> str | None:
    node = source.node_at(pointer)
    value = getattr(node, "value", None)
    return value if isinstance(value, str) else None


def _sibling_ids(pointer: Pointer, source: LoadedYaml) -> set[str]:
    """The ids of the other items in the list holding the item whose id is at ``pointer``."""
    if len(pointer) < 2 or pointer[-1] != "id" or not isinstance(pointer[-2], int):
        return set()
    items: Any = source.data
    for part in pointer[:-2]:
        items = items.get(part) if isinstance(items, dict) else None
    if not isinstance(items, list):
        return set()
    return {
        item["id"]
        for index, item in enumerate(items)
        if index != pointer[-2] and isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _id_hint(value: object, pointer: Pointer, known: Known, taken: set[str]) -> str:
    """A suggestion that would pass: a configured team or segment where one is expected,
    else the value written as an id."""
    if not isinstance(value, str):
        return ""
    choices, what = {}, ""
    if pointer and pointer[-1] == "owner":
        choices, what = known.teams, "team"
    elif len(pointer) >= 2 and pointer[-2] == "segments":
        choices, what = known.segments, "segment"
    if choices:
        match = closest_id(value, choices)
        if match is not None:
            return f"; did you mean the {what} {match!r}?"
        return f"; the {what}s in journeymap.yaml are: {_listing(choices)}"
    suggestion = base = _slugify(value)
    number = 2
    while suggestion in taken:  # ids are unique in their list: suggest one that is free
        suggestion = f"{base}-{number}"
        number += 1
    return f"; try {suggestion!r}" if suggestion and suggestion != value else ""


def closest_id(value: str, choices: dict[str, str]) -> str | None:
    """The id in ``choices`` (id → display name) closest to ``value``, by id or by name."""
    slug = _slugify(value)
    for candidate, name in choices.items():
        if slug in (candidate, _slugify(name)):
            return candidate
    names = {_slugify(name): candidate for candidate, name in choices.items()}
    close = difflib.get_close_matches(slug, [*choices, *names], n=1, cutoff=0.6)
    if not close:
        return None
    return close[0] if close[0] in choices else names[close[0]]


def _listing(choices: dict[str, str], limit: int = 12) -> str:
    ids = sorted(choices)
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _slugify(text: str) -> str:
    """An id for ``text``: accents dropped (``Nééd`` is ``need``, not ``n-d``), every
    other run of characters an id cannot hold one dash."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated wrappers."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [inner for arg in get_args(annotation) for inner in _unwrap(arg)]
    if origin is not None and hasattr(annotation, "__metadata__"):
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def _type_at(model: type[BaseModel], pointer: Pointer) -> list[Any]:
    """The possible types of the value at ``pointer``, following the model's annotations."""
    current: list[Any] = [model]
    for part in pointer:
        following: list[Any] = []
        for candidate in current:
            origin = get_origin(candidate)
            if (
                isinstance(candidate, type)
                and issubclass(candidate, BaseModel)
                and isinstance(part, str)
            ):
                field = candidate.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
            elif origin is list and isinstance(part, int):
                following.extend(_unwrap(get_args(candidate)[0]))
            elif origin is dict:
                following.extend(_unwrap(get_args(candidate)[1]))
        current = following
    return current


def _models_at(model: type[BaseModel], pointer: Pointer) -> list[type[BaseModel]]:
    """The models the value at ``pointer`` may be (none when it is a plain value)."""
    return [
        candidate
        for candidate in _type_at(model, pointer)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel)
    ]


def _fields_at(model: type[BaseModel], pointer: Pointer) -> set[str]:
    return {name for candidate in _models_at(model, pointer) for name in candidate.model_fields}


def _bounds(model: type[BaseModel], pointer: Pointer) -> tuple[Any, Any]:
    """The (ge, le) bounds declared on the field at ``pointer``, wherever they sit."""
    low = high = None
    for container in _models_at(model, pointer[:-1]):
        field = container.model_fields.get(str(pointer[-1]))
        if field is None:
            continue
        for constraint in [*field.metadata, *_metadata(field.annotation)]:
            low = getattr(constraint, "ge", low)
            high = getattr(constraint, "le", high)
    return low, high


def _metadata(annotation: Any) -> list[Any]:
    found: list[Any] = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        found.extend(_metadata(arg))
    expanded = []
    for item in found:
        expanded.append(item)
        expanded.extend(getattr(item, "metadata", ()))
    return expanded
