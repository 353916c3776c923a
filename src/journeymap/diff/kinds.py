"""The catalogue of change kinds: each stable id with its category, level and meaning.

One table, like yamllint's rule registry: the engine looks category and level up
here (so they cannot drift between call sites), ``--fail-on`` validates its
selectors against it, and the README's table is written from it. Kind ids are a
public contract (CI scripts select on them): add new ones, never rename them.
"""

from __future__ import annotations

from typing import NamedTuple

from journeymap.diff.model import CATEGORIES, LEVELS, Category, Level


class KindInfo(NamedTuple):
    category: Category
    level: Level
    description: str


KINDS: dict[str, KindInfo] = {
    # documents
    "document-added": KindInfo(
        "added", "info", "A journey, persona or messaging document was added."
    ),
    "document-removed": KindInfo("removed", "warning", "A document was removed."),
    "document-renamed-id": KindInfo(
        "renamed", "warning", "A document's id changed but its content did not (likely rename)."
    ),
    # journey
    "journey-retitled": KindInfo("renamed", "info", "The journey's title changed."),
    "journey-owner-changed": KindInfo("changed", "info", "The team that owns the map changed."),
    "journey-persona-added": KindInfo("added", "info", "The map now covers another persona."),
    "journey-persona-removed": KindInfo(
        "removed", "warning", "The map no longer covers a persona."
    ),
    "state-changed": KindInfo(
        "changed", "info", "The map changed state: current (as-is) or future (to-be)."
    ),
    "based-on-changed": KindInfo(
        "changed", "info", "A future state's based_on (the current state it redesigns) changed."
    ),
    "journey-changed": KindInfo(
        "changed", "info", "Another journey field changed (description, audience, refreshed…)."
    ),
    "objective-added": KindInfo("added", "info", "A business objective was added."),
    "objective-removed": KindInfo("removed", "warning", "A business objective was removed."),
    "objective-renamed-id": KindInfo(
        "renamed", "info", "An objective's id changed (likely rename)."
    ),
    "objective-changed": KindInfo(
        "changed", "info", "An objective's description, metric or target changed."
    ),
    # stages
    "stage-added": KindInfo("added", "info", "A stage was added (with its steps)."),
    "stage-removed": KindInfo("removed", "warning", "A stage was removed (with its steps)."),
    "stage-renamed": KindInfo("renamed", "info", "A stage kept its id and got a new name."),
    "stage-renamed-id": KindInfo(
        "renamed", "warning", "A stage's id changed but its content did not (likely rename)."
    ),
    "stage-moved": KindInfo("moved", "info", "A stage moved to another position in the journey."),
    "stage-phase-changed": KindInfo("changed", "info", "A stage moved to another lifecycle phase."),
    "stage-owner-changed": KindInfo("changed", "info", "The team accountable for a stage changed."),
    "stage-changed": KindInfo(
        "changed", "info", "Research questions, needs, expectations or another stage field changed."
    ),
    "stage-emotion-improved": KindInfo(
        "emotion-improved", "info", "The stage's emotion curve went up (average of its steps)."
    ),
    "stage-emotion-worsened": KindInfo(
        "emotion-worsened", "warning", "The stage's emotion curve went down (average of its steps)."
    ),
    # steps
    "step-added": KindInfo("added", "info", "A step was added to an existing stage."),
    "step-removed": KindInfo("removed", "warning", "A step was removed from a stage that remains."),
    "step-renamed": KindInfo("renamed", "info", "A step kept its id and got a new name."),
    "step-renamed-id": KindInfo(
        "renamed", "warning", "A step's id changed but its content did not (likely rename)."
    ),
    "step-moved": KindInfo("moved", "info", "A step moved to another stage."),
    "step-reordered": KindInfo("moved", "info", "A step moved to another position in its stage."),
    "emotion-improved": KindInfo(
        "emotion-improved", "info", "A step's emotion went up (per persona: `persona` names it)."
    ),
    "emotion-worsened": KindInfo(
        "emotion-worsened", "warning", "A step's emotion went down (per persona: `persona`)."
    ),
    "emotion-set": KindInfo(
        "changed", "info", "A step (or one persona at it) got an emotion where it had none."
    ),
    "emotion-cleared": KindInfo(
        "changed", "info", "A step's emotion (or one persona's) was removed."
    ),
    "pain-point-added": KindInfo("added", "warning", "A new pain point (on a step or stage-wide)."),
    "pain-point-resolved": KindInfo("removed", "info", "A pain point is no longer listed."),
    "moment-of-truth-gained": KindInfo("added", "info", "A step became a moment of truth."),
    "moment-of-truth-lost": KindInfo(
        "removed", "warning", "A step is no longer a moment of truth."
    ),
    "step-owner-changed": KindInfo("changed", "info", "The team that owns a touchpoint changed."),
    "channel-changed": KindInfo("changed", "info", "A step's channel changed."),
    "touchpoint-changed": KindInfo("changed", "info", "A step's touchpoint changed."),
    "lane-item-added": KindInfo(
        "added",
        "info",
        "Service blueprint: an item was added to a step's backstage, support or systems lane.",
    ),
    "lane-item-removed": KindInfo(
        "removed",
        "info",
        "Service blueprint: an item was removed from a step's backstage, support or systems lane.",
    ),
    "employee-step-changed": KindInfo(
        "changed", "info", "A step's link to an employee journey's step was set, cleared or moved."
    ),
    "sub-journey-changed": KindInfo(
        "changed", "info", "The sub-journey a step zooms into was set, cleared or changed."
    ),
    "step-changed": KindInfo(
        "changed", "info", "Thoughts, opportunities, description, trigger or branches changed."
    ),
    # voice of customer and metrics
    "insight-added": KindInfo("added", "info", "VoC evidence: an insight was added."),
    "insight-removed": KindInfo("removed", "warning", "VoC evidence: an insight was removed."),
    "insight-renamed-id": KindInfo("renamed", "info", "An insight's id changed (likely rename)."),
    "insight-changed": KindInfo(
        "changed", "info", "An insight's text, source, owner or action changed."
    ),
    "quote-added": KindInfo("added", "info", "VoC evidence: a customer quote was added."),
    "quote-removed": KindInfo("removed", "warning", "VoC evidence: a customer quote was removed."),
    "quote-renamed-id": KindInfo("renamed", "info", "A quote's id changed (likely rename)."),
    "quote-changed": KindInfo("changed", "info", "A quote's source, speaker or date changed."),
    "metric-added": KindInfo("added", "info", "A metric or listening post was added."),
    "metric-removed": KindInfo("removed", "warning", "A metric or listening post was removed."),
    "metric-renamed-id": KindInfo("renamed", "info", "A metric's id changed (likely rename)."),
    "metric-changed": KindInfo(
        "changed", "info", "A metric's name, listening post, owner or target changed."
    ),
    # personas
    "persona-renamed": KindInfo("renamed", "info", "A persona kept its id and got a new name."),
    "persona-item-added": KindInfo(
        "added", "info", "A goal, need, frustration, preferred channel or segment was added."
    ),
    "persona-item-removed": KindInfo(
        "removed", "info", "A goal, need, frustration, preferred channel or segment was removed."
    ),
    "persona-changed": KindInfo("changed", "info", "A persona's role, summary or quote changed."),
    # messaging
    "core-message-changed": KindInfo("changed", "warning", "The core message changed."),
    "messaging-changed": KindInfo("changed", "info", "The title or category wording changed."),
    "pillar-added": KindInfo("added", "info", "A messaging pillar was added."),
    "pillar-removed": KindInfo("removed", "warning", "A messaging pillar was removed."),
    "pillar-renamed": KindInfo("renamed", "info", "A pillar kept its id and got a new name."),
    "pillar-renamed-id": KindInfo("renamed", "info", "A pillar's id changed (likely rename)."),
    "pillar-changed": KindInfo("changed", "info", "A pillar's message changed."),
    "proof-point-added": KindInfo("added", "info", "A proof point was added to a pillar."),
    "proof-point-removed": KindInfo("removed", "info", "A proof point was removed from a pillar."),
    "vocabulary-use-added": KindInfo("added", "info", "A word to use (per persona or stage)."),
    "vocabulary-use-removed": KindInfo("removed", "info", "A word is no longer on a use list."),
    "vocabulary-avoid-added": KindInfo("added", "info", "A word to avoid (per persona or stage)."),
    "vocabulary-avoid-removed": KindInfo(
        "removed", "info", "A word is no longer on an avoid list."
    ),
    "brand-attribute-added": KindInfo("added", "info", "A brand attribute was added."),
    "brand-attribute-removed": KindInfo("removed", "warning", "A brand attribute was removed."),
    "brand-attribute-renamed-id": KindInfo(
        "renamed", "info", "A brand attribute's id changed (likely rename)."
    ),
    "brand-attribute-changed": KindInfo(
        "changed", "info", "A brand attribute's name, description or CX actions changed."
    ),
    # backlog (opportunities are matched by id)
    "opportunity-added": KindInfo("added", "info", "An opportunity was added to the backlog."),
    "opportunity-removed": KindInfo(
        "removed", "warning", "An opportunity was removed from the backlog."
    ),
    "opportunity-status-changed": KindInfo(
        "changed",
        "info",
        "An opportunity moved on (or back): idea, planned, in-progress, done, dropped.",
    ),
    "opportunity-owner-changed": KindInfo(
        "changed", "info", "Another team now delivers an opportunity."
    ),
    "opportunity-retargeted": KindInfo(
        "moved", "info", "An opportunity now addresses other steps or stages."
    ),
    "opportunity-changed": KindInfo(
        "changed",
        "info",
        "An opportunity's title, problem, evidence, scores, metric, target or due date changed.",
    ),
    "backlog-changed": KindInfo("changed", "info", "The backlog's title or owner changed."),
    "metric-improved": KindInfo(
        "changed", "info", "A metric's latest measured value moved the right way (data files)."
    ),
    "metric-worsened": KindInfo(
        "changed", "warning", "A metric's latest measured value moved the wrong way (data files)."
    ),
    "metric-value-changed": KindInfo(
        "changed",
        "info",
        "A metric was measured for the first time, or moved without a direction to judge it.",
    ),
}

