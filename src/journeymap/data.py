"""Measured metric values from the CSV files named under ``data:`` in journeymap.yaml.

A metric in a map says what is measured and where; the CSV says what the
measurement was, on which date. Columns: ``metric,scope,date,value`` (others,
such as ``source`` or ``note``, are allowed and ignored), where ``scope`` is
``journey-id``, ``journey-id/stage-id`` or ``journey-id/step-id`` and the
metric must be one of that journey's metrics.

CSV files come from spreadsheets and BI exports, so they are read like YAML:
bounded in size (``limits.max_file_size``), UTF-8 only, no NUL bytes, and every
bad row is one located line, ``data/metrics.csv:14: …``, never a traceback. Cell
text echoed in a message is ``repr``-quoted and shortened, so a formula or a
terminal escape in a cell stays inert.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.clock import today
from journeymap.findings import (
    BROKEN_REFERENCE,
    INPUT_ERROR,
    SCHEMA_ERROR,
    Finding,
    InputError,
)
from journeymap.links import JourneyIndex
from journeymap.model.config import Limits
from journeymap.model.journey import Metric

COLUMNS = ("metric", "scope", "date", "value")
MAX_ECHO = 40


@dataclass(frozen=True, slots=True)
class Measurement:
    """One measured value of a metric, from one row of a data file."""

    journey: str
    metric: str
    scope: str
    date: dt.date
    value: float
    path: str
    line: int


@dataclass(slots=True)
class DataSet:
    """Every valid measurement of a workspace, by ``journey-id/metric-id``, oldest first."""

    series_by_metric: dict[str, list[Measurement]] = field(default_factory=dict)
    _by_row: dict[tuple[str, str, dt.date], Measurement] = field(default_factory=dict)

    def add(self, measurement: Measurement) -> Measurement | None:
        """Add one value; the earlier row that gives the same metric, scope and date
        another value is returned instead (it is not added: which one is right?)."""
        row = (measurement.metric, measurement.scope, measurement.date)
        earlier = self._by_row.setdefault(row, measurement)
        if earlier is not measurement:
            return earlier if earlier.value != measurement.value else None
        key = f"{measurement.journey}/{measurement.metric}"
        self.series_by_metric.setdefault(key, []).append(measurement)
        return None

    def finish(self) -> DataSet:
        for values in self.series_by_metric.values():
            values.sort(key=lambda m: m.date)  # stable: later rows win ties
        return self

    def series(
        self, journey: str, metric: str, *, until: dt.date | None = None
    ) -> list[Measurement]:
        """Values of one metric of one journey (any scope), oldest first, up to ``until``."""
        values = self.series_by_metric.get(f"{journey}/{metric}", [])
        if until is not None:
            values = [m for m in values if m.date <= until]
        return values

    def latest(self, journey: str, metric: str) -> Measurement | None:
        values = self.series(journey, metric)
        return values[-1] if values else None

    def __bool__(self) -> bool:
        return bool(self.series_by_metric)


def numeric_target(metric: Metric) -> float | None:
    """The metric's target when it is a number (text targets cannot be compared)."""
    target = metric.target
    return (
        float(target) if isinstance(target, int | float) and not isinstance(target, bool) else None
    )


def direction(metric: Metric) -> str | None:
    """``up`` or ``down``: stated, or read from a baseline below or above the target."""
    if metric.direction is not None:
        return metric.direction
    target = numeric_target(metric)
    if target is None or metric.baseline is None or metric.baseline == target:
        return None
    return "up" if target > metric.baseline else "down"


def on_target(metric: Metric, value: float) -> bool | None:
    """Whether ``value`` meets the metric's target, or None when that cannot be judged."""
    target, way = numeric_target(metric), direction(metric)
    if target is None or way is None:
        return None
    return value >= target if way == "up" else value <= target


