"""JM1xx structure: does the map cover the whole journey, per persona, as a path a customer can walk?"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from journeymap.journey_links import dropped
from journeymap.lint.registry import LintContext, Problem, rule
from journeymap.lint.similar import MAX_CHARS, first_similar
from journeymap.model.journey import AUDIENCE_PHASES, POST_PURCHASE_PHASES, Journey


@rule(
    "JM101",
    "journey-ends-at-purchase",
    severity="error",
    hint="Add the stages after the sale (receive, use, support, renewal, advocacy) with "
    "`phase: post-purchase` or `phase: advocacy` (employee maps: employment, advocacy).",
)
def journey_ends_at_purchase(ctx: LintContext) -> Iterator[Problem]:
    """The journey stops at the purchase: no stage is in a post-purchase or advocacy phase.

    Analysts describe a journey as buy → own → advocate, and the most common
    failure is a map that stops at the sale and leaves out onboarding, support,
    renewal and advocacy, where loyalty and churn are decided. A customer map
    needs at least one stage with `phase: post-purchase` or `phase: advocacy`;
    an employee map (`audience: employee`) one with `phase: employment` or
    `phase: advocacy`. Stages without a `phase` do not count. A sub-journey (one
    that a step links with `journey:`) zooms into that step, so it is not held
    to this; a map that loses its last such link is reported where it is, also
    by a pre-commit run that checks only the map that dropped the link.

    FAIL:

        stages:
          - {id: need, name: Need something, phase: pre-purchase}
          - {id: decide-and-buy, name: Decide & buy, phase: purchase}

    PASS:

        stages:
          - {id: need, name: Need something, phase: pre-purchase}
          - {id: decide-and-buy, name: Decide & buy, phase: purchase}
          - {id: install-use, name: Install / use, phase: post-purchase}
    """
    sub_journeys = ctx.all_journeys.sub_journeys
    for document, journey in ctx.journeys:
        if journey.id in sub_journeys or journey.goes_past_sale():
            continue
        names = " or ".join(sorted(POST_PURCHASE_PHASES[journey.audience]))
        if journey.stages and all(stage.phase is None for stage in journey.stages):
            message = f"no stage has a `phase`, so nothing shows the journey goes past the {_sale(journey)} ({names})"
        else:
            message = f"the journey ends at the {_sale(journey)}: no stage is in the {names} phase"
        yield Problem(document, _stages_key(journey), message, key=True)


def _sale(journey: Journey) -> str:
    return "hire" if journey.audience == "employee" else "purchase"


def _stages_key(journey: Journey) -> tuple[str, ...]:
    return ("stages",) if "stages" in journey.model_fields_set else ("id",)


@rule(
    "JM102",
    "journey-without-persona",
    severity="warning",
    hint="List the persona ids this map is for under `personas:` (one map per persona "
    "is the usual practice).",
    local=True,
)
def journey_without_persona(ctx: LintContext) -> Iterator[Problem]:
    """A journey names no persona.

    A journey map is drawn for someone: practitioners make one map per core
    persona, because needs, channels and moments of truth differ between them.
    A map without `personas:` usually mixes several people into an average
    customer that does not exist.

    FAIL:

        kind: journey
        id: buyer
        title: Buyer journey
        personas: []

    PASS:

        kind: journey
        id: buyer
        title: Buyer journey
        personas: [social-media-manager]
    """
    for document, journey in ctx.journeys:
        if not journey.personas:
            # An invalid `personas:` was pruned: pointing at it keeps the rule quiet there.
            written = "personas" in journey.model_fields_set or dropped(document, "personas")
            pointer = ("personas",) if written else ("id",)
            yield Problem(document, pointer, "the journey names no persona", key=True)


@rule(
    "JM103",
    "unused-persona",
    severity="warning",
    hint="Add the persona to the `personas:` of the journey drawn for it, draw its "
    "journey, or remove the persona.",
    cross_file=True,
    reads=("journey",),
)
def unused_persona(ctx: LintContext) -> Iterator[Problem]:
    """A persona that no journey of the workspace is drawn for.

    Personas exist to be mapped: a persona without a journey is research that
    nobody acts on, or a leftover after a rename. The rule only runs when the
    workspace has at least one journey and every file loaded, so checking a
    persona file on its own, or a workspace with a broken journey, stays quiet.

    FAIL (no journey lists `it-admin`):

        kind: persona
        id: it-admin
        name: Ira, IT admin

    PASS:

        kind: journey
        id: security-review
        personas: [it-admin]
    """
    if not ctx.workspace.ids("journey"):
        return
    used = ctx.workspace.used_personas()
    if used - ctx.workspace.ids("persona"):
        return  # a journey names a persona that does not exist (JM004): likely this one
    for document, persona in ctx.personas:
        if persona.id not in used:
            yield Problem(document, ("id",), f"no journey is drawn for persona {persona.id!r}")


@rule(
    "JM104",
    "empty-stage",
    severity="warning",
    hint="Add the steps customers take in this stage, or remove the stage.",
    local=True,
)
def empty_stage(ctx: LintContext) -> Iterator[Problem]:
    """A stage has no steps.

    A stage is where the customer does something: the steps carry the
    touchpoints, channels, emotions and pain points. An empty stage is usually a
    placeholder from a template that the research never filled in.

    FAIL:

        stages:
          - {id: receive, name: Receive order, phase: post-purchase}

    PASS:

        stages:
          - id: receive
            name: Receive order
            phase: post-purchase
            steps:
              - {id: welcome-email, name: Gets the welcome email}
    """
    for document, journey in ctx.journeys:
        for index, stage in enumerate(journey.stages):
            if not stage.steps:
                yield Problem(document, ("stages", index), f"stage {stage.id!r} has no steps")


@rule(
    "JM105",
    "unreachable-step",
    severity="error",
    hint="Add the step's id to a `next:` list, fix the `next:` that skips it, or give it "
    "a `trigger:` when a life event starts the journey there.",
)
def unreachable_step(ctx: LintContext) -> Iterator[Problem]:
    """A step that the customer can never reach by following `next`.

    The journey starts at its first step and at every step with a `trigger:`
    (a life event or sudden trigger can start a journey mid-way). From a step,
    the customer goes to the steps in its `next:` list or, without `next:`, to
    the following step in the map. A step that cannot be reached that way is
    usually a `next:` that skips it by mistake. A `next:` id that names no step
    is reported once, as JM004; here it leads to the closest step id (or to the
    following step), so one typo does not make the rest of the map unreachable.

    FAIL (`compare` is skipped):

        steps:
          - {id: notice, name: Notices the gap, next: [buy]}
          - {id: compare, name: Compares tools}
          - {id: buy, name: Buys}

    PASS:

        steps:
          - {id: notice, name: Notices the gap, next: [compare, buy]}
          - {id: compare, name: Compares tools}
          - {id: buy, name: Buys}
    """
    for document, journey in ctx.journeys:
        steps = [(i, j, step) for i, j, _, step in journey.iter_steps()]
        if not steps:
            continue
        position = {step.id: index for index, (_, _, step) in enumerate(steps)}
        starts = [0, *(k for k, (_, _, step) in enumerate(steps) if step.trigger)]
        seen = set(starts)
        queue = deque(starts)
        while queue:
            current = queue.popleft()
            step = steps[current][2]
            if step.next:
                targets = [_position(target, position, current) for target in step.next]
            else:
                targets = [current + 1] if current + 1 < len(steps) else []
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        for k, (i, j, step) in enumerate(steps):
            if k not in seen:
                yield Problem(
                    document,
                    ("stages", i, "steps", j),
                    f"step {step.id!r} cannot be reached: no step leads to it "
                    "and it has no `trigger`",
                )


def _position(target: str, position: dict[str, int], current: int) -> int:
    """Where a `next:` id leads. An id that names no step is reported once, as JM004; here
    it counts as the closest step id (what the JM004 hint suggests) or, with none close,
    as the following step, so one typo does not make the rest of the map unreachable."""
    if target in position:
        return position[target]
    from rapidfuzz import fuzz, process

    close = process.extractOne(target, list(position), scorer=fuzz.ratio, score_cutoff=60)
    return position[close[0]] if close else min(current + 1, len(position) - 1)


_WORDS = re.compile(r"[^\w]+")
_ASCII_WORDS = bytes(
    (ord(chr(code).lower()) if chr(code).isalnum() or chr(code) == "_" else 32)
    if code < 128
    else code
    for code in range(256)
)
"""For ``bytes.translate``: an ASCII word character lower-cased, any other one a space."""


def _normalise(name: str) -> str:
    """The name in lower case, each run of non-word characters one space, no space around.

    Step names are almost always ASCII: then ``bytes.translate`` does it in a
    third of the regular expression's time (a map of 200 steps is normalised for
    every validate run)."""
    if name.isascii():
        return b" ".join(name.encode().translate(_ASCII_WORDS).split()).decode()
    return _WORDS.sub(" ", name.casefold()).strip()


@rule(
    "JM106",
    "duplicate-step-name",
    severity="warning",
    hint="Name each step for what the customer does there; merge the steps if they "
    "are the same moment.",
    local=True,
)
def duplicate_step_name(ctx: LintContext) -> Iterator[Problem]:
    """Two steps of a journey have the same or nearly the same name.

    Step names are what people read on the handout and in diffs. Two steps
    named alike are either the same moment mapped twice (merge them) or two
    moments that need names telling them apart. Names are compared ignoring
    case and punctuation; near-duplicates are at least 90% similar (two times
    the longest common subsequence over the total length, on the first 200
    characters).

    FAIL:

        steps:
          - {id: sign, name: Signs the order form}
          - {id: sign-again, name: Signs the order-form}

    PASS:

        steps:
          - {id: sign, name: Signs the order form}
          - {id: countersign, name: Gets the order countersigned by finance}
    """
    for document, journey in ctx.journeys:
        steps = [(i, j, step) for i, j, _, step in journey.iter_steps()]
        names = [_normalise(step.name) for _, _, step in steps]
        first: dict[str, int] = {}  # normalised name -> its first step
        for position, name in enumerate(names):
            first.setdefault(name, position)
        distinct = list(first)
        similar = first_similar([name[:MAX_CHARS] for name in distinct])
        near = {
            name: steps[first[distinct[other]]][2].id
            for name, other in zip(distinct, similar, strict=True)
            if other is not None
        }
        for position, ((i, j, step), name) in enumerate(zip(steps, names, strict=True)):
            pointer = ("stages", i, "steps", j, "name")
            if first[name] != position:
                other = steps[first[name]][2].id
                yield Problem(
                    document, pointer, f"step name {step.name!r} is also used by step {other!r}"
                )
            elif name in near:
                yield Problem(
                    document,
                    pointer,
                    f"step name {step.name!r} is nearly the same as the name of step {near[name]!r}",
                )


@rule(
    "JM107",
    "no-moment-of-truth",
    severity="warning",
    hint="Mark the touchpoints that decide loyalty or churn with `moment_of_truth: true`.",
)
def no_moment_of_truth(ctx: LintContext) -> Iterator[Problem]:
    """A journey with steps but no moment of truth.

    Moments of truth are the touchpoints that decide whether a customer stays
    or leaves (the first approved post, the first failure, the renewal call).
    They are where a team puts its attention first; a map without one has not
    decided what matters.

    FAIL:

        steps:
          - {id: first-approval, name: Gets the first post approved}

    PASS:

        steps:
          - {id: first-approval, name: Gets the first post approved, moment_of_truth: true}
    """
    for document, journey in ctx.journeys:
        steps = [step for _, _, _, step in journey.iter_steps()]
        if steps and not any(step.moment_of_truth for step in steps):
            yield Problem(
                document,
                _stages_key(journey),
                "no step is marked as a moment of truth (`moment_of_truth: true`)",
                key=True,
            )


@rule(
    "JM108",
    "missing-lifecycle-phase",
    severity="info",
    hint="Map what happens there: onboarding, use, support and renewal are `phase: "
    "post-purchase`; reviews, referrals and case studies `phase: advocacy`.",
)
def missing_lifecycle_phase(ctx: LintContext) -> Iterator[Problem]:
    """A journey past the sale leaves out owning or advocating.

    Analysts describe a journey as buy → own → advocate. JM101 reports a map that
    stops at the sale; this rule reports one that goes past it but skips a phase:
    no stage where the customer owns and uses what they bought (`post-purchase`),
    or none where they recommend it (`advocacy`), which is what turns customers
    into a channel. Employee maps need `employment` and `advocacy`.

    FAIL:

        stages:
          - {id: decide-and-buy, name: Decide & buy, phase: purchase}
          - {id: install-use, name: Install / use, phase: post-purchase}

    PASS:

        stages:
          - {id: decide-and-buy, name: Decide & buy, phase: purchase}
          - {id: install-use, name: Install / use, phase: post-purchase}
          - {id: recommend, name: Recommend us, phase: advocacy}
    """
    for document, journey in ctx.journeys:
        if not journey.goes_past_sale():
            continue  # JM101's to report
        phases = {stage.phase for stage in journey.stages}
        for phase in sorted(POST_PURCHASE_PHASES[journey.audience] - phases):
            yield Problem(
                document,
                _stages_key(journey),
                f"no stage is in the {phase} phase: the journey goes past the "
                f"{_sale(journey)} but leaves out {_PHASE_WORDS[phase]}",
                key=True,
            )


_PHASE_WORDS = {
    "post-purchase": "owning and using what was bought",
    "employment": "the daily work after the hire",
    "advocacy": "advocacy (recommending, referring, reviewing)",
}


@rule(
    "JM109",
    "phase-of-other-audience",
    severity="warning",
    hint="Use the phases of the map's audience, or set `audience:` to the people the map is about.",
    local=True,
)
def phase_of_other_audience(ctx: LintContext) -> Iterator[Problem]:
    """A stage's phase belongs to the other audience's lifecycle.

    Customer maps run pre-purchase → purchase → post-purchase → advocacy;
    employee maps (`audience: employee`) run attraction → hiring → employment →
    advocacy. A customer map with a `hiring` stage, or an employee map with a
    `purchase` stage, is usually a copied stage or a missing `audience:`, and
    JM101 then judges the map by the wrong phases.

    FAIL:

        audience: customer
        stages:
          - {id: sign, name: Signs the contract, phase: hiring}

    PASS:

        audience: customer
        stages:
          - {id: sign, name: Signs the contract, phase: purchase}
    """
    for document, journey in ctx.journeys:
        if dropped(document, "audience"):
            continue  # an invalid audience was pruned: which phases are its own is unknown
        own = AUDIENCE_PHASES[journey.audience]
        for index, stage in enumerate(journey.stages):
            if stage.phase is not None and stage.phase not in own:
                yield Problem(
                    document,
                    ("stages", index, "phase"),
                    f"phase {stage.phase!r} is not a phase of a {journey.audience} journey "
                    f"({', '.join(own)})",
                )
