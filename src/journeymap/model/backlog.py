"""The opportunity backlog: what the teams do about the map, owned, measured and dated.

Opportunities live in their own kind of document, not on a step, because one
opportunity often addresses steps in several journeys (a slow security review
hurts the buyer's journey and the IT admin's rollout alike). Each one points at
the steps or stages it addresses and at the insights that are its evidence, by
``journey-id/item-id`` references that ``validate`` checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from journeymap.model.base import REFERENCE_PATTERN, Slug, StrictModel, Text, empty_list
from journeymap.model.journey import Team

Status = Literal["idea", "planned", "in-progress", "done", "dropped"]
STATUSES: tuple[str, ...] = ("idea", "planned", "in-progress", "done", "dropped")
"""In the order an opportunity moves through them (the backlog page groups by it)."""

JourneyReference = Annotated[
    str,
    Field(
        pattern=REFERENCE_PATTERN,
        max_length=161,
        description="`journey-id/step-id` or `journey-id/stage-id`, e.g. "
        "`b2b-buyer/decide-and-buy`.",
    ),
]
InsightReference = Annotated[
    str,
    Field(
        pattern=REFERENCE_PATTERN,
        max_length=161,
        description="`journey-id/insight-id`: the research finding this opportunity rests on.",
    ),
]
Score = Annotated[int, Field(ge=1, le=5)]


class Opportunity(StrictModel):
    """Something a team will do about one or more points of the journeys."""

    id: Slug
    title: Text = Field(description="What will be done, in a line.")
    problem: Text | None = Field(
        default=None, description="The customer problem it solves, in the customer's terms."
    )
    addresses: list[JourneyReference] = Field(
        min_length=1,
        description="The steps or stages it improves, as `journey-id/step-id` or "
        "`journey-id/stage-id`; one or more, across journeys.",
    )
    evidence: list[InsightReference] = Field(
        default_factory=empty_list,
        description="Insights it rests on, as `journey-id/insight-id`.",
    )
    owner: Team | None = Field(default=None, description="The team that delivers it.")
    status: Status = Field(
        default="idea", description="idea | planned | in-progress | done | dropped."
    )
    impact: Score | None = Field(
        default=None, description="Expected impact on the customer, 1 (low) to 5 (high)."
    )
    effort: Score | None = Field(
        default=None, description="Effort to deliver, 1 (low) to 5 (high)."
    )
    metric: Slug | None = Field(
        default=None,
        description="Id of the metric (in one of the addressed journeys) that shows whether it worked.",
    )
    target: float | Text | None = Field(
        default=None,
        description="Where the metric should get to: a number in the metric's unit, or text "
        "such as '< 2 working days'.",
    )
    due: Annotated[dt.date, Field(strict=False)] | None = Field(
        default=None, description="When it should be done (YYYY-MM-DD)."
    )


class Backlog(StrictModel):
    """The opportunity backlog of a workspace, usually owned by the CX team."""

    kind: Literal["backlog"] = Field(description="Always `backlog` for an opportunity backlog.")
    id: Slug
    title: Text | None = None
    owner: Team | None = Field(default=None, description="The team that keeps the backlog.")
    opportunities: list[Opportunity] = Field(default_factory=empty_list)
