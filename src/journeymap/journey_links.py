"""References between journeys: per-persona emotions, future states, employee steps, sub-journeys.

Called from :mod:`journeymap.references`, which turns each problem into a
located JM004 finding with a "did you mean". These references cross files
(``based_on: b2b-buyer``, ``employee_step: csm-onboarding/prepare-handover``,
``journey: security-review``), so they are judged against every journey of the
workspace; the sub-journey graph is also checked for cycles (JM006), because a
step that zooms into a journey that zooms back into it has no bottom.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from journeymap.findings import DUPLICATE_ID
from journeymap.model.base import split_reference
from journeymap.model.journey import Journey

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.summary import Summary
    from journeymap.workspace import Workspace

Pointer = tuple[str | int, ...]
Problem = tuple[Pointer, str, str, list[str], bool]
"""(pointer, what is referenced, the value, the values that exist, point at the key?)."""

PERSONA_OF_JOURNEY = "persona of this journey (`personas:`)"
FUTURE_BASE = "current-state journey"
"""``based_on`` names a journey that exists but is itself a future state."""
SELF_BASE = "journey other than itself"
"""``based_on`` names the journey it is written in."""


@dataclass(frozen=True, slots=True)
class JourneyFacts:
    """What other journeys' links need of a journey, from its model or its summary."""

    id: str
    state: str
    audience: str
    steps: frozenset[str] | None
    """An employee journey's step ids; None when schema errors pruned some (a reference
    into it is then not judged)."""
    sub_journeys: tuple[str, ...]
    employee_links: tuple[str, ...]

    @classmethod
    def of(cls, journey: Journey, *, whole: bool = True) -> JourneyFacts:
        steps = [step for _, _, _, step in journey.iter_steps()]
        return cls(
            journey.id,
            journey.state,
            journey.audience,
            # Only employee steps are link targets: other journeys' ids are not kept.
            None if not whole else frozenset(s.id for s in steps if journey.audience == "employee"),
            tuple(step.journey for step in steps if step.journey is not None),
            tuple(step.employee_step for step in steps if step.employee_step is not None),
        )

    @classmethod
    def summarised(cls, summary: Summary) -> JourneyFacts:
        """Built once per summary: a streamed run asks again for every batch."""
        if summary.facts is None:
            summary.facts = cls._summarised(summary)
        assert isinstance(summary.facts, JourneyFacts)
        return summary.facts

    @classmethod
    def _summarised(cls, summary: Summary) -> JourneyFacts:
        return cls(
            summary.id or "",
            summary.state,
            summary.audience,
            None if summary.steps is None else frozenset(summary.steps),
            tuple(summary.sub_journeys),
            tuple(summary.employee_links),
        )


@dataclass(frozen=True)
class Journeys:
    """Every journey of a workspace by id (the first of a duplicated id), loaded in full
    or (under pre-commit) summarised, in file order.

    The derived sets are built once, on first use: every step of thousands of maps
    may ask for them."""

    by_id: Mapping[str, JourneyFacts]

    @cached_property
    def ids(self) -> list[str]:
        return sorted(self.by_id)

    @cached_property
    def employee(self) -> set[str]:
        """Ids of the employee journeys (the targets of ``employee_step``)."""
        return {i for i, facts in self.by_id.items() if facts.audience == "employee"}

    @cached_property
    def _step_references(self) -> dict[str, list[str]]:
        return {}

    def step_references(self, journey_id: str) -> list[str]:
        """``journey-id/step-id`` of every step of an employee journey (for "did you mean"):
        one list per journey, so thousands of typos into it share one sorted list."""
        found = self._step_references.get(journey_id)
        if found is None:
            steps = self.by_id[journey_id].steps or ()
            found = self._step_references[journey_id] = sorted(f"{journey_id}/{s}" for s in steps)
        return found

    @cached_property
    def sub_journeys(self) -> set[str]:
        """Journeys that some step zooms into."""
        return {target for facts in self.by_id.values() for target in facts.sub_journeys}

    @cached_property
    def linked_employee_journeys(self) -> set[str]:
        """Employee journeys that a customer journey's ``employee_step`` points into."""
        return {
            split_reference(reference)[0]
            for facts in self.by_id.values()
            if facts.audience == "customer"
            for reference in facts.employee_links
        }

    @cached_property
    def has_customer_journeys(self) -> bool:
        return any(facts.audience == "customer" for facts in self.by_id.values())


def workspace_journeys(workspace: Workspace) -> Journeys:
    """The journeys of ``workspace``, summarised files included, ordered by file path so
    that a pre-commit run (targets loaded, the rest summarised) sees the same order as a
    full run. Built once per workspace."""
    if workspace.links is None:
        workspace.links = _journeys(workspace)
    return workspace.links


