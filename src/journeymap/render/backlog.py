"""The backlog in HTML: action lists and measured metrics on the handout, and the backlog page.

The handout shows, per stage, the opportunities that address the stage or its
steps (owner, status, due date) and, per metric, its latest measured value
against the target with a sparkline of the ``data:`` values. ``render
backlog.yaml`` makes a page of its own: an impact/effort 2×2 matrix as inline
SVG and the opportunities grouped by status, each linking to the handouts
(``<journey-id>.html#step-<step-id>``) of the journeys it addresses. All SVG
is built here from numbers; every text goes through Jinja's autoescaping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap.data import (
    DataSet,
    Measurement,
    direction,
    load_dataset,
    numeric_target,
    on_target,
)
from journeymap.links import JourneyIndex, Target
from journeymap.model.backlog import STATUSES, Backlog, Opportunity
from journeymap.model.journey import Journey, Metric
from journeymap.render.views import number_text

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

STATUS_LABELS = {
    "idea": "Idea",
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


@dataclass(slots=True)
class Spark:
    """A sparkline as numbers for the template: points of a polyline and the target's height."""

    points: str
    target_y: float | None
    width: int
    height: int
    label: str


@dataclass(slots=True)
class MetricView:
    """A metric's latest measured value against its target."""

    metric: Metric
    latest: Measurement | None
    state: str
    """``on-target``, ``off-target`` or ``no-target`` (cannot be judged)."""
    text: str
    spark: Spark | None


@dataclass(slots=True)
class ActionView:
    """One opportunity as a stage's action list shows it."""

    opportunity: Opportunity
    status_label: str
    steps: list[Target] = field(default_factory=list)
    whole_stage: bool = False


@dataclass(slots=True)
class OpportunityView:
    """One opportunity on the backlog page, with its targets and measured metric."""

    opportunity: Opportunity
    number: int
    targets: list[Target]
    missing: list[str]
    measure: MetricView | None
    journey_id: str | None


def _backlogs(workspace: Workspace) -> list[Backlog]:
    return [d.model for d in workspace.of_kind("backlog") if isinstance(d.model, Backlog)]


def _dataset(workspace: Workspace) -> DataSet:
    return load_dataset(workspace)[0] if workspace.config.data else DataSet()


def _number(value: float, metric: Metric) -> str:
    text = number_text(value)
    return f"{text} {metric.unit}" if metric.unit else text


def metric_view(metric: Metric, series: list[Measurement]) -> MetricView:
    """Latest value, state against target, a sentence that says both, and the sparkline."""
    latest = series[-1] if series else None
    target = numeric_target(metric)
    target_text = (
        f"target {_number(target, metric)}"
        if target is not None
        else (f"target {metric.target}" if metric.target is not None else "no target")
    )
    if latest is None:
        return MetricView(metric, None, "no-target", f"not measured yet; {target_text}", None)
    judged = on_target(metric, latest.value)
    state = {True: "on-target", False: "off-target", None: "no-target"}[judged]
    verdict = {True: "on target", False: "off target", None: "not judged"}[judged]
    way = direction(metric)
    better = f", better is {way}" if way else ""
    text = (
        f"{_number(latest.value, metric)} on {latest.date.isoformat()}: {verdict} "
        f"({target_text}{better})"
    )
    return MetricView(metric, latest, state, text, sparkline(metric, series))


def sparkline(
    metric: Metric, series: list[Measurement], width: int = 96, height: int = 24
) -> Spark | None:
    """Polyline points of the values (oldest left), scaled to include the target."""
    if len(series) < 2:
        return None
    values = [m.value for m in series]
    target = numeric_target(metric)
    low = min([*values, target] if target is not None else values)
    high = max([*values, target] if target is not None else values)
    span = (high - low) or 1.0
    pad = 2.0

    def y(value: float) -> float:
        return round(pad + (height - 2 * pad) * (1 - (value - low) / span), 2)

    step = (width - 2 * pad) / (len(values) - 1)
    points = " ".join(f"{round(pad + i * step, 2)},{y(v)}" for i, v in enumerate(values))
    label = (
        f"{metric.name}: {len(values)} values from {series[0].date.isoformat()} "
        f"({_number(values[0], metric)}) to {series[-1].date.isoformat()} "
        f"({_number(values[-1], metric)})"
    )
    return Spark(points, y(target) if target is not None else None, width, height, label)


