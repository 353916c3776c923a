"""What every command shares: option spellings, the help layout and the error exits.

The commands (``checks``, ``documents``, ``views``) take their options from here so
that ``--format``/``-f``, ``--output``/``-o``, ``--force`` and the workspace paths are
spelled and explained the same everywhere, and every input error leaves the same
way: one clean line on stderr and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
import typer.core

from journeymap.findings import Finding, InputError
from journeymap.safetext import clean

if TYPE_CHECKING:  # annotations only: typer 0.17+ bundles its own click, so click may be absent
    import click

T = TypeVar("T")
EXIT_INPUT_ERROR = 2


class Command(typer.core.TyperCommand):
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


def format_option(choices: str, help: str) -> Any:
    """``--format``/``-f``, spelled the same by every command; ``choices`` is its metavar."""
    return typer.Option("--format", "-f", metavar=choices, help=help)


def output_option(metavar: str, help: str) -> Any:
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


def fail(message: str) -> NoReturn:
    """A usage or input error: one clean line on stderr, exit code 2."""
    typer.echo(f"journeymap: {clean(message)}", err=True)
    raise typer.Exit(EXIT_INPUT_ERROR)


def say(message: str) -> None:
    """A line for the person at the terminal (stderr: stdout may be a report)."""
    typer.echo(message, err=True)


def guard(action: Callable[[], T], report: Callable[[Finding], None] | None = None) -> T:
    """Run ``action``; turn input errors into one clear line and exit code 2 (after
    ``report`` wrote the error in the command's output format, if given)."""
    try:
        return action()
    except InputError as error:
        if report is not None:
            report(error.finding)
        fail(str(error.finding))
