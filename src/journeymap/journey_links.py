"""References between journeys: per-persona emotions, future states, employee steps, sub-journeys.

Called from :mod:`journeymap.references`, which turns each problem into a
located JM004 finding with a "did you mean". These references cross files
(``based_on: b2b-buyer``, ``employee_step: csm-onboarding/prepare-handover``,
``journey: security-review``), so they are judged against every journey of the
workspace; the sub-journey graph is also checked for cycles (JM006), because a
step that zooms into a journey that zooms back into it has no bottom.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from journeymap.model.base import split_reference
from journeymap.model.journey import Journey

Pointer = tuple[str | int, ...]
Problem = tuple[Pointer, str, str, list[str], bool]
"""(pointer, what is referenced, the value, the values that exist, point at the key?)."""

PERSONA_OF_JOURNEY = "persona of this journey (`personas:`)"
FUTURE_BASE = "current-state journey"
"""``based_on`` names a journey that exists but is itself a future state."""


@dataclass(frozen=True, slots=True)
class Journeys:
    """The journeys of a workspace by id, and those whose steps are all known.

    ``whole`` leaves out journeys whose file lost steps to schema errors: a step
    reference into them may name a step that was pruned, so it is not judged.
    """

    by_id: Mapping[str, Journey]
    whole: frozenset[str]


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


def link_problems(journey: Journey, journeys: Journeys | None) -> Iterator[Problem]:
    """``based_on``, ``employee_step`` and ``journey`` references that land nowhere.

    ``journeys`` is None when a journey file of the workspace failed to load:
    the missing ids may be in it, so nothing is judged then.
    """
    if journeys is None:
        return
    known = sorted(journeys.by_id)
    if journey.based_on is not None:
        base = journeys.by_id.get(journey.based_on)
        if base is None or base is journey:
            others = [other for other in known if other != journey.id]
            yield ("based_on",), "journey", journey.based_on, others, False
        elif base.state != "current":
            currents = [i for i, j in journeys.by_id.items() if j.state == "current"]
            yield ("based_on",), FUTURE_BASE, journey.based_on, currents, False
    for stage_index, step_index, _, step in journey.iter_steps():
        pointer: Pointer = ("stages", stage_index, "steps", step_index)
        if step.journey is not None and step.journey not in journeys.by_id:
            yield (*pointer, "journey"), "journey", step.journey, known, False
        if step.employee_step is not None:
            problem = _employee_step(step.employee_step, journeys)
            if problem is not None:
                yield (*pointer, "employee_step"), *problem


def _employee_step(reference: str, journeys: Journeys) -> tuple[str, str, list[str], bool] | None:
    journey_id, step_id = split_reference(reference)
    employee = {i for i, j in journeys.by_id.items() if j.audience == "employee"}
    target = journeys.by_id.get(journey_id)
    if target is None or journey_id not in employee:
        # Suggest whole references of the employee journeys, keeping the step id typed.
        known = sorted(f"{other}/{step_id}" for other in employee)
        what = "employee journey" if target is None else "employee journey (audience: employee)"
        return f"{what} in the step reference", reference, known, False
    if journey_id not in journeys.whole or step_id in target.step_ids():
        return None
    known = sorted(f"{journey_id}/{other}" for other in target.step_ids())
    return "step of the employee journey", reference, known, False


def sub_journey_cycles(journeys: Mapping[str, Journey]) -> Iterator[tuple[Journey, Pointer, str]]:
    """Steps whose ``journey:`` closes a cycle of sub-journeys: (journey, pointer, the cycle).

    Each cycle is reported once, at the step of the cycle's first journey (in
    workspace order) that leads back into it; a step that zooms into its own
    journey is a cycle of one.
    """
    edges: dict[str, list[tuple[Pointer, str]]] = {}
    for journey_id, journey in journeys.items():
        for stage_index, step_index, _, step in journey.iter_steps():
            if step.journey is not None and step.journey in journeys:
                pointer = ("stages", stage_index, "steps", step_index, "journey")
                edges.setdefault(journey_id, []).append((pointer, step.journey))
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in journeys:
        if state.get(start):
            continue
        # Iterative depth-first search: a workspace may chain thousands of journeys.
        path: list[str] = [start]
        stack: list[Iterator[tuple[Pointer, str]]] = [iter(edges.get(start, ()))]
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
                    shown = " → ".join([*cycle, target])
                    yield journeys[path[-1]], pointer, shown
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append(iter(edges.get(target, ())))
