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
from journeymap.spreadsheet.codec import decode_list, decode_text
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
OVERVIEW_KEYS = frozenset(key for key, _ in OVERVIEW_FIELDS)
INVALID = object()
"""What ``_Reader.read`` returns for a cell it reported as invalid."""
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
    from journeymap.spreadsheet.checks import introduced_errors

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
    result = _apply(data, reader.edits, display)
    errors = introduced_errors(target, text, result, display)
    if errors:
        raise CellErrors([_to_cell(finding, reader.edits) for finding in errors])
    return ImportResult(result, reader.edits)


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
        self.seen: dict[Pointer, int] = {}
        """The row each step, insight, quote or metric was read from (duplicates are errors)."""

    def error(self, cell: str, message: str) -> None:
        self.errors.append(Finding(path=cell, message=message))

    def overview(self, workbook: Any) -> None:
        if OVERVIEW not in workbook.sheetnames:
            self.error(f"{OVERVIEW}!A1", "the overview sheet is missing")
            return
        sheet = workbook[OVERVIEW]
        by_field = self.field_rows(sheet)
        last = max(by_field.values(), default=1)
        if self.merged(sheet, last):  # the instructions below the fields are merged on export
            return
        for key, kind in OVERVIEW_FIELDS:
            row = by_field.get(key)
            if row is None:
                self.error(f"{OVERVIEW}!A{last + 1}", f"the row '{key}' is missing")
                continue
            cell = sheet.cell(row=row, column=2)
            ref = f"{OVERVIEW}!B{row}"
            if kind != "id":
                self.compare((key,), self.data, Column(key, key, kind), cell, ref)
            elif self.id_text(cell, ref) is not None and _cell_text(cell) != self.data.get(key):
                self.error(
                    ref,
                    f"this workbook is for {key} {_cell_text(cell)!r} but the YAML file has "
                    f"{self.data.get(key)!r}; import into the file it was exported from",
                )

    def field_rows(self, sheet: Any) -> dict[str, int]:
        """The row of each journey field on the overview; a field on two rows is an error,
        as neither row can be known to be the one that was meant."""
        rows: dict[str, int] = {}
        for row in range(2, sheet.max_row + 1):
            key = sheet.cell(row=row, column=1).value
            if key not in OVERVIEW_KEYS:
                continue
            if key in rows:
                self.error(f"{OVERVIEW}!A{row}", f"the row '{key}' is already on row {rows[key]}")
            rows.setdefault(key, row)
        return rows

    def merged(self, sheet: Any, last_row: int) -> bool:
        """Report merged cells that reach into rows 1 to ``last_row``; whether there are any.

        A merged range keeps its value in its first cell and none in the others,
        so which row or field the value belongs to is not knowable.
        """
        found = False
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= last_row:
                self.error(f"{sheet.title}!{merged.coord}", "merged cells; unmerge them")
                found = True
        return found

    def rows(self, workbook: Any, layout: Sheet) -> None:
        if layout.title not in workbook.sheetnames:
            self.error(f"{layout.title}!A1", "the sheet is missing")
            return
        sheet = workbook[layout.title]
        if self.merged(sheet, sheet.max_row):
            return
        headers = {sheet.cell(row=1, column=c).value: c for c in range(1, sheet.max_column + 1)}
        columns = []
        for column in layout.columns:
            if column.header not in headers:
                self.error(f"{layout.title}!A1", f"the column '{column.header}' is missing")
                return
            columns.append((column, headers[column.header]))
        for row in range(2, sheet.max_row + 1):
            cells = {column.key: sheet.cell(row=row, column=number) for column, number in columns}
            if not all(cell.value in (None, "") for cell in cells.values()):
                self.row(layout, row, columns, cells)

    def row(
        self, layout: Sheet, row: int, columns: list[tuple[Column, int]], cells: dict[str, Any]
    ) -> None:
        """Compare one row of a row sheet with the item its stage and id name."""
        refs = {c.key: f"{layout.title}!{cells[c.key].column_letter}{row}" for c, _ in columns}
        id_column = layout.columns[1]
        stage_id = self.id_text(cells["stage"], refs["stage"])
        item_id = self.id_text(cells[id_column.key], refs[id_column.key])
        if stage_id is None or item_id is None:
            return
        stages = {stage.get("id"): index for index, stage in enumerate(self.data.get("stages", []))}
        if stage_id not in stages:
            self.error(
                refs["stage"], f"no stage {stage_id!r} in the journey; stages are added in the YAML"
            )
            return
        stage_index = stages[stage_id]
        items = self.data["stages"][stage_index].get(layout.collection) or []
        index = _find(items, item_id, layout.collection)
        what = layout.collection[:-1]
        if index is None:
            self.error(
                refs[id_column.key],
                f"no {what} {item_id!r} in stage {stage_id!r}; ids are locked: add and remove "
                "rows in the YAML",
            )
            return
        base: Pointer = ("stages", stage_index, layout.collection, index)
        if base in self.seen:
            self.error(
                refs[id_column.key], f"{what} {item_id!r} is already on row {self.seen[base]}"
            )
            return
        self.seen[base] = row
        per_persona = [c for c, _ in columns if c.key.startswith(PERSONA_EMOTION)]
        for column, _ in columns[2:]:
            if per_persona and (column.key == "emotion" or column in per_persona):
                continue
            self.compare(
                (*base, column.key), items[index], column, cells[column.key], refs[column.key]
            )
        if per_persona:
            self.emotions((*base, "emotion"), items[index], per_persona, cells, refs)

    def id_text(self, cell: Any, ref: str) -> str | None:
        """An id cell's text, or ``None`` after reporting an empty, formula or error cell."""
        problem = _unreadable(cell)
        if problem is None and _cell_text(cell) is None:
            problem = "an id cannot be empty; ids are locked: add and remove rows in the YAML"
        if problem is not None:
            self.error(ref, problem)
            return None
        return _cell_text(cell)

    def read(self, column: Column, cell: Any, ref: str) -> Any:
        """The cell's value for ``column``, or ``INVALID`` after reporting why at ``ref``."""
        problem = _unreadable(cell)
        if problem is not None:
            self.error(ref, problem)
            return INVALID
        try:
            return _parse(column, cell.value)
        except ValueError as error:
            self.error(ref, f"{column.header}: {error}")
            return INVALID

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
            values[column.key] = self.read(column, cells[column.key], refs[column.key])
            if values[column.key] is INVALID:
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
        value = self.read(column, cell, ref)
        if value is INVALID:
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


