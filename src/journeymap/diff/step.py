"""What changed inside one step: emotion (per persona), pain points, the touchpoint,
the blueprint lanes below the line of visibility and the step's links.

A step's emotion is one number for every persona of the map or a mapping persona
id → number. When either side is a mapping, the step is compared persona by
persona (one number counts for each persona of the map), and each change names
its persona (by the persona document's name when the workspace has it).
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.diff.emit import Out, show_emotion
from journeymap.model.base import StepEmotion, emotion_for
from journeymap.model.journey import Step


def pain_points(
    out: Out, old: list[str], new: list[str], path: tuple[str, ...], where: str, stage: str
) -> None:
    out.list_delta(
        ("pain-point-added", "pain-point-resolved"),
        path,
        old,
        new,
        (f"New pain point at {where}:", f"Pain point resolved at {where}:"),
        stage=stage,
    )


LANES = {"backstage": "Backstage", "support": "Support process", "systems": "System"}
"""The blueprint lanes, each with how a message names one of its items."""


def _personas(emotion: StepEmotion | None, map_personas: Sequence[str]) -> list[str]:
    """Whom a step's emotion speaks for: a mapping's keys, one number every persona of the map."""
    return list(emotion) if isinstance(emotion, dict) else list(map_personas)


def _emotion_change(
    out: Out,
    before: int | None,
    after: int | None,
    path: tuple[str, ...],
    where: str,
    stage: str,
    persona: str | None = None,
) -> None:
    if before == after:
        return
    if before is None:
        kind = "emotion-set"
    elif after is None:
        kind = "emotion-cleared"
    else:
        kind = "emotion-improved" if after > before else "emotion-worsened"
    verb = kind.removeprefix("emotion-")
    whose = "Emotion" if persona is None else f"Emotion of persona {out.persona_name(persona)!r}"
    out.add(
        kind,
        path if persona is None else (*path, persona),
        f"{whose} at {where} {verb}: {show_emotion(before)} → {show_emotion(after)}",
        before=before,
        after=after,
        stage=stage,
        persona=persona,
    )


def emotions(
    out: Out,
    old: StepEmotion | None,
    new: StepEmotion | None,
    path: tuple[str, ...],
    where: str,
    map_personas: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> None:
    """One change for one number, else one per persona whose emotion differs.

    ``map_personas`` are the personas of the old and the new map: a single
    number on one side counts for each of them, so going from one number to a
    mapping (or back) still compares persona by persona.
    """
    stage = path[0]
    if old == new:
        return
    if not isinstance(old, dict) and not isinstance(new, dict):
        _emotion_change(out, old, new, path, where, stage)
        return
    personas = dict.fromkeys([*_personas(old, map_personas[0]), *_personas(new, map_personas[1])])
    for persona in personas:
        before, after = emotion_for(old, persona), emotion_for(new, persona)
        _emotion_change(out, before, after, path, where, stage, persona)


def _link(
    out: Out,
    kind: str,
    path: tuple[str, ...],
    old: str | None,
    new: str | None,
    subject: str,
    what: str,
) -> None:
    """``kind`` when a link was set, cleared or pointed elsewhere, said in those words."""
    if old == new:
        return
    if old is None:
        message = f"{subject} now links to {what} {new!r}"
    elif new is None:
        message = f"{subject} no longer links to {what} {old!r}"
    else:
        message = f"{subject} links to another {what}: {old!r} → {new!r}"
    out.add(kind, path, message, before=old, after=new, stage=path[0])


def step_fields(
    out: Out,
    old: Step,
    new: Step,
    path: tuple[str, ...],
    map_personas: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> None:
    """Every change inside one step that kept its id (or was recognised as renamed)."""
    stage = path[0]
    where = f"step {new.name!r}"
    subject = f"Step {new.name!r}"
    out.value("step-renamed", path, old.name, new.name, "Step renamed", show=repr, stage=stage)
    emotions(out, old.emotion, new.emotion, path, where, map_personas)
    pain_points(out, old.pain_points, new.pain_points, path, where, stage)
    if old.moment_of_truth != new.moment_of_truth:
        gained = new.moment_of_truth
        out.add(
            "moment-of-truth-gained" if gained else "moment-of-truth-lost",
            path,
            f"{subject} {'is now' if gained else 'is no longer'} a moment of truth",
            before=old.moment_of_truth,
            after=new.moment_of_truth,
            stage=stage,
        )
    out.value("step-owner-changed", path, old.owner, new.owner, f"{subject} owner:", stage=stage)
    out.value("channel-changed", path, old.channel, new.channel, f"{subject} channel:", stage=stage)
    out.value(
        "touchpoint-changed",
        path,
        old.touchpoint,
        new.touchpoint,
        f"{subject} touchpoint:",
        stage=stage,
    )
    for lane, label in LANES.items():
        out.list_delta(
            ("lane-item-added", "lane-item-removed"),
            (*path, lane),
            getattr(old, lane),
            getattr(new, lane),
            (f"{label} added at {where}:", f"{label} removed at {where}:"),
            stage=stage,
            lane=lane,
        )
    _link(
        out,
        "employee-step-changed",
        (*path, "employee_step"),
        old.employee_step,
        new.employee_step,
        subject,
        "employee step",
    )
    _link(
        out,
        "sub-journey-changed",
        (*path, "journey"),
        old.journey,
        new.journey,
        subject,
        "sub-journey",
    )
    handled = {
        "id",
        "name",
        "emotion",
        "pain_points",
        "moment_of_truth",
        "owner",
        "channel",
        "touchpoint",
        *LANES,
        "employee_step",
        "journey",
    }
    out.other_fields("step-changed", path, old, new, handled, f"{subject}: ", stage=stage)
