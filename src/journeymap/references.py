"""Referential integrity across a workspace: every id that points somewhere must land.

Each broken reference is reported at the referencing value, with the closest
existing id as a suggestion, because the usual cause is a typo or a rename that
was not carried through.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from journeymap.document import SourceDocument
from journeymap.findings import (
    BROKEN_REFERENCE,
    DUPLICATE_ID,
    ENDS_AT_PURCHASE,
    SUB_JOURNEY_CYCLE,
    Finding,
)
from journeymap.journey_links import (
    FUTURE_BASE,
    PERSONA_OF_JOURNEY,
    SELF_BASE,
    dropped,
    link_problems,
    persona_emotion_problems,
    stages_lost,
    sub_journey_cycles,
    workspace_journeys,
)
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
    guesses); all other references still are. The same holds for ids inside a
    partial document (one whose invalid parts were pruned, see ``partial``): a
    reference to a step or stage that was pruned is not reported again.
    """
    personas = workspace.ids("persona") if workspace.complete("persona") else None
    stage_ids = (
        workspace.stage_ids()
        if workspace.complete("journey") and not stages_lost(workspace)
        else None
    )
    teams = set(workspace.config.teams)
    segments = set(workspace.config.segments)
    hints = _Hints(workspace)
    findings: list[Finding] = []
    index = None
    journeys = workspace_journeys(workspace) if workspace.complete("journey") else None
    for document in workspace.documents:
        model = document.model
        if isinstance(model, Journey):
            problems = chain(
                _journey_references(
                    model,
                    personas,
                    teams,
                    steps=not dropped(document, "steps", "stages"),
                    metrics=not dropped(document, "metrics", "stages"),
                ),
                persona_emotion_problems(model) if not dropped(document, "personas") else (),
                link_problems(model, journeys),
            )
        elif isinstance(model, Messaging):
            problems = _messaging_references(model, personas, stage_ids, teams)
        elif isinstance(model, Backlog):
            from journeymap.backlog_references import backlog_problems

            index = index or _journey_index(workspace)
            problems = backlog_problems(model, index, teams)
        else:
            problems = _persona_references(model, segments)
        findings.extend(_finding(document, hints, *problem) for problem in problems)
    findings.extend(_cycle_findings(workspace))
    if workspace.config.data:
        from journeymap.data import data_findings

        findings.extend(data_findings(workspace))
    return findings


def breaks_a_link(finding: Finding) -> bool:
    """Whether ``finding`` may be raised in its file by a change in another file, so a
    run that checks only some files (pre-commit) reports it wherever it is.

    A link to a persona, a journey or a stage that is not there: a journey's
    ``personas``, a messaging vocabulary's persona or stage, a brand action's
    ``stage``, a step's ``journey`` or ``employee_step``, a ``based_on``, a backlog
    opportunity's ``addresses``, ``evidence`` or ``metric`` (``journey-id/item-id``),
    a data file's ``scope`` or ``metric``: renaming or deleting the persona or journey
    (or a stage, step, insight or metric of a journey) breaks the file that links to
    it, not the file that changed. Also a cycle of sub-journeys (JM006) and a map that
    ends at the purchase (JM101), which a step's ``journey:`` added or removed in
    another map raises, and a document id that another file holds too (JM003, told
    to both files). ``journey_links.dangling_links`` judges these from the summaries
    and has every file loaded to say where they are. A data file's rows are checked
    in every run (they are not summarised): its broken references are the only ones
    without a pointer, as a CSV row has no place in a document.
    """
    pointer = finding.pointer or ()
    if finding.code in (SUB_JOURNEY_CYCLE, ENDS_AT_PURCHASE):
        return True  # a step's `journey:` added or removed in another file
    if finding.code == DUPLICATE_ID and pointer == ("id",):
        return True  # another file took this document's id
    return finding.code == BROKEN_REFERENCE and (
        (len(pointer) == 2 and pointer[0] == "personas")
        or (len(pointer) == 3 and pointer[:2] in VOCABULARY_KEYS)
        or (len(pointer) == 5 and pointer[0] == "brand_attributes" and pointer[4] == "stage")
        or (len(pointer) == 5 and pointer[0] == "stages" and pointer[4] in LINK_KEYS)
        or pointer == ("based_on",)
        or (len(pointer) == 4 and pointer[0] == "opportunities" and pointer[2] in BACKLOG_KEYS)
        or (len(pointer) == 3 and pointer[0] == "opportunities" and pointer[2] == "metric")
        or not pointer
    )


LINK_KEYS = frozenset({"journey", "employee_step"})
VOCABULARY_KEYS = frozenset({("vocabulary", "personas"), ("vocabulary", "stages")})
BACKLOG_KEYS = frozenset({"addresses", "evidence"})


