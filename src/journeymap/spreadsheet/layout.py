"""The workbook's layout, shared by export and import so the two cannot drift apart.

One sheet per kind of row: the overview (one row per journey field), the steps
(one row per step: what a workshop edits most), and the evidence sheets
(insights, quotes, metrics). Each column says which YAML key it holds and how a
cell's text becomes a value; ids sit in locked columns because they are how the
import finds the item again (and how diffs follow it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

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
