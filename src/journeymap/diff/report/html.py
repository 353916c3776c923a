"""The refresh report: a self-contained HTML page, before and after side by side.

It reuses the handout's Jinja environment, stylesheet and ``emotion_curve``
macro (``journeymap/render/templates``), so the two emotion curves of a journey
are drawn exactly like the handout draws one: overlaid in one SVG, the old one
dashed (``curve-before``), the new one solid (``curve-after``), with a legend.
Steps are aligned into shared slots by id: a step at its new place shows its
old emotion underneath, removed steps keep a slot with only the old point, new
steps only a new point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from journeymap.diff.model import Change, DiffResult
from journeymap.diff.report import SYMBOLS, group, summary_sentence
from journeymap.model.journey import Journey, Step

if TYPE_CHECKING:
    import jinja2

    from journeymap.render.curve import Chart, CurvePoint


@dataclass(slots=True)
class Row:
    change: Change
    symbol: str
    before: list[str]
    after: list[str]


@dataclass(slots=True)
class StageView:
    id: str
    name: str
    rows: list[Row]


@dataclass(slots=True)
class DocumentView:
    kind: str
    id: str
    title: str
    path: str | None
    chart: Chart | None
    top: list[Row] = field(default_factory=list)
    stages: list[StageView] = field(default_factory=list)


def _environment() -> jinja2.Environment:
    """The handout's environment with this package's templates in front of its own."""
    import jinja2

    from journeymap.render.html import environment

    base = environment()
    mine = jinja2.FileSystemLoader(str(files("journeymap.diff.report") / "templates"))
    assert base.loader is not None
    return base.overlay(loader=jinja2.ChoiceLoader([mine, base.loader]))


def _values(value: Any) -> list[str]:
    """A before/after value as lines of text for a table cell."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item if isinstance(item, str) else _inline(item) for item in value]
    if isinstance(value, dict):
        return [f"{key}: {_inline(item)}" for key, item in value.items()]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return [str(value)]


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_inline(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(_inline(item) for item in value)
    return str(value)


def _row(change: Change) -> Row:
    return Row(change, SYMBOLS[change.category], _values(change.before), _values(change.after))


def _renames(changes: list[Change], kind: str) -> dict[str, str]:
    """new id → old id for the likely renames of one item type in one document."""
    return {str(c.after): str(c.before) for c in changes if c.kind == kind}


def journey_chart(
    old: Journey | None,
    new: Journey | None,
    changes: list[Change],
    old_label: str,
    new_label: str,
    index: int,
) -> Chart:
    """Both emotion curves of a journey over shared slots, one section per stage."""
    from journeymap.render.curve import Curve, CurvePoint, Section, build_chart

    def point(step: Step | None, marker: str = "") -> CurvePoint:
        if step is None:
            return CurvePoint("not in this version", None)
        return CurvePoint(step.name, step.lowest_emotion(), marker, step.moment_of_truth)

    step_back = _renames(changes, "step-renamed-id")
    stage_back = _renames(changes, "stage-renamed-id")
    old_stages = {stage.id: stage for stage in old.stages} if old else {}
    old_steps = {step.id: step for stage in old_stages.values() for step in stage.steps}
    placed: set[str] = set()
    before: list[CurvePoint] = []
    after: list[CurvePoint] = []
    sections: list[Section] = []

    def slot(old_step: Step | None, new_step: Step | None) -> None:
        number = str(len(after) + 1)
        after.append(point(new_step, number))
        before.append(point(old_step, "" if new_step else f"({number})"))

    for stage in new.stages if new else []:
        start = len(after)
        for step in stage.steps:
            old_id = step_back.get(step.id, step.id)
            placed.add(old_id)
            slot(old_steps.get(old_id), step)
        old_stage = old_stages.get(stage_back.get(stage.id, stage.id))
        for step in old_stage.steps if old_stage else []:
            if step.id not in placed:
                placed.add(step.id)
                slot(step, None)
        sections.append(Section(stage.name, start, len(after)))
    matched = {stage_back.get(stage.id, stage.id) for stage in new.stages} if new else set()
    for stage_id, stage in old_stages.items():
        if stage_id in matched:
            continue
        start = len(after)
        for step in stage.steps:
            if step.id not in placed:
                placed.add(step.id)
                slot(step, None)
        if len(after) > start:
            sections.append(Section(f"{stage.name} (removed)", start, len(after)))
    journey = new or old
    assert journey is not None
    return build_chart(
        [
            Curve(old_label, before, css_class="curve-before"),
            Curve(new_label, after, css_class="curve-after"),
        ],
        sections,
        title=f"Emotion curve of {journey.title}: {old_label} and {new_label}",
        description=f"Two curves over the same steps: {old_label} dashed, {new_label} solid. "
        "Steps are numbered in the new map's order.",
        id_prefix=f"diff-curve-{index}",
    )


def render(result: DiffResult, summary_only: bool = False) -> str:
    from journeymap import __version__

    views: list[DocumentView] = []
    for index, document in enumerate([] if summary_only else group(result)):
        key = (document.workspace, document.kind, document.id)
        old, new = result.old_documents.get(key), result.new_documents.get(key)
        chart = None
        all_changes = document.top + [c for s in document.stages for c in s.changes]
        if document.kind == "journey" and (old is None or isinstance(old, Journey)):
            if old is None:
                old = _renamed_from(result, all_changes, document.workspace)
            if isinstance(new, Journey) or old is not None:
                chart = journey_chart(
                    old,
                    new if isinstance(new, Journey) else None,
                    all_changes,
                    result.old_label,
                    result.new_label,
                    index,
                )
        views.append(
            DocumentView(
                document.kind,
                document.id,
                document.title,
                document.path,
                chart,
                [_row(change) for change in document.top],
                [
                    StageView(stage.id, stage.name, [_row(change) for change in stage.changes])
                    for stage in document.stages
                ],
            )
        )
    template = _environment().get_template("diff.html.j2")
    return template.render(
        result=result,
        documents=views,
        counts=result.counts(),
        summary=summary_sentence(result),
        version=__version__,
    )


def _renamed_from(result: DiffResult, changes: list[Change], workspace: str) -> Journey | None:
    """The old journey of a document whose id changed (a likely rename)."""
    for change in changes:
        if change.kind == "document-renamed-id":
            old = result.old_documents.get((workspace, "journey", str(change.before)))
            return old if isinstance(old, Journey) else None
    return None
