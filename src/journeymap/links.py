"""Cross-journey links: ``journey-id/item-id`` references resolved against a workspace.

Backlog opportunities, CSV measurements and the render and export code all
need the same lookups (which step or stage a reference lands on, which insight
is evidence, which metric of which journey a value belongs to), so they are
built once here over the journeys of a workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from journeymap.model.backlog import Opportunity
from journeymap.model.base import split_reference
from journeymap.model.journey import Insight, Journey, Metric, Stage, Step

if TYPE_CHECKING:
    from journeymap.summary import Summary
    from journeymap.workspace import Workspace

TargetKind = Literal["journey", "stage", "step"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a reference lands: a stage, or a step with its stage."""

    journey: Journey
    stage: Stage
    step: Step | None = None

    @property
    def kind(self) -> TargetKind:
        return "step" if self.step is not None else "stage"

    @property
    def reference(self) -> str:
        item = self.step.id if self.step is not None else self.stage.id
        return f"{self.journey.id}/{item}"

    @property
    def name(self) -> str:
        return self.step.name if self.step is not None else self.stage.name


@dataclass(frozen=True, slots=True)
class OpportunityLinks:
    """What the journeys' side needs of an opportunity: whether it is live, what it
    addresses, which insights it cites and which metric measures it. Taken from the
    model, or (under pre-commit) from the summary of a backlog that is not checked."""

    status: str
    metric: str | None
    addresses: tuple[str, ...]
    evidence: tuple[str, ...]

    @classmethod
    def of(cls, opportunity: Opportunity) -> OpportunityLinks:
        return cls(
            opportunity.status,
            opportunity.metric,
            tuple(opportunity.addresses),
            tuple(opportunity.evidence),
        )

    def summary(self) -> list[Any]:
        """The compact form a summary keeps: references joined by spaces (ids hold none)."""
        return [self.status, self.metric, " ".join(self.addresses), " ".join(self.evidence)]

    @classmethod
    def summarised(cls, stored: Sequence[Any]) -> OpportunityLinks:
        status, metric, addresses, evidence = stored
        return cls(status, metric, tuple(addresses.split()), tuple(evidence.split()))

    @classmethod
    def of_summary(cls, summary: Summary) -> list[OpportunityLinks]:
        """A summarised backlog's opportunities, made once (a streamed run asks for
        every batch)."""
        if not isinstance(summary.landing, list):
            summary.landing = [cls.summarised(stored) for stored in summary.opportunities]
        return summary.landing


METRIC_FACTS = ("id", "unit", "direction", "baseline", "target")
"""The fields of a metric that checks of other files read (JM505 compares values in
its direction and shows them in its unit); a summary keeps only these."""


@dataclass(frozen=True, slots=True)
class SummarisedJourney:
    """A journey known only from its summary (pre-commit): the ids references land on."""

    targets: frozenset[str]
    """Stage and step ids."""
    insights: frozenset[str]
    metrics: dict[str, list[Any]]
    """Metric id → the ``METRIC_FACTS`` values of the first metric with that id."""

    @classmethod
    def of(cls, summary: Summary) -> SummarisedJourney:
        metrics: dict[str, list[Any]] = {}
        for facts in summary.metrics:
            metrics.setdefault(facts[0], facts)
        return cls(frozenset(summary.targets.split()), frozenset(summary.insights.split()), metrics)

    def metric(self, metric_id: str) -> Metric | None:
        facts = self.metrics.get(metric_id)
        if facts is None:
            return None
        # Not validated again: the values come from a model that validated.
        return Metric.model_construct(**dict(zip(METRIC_FACTS, facts, strict=True)))


def metric_facts(metric: Metric) -> list[Any]:
    return [getattr(metric, name) for name in METRIC_FACTS]


