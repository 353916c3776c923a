"""``journeymap import XLSX -o FILE``: merge a workbook's edits back into the journey's YAML.

Only cells whose value differs from the YAML are applied, on ruamel's
round-trip tree of the file, so comments, quoting and everything not in the
workbook survive; the result goes through the formatter. Every cell is checked
first and every problem is reported as ``Sheet!B7: …``; if there is any, the
YAML file is not written. A workbook without edits leaves the file byte for byte
as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.findings import Finding, InputError
from journeymap.spreadsheet.layout import (
    CHANNELS,
    NO,
    OVERVIEW,
    OVERVIEW_FIELDS,
    PERSONA_EMOTION,
    SOURCES,
    YES,
    Column,
    Sheet,
    row_sheets,
)

STEP_EMOTION = Column("emotion", "emotion", "emotion")
TEAM = re.compile(r"^[a-z0-9][a-z0-9-]*$")
Pointer = tuple[str | int, ...]


@dataclass
class Edit:
    pointer: Pointer
    """Where the value goes: ``("stages", 2, "steps", 0, "emotion")``."""
    value: Any
    """The new value; ``None`` removes the key."""
    cell: str


@dataclass
class ImportResult:
    text: str
    edits: list[Edit] = field(default_factory=list)


class CellErrors(Exception):
    """Raised with every invalid cell; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} invalid cells")
        self.findings = findings


def import_workbook(workbook_path: Path, target: Path, display: str) -> ImportResult:
    """The journey text with the workbook's edits merged in (not written: the caller writes)."""
    from journeymap.format.roundtrip import load_roundtrip, plain
    from journeymap.loader import load_yaml

    workbook = open_workbook(workbook_path)
    text = load_yaml(target, display=display).text or ""
    data = load_roundtrip(text, display)
    reader = _Reader(workbook_path.name, plain(data))
    reader.overview(workbook)
    for sheet in row_sheets(reader.data):
        reader.rows(workbook, sheet)
    if reader.errors:
        raise CellErrors(reader.errors)
    if not reader.edits:
        return ImportResult(text)
    return ImportResult(_apply(text, data, reader.edits, display), reader.edits)


def open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError(Finding(path=str(path), message="no such file")) from None
    except Exception as error:  # openpyxl raises many types for a file that is not xlsx
        raise InputError(
            Finding(path=str(path), message=f"cannot be read as an xlsx workbook ({error})")
        ) from None


