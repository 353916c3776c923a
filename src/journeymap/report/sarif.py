"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

Every rule (the core checks JM001-JM004 and the lint rules) is described in
``tool.driver.rules`` with its summary, documentation and fix hint; each
finding is a ``result`` pointing at the rule by id and index. Paths stay as
relative URIs (relative to the directory journeymap ran in, ``%SRCROOT%``), as
code scanning expects. A test validates the output against the OASIS schema.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from journeymap import __version__
from journeymap.findings import Finding
from journeymap.safetext import clean

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(os.fsencode(pure.as_posix()))  # the file name's bytes, valid UTF-8 or not


def _rules() -> list[dict[str, Any]]:
    from journeymap.lint.registry import all_rules

    described = []
    for item in all_rules():
        help_text = f"{item.summary}\n\n{item.doc}\n\nFix: {item.hint}"
        described.append(
            {
                "id": item.code,
                "name": item.name,
                "shortDescription": {"text": item.summary},
                "fullDescription": {"text": item.doc or item.summary},
                "help": {"text": help_text, "markdown": help_text},
                "defaultConfiguration": {"level": LEVEL[item.severity]},
                "properties": {"tags": [item.family]},
            }
        )
    return described


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    message = finding.message if not finding.hint else f"{finding.message} ({finding.hint})"
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"}
    }
    if finding.line is not None:
        region = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": clean(message)},
        "locations": [{"physicalLocation": physical}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def sarif_log(findings: list[Finding]) -> dict[str, Any]:
    rules = _rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "journeymap",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index) for finding in findings],
            }
        ],
    }


def render_sarif(findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write a SARIF 2.1.0 log (``files`` is accepted for a uniform reporter signature)."""
    del files
    json.dump(sarif_log(findings), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
