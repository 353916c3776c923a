"""JM5xx action: does the map lead somewhere? Opportunities, owners, targets and measured results.

A journey map exists to drive action: the worst moments get an opportunity
with an owner, the opportunity is measured by a metric, the metric is measured
on a cadence and moves the right way, and the map itself is refreshed every
year. These rules read the workspace's backlog (``kind: backlog``) and the
measured values from the ``data:`` CSV files. Rules about coverage (JM501,
JM510) only run in a workspace that keeps a backlog. Dates are judged against
today, or ``$JOURNEYMAP_TODAY`` when set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from journeymap.clock import today
from journeymap.data import DataSet, Measurement, direction, load_dataset, numeric_target, on_target
from journeymap.document import SourceDocument
from journeymap.links import JourneyIndex, OpportunityLinks, cadence_months
from journeymap.lint.registry import LintContext, Problem, rule
from journeymap.model.backlog import Backlog, Opportunity
from journeymap.model.journey import Metric, Step

LIVE = frozenset({"idea", "planned", "in-progress"})
REFRESH_DAYS = 365
WEAK_SAMPLE = 5
DAYS_PER_MONTH = 30.44


@dataclass(slots=True)
class _Actions:
    """What the action rules share: backlogs, the journey index, measured data, today."""

    backlogs: list[tuple[SourceDocument, Backlog]]
    """The loaded backlogs (the ones findings can be reported in)."""
    links: list[OpportunityLinks]
    """Every opportunity of every backlog as the journeys see it, summarised backlogs
    (pre-commit) included."""
    index: JourneyIndex
    data: DataSet
    today: dt.date
    summarised_backlogs: bool = False
    """Whether backlogs that are not checked (pre-commit) are among the summaries."""

    @property
    def keeps_backlog(self) -> bool:
        """Whether the workspace keeps a backlog that loaded (checked or summarised)."""
        return bool(self.backlogs) or self.summarised_backlogs

    @property
    def opportunities(self) -> Iterator[tuple[SourceDocument, int, Opportunity]]:
        for document, backlog in self.backlogs:
            for position, opportunity in enumerate(backlog.opportunities):
                yield document, position, opportunity


_STATE: WeakKeyDictionary[LintContext, _Actions] = WeakKeyDictionary()


def _actions(ctx: LintContext) -> _Actions:
    """Built once per lint run and shared by the rules of this family."""
    state = _STATE.get(ctx)
    if state is None:
        workspace = ctx.workspace
        backlogs = [(d, d.model) for d in workspace.documents if isinstance(d.model, Backlog)]
        links = [OpportunityLinks.of(o) for _, backlog in backlogs for o in backlog.opportunities]
        summarised = [summary for summary in workspace.others if summary.kind == "backlog"]
        for summary in summarised:
            links.extend(OpportunityLinks.of_summary(summary))
        data = load_dataset(workspace)[0] if ctx.config.data else DataSet()
        # The index is only needed to follow references; a workspace without a
        # backlog or data (most maps, every map in CI's hot path) skips building it.
        index = (
            JourneyIndex.of_workspace(workspace)
            if backlogs or summarised or data
            else JourneyIndex()
        )
        state = _STATE[ctx] = _Actions(backlogs, links, index, data, today(), bool(summarised))
    return state


def _is_low(step: Step) -> bool:
    """Emotion at -1 or below (for any persona, when emotions are given per persona)."""
    lowest = step.lowest_emotion()
    return lowest is not None and lowest <= -1


def _show(value: float, metric: Metric) -> str:
    number = f"{value:g}"
    return f"{number} {metric.unit}" if metric.unit else number


@rule(
    "JM501",
    "unaddressed-moment",
    severity="warning",
    hint="Add an opportunity to the backlog whose `addresses:` names this step "
    "(journey-id/step-id) or its stage, with an owner and a metric.",
    cross_file=True,
    reads=("backlog",),
)
def unaddressed_moment(ctx: LintContext) -> Iterator[Problem]:
    """A moment of truth, or a step at emotion -1 or below, that no opportunity addresses.

    The worst moments of a journey are why the map exists. In a workspace that
    keeps a backlog, each of them should have an opportunity (not dropped) that
    addresses the step itself or its whole stage. Workspaces without a backlog
    are not checked, nor are future-state maps: the backlog works on the
    current state, and the future state is what it works towards.

    FAIL:

        # journeys/buyer.yaml: a step nobody works on
        - {id: security-review, name: Waits for the security review, emotion: -2}

    PASS:

        # backlog/cx.yaml
        opportunities:
          - id: trust-portal
            title: Self-serve security pack
            addresses: [buyer/security-review]
            owner: security
            metric: days-to-close
    """
    actions = _actions(ctx)
    if not actions.keeps_backlog:
        return
    covered = actions.index.covered(actions.links)
    for document, journey in ctx.journeys:
        if journey.state == "future":
            continue
        for i, j, _, step in journey.iter_steps():
            if not (step.moment_of_truth or _is_low(step)):
                continue
            if f"{journey.id}/{step.id}" in covered:
                continue
            what = "moment of truth" if step.moment_of_truth else "low point"
            yield Problem(
                document,
                ("stages", i, "steps", j),
                f"{what} {step.id!r} ({step.name}) is not addressed by any opportunity",
            )


@rule(
    "JM502",
    "opportunity-without-owner",
    severity="warning",
    hint="Add `owner:` with the team that delivers it (product, support, billing...).",
)
def opportunity_without_owner(ctx: LintContext) -> Iterator[Problem]:
    """An opportunity has no owner.

    An opportunity that no team owns is a wish. Dropped opportunities are not
    checked.

    FAIL:

        - {id: trust-portal, title: Self-serve security pack, addresses: [buyer/security-review]}

    PASS:

        - {id: trust-portal, title: Self-serve security pack, addresses: [buyer/security-review],
           owner: security}
    """
    yield from _open_opportunities_without(ctx, lambda o: o.owner, "has no owner")


@rule(
    "JM503",
    "opportunity-without-metric",
    severity="warning",
    hint="Add `metric:` with the id of a metric of an addressed journey, and a `target:`.",
)
def opportunity_without_metric(ctx: LintContext) -> Iterator[Problem]:
    """An opportunity names no metric that would show whether it worked.

    Without a metric nobody can tell whether the change moved anything for
    customers; with one, the backlog page and `journeymap export` show the
    latest value against the target. Dropped opportunities are not checked.

    FAIL:

        - {id: trust-portal, title: Self-serve security pack, addresses: [buyer/security-review],
           owner: security}

    PASS:

        - {id: trust-portal, title: Self-serve security pack, addresses: [buyer/security-review],
           owner: security, metric: days-to-close, target: 21}
    """
    yield from _open_opportunities_without(ctx, lambda o: o.metric, "names no metric")


def _open_opportunities_without(
    ctx: LintContext, field: Callable[[Opportunity], object], problem: str
) -> Iterator[Problem]:
    """Opportunities that are not dropped and leave ``field`` empty (JM502, JM503)."""
    for document, position, opportunity in _actions(ctx).opportunities:
        if field(opportunity) is None and opportunity.status != "dropped":
            yield Problem(
                document, ("opportunities", position), f"opportunity {opportunity.id!r} {problem}"
            )


@rule(
    "JM504",
    "overdue-opportunity",
    severity="warning",
    hint="Move `due:` to the new date the owner commits to, or update `status:`.",
)
def overdue_opportunity(ctx: LintContext) -> Iterator[Problem]:
    """An opportunity is not done after its due date: still in progress, planned or an idea.

    A due date is a promise to customers and to the teams that wait for the change;
    work that has not even started by then is as late as work still under way.

    FAIL:

        - {id: trust-portal, ..., status: planned, due: 2025-03-31}

    PASS:

        - {id: trust-portal, ..., status: done, due: 2025-03-31}
    """
    actions = _actions(ctx)
    for document, position, opportunity in actions.opportunities:
        due = opportunity.due
        state = _NOT_DONE.get(opportunity.status)
        if state is not None and due is not None and due < actions.today:
            yield Problem(
                document,
                ("opportunities", position, "due"),
                f"opportunity {opportunity.id!r} is {state} {(actions.today - due).days} "
                f"days past its due date {due.isoformat()}",
            )


_NOT_DONE = {"in-progress": "in progress", "planned": "still planned", "idea": "still an idea"}
"""Open statuses, as JM504 says them."""


@rule(
    "JM505",
    "done-without-result",
    severity="warning",
    hint="Add the metric's values since the due date to a `data:` CSV file; if it moved "
    "the wrong way, reopen the opportunity or add a new one.",
    cross_file=True,
    reads=("backlog", "journey"),
)
def done_without_result(ctx: LintContext) -> Iterator[Problem]:
    """A done opportunity whose metric has no value after its due date, or moved the wrong way.

    Done is when customers feel it, not when it ships. The check compares the
    latest value after the due date with the last value on or before it (or
    the metric's `baseline`), in the metric's `direction`.

    FAIL:

        # backlog: status: done, metric: days-to-close, due: 2026-03-31
        # data/metrics.csv has no days-to-close row after 2026-03-31

    PASS:

        # data/metrics.csv
        metric,scope,date,value
        days-to-close,buyer,2026-03-31,34
        days-to-close,buyer,2026-06-30,27
    """
    actions = _actions(ctx)
    for document, position, opportunity in actions.opportunities:
        if opportunity.status != "done" or opportunity.due is None:
            continue
        found = actions.index.measured_by(opportunity)
        if found is None:
            continue
        journey_id, metric = found
        values = actions.data.series(journey_id, metric.id)
        after = [m for m in values if m.date > opportunity.due]
        pointer = ("opportunities", position, "status")
        if not after:
            yield Problem(
                document,
                pointer,
                f"opportunity {opportunity.id!r} is done but metric {metric.id!r} has no "
                f"value after its due date {opportunity.due.isoformat()}",
            )
            continue
        before = [m.value for m in values if m.date <= opportunity.due] or (
            [metric.baseline] if metric.baseline is not None else []
        )
        way = direction(metric)
        if not before or way is None:
            continue
        start, latest = before[-1], after[-1].value
        if (way == "up" and latest < start) or (way == "down" and latest > start):
            yield Problem(
                document,
                pointer,
                f"opportunity {opportunity.id!r} is done but {metric.id!r} moved the wrong "
                f"way: {_show(start, metric)} → {_show(latest, metric)} (better is {way})",
            )


@dataclass(frozen=True, slots=True)
class _Measured:
    """A metric of a journey with its latest value in the ``data:`` files."""

    document: SourceDocument
    pointer: tuple[str | int, ...]
    journey_id: str
    metric: Metric
    cadence_months: float
    latest: Measurement


def _measured_metrics(actions: _Actions, ctx: LintContext) -> Iterator[_Measured]:
    """Every metric that has a measured value (none without ``data:``), for JM506 and JM507."""
    if not actions.data:
        return
    for document, journey in ctx.journeys:
        cadence = cadence_months(journey.feedback_loop.cadence if journey.feedback_loop else None)
        for i, stage in enumerate(journey.stages):
            for j, metric in enumerate(stage.metrics):
                latest = actions.data.latest(journey.id, metric.id)
                if latest is not None:
                    pointer = ("stages", i, "metrics", j)
                    yield _Measured(document, pointer, journey.id, metric, cadence, latest)


@rule(
    "JM506",
    "metric-off-target",
    severity="warning",
    hint="Add an opportunity measured by this metric (`metric:`), or revise the target.",
    cross_file=True,
    reads=("backlog",),
)
def metric_off_target(ctx: LintContext) -> Iterator[Problem]:
    """A metric misses its target on its latest value, and no open opportunity works on it.

    Direction-aware: with `direction: down` (churn, days to close) the value
    must be at or below the target, with `up` at or above it (without
    `direction`, it is read from `baseline` and `target`). A metric that is off
    target while an idea, planned or in-progress opportunity is measured by it
    is being worked on and is not reported; the backlog page shows it.

    FAIL:

        metrics:
          - {id: logo-churn, name: First-year churn, unit: "%", direction: down, target: 9}
        # data/metrics.csv: logo-churn,buyer,2026-09-30,14 and no opportunity on logo-churn

    PASS:

        # backlog: an in-progress opportunity with metric: logo-churn
    """
    actions = _actions(ctx)
    worked_on: set[tuple[str, str]] | None = None  # made for the first metric off target
    for measured in _measured_metrics(actions, ctx):
        metric, latest = measured.metric, measured.latest
        if on_target(metric, latest.value) is not False:
            continue
        if worked_on is None:
            worked_on = set()
            for opportunity in actions.links:
                found = (
                    actions.index.measured_by(opportunity) if opportunity.status in LIVE else None
                )
                if found is not None:
                    worked_on.add((found[0], found[1].id))
        if (measured.journey_id, metric.id) not in worked_on:
            yield Problem(
                measured.document,
                measured.pointer,
                f"metric {metric.id!r} is off target: {_show(latest.value, metric)} on "
                f"{latest.date.isoformat()}, target {_show(numeric_target(metric) or 0, metric)}, "
                "and no open opportunity is measured by it",
            )


@rule(
    "JM507",
    "stale-metric",
    severity="warning",
    hint="Add the latest measurement to the `data:` CSV file (metric,scope,date,value).",
    cross_file=True,
    reads=(),
)
def stale_metric(ctx: LintContext) -> Iterator[Problem]:
    """A measured metric has had no new value for longer than the map's feedback-loop cadence.

    The cadence is read from the journey's `feedback_loop.cadence` ("every 6
    months", "quarterly"); without one, six months. Metrics that were never
    measured in the `data:` files are not checked.

    FAIL:

        feedback_loop: {cadence: every 6 months}
        # data/metrics.csv: the latest nps row is 10 months old

    PASS:

        # data/metrics.csv: an nps row from last quarter
    """
    actions = _actions(ctx)
    for measured in _measured_metrics(actions, ctx):
        latest, months = measured.latest, measured.cadence_months
        age = (actions.today - latest.date).days
        if age > months * DAYS_PER_MONTH:
            yield Problem(
                measured.document,
                measured.pointer,
                f"metric {measured.metric.id!r} was last measured on {latest.date.isoformat()}, "
                f"{age} days ago (the cadence is {months:g} months)",
            )


@rule(
    "JM508",
    "weak-evidence-moment",
    severity="warning",
    hint="Back the moment of truth with stronger evidence: a larger sample "
    "(`sample_size:` of 5 or more) or a finding the team is confident in.",
)
def weak_evidence_moment(ctx: LintContext) -> Iterator[Problem]:
    """A moment of truth rests only on weak evidence (`sample_size` under 5 or `confidence: low`).

    Moments of truth decide loyalty and churn, so they deserve more than one
    interview. The evidence of a step is the insights and quotes of its stage;
    evidence that says nothing about its strength is not judged.

    FAIL:

        steps:
          - {id: first-approval, name: Gets the first post approved, moment_of_truth: true}
        insights:
          - {id: approvals, text: ..., source: interview, sample_size: 2}

    PASS:

        insights:
          - {id: approvals, text: ..., source: product-analytics, sample_size: 2950,
             confidence: high}
    """
    for document, journey in ctx.journeys:
        for i, stage in enumerate(journey.stages):
            if not any(step.moment_of_truth for step in stage.steps):
                continue
            evidence = [*stage.insights, *stage.quotes]
            if not evidence or not all(_weak(item) for item in evidence):
                continue
            for j, step in enumerate(stage.steps):
                if step.moment_of_truth:
                    yield Problem(
                        document,
                        ("stages", i, "steps", j),
                        f"moment of truth {step.id!r} rests only on weak evidence "
                        f"({len(evidence)} item(s) with a sample under {WEAK_SAMPLE} "
                        "or low confidence)",
                    )


def _weak(item: object) -> bool:
    size = getattr(item, "sample_size", None)
    return (size is not None and size < WEAK_SAMPLE) or getattr(item, "confidence", None) == "low"


@rule(
    "JM509",
    "stale-map",
    severity="warning",
    hint="Refresh the map with new research and set `refreshed:` to the date of the refresh.",
)
def stale_map(ctx: LintContext) -> Iterator[Problem]:
    """The map's `refreshed` date is more than 12 months old, or in the future.

    Customer needs change; practitioners refresh a journey map at least once a
    year with new research, then test the experience again. A date in the
    future is a typo that would keep the refresh from ever showing as due.

    FAIL:

        refreshed: 2024-03-10      # more than a year ago

    PASS:

        refreshed: 2026-03-09
    """
    now = _actions(ctx).today
    for document, journey in ctx.journeys:
        if journey.refreshed is None:
            continue
        age = (now - journey.refreshed).days
        if age > REFRESH_DAYS:
            message = f"{age} days ago: the yearly refresh is due"
        elif age < -1:  # a day ahead is another time zone's today
            message = "a date in the future: set the date of the last refresh"
        else:
            continue
        when = journey.refreshed.isoformat()
        yield Problem(document, ("refreshed",), f"the map was last refreshed on {when}, {message}")


@rule(
    "JM510",
    "insight-without-opportunity",
    severity="info",
    hint="Cite the insight in an opportunity's `evidence:` (journey-id/insight-id), "
    "or add an opportunity that acts on it.",
    cross_file=True,
    reads=("backlog",),
)
def insight_without_opportunity(ctx: LintContext) -> Iterator[Problem]:
    """An insight has an owner, but no opportunity of the backlog uses it as evidence.

    An owned insight is meant to be acted on; the backlog is where the action
    is written down. Only checked in a workspace that keeps a backlog, and not
    on future-state maps (their evidence is the current state's).

    FAIL:

        insights:
          - {id: pricing-misread, text: ..., source: interview, owner: product-marketing}
        # no opportunity lists buyer/pricing-misread under evidence

    PASS:

        # backlog
        - {id: pricing-page, ..., evidence: [buyer/pricing-misread]}
    """
    actions = _actions(ctx)
    if not actions.keeps_backlog:
        return
    used = {ref for opportunity in actions.links for ref in opportunity.evidence}
    for document, pointer, insight in ctx.insights:
        model = document.model
        if getattr(model, "state", None) == "future":
            continue
        if insight.owner is not None and f"{model.id}/{insight.id}" not in used:
            yield Problem(
                document,
                pointer,
                f"insight {insight.id!r} (owner {insight.owner}) is not evidence for any opportunity",
            )


@rule(
    "JM511",
    "undated-map",
    severity="warning",
    hint="Add `refreshed:` with the date of the map's last refresh with new research "
    "(YYYY-MM-DD), or today's date for a new map.",
)
def undated_map(ctx: LintContext) -> Iterator[Problem]:
    """The map has no `refreshed` date, so nobody can tell whether the yearly refresh is due.

    Maps are refreshed at least once a year (JM509 reports a date more than 12
    months old). A map that was never dated would pass that check forever
    while it goes stale, so the date is asked for here. This is its own rule
    rather than part of JM509 because the fix differs (write down a date you
    already know, not a new round of research) and because a team may ignore
    `stale-map` for a snapshot kept to compare with (as `examples/refresh/2025`
    does) without letting undated maps through. `journeymap init` and
    `journeymap new` date a new map on the day it is made.

    FAIL:

        kind: journey
        id: b2b-buyer
        owner: cx

    PASS:

        kind: journey
        id: b2b-buyer
        owner: cx
        refreshed: 2026-09-15
    """
    for document, journey in ctx.journeys:
        if journey.refreshed is None:
            yield Problem(
                document,
                ("id",),
                f"map {journey.id!r} has no `refreshed:` date: nobody can tell when it was "
                "last refreshed, or when the yearly refresh is due",
                key=True,
            )