def load_dataset(workspace: object) -> tuple[DataSet, list[Finding]]:
    """The measurements of a workspace and the problems found reading them."""
    from journeymap.workspace import Workspace, display_path

    assert isinstance(workspace, Workspace)
    dataset = DataSet()
    findings: list[Finding] = []
    if not workspace.config.data:
        return dataset, findings
    index = JourneyIndex.of_workspace(workspace)
    judge_references = workspace.complete("journey")
    for position, pattern in enumerate(workspace.config.data):
        paths = _expand(workspace.root, pattern)
        if not paths:
            findings.append(_config_problem(workspace, position, pattern))
            continue
        for path in paths:
            name = display_path(path)
            try:
                text = read_csv_text(path, name, workspace.config.limits)
            except InputError as error:
                findings.append(error.finding)
                continue
            findings.extend(parse_rows(text, name, index, dataset, judge_references))
    return dataset.finish(), findings


def read_data_texts(workspace: object) -> list[tuple[str, str]]:
    """(display name, text) of every readable data file of a workspace (for diff)."""
    from journeymap.workspace import Workspace, display_path

    assert isinstance(workspace, Workspace)
    texts = []
    for pattern in workspace.config.data:
        for path in _expand(workspace.root, pattern):
            name = display_path(path)
            try:
                texts.append((name, read_csv_text(path, name, workspace.config.limits)))
            except InputError:
                continue  # validate reports it; a diff compares what it can read
    return texts


def data_findings(workspace: object) -> list[Finding]:
    """Problems in the workspace's data files (for ``validate``)."""
    return load_dataset(workspace)[1]


def read_csv_text(path: Path, name: str, limits: Limits) -> str:
    """The file as text, with the YAML loader's guards: size limit, UTF-8, no NUL bytes."""
    from journeymap.loader import read_text

    return read_text(path, name, limits)


def parse_rows(
    text: str,
    name: str,
    index: JourneyIndex,
    dataset: DataSet,
    judge_references: bool = True,
) -> list[Finding]:
    """Add the valid rows of one CSV text to ``dataset``; return a finding per bad row."""
    findings: list[Finding] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [_row_error(name, 1, f"not a readable CSV header ({error})", INPUT_ERROR)]
    if header is None:
        return [
            _row_error(name, 1, "the file is empty; expected the header metric,scope,date,value")
        ]
    columns = [cell.strip().lower() for cell in header]
    missing = [column for column in COLUMNS if column not in columns]
    if missing:
        return [
            _row_error(
                name,
                1,
                f"the header lacks {', '.join(missing)}; expected the columns "
                f"metric,scope,date,value (got {_echo(','.join(header))})",
            )
        ]
    at = {column: columns.index(column) for column in COLUMNS}
    needed = max(at.values()) + 1  # trailing optional columns (a note) may be left off
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            findings.append(_row_error(name, reader.line_num, f"unreadable CSV row ({error})"))
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < needed:
            findings.append(
                _row_error(name, line, f"{len(row)} cells; metric,scope,date,value need {needed}")
            )
            continue
        while len(row) > len(header) and not row[-1].strip():
            row.pop()  # a trailing comma, as spreadsheet exports leave it
        if len(row) > len(header):
            findings.append(
                _row_error(
                    name,
                    line,
                    f"{len(row)} cells, but the header names {len(header)} columns: a comma "
                    "inside a value? Write decimals with a dot and quote text that holds commas",
                )
            )
            continue
        cells = {column: row[at[column]].strip() for column in COLUMNS}
        problem = _check_row(cells, name, line, index, judge_references)
        if isinstance(problem, Finding):
            findings.append(problem)
        elif problem is not None and (earlier := dataset.add(problem)) is not None:
            findings.append(_conflict(problem, earlier))
    return findings


def _conflict(measurement: Measurement, earlier: Measurement) -> Finding:
    same_file = earlier.path == measurement.path
    where = f"on line {earlier.line}" if same_file else f"in {earlier.path}:{earlier.line}"
    return _row_error(
        measurement.path,
        measurement.line,
        f"{measurement.metric} of {measurement.scope} on {measurement.date.isoformat()} is "
        f"{measurement.value:g} here and {earlier.value:g} {where}; keep the right one",
    )


