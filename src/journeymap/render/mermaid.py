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
emotion is drawn neutral, 3); actors are the owning teams. A ``journey`` task
takes one score, so a map with per-persona emotions is drawn for one persona
(``render --persona``, else the map's first); :func:`mermaid_limits` is the one
warning line that says what the diagram leaves out (the other personas,
service-blueprint lanes, links to employee steps and sub-journeys).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journeymap.findings import Finding
from journeymap.model.journey import Journey
from journeymap.render.curve import emotion_text
from journeymap.render.flow import journey_flow
from journeymap.render.perspective import PersonaStyle, emotion_personas, persona_names
from journeymap.safetext import clean

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

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


def mermaid_persona(journey: Journey) -> str | None:
    """The persona a ``journey`` diagram scores: the first with emotions of its own
    (None when every step has one number)."""
    personas = emotion_personas(journey)
    return personas[0] if personas else None


def mermaid_limits(
    workspace: Workspace, document: SourceDocument, kind: str, persona: str | None = None
) -> Finding | None:
    """One warning naming what the Mermaid diagram of ``document`` cannot show (None
    when it shows everything). ``persona`` is ``render --persona``."""
    journey = document.model
    if not isinstance(journey, Journey):
        return None
    parts = []
    personas = emotion_personas(journey)
    if kind == "journey" and persona is None and len(personas) > 1:
        names = persona_names(workspace, personas)
        others = ", ".join(names[p] for p in personas[1:])
        parts.append(
            f"scores {names[personas[0]]} only, not {others} (use --persona ID for another)"
        )
    steps = [step for _, _, _, step in journey.iter_steps()]
    hidden = []
    if any(step.backstage or step.support or step.systems for step in steps):
        hidden.append("the service-blueprint lanes")
    if any(step.employee_step or step.journey for step in steps):
        hidden.append("the links to employee steps and sub-journeys")
    if hidden:
        parts.append(f"cannot show {' or '.join(hidden)} (html, pdf and dot show them)")
    if not parts:
        return None
    return Finding(
        path=document.path,
        code="",
        severity="warning",
        message=f"Mermaid {kind} diagram: {'; '.join(parts)}",
    )


def journey_diagram(
    journey: Journey, teams: Mapping[str, str] | None = None, *, persona: str | None = None
) -> str:
    """A Mermaid ``journey``: sections are stages, tasks are steps, actors are owners.

    ``persona`` picks whose per-persona emotion is the score (default: the
    worst at each step)."""
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
            emotion = step.emotion_of(persona) if persona else step.lowest_emotion()
            task = f"        {text(name)}: {score(emotion)}"
            if owner:
                task += f": {text(teams.get(owner, owner).replace(',', ' '))}"
            lines.append(task)
    return "\n".join(lines) + "\n"


def flowchart(journey: Journey, styles: Sequence[PersonaStyle] = ()) -> str:
    """A Mermaid ``flowchart``: stages as subgraphs, the happy path bold, alternatives dotted.

    With ``styles`` a node lists every persona's emotion (its fill shows the worst)."""
    flow = journey_flow(journey)
    names = {item.step.id: f"s{item.number}" for item in flow.steps}
    lines = ["flowchart LR", f"    accTitle: {text(journey.title)}"]
    by_stage: dict[int, list[str]] = {}
    for item in flow.steps:
        step = item.step
        title = f"{'★ ' if step.moment_of_truth else ''}{item.number}. {step.name}"
        if styles:
            facts = [f"{style.name}: {emotion_text(style.emotion(step))}" for style in styles]
        else:
            facts = [emotion_text(step.lowest_emotion())]
        if step.moment_of_truth:
            facts[-1] += ", moment of truth"
        details = "<br/>".join(text(fact) for fact in facts)
        node = f'{names[step.id]}["{text(title)}<br/>{details}"]'
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
