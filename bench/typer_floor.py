"""A typer command line with ``journeymap validate``'s options that does nothing.

The floor of start-up for any typer program with these options: typer 0.29
builds a pydantic ``TypeAdapter`` for every parameter of the command it runs
(given or not), which imports pydantic and builds about ten adapters before the
command's function is called. ``bench/run.py`` times it next to ``import typer``.
The garbage collector is off, as in journeymap's ``main``, so that what
``validate`` costs above this is journeymap's own work.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated, Literal

import typer

app = typer.Typer(
    name="floor", no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None
)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", is_eager=True)] = False) -> None:
    """The same root options as journeymap (completion options are added by typer)."""


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(readable=False)] = None,
    fmt: Annotated[
        Literal["text", "json", "github", "sarif"], typer.Option("--format", "-f")
    ] = "text",
    select: Annotated[list[str] | None, typer.Option("--select")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore")] = None,
    fail_on: Annotated[
        Literal["error", "warning", "info"] | None, typer.Option("--fail-on")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0)] = 1,
) -> None:
    """Parse the options, then nothing."""


if __name__ == "__main__":
    gc.disable()
    app()