def _check_row(
    cells: dict[str, str], name: str, line: int, index: JourneyIndex, judge_references: bool
) -> Finding | Measurement | None:
    scope, metric = cells["scope"], cells["metric"]
    journey_id = scope.partition("/")[0]
    if judge_references:
        if not index.has_journey(journey_id):
            return _unknown(name, line, "scope: unknown journey", scope, index.journey_ids())
        if "/" in scope and not index.has_target(scope):
            known_targets = index.references_in(journey_id, "targets")
            return _unknown(name, line, "scope: unknown stage or step", scope, known_targets)
        known = [key.partition("/")[2] for key in index.metric_keys(journey_id)]
        if metric not in known:
            what = f"metric: journey {journey_id!r} has no metric"
            return _unknown(name, line, what, metric, known)
    try:
        date = dt.date.fromisoformat(cells["date"])
    except ValueError:
        return _row_error(
            name, line, f"date {_echo(cells['date'])} is not a date; write it as YYYY-MM-DD"
        )
    if (date - today()).days > 1:  # a day ahead is another time zone's today
        return _row_error(name, line, f"date {date.isoformat()} is in the future")
    try:
        value = float(cells["value"])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return _row_error(
            name,
            line,
            f"value {_echo(cells['value'])} is not a number "
            "(digits with a dot for decimals, no unit or thousands separator)",
        )
    if not judge_references:
        return None
    return Measurement(journey_id, metric, scope, date, value, name, line)


def data_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """The files that a workspace's ``data:`` entries name, inside the workspace."""
    return [path for pattern in patterns for path in _expand(root, pattern)]


def _expand(root: Path, pattern: str) -> list[Path]:
    """The files a ``data:`` entry names, inside the workspace only."""
    top = root.resolve()
    if Path(pattern).is_absolute():  # never inside; and Path.glob refuses it with an exception
        return []
    if any(char in pattern for char in "*?["):
        candidates = sorted(root.glob(pattern))
    else:
        candidates = [root / pattern] if (root / pattern).exists() else []
    inside = []
    for path in candidates:
        resolved = path.resolve()
        if resolved == top or top in resolved.parents:
            inside.append(path)
    return inside


def _config_problem(workspace: object, position: int, pattern: str) -> Finding:
    from journeymap.loader import load_yaml
    from journeymap.workspace import Workspace, display_path

    assert isinstance(workspace, Workspace) and workspace.config_path is not None
    path = display_path(workspace.config_path)
    try:
        line, column = load_yaml(workspace.config_path, display=path).locate(("data", position))
    except InputError:  # pragma: no cover - the config loaded a moment ago
        line = column = None
    return Finding(
        path=path,
        message=f"data[{position}]: no data file {_echo(pattern)} inside the workspace",
        code=BROKEN_REFERENCE,
        category="reference",
        line=line,
        column=column,
        hint="Paths under `data:` are relative to journeymap.yaml and must stay inside its folder.",
        pointer=("data", position),
    )


def _unknown(name: str, line: int, what: str, value: str, known: Iterable[str]) -> Finding:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return Finding(
        path=name,
        message=f"{what} {_echo(value)}",
        code=BROKEN_REFERENCE,
        category="reference",
        line=line,
        hint=f"Did you mean {close[0]!r}?" if close else None,
    )


def _row_error(name: str, line: int, message: str, code: str = SCHEMA_ERROR) -> Finding:
    return Finding(
        path=name,
        message=message,
        code=code,
        category="input" if code == INPUT_ERROR else "schema",
        line=line,
    )


def _echo(value: str) -> str:
    """A cell as inert text: quoted, escapes visible, at most MAX_ECHO characters."""
    shown = value if len(value) <= MAX_ECHO else value[: MAX_ECHO - 1] + "…"
    return repr(shown)
