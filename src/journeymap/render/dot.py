"""Graphviz output: stages as clusters, steps as nodes coloured by emotion.

The happy path is drawn bold and solid, alternative paths dashed, loops back to
an earlier step dotted and without pulling the layout backwards. Moments of
truth get a double border and a star in their label.

Every label from YAML goes through ``graphviz.escape`` (backslashes and
``<...>`` lose their DOT meaning) and the package's quoting (double quotes are
escaped), so map text can never end a label or add edges. Node names are
generated (``s1``, ``s2``…), not taken from the map.

DOT text needs only the Python ``graphviz`` package; SVG and PNG run the ``dot``
program from the Debian package ``graphviz``.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING

from journeymap.findings import Finding, InputError
from journeymap.model.journey import Journey
from journeymap.render.curve import emotion_text
from journeymap.render.flow import FlowStep, journey_flow
from journeymap.safetext import clean

if TYPE_CHECKING:
    import graphviz

FILL: dict[int | None, str] = {
    -2: "#f8b4b4",
    -1: "#fdd4a8",
    0: "#e4e7eb",
    1: "#c6efd1",
    2: "#8fdca8",
    None: "#ffffff",
}
MISSING_DOT = "{fmt} output needs the Graphviz `dot` program: apt-get install -y graphviz"


def label(*lines: str, width: int = 30) -> str:
    """A multi-line DOT label from plain text, with every special character neutralised."""
    import graphviz

    wrapped = []
    for line in lines:
        flat = clean(" ".join(line.split()))
        wrapped.extend(textwrap.wrap(flat, width=width) or [""])
    # Our line breaks (\n) are added after escaping, so only they act as DOT escapes.
    return graphviz.nohtml("\\n".join(graphviz.escape(part) for part in wrapped))


def journey_graph(journey: Journey) -> graphviz.Digraph:
    """The journey as a ``graphviz.Digraph`` (left to right, one cluster per stage)."""
    import graphviz

    flow = journey_flow(journey)
    names = {item.step.id: f"s{item.number}" for item in flow.steps}
    kind = "Employee journey" if journey.audience == "employee" else "Customer journey"
    graph = graphviz.Digraph(name="journey")
    graph.attr(
        rankdir="LR",
        label=label(f"{kind}: {journey.title}", width=100),
        labelloc="t",
        fontname="Helvetica",
        fontsize="20",
        compound="true",
        newrank="true",
        nodesep="0.3",
        ranksep="0.5",
    )
    graph.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11")
    graph.attr("edge", fontname="Helvetica", fontsize="9", color="#3e4c59")
    by_stage: dict[int, list[FlowStep]] = {}
    for item in flow.steps:
        by_stage.setdefault(item.stage_index, []).append(item)
    for stage_index, stage in enumerate(journey.stages):
        with graph.subgraph(name=f"cluster_{stage_index + 1}") as cluster:
            header = f"{stage_index + 1}. {stage.name}"
            details = " · ".join(part for part in (stage.phase, stage.owner) if part)
            cluster.attr(
                label=label(header, details) if details else label(header),
                style="rounded,filled",
                fillcolor="#f5f7fa",
                color="#9aa5b1",
                fontname="Helvetica-Bold",
                fontsize="13",
            )
            if not by_stage.get(stage_index):
                cluster.node(f"empty{stage_index + 1}", label=label("(no steps)"), style="dashed")
            for item in by_stage.get(stage_index, []):
                step = item.step
                title = f"{'★ ' if step.moment_of_truth else ''}{item.number}. {step.name}"
                facts = [emotion_text(step.emotion)]
                if step.channel or step.owner:
                    facts.append(" · ".join(part for part in (step.channel, step.owner) if part))
                if step.moment_of_truth:
                    facts.append("moment of truth")
                attributes = {
                    "label": label(title, *facts),
                    "fillcolor": FILL[step.emotion],
                    "tooltip": label(step.touchpoint or step.name, width=80),
                }
                if step.moment_of_truth:
                    attributes.update(peripheries="2", penwidth="2.5", color="#7c2d12")
                if not item.on_happy_path:
                    attributes["style"] = "rounded,filled,dashed"
                cluster.node(names[step.id], **attributes)
    for edge in flow.edges:
        if edge.happy:
            style = {"penwidth": "2.5", "color": "#1d4ed8"}
        elif edge.backward:
            style = {"style": "dotted", "constraint": "false", "color": "#7b8794"}
        else:
            style = {"style": "dashed", "color": "#7b8794"}
        graph.edge(names[edge.source], names[edge.target], **style)
    return graph


def dot_source(journey: Journey) -> str:
    """DOT text (needs no Graphviz binary)."""
    return journey_graph(journey).source


def dot_image(journey: Journey, fmt: str) -> bytes:
    """SVG or PNG bytes made by the ``dot`` program; one clear error when it is missing."""
    import graphviz

    if shutil.which("dot") is None:
        raise InputError(Finding(path="graphviz", message=MISSING_DOT.format(fmt=fmt)))
    try:
        return journey_graph(journey).pipe(format=fmt)
    except graphviz.ExecutableNotFound as error:
        raise InputError(Finding(path="graphviz", message=MISSING_DOT.format(fmt=fmt))) from error
