"""Render journey maps, personas and messaging: HTML, PDF, PowerPoint, Graphviz, Mermaid.

``render_journey`` turns one journey document into text or bytes, and
``render_document`` any renderable document (a persona renders as cards, a
messaging file as its one-page handout); ``render_paths`` is what
``journeymap render`` calls: it loads the workspaces, picks the documents,
checks every output path (see ``render.output``) and writes. ``render.site``
writes a whole workspace as linked pages. Renderers import jinja2, graphviz,
playwright and python-pptx lazily, so importing this package is cheap.
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

Format = Literal["html", "pdf", "pptx", "dot", "svg", "png", "mermaid"]
FORMATS: tuple[str, ...] = ("html", "pdf", "pptx", "dot", "svg", "png", "mermaid")
PAGE_FORMATS: tuple[str, ...] = ("html", "pdf")
"""What personas and messaging files render to (journeys: every format)."""
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
    persona: str | None = None,
) -> str | bytes:
    """One journey in one format: ``str`` for text formats, ``bytes`` for png.

    ``workspace`` gives the personas, messaging vocabulary, team and segment names;
    ``document`` is the journey's ``SourceDocument``. ``layout`` (poster or pack) and
    ``paper`` (see ``render.paper.PAPERS``) decide how the HTML handout prints.
    ``persona`` draws the map as that one persona feels it (``InputError`` with a
    "did you mean" when it is not a persona of the journey).
    """
    from journeymap.model.journey import Journey

    journey = document.model
    if not isinstance(journey, Journey):
        raise InputError(
            Finding(path=document.path, message=f"is a {document.kind}, not a journey")
        )
    if persona is not None:
        from dataclasses import replace

        from journeymap.render.perspective import check_persona

        journey = check_persona(document, persona)
        document = replace(document, model=journey)
    if fmt == "html":
        from journeymap.render.html import render_html

        return render_html(workspace, document, layout=layout, paper=paper, persona=persona)
    if fmt == "pdf":
        from journeymap.render.html import render_html
        from journeymap.render.pdf import html_to_pdf

        page = render_html(workspace, document, layout=layout, paper=paper, persona=persona)
        return html_to_pdf([page])[0]
    if fmt == "pptx":
        from journeymap.render.pptx import render_pptx

        return render_pptx(workspace, document)
    from journeymap.render.perspective import styles_for
    from journeymap.render.relations import step_links

    if fmt == "dot":
        from journeymap.render.dot import dot_source

        return dot_source(journey, styles_for(workspace, journey), step_links(workspace, journey))
    if fmt in ("svg", "png"):
        from journeymap.render.dot import dot_image

        styles, links = styles_for(workspace, journey), step_links(workspace, journey)
        image = dot_image(journey, fmt, styles, links)
        return image.decode("utf-8") if fmt == "svg" else image
    if fmt == "mermaid":
        from journeymap.render.mermaid import flowchart, journey_diagram, mermaid_persona

        if mermaid_kind == "flowchart":
            return flowchart(journey, styles_for(workspace, journey))
        if mermaid_kind == "journey":
            return journey_diagram(
                journey, workspace.config.teams, persona=mermaid_persona(journey)
            )
        raise InputError(
            Finding(
                path="--mermaid-kind",
                message=f"must be journey or flowchart (got {mermaid_kind!r})",
            )
        )
    raise InputError(
        Finding(path="--format", message=f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
    )


def render_document(
    workspace: Workspace,
    document: SourceDocument,
    fmt: str,
    *,
    mermaid_kind: str = "journey",
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
    persona: str | None = None,
) -> str | bytes:
    """Any renderable document in one format: journeys in every format, personas
    (cards) and messaging (the one-page handout) as ``html`` or ``pdf``.

    ``layout`` and ``paper`` apply to journey handouts; the messaging handout is
    laid out for one A4 landscape sheet and persona cards for A5, two to an A4.
    ``persona`` applies to journeys (see ``render_journey``)."""
    if document.kind == "journey":
        return render_journey(
            workspace,
            document,
            fmt,
            mermaid_kind=mermaid_kind,
            layout=layout,
            paper=paper,
            persona=persona,
        )
    html = document_page(workspace, document, fmt)
    if fmt == "pdf":
        from journeymap.render.pdf import html_to_pdf

        return html_to_pdf([html])[0]
    return html


def document_page(
    workspace: Workspace,
    document: SourceDocument,
    fmt: str = "html",
    *,
    home: str | None = None,
    links: dict[str, str] | None = None,
) -> str:
    """The HTML page of a persona or messaging document (``InputError`` for other kinds
    and for formats other than html and pdf). ``home`` and ``links`` are site links."""
    noun = "a messaging file" if document.kind == "messaging" else f"a {document.kind}"
    if fmt not in PAGE_FORMATS:
        raise InputError(
            Finding(path=document.path, message=f"{noun} renders as html or pdf, not {fmt}")
        )
    if document.kind == "persona":
        from journeymap.render.persona import render_persona_html

        return render_persona_html(workspace, [document], home=home, links=links)
    if document.kind == "messaging":
        from journeymap.render.messaging import render_messaging_html

        return render_messaging_html(workspace, document, home=home)
    if document.kind == "backlog":
        from journeymap.render.backlog import render_backlog_page

        return render_backlog_page(workspace, document, home=home, links=links)
    raise InputError(Finding(path=document.path, message=f"{noun} cannot be rendered"))


def render_paths(
    paths: Sequence[str | Path],
    fmt: str,
    output: str | None = None,
    *,
    force: bool = False,
    mermaid_kind: str = "journey",
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
    persona: str | None = None,
) -> RenderRun:
    """Render every journey among ``paths`` (files or directories) to ``output``,
    and every persona and messaging file named as a file.

    ``persona`` draws each journey as that persona feels it: journeys found in a
    directory that do not have the persona are left out, a journey named as a
    file that does not have it is an ``InputError`` (with "did you mean").

    ``output`` is a file, a directory (one ``<id>.<ext>`` per document), ``-``
    or ``None`` for standard output. ``layout`` and ``paper`` choose how a journey
    handout prints (see ``render.paper``); a PDF has the same pages. Raises
    ``InputError`` (one clear line) for unusable input and refused output paths;
    nothing is written then. Broken references do not stop the render: they are
    returned in ``RenderRun.warnings``.
    """
    from journeymap.atomic import write_output
    from journeymap.discovery import configs_as_workspaces
    from journeymap.references import check_references
    from journeymap.render.output import plan_outputs
    from journeymap.stdin import load_inputs

    if fmt not in FORMATS:
        raise InputError(
            Finding(path="--format", message=f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
        )
    check_layout(layout)
    paper_named(paper)
    paths = configs_as_workspaces(paths)
    workspaces = load_inputs(paths)  # '-': one document from standard input
    jobs = []
    warnings: list[Finding] = []
    inputs: list[Path] = [Path(path) for path in paths if Path(path).is_file()]
    named = {path.resolve() for path in inputs}
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
            for document in workspace.documents
            if workspace.is_target(document.path)
            and (
                document.kind == "journey"
                or (document.kind == "backlog" and (fmt == "html" or _named(document, named)))
                or (document.kind in ("persona", "messaging") and _named(document, named))
            )
        )
    if persona is not None:
        from journeymap.render.perspective import jobs_for_persona

        jobs = jobs_for_persona(jobs, persona, named)
    if not jobs:
        raise InputError(
            Finding(path=", ".join(map(str, paths)), message="no journey to render here")
        )
    run = RenderRun(warnings=sorted(warnings, key=lambda finding: finding.sort_key))
    if fmt == "mermaid":  # after the input's problems: what the output format leaves out
        from journeymap.render.mermaid import mermaid_limits

        for workspace, document in jobs:
            limit = mermaid_limits(workspace, document, mermaid_kind, persona)
            if limit is not None:
                run.warnings.append(limit)
    if _cards_on_one_page(jobs, fmt, output):
        return _write_cards(jobs, fmt, Path(str(output)), run, inputs=inputs, force=force)
    targets = plan_outputs(
        [document.id for _, document in jobs], fmt, output, inputs=inputs, force=force
    )
    if fmt == "pdf":  # one browser for every page
        from journeymap.render.pdf import html_to_pdf

        pages = [
            render_document(
                workspace, document, "html", layout=layout, paper=paper, persona=persona
            )
            for workspace, document in jobs
        ]
        rendered: list[str | bytes] = list(html_to_pdf(pages))
    else:
        rendered = [
            render_document(
                workspace,
                document,
                fmt,
                mermaid_kind=mermaid_kind,
                layout=layout,
                paper=paper,
                persona=persona,
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


def _named(document: SourceDocument, named: set[Path]) -> bool:
    """Whether the document's file was named on the command line (not found in a directory)."""
    return Path(document.path).resolve() in named


