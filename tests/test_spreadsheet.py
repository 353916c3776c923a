"""Spreadsheet round trip: export a journey, edit cells as a workshop would, import the edits."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import EXAMPLES
from journeymap.format import format_text
from journeymap.loader import load_yaml
from journeymap.spreadsheet.layout import CHANNELS

JOURNEY = "journeys/social-media-manager.yaml"


@pytest.fixture
def workspace(tmp_path, examples) -> Path:
    root = tmp_path / "brightpost"
    shutil.copytree(examples / "brightpost", root)
    return root


def export(cli, workspace: Path, tmp_path: Path, journey: str = JOURNEY) -> Path:
    workbook = tmp_path / "workshop.xlsx"
    result = cli("export", workspace / journey, "--format", "xlsx", "-o", workbook)
    assert result.exit_code == 0, result.stderr
    return workbook


def cells(workbook: Path, sheet: str) -> tuple[object, dict[str, int]]:
    book = load_workbook(workbook)
    headers = {cell.value: cell.column for cell in book[sheet][1]}
    return book, headers


EXAMPLE_JOURNEYS = sorted(
    f"journeys/{path.name}" for path in (EXAMPLES / "brightpost" / "journeys").glob("*.yaml")
)


def test_every_kind_of_example_journey_is_round_tripped() -> None:
    # several personas, a future state and a sub-journey are among them
    assert {
        "journeys/team-plan-buying-group.yaml",
        "journeys/social-media-manager-2027.yaml",
        "journeys/security-review.yaml",
        "journeys/employee-csm.yaml",
    } <= set(EXAMPLE_JOURNEYS)


@pytest.mark.parametrize("journey", EXAMPLE_JOURNEYS)
def test_export_then_import_without_edits_is_byte_identical(cli, workspace, tmp_path, journey):
    before = (workspace / journey).read_bytes()
    workbook = export(cli, workspace, tmp_path, journey)
    result = cli("import", workbook, "-o", workspace / journey)
    assert result.exit_code == 0, result.stderr
    assert "0 cells changed" in result.stderr
    assert (workspace / journey).read_bytes() == before


BUYING_GROUP = "journeys/team-plan-buying-group.yaml"


def test_a_two_persona_map_gets_one_emotion_column_per_persona(cli, workspace, tmp_path):
    workbook = export(cli, workspace, tmp_path, BUYING_GROUP)
    book, steps = cells(workbook, "Steps")
    assert {"emotion", "emotion: social-media-manager", "emotion: marketing-director"} <= set(steps)
    sheet = book["Steps"]
    ids = {sheet.cell(row=r, column=steps["step id"]).value: r for r in range(2, sheet.max_row + 1)}
    row = ids["brings-problem-to-director"]
    assert sheet.cell(row=row, column=steps["emotion"]).value is None  # never a dict in a cell
    assert sheet.cell(row=row, column=steps["emotion: social-media-manager"]).value == -1
    assert sheet.cell(row=row, column=steps["emotion: marketing-director"]).value == 0

    before = tmp_path / "before"
    shutil.copytree(workspace, before)
    sheet.cell(row=row, column=steps["emotion: marketing-director"]).value = -2
    book.save(workbook)
    result = cli("import", workbook, "-o", workspace / BUYING_GROUP)
    assert result.exit_code == 0, result.stderr
    assert "1 cells changed" in result.stderr or "1 cell changed" in result.stderr
    diff = json.loads(cli("diff", before, workspace, "--format", "json").stdout)["changes"]
    assert [(c["kind"], c["path"], c["persona"], c["before"], c["after"]) for c in diff] == [
        (
            "stage-emotion-worsened",
            ["need"],
            None,
            -0.5,
            -1.5,
        ),
        (
            "emotion-worsened",
            ["need", "brings-problem-to-director", "marketing-director"],
            "marketing-director",
            0,
            -2,
        ),
    ]


def test_one_number_and_per_persona_numbers_on_one_step_are_refused(cli, workspace, tmp_path):
    workbook = export(cli, workspace, tmp_path, BUYING_GROUP)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=2, column=steps["emotion"]).value = 1
    book.save(workbook)
    before = (workspace / BUYING_GROUP).read_bytes()
    result = cli("import", workbook, "-o", workspace / BUYING_GROUP)
    assert result.exit_code == 2
    letter = book["Steps"].cell(row=2, column=steps["emotion"]).column_letter
    assert f"Steps!{letter}2: emotion: give one number for every persona here" in result.stderr
    assert (workspace / BUYING_GROUP).read_bytes() == before


def test_five_edited_cells_are_exactly_five_changes_in_diff(cli, workspace, tmp_path, monkeypatch):
    path = workspace / JOURNEY
    shutil.copytree(workspace, tmp_path / "before")  # same workspace, same data files
    before = tmp_path / "before" / JOURNEY
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(
        row=3, column=steps["name"]
    ).value = "Searches for a scheduler with approvals"
    book["Steps"].cell(row=2, column=steps["channel"]).value = "email"
    insights = {cell.value: cell.column for cell in book["Insights"][1]}
    book["Insights"].cell(row=2, column=insights["owner"]).value = "product"
    quotes = {cell.value: cell.column for cell in book["Quotes"][1]}
    book["Quotes"].cell(row=2, column=quotes["who"]).value = "social lead, retail brand"
    metrics = {cell.value: cell.column for cell in book["Metrics"][1]}
    book["Metrics"].cell(row=2, column=metrics["listening post"]).value = "monthly pulse survey"
    book.save(workbook)

    # The workbook names the file it came from, relative to the workspace root.
    monkeypatch.chdir(workspace / "journeys")
    result = cli("import", workbook)
    assert result.exit_code == 0, result.stderr
    assert "5 cells changed" in result.stderr
    diff = cli("diff", before, path, "--format", "json")
    changes = json.loads(diff.stdout)["changes"]
    assert sorted(change["kind"] for change in changes) == [
        "channel-changed",
        "insight-changed",
        "metric-changed",
        "quote-changed",
        "step-renamed",
    ]
    assert cli("validate", workspace, "--fail-on", "info").exit_code == 0


def test_import_keeps_comments_and_touches_only_the_edited_lines(cli, tmp_path, write):
    path = write(
        "maps/journey.yaml",
        """\
        # yaml-language-server: $schema=../schemas/journey.schema.json
        kind: journey
        id: renewals
        title: Renewal journey
        stages:
          - id: renew   # the stage everyone argues about
            name: Renew
            phase: post-purchase
            steps:
              # from the March interviews
              - id: get-invoice
                name: Gets the renewal invoice
                channel: email
                emotion: -1
                pain_points: [Price went up without warning]
        x-workshop: March 2026
        """,
    )
    original = path.read_text()
    assert format_text(original, str(path)) == original
    workbook = export(cli, tmp_path / "maps", tmp_path, "journey.yaml")
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=2, column=steps["emotion"]).value = -2
    book["Steps"].cell(
        row=2, column=steps["pain points"]
    ).value = "Price went up without warning\nThe invoice names no contact"
    book.save(workbook)
    assert cli("import", workbook, "-o", path).exit_code == 0
    assert path.read_text() == original.replace("emotion: -1", "emotion: -2").replace(
        "[Price went up without warning]",
        "[Price went up without warning, The invoice names no contact]",
    )


def test_invalid_cells_are_all_reported_and_nothing_is_written(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    before = path.read_bytes()
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    sheet = book["Steps"]
    sheet.cell(row=2, column=steps["name"]).value = "A valid new name"
    sheet.cell(row=7, column=steps["emotion"]).value = "very sad"
    sheet.cell(row=3, column=steps["channel"]).value = "carrier pigeon"
    sheet.cell(row=4, column=steps["name"]).value = '=HYPERLINK("http://evil")'
    sheet.cell(row=5, column=steps["moment of truth"]).value = "maybe"
    sheet.cell(row=6, column=steps["name"]).value = None
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "Steps!" in line]
    assert errors == [
        "journeymap: Steps!E3: channel: 'carrier pigeon' is not a channel; choose one of the list",
        "journeymap: Steps!C4: a formula; type the value itself",
        "journeymap: Steps!J5: moment of truth: must be yes or no (got 'maybe')",
        "journeymap: Steps!C6: name: cannot be empty",
        "journeymap: Steps!G7: emotion: must be a whole number from -2 to 2 (got 'very sad')",
    ]
    assert "was not changed" in result.stderr
    assert path.read_bytes() == before


def test_workbook_locks_ids_offers_lists_and_keeps_formula_text_inert(
    cli, tmp_path, write, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no journeymap.yaml: the source is named from here
    write(
        "maps/journey.yaml",
        """\
        kind: journey
        id: risky
        title: "=cmd|'/c calc'!A1"
        stages:
          - id: need
            name: Need
            phase: post-purchase
            steps:
              - {id: s1, name: "=1+2", touchpoint: "@SUM(A1)", channel: web, emotion: 1}
        """,
    )
    workbook = export(cli, tmp_path / "maps", tmp_path, "journey.yaml")
    book = load_workbook(workbook)
    steps = book["Steps"]
    assert steps.protection.sheet
    assert steps["A2"].protection.locked and steps["B2"].protection.locked
    assert not steps["C2"].protection.locked
    assert steps["C2"].data_type == "s" and steps["C2"].value == "=1+2" and steps["C2"].quotePrefix
    assert steps["D2"].data_type == "s" and steps["D2"].quotePrefix
    assert book["Overview"]["B4"].data_type == "s"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in steps.data_validations.dataValidation}
    channel_range = lists["E"].removeprefix("=Lists!")
    assert [c.value for c in book["Lists"]["B"]][: len(CHANNELS)] == list(CHANNELS)
    assert channel_range == f"$B$1:$B${len(CHANNELS)}"
    assert lists["G"] == "=Lists!$A$1:$A$5"
    assert "J" in lists
    # Untouched formula-like text comes back as text: importing changes nothing.
    assert "0 cells changed" in cli("import", workbook).stderr


def test_export_refuses_invalid_maps_and_existing_outputs(cli, tmp_path, write, workspace):
    broken = write("broken.yaml", "kind: journey\nid: x\ntitle: [\n")
    result = cli("export", broken, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and f"{broken}:" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
    workbook = export(cli, workspace, tmp_path)
    again = cli("export", workspace / JOURNEY, "-o", workbook)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_merged_cells_are_located_errors_not_a_crash(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    before = path.read_bytes()
    workbook = export(cli, workspace, tmp_path)
    book = load_workbook(workbook)
    book["Steps"].merge_cells("H2:H3")
    book["Overview"].merge_cells("B3:B4")
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "journeymap: Overview!B3:B4: merged cells; unmerge them",
        "journeymap: Steps!H2:H3: merged cells; unmerge them",
        f"journeymap: {path} was not changed",
    ]
    assert path.read_bytes() == before


def test_a_workbook_without_its_overview_is_one_line_with_or_without_o(
    cli, workspace, tmp_path, monkeypatch
):
    monkeypatch.chdir(workspace)
    workbook = export(cli, workspace, tmp_path)
    book = load_workbook(workbook)
    book.remove(book["Overview"])
    book.save(workbook)
    for options in ([], ["-o", JOURNEY]):
        result = cli("import", workbook, *options)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == (
            "journeymap: Overview!A1: the overview sheet is missing"
        )
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    missing = cli("import", tmp_path / "nope.xlsx")
    assert missing.stderr == f"journeymap: {tmp_path / 'nope.xlsx'}: no such file\n"


CONTROL_MAP = """\
kind: journey
id: control
title: "Customer\\x08 journey"
stages:
  - id: need
    name: Need
    phase: pre-purchase
    steps:
      - id: s1
        name: "Tab\\tand bell\\a"
        pain_points: ["A\\x1fB", plain]
