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


def annotation(finding: Finding, root: Path | None = None) -> str:
    """The workflow command for one finding; its file relative to ``root`` when inside it."""
    path = finding.path
    if root is not None and Path(path).is_file():
        path = relative_to_root(path, root) or path
    properties = [f"file={escape_property(clean(path))}"]
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
