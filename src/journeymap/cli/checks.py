"""Commands that check maps: ``validate`` (the CI gate), ``rules`` (their documentation)
and ``schema`` (the JSON Schemas editors and other validators use)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from journeymap.cli.options import WorkspacePaths, fail, format_option, guard


def validate(
    paths: WorkspacePaths = None,
    fmt: Annotated[
        Literal["text", "json", "github", "sarif"],
        format_option(
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
        run = guard(
            lambda: validate_paths(
                paths or [],
                select=_codes(select),
                ignore=_codes(ignore),
                progress=progress,
                jobs=jobs,
                fail_on=fail_on,
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
        format_option("text|markdown|json", "text, markdown (the README table) or json."),
    ] = "text",
) -> None:
    """List the lint rules, or show the documentation of one rule."""
    from journeymap.lint.docs import render_rules

    guard(lambda: render_rules(code, fmt, sys.stdout))


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

        for path in guard(lambda: write_schemas(write)):
            typer.echo(f"wrote {path}", err=True)
        return
    if kind is None:
        typer.echo("\n".join(SCHEMA_KINDS))
        return
    if kind not in SCHEMA_KINDS:
        fail(f"unknown kind {kind!r}; choose one of: {', '.join(SCHEMA_KINDS)}")
    sys.stdout.write(schema_text(kind))
