"""``journeymap export FILE --format xlsx``: a journey as a workbook for people who don't use git.

Cells are written so that nothing in a map can run in a spreadsheet: every text
is stored as a string cell (never a formula), and text that starts like a
formula (``=``, ``+``, ``-``, ``@``) also gets Excel's quote prefix, so it stays
text when someone edits the cell. Ids are in locked, grey columns; emotion,
channel, source and moment-of-truth cells offer a drop-down list.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.findings import Finding, InputError
from journeymap.spreadsheet.codec import encode_list, encode_text
from journeymap.spreadsheet.layout import (
    CHANNELS,
    EMOTIONS,
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

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LISTS_SHEET = "Lists"
SOURCE_ROW = "source file"
INSTRUCTIONS = (
    "Edit the white cells and give the file back; `journeymap import` merges the edits "
    "into the YAML. Grey cells are ids: they are how each row finds its step, insight, "
    "quote or metric again, so they are locked. Lists (pain points, opportunities) take "
    'one item per line. A text in double quotes with backslashes ("line 1\\nline 2") '
    "holds what a cell cannot show as it is: keep the quotes when you edit it. "
    "Add or remove steps in the YAML, not here."
)


def load_journey_data(path: Path, display: str) -> dict[str, Any]:
    """The journey's data as journeymap reads it; a file that does not validate is refused."""
    from journeymap.document import load_document

    result = load_document(path, display=display)
    errors = [finding for finding in result.findings if finding.severity == "error"]
    if result.document is None or errors:
        finding = (errors or result.findings)[0]
        raise InputError(finding)
    if result.document.kind != "journey":
        raise InputError(
            Finding(
                path=display, message=f"is a {result.document.kind}; only journeys export to xlsx"
            )
        )
    data = result.document.source.data
    assert isinstance(data, dict)
    return data


def export_workbook(path: Path, display: str, source: str) -> bytes:
    """The workbook for one journey file, as bytes; ``source`` names the file for import."""
    from openpyxl import Workbook

    data = load_journey_data(path, display)
    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    _overview(overview, data, source)
    _lists(workbook)
    for sheet in row_sheets(data):
        _row_sheet(workbook.create_sheet(sheet.title), sheet, _rows(data, sheet))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _rows(data: dict[str, Any], sheet: Sheet) -> list[dict[str, Any]]:
    rows = []
    for stage in data.get("stages") or []:
        for number, item in enumerate(stage.get(sheet.collection) or [], start=1):
            row = {"stage": stage["id"], **item}
            emotion = item.get("emotion")
            if isinstance(emotion, dict):  # one column per persona (layout.steps_sheet)
                row.update({f"{PERSONA_EMOTION}{p}": value for p, value in emotion.items()})
            if sheet.collection == "quotes":
                row["#"] = item.get("id") or f"#{number}"
            rows.append(row)
    return rows


def _overview(sheet: Worksheet, data: dict[str, Any], source: str) -> None:
    sheet.title = OVERVIEW
    _header(sheet, ["field", "value"], [18, 80])
    fields = [*OVERVIEW_FIELDS, (SOURCE_ROW, "id")]
    values = {**data, SOURCE_ROW: source}
    for row, (key, cell_kind) in enumerate(fields, start=2):
        _locked(sheet.cell(row=row, column=1), key)
        _write(sheet.cell(row=row, column=2), Column(key, key, cell_kind), values.get(key))
    note = sheet.cell(row=len(fields) + 3, column=1)
    note.value = INSTRUCTIONS
    sheet.merge_cells(start_row=note.row, start_column=1, end_row=note.row, end_column=2)
    _wrap(note)
    sheet.row_dimensions[note.row].height = 60
    _protect(sheet)


def _lists(workbook: Workbook) -> None:
    """A hidden sheet with the drop-down values (a long inline list breaks Excel's 255-char limit)."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    lists: tuple[tuple[object, ...], ...] = (
        tuple(int(value) for value in EMOTIONS),  # numbers, so a chosen emotion is a number
        CHANNELS,
        SOURCES,
        (YES, NO),
    )
    for column, values in enumerate(lists, start=1):
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column).value = value
    sheet.sheet_state = "hidden"
    _protect(sheet)


LIST_RANGES = {
    "emotion": f"{LISTS_SHEET}!$A$1:$A${len(EMOTIONS)}",
    "channel": f"{LISTS_SHEET}!$B$1:$B${len(CHANNELS)}",
    "source": f"{LISTS_SHEET}!$C$1:$C${len(SOURCES)}",
    "bool": f"{LISTS_SHEET}!$D$1:$D$2",
}


def _row_sheet(sheet: Worksheet, layout: Sheet, rows: list[dict[str, Any]]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _header(sheet, [c.header for c in layout.columns], [c.width for c in layout.columns])
    for row_number, row in enumerate(rows, start=2):
        for column_number, column in enumerate(layout.columns, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            _write(cell, column, row.get(column.key))
    last = max(len(rows) + 1, 2)
    for column_number, column in enumerate(layout.columns, start=1):
        if column.cell in LIST_RANGES:
            letter = get_column_letter(column_number)
            validation = DataValidation(
                type="list",
                formula1=f"={LIST_RANGES[column.cell]}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Choose the {column.header} from the list.",
            )
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    _protect(sheet)


def _write(cell: Cell, column: Column, value: Any) -> None:
    if column.cell == "id":
        _locked(cell, value)
        return
    from openpyxl.styles import Protection

    cell.protection = Protection(locked=False)
    if column.cell == "list":
        _text(cell, encode_list([str(item) for item in value or []]))
        _wrap(cell)
    elif column.cell == "bool":
        _text(cell, YES if value else NO)
    elif column.cell == "emotion":
        cell.value = value if isinstance(value, int) and not isinstance(value, bool) else None
    elif value is not None:
        _text(cell, encode_text(str(value)))
        _wrap(cell)


def _text(cell: Cell, text: str) -> None:
    """A string cell, never a formula, whatever the text starts with.

    ``text`` is what the cell shows: a list is encoded already, any other text is
    encoded here (``codec``), so a control character cannot make the workbook fail.
    """
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _locked(cell: Cell, value: Any) -> None:
    from openpyxl.styles import PatternFill, Protection

    if value is not None:
        _text(cell, encode_text(str(value)))
    cell.protection = Protection(locked=True)
    cell.fill = PatternFill("solid", fgColor="E7E6E6")


def _wrap(cell: Cell) -> None:
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for number, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=number)
        _locked(cell, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = width


def _protect(sheet: Worksheet) -> None:
    """Lock the id cells; people may still resize, format, sort and filter."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    sheet.protection.autoFilter = False
