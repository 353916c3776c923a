"""The output formats of ``validate``: one module per format, chosen by name."""

from __future__ import annotations

import importlib
from typing import TextIO

from journeymap.findings import Finding

FORMATS: dict[str, tuple[str, str]] = {
    "text": ("journeymap.report.text", "render_text"),
    "json": ("journeymap.report.json", "render_json"),
    "github": ("journeymap.report.github", "render_github"),
    "sarif": ("journeymap.report.sarif", "render_sarif"),
}
"""Format name → (module, function); modules are imported only when used."""


def render_report(fmt: str, findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write ``findings`` in format ``fmt`` (one of ``FORMATS``)."""
    module, function = FORMATS[fmt]
    getattr(importlib.import_module(module), function)(findings, files, stream)


FAILURES: dict[str, tuple[str, str]] = {
    "json": ("journeymap.report.json", "render_json_failure"),
    "github": ("journeymap.report.github", "render_github_failure"),
    "sarif": ("journeymap.report.sarif", "render_sarif_failure"),
}
"""Formats read by machines, which get a document (or, for Actions, an annotation) even
when the run could not be made."""


def render_failure(fmt: str, finding: Finding, stream: TextIO) -> None:
    """Write, for a machine format, a report of a run that stopped on ``finding`` (an input
    or usage error, exit code 2): a CI step that uploads the report whatever happened
    (``if: always()``) then gets a valid document that says so, not an empty file, and
    an Actions run shows the error as an annotation. The text format writes nothing:
    the error's one line goes to stderr."""
    if fmt in FAILURES:
        module, function = FAILURES[fmt]
        getattr(importlib.import_module(module), function)(finding, stream)
