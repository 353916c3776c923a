"""A streamed run keeps a file the fast path read as its data's JSON and validates that
again when the file's batch comes (``streaming.Plain``): JSON must accept exactly what
validating the same data as Python objects accepted on the first read, and build the
same model."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from journeymap.model.documents import KINDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

SAME_EITHER_WAY = {
    "definitions",
    "definition-ref",
    "model",
    "model-fields",
    "model-field",
    "default",
    "nullable",
    "union",
    "tagged-union",
    "list",
    "dict",
    "literal",
    "str",
    "int",
    "float",
    "bool",
    "date",  # lax only: strict dates take text from JSON but not from Python
}
"""Schema types whose strict validation reads plain data and its JSON alike (pydantic's
conversion table). Enums, tuples, sets, strict dates and the like do not: a model that
starts using one must not be validated again from JSON, or a kept file could come back
as another model (or be loaded a second time, see ``streaming.unstash``)."""


def schema_types(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, str):
            found.add(kind if kind != "date" or node.get("strict") is False else "strict date")
        for key, value in node.items():
            if key not in ("metadata", "serialization"):
                schema_types(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            schema_types(value, found)
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_document_model_uses_types_that_json_reads_alike(kind):
    model = KINDS[kind]
    model.model_rebuild()
    used = schema_types(model.__pydantic_core_schema__, set())
    assert used <= SAME_EITHER_WAY, f"{kind} uses {sorted(used - SAME_EITHER_WAY)}"
    assert {"model", "str", "list"} <= used  # the walk did reach the fields


def example_documents() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") in KINDS:
            documents.append(_plain(data))
    return documents


def _plain(node: Any) -> Any:
    """The data as the fast path gives it: dates as text, no extension keys."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items() if not str(k).startswith("x-")}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    return node


DOCUMENTS = example_documents()


def outcome(model: type[BaseModel], data: Any, raw: bytes) -> tuple[BaseModel | None, ...]:
    """(model validated from Python, model validated from JSON), None where rejected."""
    results: list[BaseModel | None] = []
    for validate in (lambda: model.model_validate(data), lambda: model.model_validate_json(raw)):
        try:
            results.append(validate())
        except ValidationError:
            results.append(None)
    return tuple(results)


def test_the_examples_validate_to_the_same_models():
    assert len(DOCUMENTS) >= 10
    for data in DOCUMENTS:
        model = KINDS[data["kind"]]
        from_python, from_json = outcome(model, data, pydantic_core.to_json(data))
        assert from_python is not None and from_python == from_json


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", " ", "2026-03-01", "2026-13-01", "3", "1.5", "true", "a-b", "A b"])
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    """Every value's path in the data."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_changed_value_is_accepted_or_refused_alike(data):
    """Any value of any field replaced by any JSON value: both ways accept it or neither
    does, and when both do they build the same model."""
    document = copy.deepcopy(data.draw(st.sampled_from(DOCUMENTS)))
    path = data.draw(st.sampled_from(_places(document)))
    if path == ("kind",):
        return
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = data.draw(JSON_VALUES)
    model = KINDS[document["kind"]]
    from_python, from_json = outcome(model, document, pydantic_core.to_json(document))
    assert from_python == from_json
