"""The workbook's layout, shared by export and import so the two cannot drift apart.

One sheet per kind of row: the overview (one row per journey field), the steps
(one row per step: what a workshop edits most), and the evidence sheets
(insights, quotes, metrics). Each column says which YAML key it holds and how a
cell's text becomes a value; ids sit in locked columns because they are how the
import finds the item again (and how diffs follow it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from journeymap.model.journey import Channel, EvidenceSource

Cell = Literal["id", "text", "list", "emotion", "channel", "source", "team", "bool", "date"]

EMOTIONS = ("-2", "-1", "0", "1", "2")
CHANNELS: tuple[str, ...] = get_args(Channel)
SOURCES: tuple[str, ...] = get_args(EvidenceSource)
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    cell: Cell = "text"
    width: int = 24
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    collection: str
    """The list under each stage that the rows come from (``steps``, ``insights``…)."""
    columns: tuple[Column, ...]


STAGE = Column("stage", "stage", "id", 18)

STEPS = Sheet(
    "Steps",
    "steps",
    (
        STAGE,
        Column("step id", "id", "id", 20),
        Column("name", "name", "text", 40, required=True),
        Column("touchpoint", "touchpoint", "text", 32),
        Column("channel", "channel", "channel", 14),
        Column("owner", "owner", "team", 16),
        Column("emotion", "emotion", "emotion", 9),
        Column("pain points", "pain_points", "list", 44),
        Column("opportunities", "opportunities", "list", 44),
        Column("moment of truth", "moment_of_truth", "bool", 10),
    ),
)

INSIGHTS = Sheet(
    "Insights",
    "insights",
    (
        STAGE,
        Column("insight id", "id", "id", 22),
        Column("text", "text", "text", 60, required=True),
        Column("source", "source", "source", 16),
        Column("owner", "owner", "team", 16),
        Column("action", "action", "text", 40),
    ),
)

QUOTES = Sheet(
    "Quotes",
    "quotes",
    (
        STAGE,
        Column("quote", "#", "id", 10),
        Column("text", "text", "text", 60, required=True),
        Column("source", "source", "source", 16, required=True),
        Column("who", "who", "text", 28),
        Column("date", "date", "date", 12),
    ),
)

METRICS = Sheet(
    "Metrics",
    "metrics",
    (
        STAGE,
        Column("metric id", "id", "id", 22),
        Column("name", "name", "text", 32, required=True),
        Column("listening post", "listening_post", "text", 36),
        Column("owner", "owner", "team", 16),
        Column("target", "target", "text", 20),
    ),
)

ROW_SHEETS = (STEPS, INSIGHTS, QUOTES, METRICS)

PERSONA_EMOTION = "emotion: "
"""Header prefix of a per-persona emotion column (``emotion: marketing-director``)."""


def emotion_personas(journey: dict[str, Any]) -> list[str]:
    """Personas that get their own emotion column on the Steps sheet.

    A map for several personas, or one whose steps give an emotion per persona,
    gets one column per persona (its ``personas``, then any other persona a step
    names), beside the shared ``emotion`` column: a cell never holds a mapping.
    """
    personas = [p for p in journey.get("personas") or [] if isinstance(p, str)]
    named = [
        persona
        for stage in journey.get("stages") or []
        for step in stage.get("steps") or []
        if isinstance(step.get("emotion"), dict)
        for persona in step["emotion"]
    ]
    if len(personas) < 2 and not named:
        return []
    return list(dict.fromkeys([*personas, *map(str, named)]))


def steps_sheet(journey: dict[str, Any]) -> Sheet:
    """The Steps sheet for one journey: with per-persona emotion columns when it needs them."""
    personas = emotion_personas(journey)
    if not personas:
        return STEPS
    at = next(i for i, column in enumerate(STEPS.columns) if column.key == "emotion") + 1
    extra = tuple(
        Column(f"{PERSONA_EMOTION}{persona}", f"{PERSONA_EMOTION}{persona}", "emotion", 14)
        for persona in personas
    )
    return Sheet(STEPS.title, STEPS.collection, STEPS.columns[:at] + extra + STEPS.columns[at:])


def row_sheets(journey: dict[str, Any]) -> tuple[Sheet, ...]:
    """The row sheets of one journey's workbook, in order."""
    return tuple(steps_sheet(journey) if sheet is STEPS else sheet for sheet in ROW_SHEETS)


OVERVIEW = "Overview"
OVERVIEW_FIELDS: tuple[tuple[str, Cell], ...] = (
    ("kind", "id"),
    ("id", "id"),
    ("title", "text"),
    ("description", "text"),
    ("owner", "team"),
    ("refreshed", "date"),
)
"""Journey fields on the overview sheet, in order; ``kind`` and ``id`` are locked."""