class _Reader:
    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data
        self.edits: list[Edit] = []
        self.errors: list[Finding] = []

    def error(self, cell: str, message: str) -> None:
        self.errors.append(Finding(path=cell, message=message))

    def overview(self, workbook: Any) -> None:
        if OVERVIEW not in workbook.sheetnames:
            self.error(f"{OVERVIEW}!A1", "the overview sheet is missing")
            return
        sheet = workbook[OVERVIEW]
        by_field = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        for key, kind in OVERVIEW_FIELDS:
            row = by_field.get(key)
            if row is None:
                self.error(f"{OVERVIEW}!A{len(by_field) + 2}", f"the row '{key}' is missing")
                continue
            cell = sheet.cell(row=row, column=2)
            ref = f"{OVERVIEW}!B{row}"
            if kind == "id":
                if _cell_text(cell) != self.data.get(key):
                    self.error(
                        ref,
                        f"this workbook is for {key} {_cell_text(cell)!r} but the YAML file has "
                        f"{self.data.get(key)!r}; import into the file it was exported from",
                    )
                continue
            self.compare((key,), self.data, Column(key, key, kind), cell, ref)

    def rows(self, workbook: Any, layout: Sheet) -> None:
        if layout.title not in workbook.sheetnames:
            self.error(f"{layout.title}!A1", "the sheet is missing")
            return
        sheet = workbook[layout.title]
        headers = {sheet.cell(row=1, column=c).value: c for c in range(1, sheet.max_column + 1)}
        columns = []
        for column in layout.columns:
            if column.header not in headers:
                self.error(f"{layout.title}!A1", f"the column '{column.header}' is missing")
                return
            columns.append((column, headers[column.header]))
        stages = {stage.get("id"): index for index, stage in enumerate(self.data.get("stages", []))}
        for row in range(2, sheet.max_row + 1):
            cells = {column.key: sheet.cell(row=row, column=number) for column, number in columns}
            if all(cell.value in (None, "") for cell in cells.values()):
                continue
            letters = {column.key: cells[column.key].column_letter for column, _ in columns}
            stage_id = _cell_text(cells["stage"])
            if stage_id not in stages:
                self.error(
                    f"{layout.title}!{letters['stage']}{row}",
                    f"no stage {stage_id!r} in the journey; stages are added in the YAML",
                )
                continue
            stage_index = stages[stage_id]
            items = self.data["stages"][stage_index].get(layout.collection) or []
            id_column = layout.columns[1]
            index = _find(items, _cell_text(cells[id_column.key]), layout.collection)
            if index is None:
                self.error(
                    f"{layout.title}!{letters[id_column.key]}{row}",
                    f"no {layout.collection[:-1]} {_cell_text(cells[id_column.key])!r} in stage "
                    f"{stage_id!r}; ids are locked: add and remove rows in the YAML",
                )
                continue
            base: Pointer = ("stages", stage_index, layout.collection, index)
            per_persona = [c for c, _ in columns if c.key.startswith(PERSONA_EMOTION)]
            for column, _ in columns[2:]:
                if per_persona and (column.key == "emotion" or column in per_persona):
                    continue
                ref = f"{layout.title}!{letters[column.key]}{row}"
                self.compare((*base, column.key), items[index], column, cells[column.key], ref)
            if per_persona:
                refs = {key: f"{layout.title}!{letter}{row}" for key, letter in letters.items()}
                self.emotions((*base, "emotion"), items[index], per_persona, cells, refs)

    def emotions(
        self,
        pointer: Pointer,
        current: dict[str, Any],
        per_persona: list[Column],
        cells: dict[str, Any],
        refs: dict[str, str],
    ) -> None:
        """A step's emotion from the shared ``emotion`` cell and one cell per persona.

        Filled persona cells make a mapping persona → number (in the YAML's key
        order, new personas after); else the shared cell is the one number.
        """
        values: dict[str, Any] = {}
        for column in [STEP_EMOTION, *per_persona]:
            cell, ref = cells[column.key], refs[column.key]
            if cell.data_type == "f":
                self.error(ref, "a formula; type the value itself")
                return
            try:
                values[column.key] = _parse(column, cell.value)
            except ValueError as error:
                self.error(ref, f"{column.header}: {error}")
                return
        shared = values.pop("emotion")
        personas = {
            key.removeprefix(PERSONA_EMOTION): value
            for key, value in values.items()
            if value is not None
        }
        old = current.get("emotion")
        if personas and shared is not None:
            self.error(
                refs["emotion"],
                "emotion: give one number for every persona here, or one per persona in "
                "the 'emotion: …' columns, not both",
            )
            return
        if personas and isinstance(old, dict):
            order = [*(p for p in old if p in personas), *(p for p in personas if p not in old)]
            personas = {persona: personas[persona] for persona in order}
        new = personas or shared
        if not _same(old, new):
            first = next((c.key for c in per_persona if c.key in refs), "emotion")
            self.edits.append(Edit(pointer, new, refs["emotion" if shared is not None else first]))

    def compare(
        self, pointer: Pointer, current: dict[str, Any], column: Column, cell: Any, ref: str
    ) -> None:
        if cell.data_type == "f":  # typed as a formula; text that merely starts with = is "s"
            self.error(ref, "a formula; type the value itself")
            return
        try:
            value = _parse(column, cell.value)
        except ValueError as error:
            self.error(ref, f"{column.header}: {error}")
            return
        key = column.key
        old = current.get(key)
        if isinstance(old, int | float) and not isinstance(old, bool):
            value = _as_number(value)  # a numeric field (a metric's target) stays a number
        if column.cell == "bool":
            old = bool(old)
        elif column.cell == "list":
            old = old or None
        elif column.cell == "date" and old is not None:
            old = str(old)
        if _same(old, value):
            return
        if value is None and column.required:
            self.error(ref, f"{column.header}: cannot be empty")
            return
        self.edits.append(Edit(pointer, value, ref))