def _cycle_findings(workspace: Workspace) -> Iterator[Finding]:
    """One error per cycle of sub-journeys (``journey:`` on steps), at the step that closes it."""
    documents: dict[str, SourceDocument] = {}
    for document in workspace.of_kind("journey"):
        if isinstance(document.model, Journey):
            documents.setdefault(document.model.id, document)
    loaded = {key: document.model for key, document in documents.items()}
    journeys = workspace_journeys(workspace)
    for journey, pointer, cycle in sub_journey_cycles(journeys, loaded):  # type: ignore[arg-type]
        document = documents[journey.id]
        line, column = document.locate(pointer)
        where = document.describe(pointer)
        yield Finding(
            path=document.path,
            message=f"{where}: sub-journeys form a cycle: {cycle}",
            code=SUB_JOURNEY_CYCLE,
            category="reference",
            line=line,
            column=column,
            hint="A sub-journey zooms into a step; it cannot lead back to a journey "
            "that contains it. Remove one `journey:` link of the cycle.",
            pointer=document.original(pointer),
            where=where,
        )


def _journey_index(workspace: Workspace) -> JourneyIndex | None:
    """Journeys by id for backlog references (summarised ones included), or None when a
    journey file failed to load."""
    from journeymap.links import JourneyIndex

    if not workspace.complete("journey"):
        return None
    return JourneyIndex.of_workspace(workspace)


Problem = tuple[Pointer, str, str, Iterable[str], bool]
"""(pointer, what is referenced, the id, the ids that exist, point at the key?)."""


def _journey_references(
    journey: Journey,
    personas: set[str] | None,
    teams: set[str],
    *,
    steps: bool = True,
    metrics: bool = True,
) -> Iterator[Problem]:
    """``steps``/``metrics``: whether every step/metric of the journey loaded (a partial
    journey may have lost the one a `next:` or an objective names)."""
    for index, persona in enumerate(journey.personas if personas is not None else ()):
        if persona not in personas:
            yield ("personas", index), "persona", persona, personas, False
    step_ids = {step.id for _, _, _, step in journey.iter_steps()}
    for stage_index, step_index, _, step in journey.iter_steps() if steps else ():
        for target_index, target in enumerate(step.next):
            if target not in step_ids:
                pointer = ("stages", stage_index, "steps", step_index, "next", target_index)
                yield pointer, "step in this journey", target, step_ids, False
    metric_ids = journey.metric_ids()
    for index, objective in enumerate(journey.objectives if metrics else ()):
        if objective.metric is not None and objective.metric not in metric_ids:
            yield (
                ("objectives", index, "metric"),
                "metric in this journey",
                objective.metric,
                metric_ids,
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


class _Hints:
    """Fix hints that only suggest what would pass: existing ids, configured teams."""

    def __init__(self, workspace: Workspace) -> None:
        self.teams = dict(workspace.config.teams)
        self.segments = dict(workspace.config.segments)
        self.suggest = _Suggestions()
        from journeymap.discovery import display_path

        # Where a new persona file goes: the workspace's personas/ folder when it has
        # one (as the starter does), else the workspace folder itself.
        base = workspace.root
        if workspace.config_path is None and workspace.files:  # no config: the files' folder
            base = workspace.files[0].parent
        folder = base / "personas"
        shown = display_path(folder if folder.is_dir() else base)
        self.persona_folder = "" if shown == "." else shown.rstrip("/") + "/"

    def hint(self, what: str, target: str, known: Iterable[str]) -> str | None:
        from journeymap.schema_errors import closest_id

        if what.startswith("team"):
            close = closest_id(target, self.teams)
            return f"Did you mean {close!r}?" if close else _known("Teams", self.teams)
        if what.startswith("segment"):
            close = closest_id(target, self.segments)
            return f"Did you mean {close!r}?" if close else _known("Segments", self.segments)
        if what == SELF_BASE:
            return _known("Current-state journeys", known) if known else None
        close = self.suggest(target, known)
        if what == PERSONA_OF_JOURNEY:
            if close:
                return f"Did you mean {close!r}?"
            return f"Add {target!r} to the journey's `personas:` (or use one number for everyone)."
        if what == "persona":
            create = f"create {self.persona_folder}{target}.yaml (kind: persona, id: {target})"
            if close:
                return f"Did you mean {close!r}? Or {create}."
            if known:
                return f"{_known('Personas', known)}; or {create}."
            return f"No persona exists yet: {create}."
        return f"Did you mean {close!r}?" if close else None


def _known(what: str, ids: Iterable[str], limit: int = 12) -> str:
    ordered = sorted(ids)
    shown = ", ".join(ordered[:limit])
    more = f" and {len(ordered) - limit} more" if len(ordered) > limit else ""
    return f"{what} in this workspace: {shown}{more}"


def _finding(
    document: SourceDocument,
    hints: _Hints,
    pointer: Pointer,
    what: str,
    target: str,
    known: Iterable[str],
    at_key: bool,
) -> Finding:
    line, column = document.locate(pointer, key=at_key)
    where = document.describe(pointer)
    message = f"{where}: unknown {what} {target!r}"
    if what == FUTURE_BASE:
        message = (
            f"{where}: {target!r} is a future-state journey; `based_on` names the "
            "current-state journey that this future state redesigns"
        )
    elif what == SELF_BASE:
        message = (
            f"{where}: {target!r} is this journey itself; `based_on` names the "
            "current-state journey that this future state redesigns"
        )
    return Finding(
        path=document.path,
        message=message,
        code=BROKEN_REFERENCE,
        category="reference",
        line=line,
        column=column,
        hint=hints.hint(what, target, known),
        pointer=document.original(pointer),
        where=where,
    )
