"""What the handout shows, gathered once: persona cards and stages with their steps.

Both the template and ``render.fit`` (which sizes the printed page) read these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.model.journey import Insight, Metric, Quote, Stage
from journeymap.model.messaging import Vocabulary
from journeymap.model.persona import Persona
from journeymap.render.flow import FlowStep

PACK_LANES: tuple[tuple[str, str], ...] = (
    ("questions", "Research questions"),
    ("needs", "Needs"),
    ("goals", "Goals"),
    ("expectations", "Expectations"),
    ("pain", "Pain points"),
    ("opportunities", "Opportunities"),
    ("backstage", "Backstage (below the line of visibility)"),
    ("support", "Support processes"),
    ("systems", "Systems"),
    ("voc", "Voice of the customer"),
    ("insights", "Insights"),
    ("metrics", "Metrics"),
    ("vocabulary", "Messaging vocabulary"),
)
"""The lanes of a pack stage page after its step cards, in pairs; empty ones are left out."""


@dataclass(slots=True)
class PersonaCard:
    """A persona as the handout shows it (``persona`` is None when the id is unknown)."""

    id: str
    persona: Persona | None
    segments: list[str] = field(default_factory=list)
    vocabulary: Vocabulary | None = None


@dataclass(slots=True)
class StageView:
    """A stage with its steps (as flow steps, numbered) and its messaging vocabulary."""

    stage: Stage
    number: int
    steps: list[FlowStep]
    vocabulary: Vocabulary | None

    @property
    def pack_lanes(self) -> list[tuple[str, str]]:
        """(key, label) of the lanes that have something to say for this stage."""
        stage = self.stage
        filled = {
            "questions": bool(stage.questions),
            "needs": bool(stage.needs),
            "goals": bool(stage.goals),
            "expectations": bool(stage.expectations),
            "pain": bool(stage.pain_points) or any(i.step.pain_points for i in self.steps),
            "opportunities": bool(stage.opportunities)
            or any(i.step.opportunities for i in self.steps),
            "backstage": any(i.step.backstage or i.step.employee_step for i in self.steps),
            "support": any(i.step.support for i in self.steps),
            "systems": any(i.step.systems for i in self.steps),
            "voc": bool(stage.quotes),
            "insights": bool(stage.insights),
            "metrics": bool(stage.metrics),
            "vocabulary": self.vocabulary is not None,
        }
        return [(key, label) for key, label in PACK_LANES if filled[key]]


def evidence_strength(item: Quote | Insight) -> str:
    """How far a quote or insight can be trusted, in a few words: ``n=22 · medium
    confidence · 2026-06-30`` (empty when none is recorded).

    Readers weigh one interview differently from a survey of 400, so the handout and
    the deck's speaker notes say it next to the evidence, in words that print.
    """
    parts = []
    if item.sample_size is not None:
        parts.append(f"n={item.sample_size}")
    if item.confidence is not None:
        parts.append(f"{item.confidence} confidence")
    if item.date is not None:
        parts.append(item.date.isoformat())
    return " · ".join(parts)


def number_text(value: float) -> str:
    """A metric's number as people write it: ``9,800``, ``4.5``, never ``9800.0`` or ``1e+04``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def metric_values(metric: Metric) -> list[tuple[str, str]]:
    """(label, text) of a metric's baseline and target, the unit after the last number.

    A target written as text (``below 9% by Q4``) is shown as written, so the unit
    goes after the baseline then; one unit at the end keeps the line short in print.
    """
    values: list[tuple[str, str | float]] = []
    if metric.baseline is not None:
        values.append(("baseline", metric.baseline))
    if metric.target is not None:
        values.append(("target", metric.target))
    numeric = [index for index, (_, value) in enumerate(values) if not isinstance(value, str)]
    shown = []
    for index, (label, value) in enumerate(values):
        text = value if isinstance(value, str) else number_text(value)
        if metric.unit and numeric and index == numeric[-1]:
            text = f"{text} {metric.unit}"
        shown.append((label, text))
    return shown