@dataclass(slots=True)
class JourneyIndex:
    """Steps, stages, insights and metrics of every journey, by ``journey-id/item-id``.

    Under pre-commit, journeys that are not checked are only summarised: they are
    in ``summaries``, and the questions references ask (``has_target``,
    ``has_insight``, ``metric_keys``, ``measured_by``…) answer for both.
    """

    journeys: dict[str, Journey] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    insights: dict[str, tuple[Journey, Stage, Insight]] = field(default_factory=dict)
    metrics: dict[str, tuple[Journey, Stage, Metric]] = field(default_factory=dict)
    """``journey-id/metric-id`` → where the metric is defined."""
    summaries: dict[str, Summary] = field(default_factory=dict)
    """Summarised journeys by id (none in a full run)."""
    _outside: dict[str, SummarisedJourney] = field(default_factory=dict)
    """Their ids as sets, made on first use: a pre-commit run asks about a few of thousands."""

    @classmethod
    def build(cls, journeys: Iterable[Journey]) -> JourneyIndex:
        index = cls()
        for journey in journeys:
            index.journeys.setdefault(journey.id, journey)
            for stage in journey.stages:
                # Step ids win over stage ids when both exist (a step is more specific).
                index.targets.setdefault(f"{journey.id}/{stage.id}", Target(journey, stage))
                for insight in stage.insights:
                    index.insights.setdefault(
                        f"{journey.id}/{insight.id}", (journey, stage, insight)
                    )
                for metric in stage.metrics:
                    index.metrics.setdefault(f"{journey.id}/{metric.id}", (journey, stage, metric))
            for _, _, stage, step in journey.iter_steps():
                index.targets[f"{journey.id}/{step.id}"] = Target(journey, stage, step)
        return index

    @classmethod
    def of_workspace(cls, workspace: Workspace) -> JourneyIndex:
        """Every journey of a workspace: the loaded ones, then the summarised ones (a
        pre-commit run's files that are not checked; none in a full load)."""
        loaded = workspace.of_kind("journey")
        return cls.build(d.model for d in loaded if isinstance(d.model, Journey)).add_summaries(
            workspace.others
        )

    def add_summaries(self, summaries: Iterable[Summary]) -> JourneyIndex:
        """Add the journeys that are only summarised (their ids are not among the loaded
        ones: the workspace keeps the first of a duplicated id either way)."""
        for summary in summaries:
            if summary.kind == "journey" and summary.id is not None:
                self.summaries.setdefault(summary.id, summary)
        return self

    def outside(self, journey_id: str) -> SummarisedJourney | None:
        """The ids of a summarised journey (None for a loaded or unknown one)."""
        found = self._outside.get(journey_id)
        if found is None:
            summary = self.summaries.get(journey_id)
            if summary is None:
                return None
            if not isinstance(summary.landing, SummarisedJourney):
                summary.landing = SummarisedJourney.of(summary.details())
            found = self._outside[journey_id] = summary.landing
        return found

    def target(self, reference: str) -> Target | None:
        """Where a reference lands, in a loaded journey."""
        return self.targets.get(reference)

    def has_journey(self, journey_id: str) -> bool:
        return journey_id in self.journeys or journey_id in self.summaries

    def journey_ids(self) -> list[str]:
        return [*self.journeys, *self.summaries]

    def has_target(self, reference: str) -> bool:
        """Whether a ``journey-id/step-id`` or ``journey-id/stage-id`` lands somewhere."""
        return self._lands(reference, "targets")

    def has_insight(self, reference: str) -> bool:
        return self._lands(reference, "insights")

    def _lands(self, reference: str, kind: Literal["targets", "insights"]) -> bool:
        """Whether ``reference`` is among a loaded journey's ``kind`` or a summarised one's."""
        if reference in getattr(self, kind):
            return True
        journey_id, item = split_reference(reference)
        outside = self.outside(journey_id)
        return outside is not None and item in getattr(outside, kind)

    def references_in(self, journey_id: str, kind: Literal["targets", "insights"]) -> list[str]:
        """The existing references of one journey (for "did you mean")."""
        outside = self.outside(journey_id)
        if outside is not None:
            return [f"{journey_id}/{item}" for item in getattr(outside, kind)]
        prefix = f"{journey_id}/"
        return [ref for ref in getattr(self, kind) if ref.startswith(prefix)]

    def metric_keys(self, journey_id: str) -> list[str]:
        """``journey-id/metric-id`` of every metric of one journey."""
        outside = self.outside(journey_id)
        if outside is not None:
            return [f"{journey_id}/{metric}" for metric in outside.metrics]
        prefix = f"{journey_id}/"
        return [key for key in self.metrics if key.startswith(prefix)]

    def opportunity_metric(self, opportunity: Opportunity) -> tuple[Journey, Stage, Metric] | None:
        """The metric an opportunity is measured by: found in the first addressed journey
        that has it (loaded journeys only: for rendering and exports)."""
        if opportunity.metric is None:
            return None
        for reference in opportunity.addresses:
            found = self.metrics.get(f"{split_reference(reference)[0]}/{opportunity.metric}")
            if found is not None:
                return found
        return None

    def measured_by(self, opportunity: Opportunity | OpportunityLinks) -> tuple[str, Metric] | None:
        """(journey id, metric) of ``opportunity_metric``, summarised journeys included."""
        if opportunity.metric is None:
            return None
        for reference in opportunity.addresses:
            journey_id = split_reference(reference)[0]
            found = self.metrics.get(f"{journey_id}/{opportunity.metric}")
            if found is not None:
                return journey_id, found[2]
            outside = self.outside(journey_id)
            metric = outside.metric(opportunity.metric) if outside is not None else None
            if metric is not None:
                return journey_id, metric
        return None

    def covered(self, opportunities: Iterable[Opportunity | OpportunityLinks]) -> set[str]:
        """Step and stage references of loaded journeys that a live (not dropped)
        opportunity addresses.

        An opportunity that addresses a stage covers the stage and every step in it.
        """
        covered: set[str] = set()
        for opportunity in opportunities:
            if opportunity.status == "dropped":
                continue
            for reference in opportunity.addresses:
                target = self.target(reference)
                if target is None:
                    continue
                covered.add(reference)
                if target.step is None:
                    covered.update(f"{target.journey.id}/{step.id}" for step in target.stage.steps)
        return covered


def stage_of(index: JourneyIndex, opportunity: Opportunity) -> Iterator[tuple[str, str]]:
    """``(journey-id, stage-id)`` of every stage an opportunity touches (once each)."""
    seen: set[tuple[str, str]] = set()
    for reference in opportunity.addresses:
        target = index.target(reference)
        if target is None:
            continue
        key = (target.journey.id, target.stage.id)
        if key not in seen:
            seen.add(key)
            yield key


_CADENCE = re.compile(r"(\d+)\s*(week|month|year)", re.IGNORECASE)
_WORDS = {"weekly": 0.25, "monthly": 1, "quarter": 3, "half-year": 6, "year": 12, "annual": 12}
DEFAULT_CADENCE_MONTHS = 6.0


def cadence_months(cadence: str | None) -> float:
    """Months between two rounds of a feedback loop, read from its text ('every 6 months').

    Falls back to six months, the cadence practitioners recommend for closing
    the loop with customers, when the text names no period.
    """
    if not cadence:
        return DEFAULT_CADENCE_MONTHS
    match = _CADENCE.search(cadence)
    if match:
        count, unit = int(match.group(1)), match.group(2).lower()
        return count * {"week": 0.25, "month": 1.0, "year": 12.0}[unit]
    lowered = cadence.lower()
    for word, months in _WORDS.items():
        if word in lowered:
            return float(months)
    return DEFAULT_CADENCE_MONTHS
