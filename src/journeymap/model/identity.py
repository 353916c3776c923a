"""Id uniqueness within each scope of a document.

Ids are what diff and references follow, so two items sharing an id in the same
scope make both ambiguous. Scopes: stage ids, step ids (across the whole journey,
because ``next`` may jump between stages; no step may have a stage's id either,
as references name both alike), insight, metric, objective and quote
ids per journey; pillar and brand attribute ids per messaging document;
opportunity ids per backlog.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class DuplicateId:
    """An id used a second time in its scope."""

    scope: str
    id: str
    pointer: Pointer
    first: Pointer


def duplicate_ids(document: Journey | Persona | Messaging | Backlog) -> Iterator[DuplicateId]:
    """Every repeated id in the document, pointing at the repetition."""
    for scope, items in _scopes(document):
        seen: dict[str, Pointer] = {}
        for pointer, item_id in items:
            if item_id is None:
                continue
            if item_id in seen:
                yield DuplicateId(scope, item_id, pointer, seen[item_id])
            else:
                seen[item_id] = pointer
    if isinstance(document, Journey):
        yield from _steps_named_like_stages(document)


def _steps_named_like_stages(journey: Journey) -> Iterator[DuplicateId]:
    """A step with a stage's id: `journey-id/stage-id` and `journey-id/step-id` (backlog
    `addresses`, data scopes) are one name space, so `buyer/need` would be ambiguous."""
    stages = {stage.id: ("stages", i, "id") for i, stage in enumerate(journey.stages)}
    for i, stage in enumerate(journey.stages):
        for j, step in enumerate(stage.steps):
            if step.id in stages:
                yield DuplicateId(
                    "stage and step", step.id, ("stages", i, "steps", j, "id"), stages[step.id]
                )


def _scopes(
    document: Journey | Persona | Messaging | Backlog,
) -> Iterator[tuple[str, Iterable[tuple[Pointer, str | None]]]]:
    if isinstance(document, Journey):
        stages = list(enumerate(document.stages))
        yield "stage", ((("stages", i, "id"), s.id) for i, s in stages)
        yield (
            "step",
            (
                (("stages", i, "steps", j, "id"), step.id)
                for i, s in stages
                for j, step in enumerate(s.steps)
            ),
        )
        for field, scope in (("insights", "insight"), ("metrics", "metric"), ("quotes", "quote")):
            yield (
                scope,
                (
                    (("stages", i, field, j, "id"), item.id)
                    for i, s in stages
                    for j, item in enumerate(getattr(s, field))
                ),
            )
        yield (
            "objective",
            ((("objectives", i, "id"), o.id) for i, o in enumerate(document.objectives)),
        )
        yield "persona reference", ((("personas", i), p) for i, p in enumerate(document.personas))
    elif isinstance(document, Messaging):
        yield "pillar", ((("pillars", i, "id"), p.id) for i, p in enumerate(document.pillars))
        yield (
            "brand attribute",
            (
                (("brand_attributes", i, "id"), b.id)
                for i, b in enumerate(document.brand_attributes)
            ),
        )
    elif isinstance(document, Backlog):
        yield (
            "opportunity",
            ((("opportunities", i, "id"), o.id) for i, o in enumerate(document.opportunities)),
        )
    else:
        yield "segment reference", ((("segments", i), s) for i, s in enumerate(document.segments))
