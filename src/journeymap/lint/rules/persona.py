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


def _listed(parts: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"