def _unreadable(cell: Any) -> str | None:
    """Why a cell holds no value that can be imported: a formula or an error value."""
    if cell.data_type == "f":  # typed as a formula; text that merely starts with = is "s"
        return "a formula; type the value itself"
    if cell.data_type == "e":  # #DIV/0!, #REF!, #N/A…: what Excel shows is not a value
        return f"an error value ({cell.value}); type the value itself"
    return None


def _cell_text(cell: Any) -> str | None:
    """An id cell's text, as ``writer`` wrote it (``codec``)."""
    value = cell.value
    if value is None:
        return None
    return decode_text(str(value))


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, dt.date) and old is not None:
        return str(old) == new.isoformat()
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new or (bool(old) is bool(new) and new is not None)
    return bool(old == new)


def _parse(column: Column, raw: Any) -> Any:
    """A cell's value as the YAML value, or ``ValueError`` with what is wrong."""
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        return _parse_moment(column, raw)
    if isinstance(raw, str):
        if column.cell == "list":
            return decode_list(raw)
        raw = decode_text(raw)
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
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(f"must be a date as YYYY-MM-DD (got {raw!r})") from None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    if kind == "list":
        return [text]  # a number typed into a list cell: one item
    if kind == "channel" and text not in CHANNELS:
        raise ValueError(f"{text!r} is not a channel; choose one of the list")
    if kind == "source" and text not in SOURCES:
        raise ValueError(f"{text!r} is not an evidence source; choose one of the list")
    if kind == "team" and not TEAM.match(text):
        raise ValueError(f"{text!r} is not a team id (lowercase letters, digits and dashes)")
    return text


def _parse_moment(column: Column, raw: dt.date | dt.time | dt.timedelta) -> Any:
    """A cell that Excel holds as a date or a time (it turns a typed ``2026-03-01`` into one).

    A date field takes a date without a time; a text takes what was typed, as
    ``YYYY-MM-DD`` (not Python's ``2026-03-01 00:00:00``); anything else cannot be a date.
    """
    text = _moment_text(raw)
    if column.cell == "date":
        if isinstance(raw, dt.date) and len(text) == len("YYYY-MM-DD"):
            return dt.date.fromisoformat(text)
        raise ValueError(f"must be a date as YYYY-MM-DD, without a time (got {text})")
    if column.cell == "text":
        return text
    if column.cell == "list":
        return [text]
    raise ValueError(f"cannot be a date or a time (got {text})")


def _moment_text(raw: dt.date | dt.time | dt.timedelta) -> str:
    """``YYYY-MM-DD`` for a day (Excel stores one as midnight), with the time when it has one."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    return raw.isoformat() if isinstance(raw, dt.date | dt.time) else str(raw)


def _apply(data: Any, edits: list[Edit], display: str) -> str:
    """Apply the edits to ruamel's tree and re-emit it through the formatter."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from journeymap.format import format_text
    from journeymap.format.roundtrip import dump_roundtrip

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
    return format_text(dump_roundtrip(data), display)


def _to_cell(finding: Finding, edits: list[Edit]) -> Finding:
    """The error at the cell whose edit it is in (``Steps!F2: owner: unknown team …``)."""
    for edit in edits:
        if finding.pointer[: len(edit.pointer)] == edit.pointer:
            if finding.where:
                message = finding.message.removeprefix(f"{finding.where}: ")
            else:
                message = finding.message.split(": ", 1)[-1]
            field = str(edit.pointer[-1])
            if not message.startswith(f"{field}:"):
                message = f"{field}: {message}"
            return Finding(path=edit.cell, message=message)
    return finding
