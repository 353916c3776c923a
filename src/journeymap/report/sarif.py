"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

Every rule (the core checks JM001-JM004 and the lint rules) is described in
``tool.driver.rules`` with its summary, its documentation as ``help.text`` and
``help.markdown`` (the FAIL/PASS examples as YAML code blocks) and its fix
hint; each finding is a ``result`` pointing at the rule by id and index.

Locations are what code scanning expects:

- URIs are relative to the repository root (``git rev-parse --show-toplevel``,
  run through the hardened ``journeymap.git``; outside git, the workspace root
  of the current directory), with ``uriBaseId: %SRCROOT%`` and the root in
  ``originalUriBaseIds``. A file outside that root gets an absolute ``file:``
  URI. File names are percent-encoded from their bytes, so a name that is not
  valid UTF-8 still gives a valid URI.
- A document read from standard input (``validate -``, named ``<stdin>`` in the
  other formats) is at ``file:///dev/stdin``, an absolute URI without
  ``uriBaseId``: SARIF requires a URI for every top-level artifact (§3.4.3,
  §3.24.2) and has no convention for standard input; ``<stdin>`` resolved against
  ``%SRCROOT%`` claimed a file of the repository that does not exist, and the
  file the document stands for may hold other lines. The location's
  ``description`` says "standard input".
- ``startLine`` is clamped to 1 … the file's line count (not for standard input:
  there is no file to count).
- ``partialFingerprints`` hold a stable hash of rule, path and place in the
  document (pointer, else message), not of the line, so a finding keeps its
  identity when lines move above it.

A test validates the output against the OASIS schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from journeymap import __version__
from journeymap.findings import Finding, format_pointer
from journeymap.safetext import clean
from journeymap.stdin import STDIN_NAME

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
ROOT_ID = "%SRCROOT%"
FINGERPRINT = "journeymap/v1"
STDIN_URI = "file:///dev/stdin"
"""Where standard input is, as a file (POSIX): the artifact of a document read with ``-``."""
LINE_COUNT_LIMIT = 64 * 1024 * 1024
"""Files above this size are not read to clamp ``startLine`` (the loader refused them anyway)."""


def source_root(cwd: Path | None = None) -> Path:
    """The repository root around ``cwd``; outside git, its workspace root (or ``cwd``)."""
    from journeymap.git import toplevel

    cwd = Path(os.path.realpath(cwd or Path.cwd()))
    top = toplevel(cwd)
    if top is not None:
        return Path(os.path.realpath(top))
    for folder in (cwd, *cwd.parents):
        if (folder / "journeymap.yaml").is_file():
            return folder
    return cwd


def relative_to_root(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None when it lies outside."""
    absolute = os.path.realpath(path)
    base = str(root).rstrip(os.sep) + os.sep
    if not absolute.startswith(base):
        return None
    return absolute[len(base) :].replace(os.sep, "/")


def _location(path: str, root: Path) -> dict[str, Any]:
    if path == STDIN_NAME:
        return {"uri": STDIN_URI, "description": {"text": "standard input"}}
    relative = relative_to_root(path, root)
    if relative is None:
        return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": ROOT_ID}


@cache
def _line_count(path: str) -> int | None:
    """Lines in the file (a last line without a newline counts), or None when unreadable."""
    try:
        if Path(path).stat().st_size > LINE_COUNT_LIMIT:
            return None
        with Path(path).open("rb") as handle:
            data = handle.read(LINE_COUNT_LIMIT + 1)
    except OSError:
        return None
    return max(1, data.count(b"\n") + (0 if data.endswith(b"\n") else 1))


def _markdown(doc: str) -> str:
    """The rule doc as Markdown: indented YAML examples become fenced ``yaml`` blocks."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        while block and not block[-1].strip():
            block.pop()
        if block:
            out.extend(["```yaml", *(line[4:] for line in block), "```", ""])
            block.clear()

    for line in doc.splitlines():
        if line.startswith("    ") or (block and not line.strip()):
            block.append(line)
            continue
        flush()
        out.append(re.sub(r"^(FAIL|PASS):$", r"**\1:**", line))
    flush()
    return "\n".join(out)


def _rules() -> list[dict[str, Any]]:
    from journeymap.lint.docs import rule_doc
    from journeymap.lint.registry import all_rules

    described = []
    for item in all_rules():
        markdown = f"**{item.summary}**\n\n"
        if item.doc:
            markdown += _markdown(item.doc) + "\n\n"
        markdown += f"**Fix:** {item.hint}"
        described.append(
            {
                "id": item.code,
                "name": item.name,
                "shortDescription": {"text": item.summary},
                "fullDescription": {"text": item.doc or item.summary},
                "help": {"text": rule_doc(item), "markdown": markdown},
                "defaultConfiguration": {"level": LEVEL[item.severity]},
                "properties": {"tags": [item.family]},
            }
        )
    return described


def fingerprint(finding: Finding, location: dict[str, Any]) -> str:
    """Stable across runs and line moves: rule, file and place in the document."""
    where = format_pointer(finding.pointer) if finding.pointer else finding.message
    text = "\0".join((finding.code, location["uri"], where))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _result(finding: Finding, index: dict[str, int], root: Path) -> dict[str, Any]:
    message = finding.message if not finding.hint else f"{finding.message} ({finding.hint})"
    location = _location(finding.path, root)
    physical: dict[str, Any] = {"artifactLocation": location}
    if finding.line is not None:
        lines = None if finding.path == STDIN_NAME else _line_count(finding.path)
        physical["region"] = _region(finding.line, finding.column, lines)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": clean(message)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, location)},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def _region(line: int, column: int | None, lines: int | None) -> dict[str, int]:
    """A SARIF region: 1-based, the line clamped to the file's ``lines`` when known."""
    region = {"startLine": max(1, line if lines is None else min(line, lines))}
    if column is not None:
        region["startColumn"] = max(1, column)
    return region


def _directory_uri(root: Path) -> str:
    """A base URI must end with ``/`` (SARIF 3.14.14)."""
    uri = root.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif_log(findings: list[Finding], root: Path | None = None) -> dict[str, Any]:
    """The SARIF log; URIs relative to ``root`` (default: ``source_root()``)."""
    root = root or source_root()
    rules = _rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    _line_count.cache_clear()
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
                "originalUriBaseIds": {ROOT_ID: {"uri": _directory_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index, root) for finding in findings],
            }
        ],
    }


def render_sarif(findings: list[Finding], files: int, stream: TextIO) -> None:
    """Write a SARIF 2.1.0 log (``files`` is accepted for a uniform reporter signature)."""
    del files
    json.dump(sarif_log(findings), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def render_sarif_failure(finding: Finding, stream: TextIO) -> None:
    """A log of a run that could not be made: no results, and an invocation that did not
    succeed, with the error as a tool execution notification (SARIF §3.20.14, §3.20.21)."""
    root = source_root()
    log = sarif_log([], root)
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": clean(str(finding))},
        "descriptor": {"id": finding.code},
    }
    if finding.line is not None:
        region = _region(finding.line, finding.column, None)
        physical = {"artifactLocation": _location(finding.path, root), "region": region}
        notification["locations"] = [{"physicalLocation": physical}]
    log["runs"][0]["invocations"] = [
        {"executionSuccessful": False, "toolExecutionNotifications": [notification]}
    ]
    json.dump(log, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
