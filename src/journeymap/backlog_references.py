"""References of a backlog: the steps, stages, insights and metrics opportunities name.

Called from :mod:`journeymap.references`, which turns each problem into a located
JM004 finding with a "did you mean". An opportunity's references cross journeys
(``journey-id/step-id``), so the suggestions are whole references of the named
journey, or the closest journey id when the journey itself is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from journeymap.links import JourneyIndex, OpportunityLinks
from journeymap.model.backlog import Backlog
from journeymap.model.base import split_reference

if TYPE_CHECKING:
    from journeymap.workspace import Workspace

Pointer = tuple[str | int, ...]
Problem = tuple[Pointer, str, str, list[str], bool]
"""(pointer, what is referenced, the value, the values that exist, point at the key?)."""

TEAM = "team (journeymap.yaml `teams:`)"


def backlog_problems(
    backlog: Backlog, index: JourneyIndex | None, teams: set[str]
) -> Iterator[Problem]:
    """Every reference of the backlog that lands nowhere.

    ``index`` is None when a journey file failed to load: the missing ids may be
    in it, so journey references are not judged then (teams still are).
    """
    if teams and backlog.owner is not None and backlog.owner not in teams:
        yield ("owner",), TEAM, backlog.owner, sorted(teams), False
    for i, opportunity in enumerate(backlog.opportunities):
        base: Pointer = ("opportunities", i)
        if teams and opportunity.owner is not None and opportunity.owner not in teams:
            yield (*base, "owner"), TEAM, opportunity.owner, sorted(teams), False
        if index is None:
            continue
        for j, reference in enumerate(opportunity.addresses):
            if not index.has_target(reference):
                yield (*base, "addresses", j), *_unknown(index, reference, "targets")
        for j, reference in enumerate(opportunity.evidence):
            if not index.has_insight(reference):
                yield (*base, "evidence", j), *_unknown(index, reference, "insights")
        if opportunity.metric is not None and index.measured_by(opportunity) is None:
            journeys = {split_reference(ref)[0] for ref in opportunity.addresses}
            known = sorted(
                key.partition("/")[2] for journey in journeys for key in index.metric_keys(journey)
            )
            yield (
                (*base, "metric"),
                "metric in the addressed journeys",
                opportunity.metric,
                known,
                False,
            )


def _unknown(
    index: JourneyIndex, reference: str, kind: Literal["targets", "insights"]
) -> tuple[str, str, list[str], bool]:
    journey_id, _ = split_reference(reference)
    what = "step or stage" if kind == "targets" else "insight"
    if not index.has_journey(journey_id):
        item = split_reference(reference)[1]
        known = sorted({f"{other}/{item}" for other in index.journey_ids()})
        return f"journey in the {what} reference", reference, known, False
    return what, reference, index.references_in(journey_id, kind), False


def dangling_backlog_links(workspace: Workspace) -> bool:
    """Whether a summarised backlog (one pre-commit does not check) names a journey that
    is not there, or a step, stage, insight or metric that a checked journey lacks.

    Renaming a journey, or an id inside a checked one, breaks the backlog that still
    names it; ``journey_links.dangling_links`` then has every file loaded to say where.
    References between two unchanged files are judged when one of them is checked: the
    ids of summarised journeys are read (from the cache's details) only for the metric
    of an opportunity that also addresses a checked journey.
    """
    backlogs = [s for s in workspace.others if s.kind == "backlog"]
    if not backlogs or not workspace.complete("journey"):
        return False
    index = JourneyIndex.of_workspace(workspace)
    return any(
        _dangles(links, index)
        for summary in backlogs
        for links in OpportunityLinks.of_summary(summary)
    )


def _dangles(links: OpportunityLinks, index: JourneyIndex) -> bool:
    checked = False
    for lands, references in (
        (index.has_target, links.addresses),
        (index.has_insight, links.evidence),
    ):
        for reference in references:
            journey_id = split_reference(reference)[0]
            if not index.has_journey(journey_id):
                return True
            if journey_id in index.journeys:  # a checked journey: its ids are at hand
                checked = True
                if not lands(reference):
                    return True
    return checked and links.metric is not None and index.measured_by(links) is None
