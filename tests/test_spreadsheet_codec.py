"""Cell texts read back exactly: any list or text survives export → import unchanged."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from typer.testing import CliRunner

from journeymap.cli import app
from journeymap.loader import load_yaml
from journeymap.spreadsheet.codec import decode_list, decode_text, encode_list, encode_text

TRICKY = st.sampled_from(["\n", "\r", " ", "\t", '"', "\\", "n", "u", "\x08", "\x00", "\x7f"])
CHARACTERS = st.characters(blacklist_categories=("Cs",))  # lone surrogates are no text
TEXT = st.text(alphabet=st.one_of(TRICKY, CHARACTERS), max_size=12)
ITEM = TEXT.filter(lambda text: re.search(r"\S", text) is not None)  # a map's Text


@given(st.lists(TEXT, max_size=5))
def test_a_list_cell_reads_back_as_its_items(items: list[str]) -> None:
    cell = encode_list(items)
    assert not ILLEGAL_CHARACTERS_RE.search(cell)  # openpyxl (and Excel) can store it
    assert decode_list(cell) == (items or None)


@given(st.lists(TEXT, min_size=1, max_size=5))
def test_the_spaces_and_blank_lines_people_leave_change_nothing(items: list[str]) -> None:
    typed = "  " + encode_list(items).replace("\n", " \n\n\t") + " \n"
    assert decode_list(typed) == items


@given(TEXT)
def test_a_text_cell_reads_back_as_its_text(text: str) -> None:
    cell = encode_text(text)
    assert not ILLEGAL_CHARACTERS_RE.search(cell)
    assert decode_text(cell) == text


@given(st.sampled_from(["plain text", "Why?", 'a "quote" inside', '"a quote"', "two\nlines"]))
def test_ordinary_texts_are_shown_as_they_are(text: str) -> None:
    assert encode_text(text) == text


def journey(items: list[str]) -> dict[str, object]:
    step = {"id": "s1", "name": "Step", "pain_points": items, "opportunities": ["plain"]}
    stage = {"id": "need", "name": "Need", "phase": "pre-purchase", "steps": [step]}
    return {"kind": "journey", "id": "lists", "title": "Lists", "stages": [stage]}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(ITEM, min_size=1, max_size=4))
def test_export_then_import_of_any_list_is_the_identity(items: list[str]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "journey.yaml"
        path.write_text(yaml.safe_dump(journey(items), allow_unicode=True), encoding="utf-8")
        before = path.read_bytes()
        workbook = Path(directory) / "workshop.xlsx"
        exported = runner.invoke(app, ["export", str(path), "-o", str(workbook)])
        assert exported.exit_code == 0, exported.stderr
        imported = runner.invoke(app, ["import", str(workbook), "-o", str(path)])
        assert imported.exit_code == 0, imported.stderr
        assert "0 cells changed" in imported.stderr
        assert path.read_bytes() == before

        # An edit elsewhere in the same cell leaves every other item as it was.
        book = load_workbook(workbook)
        cell = book["Steps"]["H2"]
        cell.value = f"{cell.value}\nadded in the workshop"
        book.save(workbook)
        edited = runner.invoke(app, ["import", str(workbook), "-o", str(path)])
        assert edited.exit_code == 0, edited.stderr
        step = load_yaml(path).data["stages"][0]["steps"][0]
        assert step["pain_points"] == [*items, "added in the workshop"]
