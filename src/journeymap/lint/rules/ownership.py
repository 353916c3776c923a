"""JM3xx ownership: is every part of the map owned, and by more than one team?"""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.lint.registry import LintContext, Problem, rule


@rule(
    "JM301",
    "stage-without-owner",
    severity="warning",
    hint="Add `owner:` with the team accountable for the stage (marketing, sales, "
    "customer-success, support, product, billing...).",
    local=True,
)
def stage_without_owner(ctx: LintContext) -> Iterator[Problem]:
    """A stage has no owning team.

    Every stage needs a team that is accountable for the experience there;
    without one, the pain points found in research have nobody to fix them.

    FAIL:

        - {id: receive, name: Receive order, phase: post-purchase}

    PASS:

        - {id: receive, name: Receive order, phase: post-purchase, owner: onboarding}
    """
    for document, journey in ctx.journeys:
        for index, stage in enumerate(journey.stages):
            if stage.owner is None:
                yield Problem(document, ("stages", index), f"stage {stage.id!r} has no owner")


@rule(
    "JM302",
    "insight-without-owner",
    severity="warning",
    hint="Add `owner:` with the team that acts on the insight, and `action:` with what it will do.",
    local=True,
)
def insight_without_owner(ctx: LintContext) -> Iterator[Problem]:
    """An insight has no owner who acts on it.

    Insights are collected to be acted on. An insight without an owning team
    stays in the map and changes nothing; closing the loop with customers needs
    someone who did something about it.

    FAIL:

        insights:
          - {id: trial-carryover, text: Trial setup is lost at purchase, source: support-tickets}

    PASS:

        insights:
          - {id: trial-carryover, text: Trial setup is lost at purchase, source: support-tickets,
             owner: product}
    """
    for document, pointer, insight in ctx.insights:
        if insight.owner is None:
            yield Problem(document, pointer, f"insight {insight.id!r} has no owner")


@rule(
    "JM303",
    "single-team-map",
    severity="warning",
    hint="Give stages and touchpoints to the teams that run them: sales, onboarding, "
    "customer success, support, product, billing...",
)
def single_team_map(ctx: LintContext) -> Iterator[Problem]:
    """Every stage and step of the journey is owned by one team.

    Ownership of a journey is cross-functional: marketing, sales, customer
    success, support, product and billing each run part of it. A map owned
    only by marketing (a known failure) ends where marketing's reach ends. The
    rule looks at the owners of stages and steps (the map's own `owner:` is the
    team that maintains the file and does not count).

    FAIL:

        stages:
          - {id: need, name: Need something, owner: marketing}
          - {id: use, name: Install / use, owner: marketing}

    PASS:

        stages:
          - {id: need, name: Need something, owner: marketing}
          - {id: use, name: Install / use, owner: customer-success}
    """
    for document, journey in ctx.journeys:
        owners = {stage.owner for stage in journey.stages} | {
            step.owner for _, _, _, step in journey.iter_steps()
        }
        owners.discard(None)
        if len(owners) == 1:
            (team,) = owners
            yield Problem(
                document,
                ("stages",),
                f"every owned stage and step belongs to {team!r}: the map is not cross-functional",
                key=True,
            )


@rule(
    "JM304",
    "moment-without-owner",
    severity="warning",
    hint="Add `owner:` to the step with the team that runs this touchpoint.",
    local=True,
)
def moment_without_owner(ctx: LintContext) -> Iterator[Problem]:
    """A moment of truth has no owning team of its own.

    Every stage and every important touchpoint needs an owner, and the moments
    of truth are the most important ones: they decide loyalty or churn. The
    stage's owner is accountable for the stage as a whole, but the touchpoint is
    often run by another team (support answers the ticket in a stage sales
    owns), and that team must know the moment is theirs.

    FAIL:

        - {id: first-failure, name: Sees a post fail, moment_of_truth: true}

    PASS:

        - {id: first-failure, name: Sees a post fail, moment_of_truth: true, owner: support}
    """
    for document, journey in ctx.journeys:
        for i, j, _, step in journey.iter_steps():
            if step.moment_of_truth and step.owner is None:
                yield Problem(
                    document,
                    ("stages", i, "steps", j),
                    f"moment of truth {step.id!r} ({step.name}) has no owner of its own",
                )
