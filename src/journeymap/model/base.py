"""Shared building blocks of every document model: strictness, ids, references.

Every model is strict on purpose: a typo in a key (``emotoin:``) or a number
typed as text must be an error that names the line, not a silently ignored
field. Extension keys (``x-…``) are removed by the loader before validation, and
the JSON Schema allows them through ``patternProperties``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
EXTENSION_PREFIX = "x-"


def _allow_extensions(schema: dict[str, object]) -> None:
    """Let ``x-*`` keys through in the JSON Schema, as the loader does."""
    schema["patternProperties"] = {"^x-": {}}


class StrictModel(BaseModel):
    """Base of every document model: unknown keys and loose types are errors."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        json_schema_extra=_allow_extensions,
        use_attribute_docstrings=False,
        # Validators are built on first use, not at import: a run that reads only
        # personas never pays for the journey models (start-up of the CLI).
        defer_build=True,
    )


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(
        description="A stable identifier: lowercase letters, digits and dashes, "
        "starting with a letter or digit (for example `decide-and-buy`). "
        "Keep it when you rename or reorder the item so that diffs can follow it.",
    ),
]
"""A stable id. Names may change freely; ids are what diff and references follow."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
"""A non-empty piece of human text."""

TextList = Annotated[list[Text], Field(default_factory=list)]

Emotion = Annotated[
    int,
    Field(
        ge=-2,
        le=2,
        description="How the customer feels at this point, from -2 (very negative) "
        "through 0 (neutral) to +2 (very positive). Practitioners draw these "
        "values as the emotion curve.",
    ),
]
