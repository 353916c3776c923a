"""The journey map: stages from need to advocacy, steps, evidence and metrics.

Field descriptions are written for the CX person who edits the YAML: they end
up in the JSON Schema and therefore in the editor's hover text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from journeymap.model.base import (
    REFERENCE_PATTERN,
    Slug,
    StepEmotion,
    StrictModel,
    Text,
    TextList,
    emotion_for,
    empty_list,
    lowest_emotion,
)

Audience = Literal["customer", "employee"]

State = Literal["current", "future"]

StepReference = Annotated[
    str,
    Field(
        pattern=REFERENCE_PATTERN,
        max_length=161,
        description="`journey-id/step-id` of a step of an employee journey (audience: "
        "employee), e.g. `csm-onboarding/prepare-handover`: what an employee does that "
        "makes this customer step work.",
    ),
]

Phase = Literal[
    "pre-purchase",
    "purchase",
    "post-purchase",
    "advocacy",
    "attraction",
    "hiring",
    "employment",
]
"""Lifecycle phases. Customer maps use the first four (buy → own → advocate);
employee maps use attraction, hiring, employment and advocacy."""

AUDIENCE_PHASES: dict[str, tuple[str, ...]] = {
    "customer": ("pre-purchase", "purchase", "post-purchase", "advocacy"),
    "employee": ("attraction", "hiring", "employment", "advocacy"),
}
"""The phases of each audience's lifecycle, in order."""

POST_PURCHASE_PHASES: dict[str, frozenset[str]] = {
    "customer": frozenset({"post-purchase", "advocacy"}),
    "employee": frozenset({"employment", "advocacy"}),
}
"""Phases that show a map goes past the sale (or past the hire)."""

Channel = Literal[
    "web",
    "search",
    "email",
    "phone",
    "chat",
    "social",
    "in-person",
    "events",
    "product",
    "mobile-app",
    "sms",
    "video-call",
    "documentation",
    "community",
    "partner",
    "review-site",
    "mail",
    "word-of-mouth",
    "internal-tools",
    "other",
]

EvidenceSource = Literal[
    "survey",
    "interview",
    "support-tickets",
    "reviews",
    "social",
    "sales-calls",
    "web-analytics",
    "product-analytics",
    "mystery-shopping",
    "usability-test",
    "focus-group",
    "advisory-board",
    "employee-survey",
    "exit-interview",
    "workshop",
    "other",
]
"""Where voice-of-customer evidence comes from. Internal opinion is not a source."""

Team = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="The owning team, as a slug (marketing, sales, customer-success, "
        "support, product, billing, hr…). List your teams under `teams:` in "
        "journeymap.yaml to have typos caught.",
    ),
]


Direction = Literal["up", "down"]

Confidence = Annotated[
    Literal["low", "medium", "high"],
    Field(
        description="How sure the team is of the evidence: low (one conversation, a hunch "
        "from the data), medium, high (a large sample, several sources agree).",
    ),
]
SampleSize = Annotated[
    int,
    Field(
        ge=1,
        description="How many people, responses or tickets the evidence rests on "
        "(1 for one interview, 2950 for a survey).",
    ),
]


class Objective(StrictModel):
    """A business goal the map exists for (loyalty, lifetime value, churn…)."""

    id: Slug
    description: Text = Field(
        description="The goal in one sentence, e.g. 'Reduce first-year churn'."
    )
    metric: Slug | None = Field(
        default=None,
        description="Id of the metric (defined in a stage's `metrics`) that measures this objective.",
    )
    target: Text | None = Field(
        default=None, description="Where the metric should get to, e.g. 'below 8% by Q4'."
    )


class Metric(StrictModel):
    """A measurement and the listening post where it is taken."""

    id: Slug
    name: Text = Field(description="What is measured, e.g. 'Net Promoter Score'.")
    listening_post: Text | None = Field(
        default=None,
        description="Where and how the metric is measured, e.g. 'quarterly relationship survey'.",
    )
    owner: Team | None = None
    unit: Text | None = Field(
        default=None, description="The unit of the values, e.g. '%', 'days', 'points'."
    )
    direction: Direction | None = Field(
        default=None,
        description="Which way is better: `up` (NPS, conversion) or `down` (churn, days to close).",
    )
    baseline: float | None = Field(
        default=None, description="The value when the work started, a number in `unit`."
    )
    target: float | Text | None = Field(
        default=None,
        description="The target, a number in `unit` (compared with the measured values "
        "from the `data:` files). Text such as '> 45' still loads but cannot be compared: "
        "write the number and put the unit in `unit:`.",
    )


