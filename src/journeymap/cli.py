"""The command line: a table of contents, one short function per command.

No checking logic lives here: each command parses options, calls a library
function and maps the result to an exit code (0 clean, 1 findings, 2 usage or
input error). Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, NoReturn, TypeVar

import typer

from journeymap import __version__
from journeymap.findings import InputError

app = typer.Typer(
    name="journeymap",
    help="Customer journey maps, personas and messaging hierarchies as code: "
    "validate, lint, diff and render YAML maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

T = TypeVar("T")
EXIT_INPUT_ERROR = 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journeymap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """journeymap: journey maps as code."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"journeymap: {message}", err=True)
    raise typer.Exit(EXIT_INPUT_ERROR)


def _guard(action: Callable[[], T]) -> T:
    """Run ``action``; turn input errors into one clear line and exit code 2."""
    try:
        return action()
    except InputError as error:
        _fail(str(error.finding))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the workspace.")] = Path(),
) -> None:
    """Create a starter workspace (config, persona, seven-stage journey, messaging) that validates."""
    from journeymap.scaffold import init_workspace

    written = _guard(lambda: init_workspace(directory))
    for path in written:
        typer.echo(f"created {path}")
    typer.echo(f"Next: cd {directory} && journeymap validate")


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or directories. Default: the workspace of ./journeymap.yaml.",
            readable=False,  # the loader reports unreadable files itself, with the path
        ),
    ] = None,
    fmt: Annotated[
        Literal["text", "json", "github", "sarif"],
        typer.Option(
            "--format",
            "-f",
            help="text (for people), json, github (Actions annotations) or sarif (2.1.0).",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODES",
            help="Run only these rules: codes or prefixes (JM2), comma-separated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODES",
            help="Skip these rules: codes or prefixes, comma-separated.",
        ),
    ] = None,
    fail_on: Annotated[
        Literal["error", "warning", "info"] | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity that exits with 1. Default: lint.fail_on, else error.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Processes that parse files. 0 (default): one per core for 200+ files.",
        ),
    ] = 0,
) -> None:
    """Check files against the schema, cross-file references and lint rules."""
    from journeymap.report.formats import render_report
    from journeymap.report.progress import progress_bar
    from journeymap.validate import validate_paths

    with progress_bar() as progress:
        run = _guard(
            lambda: validate_paths(
                paths or [],
                select=_codes(select),
                ignore=_codes(ignore),
                progress=progress,
                jobs=jobs,
            )
        )
    render_report(fmt, run.findings, run.files, sys.stdout)
    raise typer.Exit(run.exit_code(fail_on))


def _codes(values: list[str] | None) -> list[str] | None:
    """``--select JM1,JM201 --select JM3`` → ``[JM1, JM201, JM3]``."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code (JM201) or prefix (JM2) to show.")
    ] = None,
    fmt: Annotated[
        Literal["text", "markdown", "json"],
        typer.Option(
            "--format",
            "-f",
            help="text, markdown (the README table) or json.",
        ),
    ] = "text",
) -> None:
    """List the lint rules, or show the documentation of one rule."""
    from journeymap.lint.docs import render_rules

    _guard(lambda: render_rules(code, fmt, sys.stdout))


@app.command()
def render(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Journey files or workspace directories.", readable=False),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="html, dot, svg, png or mermaid.")
    ] = "html",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File, or directory for several journeys (<journey-id>.<ext>); "
            "'-' or nothing: standard output (text formats, one journey).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
    mermaid_kind: Annotated[
        str,
        typer.Option("--mermaid-kind", help="journey (default) or flowchart (shows branches)."),
    ] = "journey",
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            help="How the handout prints: pack (summary page, then a stage or two per page) "
            "or poster (the whole map on one sheet).",
        ),
    ] = "pack",
    paper: Annotated[
        str,
        typer.Option(
            "--paper", help="Paper for printing, landscape: a0, a1, a2, a3, a4, letter, tabloid."
        ),
    ] = "a4",
) -> None:
    """Render journeys as an HTML handout, Graphviz (dot, svg, png) or Mermaid."""
    from journeymap.render import render_paths

    run = _guard(
        lambda: render_paths(
            paths,
            fmt,
            output,
            force=force,
            mermaid_kind=mermaid_kind,
            layout=layout,
            paper=paper,
        )
    )
    if run.stdout is not None:
        sys.stdout.write(run.stdout)
    for path in run.written:
        typer.echo(f"wrote {path}", err=True)


@app.command()
def diff(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW [-- PATHS...]",
            help="Two files, directories or git revisions; after --, paths inside the revisions.",
        ),
    ] = None,
    rev: Annotated[
        str | None, typer.Option("--rev", help="Git revision range A..B instead of OLD NEW.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, markdown, json or html.")
    ] = "text",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output file.")
    ] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Counts only.")] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 only for these (comma-separated): any (default), none, a category "
            "(added, removed, renamed, moved, changed, emotion-improved, emotion-worsened), "
            "warning, or a change kind such as moment-of-truth-lost.",
        ),
    ] = None,
) -> None:
    """What changed between two versions of the maps, in customer terms (not a line diff)."""
    from journeymap.diff.command import run_command

    code = _guard(
        lambda: run_command(
            arguments or [],
            revision_range=rev,
            fmt=fmt,
            output=output,
            force=force,
            summary=summary,
            fail_on=fail_on,
            stdout=sys.stdout,
        )
    )
    raise typer.Exit(code)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="journey, persona, messaging or config.")],
) -> None:
    """Print the JSON Schema of one kind of file (for editors and other validators)."""
    from journeymap.schema import SCHEMA_KINDS, schema_text

    if kind not in SCHEMA_KINDS:
        _fail(f"unknown kind {kind!r}; choose one of: {', '.join(SCHEMA_KINDS)}")
    sys.stdout.write(schema_text(kind))


def main() -> None:
    """Console entry point: never show a Python traceback to a user."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("journeymap: interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        typer.echo(
            f"journeymap: internal error: {type(error).__name__}: {error} "
            "(set JOURNEYMAP_DEBUG=1 for details and please report it)",
            err=True,
        )
        sys.exit(EXIT_INPUT_ERROR)
