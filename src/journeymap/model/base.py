"""Shared building blocks of every document model: strictness, ids, references.

Every model is strict on purpose: a typo in a key (``emotoin:``) or a number
typed as text must be an error that names the line, not a silently ignored
field. Extension keys (``x-…``) are removed by the loader before validation, and
the JSON Schema allows them through ``patternProperties``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
REFERENCE_PATTERN = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
"""``journey-id/item-id``: how one document points into a journey."""


def split_reference(reference: str) -> tuple[str, str]:
    """``journey-id/item-id`` → ``(journey-id, item-id)`` (the pattern guarantees one slash)."""
    journey, _, item = reference.partition("/")
    return journey, item


EXTENSION_PREFIX = "x-"


def empty_list() -> list[Any]:
    """``default_factory`` of the models' list fields, in place of ``list``.

    Pydantic reads the signature of every default factory when it builds a model,
    and the signature of a builtin such as ``list`` is parsed from its text by
    Python's tokenizer: about 12 ms of the command line's start-up for the journey
    model alone. A plain function's signature costs nothing.
    """
    return []


def empty_dict() -> dict[str, Any]:
    """``default_factory`` of the models' mapping fields, in place of ``dict`` (see
    :func:`empty_list`)."""
    return {}


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

NOT_BLANK = r"\S"
"""A text holds something other than spaces, tabs and line breaks (searched, not anchored:
the first visible character ends the check)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=NOT_BLANK)]
"""A non-empty piece of human text: ``"   "`` is as empty as ``""`` (both say "must not
be empty"), so a name, title or message cannot be blanked out with spaces."""

TextList = Annotated[list[Text], Field(default_factory=empty_list)]

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

EMOTION_NUMBER = "emotion-number"
EMOTION_BY_PERSONA = "emotion-by-persona"


def _emotion_shape(value: Any) -> str:
    """Which form of emotion was written: a mapping is per persona, anything else a number."""
    return EMOTION_BY_PERSONA if isinstance(value, dict) else EMOTION_NUMBER


EmotionByPersona = Annotated[
    dict[
        Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)],
        Emotion,
    ],
    Field(
        min_length=1,
        description="How each persona of the map feels here, persona id → -2..+2, "
        "e.g. `{social-media-manager: -1, marketing-director: 1}`: people in one "
        "buying group feel the same step differently.",
        json_schema_extra={"additionalProperties": False},
    ),
]

StepEmotion = Annotated[
    Annotated[Emotion, Tag(EMOTION_NUMBER)] | Annotated[EmotionByPersona, Tag(EMOTION_BY_PERSONA)],
    Discriminator(_emotion_shape),
]
"""One number, or one number per persona: chosen by the shape written, so errors
name the form the author used rather than both forms of the union."""

_UNION_TAGS = frozenset({EMOTION_NUMBER, EMOTION_BY_PERSONA})


def emotion_for(emotion: int | dict[str, int] | None, persona: str | None = None) -> int | None:
    """One persona's emotion from a step's value (one number counts for every persona).

    With per-persona emotions and no persona named, there is no single number: None.
    """
    if isinstance(emotion, dict):
        return None if persona is None else emotion.get(persona)
    return emotion


def lowest_emotion(emotion: int | dict[str, int] | None) -> int | None:
    """The worst emotion any persona feels: what a single colour or score shows."""
    if isinstance(emotion, dict):
        return min(emotion.values(), default=None)
    return emotion


def error_pointer(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """A pydantic error location as a path into the document.

    Tagged unions insert the tag into the location (``emotion``,
    ``emotion-number``); the author wrote no such key, so it is dropped.
    """
    return tuple(
        part
        for index, part in enumerate(loc)
        if not (part in _UNION_TAGS and index and loc[index - 1] == "emotion")
    )
