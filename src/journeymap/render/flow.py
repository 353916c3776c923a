"""The shape of a journey as a graph: which step follows which, and the happy path.

Every renderer needs the same answer to "where does the customer go next?", so
it is computed once here. A step's successors are its ``next`` ids, or (without
``next``) the following step in map order. The **happy path** starts at the
first step and follows the *first* successor of each step until it ends or loops:
authors list the main branch first (``next: [start-trial, shelve-evaluation]``).
Everything else (shelved evaluations, budget freezes, loops back to the start) is
an alternative path and is drawn differently.

Unknown ``next`` ids are skipped: ``journeymap validate`` reports them, and a
handout should still render while a map is being edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.model.journey import Journey, Stage, Step


@dataclass(frozen=True, slots=True)
class FlowStep:
    """A step with its place in the map (``number`` is 1-based, as printed on the handout)."""

    number: int
    stage_index: int
    stage: Stage
    step: Step
    on_happy_path: bool
    successors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    """A possible move from one step to another."""

    source: str
    target: str
    happy: bool
    """On the happy path (drawn solid and bold)."""
    backward: bool
    """Goes back to an earlier step (a loop): drawn without pulling the layout back."""


@dataclass(slots=True)
class Flow:
    """All steps in map order, the edges between them, and lookups by id."""

    steps: list[FlowStep] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    by_id: dict[str, FlowStep] = field(default_factory=dict)

    @property
    def branching(self) -> bool:
        """Whether the journey has alternatives or loops (and deserves a flowchart)."""
        return any(not edge.happy for edge in self.edges)


def journey_flow(journey: Journey) -> Flow:
    """Compute steps, edges and the happy path in linear time (maps can have 1,000+ steps)."""
    ordered = list(journey.iter_steps())
    position = {step.id: index for index, (_, _, _, step) in enumerate(ordered)}
    successors: list[tuple[str, ...]] = []
    for index, (_, _, _, step) in enumerate(ordered):
        if step.next:
            targets = tuple(dict.fromkeys(t for t in step.next if t in position))
        elif index + 1 < len(ordered):
            targets = (ordered[index + 1][3].id,)
        else:
            targets = ()
        successors.append(targets)

    happy_edges: set[tuple[str, str]] = set()
    happy_steps: set[str] = set()
    current = 0 if ordered else None
    while current is not None:
        step_id = ordered[current][3].id
        if step_id in happy_steps:
            break
        happy_steps.add(step_id)
        targets = successors[current]
        if not targets or targets[0] in happy_steps:
            break
        happy_edges.add((step_id, targets[0]))
        current = position[targets[0]]

    flow = Flow()
    for index, (stage_index, _, stage, step) in enumerate(ordered):
        flow_step = FlowStep(
            number=index + 1,
            stage_index=stage_index,
            stage=stage,
            step=step,
            on_happy_path=step.id in happy_steps,
            successors=successors[index],
        )
        flow.steps.append(flow_step)
        flow.by_id[step.id] = flow_step
        for target in successors[index]:
            flow.edges.append(
                Edge(
                    source=step.id,
                    target=target,
                    happy=(step.id, target) in happy_edges,
                    backward=position[target] <= index,
                )
            )
    return flow
