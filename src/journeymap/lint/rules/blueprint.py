"""JM6xx blueprint: several personas, future states, and what happens behind the line of visibility.

A map drawn for a buying group records how each persona feels; a future-state
map must make the moments that decide loyalty better than today; a moment of
truth needs someone backstage who makes it work; and an employee journey is
mapped so that it can be tied to the customer moments its staff deliver.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.journey_links import dropped
from journeymap.lint.registry import LintContext, Problem, rule
from journeymap.model.journey import Journey, Step

EMOTION_MAX = 2


@rule(
    "JM601",
    "persona-emotion-missing",
    severity="warning",
    hint="Add the missing persona to the step's `emotion:` mapping, or use one number "
    "when every persona feels the same.",
    local=True,
)
def persona_emotion_missing(ctx: LintContext) -> Iterator[Problem]:
    """A persona of a multi-persona map has no emotion at a step where others have one.

    On a map drawn for a buying group, each persona gets its own emotion curve.
    A step that records how the director feels but not the manager leaves a gap
    in the manager's curve, and the workshop reads the gap as "no problem here".

    FAIL:

        personas: [social-media-manager, marketing-director]
        steps:
          - id: build-business-case
            name: Builds the business case
            emotion: {marketing-director: 1}

    PASS:

        personas: [social-media-manager, marketing-director]
        steps:
          - id: build-business-case
            name: Builds the business case
            emotion: {marketing-director: 1, social-media-manager: -1}
    """
    for document, journey in ctx.journeys:
        if len(journey.personas) < 2:
            continue
        for i, j, _, step in journey.iter_steps():
            if not isinstance(step.emotion, dict):
                continue
            missing = [p for p in journey.personas if p not in step.emotion]
            if missing:
                shown = ", ".join(repr(p) for p in missing)
                yield Problem(
                    document,
                    ("stages", i, "steps", j, "emotion"),
                    f"step {step.name!r} has no emotion for persona {shown}",
                    key=True,
                )


@rule(
    "JM602",
    "future-state-no-better",
    severity="warning",
    hint="Redesign the moment so that it feels better than today, or say in the step why "
    "it cannot (and drop `moment_of_truth` if it no longer decides loyalty).",
    cross_file=True,
    reads=("journey",),
)
def future_state_no_better(ctx: LintContext) -> Iterator[Problem]:
    """A moment of truth of a future-state map feels no better than in the current state.

    A future state is how a team sells change to the leadership: the moments
    that decide loyalty or churn are where it has to improve. A moment of truth
    that feels the same (or worse) as in the journey it is `based_on` (the same
    step id) has not been redesigned; one that already felt very positive
    (+2) may stay there. Per-persona emotions are compared persona by persona;
    one number counts for every persona.

    FAIL:

        state: future
        based_on: b2b-buyer       # where security-review is at emotion -2
        steps:
          - {id: security-review, name: Passes the security review, emotion: -2, moment_of_truth: true}

    PASS:

        state: future
        based_on: b2b-buyer
        steps:
          - {id: security-review, name: Passes the security review, emotion: 1, moment_of_truth: true}
    """
    by_id = {journey.id: journey for _, journey in reversed(ctx.journeys)}
    for document, journey in ctx.journeys:
        current = by_id.get(journey.based_on or "")
        if journey.state != "future" or current is None or current.state != "current":
            continue
        before = {step.id: step for _, _, _, step in current.iter_steps()}
        for i, j, _, step in journey.iter_steps():
            old = before.get(step.id)
            if not step.moment_of_truth or old is None:
                continue
            comparison = _no_better(old, step)
            if comparison:
                yield Problem(
                    document,
                    ("stages", i, "steps", j, "emotion" if step.emotion is not None else "id"),
                    f"moment of truth {step.name!r} is no better than in {current.id!r} "
                    f"({comparison})",
                )


def _no_better(old: Step, new: Step) -> str | None:
    """How the emotions compare, when no persona feels better; None when one does
    (or when there is nothing to compare)."""
    who: list[str | None] = [*sorted({*_personas(old), *_personas(new)})] or [None]
    pairs = [(p, old.emotion_of(p), new.emotion_of(p)) for p in who]
    compared = [(p, a, b) for p, a, b in pairs if a is not None and b is not None]
    if not compared or any(b > a or b == a == EMOTION_MAX for _, a, b in compared):
        return None
    return ", ".join(f"{p + ' ' if p else ''}{_signed(a)} → {_signed(b)}" for p, a, b in compared)


def _personas(step: Step) -> list[str]:
    return list(step.emotion) if isinstance(step.emotion, dict) else []


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


@rule(
    "JM603",
    "moment-of-truth-without-backstage",
    severity="info",
    hint="Add `backstage:` (what staff do out of the customer's sight) or `employee_step:` "
    "(the employee journey's step that delivers it).",
    local=True,
)
def moment_of_truth_without_backstage(ctx: LintContext) -> Iterator[Problem]:
    """A moment of truth has no backstage owner: no `backstage` and no `employee_step`.

    The moments that decide loyalty are delivered by people the customer never
    sees: the engineer who answers the security questionnaire, the CSM who
    prepares the hand-over. A service blueprint names them, so that the moment
    has someone behind it and the employee journey can be tied to it.

    FAIL:

        - {id: security-review, name: Passes the security review, moment_of_truth: true}

    PASS:

        - id: security-review
          name: Passes the security review
          moment_of_truth: true
          backstage: [Security engineer answers the questionnaire within two days]
    """
    for document, journey in ctx.journeys:
        if journey.audience != "customer":
            continue
        for i, j, _, step in journey.iter_steps():
            if step.moment_of_truth and not step.backstage and step.employee_step is None:
                yield Problem(
                    document,
                    ("stages", i, "steps", j, "moment_of_truth"),
                    f"moment of truth {step.name!r} has no backstage owner "
                    "(no `backstage` and no `employee_step`)",
                    key=True,
                )


@rule(
    "JM604",
    "employee-journey-unlinked",
    severity="info",
    hint="Link the customer steps that this journey's staff deliver with "
    "`employee_step: <employee-journey-id>/<step-id>`.",
    cross_file=True,
    reads=("journey",),
)
def employee_journey_unlinked(ctx: LintContext) -> Iterator[Problem]:
    """No customer journey links to any step of this employee journey.

    The employee journey is mapped so that what staff live through can be tied
    to the customer moments they deliver (a CSM's hand-over preparation is the
    customer's first week). With no `employee_step` pointing into it, the map
    stands alone and that connection is never made. Only judged in a workspace
    that has customer journeys.

    FAIL:

        # journeys/csm-onboarding.yaml: audience: employee, and no customer step
        # has employee_step: csm-onboarding/...

    PASS:

        # journeys/b2b-buyer.yaml
        - id: kickoff
          name: Joins the kick-off call
          employee_step: csm-onboarding/prepare-handover
    """
    if not ctx.all_journeys.has_customer_journeys:
        return
    linked = ctx.all_journeys.linked_employee_journeys
    for document, journey in ctx.journeys:
        if journey.audience == "employee" and journey.id not in linked and _has_steps(journey):
            yield Problem(
                document,
                ("id",),
                f"no customer journey links to a step of employee journey {journey.id!r} "
                "(`employee_step:`)",
            )


def _has_steps(journey: Journey) -> bool:
    return any(stage.steps for stage in journey.stages)


@rule(
    "JM605",
    "based-on-without-future-state",
    severity="warning",
    hint="Add `state: future` (a future state redesigns the journey it is based on), or "
    "remove `based_on`.",
    local=True,
)
def based_on_without_future_state(ctx: LintContext) -> Iterator[Problem]:
    """A current-state map names a `based_on` journey.

    `based_on` says which current-state journey a future state redesigns. On a
    map without `state: future` it is usually a forgotten line: the map is
    drawn and diffed as the as-is journey and the comparison never happens.

    FAIL:

        id: b2b-buyer-2027
        based_on: b2b-buyer

    PASS:

        id: b2b-buyer-2027
        state: future
        based_on: b2b-buyer
    """
    for document, journey in ctx.journeys:
        if journey.based_on is not None and journey.state != "future":
            yield Problem(
                document,
                ("based_on",),
                f"`based_on: {journey.based_on}` on a current-state map; "
                "only a future state is based on another journey",
                key=True,
            )


@rule(
    "JM606",
    "future-state-without-based-on",
    severity="warning",
    hint="Add `based_on:` with the id of the current-state journey this map redesigns.",
    local=True,
)
def future_state_without_based_on(ctx: LintContext) -> Iterator[Problem]:
    """A future-state map does not say which current-state journey it redesigns.

    A future state is read against today's journey: JM602 checks that its moments
    of truth feel better, and `journeymap diff --current-future` shows what the
    redesign changes. Without `based_on` neither can happen, and the diff refuses
    the map.

    FAIL:

        id: b2b-buyer-2027
        state: future

    PASS:

        id: b2b-buyer-2027
        state: future
        based_on: b2b-buyer
    """
    for document, journey in ctx.journeys:
        # A `based_on` that is there but invalid was pruned: its schema error says so.
        if (
            journey.state == "future"
            and journey.based_on is None
            and not dropped(document, "based_on")
        ):
            yield Problem(
                document,
                ("state",),
                "a future-state map without `based_on`: name the current-state journey "
                "it redesigns",
                key=True,
            )
