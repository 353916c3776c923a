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