class Quote(StrictModel):
    """A verbatim customer quote: the customer's words, not a paraphrase."""

    id: Slug | None = None
    text: Text = Field(description="The customer's exact words.")
    source: EvidenceSource = Field(description="Where the quote was heard.")
    who: Text | None = Field(
        default=None, description="Who said it, anonymised, e.g. 'ops lead, 40-seat agency'."
    )
    date: Annotated[dt.date, Field(strict=False)] | None = Field(
        default=None, description="When it was collected (YYYY-MM-DD)."
    )
    sample_size: SampleSize | None = None
    confidence: Confidence | None = None


class Insight(StrictModel):
    """A research finding, where it came from, and the team that acts on it."""

    id: Slug
    text: Text = Field(description="The finding, stated so that someone can act on it.")
    source: EvidenceSource | None = Field(
        default=None,
        description="The evidence behind it. An insight without a source is an opinion.",
    )
    owner: Team | None = Field(default=None, description="The team that acts on this insight.")
    action: Text | None = Field(default=None, description="What the owner will do about it.")
    sample_size: SampleSize | None = None
    date: Annotated[dt.date, Field(strict=False)] | None = Field(
        default=None, description="When the evidence was collected (YYYY-MM-DD)."
    )
    confidence: Confidence | None = None


class Step(StrictModel):
    """A step the customer takes, at a touchpoint, through a channel."""

    id: Slug
    name: Text = Field(description="What the customer does, in their terms.")
    description: Text | None = None
    touchpoint: Text | None = Field(
        default=None,
        description="Where the customer meets us, e.g. 'pricing page' or 'onboarding call'.",
    )
    channel: Channel | None = Field(default=None, description="The channel of the touchpoint.")
    owner: Team | None = Field(default=None, description="The team that owns this touchpoint.")
    emotion: StepEmotion | None = Field(
        default=None,
        description="How the customer feels at this point, from -2 (very negative) through 0 "
        "(neutral) to +2 (very positive): one number for every persona of the map, or a "
        "mapping persona id → number when the personas feel it differently. Practitioners "
        "draw these values as the emotion curve.",
    )
    thoughts: TextList = Field(description="What the customer thinks here, in their own words.")
    feelings: TextList = Field(
        description="How the customer feels here, in words: what the emotion number stands "
        "for, e.g. 'embarrassed in front of the regional team'."
    )
    pain_points: TextList = Field(description="What goes wrong or frustrates the customer here.")
    opportunities: TextList = Field(description="Ideas to improve this step.")
    moment_of_truth: bool = Field(
        default=False,
        description="True when this touchpoint decides loyalty or churn.",
    )
    trigger: Text | None = Field(
        default=None,
        description="A life event or sudden trigger that starts this step (for non-linear journeys).",
    )
    next: list[Slug] = Field(
        default_factory=empty_list,
        description="Ids of the steps that can follow (branches and loops). Without it, "
        "the following step in the map follows.",
    )
    backstage: TextList = Field(
        description="Service blueprint: what staff do out of the customer's sight to make "
        "this step work, e.g. 'Sales engineer prepares the ROI model'.",
    )
    support: TextList = Field(
        description="Service blueprint: the supporting processes behind this step, e.g. "
        "'pricing approval workflow'.",
    )
    systems: TextList = Field(
        description="Service blueprint: the systems involved, e.g. 'Salesforce', 'DocuSign'.",
    )
    employee_step: StepReference | None = None
    journey: Slug | None = Field(
        default=None,
        description="Id of a sub-journey that zooms into this step (e.g. a security review "
        "mapped as its own journey).",
    )

    def emotion_of(self, persona: str | None = None) -> int | None:
        """The emotion of one persona here (or of the step, when it has one number).

        With per-persona emotions and no persona named, there is no single
        number: None.
        """
        return emotion_for(self.emotion, persona)

    def emotions(self) -> list[int]:
        """Every emotion recorded at this step, whichever persona feels it."""
        if isinstance(self.emotion, dict):
            return list(self.emotion.values())
        return [] if self.emotion is None else [self.emotion]

    def lowest_emotion(self) -> int | None:
        """The worst emotion any persona feels here: what a single colour or score shows."""
        return lowest_emotion(self.emotion)

    def mean_emotion(self) -> float | None:
        """The step's one emotion: its number, or the mean of its personas' numbers.

        What an average over steps takes from each step, so that a step with
        several personas weighs as much as a step with one number.
        """
        values = self.emotions()
        return sum(values) / len(values) if values else None

    @property
    def blueprint(self) -> bool:
        """Whether the step has anything below the line of visibility."""
        return bool(self.backstage or self.support or self.systems or self.employee_step)


