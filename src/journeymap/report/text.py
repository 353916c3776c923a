"""Human output: ``path:line:col: CODE message`` lines grouped by file, then a summary.

User text (paths, messages, hints) goes through ``safetext.clean``: no control
character, escape sequence or bidi override reaches the terminal or CI log.

Colour comes from rich only on a terminal and never with ``NO_COLOR``, so CI
logs and pipes get plain text (written without rich at all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import groupby
from typing import TextIO

from journeymap.findings import Finding
from journeymap.report.shared import plural, use_colour
from journeymap.safetext import clean, clean_line_start

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(findings: list[Finding], files: int) -> str:
    """One closing line with counts, e.g. ``2 errors, 1 warning in 1 file (12 files checked)``."""
    if not findings:
        return f"All checks passed ({plural(files, 'file')} checked)."
    counts = Counter(finding.severity for finding in findings)
    parts = [
        plural(counts[level], level) for level in ("error", "warning", "info") if counts[level]
    ]
    affected = len({finding.path for finding in findings})
    return (
        f"Found {', '.join(parts)} in {plural(affected, 'file')} ({plural(files, 'file')} checked)."
    )


def render_text(findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write findings grouped by file, with hints, and the summary line.

    Without colour (a file, a pipe, CI, ``NO_COLOR``) the lines are joined and
    written as plain strings: a first run on a big workspace reports thousands
    of findings, and rich's console costs tens of microseconds a line. On a
    terminal rich draws the colours from styled segments (no markup to parse).
    A clean run has nothing to colour, so it does not import rich (30 ms of start-up).
    """
    if not findings or not use_colour(stream):
        stream.write("".join(_plain(findings, files)))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    for path, group in groupby(findings, key=lambda finding: finding.path):
        console.print(Text(clean_line_start(path), style="bold underline"))
        for finding in group:
            style = STYLE[finding.severity]
            console.print(
                Text.assemble(
                    "  ",
                    (f"{clean(finding.location)}:", "dim"),
                    " ",
                    (finding.code, style),
                    " ",
                    (finding.severity, style),
                    f" {clean(finding.message)}",
                )
            )
            if finding.hint:
                console.print(Text.assemble("    ", ("hint:", "dim"), f" {clean(finding.hint)}"))
        console.print()
    console.print(summary_line(findings, files))


def _plain(findings: list[Finding], files: int) -> Iterator[str]:
    for path, group in groupby(findings, key=lambda finding: finding.path):
        yield f"{clean_line_start(path)}\n"
        for finding in group:
            location, message = clean(finding.location), clean(finding.message)
            yield f"  {location}: {finding.code} {finding.severity} {message}\n"
            if finding.hint:
                yield f"    hint: {clean(finding.hint)}\n"
        yield "\n"
    yield summary_line(findings, files) + "\n"
