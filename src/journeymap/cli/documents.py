"""Commands that write maps: ``init`` and ``new`` create them, ``fmt`` lays them out, and
``export``/``import`` take the backlog or a journey to a tracker or a spreadsheet and back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from journeymap.cli.options import (
    EXIT_INPUT_ERROR,
    Force,
    WorkspacePaths,
    fail,
    format_option,
    guard,
    output_option,
)
from journeymap.safetext import clean


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to create the workspace.")
    ] = Path(),
) -> None:
    """Create a starter workspace (config, persona, seven-stage journey, messaging) that validates."""
    from journeymap.scaffold import init_workspace

    written = guard(lambda: init_workspace(directory))
    for path in written:
        typer.echo(f"created {clean(str(path))}")
    typer.echo(f"Next: cd {clean(str(directory))} && journeymap validate")


def new(
    kind: Annotated[
        str, typer.Argument(metavar="KIND", help="journey, persona, messaging or backlog.")
    ],
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="The new document's id.")],
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            metavar="ID",
            help="Persona id the journey is for (default: the only persona).",
        ),
    ] = None,
    stages: Annotated[
        Literal["seven", "buy-own-advocate", "employee"],
        typer.Option(
            "--stages",
            metavar="seven|buy-own-advocate|employee",
            help="The stage set a journey starts from.",
        ),
    ] = "seven",
    output: Annotated[
        Path | None,
        output_option("FILE", "File to write. Default: <kind folder>/<ID>.yaml."),
    ] = None,
) -> None:
    """Create a document that passes every lint rule, from a blueprint; never overwrites."""
    from journeymap.scaffold import new_document

    written = guard(
        lambda: new_document(kind, doc_id, persona=persona, stages=stages, output=output)
    )
    from journeymap.discovery import display_path

    for path in written:
        typer.echo(f"created {display_path(path)}")


def fmt_command(
    paths: WorkspacePaths = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 and name the files that need it."),
    ] = False,
    show_diff: Annotated[
        bool,
        typer.Option("--diff", help="Change nothing; print what would change as a unified diff."),
    ] = False,
) -> None:
    """Format maps in one layout: schema key order, consistent indentation and quoting."""
    from journeymap.format.command import format_paths

    run = guard(lambda: format_paths(paths or [], check=check, diff=show_diff, out=sys.stdout))
    for finding in run.errors:
        typer.echo(f"journeymap: {finding}", err=True)
    typer.echo(run.summary(check=check or show_diff), err=True)
    raise typer.Exit(run.exit_code(check=check or show_diff))


def export(
    what: Annotated[
        str,
        typer.Argument(
            metavar="WHAT",
            help="backlog (the opportunities, for a tracker) or a journey FILE (a workbook).",
        ),
    ],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATHS]...",
            help="For backlog: workspace files or directories. Default: ./journeymap.yaml's.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        format_option(
            "csv|markdown|json|xlsx",
            "backlog: csv (formula-safe, default), markdown or json; a journey: xlsx.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        output_option(
            "FILE", "Write to this file ('-': stdout). A journey's default: <file name>.xlsx."
        ),
    ] = None,
    force: Force = False,
    moments: Annotated[
        bool,
        typer.Option(
            "--moments-of-truth",
            help="Only opportunities that address a moment of truth or a step at emotion "
            "-1 or below, worst first.",
        ),
    ] = False,
) -> None:
    """Export the backlog for a tracker, or a journey as a spreadsheet that `import` takes back."""
    from journeymap.export import WHAT, export_backlog, write_export

    if what not in WHAT:
        from journeymap.spreadsheet import export_journey

        if not Path(what).is_file():
            fail(f"unknown export {what!r}; choose one of: {', '.join(WHAT)}, or a journey file")
        if fmt not in (None, "xlsx") or paths:
            fail(f"a journey file exports as xlsx only (got {what} with {fmt or 'paths'})")
        target = Path(output) if output not in (None, "-") else None
        written_path = guard(lambda: export_journey(Path(what), target, force=force))
        typer.echo(f"wrote {written_path}", err=True)
        return
    run = guard(lambda: export_backlog(paths or [], fmt or "csv", moments_only=moments))
    written = guard(lambda: write_export(run, output, force=force))
    if written is None:
        sys.stdout.write(run.text)
    else:
        typer.echo(f"wrote {written} ({run.rows} opportunities)", err=True)


def import_command(
    workbook: Annotated[
        Path, typer.Argument(metavar="XLSX", help="A workbook made by `journeymap export`.")
    ],
    output: Annotated[
        Path | None,
        output_option(
            "FILE",
            "The journey YAML to merge the edits into. Default: the file it was exported from.",
        ),
    ] = None,
) -> None:
    """Merge a spreadsheet's edits into the journey's YAML; nothing is written if a cell is invalid."""
    from journeymap.discovery import display_path
    from journeymap.spreadsheet import import_into, source_of

    target = output or guard(lambda: source_of(workbook))
    run = guard(lambda: import_into(workbook, target))
    shown = clean(display_path(target))
    for finding in run.errors:
        typer.echo(f"journeymap: {clean(str(finding))}", err=True)
    if run.errors:
        typer.echo(f"journeymap: {shown} was not changed", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    count = len(run.changed_cells)
    typer.echo(f"{shown}: {count} cell{'s' if count != 1 else ''} changed", err=True)
