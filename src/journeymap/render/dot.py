"""Graphviz output: stages as clusters, steps as nodes coloured by emotion.

The happy path is drawn bold and solid, alternative paths dashed, loops back to
an earlier step dotted and without pulling the layout backwards. Moments of
truth get a double border and a star in their label.

Per-persona emotions are listed in the node's label, one line per persona, and
the fill shows the worst of them. Service-blueprint lanes (backstage, support,
systems) sit in a "below the line of visibility" cluster inside each stage, a
note under each step that has them; links to an employee step or a sub-journey
are dashed edges to a dashed placeholder naming the target.

Every label from YAML goes through ``graphviz.escape`` (backslashes and
``<...>`` lose their DOT meaning) and the package's quoting (double quotes are
escaped), so map text can never end a label or add edges. Node names are
generated (``s1``, ``s2``…), not taken from the map.

DOT text needs only the Python ``graphviz`` package; SVG and PNG run the ``dot``
program from the Debian package ``graphviz``, through ``process.run_bounded``:
a timeout (``JOURNEYMAP_DOT_TIMEOUT`` seconds, default 60), a cap on the
image's size and a minimal environment.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from journeymap.findings import Finding, InputError
from journeymap.model.journey import Journey
from journeymap.render.curve import emotion_text
from journeymap.render.flow import FlowStep, journey_flow
from journeymap.render.perspective import PersonaStyle
from journeymap.safetext import clean

if TYPE_CHECKING:
    import graphviz

    from journeymap.process import Completed
    from journeymap.render.relations import StepLink

FILL: dict[int | None, str] = {
    -2: "#f8b4b4",
    -1: "#fdd4a8",
    0: "#e4e7eb",
    1: "#c6efd1",
    2: "#8fdca8",
    None: "#ffffff",
}
MISSING_DOT = "{fmt} output needs the Graphviz `dot` program: apt-get install -y graphviz"
DOT_TIMEOUT = 60.0
"""Seconds ``dot`` may take by default (``JOURNEYMAP_DOT_TIMEOUT`` changes it)."""
DOT_MAX_OUTPUT = 256 * 1024 * 1024
"""Largest SVG or PNG accepted from ``dot``, in bytes."""
ROUTING_FAILURE = re.compile(r"triangulation failed|Pshortestpath failed|routesplines")
"""What dot prints when its spline router gives up (Graphviz 2.43 - 12 on clustered graphs)."""


def label(*lines: str, width: int = 30) -> str:
    """A multi-line DOT label from plain text, with every special character neutralised."""
    import graphviz

    wrapped = []
    for line in lines:
        flat = clean(" ".join(line.split()))
        wrapped.extend(textwrap.wrap(flat, width=width) or [""])
    # Our line breaks (\n) are added after escaping, so only they act as DOT escapes.
    return graphviz.nohtml("\\n".join(graphviz.escape(part) for part in wrapped))


def journey_graph(
    journey: Journey,
    styles: Sequence[PersonaStyle] = (),
    links: Mapping[str, Sequence[StepLink]] | None = None,
) -> graphviz.Digraph:
    """The journey as a ``graphviz.Digraph`` (left to right, one cluster per stage).

    ``styles`` name the personas whose emotions the labels list; ``links`` (step
    id → references to other journeys, see ``render.relations.step_links``) become
    dashed edges to placeholder nodes."""
    import graphviz

    links = links or {}

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
                if styles:
                    facts = [
                        f"{style.symbol} {style.name}: {emotion_text(style.emotion(step))}"
                        for style in styles
                    ]
                else:
                    facts = [emotion_text(step.lowest_emotion())]
                if step.channel or step.owner:
                    facts.append(" · ".join(part for part in (step.channel, step.owner) if part))
                if step.moment_of_truth:
                    facts.append("moment of truth")
                attributes = {
                    "label": label(title, *facts),
                    "fillcolor": FILL[step.lowest_emotion()],
                    "tooltip": label(step.touchpoint or step.name, width=80),
                }
                if step.moment_of_truth:
                    attributes.update(peripheries="2", penwidth="2.5", color="#7c2d12")
                if not item.on_happy_path:
                    attributes["style"] = "rounded,filled,dashed"
                cluster.node(names[step.id], **attributes)
            _blueprint(cluster, stage_index + 1, by_stage.get(stage_index, []), names)
    _links(graph, flow.steps, names, links)
    for edge in flow.edges:
        if edge.happy:
            style = {"penwidth": "2.5", "color": "#1d4ed8"}
        elif edge.backward:
            style = {"style": "dotted", "constraint": "false", "color": "#7b8794"}
        else:
            style = {"style": "dashed", "color": "#7b8794"}
        graph.edge(names[edge.source], names[edge.target], **style)
    return graph


def _blueprint(
    cluster: graphviz.Digraph, number: int, items: list[FlowStep], names: dict[str, str]
) -> None:
    """The stage's lanes below the line of visibility: a note under each step that has them."""
    lanes = [
        item for item in items if item.step.backstage or item.step.support or item.step.systems
    ]
    if not lanes:
        return
    with cluster.subgraph(name=f"cluster_{number}_blueprint") as below:
        below.attr(
            label=label("Below the line of visibility"),
            style="dashed,rounded",
            color="#616e7c",
            fillcolor="#ffffff",
            fontname="Helvetica-Oblique",
            fontsize="10",
        )
        for item in lanes:
            step = item.step
            lines = [f"{item.number}. service blueprint"]
            lines += [f"Backstage: {text}" for text in step.backstage]
            lines += [f"Support: {text}" for text in step.support]
            lines += [f"Systems: {', '.join(step.systems)}"] if step.systems else []
            note = f"b{item.number}"
            below.node(
                note,
                label=label(*lines, width=36),
                shape="note",
                style="filled",
                fillcolor="#f5f7fa",
            )
    for item in lanes:  # outside the cluster, or the step would move into it
        cluster.edge(
            names[item.step.id],
            f"b{item.number}",
            style="dotted",
            arrowhead="none",
            color="#616e7c",
        )


