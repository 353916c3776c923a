"""Where a finding is, in the words of the person who wrote the map.

A pointer such as ``("stages", 6, "steps", 0, "emotion")`` is exact but zero-based
and blind to names; the author sees ``stage 'Integrations & advocacy' › step
'Recommends us' › emotion``. Items are named by their ``name`` (when short) or
``id``; where only a position is left it is 1-based (``next #2``). The raw
pointer stays on the finding for machines (``pointer`` in the JSON output).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

Pointer = tuple[str | int, ...]

SEPARATOR = " › "
NAME_LIMIT = 40
"""Longer names (steps are often sentences) give way to the item's id."""

_SINGULAR = {
    "stages": "stage",
    "steps": "step",
    "insights": "insight",
    "quotes": "quote",
    "metrics": "metric",
    "objectives": "objective",
    "pillars": "pillar",
    "brand_attributes": "brand attribute",
    "actions": "action",
    "opportunities": "opportunity",
}


def describe(root: Any, pointer: Pointer, numbers: Pointer | None = None) -> str:
    """``pointer`` into ``root`` (plain data or a model) in the author's terms.

    ``numbers`` is the same pointer with the file's list indices, when ``root`` is
    a partial model whose lists lost items (see ``partial``).
    """
    numbers = numbers if numbers is not None and len(numbers) == len(pointer) else pointer
    words: list[str] = []
    current = root
    index = 0
    while index < len(pointer):
        part = pointer[index]
        following = pointer[index + 1] if index + 1 < len(pointer) else None
        if following == "[key]":  # pydantic's marker for an invalid mapping key
            words.append(f"key {part!r}")
            index += 2
            continue
        if isinstance(part, str) and isinstance(following, int):
            item = _child(_child(current, part), following)
            words.append(_item(part, item, int(numbers[index + 1]) + 1))
            current = item
            index += 2
            continue
        words.append(f"#{int(numbers[index]) + 1}" if isinstance(part, int) else str(part))
        current = _child(current, part)
        index += 1
    return SEPARATOR.join(words)


def _item(key: str, item: Any, number: int) -> str:
    label = _label(item)
    if label is not None:
        return f"{_SINGULAR.get(key, key)} {label!r}"
    if isinstance(item, dict) or _is_model(item.__class__):
        return f"{_SINGULAR.get(key, key)} #{number}"
    return f"{key} #{number}"


def _label(item: Any) -> str | None:
    name = _child(item, "name")
    if isinstance(name, str) and name.strip() and len(name) <= NAME_LIMIT:
        return name
    for key in ("id", "title"):  # a blank name (itself an error) names nothing either
        value = _child(item, key)
        if isinstance(value, str) and value.strip():
            return value if len(value) <= NAME_LIMIT * 2 else value[: NAME_LIMIT * 2 - 1] + "…"
    return None


def _child(value: Any, part: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list):
        return value[part] if isinstance(part, int) and 0 <= part < len(value) else None
    if _is_model(value.__class__) and isinstance(part, str):
        fields = value.__dict__  # a model's field values (``model_fields`` is a slow property)
        if part in fields:
            return fields[part]
        extra = value.__pydantic_extra__ or {}
        return extra.get(part)
    return None


@cache
def _is_model(kind: type) -> bool:
    """``isinstance`` of a model class goes through ``ABCMeta`` each time; once a class."""
    return issubclass(kind, BaseModel)
