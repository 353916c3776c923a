"""Human output of a diff: grouped by document and stage, one line per change.

Colour only on a terminal and never with ``NO_COLOR`` (``report.shared.use_colour``,
as for findings), so CI logs, pipes and ``-o`` files get plain text. User text
goes through ``safetext.clean`` before rich's markup escaping: no control
character, escape sequence or bidi override reaches the terminal or CI log.
"""

from __future__ import annotations

import io
from typing import TextIO

from journeymap.diff.model import Change, DiffResult
from journeymap.diff.report import SYMBOLS, group, summary_sentence
from journeymap.report.shared import use_colour
from journeymap.safetext import clean

STYLE = {
    "added": "green",
    "removed": "red",
    "renamed": "magenta",
    "moved": "blue",
    "changed": "yellow",
    "emotion-improved": "bold green",
    "emotion-worsened": "bold red",
}


def render(result: DiffResult, summary_only: bool = False) -> str:
    """Plain text (no colour), as written to a file."""
    buffer = io.StringIO()
    write(result, buffer, summary_only=summary_only)
    return buffer.getvalue()


def write(result: DiffResult, stream: TextIO, *, summary_only: bool = False) -> None:
    """Write the report to ``stream``, coloured when it is a terminal."""
    from rich.console import Console
    from rich.markup import escape as escape_markup

    def escape(text: str) -> str:
        return escape_markup(clean(text))

    colour = use_colour(stream)  # the same decision as the findings reporter's
    console = Console(
        file=stream, highlight=False, soft_wrap=True, force_terminal=colour, no_color=not colour
    )
    console.print(
        f"[bold]journeymap diff[/] {escape(result.old_label)} → {escape(result.new_label)}"
    )
    if summary_only:
        for category, count in result.counts().items():
            console.print(f"  [{STYLE[category]}]{category:<17}[/] {count}")
        console.print(summary_sentence(result))
        return
    console.print()

    def line(change: Change, indent: str) -> None:
        style = STYLE[change.category]
        mark = "!" if change.level == "warning" else " "
        console.print(
            f"{indent}[{style}]{SYMBOLS[change.category]}[/] [dim]{mark}{change.kind}:[/] "
            f"{escape(change.message)}"
        )
        if change.hint:
            console.print(f"{indent}    [dim]hint:[/] {escape(change.hint)}")

    for document in group(result):
        where = f" [dim]({escape(document.path)})[/]" if document.path else ""
        console.print(
            f"[bold underline]{document.kind} {escape(document.id)}[/] {escape(document.title)}{where}"
        )
        for change in document.top:
            line(change, "  ")
        for stage in document.stages:
            console.print(f"  [bold]stage {escape(stage.id)}[/] [dim]·[/] {escape(stage.name)}")
            for change in stage.changes:
                line(change, "    ")
        console.print()
    console.print(summary_sentence(result))
