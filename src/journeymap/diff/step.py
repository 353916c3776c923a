"""What changed inside one step: emotion (per persona), pain points, the touchpoint,
the blueprint lanes below the line of visibility and the step's links.

A step's emotion is one number for every persona of the map or a mapping persona
id → number. When either side is a mapping, the step is compared persona by
persona (one number counts for each persona of the map), and each change names
its persona (by the persona document's name when the workspace has it).
"""

from __future__ import annotations

from journeymap.diff.emit import Out, show_emotion
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


def _personas_of(emotion: int | dict[str, int] | None) -> list[str]:
    return list(emotion) if isinstance(emotion, dict) else []


def _emotion_for(step: Step, persona: str) -> int | None:
    return step.emotion.get(persona) if isinstance(step.emotion, dict) else step.emotion


def _emotion_change(
    out: Out,
    before: int | None,
    after: int | None,
    path: tuple[str, ...],
    where: str,
    stage: str,
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
    out.add(
        kind,
        path,
        f"Emotion at {where} {verb}: {show_emotion(before)} → {show_emotion(after)}",
        before=before,
        after=after,
        stage=stage,
    )


def step_fields(out: Out, old: Step, new: Step, path: tuple[str, ...]) -> None:
    stage = path[0]
    where = f"step {new.name!r}"
    subject = f"Step {new.name!r}"
    out.value("step-renamed", path, old.name, new.name, "Step renamed", show=repr, stage=stage)
    if old.emotion != new.emotion:
        if isinstance(old.emotion, dict) or isinstance(new.emotion, dict):
            # Per persona: one number stands for every persona of the map.
            personas = dict.fromkeys([*_personas_of(old.emotion), *_personas_of(new.emotion)])
            for persona in personas:
                _emotion_change(
                    out,
                    _emotion_for(old, persona),
                    _emotion_for(new, persona),
                    (*path, persona),
                    f"{where} for persona {persona!r}",
                    stage,
                )
        else:
            _emotion_change(out, old.emotion, new.emotion, path, where, stage)
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
    handled = {
        "id",
        "name",
        "emotion",
        "pain_points",
        "moment_of_truth",
        "owner",
        "channel",
        "touchpoint",
    }
    out.other_fields("step-changed", path, old, new, handled, f"{subject}: ", stage=stage)
