"""JM8xx personas: is each persona complete, and mapped onto marketing's segments?"""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.lint.registry import LintContext, Problem, rule

PERSONA_PARTS = ("role", "goals", "needs", "frustrations", "quote")
"""What research gives a persona besides its name (the crosswalk is JM802's)."""


@rule(
    "JM801",
    "incomplete-persona",
    severity="warning",
    hint="Fill in what research says of them: `role`, `goals`, `needs`, `frustrations` "
    "and a representative `quote`.",
)
def incomplete_persona(ctx: LintContext) -> Iterator[Problem]:
    """A persona leaves out its role, goals, needs, frustrations or representative quote.

    A persona is a representative customer built from research: who they are
    (role), what they want to achieve (goals), what they need from a product like
    ours (needs), what gets in their way (frustrations) and how they say it (a
    verbatim quote). A persona that is only a name is a label, and every team
    fills in the rest with its own assumptions.

    FAIL:

        kind: persona
        id: it-admin
        name: Ira, IT admin

    PASS:

        kind: persona
        id: it-admin
        name: Ira, IT admin
        role: IT administrator at a 400-person company
        goals: [No shadow IT, one place to manage access]
        needs: [SSO, audit logs]
        frustrations: [Tools bought without IT]
        quote: "I hear about a new tool when it's already in the budget."
    """
    for document, persona in ctx.personas:
        missing = [part for part in PERSONA_PARTS if not getattr(persona, part)]
        if missing:
            yield Problem(
                document,
                ("name",),
                f"persona {persona.id!r} has no {_listed(missing)}",
                key=True,
            )


@rule(
    "JM802",
    "persona-without-segment",
    severity="warning",
    hint="List the marketing segments this persona corresponds to under `segments:` (the "
    "ids under `segments:` in journeymap.yaml).",
)
def persona_without_segment(ctx: LintContext) -> Iterator[Problem]:
    """A persona maps to none of marketing's segments.

    Marketing thinks in segments along a lifecycle, CX in personas along a
    journey; the crosswalk between the two lets both teams talk about the same
    people in aligned terms. In a workspace whose journeymap.yaml lists
    marketing's `segments:`, each persona names the segments it corresponds to.
    Workspaces without segments are not checked.

    FAIL:

        # journeymap.yaml: segments: {in-house-smb: In-house marketing, 1-10 marketers}
        kind: persona
        id: social-media-manager
        name: Sam, social media manager

    PASS:

        kind: persona
        id: social-media-manager
        name: Sam, social media manager
        segments: [in-house-smb]
    """
    if not ctx.config.segments:
        return
    for document, persona in ctx.personas:
        if not persona.segments:
            written = "segments" in persona.model_fields_set
            yield Problem(
                document,
                ("segments",) if written else ("id",),
                f"persona {persona.id!r} maps to none of the workspace's marketing segments",
                key=True,
            )


@rule(
    "JM803",
    "persona-without-vocabulary",
    severity="warning",
    hint="Add the persona under `vocabulary: personas:` in the messaging hierarchy, with "
    "the words to use and the words to avoid with them.",
    cross_file=True,
    reads=("journey", "messaging"),
)
def persona_without_vocabulary(ctx: LintContext) -> Iterator[Problem]:
    """A persona that a customer journey is drawn for has no vocabulary in the messaging.

    The messaging hierarchy gives every team the customer's own words: for each
    persona and each journey stage, the words to use and the words to avoid. A
    persona the maps are drawn for but the messaging does not speak to is
    messaged in whatever words each team picks. Workspaces without a messaging
    document are not checked, nor are the personas of employee journeys.

    FAIL:

        # journeys/buyer.yaml: personas: [it-admin]
        # messaging/core.yaml: vocabulary: {personas: {social-media-manager: {...}}}

    PASS:

        # messaging/core.yaml
        vocabulary:
          personas:
            it-admin: {use: [audit log, SSO], avoid: [shadow IT]}
    """
    spoken_to = _vocabulary_personas(ctx)
    if spoken_to is None:
        return
    drawn_for = ctx.workspace.used_personas("customer")
    for document, persona in ctx.personas:
        if persona.id in drawn_for and persona.id not in spoken_to:
            yield Problem(
                document,
                ("id",),
                f"persona {persona.id!r} has no words to use and avoid in the messaging "
                "(`vocabulary: personas:`)",
                key=True,
            )


def _vocabulary_personas(ctx: LintContext) -> set[str] | None:
    """The personas some messaging vocabulary speaks to; None without a messaging document."""
    summaries = [s for s in ctx.workspace.others if s.kind == "messaging"]
    if not ctx.messaging and not summaries:
        return None
    spoken = {key for _, messaging in ctx.messaging for key in messaging.vocabulary.personas}
    return spoken.union(*(summary.personas for summary in summaries))


def _listed(parts: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"
