"""GitHub Actions output: one workflow command per finding, shown as an annotation on the PR.

Syntax (GitHub's "workflow commands")::

    ::error file=journeys/b2b.yaml,line=18,col=5,title=JM201 stage-without-evidence::message

``error``, ``warning`` and ``notice`` (for info) are the levels. In the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` are
too. Before that, user text goes through ``safetext.clean``, so a key holding
``\n::stop-commands::`` or an escape sequence stays inert text inside one
annotation. Files are named from the repository root, as in SARIF: GitHub attaches an
annotation to a file of the pull request only by that path, and a step may run in a
sub-folder (``working-directory:``) or validate ``../maps``. The hint follows the message on a second line. A plain summary line ends
the output; the log shows it, and it is not a command.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TextIO

from journeymap.findings import Finding
from journeymap.report.json import rule_name
from journeymap.report.sarif import relative_to_root, source_root
from journeymap.report.text import summary_line
from journeymap.safetext import clean

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Percent-encode what would end or split a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Percent-encode what would end a property value (``,``) or the properties (``::``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _clean_lines(text: str) -> str:
    """``clean`` each line, keeping the line breaks: ``escape_data`` encodes them as ``%0A``,
    which the annotation shows as a line break and Actions never reads as a new command."""
    return "\n".join(clean(line) for line in text.split("\n"))


def annotation(finding: Finding, root: Path | None = None, *, in_file: bool = True) -> str:
    """The workflow command for one finding; its file relative to ``root`` when inside it.

    ``in_file=False``: an annotation on the run, not on a file (no ``file``, ``line``
    or ``col``), for an error whose path is no file of the repository."""
    properties = []
    if in_file:
        path = finding.path
        if root is not None and Path(path).is_file():
            path = relative_to_root(path, root) or path
        properties.append(f"file={escape_property(clean(path))}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
            if finding.column is not None:
                properties.append(f"col={finding.column}")
    name = rule_name(finding.code)
    title = f"{finding.code} {name}" if name else finding.code
    properties.append(f"title={escape_property(title)}")
    message = _clean_lines(finding.message)
    if finding.hint:
        message += f"\nhint: {_clean_lines(finding.hint)}"
    return f"::{LEVEL[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def render_github(findings: list[Finding], files: int, stream: TextIO) -> None:
    root = source_root()
    for finding in findings:
        stream.write(annotation(finding, root) + "\n")
    stream.write(summary_line(findings, files) + "\n")


def render_github_failure(finding: Finding, stream: TextIO) -> None:
    """A run that stopped on ``finding`` (exit code 2): Actions shows stdout's workflow
    commands as annotations, not the stderr line, so the error is one ``::error`` too.

    On its file when it has one; otherwise (a missing path, an option, the environment)
    on the run, with what was wrong at the start of the message. No summary line: the
    run checked nothing, and stderr already says why in one line."""
    error = replace(finding, severity="error")
    if Path(finding.path).is_file():
        stream.write(annotation(error, source_root()) + "\n")
        return
    unplaced = replace(error, message=f"{finding.location}: {finding.message}")
    stream.write(annotation(unplaced, in_file=False) + "\n")
