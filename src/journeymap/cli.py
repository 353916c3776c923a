"""The command line: a table of contents, one short function per command.

No checking logic lives here: each command parses options, calls a library
function and maps the result to an exit code (0 clean, 1 findings, 2 usage or
input error). Heavy imports happen inside the commands that need them.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeVar

import typer
import typer.core

from journeymap import __version__
from journeymap.findings import Finding, InputError
from journeymap.safetext import clean

if TYPE_CHECKING:  # annotations only: typer 0.17+ bundles its own click, so click may be absent
    import click


class _Command(typer.core.TyperCommand):
    """Help that names an argument by its metavar (PATHS...), without typer's ``<list[Path]>``."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name != "argument":
                options.append(record)
                continue
            name = param.metavar or param.name or ""
            if param.nargs != 1 and not name.endswith((".", "]")):
                name += "..."
            arguments.append((name, record[1]))
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


app = typer.Typer(
    name="journeymap",
    help="Customer journey maps, personas and messaging hierarchies as code: "
    "validate, lint, diff and render YAML maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

T = TypeVar("T")
EXIT_INPUT_ERROR = 2


def _format_option(choices: str, help: str) -> Any:
    """``--format``/``-f``, spelled the same by every command; ``choices`` is its metavar."""
    return typer.Option("--format", "-f", metavar=choices, help=help)


def _output_option(metavar: str, help: str) -> Any:
    """``--output``/``-o``, spelled the same by every command that writes a file."""
    return typer.Option("--output", "-o", metavar=metavar, help=help)


WorkspacePaths = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATHS",
        help="Files or directories. Default: the workspace of ./journeymap.yaml.",
        readable=False,  # the loader reports unreadable files itself, with the path
    ),
]
"""The files a workspace command reads; none means ./journeymap.yaml's workspace."""

Force = Annotated[bool, typer.Option("--force", help="Replace existing output files.")]
"""Writers never replace a file unless asked."""


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
    typer.echo(f"journeymap: {clean(message)}", err=True)
    raise typer.Exit(EXIT_INPUT_ERROR)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _guard(action: Callable[[], T], report: Callable[[Finding], None] | None = None) -> T:
    """Run ``action``; turn input errors into one clear line and exit code 2 (after
    ``report`` wrote the error in the command's output format, if given)."""
    try:
        return action()
    except InputError as error:
        if report is not None:
            report(error.finding)
        _fail(str(error.finding))


@app.command(cls=_Command)
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where to create the workspace.")
    ] = Path(),
) -> None:
    """Create a starter workspace (config, persona, seven-stage journey, messaging) that validates."""
    from journeymap.scaffold import init_workspace

    written = _guard(lambda: init_workspace(directory))
    for path in written:
        typer.echo(f"created {clean(str(path))}")
    typer.echo(f"Next: cd {clean(str(directory))} && journeymap validate")


@app.command(cls=_Command)
def validate(
    paths: WorkspacePaths = None,
    fmt: Annotated[
        Literal["text", "json", "github", "sarif"],
        _format_option(
            "text|json|github|sarif",
            "text (for people), json, github (Actions annotations) or sarif (2.1.0).",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="RULES",
            help="Run only these rules: codes (JM201), prefixes (JM2) or names "
            "(stage-without-evidence), comma-separated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="RULES",
            help="Skip these rules: codes, prefixes or names, comma-separated.",
        ),
    ] = None,
    fail_on: Annotated[
        Literal["error", "warning", "info"] | None,
        typer.Option(
            "--fail-on",
            metavar="error|warning|info",
            help="Lowest severity that exits with 1. Default: lint.fail_on, else error.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Processes that parse files, at most one per core (default 1). "
            "0: one per core for 200+ files.",
        ),
    ] = 1,
) -> None:
    """Check files against the schema, cross-file references and lint rules."""
    from journeymap.report.formats import render_failure, render_report
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
            ),
            report=lambda finding: render_failure(fmt, finding, sys.stdout),
        )
    render_report(fmt, run.findings, run.files, sys.stdout)
    raise typer.Exit(run.exit_code(fail_on))


