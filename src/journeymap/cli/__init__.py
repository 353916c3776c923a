"""The command line: a table of contents, one short function per command.

No checking logic lives here: each command parses options, calls a library
function and maps the result to an exit code (0 clean, 1 findings, 2 usage or
input error). Heavy imports happen inside the commands that need them. The
commands live in ``checks`` (validate, rules, schema), ``documents`` (init, new,
fmt, export, import) and ``views`` (render, diff); ``options`` holds what they share.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Annotated

import typer

from journeymap import __version__
from journeymap.cli import checks, documents, views
from journeymap.cli.options import EXIT_INPUT_ERROR, Command
from journeymap.safetext import clean

app = typer.Typer(
    name="journeymap",
    help="Customer journey maps, personas and messaging hierarchies as code: "
    "validate, lint, diff and render YAML maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

for _name, _command in (
    ("init", documents.init),
    ("validate", checks.validate),
    ("rules", checks.rules),
    ("render", views.render),
    ("diff", views.diff),
    ("fmt", documents.fmt_command),
    ("schema", checks.schema),
    ("new", documents.new),
    ("export", documents.export),
    ("import", documents.import_command),
):
    app.command(_name, cls=Command)(_command)


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
