"""Referential integrity across a workspace: every id that points somewhere must land.

Each broken reference is reported at the referencing value, with the closest
existing id as a suggestion, because the usual cause is a typo or a rename that
was not carried through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from journeymap.document import SourceDocument
from journeymap.findings import BROKEN_REFERENCE, Finding, format_pointer
from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona
from journeymap.workspace import Workspace

if TYPE_CHECKING:
    from journeymap.links import JourneyIndex

Pointer = tuple[str | int, ...]


def check_references(workspace: Workspace) -> list[Finding]:
    """All broken references in the workspace, in file order.

    When a file of the workspace could not be loaded, the persona or stage a
    reference names may well be in it: references to documents of that kind are
    then not checked (the load error is reported instead of a cascade of
    guesses); all other references still are.
    """
    personas = workspace.ids("persona") if workspace.complete("persona") else None
    stage_ids = workspace.stage_ids() if workspace.complete("journey") else None
    teams = set(workspace.config.teams)
    segments = set(workspace.config.segments)
    findings: list[Finding] = []
    suggest = _Suggestions()
    index = None
    for document in workspace.documents:
        model = document.model
        if isinstance(model, Journey):
            problems = _journey_references(model, personas, teams)
        elif isinstance(model, Messaging):
            problems = _messaging_references(model, personas, stage_ids, teams)
        elif isinstance(model, Backlog):
            from journeymap.backlog_references import backlog_problems

            index = index or _journey_index(workspace)
            problems = backlog_problems(model, index, teams)
        else:
            problems = _persona_references(model, segments)
        findings.extend(_finding(document, *problem, suggest) for problem in problems)
    if workspace.config.data:
        from journeymap.data import data_findings

        findings.extend(data_findings(workspace))
    return findings


def _journey_index(workspace: Workspace) -> JourneyIndex | None:
    """Journeys by id for backlog references, or None when a journey file failed to load."""
    from journeymap.links import JourneyIndex

    if not workspace.complete("journey"):
        return None
    return JourneyIndex.build(
        document.model
        for document in workspace.of_kind("journey")
        if isinstance(document.model, Journey)
    )


Problem = tuple[Pointer, str, str, Iterable[str], bool]
"""(pointer, what is referenced, the id, the ids that exist, point at the key?)."""


def _journey_references(
    journey: Journey, personas: set[str] | None, teams: set[str]
) -> Iterator[Problem]:
    for index, persona in enumerate(journey.personas if personas is not None else ()):
        if persona not in personas:
            yield ("personas", index), "persona", persona, personas, False
    step_ids = {step.id for _, _, _, step in journey.iter_steps()}
    for stage_index, step_index, _, step in journey.iter_steps():
        for target_index, target in enumerate(step.next):
            if target not in step_ids:
                pointer = ("stages", stage_index, "steps", step_index, "next", target_index)
                yield pointer, "step in this journey", target, step_ids, False
    metrics = journey.metric_ids()
    for index, objective in enumerate(journey.objectives):
        if objective.metric is not None and objective.metric not in metrics:
            yield (
                ("objectives", index, "metric"),
                "metric in this journey",
                objective.metric,
                metrics,
                False,
            )
    if teams:
        yield from _owner_references(journey, teams)


def _owner_references(journey: Journey, teams: set[str]) -> Iterator[Problem]:
    owners: list[tuple[Pointer, str | None]] = [(("owner",), journey.owner)]
    if journey.feedback_loop is not None:
        owners.append((("feedback_loop", "owner"), journey.feedback_loop.owner))
    for i, stage in enumerate(journey.stages):
        owners.append((("stages", i, "owner"), stage.owner))
        owners.extend(
            (("stages", i, "steps", j, "owner"), step.owner) for j, step in enumerate(stage.steps)
        )
        owners.extend(
            (("stages", i, "insights", j, "owner"), item.owner)
            for j, item in enumerate(stage.insights)
        )
        owners.extend(
            (("stages", i, "metrics", j, "owner"), item.owner)
            for j, item in enumerate(stage.metrics)
        )
    for pointer, owner in owners:
        if owner is not None and owner not in teams:
            yield pointer, "team (journeymap.yaml `teams:`)", owner, teams, False


def _messaging_references(
    messaging: Messaging, personas: set[str] | None, stage_ids: set[str] | None, teams: set[str]
) -> Iterator[Problem]:
    if personas is not None:
        for persona in messaging.vocabulary.personas:
            if persona not in personas:
                yield ("vocabulary", "personas", persona), "persona", persona, personas, True
    if stage_ids is not None:
        for stage in messaging.vocabulary.stages:
            if stage not in stage_ids:
                yield ("vocabulary", "stages", stage), "journey stage", stage, stage_ids, True
    for i, attribute in enumerate(messaging.brand_attributes):
        for j, action in enumerate(attribute.actions):
            pointer: Pointer = ("brand_attributes", i, "actions", j)
            if action.stage is not None and stage_ids is not None and action.stage not in stage_ids:
                yield (*pointer, "stage"), "journey stage", action.stage, stage_ids, False
            if teams and action.owner not in teams:
                yield (
                    (*pointer, "owner"),
                    "team (journeymap.yaml `teams:`)",
                    action.owner,
                    teams,
                    False,
                )


def _persona_references(persona: Persona, segments: set[str]) -> Iterator[Problem]:
    if not segments:
        return
    for index, segment in enumerate(persona.segments):
        if segment not in segments:
            yield (
                ("segments", index),
                "segment (journeymap.yaml `segments:`)",
                segment,
                segments,
                False,
            )


class _Suggestions:
    """The closest existing id for a broken reference, for the "Did you mean" hint.

    rapidfuzz's Indel ratio (C++) against ids sorted once per set: a journey with
    thousands of broken ``next`` ids would otherwise sort and scan its step ids
    in Python for each of them.
    """

    CUTOFF = 60
    """Ids less similar than this (0-100) are not suggested."""

    def __init__(self) -> None:
        self._ordered: dict[int, tuple[Iterable[str], list[str]]] = {}

    def __call__(self, target: str, known: Iterable[str]) -> str | None:
        from rapidfuzz import fuzz, process

        cached = self._ordered.get(id(known))
        if cached is None or cached[0] is not known:
            # Largest first: among equally close ids the last in sort order wins, as
            # with difflib.get_close_matches.
            cached = (known, sorted(known, reverse=True))
            self._ordered[id(known)] = cached
        match = process.extractOne(target, cached[1], scorer=fuzz.ratio, score_cutoff=self.CUTOFF)
        return None if match is None else match[0]


def _finding(
    document: SourceDocument,
    pointer: Pointer,
    what: str,
    target: str,
    known: Iterable[str],
    at_key: bool,
    suggest: _Suggestions,
) -> Finding:
    line, column = document.locate(pointer, key=at_key)
    close = suggest(target, known)
    hint = f"Did you mean {close!r}?" if close else None
    return Finding(
        path=document.path,
        message=f"{format_pointer(pointer)}: unknown {what} {target!r}",
        code=BROKEN_REFERENCE,
        category="reference",
        line=line,
        column=column,
        hint=hint,
        pointer=pointer,
    )