SELECTOR_WORDS = ("any", "none")


def parse_fail_on(text: str | None) -> frozenset[str]:
    """Turn ``--fail-on`` text into selectors; raise ValueError naming an unknown one.

    A selector is ``any`` (the default), ``none`` (always exit 0 after reporting),
    a category (``removed``, ``emotion-worsened``…), a level (``warning``) or a
    change kind (``moment-of-truth-lost``).
    """
    if text is None:
        return frozenset({"any"})
    selectors = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not selectors:
        raise ValueError("--fail-on needs at least one category, level or kind")
    known = {*SELECTOR_WORDS, *CATEGORIES, *LEVELS, *KINDS}
    unknown = sorted(selectors - known)
    if unknown:
        raise ValueError(
            f"--fail-on: unknown selector {unknown[0]!r}; use any, none, a category "
            f"({', '.join(CATEGORIES)}), a level ({', '.join(LEVELS)}) or a change kind "
            "(see README, 'Diff')"
        )
    return frozenset() if selectors == {"none"} else selectors


def kinds_table() -> str:
    """The README's table of change kinds (a test keeps the README in step with this)."""
    lines = ["| kind | category | level | meaning |", "| --- | --- | --- | --- |"]
    lines += [
        f"| `{kind}` | {info.category} | {info.level} | {info.description} |"
        for kind, info in KINDS.items()
    ]
    return "\n".join(lines) + "\n"
