"""Machine output: one JSON document with a stable, versioned schema (see README).

Schema (``schema_version`` 1, the same key as the diff report)::

    {
      "schema_version": 1,
      "tool": {"name": "journeymap", "version": "0.1.0"},
      "summary": {"files": 10, "findings": 2, "error": 1, "warning": 1, "info": 0},
      "findings": [
        {"path": "journeys/b2b.yaml", "line": 18, "column": 5, "code": "JM201",
         "rule": "stage-without-evidence", "severity": "warning", "category": "lint",
         "message": "...", "hint": "...", "pointer": "stages[2]",
         "where": "stage 'Receive order'"}
      ]
    }

When the run cannot be made at all (exit code 2: a missing path, an unknown
``--select`` code), the report holds that error as its one finding and again as
``error``, a key present only then.

``pointer`` is the raw path into the document, ``where`` the same place in the
author's terms (as messages show it); ``line``, ``column``, ``hint`` and ``where``
may be null; keys are only ever added, and a change to existing keys increases
``version``. Strings go through ``safetext.clean`` (control and bidi characters
and undecodable file-name bytes shown as ``\x1b``, ``\u202e``, ``\xff``), so the
output is always valid UTF-8.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from journeymap.findings import Finding, format_pointer
from journeymap.report.shared import json_text, tool

SCHEMA_VERSION = 1


def rule_name(code: str) -> str | None:
    """The rule's name for a finding code (lint rule or core check)."""
    from journeymap.lint.registry import get_rule

    found = get_rule(code)
    return found.name if found else None


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as plain JSON-ready data."""
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "rule": rule_name(finding.code),
        "severity": finding.severity,
        "category": finding.category,
        "message": finding.message,
        "hint": finding.hint,
        "pointer": format_pointer(finding.pointer),
        "where": finding.where,
    }


def report_dict(findings: list[Finding], files: int) -> dict[str, Any]:
    counts = Counter(finding.severity for finding in findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": tool(),
        "summary": {
            "files": files,
            "findings": len(findings),
            "error": counts["error"],
            "warning": counts["warning"],
            "info": counts["info"],
        },
        "findings": [finding_dict(finding) for finding in findings],
    }


def render_json(findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write the report as indented JSON followed by a newline."""
    stream.write(json_text(report_dict(findings, files)))


def render_json_failure(finding: Finding, stream: TextIO) -> None:
    """A run that could not be made: the report of a run whose one finding is the error,
    which ``error`` names again, so that no reader takes the empty run for a clean one."""
    data = report_dict([finding], 0)
    data["error"] = finding_dict(finding)
    stream.write(json_text(data))