def _as_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def _find(items: list[dict[str, Any]], wanted: str | None, collection: str) -> int | None:
    for index, item in enumerate(items):
        if item.get("id") is not None and item.get("id") == wanted:
            return index
    if collection == "quotes" and wanted and re.fullmatch(r"#\d+", wanted):
        index = int(wanted[1:]) - 1
        if 0 <= index < len(items) and items[index].get("id") is None:
            return index
    return None


def _cell_text(cell: Any) -> str | None:
    value = cell.value
    if value is None:
        return None
    return str(value).strip() or None


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, dt.date) and old is not None:
        return str(old) == new.isoformat()
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new or (bool(old) is bool(new) and new is not None)
    return bool(old == new)


def _parse(column: Column, raw: Any) -> Any:
    """A cell's value as the YAML value, or ``ValueError`` with what is wrong."""
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raw = None
    if raw is None:
        return False if column.cell == "bool" else None
    kind = column.cell
    if kind == "emotion":
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str) and re.fullmatch(r"[-+]?\d", raw):
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool) or not -2 <= raw <= 2:
            raise ValueError(f"must be a whole number from -2 to 2 (got {raw!r})")
        return raw
    if kind == "bool":
        text = str(raw).lower()
        if text in (YES, "true", "1"):
            return True
        if text in (NO, "false", "0"):
            return False
        raise ValueError(f"must be {YES} or {NO} (got {raw!r})")
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(f"must be a date as YYYY-MM-DD (got {raw!r})") from None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    if kind == "list":
        items = [line.strip() for line in text.splitlines() if line.strip()]
        return items or None
    if kind == "channel" and text not in CHANNELS:
        raise ValueError(f"{text!r} is not a channel; choose one of the list")
    if kind == "source" and text not in SOURCES:
        raise ValueError(f"{text!r} is not an evidence source; choose one of the list")
    if kind == "team" and not TEAM.match(text):
        raise ValueError(f"{text!r} is not a team id (lowercase letters, digits and dashes)")
    return text


def _apply(text: str, data: Any, edits: list[Edit], display: str) -> str:
    """Apply the edits to ruamel's tree, re-emit it through the formatter, validate it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from journeymap.document import validate_loaded
    from journeymap.format import format_text
    from journeymap.format.roundtrip import dump_roundtrip
    from journeymap.loader import parse_yaml

    for edit in edits:
        parent = data
        for part in edit.pointer[:-1]:
            parent = parent[part]
        key = edit.pointer[-1]
        if edit.value is None or (edit.value is False and key == "moment_of_truth"):
            if key in parent:
                del parent[key]
            continue
        value = edit.value
        if isinstance(value, dict) and isinstance(parent.get(key), CommentedMap):
            old_map = parent[key]  # per-persona emotions: edit the mapping in place
            for persona in [p for p in old_map if p not in value]:
                del old_map[persona]
            for persona, number in value.items():
                old_map[persona] = number
            continue
        if isinstance(value, list):
            old = parent.get(key)
            value = CommentedSeq(value)
            if isinstance(old, CommentedSeq) and old.fa.flow_style():
                value.fa.set_flow_style()
        parent[key] = value
    result = format_text(dump_roundtrip(data), display)
    findings = validate_loaded(parse_yaml(result, display)).findings
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        raise CellErrors([_to_cell(finding, edits) for finding in errors])
    return result


def _to_cell(finding: Finding, edits: list[Edit]) -> Finding:
    for edit in edits:
        if finding.pointer[: len(edit.pointer)] == edit.pointer:
            message = finding.message.split(": ", 1)[-1]
            return Finding(path=edit.cell, message=message)
    return finding