class Stage(StrictModel):
    """A stage of the journey with what the customer needs, does and feels."""

    id: Slug
    name: Text = Field(
        description="The stage in the customer's words, e.g. 'What are my choices?'."
    )
    phase: Phase | None = Field(
        default=None, description="The lifecycle phase this stage belongs to."
    )
    owner: Team | None = Field(default=None, description="The team accountable for this stage.")
    description: Text | None = None
    questions: TextList = Field(
        description="The research questions the team asks about this stage."
    )
    needs: TextList = Field(
        description="What the customer needs here (what they want to achieve: `goals`)."
    )
    goals: TextList = Field(
        description="What the customer wants to achieve in this stage, in their terms, e.g. "
        "'pick a tool before the next campaign starts'."
    )
    expectations: TextList = Field(description="What the customer expects from us here.")
    steps: list[Step] = Field(default_factory=empty_list)
    pain_points: TextList = Field(description="Stage-wide pain points not tied to one step.")
    opportunities: TextList = Field(description="Stage-wide improvement ideas.")
    insights: list[Insight] = Field(default_factory=empty_list)
    quotes: list[Quote] = Field(default_factory=empty_list)
    metrics: list[Metric] = Field(default_factory=empty_list)


class FeedbackLoop(StrictModel):
    """How and how often the team tells customers what changed."""

    cadence: Text = Field(description="How often, e.g. 'every 6 months'.")
    channel: Channel | None = None
    owner: Team | None = None


class Journey(StrictModel):
    """A journey map for one or more personas, from need to advocacy."""

    kind: Literal["journey"] = Field(description="Always `journey` for a journey map.")
    id: Slug
    title: Text = Field(description="The title shown on the handout.")
    description: Text | None = None
    audience: Audience = Field(
        default="customer", description="Whose journey this is: `customer` or `employee`."
    )
    personas: list[Slug] = Field(
        default_factory=empty_list,
        description="Ids of the persona documents this map is for. With several, a step's "
        "`emotion` may give one number per persona.",
    )
    state: State = Field(
        default="current",
        description="`current` (as-is, the default) or `future` (to-be: the redesigned "
        "journey the teams work towards).",
    )
    based_on: Slug | None = Field(
        default=None,
        description="For a future state: id of the current-state journey it redesigns.",
    )
    owner: Team | None = Field(default=None, description="The team that maintains the map.")
    refreshed: Annotated[dt.date, Field(strict=False)] | None = Field(
        default=None, description="When the map was last refreshed with new research (YYYY-MM-DD)."
    )
    feedback_loop: FeedbackLoop | None = None
    objectives: list[Objective] = Field(default_factory=empty_list)
    stages: list[Stage] = Field(default_factory=empty_list)

    def iter_steps(self) -> Iterator[tuple[int, int, Stage, Step]]:
        """Every step with its stage, in map order (the happy path)."""
        for stage_index, stage in enumerate(self.stages):
            for step_index, step in enumerate(stage.steps):
                yield stage_index, step_index, stage, step

    def step_ids(self) -> set[str]:
        return {step.id for _, _, _, step in self.iter_steps()}

    def goes_past_sale(self) -> bool:
        """Whether a stage is in a phase after the sale (or the hire), as JM101 asks."""
        phases = {stage.phase for stage in self.stages if stage.phase is not None}
        return bool(phases & POST_PURCHASE_PHASES[self.audience])

    def metric_ids(self) -> set[str]:
        """Ids of all metrics named anywhere in the map."""
        return {metric.id for stage in self.stages for metric in stage.metrics}