def _cards_on_one_page(
    jobs: list[tuple[Workspace, SourceDocument]], fmt: str, output: str | None
) -> bool:
    """Several persona files with ``-o FILE.html`` or ``FILE.pdf``: one page of cards,
    so that they print two to an A4 sheet (with ``-o DIR`` each gets its own file)."""
    return (
        len(jobs) > 1
        and fmt in PAGE_FORMATS
        and all(document.kind == "persona" for _, document in jobs)
        and output not in (None, "-")
        and Path(str(output)).suffix.lower() == f".{fmt}"
        and not Path(str(output)).is_dir()
    )


def _write_cards(
    jobs: list[tuple[Workspace, SourceDocument]],
    fmt: str,
    target: Path,
    run: RenderRun,
    *,
    inputs: list[Path],
    force: bool,
) -> RenderRun:
    from journeymap.atomic import write_output
    from journeymap.outputs import check_targets
    from journeymap.render.persona import persona_card, render_cards_html

    check_targets([target], inputs=inputs, force=force)
    page = render_cards_html([persona_card(workspace, document) for workspace, document in jobs])
    if fmt == "pdf":
        from journeymap.render.pdf import html_to_pdf

        write_output(target, html_to_pdf([page])[0])
    else:
        write_output(target, page)
    run.written.append(target)
    return run