def handout_context(workspace: Workspace, journey: Journey) -> dict[str, object]:
    """What the handout needs from the backlog and the data: actions per stage, metric views."""
    backlogs = _backlogs(workspace)
    data = _dataset(workspace)
    measures = {
        metric.id: metric_view(metric, data.series(journey.id, metric.id))
        for stage in journey.stages
        for metric in stage.metrics
        if data.series(journey.id, metric.id) or isinstance(metric.target, int | float)
    }
    if not backlogs:
        return {"actions": {}, "measures": measures}
    index = JourneyIndex.of_workspace(workspace)
    actions: dict[str, list[ActionView]] = {}
    for backlog in backlogs:
        for opportunity in backlog.opportunities:
            views: dict[str, ActionView] = {}
            for reference in opportunity.addresses:
                target = index.target(reference)
                if target is None or target.journey.id != journey.id:
                    continue
                view = views.setdefault(
                    target.stage.id, ActionView(opportunity, STATUS_LABELS[opportunity.status])
                )
                if target.step is None:
                    view.whole_stage = True
                else:
                    view.steps.append(target)
            for stage_id, view in views.items():
                actions.setdefault(stage_id, []).append(view)
    for items in actions.values():
        items.sort(
            key=lambda v: (STATUSES.index(v.opportunity.status), v.opportunity.due or dt.date.max)
        )
    return {"actions": actions, "measures": measures}


def render_backlog_page(
    workspace: Workspace,
    document: SourceDocument,
    *,
    home: str | None = None,
    links: dict[str, str] | None = None,
) -> str:
    """The backlog page: a 2×2 impact/effort matrix and the opportunities grouped by status.

    Addressed steps link to ``links[journey-id]`` (the site's relative page), or to
    ``<journey-id>.html`` beside this page as ``render DIR -o OUT/`` writes them;
    ``home`` is the site's index.
    """
    from journeymap import __version__
    from journeymap.render.html import environment

    backlog = document.model
    assert isinstance(backlog, Backlog)
    index = JourneyIndex.of_workspace(workspace)
    data = _dataset(workspace)
    views = []
    for number, opportunity in enumerate(backlog.opportunities, start=1):
        targets = [t for ref in opportunity.addresses if (t := index.target(ref)) is not None]
        missing = [ref for ref in opportunity.addresses if index.target(ref) is None]
        found = index.opportunity_metric(opportunity)
        measure = metric_view(found[2], data.series(found[0].id, found[2].id)) if found else None
        views.append(
            OpportunityView(
                opportunity, number, targets, missing, measure, found[0].id if found else None
            )
        )
    groups = [
        (status, STATUS_LABELS[status], [v for v in views if v.opportunity.status == status])
        for status in STATUSES
    ]
    template = environment().get_template("backlog.html.j2")
    return template.render(
        backlog=backlog,
        source=document.path,
        groups=[group for group in groups if group[2]],
        matrix=matrix([v for v in views if v.opportunity.status not in ("done", "dropped")]),
        teams=dict(workspace.config.teams),
        version=__version__,
        home=home,
        links={
            journey_id: (links or {}).get(journey_id, f"{journey_id}.html")
            for journey_id in index.journeys
        },
    )


@dataclass(slots=True)
class Dot:
    """An opportunity's place in the impact/effort matrix."""

    number: int
    x: float
    y: float
    title: str
    status: str


def matrix(views: list[OpportunityView], size: int = 460, pad: int = 44) -> dict[str, object]:
    """Dots of the open opportunities that have both scores, placed on a 1..5 grid.

    Quadrants: quick wins (high impact, low effort, top left), big bets (top
    right), fill-ins (bottom left), money pits (bottom right). Dots that share
    a cell are fanned out so that none hides another.
    """
    cell = (size - 2 * pad) / 5
    cells: dict[tuple[int, int], list[OpportunityView]] = {}
    unscored = []
    for view in views:
        item = view.opportunity
        if item.impact is None or item.effort is None:
            unscored.append(view)
        else:
            cells.setdefault((item.effort, item.impact), []).append(view)
    dots = []
    for (effort, impact), members in cells.items():
        for nth, view in enumerate(members):
            row, column = divmod(nth, 3)
            in_row = min(3, len(members) - row * 3)
            x = pad + (effort - 0.5) * cell + (column - (in_row - 1) / 2) * 20
            y = size - pad - (impact - 0.5) * cell - row * 20
            item = view.opportunity
            dots.append(Dot(view.number, round(x, 1), round(y, 1), item.title, item.status))
    dots.sort(key=lambda dot: dot.number)
    return {"size": size, "pad": pad, "cell": cell, "dots": dots, "unscored": unscored}
