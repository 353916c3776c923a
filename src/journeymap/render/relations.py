"""How a handout refers to other journeys: employee steps, sub-journeys and the current state.

A step's ``employee_step`` (``employee-csm/inherits-book``) and ``journey``
(``security-review``) point into other maps, and a future state's ``based_on``
names the map it redesigns. A single handout shows them as text ("Employee
journey: <title> › <step>", "Zooms into: <title>"); the workspace site passes
``links`` (journey id → relative page) and they become real links, with a
``#step-<id>`` anchor for an employee step. A reference that lands nowhere
(``validate`` reports it) is shown with its ids and no link.

The future state's "What changes" list is :func:`journeymap.diff.current_future`
(what ``journeymap diff --current-future`` reports), narrowed to the kinds a
leadership team asks about: steps added, removed and moved, and emotions that
improve or worsen. It is not a second comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap.diff.model import CATEGORIES
from journeymap.model.base import split_reference
from journeymap.model.journey import Journey, Step
from journeymap.render.curve import Curve, CurvePoint
from journeymap.render.flow import Flow
from journeymap.render.perspective import PersonaStyle

if TYPE_CHECKING:
    from journeymap.diff.model import Change
    from journeymap.workspace import Workspace

WHAT_CHANGES: frozenset[str] = frozenset(
    {
        "stage-added",
        "stage-removed",
        "stage-moved",
        "step-added",
        "step-removed",
        "step-moved",
        "step-reordered",
        "emotion-improved",
        "emotion-worsened",
    }
)
"""Change kinds of the future-state handout's "What changes" list."""
CATEGORY_HEADINGS: dict[str, str] = {
    "added": "Added",
    "removed": "Removed",
    "moved": "Moved",
    "emotion-improved": "Emotions that improve",
    "emotion-worsened": "Emotions that worsen",
}


@dataclass(frozen=True, slots=True)
class StepLink:
    """A reference from a step to another journey, as the handout prints it."""

    label: str
    """``Employee journey`` or ``Zooms into``."""
    text: str
    """``<journey title> › <step name>`` or ``<journey title>`` (ids when unknown)."""
    href: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    heading: str
    category: str
    changes: list[Change]


@dataclass(slots=True)
class FutureView:
    """What a future-state handout adds: its current state and what changes."""

    current: Journey | None
    based_on: str
    href: str | None = None
    groups: list[ChangeGroup] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.current.title if self.current is not None else self.based_on

    @property
    def changes(self) -> list[Change]:
        return [change for group in self.groups for change in group.changes]


def _journeys(workspace: Workspace) -> dict[str, Journey]:
    return {
        document.id: document.model
        for document in workspace.of_kind("journey")
        if isinstance(document.model, Journey)
    }


def step_links(
    workspace: Workspace, journey: Journey, links: Mapping[str, str] | None = None
) -> dict[str, list[StepLink]]:
    """Step id → its references to other journeys (employee step first)."""
    journeys = _journeys(workspace)
    links = links or {}
    found: dict[str, list[StepLink]] = {}
    for _, _, _, step in journey.iter_steps():
        refs = []
        if step.employee_step:
            refs.append(_employee_link(step.employee_step, journeys, links))
        if step.journey:
            target = journeys.get(step.journey)
            title = target.title if target is not None else step.journey
            href = links.get(step.journey) if target is not None else None
            refs.append(StepLink("Zooms into", title, href))
        if refs:
            found[step.id] = refs
    return found


def _employee_link(
    reference: str, journeys: Mapping[str, Journey], links: Mapping[str, str]
) -> StepLink:
    journey_id, step_id = split_reference(reference)
    target = journeys.get(journey_id)
    step = _step(target, step_id) if target is not None else None
    if target is None or step is None:
        return StepLink("Employee journey", f"{journey_id} › {step_id}")
    page = links.get(journey_id)
    return StepLink(
        "Employee journey",
        f"{target.title} › {step.name}",
        f"{page}#step-{step_id}" if page else None,
    )


def _step(journey: Journey, step_id: str) -> Step | None:
    return next((step for _, _, _, step in journey.iter_steps() if step.id == step_id), None)


def what_changes(workspace: Workspace, future: Journey) -> list[Change]:
    """The changes of ``journeymap diff --current-future`` that the handout lists."""
    from journeymap.diff import current_future

    result = current_future(workspace, future.id)
    return [change for change in result.changes if change.kind in WHAT_CHANGES]


def future_view(
    workspace: Workspace, journey: Journey, links: Mapping[str, str] | None = None
) -> FutureView | None:
    """The current state and the changes of a future-state map (None for a current one).

    A ``based_on`` that does not resolve (``validate`` reports it) still labels
    the map as a future state, without a curve or a change list."""
    if journey.state != "future" or not journey.based_on:
        return None
    from journeymap.findings import InputError

    current = _journeys(workspace).get(journey.based_on)
    if current is None or current is journey or current.state != "current":
        return FutureView(None, journey.based_on)
    try:
        changes = what_changes(workspace, journey)
    except InputError:  # e.g. two journeys share the id: nothing reliable to compare
        return FutureView(None, journey.based_on)
    groups = [
        ChangeGroup(
            CATEGORY_HEADINGS[category],
            category,
            [change for change in changes if change.category == category],
        )
        for category in CATEGORIES
        if category in CATEGORY_HEADINGS
    ]
    return FutureView(
        current,
        journey.based_on,
        (links or {}).get(journey.based_on),
        [group for group in groups if group.changes],
    )


def current_curves(
    current: Journey, flow: Flow, styles: Sequence[PersonaStyle], persona: str | None = None
) -> list[Curve]:
    """The current state's curve(s) over the future map's steps (matched by id), dashed.

    Each future step's slot shows the same step's emotion today; a new step has
    no point (the dashed line breaks there). With ``styles``, one current curve
    per persona in its marker; ``persona`` (``render --persona``) draws that
    persona's current curve.
    """
    today = {step.id: step for _, _, _, step in current.iter_steps()}

    def points(emotion_of: Callable[[Step], int | None]) -> list[CurvePoint]:
        out = []
        for item in flow.steps:
            step = today.get(item.step.id)
            label = f"{item.number}. {(step or item.step).name}, today"
            value = emotion_of(step) if step is not None else None
            # an alternative step stays off the line, as on the future state's own curve
            out.append(CurvePoint(label, value, alternative=not item.on_happy_path))
        return out

    if styles:
        return [
            Curve(
                f"{style.name}, current state",
                points(style.emotion),
                css_class=f"curve-before curve-before-{style.id} curve-style-{style.index}",
                shape=style.shape,
                nudge=style.nudge(len(styles)),
                legend=True,
            )
            for style in styles
        ]
    return [
        Curve(
            f"Current state: {current.title}",
            points(
                (lambda step: step.emotion_of(persona))
                if persona is not None
                else (lambda step: step.lowest_emotion())
            ),
            css_class="curve-before",
            shape="round",
            legend=True,
        )
    ]
