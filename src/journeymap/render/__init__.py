"""Render journey maps: an HTML handout, Graphviz (DOT, SVG, PNG) and Mermaid.

``render_journey`` turns one journey document into text or bytes;
``render_paths`` is what ``journeymap render`` calls: it loads the workspaces,
picks the journeys, checks every output path (see ``render.output``) and writes.
Renderers import jinja2 and graphviz lazily, so importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from journeymap.findings import Finding, InputError
from journeymap.render.paper import DEFAULT_LAYOUT, DEFAULT_PAPER, check_layout, paper_named

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

Format = Literal["html", "dot", "svg", "png", "mermaid"]
FORMATS: tuple[str, ...] = ("html", "dot", "svg", "png", "mermaid")
MERMAID_KINDS: tuple[str, ...] = ("journey", "flowchart")


@dataclass(slots=True)
class RenderRun:
    """What a render wrote: files, or the text meant for standard output."""

    written: list[Path] = field(default_factory=list)
    stdout: str | None = None
    warnings: list[Finding] = field(default_factory=list)
    """Problems that do not stop a render (broken references, files the config misses):
    the map is drawn, and the caller says what is wrong with it."""


def render_journey(
    workspace: Workspace,
    document: SourceDocument,
    fmt: str,
    *,
    mermaid_kind: str = "journey",
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
) -> str | bytes:
    """One journey in one format: ``str`` for text formats, ``bytes`` for png.

    ``workspace`` gives the personas, messaging vocabulary, team and segment names;
    ``document`` is the journey's ``SourceDocument``. ``layout`` (poster or pack) and
    ``paper`` (see ``render.paper.PAPERS``) decide how the HTML handout prints.
    """
    from journeymap.model.journey import Journey

    journey = document.model
    if not isinstance(journey, Journey):
        raise InputError(
            Finding(path=document.path, message=f"is a {document.kind}, not a journey")
        )
    if fmt == "html":
        from journeymap.render.html import render_html

        return render_html(workspace, document, layout=layout, paper=paper)
    if fmt == "dot":
        from journeymap.render.dot import dot_source

        return dot_source(journey)
    if fmt in ("svg", "png"):
        from journeymap.render.dot import dot_image

        image = dot_image(journey, fmt)
        return image.decode("utf-8") if fmt == "svg" else image
    if fmt == "mermaid":
        from journeymap.render.mermaid import flowchart, journey_diagram

        if mermaid_kind == "flowchart":
            return flowchart(journey)
        if mermaid_kind == "journey":
            return journey_diagram(journey, workspace.config.teams)
        raise InputError(
            Finding(
                path="--mermaid-kind",
                message=f"must be journey or flowchart (got {mermaid_kind!r})",
            )
        )
    raise InputError(
        Finding(path="--format", message=f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
    )


def render_paths(
    paths: Sequence[str | Path],
    fmt: str,
    output: str | None = None,
    *,
    force: bool = False,
    mermaid_kind: str = "journey",
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
) -> RenderRun:
    """Render every journey among ``paths`` (files or directories) to ``output``.

    ``output`` is a file, a directory (one ``<journey-id>.<ext>`` per journey), ``-``
    or ``None`` for standard output. ``layout`` and ``paper`` choose how the handout
    prints (see ``render.paper``). Raises ``InputError`` (one clear line) for
    unusable input and refused output paths; nothing is written then. Broken
    references do not stop the render: they are returned in ``RenderRun.warnings``.
    """
    from journeymap.references import check_references
    from journeymap.render.output import plan_outputs, write_output
    from journeymap.workspace import load_workspaces

    if fmt not in FORMATS:
        raise InputError(
            Finding(path="--format", message=f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
        )
    check_layout(layout)
    paper_named(paper)
    workspaces = load_workspaces(paths)
    jobs = []
    warnings: list[Finding] = []
    inputs: list[Path] = [Path(path) for path in paths if Path(path).is_file()]
    for workspace in workspaces:
        errors = [
            f for f in workspace.findings if f.severity == "error" and workspace.is_target(f.path)
        ]
        if errors:
            raise InputError(min(errors, key=lambda finding: finding.sort_key))
        warnings.extend(
            finding
            for finding in [*workspace.findings, *check_references(workspace)]
            if workspace.is_target(finding.path)
        )
        inputs.extend(workspace.files)
        if workspace.config_path is not None:
            inputs.append(workspace.config_path)
        jobs.extend(
            (workspace, document)
            for document in workspace.of_kind("journey")
            if workspace.is_target(document.path)
        )
    if not jobs:
        raise InputError(
            Finding(path=", ".join(map(str, paths)), message="no journey to render here")
        )
    targets = plan_outputs(
        [document.id for _, document in jobs], fmt, output, inputs=inputs, force=force
    )
    run = RenderRun(warnings=sorted(warnings, key=lambda finding: finding.sort_key))
    rendered = [
        render_journey(
            workspace, document, fmt, mermaid_kind=mermaid_kind, layout=layout, paper=paper
        )
        for workspace, document in jobs
    ]
    for target, data in zip(targets, rendered, strict=True):
        if target is None:
            run.stdout = data if isinstance(data, str) else data.decode("utf-8")
        else:
            write_output(target, data)
            run.written.append(target)
    return run
