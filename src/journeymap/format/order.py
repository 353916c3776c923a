"""The key order of every mapping, derived from the pydantic models' field order.

The models are the contract, so the formatter never keeps its own list of keys:
a field added to a model is placed where the model declares it. A ``Shape``
says, for one mapping in a file, whether its keys are schema fields (reordered)
or user data such as glossary terms and persona ids (left in the author's
order), and what shape its children have.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from journeymap.model.base import EXTENSION_PREFIX


@dataclass(frozen=True)
class Shape:
    """What the formatter knows about one node of a document."""

    fields: tuple[str, ...] = ()
    """Keys in schema order; empty for data mappings and unknown parts."""
    children: dict[str, Shape] = field(default_factory=dict, hash=False, compare=False)
    """Shape of the value under each known key."""
    values: Shape | None = None
    """Shape of every value of a data mapping (``dict[Slug, Vocabulary]``)."""
    items: Shape | None = None
    """Shape of every item of a list."""

    def child(self, key: object) -> Shape:
        """The shape of the value under ``key`` (``UNKNOWN`` when the schema says nothing)."""
        if self.fields:
            return self.children.get(key, UNKNOWN) if isinstance(key, str) else UNKNOWN
        return self.values or UNKNOWN

    def item(self) -> Shape:
        return self.items or UNKNOWN

    def sort_keys(self, keys: list[Any]) -> list[Any]:
        """Schema fields in model order, then ``x-*`` and unknown keys in their original order."""
        if not self.fields:
            return list(keys)
        rank = {name: index for index, name in enumerate(self.fields)}
        known = sorted((k for k in keys if isinstance(k, str) and k in rank), key=rank.__getitem__)
        rest = [k for k in keys if not (isinstance(k, str) and k in rank)]
        unknown = [k for k in rest if not _is_extension(k)]
        extensions = [k for k in rest if _is_extension(k)]
        return known + unknown + extensions


def _is_extension(key: object) -> bool:
    return isinstance(key, str) and key.startswith(EXTENSION_PREFIX)


UNKNOWN = Shape()


@cache
def model_shape(model: type[BaseModel]) -> Shape:
    """The shape of a model's mapping: its field names (aliases when set) in declaration order."""
    names: list[str] = []
    children: dict[str, Shape] = {}
    shape = Shape(fields=(), children=children)
    for name, info in model.model_fields.items():
        key = info.alias or name
        names.append(key)
        children[key] = _annotation_shape(info.annotation)
    return Shape(fields=tuple(names), children=children) if names else shape


def _annotation_shape(annotation: Any) -> Shape:
    """Map a field's type to a shape: models, lists of models, dicts of models, unions."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _annotation_shape(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for option in get_args(annotation):
            shape = _annotation_shape(option)
            if shape is not UNKNOWN:
                return shape
        return UNKNOWN
    if origin in (list, tuple, set, frozenset, typing.Sequence):
        args = get_args(annotation)
        return Shape(items=_annotation_shape(args[0])) if args else UNKNOWN
    if origin is dict:
        args = get_args(annotation)
        return Shape(values=_annotation_shape(args[1])) if len(args) == 2 else UNKNOWN
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_shape(annotation)
    return UNKNOWN


def document_shape(data: Any, *, is_config: bool) -> Shape:
    """The shape of a whole file: the workspace config, or the model named by ``kind``."""
    if is_config:
        from journeymap.model.config import Config

        return model_shape(Config)
    if not isinstance(data, dict):
        return UNKNOWN
    from journeymap.model.documents import KINDS

    model = KINDS.get(data.get("kind")) if isinstance(data.get("kind"), str) else None
    return model_shape(model) if model is not None else UNKNOWN
