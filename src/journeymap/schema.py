"""JSON Schemas generated from the models, for editors and other validators.

The committed files under ``schemas/`` are produced by ``journeymap schema KIND``;
a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

SCHEMA_KINDS = ("journey", "persona", "messaging", "backlog", "config")
SCHEMA_BASE_URL = "https://journeymap.dev/schemas/"


def schema_model(kind: str) -> type[BaseModel]:
    """The model behind a schema kind."""
    from journeymap.model import Backlog, Config, Journey, Messaging, Persona

    models: dict[str, type[BaseModel]] = {
        "journey": Journey,
        "persona": Persona,
        "messaging": Messaging,
        "backlog": Backlog,
        "config": Config,
    }
    return models[kind]


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    schema = schema_model(kind).model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{kind}.schema.json",
        **schema,
    }


def schema_text(kind: str) -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"
