"""The part of a document that is valid, so one run reports everything it can.

When a file has schema errors, the errors are reported, and the invalid values
and items are pruned from a copy of the data until the rest validates: that
partial model still gets reference and lint findings, so fixing a map does not
take one run per kind of error.

Pruning moves list items (removing ``steps[1]`` makes ``steps[2]`` the second),
so a partial document keeps, for each list it shortened, the original index of
every remaining item; findings are located and numbered in the file's terms.
What was pruned is kept too, so that rules which a pruned value would mislead
(an "empty" stage whose only step was invalid) stay quiet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from journeymap.model.base import error_pointer

Pointer = tuple[str | int, ...]

MAX_ROUNDS = 8
"""Pruning a value can make its container invalid (a required key gone); each round
removes one more level, and a map is rarely nested deeper than stage › step › list."""


@dataclass(slots=True)
class Pruning:
    """How a partial document differs from its file."""

    removed: list[Pointer] = field(default_factory=list)
    """What was pruned, as pointers into the file."""
    index_maps: dict[Pointer, list[int]] = field(default_factory=dict)
    """Shortened lists (pointer in the model's terms) → original index of each item."""

    @property
    def dropped_items(self) -> bool:
        """Whether whole list items (stages, steps, insights…) were pruned."""
        return any(pointer and isinstance(pointer[-1], int) for pointer in self.removed)

    def original(self, pointer: Pointer) -> Pointer:
        """A pointer into the partial model as a pointer into the file."""
        if not self.index_maps:
            return pointer
        result: list[str | int] = []
        prefix: Pointer = ()
        for part in pointer:
            index_map = self.index_maps.get(prefix) if isinstance(part, int) else None
            result.append(index_map[part] if index_map and part < len(index_map) else part)
            prefix = (*prefix, part)
        return tuple(result)

    def near(self, pointer: Pointer) -> bool:
        """Whether ``pointer`` (in the file's terms) lies inside a pruned part, or a pruned
        part is one of its keys or items (``stages[1]`` and ``stages[1].steps[0]``), so a
        finding there may be caused by the pruning (an "empty" stage)."""
        return any(
            pointer[: len(removed)] == removed
            or (removed[: len(pointer)] == pointer and len(removed) - len(pointer) <= 2)
            for removed in self.removed
        )


def partial_model(
    model_class: type[BaseModel], data: Any, error: ValidationError
) -> tuple[BaseModel, Pruning] | None:
    """The model of ``data`` without its invalid parts, or None when nothing sensible is left
    (the document's own required keys are invalid)."""
    origins: dict[int, list[int]] = {}
    copy = _copy(data, origins)
    pruning = Pruning()
    for _ in range(MAX_ROUNDS):
        targets = {_target(item) for item in error.errors(include_url=False)}
        if () in targets or None in targets:
            return None
        changed = False
        for target in sorted(targets, key=_order, reverse=True):
            assert target is not None
            original = _original(copy, target, origins)
            if _remove(copy, target, origins):
                pruning.removed.append(original)
                changed = True
        if not changed:
            return None
        try:
            model = model_class.model_validate(copy)
        except ValidationError as again:
            error = again
            continue
        pruning.index_maps = _index_maps(copy, origins)
        return model, pruning
    return None


def _target(item: Any) -> Pointer | None:
    """What to prune for one pydantic error: the value, or for a missing key its container."""
    loc = error_pointer(item["loc"])
    if "[key]" in loc:  # an invalid mapping key: prune the entry
        loc = loc[: loc.index("[key]")]
    if item["type"] == "missing":
        loc = loc[:-1]
    return loc


def _order(pointer: Pointer) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts later list items after earlier ones, so removal runs back to front."""
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in pointer)


def _copy(value: Any, origins: dict[int, list[int]]) -> Any:
    """A copy of the containers (scalars shared), each list tagged with its items' indices."""
    if isinstance(value, dict):
        return {key: _copy(item, origins) for key, item in value.items()}
    if isinstance(value, list):
        copied = [_copy(item, origins) for item in value]
        origins[id(copied)] = list(range(len(copied)))
        return copied
    return value


def _walk(data: Any, pointer: Pointer) -> Any:
    current = data
    for part in pointer:
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if not (in_dict or in_list):
            return None
        current = current[part]
    return current


def _original(data: Any, pointer: Pointer, origins: dict[int, list[int]]) -> Pointer:
    result: list[str | int] = []
    current = data
    for part in pointer:
        if isinstance(current, list) and isinstance(part, int):
            indices = origins.get(id(current), [])
            result.append(indices[part] if 0 <= part < len(indices) else part)
        else:
            result.append(part)
        current = _walk(current, (part,))
    return tuple(result)


def _remove(data: Any, pointer: Pointer, origins: dict[int, list[int]]) -> bool:
    parent = _walk(data, pointer[:-1])
    last = pointer[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        del origins[id(parent)][last]
        return True
    return False


def _index_maps(data: Any, origins: dict[int, list[int]]) -> dict[Pointer, list[int]]:
    """Every shortened list of the pruned data, by its pointer in the model's terms."""
    found: dict[Pointer, list[int]] = {}

    def visit(value: Any, pointer: Pointer) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*pointer, key))
        elif isinstance(value, list):
            indices = origins.get(id(value), [])
            if indices != list(range(len(value))):
                found[pointer] = list(indices)
            for index, item in enumerate(value):
                visit(item, (*pointer, index))

    visit(data, ())
    return found
