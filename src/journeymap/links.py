"""Cross-journey links: ``journey-id/item-id`` references resolved against a workspace.

Backlog opportunities, CSV measurements and the render and export code all
need the same lookups (which step or stage a reference lands on, which insight
is evidence, which metric of which journey a value belongs to), so they are
built once here over the journeys of a workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from journeymap.model.backlog import Backlog, Opportunity
from journeymap.model.base import split_reference
from journeymap.model.journey import Insight, Journey, Metric, Stage, Step

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


@dataclass(slots=True)
class JourneyIndex:
    """Steps, stages, insights and metrics of every journey, by ``journey-id/item-id``."""

    journeys: dict[str, Journey] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    insights: dict[str, tuple[Journey, Stage, Insight]] = field(default_factory=dict)
    metrics: dict[str, tuple[Journey, Stage, Metric]] = field(default_factory=dict)
    """``journey-id/metric-id`` → where the metric is defined."""

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

    def target(self, reference: str) -> Target | None:
        return self.targets.get(reference)

    def references_in(self, journey_id: str, kind: Literal["targets", "insights"]) -> list[str]:
        """The existing references of one journey (for "did you mean")."""
        prefix = f"{journey_id}/"
        return [ref for ref in getattr(self, kind) if ref.startswith(prefix)]

    def metric_keys(self, journey_id: str) -> list[str]:
        """``journey-id/metric-id`` of every metric of one journey."""
        prefix = f"{journey_id}/"
        return [key for key in self.metrics if key.startswith(prefix)]

    def opportunity_metric(self, opportunity: Opportunity) -> tuple[Journey, Stage, Metric] | None:
        """The metric an opportunity is measured by: found in the first addressed journey that has it."""
        if opportunity.metric is None:
            return None
        for reference in opportunity.addresses:
            found = self.metrics.get(f"{split_reference(reference)[0]}/{opportunity.metric}")
            if found is not None:
                return found
        return None

    def covered(self, backlogs: Iterable[Backlog]) -> dict[str, list[Opportunity]]:
        """Step and stage references → the live (not dropped) opportunities that address them.

        An opportunity that addresses a stage covers the stage and every step in it.
        """
        covered: dict[str, list[Opportunity]] = {}
        for backlog in backlogs:
            for opportunity in backlog.opportunities:
                if opportunity.status == "dropped":
                    continue
                for reference in opportunity.addresses:
                    target = self.target(reference)
                    if target is None:
                        continue
                    covered.setdefault(reference, []).append(opportunity)
                    if target.step is None:
                        for step in target.stage.steps:
                            key = f"{target.journey.id}/{step.id}"
                            if key != reference:
                                covered.setdefault(key, []).append(opportunity)
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
