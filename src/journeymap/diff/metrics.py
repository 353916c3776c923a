"""Did the number move? Metric movement between two revisions, from their ``data:`` files.

For every metric measured on both sides, the latest value at each revision and
the change against the target: ``metric-improved`` when it moved the right way
(the metric's ``direction``, or the way from its baseline to its target),
``metric-worsened`` when it moved the wrong way, ``metric-value-changed`` when
the way cannot be judged or the metric is measured for the first time.
Bad CSV rows are skipped here; ``validate`` reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from journeymap.data import DataSet, Measurement, direction, numeric_target, parse_rows
from journeymap.diff.emit import make_change
from journeymap.diff.model import Change, DocumentRef
from journeymap.links import JourneyIndex
from journeymap.model.journey import Journey, Metric

DataTexts = list[tuple[str, str]]
"""(display name, CSV text) of each data file of a workspace."""


def dataset(journeys: Iterable[Journey], texts: DataTexts) -> tuple[JourneyIndex, DataSet]:
    index = JourneyIndex.build(journeys)
    data = DataSet()
    for name, text in texts:
        parse_rows(text, name, index, data)
    return index, data.finish()


def metric_changes(
    old_journeys: Iterable[Journey],
    new_journeys: Iterable[Journey],
    old_texts: DataTexts,
    new_texts: DataTexts,
    *,
    paths: Mapping[str, str | None],
    workspace: str = "",
) -> list[Change]:
    """Movement of every metric measured in the new revision, in map order."""
    if not old_texts and not new_texts:
        return []
    _, before = dataset(old_journeys, old_texts)
    index, after = dataset(new_journeys, new_texts)
    changes = []
    for journey, stage, metric in index.metrics.values():
        new = after.latest(journey.id, metric.id)
        if new is None:
            continue
        old = before.latest(journey.id, metric.id)
        if old is not None and old.value == new.value:
            continue
        kind = _kind(metric, old, new)
        ref = DocumentRef("journey", journey.id, paths.get(journey.id), workspace)
        changes.append(
            make_change(
                kind,
                ref,
                (stage.id, "metrics", metric.id),
                _message(metric, old, new),
                before=_value(old),
                after=_value(new),
                stage=stage.id,
            )
        )
    return changes


def _kind(metric: Metric, old: Measurement | None, new: Measurement) -> str:
    way = direction(metric)
    if old is None or way is None:
        return "metric-value-changed"
    better = new.value > old.value if way == "up" else new.value < old.value
    return "metric-improved" if better else "metric-worsened"


def _plain(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _message(metric: Metric, old: Measurement | None, new: Measurement) -> str:
    """``Name: 19 (2025-03-31) → 14 working days (2026-09-30); target 10: 4 to go``."""
    unit = f" {metric.unit}" if metric.unit else ""
    was = f"{_plain(old.value)} ({old.date.isoformat()})" if old else "not measured"
    text = f"{metric.name}: {was} → {_plain(new.value)}{unit} ({new.date.isoformat()})"
    target, way = numeric_target(metric), direction(metric)
    if target is None or way is None:
        return text
    gap = (target - new.value) if way == "up" else (new.value - target)
    if gap <= 0:
        return f"{text}; target {_plain(target)} met"
    return f"{text}; target {_plain(target)}: {_plain(gap)} to go"


def _value(measurement: Measurement | None) -> dict[str, object] | None:
    if measurement is None:
        return None
    return {"value": measurement.value, "date": measurement.date.isoformat()}
