"""Commands that show maps to people: ``render`` (handouts, diagrams, slides, sites) and
``diff`` (what changed between two versions, in customer terms)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.options import Force, fail, format_option, guard, output_option, say
from journeymap.safetext import clean


def render(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATHS",
            help="Journey, persona or messaging files, or workspace directories (journeys).",
            readable=False,
        ),
    ],
    fmt: Annotated[
        str,
        format_option(
            "html|pdf|pptx|dot|svg|png|mermaid",
            "html (the handout), pdf, pptx (PowerPoint), Graphviz dot, svg or png, or "
            "mermaid. Personas and messaging: html or pdf.",
        ),
    ] = "html",
    output: Annotated[
        str | None,
        output_option(
            "PATH",
            "File, or directory for several journeys (<journey-id>.<ext>); "
            "'-' or nothing: standard output (text formats, one journey).",
        ),
    ] = None,
    force: Force = False,
    mermaid_kind: Annotated[
        str,
        typer.Option(
            "--mermaid-kind",
            metavar="journey|flowchart",
            help="journey (default) or flowchart (shows branches).",
        ),
    ] = "journey",
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            metavar="pack|poster",
            help="How the handout prints: pack (summary page, then a stage or two per page) "
            "or poster (the whole map on one sheet).",
        ),
    ] = "pack",
    paper: Annotated[
        str,
        typer.Option(
            "--paper",
            metavar="a0|a1|a2|a3|a4|letter|tabloid",
            help="Paper for printing, landscape: a0, a1, a2, a3, a4, letter, tabloid.",
        ),
    ] = "a4",
    site: Annotated[
        bool,
        typer.Option(
            "--site",
            help="Write every journey, persona and messaging file as linked pages "
            "plus index.html into the directory -o.",
        ),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Serve the HTML handout on 127.0.0.1 and re-render it whenever a file of "
            "the workspace changes (the page reloads itself). Ctrl-C stops.",
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            "--port", metavar="N", min=0, max=65535, help="Port for --watch (0: any free)."
        ),
    ] = 8000,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            metavar="ID",
            help="Draw each journey as this persona feels it (its emotions only); "
            "journeys without it are left out.",
        ),
    ] = None,
) -> None:
    """Render journeys (handout, PDF, PowerPoint, Graphviz, Mermaid), persona cards,
    the messaging handout, or a whole workspace as a site."""
    from journeymap.render import render_paths
    from journeymap.render.site import render_site

    if persona is not None and (watch or site):
        fail("--persona renders journeys as one persona feels them: leave out --watch and --site")
    if watch:
        from journeymap.watch import serve

        if fmt != "html" or output is not None or site:
            fail("--watch serves the HTML handout: leave out --format, --output and --site")
        guard(lambda: serve(paths, port=port, layout=layout, paper=paper, announce=say))
        return
    if site:
        run = guard(
            lambda: render_site(paths, output, force=force, layout=layout, paper=paper, fmt=fmt)
        )
    else:
        run = guard(
            lambda: render_paths(
                paths,
                fmt,
                output,
                force=force,
                mermaid_kind=mermaid_kind,
                layout=layout,
                paper=paper,
                persona=persona,
            )
        )
    for finding in run.warnings:
        code = f"{finding.code} " if finding.code else ""
        typer.echo(
            f"journeymap: warning: {clean(finding.location)}: {code}{clean(finding.message)}",
            err=True,
        )
    if run.stdout is not None:
        sys.stdout.write(run.stdout)
    for path in run.written:
        typer.echo(f"wrote {clean(str(path))}", err=True)


def diff(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW [-- PATHS...]",
            help="Two files, directories or git revisions; after --, paths inside the revisions.",
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option("--rev", metavar="A..B", help="Git revision range A..B instead of OLD NEW."),
    ] = None,
    fmt: Annotated[
        str, format_option("text|markdown|json|html", "text, markdown, json or html.")
    ] = "text",
    output: Annotated[str | None, output_option("FILE", "Write the report to this file.")] = None,
    force: Force = False,
    summary: Annotated[bool, typer.Option("--summary", help="Counts only.")] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="KINDS",
            help="Exit 1 only for these (comma-separated): any (default), none, a category "
            "(added, removed, renamed, moved, changed, emotion-improved, emotion-worsened), "
            "warning, or a change kind such as moment-of-truth-lost, emotion-worsened "
            "(per persona too), lane-item-added, employee-step-changed, state-changed.",
        ),
    ] = None,
    current_future: Annotated[
        str | None,
        typer.Option(
            "--current-future",
            metavar="JOURNEY",
            help="Compare a future-state journey (id or file) with the journey it is "
            "based_on, in one workspace (PATH, default: the current directory's).",
        ),
    ] = None,
) -> None:
    """What changed between two versions of the maps, in customer terms (not a line diff)."""
    from journeymap.diff.command import run_command

    code = guard(
        lambda: run_command(
            arguments or [],
            revision_range=rev,
            fmt=fmt,
            output=output,
            force=force,
            summary=summary,
            fail_on=fail_on,
            current_future=current_future,
            stdout=sys.stdout,
        )
    )
    raise typer.Exit(code)
