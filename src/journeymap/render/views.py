"""What the handout shows, gathered once: persona cards and stages with their steps.

Both the template and ``render.fit`` (which sizes the printed page) read these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.model.journey import Stage
from journeymap.model.messaging import Vocabulary
from journeymap.model.persona import Persona
from journeymap.render.flow import FlowStep

PACK_LANES: tuple[tuple[str, str], ...] = (
    ("questions", "Research questions"),
    ("needs", "Needs"),
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