"""


def test_control_characters_export_and_come_back_as_they_were(cli, tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write("maps/journey.yaml", CONTROL_MAP)
    assert cli("validate", path).exit_code != 2  # a valid map (lint has advice for it)
    workbook = export(cli, tmp_path / "maps", tmp_path, "journey.yaml")
    book, steps = cells(workbook, "Steps")
    assert book["Overview"]["B4"].value == '"Customer\\b journey"'
    assert book["Steps"].cell(row=2, column=steps["pain points"]).value == '"A\\u001fB"\nplain'
    result = cli("import", workbook)
    assert result.exit_code == 0 and "0 cells changed" in result.stderr, result.stderr
    assert path.read_text() == CONTROL_MAP
    book["Overview"]["B4"] = '"Customer\\b trip"'
    book.save(workbook)
    assert cli("import", workbook).exit_code == 0
    data = load_yaml(path).data
    assert data["title"] == "Customer\x08 trip"
    assert data["stages"][0]["steps"][0]["pain_points"] == ["A\x1fB", "plain"]


def test_list_items_keep_line_breaks_spaces_and_quotes(cli, tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(
        "maps/journey.yaml",
        """\
        kind: journey
        id: lists
        title: Lists
        stages:
          - id: need
            name: Need
            phase: pre-purchase
            steps:
              - id: s1
                name: Step
                pain_points:
                  - "line1\\nline2"
                  - "  padded  "
                  - '"Why is this so hard?"'
                  - '"\\n"'
        """,
    )
    before = path.read_text()
    workbook = export(cli, tmp_path / "maps", tmp_path, "journey.yaml")
    book, steps = cells(workbook, "Steps")
    cell = book["Steps"].cell(row=2, column=steps["pain points"])
    assert cell.value.split("\n") == [
        '"line1\\nline2"',
        '"  padded  "',
        '"Why is this so hard?"',  # a quote as typed: shown as it is
        '"\\"\\\\n\\""',
    ]
    result = cli("import", workbook)
    assert "0 cells changed" in result.stderr and path.read_text() == before
    cell.value = f"  {cell.value}\n\n  A new one  \n"  # what people leave when typing
    book.save(workbook)
    assert cli("import", workbook).exit_code == 0
    step = load_yaml(path).data["stages"][0]["steps"][0]
    assert step["pain_points"] == [
        "line1\nline2",
        "  padded  ",
        '"Why is this so hard?"',
        '"\\n"',
        "A new one",
    ]


def test_import_refuses_edits_that_break_the_workspace(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    before = path.read_bytes()
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=2, column=steps["owner"]).value = "nonexistent-team"
    book["Steps"].cell(row=3, column=steps["name"]).value = "A valid new name"
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 2
    letter = book["Steps"].cell(row=2, column=steps["owner"]).column_letter
    assert result.stderr.splitlines() == [
        f"journeymap: Steps!{letter}2: owner: unknown team (journeymap.yaml `teams:`) "
        "'nonexistent-team'",
        f"journeymap: {path} was not changed",
    ]
    assert path.read_bytes() == before


def test_errors_the_file_had_before_do_not_block_an_import(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    text = path.read_text().replace("owner: cx\nrefreshed", "owner: ghost-team\nrefreshed", 1)
    path.write_text(text)
    assert "unknown team" in cli("validate", workspace).stdout
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=3, column=steps["name"]).value = "A valid new name"
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 0, result.stderr
    assert "1 cell changed" in result.stderr
    assert "A valid new name" in path.read_text()


def test_error_values_dates_and_duplicate_rows_are_located_errors(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    before = path.read_bytes()
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    sheet = book["Steps"]
    sheet.cell(row=2, column=steps["name"]).value = "#DIV/0!"
    sheet.cell(row=2, column=steps["name"]).data_type = "e"
    sheet.cell(row=3, column=steps["emotion"]).value = dt.datetime(2020, 1, 1)
    duplicate = sheet.max_row + 1
    for column in range(1, sheet.max_column + 1):
        sheet.cell(row=duplicate, column=column).value = sheet.cell(row=4, column=column).value
    quotes = {cell.value: cell.column for cell in book["Quotes"][1]}
    book["Quotes"].cell(row=2, column=quotes["date"]).value = dt.datetime(2026, 3, 1, 9, 30)
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 2
    step_id = sheet.cell(row=4, column=steps["step id"]).value
    letters = {key: sheet.cell(row=1, column=col).column_letter for key, col in steps.items()}
    date_letter = book["Quotes"].cell(row=1, column=quotes["date"]).column_letter
    assert result.stderr.splitlines()[:-1] == [
        f"journeymap: Steps!{letters['name']}2: an error value (#DIV/0!); type the value itself",
        f"journeymap: Steps!{letters['emotion']}3: emotion: cannot be a date or a time "
        "(got 2020-01-01)",
        f"journeymap: Steps!{letters['step id']}{duplicate}: step {step_id!r} is already on row 4",
        f"journeymap: Quotes!{date_letter}2: date: must be a date as YYYY-MM-DD, without a time "
        "(got 2026-03-01 09:30:00)",
    ]
    assert path.read_bytes() == before


def test_date_cells_are_read_as_the_field_expects(cli, workspace, tmp_path):
    path = workspace / JOURNEY
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=2, column=steps["touchpoint"]).value = dt.datetime(2027, 1, 31)
    book["Overview"]["B7"] = dt.datetime(2026, 10, 1)  # refreshed
    book.save(workbook)
    result = cli("import", workbook, "-o", path)
    assert result.exit_code == 0, result.stderr
    text = path.read_text()
    assert "refreshed: 2026-10-01\n" in text
    assert "touchpoint: '2027-01-31'" in text or 'touchpoint: "2027-01-31"' in text


def test_the_source_file_is_resolved_inside_the_workspace(cli, workspace, tmp_path, monkeypatch):
    path = workspace / JOURNEY
    before = path.read_bytes()
    workbook = export(cli, workspace, tmp_path)
    book = load_workbook(workbook)
    assert book["Overview"]["B8"].value == JOURNEY  # relative to the workspace root
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(before)
    (workspace / "journeys" / "link.yaml").symlink_to(outside)
    monkeypatch.chdir(workspace / "journeys")
    refused = {
        str(path): "is an absolute path, not a file of the workspace",
        "../../elsewhere.yaml": "leads out of the workspace (`..`)",
        "journeys/link.yaml": f"leads out of the workspace {workspace.resolve()} (a symlink)",
        "journeys/missing.yaml": f"is not a file of the workspace {workspace.resolve()}",
    }
    book["Steps"]["C2"] = "Edited through a hostile workbook"
    for name, reason in refused.items():
        book["Overview"]["B8"] = name
        book.save(workbook)
        result = cli("import", workbook)
        assert result.exit_code == 2
        assert result.stderr == (
            f"journeymap: Overview!B8: source file: {name!r} {reason}; "
            "pass -o FILE to name the YAML file\n"
        )
    assert path.read_bytes() == before and outside.read_bytes() == before
    result = cli("import", workbook, "-o", path)  # -o still names any file
    assert result.exit_code == 0 and "1 cell changed" in result.stderr


def test_a_missing_workbook_is_no_such_file(cli, tmp_path):
    for extra in ([], ["-o", str(tmp_path / "x.yaml")]):
        result = cli("import", tmp_path / "nope.xlsx", *extra)
        assert result.exit_code == 2
        assert result.stderr == f"journeymap: {tmp_path / 'nope.xlsx'}: no such file\n"


def test_import_writes_through_a_symlinked_journey_and_keeps_the_link(cli, workspace, tmp_path):
    real = workspace / JOURNEY
    moved = workspace / "journeys" / "real.yaml"
    real.rename(moved)
    real.symlink_to("real.yaml")
    workbook = export(cli, workspace, tmp_path)
    book, steps = cells(workbook, "Steps")
    book["Steps"].cell(row=2, column=steps["emotion"]).value = 1
    book.save(workbook)
    result = cli("import", workbook, "-o", real)
    assert result.exit_code == 0, result.stderr
    assert real.is_symlink() and real.readlink() == Path("real.yaml")
    assert "1 cell changed" in result.stderr


def test_export_never_writes_a_workbook_over_a_workspace_file(cli, workspace, tmp_path):
    config = workspace / "journeymap.yaml"
    before = config.read_bytes()
    result = cli("export", workspace / JOURNEY, "-o", config, "--force")
    assert result.exit_code == 2
    assert f"{config}: is an input file of this workspace" in result.stderr
    assert config.read_bytes() == before