def _codes(values: list[str] | None) -> list[str] | None:
    """``--select JM1,JM201 --select JM3`` → ``[JM1, JM201, JM3]``."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@app.command(cls=_Command)
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="RULE",
            help="A rule code (JM201), name (stage-without-evidence) or prefix (JM2) to show.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["text", "markdown", "json"],
        _format_option("text|markdown|json", "text, markdown (the README table) or json."),
    ] = "text",
) -> None:
    """List the lint rules, or show the documentation of one rule."""
    from journeymap.lint.docs import render_rules

    _guard(lambda: render_rules(code, fmt, sys.stdout))


@app.command(cls=_Command)
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
        _format_option(
            "html|pdf|pptx|dot|svg|png|mermaid",
            "html (the handout), pdf, pptx (PowerPoint), Graphviz dot, svg or png, or "
            "mermaid. Personas and messaging: html or pdf.",
        ),
    ] = "html",
    output: Annotated[
        str | None,
        _output_option(
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
        _fail("--persona renders journeys as one persona feels them: leave out --watch and --site")
    if watch:
        from journeymap.watch import serve

        if fmt != "html" or output is not None or site:
            _fail("--watch serves the HTML handout: leave out --format, --output and --site")
        _guard(lambda: serve(paths, port=port, layout=layout, paper=paper, announce=_say))
        return
    if site:
        run = _guard(
            lambda: render_site(paths, output, force=force, layout=layout, paper=paper, fmt=fmt)
        )
    else:
        run = _guard(
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


@app.command(cls=_Command)
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
        str, _format_option("text|markdown|json|html", "text, markdown, json or html.")
    ] = "text",
    output: Annotated[str | None, _output_option("FILE", "Write the report to this file.")] = None,
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

    code = _guard(
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


@app.command("fmt", cls=_Command)
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

    run = _guard(lambda: format_paths(paths or [], check=check, diff=show_diff, out=sys.stdout))
    for finding in run.errors:
        typer.echo(f"journeymap: {finding}", err=True)
    typer.echo(run.summary(check=check or show_diff), err=True)
    raise typer.Exit(run.exit_code(check=check or show_diff))


@app.command(cls=_Command)
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="journey, persona, messaging, backlog or config. Without it: list the kinds.",
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Write every kind's schema into DIR (e.g. .journeymap/schemas) for editors.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of one kind of file (for editors and other validators)."""
    from journeymap.schema import SCHEMA_KINDS, schema_text

    if write is not None:
        from journeymap.editor import write_schemas

        for path in _guard(lambda: write_schemas(write)):
            typer.echo(f"wrote {path}", err=True)
        return
    if kind is None:
        typer.echo("\n".join(SCHEMA_KINDS))
        return
    if kind not in SCHEMA_KINDS:
        _fail(f"unknown kind {kind!r}; choose one of: {', '.join(SCHEMA_KINDS)}")
    sys.stdout.write(schema_text(kind))


@app.command(cls=_Command)
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
        _output_option("FILE", "File to write. Default: <kind folder>/<ID>.yaml."),
    ] = None,
) -> None:
    """Create a document that passes every lint rule, from a blueprint; never overwrites."""
    from journeymap.scaffold import new_document

    written = _guard(
        lambda: new_document(kind, doc_id, persona=persona, stages=stages, output=output)
    )
    from journeymap.discovery import display_path

    for path in written:
        typer.echo(f"created {display_path(path)}")


@app.command(cls=_Command)
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
        _format_option(
            "csv|markdown|json|xlsx",
            "backlog: csv (formula-safe, default), markdown or json; a journey: xlsx.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        _output_option(
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
            _fail(f"unknown export {what!r}; choose one of: {', '.join(WHAT)}, or a journey file")
        if fmt not in (None, "xlsx") or paths:
            _fail(f"a journey file exports as xlsx only (got {what} with {fmt or 'paths'})")
        target = Path(output) if output not in (None, "-") else None
        written_path = _guard(lambda: export_journey(Path(what), target, force=force))
        typer.echo(f"wrote {written_path}", err=True)
        return
    run = _guard(lambda: export_backlog(paths or [], fmt or "csv", moments_only=moments))
    written = _guard(lambda: write_export(run, output, force=force))
    if written is None:
        sys.stdout.write(run.text)
    else:
        typer.echo(f"wrote {written} ({run.rows} opportunities)", err=True)


@app.command("import", cls=_Command)
def import_command(
    workbook: Annotated[
        Path, typer.Argument(metavar="XLSX", help="A workbook made by `journeymap export`.")
    ],
    output: Annotated[
        Path | None,
        _output_option(
            "FILE",
            "The journey YAML to merge the edits into. Default: the file it was exported from.",
        ),
    ] = None,
) -> None:
    """Merge a spreadsheet's edits into the journey's YAML; nothing is written if a cell is invalid."""
    from journeymap.spreadsheet import import_into, source_of

    target = output or _guard(lambda: source_of(workbook))
    run = _guard(lambda: import_into(workbook, target))
    for finding in run.errors:
        typer.echo(f"journeymap: {finding}", err=True)
    if run.errors:
        typer.echo(f"journeymap: {target} was not changed", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    count = len(run.changed_cells)
    typer.echo(f"{target}: {count} cell{'s' if count != 1 else ''} changed", err=True)


def main() -> None:
    """Console entry point: never show a Python traceback to a user.

    Two start-up savings that only make sense for a short-lived process, so they
    live here and not in the library: the cyclic garbage collector stays off
    (imports and model building allocate a lot and free little; a validate run
    keeps its models to the end) and what is alive is frozen before exit, so the
    interpreter's last collection does not walk it; and pydantic does not scan
    the installed packages' entry points for plugins (``PYDANTIC_DISABLE_PLUGINS``,
    unless the environment sets it).
    """
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("journeymap: interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        typer.echo(
            f"journeymap: internal error: {type(error).__name__}: {clean(str(error))} "
            "(set JOURNEYMAP_DEBUG=1 for details and please report it)",
            err=True,
        )
        sys.exit(EXIT_INPUT_ERROR)
    finally:
        gc.freeze()
