"""``journeymap export backlog``: the opportunities, flat, for the team's tracker.

One row per opportunity with the journeys and steps it addresses, owner,
status, scores, the metric with its latest measured value, and the target.
Formats: ``csv`` (for spreadsheets and tracker imports), ``markdown`` (a
table for a wiki or a pull request) and ``json`` (``schema_version`` 1, keys
only ever added).

CSV is written for spreadsheets, which run a cell that starts with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return) as a formula: such text
cells are prefixed with ``'`` (OWASP's advice against CSV injection), so a
title typed as ``=HYPERLINK(...)`` in the YAML stays text in Excel.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap.findings import Finding, InputError
from journeymap.safetext import markdown_text

FORMATS = ("csv", "markdown", "json")
WHAT = ("backlog",)
JSON_SCHEMA_VERSION = 1
COLUMNS = (
    "id",
    "title",
    "status",
    "owner",
    "impact",
    "effort",
    "journeys",
    "addresses",
    "metric",
    "latest",
    "latest_date",
    "target",
    "on_target",
    "due",
    "problem",
    "evidence",
    "moments",
    "backlog",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(slots=True)
class ExportRun:
    """What an export produced: the text, and the files it read (never to be overwritten)."""

    text: str
    inputs: list[Path]
    rows: int


def export_backlog(
    paths: Sequence[str | Path], fmt: str, *, moments_only: bool = False
) -> ExportRun:
    """The opportunities of the workspaces of ``paths`` in ``fmt``; raises ``InputError``.

    ``moments_only`` keeps the opportunities that address a moment of truth or a
    step at emotion -1 or below, worst moment first: what the teams are doing
    about the worst moments of the journeys.
    """
    from journeymap.workspace import load_workspaces

    if fmt not in FORMATS:
        raise InputError(
            Finding(path="--format", message=f"must be one of {', '.join(FORMATS)} (got {fmt!r})")
        )
    rows: list[dict[str, Any]] = []
    inputs: list[Path] = []
    for workspace in load_workspaces(paths):
        errors = [f for f in workspace.findings if f.severity == "error"]
        if errors:
            raise InputError(min(errors, key=lambda finding: finding.sort_key))
        inputs.extend(workspace.files)
        rows.extend(backlog_rows(workspace))
    if moments_only:
        rows = sorted((row for row in rows if row["moments"]), key=lambda row: row["_worst"])
    for row in rows:
        del row["_worst"]
    if fmt == "markdown":
        text = to_markdown(rows, moments=moments_only)
    else:
        text = {"csv": to_csv, "json": to_json}[fmt](rows)
    return ExportRun(text, inputs, len(rows))


def backlog_rows(workspace: Any) -> list[dict[str, Any]]:
    """One plain row per opportunity of the workspace's backlogs, in file order."""
    from journeymap.data import DataSet, load_dataset, on_target
    from journeymap.links import JourneyIndex
    from journeymap.model.backlog import Backlog

    index = JourneyIndex.of_workspace(workspace)
    data = load_dataset(workspace)[0] if workspace.config.data else DataSet()
    rows = []
    for document in workspace.of_kind("backlog"):
        backlog = document.model
        assert isinstance(backlog, Backlog)
        for item in backlog.opportunities:
            found = index.opportunity_metric(item)
            latest = data.latest(found[0].id, found[2].id) if found else None
            metric = found[2] if found else None
            target = item.target if item.target is not None else (metric.target if metric else None)
            judged = on_target(metric, latest.value) if metric and latest else None
            moments = _moments(index, item)
            rows.append(
                {
                    "id": item.id,
                    "title": item.title,
                    "status": item.status,
                    "owner": item.owner,
                    "impact": item.impact,
                    "effort": item.effort,
                    "journeys": sorted({ref.partition("/")[0] for ref in item.addresses}),
                    "addresses": list(item.addresses),
                    "metric": item.metric,
                    "latest": latest.value if latest else None,
                    "latest_date": latest.date.isoformat() if latest else None,
                    "target": target,
                    "on_target": judged,
                    "due": item.due.isoformat() if item.due else None,
                    "problem": item.problem,
                    "evidence": list(item.evidence),
                    "moments": [text for _, text in moments],
                    "backlog": backlog.id,
                    "_worst": min((rank for rank, _ in moments), default=(9, 9, "")),
                }
            )
    return rows


def _moments(index: Any, item: Any) -> list[tuple[tuple[int, int, str], str]]:
    """The moments of truth and low points an opportunity addresses (a stage: its steps),
    each with a sort key (lowest emotion first, moments of truth before others)."""
    found: dict[str, tuple[tuple[int, int, str], str]] = {}
    for reference in item.addresses:
        target = index.target(reference)
        if target is None:
            continue
        steps = [target.step] if target.step is not None else list(target.stage.steps)
        for step in steps:
            emotion = step.lowest_emotion()
            low = emotion is not None and emotion <= -1
            if not (step.moment_of_truth or low):
                continue
            key = f"{target.journey.id}/{step.id}"
            notes = [f"emotion {emotion:+d}"] if emotion is not None else []
            if step.moment_of_truth:
                notes.append("moment of truth")
            rank = (emotion if emotion is not None else 3, 0 if step.moment_of_truth else 1, key)
            found[key] = (rank, f"{key} ({', '.join(notes)})")
    return sorted(found.values())


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def _md(value: Any) -> str:
    """A Markdown table cell: line breaks flattened, markup escaped (``markdown_text``)."""
    text = safe_cell(value) if not isinstance(value, str) else value
    return markdown_text(" ".join(text.split())) or "—"


def to_markdown(rows: list[dict[str, Any]], *, moments: bool = False) -> str:
    """A table; with ``moments``, the first column is the worst moments each row addresses."""
    header: tuple[str, ...] = (
        "Opportunity",
        "Status",
        "Owner",
        "Impact",
        "Effort",
        "Addresses",
        "Metric",
        "Latest",
        "Target",
        "Due",
    )
    if moments:
        header = ("Moments of truth and low points", *header)
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in rows:
        latest = (
            f"{safe_cell(row['latest'])} ({row['latest_date']})"
            if row["latest"] is not None
            else None
        )
        cells = [
            row["title"],
            row["status"],
            row["owner"],
            row["impact"],
            row["effort"],
            ", ".join(row["addresses"]),
            row["metric"],
            latest,
            row["target"],
            row["due"],
        ]
        if moments:
            cells.insert(0, "; ".join(row["moments"]))
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def to_json(rows: list[dict[str, Any]]) -> str:
    data = {"schema_version": JSON_SCHEMA_VERSION, "opportunities": rows}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_export(run: ExportRun, output: str | None, *, force: bool = False) -> Path | None:
    """Write to ``output`` atomically (see ``outputs``: never over an input, an existing
    file only with ``force``); ``None`` or ``-`` means the caller prints ``run.text``."""
    if output in (None, "-"):
        return None
    from journeymap.atomic import write_output
    from journeymap.outputs import check_targets

    target = Path(output)
    check_targets([target], inputs=run.inputs, force=force)
    write_output(target, run.text)
    return target