def _journeys(workspace: Workspace) -> Journeys:
    return journeys_of(workspace.of_kind("journey"), workspace.others)


def journeys_of(documents: Iterable[SourceDocument], summaries: Iterable[Summary]) -> Journeys:
    """The journeys among loaded ``documents`` and ``summaries`` (see ``workspace_journeys``)."""
    found: list[tuple[str, JourneyFacts]] = []
    for document in documents:
        if isinstance(document.model, Journey):
            whole = not dropped(document, "steps", "stages")
            found.append((document.path, JourneyFacts.of(document.model, whole=whole)))
    for summary in summaries:
        if summary.kind == "journey" and summary.id is not None:
            found.append((summary.file or summary.path, JourneyFacts.summarised(summary)))
    by_id: dict[str, JourneyFacts] = {}
    for _, facts in sorted(found, key=lambda item: item[0]):
        by_id.setdefault(facts.id, facts)
    return Journeys(by_id)


def dangling_links(workspace: Workspace) -> bool:
    """Whether a summarised file (one pre-commit does not check) links to a persona, a
    journey or a stage that is not there: renaming or deleting it in a checked file broke
    that file (a messaging file's vocabulary and brand actions name stages). Also when
    a cycle of sub-journeys closes in a summarised journey, a summarised journey that
    ends at the sale is no sub-journey (JM101; a checked file may have dropped the link),
    or two files hold one document id (JM003 is reported on both).
    A backlog's links are judged by ``backlog_references.dangling_backlog_links``; a data
    file is read in every run, so its broken rows need no full load.

    The same links that ``breaks_a_link`` keeps from other files in a full load, judged
    from the summaries; the caller then loads every file to say where each one is.
    """
    personas = workspace.ids("persona") if workspace.complete("persona") else None
    links = workspace_journeys(workspace)
    journeys = links if workspace.complete("journey") else None
    stages = workspace.stage_ids() if journeys is not None and not stages_lost(workspace) else None
    from journeymap.backlog_references import dangling_backlog_links

    if dangling_backlog_links(workspace) or _cycle_closed_elsewhere(workspace):
        return True
    if workspace.duplicated or any(
        f.code == DUPLICATE_ID and f.pointer == ("id",) for f in workspace.findings
    ):
        return True  # two files hold one id: a full load tells both
    for summary in workspace.others:
        if personas is not None and not personas.issuperset(summary.personas):
            return True
        if summary.kind == "messaging" and not (stages is None or stages >= set(summary.stages)):
            return True
        if summary.ends_at_sale and summary.id not in links.sub_journeys:
            return True  # JM101: no journey zooms into it (any more)
        if journeys is None or summary.kind != "journey":
            continue
        base = journeys.by_id.get(summary.based_on) if summary.based_on is not None else None
        if summary.based_on is not None and (
            base is None or summary.based_on == summary.id or base.state != "current"
        ):
            return True
        if any(target not in journeys.by_id for target in summary.sub_journeys):
            return True
        if any(_employee_step(link, journeys) for link in summary.employee_links):
            return True
    return False


def _cycle_closed_elsewhere(workspace: Workspace) -> bool:
    """Whether a cycle of sub-journeys closes at a step of a summarised journey: a link
    added in a checked file can close it there, where only a full load can say where."""
    loaded: dict[str, Journey] = {}
    for document in workspace.of_kind("journey"):
        if isinstance(document.model, Journey):
            loaded.setdefault(document.model.id, document.model)
    journeys = workspace_journeys(workspace)
    return any(pointer is None for _, pointer, _ in _cycles(journeys, loaded))


def stages_lost(workspace: Workspace) -> bool:
    """Whether schema errors pruned a stage of some journey (loaded or summarised): the
    stage ids are then incomplete, so references to stages are not judged."""
    if workspace.totals is not None:
        return workspace.totals.lost_stages
    return any(dropped(document, "stages") for document in workspace.of_kind("journey")) or any(
        summary.lost_stages for summary in workspace.others
    )


def dropped(document: SourceDocument, *keys: str) -> bool:
    """Whether pruning removed a ``keys`` list or one of its items (a step, a stage…)."""
    if document.pruning is None:
        return False
    return any(
        (len(pointer) >= 2 and pointer[-2] in keys and isinstance(pointer[-1], int))
        or (bool(pointer) and pointer[-1] in keys)
        for pointer in document.pruning.removed
    )