def _links(
    graph: graphviz.Digraph,
    items: Sequence[FlowStep],
    names: dict[str, str],
    links: Mapping[str, Sequence[StepLink]],
) -> None:
    """Dashed edges from steps to placeholders naming the employee step or sub-journey."""
    count = 0
    for item in items:
        for link in links.get(item.step.id, ()):
            count += 1
            target = f"l{count}"
            graph.node(
                target,
                label=label(f"{link.label}:", link.text, width=34),
                shape="box",
                style="dashed,rounded",
                color="#616e7c",
                fontcolor="#3e4c59",
            )
            graph.edge(
                names[item.step.id],
                target,
                style="dashed",
                color="#616e7c",
                arrowhead="vee",
            )


def dot_source(
    journey: Journey,
    styles: Sequence[PersonaStyle] = (),
    links: Mapping[str, Sequence[StepLink]] | None = None,
) -> str:
    """DOT text (needs no Graphviz binary)."""
    return journey_graph(journey, styles, links).source


def dot_timeout() -> float:
    """Seconds ``dot`` may take: ``JOURNEYMAP_DOT_TIMEOUT``, else ``DOT_TIMEOUT``."""
    raw = os.environ.get("JOURNEYMAP_DOT_TIMEOUT", "").strip()
    if not raw:
        return DOT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1
    if not 0 < seconds <= 24 * 3600:
        raise InputError(
            Finding(
                path="JOURNEYMAP_DOT_TIMEOUT",
                message=f"must be a number of seconds between 0 and 86400 (got {raw!r})",
            )
        )
    return seconds


def dot_image(
    journey: Journey,
    fmt: str,
    styles: Sequence[PersonaStyle] = (),
    links: Mapping[str, Sequence[StepLink]] | None = None,
) -> bytes:
    """SVG or PNG bytes made by the ``dot`` program, bounded in time and size.

    Graphviz's spline router fails on some large branching maps ("triangulation
    failed", "Pshortestpath failed": dot exits 1). Such a map is laid out again
    with straight edges (``splines=line``), which always route; any other
    failure is one clear line with dot's own reason.
    """
    source = dot_source(journey, styles, links).encode("utf-8")
    completed = _run_dot(source, fmt, [])
    if completed.returncode != 0 and ROUTING_FAILURE.search(
        completed.stderr.decode("utf-8", "replace")
    ):
        completed = _run_dot(source, fmt, ["-Gsplines=line"])
    if completed.returncode != 0:
        reason = completed.first_error_line(f"exit code {completed.returncode}")
        raise InputError(
            Finding(path="graphviz", message=f"dot could not draw the {fmt}: {clean(reason)}")
        )
    return completed.stdout


def _run_dot(source: bytes, fmt: str, options: list[str]) -> Completed:
    from journeymap.process import ProcessError, base_environment, run_bounded

    timeout = dot_timeout()
    try:
        return run_bounded(
            ["dot", f"-T{fmt}", *options],
            stdin=source,
            timeout=timeout,
            max_output=DOT_MAX_OUTPUT,
            env=base_environment(),
        )
    except ProcessError as error:
        if error.reason == "missing":
            raise InputError(
                Finding(path="graphviz", message=MISSING_DOT.format(fmt=fmt))
            ) from None
        hint = (
            " (set JOURNEYMAP_DOT_TIMEOUT to allow more seconds)"
            if error.reason == "timeout"
            else ""
        )
        raise InputError(Finding(path="graphviz", message=f"{error}{hint}")) from None
