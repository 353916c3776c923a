"""What changed in a journey map: its own fields, objectives, stages and where steps went.

Stages and steps are matched by id across the whole map (step ids are unique in
a journey), so a step that changed stage is one ``step-moved``, not a removal
plus an addition, and a stage whose id changed is recognised by its own fields
plus the (renamed) ids of its steps. What changed inside one step is
``diff/step.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.diff.emit import Out, items, show_emotion
from journeymap.diff.matching import fingerprint, match_renames, moved_out_of_order, unmatched
from journeymap.diff.step import pain_points, step_fields
from journeymap.model.journey import Journey, Stage, Step


def diff_journey(out: Out, old: Journey, new: Journey) -> None:
    out.value("journey-retitled", ("title",), old.title, new.title, "Journey retitled", show=repr)
    out.value("journey-owner-changed", ("owner",), old.owner, new.owner, "Map owner changed:")
    out.list_delta(
        ("journey-persona-added", "journey-persona-removed"),
        ("personas",),
        old.personas,
        new.personas,
        ("Now mapped for persona", "No longer mapped for persona"),
        keyed=True,
    )
    out.value("state-changed", ("state",), old.state, new.state, "Journey state:")
    _based_on(out, old.based_on, new.based_on)
    handled = {
        "kind",
        "id",
        "title",
        "owner",
        "personas",
        "state",
        "based_on",
        "objectives",
        "stages",
    }
    out.other_fields("journey-changed", (), old, new, handled, "Journey ")
    items(
        out,
        "objective",
        old.objectives,
        new.objectives,
        ("objectives",),
        None,
        lambda o: o.description,
    )
    _stages_and_steps(out, old, new)


def _based_on(out: Out, old: str | None, new: str | None) -> None:
    if old == new:
        return
    if old is None:
        message = f"Journey is now based on {new!r} (the current state it redesigns)"
    elif new is None:
        message = f"Journey is no longer based on {old!r}"
    else:
        message = f"Journey based on another journey: {old!r} → {new!r}"
    out.add("based-on-changed", ("based_on",), message, before=old, after=new)


@dataclass(slots=True)
class _Place:
    stage: Stage
    step: Step


def _stages_and_steps(out: Out, old: Journey, new: Journey) -> None:
    personas = (old.personas, new.personas)
    old_stages = {stage.id: stage for stage in old.stages}
    new_stages = {stage.id: stage for stage in new.stages}
    out.stage_order = [*new_stages, *(sid for sid in old_stages if sid not in new_stages)]

    # Steps first: step ids are unique across a journey, and a stage whose id
    # changed is recognised by its own fields plus the (renamed) ids of its steps.
    old_steps = {step.id: _Place(stage, step) for stage in old.stages for step in stage.steps}
    new_steps = {step.id: _Place(stage, step) for stage in new.stages for step in stage.steps}
    step_renames = match_renames(
        {k: v.step for k, v in old_steps.items() if k not in new_steps},
        {k: v.step for k, v in new_steps.items() if k not in old_steps},
        fingerprint,
    )
    step_map = {sid: sid for sid in old_steps if sid in new_steps} | step_renames
    step_new_to_old = {b: a for a, b in step_map.items()}

    def stage_print(stage: Stage) -> frozenset[tuple[str, str]]:
        own = fingerprint(stage.model_copy(update={"steps": []}))
        return own | {("steps[].id", step_map.get(step.id, step.id)) for step in stage.steps}

    gone, came = unmatched(old_stages, new_stages)
    stage_renames = match_renames(gone, came, stage_print)
    # old stage id -> new stage id, for every stage that survives
    stage_map = {sid: sid for sid in old_stages if sid in new_stages} | stage_renames
    renamed_to = set(stage_renames.values())

    # stage-level changes, in new map order
    moved = moved_out_of_order([stage_map.get(s, s) for s in old_stages], list(new_stages))
    old_position = {stage_map[s]: i for i, s in enumerate(old_stages) if s in stage_map}
    for position, (stage_id, stage) in enumerate(new_stages.items()):
        if stage_id in came and stage_id not in renamed_to:
            out.add(
                "stage-added",
                (stage_id,),
                f"Stage {stage.name!r} added{_with_steps(len(stage.steps))}",
                after={"name": stage.name, "steps": [step.id for step in stage.steps]},
                stage=stage_id,
            )
            continue
        old_id = next((a for a, b in stage_renames.items() if b == stage_id), stage_id)
        old_stage = old_stages[old_id]
        if old_id != stage_id:
            out.renamed_id(
                "stage", (stage_id,), old_id, stage_id, f" ({stage.name!r})", stage=stage_id
            )
        if stage_id in moved:
            out.add(
                "stage-moved",
                (stage_id,),
                f"Stage {stage.name!r} moved from position {old_position[stage_id] + 1} "
                f"to {position + 1}",
                before=old_position[stage_id] + 1,
                after=position + 1,
                stage=stage_id,
            )
        _stage_fields(out, old_stage, stage)
        _stage_curve(out, old_stage, stage)
    for stage_id, stage in gone.items():
        if stage_id in stage_map:
            continue
        lost = [step.id for step in stage.steps if step.id not in step_map]
        out.add(
            "stage-removed",
            (stage_id,),
            f"Stage {stage.name!r} removed{_with_steps(len(lost))}",
            before={"name": stage.name, "steps": [step.id for step in stage.steps]},
            stage=stage_id,
        )

    # steps, in new map order, then removed ones
    for step_id, place in new_steps.items():
        stage_id = place.stage.id
        if step_id not in step_new_to_old:
            if stage_id not in came or stage_id in renamed_to:
                out.add(
                    "step-added",
                    (stage_id, step_id),
                    f"Step {place.step.name!r} added to stage {place.stage.name!r}",
                    after=place.step,
                    stage=stage_id,
                )
            continue
        old_id = step_new_to_old[step_id]
        before = old_steps[old_id]
        if old_id != step_id:
            suffix = f" ({place.step.name!r})"
            out.renamed_id("step", (stage_id, step_id), old_id, step_id, suffix, stage=stage_id)
        if stage_map.get(before.stage.id) != stage_id:
            out.add(
                "step-moved",
                (stage_id, step_id),
                f"Step {place.step.name!r} moved from stage {before.stage.name!r} "
                f"to {place.stage.name!r}",
                before=before.stage.id,
                after=stage_id,
                stage=stage_id,
            )
        step_fields(out, before.step, place.step, (stage_id, step_id), personas)
    for old_id, stage_id in stage_map.items():
        _reordered_steps(out, old_stages[old_id], new_stages[stage_id], step_map)
    for step_id, place in old_steps.items():
        if step_id in step_map or place.stage.id not in stage_map:
            continue
        new_stage = stage_map[place.stage.id]
        out.add(
            "step-removed",
            (new_stage, step_id),
            f"Step {place.step.name!r} removed from stage {new_stages[new_stage].name!r}",
            before=place.step,
            stage=new_stage,
        )


def _reordered_steps(out: Out, old: Stage, new: Stage, step_map: dict[str, str]) -> None:
    """``step-reordered`` for the fewest steps whose order among the stage's staying steps changed.

    Steps that came from or went to another stage are ``step-moved`` and take no
    part. Positions are 1-based in the whole stage before and after, the same in
    the message and in ``before``/``after``, so every report format agrees.
    """
    old_order = [step_map.get(step.id, step.id) for step in old.steps]
    old_position = {step_id: index for index, step_id in enumerate(old_order, 1)}
    moved = moved_out_of_order(old_order, [step.id for step in new.steps])
    for position, step in enumerate(new.steps, 1):
        if step.id not in moved:
            continue
        was = old_position[step.id]
        out.add(
            "step-reordered",
            (new.id, step.id),
            f"Step {step.name!r} moved within stage {new.name!r} (position {was} → {position})",
            before=was,
            after=position,
            stage=new.id,
        )


def _with_steps(count: int) -> str:
    return f" with {count} step{'s' if count != 1 else ''}" if count else ""


def _stage_fields(out: Out, old: Stage, new: Stage) -> None:
    sid = new.id
    subject = f"Stage {new.name!r}"
    out.value("stage-renamed", (sid,), old.name, new.name, "Stage renamed", show=repr, stage=sid)
    out.value("stage-phase-changed", (sid,), old.phase, new.phase, f"{subject} phase:", stage=sid)
    out.value("stage-owner-changed", (sid,), old.owner, new.owner, f"{subject} owner:", stage=sid)
    pain_points(out, old.pain_points, new.pain_points, (sid,), f"stage {new.name!r}", sid)
    handled = {
        "id",
        "name",
        "phase",
        "owner",
        "steps",
        "pain_points",
        "insights",
        "quotes",
        "metrics",
    }
    out.other_fields("stage-changed", (sid,), old, new, handled, f"{subject}: ", stage=sid)
    name = new.name
    items(
        out,
        "insight",
        old.insights,
        new.insights,
        (sid, "insights"),
        sid,
        lambda i: i.text,
        stage_name=name,
    )
    items(
        out,
        "quote",
        old.quotes,
        new.quotes,
        (sid, "quotes"),
        sid,
        lambda q: q.text,
        key=lambda q: q.id or q.text,
        stage_name=name,
    )
    items(
        out,
        "metric",
        old.metrics,
        new.metrics,
        (sid, "metrics"),
        sid,
        lambda m: m.name,
        stage_name=name,
    )


def _average_emotion(stage: Stage) -> float | None:
    """The mean over the steps with an emotion, each step one value (``Step.mean_emotion``)."""
    values = [value for step in stage.steps if (value := step.mean_emotion()) is not None]
    return sum(values) / len(values) if values else None


def _stage_curve(out: Out, old: Stage, new: Stage) -> None:
    """The net change of the stage's emotion curve: the average emotion of its steps."""
    before, after = _average_emotion(old), _average_emotion(new)
    if before is None or after is None or abs(after - before) < 0.005:
        return
    net = after - before
    direction = "improved" if net > 0 else "worsened"
    out.add(
        f"stage-emotion-{direction}",
        (new.id,),
        f"Emotion curve of stage {new.name!r} {direction}: average {show_emotion(before)} → "
        f"{show_emotion(after)} (net {show_emotion(net)})",
        before=round(before, 2),
        after=round(after, 2),
        stage=new.id,
    )