def persona_emotion_problems(journey: Journey) -> Iterator[Problem]:
    """Keys of per-persona emotions that are not personas of the journey."""
    personas = list(journey.personas)
    for stage_index, step_index, _, step in journey.iter_steps():
        if not isinstance(step.emotion, dict):
            continue
        for persona in step.emotion:
            if persona not in personas:
                pointer = ("stages", stage_index, "steps", step_index, "emotion", persona)
                yield pointer, PERSONA_OF_JOURNEY, persona, personas, True


def _currents(journeys: Journeys) -> list[str]:
    """The current-state journeys, for the hint of a ``based_on`` that names none (made
    only then: a workspace of thousands of future states checks every ``based_on``)."""
    return [i for i, j in journeys.by_id.items() if j.state == "current"]


def link_problems(journey: Journey, journeys: Journeys | None) -> Iterator[Problem]:
    """``based_on``, ``employee_step`` and ``journey`` references that land nowhere.

    ``journeys`` is None when a journey file of the workspace failed to load:
    the missing ids may be in it, so nothing is judged then.
    """
    if journeys is None:
        return
    if journey.based_on is not None:
        base = journeys.by_id.get(journey.based_on)
        if journey.based_on == journey.id:
            yield ("based_on",), SELF_BASE, journey.based_on, _currents(journeys), False
        elif base is None:
            others = [other for other in journeys.ids if other != journey.id]
            yield ("based_on",), "journey", journey.based_on, others, False
        elif base.state != "current":
            yield ("based_on",), FUTURE_BASE, journey.based_on, _currents(journeys), False
    for stage_index, step_index, _, step in journey.iter_steps():
        pointer: Pointer = ("stages", stage_index, "steps", step_index)
        if step.journey is not None and step.journey not in journeys.by_id:
            yield (*pointer, "journey"), "journey", step.journey, journeys.ids, False
        if step.employee_step is not None:
            problem = _employee_step(step.employee_step, journeys)
            if problem is not None:
                yield (*pointer, "employee_step"), *problem


def _employee_step(reference: str, journeys: Journeys) -> tuple[str, str, list[str], bool] | None:
    journey_id, step_id = split_reference(reference)
    target = journeys.by_id.get(journey_id)
    if target is None or journey_id not in journeys.employee:
        # Suggest whole references of the employee journeys, keeping the step id typed.
        known = sorted(f"{other}/{step_id}" for other in journeys.employee)
        what = "employee journey" if target is None else "employee journey (audience: employee)"
        return f"{what} in the step reference", reference, known, False
    if target.steps is None or step_id in target.steps:
        return None
    return "step of the employee journey", reference, journeys.step_references(journey_id), False


def sub_journey_cycles(
    journeys: Journeys, loaded: Mapping[str, Journey]
) -> Iterator[tuple[Journey, Pointer, str]]:
    """Steps whose ``journey:`` closes a cycle of sub-journeys: (journey, pointer, the cycle).

    Each cycle is reported once, at the step of the cycle's first journey (in file
    order) that leads back into it; a step that zooms into its own journey is a
    cycle of one. A cycle closed in a summarised file (not being checked) is not
    reported, as a full run would report it in that file.
    """
    if not any(step.journey for model in loaded.values() for *_, step in model.iter_steps()):
        return  # only a loaded step can be reported, and none zooms into a sub-journey
    for closer, pointer, shown in _cycles(journeys, loaded):
        if pointer is not None:
            yield loaded[closer], pointer, shown


def _cycles(
    journeys: Journeys, loaded: Mapping[str, Journey]
) -> Iterator[tuple[str, Pointer | None, str]]:
    """(the journey whose step closes it, that step's ``journey`` pointer, the cycle) of
    each cycle, once; the pointer is None when the journey is only summarised."""
    edges: dict[str, list[tuple[Pointer | None, str]]] = {}
    for journey_id, facts in journeys.by_id.items():
        model = loaded.get(journey_id)
        if model is not None:
            edges[journey_id] = [
                (("stages", i, "steps", j, "journey"), step.journey)
                for i, j, _, step in model.iter_steps()
                if step.journey is not None and step.journey in journeys.by_id
            ]
        else:
            edges[journey_id] = [(None, t) for t in facts.sub_journeys if t in journeys.by_id]
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in journeys.by_id:
        if state.get(start):
            continue
        # Iterative depth-first search: a workspace may chain thousands of journeys.
        path: list[str] = [start]
        stack: list[Iterator[tuple[Pointer | None, str]]] = [iter(edges[start])]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            pointer, target = following
            if state.get(target) == 1:
                cycle = path[path.index(target) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    yield path[-1], pointer, " → ".join([*cycle, target])
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges[target]))
