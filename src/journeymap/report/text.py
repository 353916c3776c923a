"""Human output: ``path:line:col: CODE message`` lines grouped by file, then a summary.

User text (paths, messages, hints) goes through ``safetext.clean``: no control
character, escape sequence or bidi override reaches the terminal or CI log.

Colour comes from rich only on a terminal and never with ``NO_COLOR`` (rich
honours both), so CI logs and pipes get plain text.
"""

from __future__ import annotations

import os
from collections import Counter
from itertools import groupby
from typing import TextIO

from journeymap.findings import Finding
from journeymap.safetext import clean, clean_line_start

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(findings: list[Finding], files: int) -> str:
    """One closing line with counts, e.g. ``2 errors, 1 warning in 1 file (12 files checked)``."""
    if not findings:
        return f"All checks passed ({_plural(files, 'file')} checked)."
    counts = Counter(finding.severity for finding in findings)
    parts = [
        _plural(counts[level], level) for level in ("error", "warning", "info") if counts[level]
    ]
    affected = len({finding.path for finding in findings})
    return f"Found {', '.join(parts)} in {_plural(affected, 'file')} ({_plural(files, 'file')} checked)."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write findings grouped by file, with hints, and the summary line."""
    from rich.console import Console
    from rich.markup import escape

    # NO_COLOR turns off all styling (rich alone would keep bold and dim).
    plain = bool(os.environ.get("NO_COLOR"))
    console = Console(
        file=stream, highlight=False, soft_wrap=True, color_system=None if plain else "auto"
    )
    for path, group in groupby(findings, key=lambda finding: finding.path):
        console.print(f"[bold underline]{escape(clean_line_start(path))}[/]")
        for finding in group:
            style = STYLE[finding.severity]
            console.print(
                f"  [dim]{escape(clean(finding.location))}:[/] [{style}]{finding.code}[/] "
                f"[{style}]{finding.severity}[/] {escape(clean(finding.message))}"
            )
            if finding.hint:
                console.print(f"    [dim]hint:[/] {escape(clean(finding.hint))}")
        console.print()
    console.print(summary_line(findings, files))
