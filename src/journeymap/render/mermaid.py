"""Mermaid output: a ``journey`` diagram, or a ``flowchart`` for branching journeys.

Mermaid has no escaping inside journey tasks: ``:`` ends a task name, ``;`` and a
newline end a statement, ``#`` starts an entity, ``%%`` a comment or an
``%%{init}`` directive, and a task whose name starts with ``section`` or
``title`` becomes one. So every text from YAML is flattened to one line, its
special characters are written as Mermaid entity codes (``#58;`` for ``:``,
which Mermaid decodes before drawing), and a leading keyword gets its first
letter encoded. Hand-written because no maintained Python library writes
Mermaid; the rules come from Mermaid's journey and flowchart grammars.

Journey scores map the -2..+2 emotion onto Mermaid's 1..5 (a step without an
emotion is drawn neutral, 3); actors are the owning teams.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from journeymap.model.journey import Journey
from journeymap.render.curve import emotion_text
from journeymap.render.flow import journey_flow
from journeymap.safetext import clean

MERMAID_KINDS = ("journey", "flowchart")

_SPECIAL = re.compile(r"[#:;\"%`<>&{}|\\\[\]()]")
_KEYWORD = re.compile(r"(?i)(?:title|section|journey)(?:\s|$)|acc")
"""Words that start a statement in Mermaid's journey grammar (``accTitle``, ``accDescr``…)."""
FILL: dict[int | None, tuple[str, str]] = {
    -2: ("#f8b4b4", "#b42318"),
    -1: ("#fdd4a8", "#c2410c"),
    0: ("#e4e7eb", "#616e7c"),
    1: ("#c6efd1", "#15803d"),
    2: ("#8fdca8", "#166534"),
    None: ("#ffffff", "#616e7c"),
}


def text(value: str) -> str:
    """One line of inert Mermaid text: entity codes for every character with a meaning."""
    flat = clean(" ".join(value.split()))
    escaped = _SPECIAL.sub(lambda match: f"#{ord(match.group())};", flat)
    if _KEYWORD.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped or "#160;"


def score(emotion: int | None) -> int:
    """Mermaid's 1..5 satisfaction score from our -2..+2 emotion (none: neutral 3)."""
    return 3 if emotion is None else emotion + 3


def journey_diagram(journey: Journey, teams: Mapping[str, str] | None = None) -> str:
    """A Mermaid ``journey``: sections are stages, tasks are steps, actors are owners."""
    teams = teams or {}
    lines = ["journey", f"    title {text(journey.title)}"]
    number = 0
    for stage in journey.stages:
        if not stage.steps:
            continue
        lines.append(f"    section {text(stage.name)}")
        for step in stage.steps:
            number += 1
            owner = step.owner or stage.owner or journey.owner
            name = f"{'★ ' if step.moment_of_truth else ''}{number}. {step.name}"
            task = f"        {text(name)}: {score(step.lowest_emotion())}"
            if owner:
                task += f": {text(teams.get(owner, owner).replace(',', ' '))}"
            lines.append(task)
    return "\n".join(lines) + "\n"


def flowchart(journey: Journey) -> str:
    """A Mermaid ``flowchart``: stages as subgraphs, the happy path bold, alternatives dotted."""
    flow = journey_flow(journey)
    names = {item.step.id: f"s{item.number}" for item in flow.steps}
    lines = ["flowchart LR", f"    accTitle: {text(journey.title)}"]
    by_stage: dict[int, list[str]] = {}
    for item in flow.steps:
        step = item.step
        title = f"{'★ ' if step.moment_of_truth else ''}{item.number}. {step.name}"
        details = emotion_text(step.lowest_emotion())
        if step.moment_of_truth:
            details += ", moment of truth"
        node = f'{names[step.id]}["{text(title)}<br/>{text(details)}"]'
        by_stage.setdefault(item.stage_index, []).append(node)
    for index, stage in enumerate(journey.stages):
        lines.append(f'    subgraph g{index + 1}["{text(f"{index + 1}. {stage.name}")}"]')
        lines.append("        direction TB")
        lines.extend(f"        {node}" for node in by_stage.get(index, []))
        if not by_stage.get(index):
            lines.append(f'        empty{index + 1}["{text("(no steps)")}"]')
        lines.append("    end")
    for edge in flow.edges:
        arrow = "==>" if edge.happy else "-.->"
        lines.append(f"    {names[edge.source]} {arrow} {names[edge.target]}")
    for emotion, (fill, stroke) in FILL.items():
        lines.append(
            f"    classDef {_emotion_class(emotion)} fill:{fill},stroke:{stroke},color:#1f2933"
        )
    lines.append("    classDef mot stroke:#7c2d12,stroke-width:4px")
    groups: dict[str, list[str]] = {}
    for item in flow.steps:
        groups.setdefault(_emotion_class(item.step.lowest_emotion()), []).append(
            names[item.step.id]
        )
        if item.step.moment_of_truth:
            groups.setdefault("mot", []).append(names[item.step.id])
    lines.extend(f"    class {','.join(nodes)} {name}" for name, nodes in groups.items())
    return "\n".join(lines) + "\n"


def _emotion_class(emotion: int | None) -> str:
    if emotion is None:
        return "enone"
    return f"e{'m' if emotion < 0 else 'p'}{abs(emotion)}"
