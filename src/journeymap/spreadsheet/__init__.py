"""Spreadsheet round trip: hand a journey to people who don't edit YAML, take their edits back.

``export_journey`` writes a workbook (``writer``); ``import_into`` merges the
edited workbook into the YAML file (``reader``), which is written only when
every cell is valid. The layout both share is in ``layout``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.atomic import write_output
from journeymap.findings import Finding, InputError

__all__ = ["ImportRun", "export_journey", "import_into", "source_of"]


def export_journey(path: Path, output: Path | None, *, force: bool = False) -> Path:
    """Write ``path``'s workbook to ``output`` (default ``<stem>.xlsx`` here); returns it.

    Never over the journey or any input of the workspace the workbook lands in (see
    ``outputs``), even with ``force``: a workbook written over a map destroys it.
    """
    from journeymap.discovery import display_path
    from journeymap.outputs import check_targets
    from journeymap.spreadsheet.source import source_name
    from journeymap.spreadsheet.writer import export_workbook

    target = output or Path(path.stem + ".xlsx")
    check_targets([target], inputs=[path], force=force)
    payload = export_workbook(path, display_path(path), source_name(path))
    write_output(target, payload)
    return target


@dataclass
class ImportRun:
    target: Path
    changed_cells: list[str]
    errors: list[Finding]


def source_of(workbook: Path) -> Path:
    """The YAML file a workbook was exported from: its overview names it, relative to
    the workspace root (``source.resolve_source`` says why and refuses what leads out)."""
    from journeymap.spreadsheet.codec import decode_text
    from journeymap.spreadsheet.layout import OVERVIEW
    from journeymap.spreadsheet.reader import open_workbook
    from journeymap.spreadsheet.source import PASS_OUTPUT, resolve_source
    from journeymap.spreadsheet.writer import SOURCE_ROW

    book = open_workbook(workbook)
    if OVERVIEW not in book.sheetnames:
        message = "the overview sheet is missing"  # as the reader says: -o would not help
        raise InputError(Finding(path=f"{OVERVIEW}!A1", message=message))
    sheet = book[OVERVIEW]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == SOURCE_ROW:
            value = sheet.cell(row=row, column=2).value
            name = decode_text(str(value)) if value is not None else None
            if name:
                return resolve_source(name, f"{OVERVIEW}!B{row}")
    raise InputError(
        Finding(path=str(workbook), message=f"does not name its YAML file; {PASS_OUTPUT}")
    )


def import_into(workbook: Path, target: Path) -> ImportRun:
    """Merge the workbook into ``target``; write it only when every cell is valid.

    A symlinked ``target`` is written through (the link is kept), unless it leads
    out of its workspace: ``validate`` does not follow such a link, so neither
    does ``import``.
    """
    from journeymap.discovery import display_path
    from journeymap.selection import escaping_link
    from journeymap.spreadsheet.reader import CellErrors, import_workbook

    escape = escaping_link(target)
    if escape is not None:
        raise InputError(escape)
    display = display_path(target)
    try:
        result = import_workbook(workbook, target, display)
    except CellErrors as errors:
        return ImportRun(target, [], errors.findings)
    if result.edits:
        write_output(target, result.text)
    return ImportRun(target, [edit.cell for edit in result.edits], [])
