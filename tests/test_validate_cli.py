"""`journeymap validate` end to end: stages, configuration, inline disables, exit codes,
`journeymap rules`, and the README/pre-commit files that advertise them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from journeymap.lint.docs import README_END, README_START, markdown_table
from journeymap.lint.registry import all_rules, lint_rules
from lint_helpers import ADVOCACY_STAGE, JOURNEY, make_workspace

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "data" / "broken"
LOCATED = re.compile(r"^\s*(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>JM\d{3}) ", re.M)


def located(output: str) -> dict[str, tuple[str, int, int]]:
    return {m["code"]: (m["path"], int(m["line"]), int(m["col"])) for m in LOCATED.finditer(output)}


def test_broken_fixture_locates_schema_reference_and_lint_findings(cli):
    result = cli("validate", BROKEN)
    assert result.exit_code == 2  # schema and reference errors: the map cannot be used
    found = located(result.stdout)
    assert found["JM002"][0].endswith("typo.yaml")
    assert found["JM002"][1:] == (11, 9)  # emotoin:
    assert found["JM004"][0].endswith("buyer.yaml")
    assert found["JM004"][1:] == (4, 12)  # personas: [sammy]
    assert re.search(r"buyer\.yaml:14:5: JM301 ", result.stdout)  # - id: buy
    assert found["JM401"][1:] == (3, 14)  # title: Buyer lifecycle (at the term)
    assert found["JM101"][1] == 5  # stages:
    assert "Did you mean 'sam'?" in result.stdout
    assert result.stdout.rstrip().endswith("(3 files checked).")
    # typo.yaml's schema error does not hide the lint findings of what did load
    assert re.search(r"typo\.yaml:6:5: JM201 ", result.stdout)
    assert "Found 3 errors, 4 warnings in 2 files" in result.stdout
    assert result.stderr == ""


def test_unreadable_yaml_exits_2(cli, write, tmp_path):
    write("bad.yaml", "kind: journey\nid: [unclosed\n")
    result = cli("validate", tmp_path / "bad.yaml")
    assert result.exit_code == 2
    assert "bad.yaml:" in result.stdout and "JM001" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_no_paths_walks_up_to_the_workspace(cli, tmp_path, monkeypatch):
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("    owner: sales\n", "", 1))
    nested = root / "deeper"
    nested.mkdir()
    monkeypatch.chdir(nested)
    result = cli("validate")
    assert result.exit_code == 0
    assert "JM301" in result.stdout


def test_one_file_reports_only_that_file(cli, tmp_path):
    root = make_workspace(
        tmp_path / "ws", JOURNEY, {"ira.yaml": "kind: persona\nid: ira\nname: Ira\n"}
    )
    assert "JM103" in cli("validate", root).stdout
    result = cli("validate", root / "journey.yaml")
    assert result.exit_code == 0, result.stdout
    assert "JM103" not in result.stdout


def test_a_changed_config_checks_its_whole_workspace(cli, tmp_path):
    root = make_workspace(
        tmp_path / "ws", JOURNEY, {"ira.yaml": "kind: persona\nid: ira\nname: Ira\n"}
    )
    result = cli("validate", root / "journeymap.yaml", root / "sam.yaml")
    assert result.exit_code == 0, result.stdout
    assert "JM103" in result.stdout and "JM002" not in result.stdout


def write_config(root: Path, lint: str) -> None:
    (root / "journeymap.yaml").write_text("glossary: {lifecycle: journey}\nlint:\n" + lint)


NO_EVIDENCE = JOURNEY.replace(
    '    quotes:\n      - {text: "It took weeks.", source: interview}\n', ""
)


@pytest.mark.parametrize(
    ("lint", "args", "expected"),
    [
        ("  ignore: [JM2]\n", [], set()),
        ("  ignore: [jm201]\n", [], set()),
        ("  ignore: [JM2]\n  select: [JM201]\n", [], {"JM201"}),
        ("  select: [JM1, JM3]\n", [], set()),
        ("  select: [JM1]\n", ["--select", "JM201"], {"JM201"}),
        ("  select: [ALL]\n", ["--ignore", "JM3,JM201"], set()),
        ("  fail_on: error\n", ["--select", "JM2", "--select", "JM4"], {"JM201"}),
    ],
)
def test_selection_from_config_and_command_line(cli, tmp_path, lint, args, expected):
    root = make_workspace(tmp_path / "ws", NO_EVIDENCE)
    write_config(root, lint)
    result = cli("validate", root, *args)
    assert set(located(result.stdout)) == expected, result.stdout


def test_severity_overrides_and_fail_on(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", NO_EVIDENCE)
    assert cli("validate", root).exit_code == 0  # JM201 is a warning
    assert cli("validate", root, "--fail-on", "warning").exit_code == 1
    write_config(root, "  fail_on: warning\n")
    assert cli("validate", root).exit_code == 1
    assert cli("validate", root, "--fail-on", "error").exit_code == 0
    write_config(root, "  severity: {JM2: info, JM201: error}\n")
    result = cli("validate", root)
    assert result.exit_code == 1
    assert "JM201 error" in result.stdout
    write_config(root, "  severity: {JM2: info}\n")
    result = cli("validate", root, "--fail-on", "warning")
    assert (result.exit_code, "JM201 info" in result.stdout) == (0, True)


def test_each_workspace_keeps_its_own_fail_on(cli, tmp_path):
    """Two workspaces in one run (a monorepo, or pre-commit passing files of both): one
    workspace's `fail_on: warning` gates its own warnings whatever order they come in."""
    strict = make_workspace(tmp_path / "strict", NO_EVIDENCE)
    write_config(strict, "  fail_on: warning\n")
    relaxed = make_workspace(tmp_path / "relaxed", JOURNEY)
    write_config(relaxed, "  fail_on: error\n")
    assert cli("validate", strict).exit_code == 1
    assert cli("validate", strict, relaxed).exit_code == 1
    assert cli("validate", relaxed, strict).exit_code == 1
    assert cli("validate", relaxed / "journey.yaml", strict / "journey.yaml").exit_code == 1
    assert cli("validate", strict, relaxed, "--fail-on", "error").exit_code == 0
    # the relaxed workspace's warnings do not fail the run by the strict one's setting
    write_config(strict, "  fail_on: warning\n")
    (strict / "journey.yaml").write_text(JOURNEY)
    write_config(relaxed, "  fail_on: error\n")
    (relaxed / "journey.yaml").write_text(NO_EVIDENCE)
    assert cli("validate", strict, relaxed).exit_code == 0
    assert cli("validate", relaxed, strict).exit_code == 0


def test_unknown_rule_codes_are_errors_with_their_location(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY)
    write_config(root, "  ignore:\n    - JM201\n    - JM999\n")
    result = cli("validate", root)
    assert result.exit_code == 2
    assert re.search(r"journeymap\.yaml:5:7: JM002 error lint\.ignore: 'JM999'", result.stdout)
    result = cli("validate", root, "--select", "JM2,XY1")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "journeymap: --select: 'XY1' is not a lint rule code, name or prefix; "
        "see `journeymap rules`"
    )
    result = cli("validate", root, "--ignore", "stage-without-evidense")
    assert result.stderr.strip() == (
        "journeymap: --ignore: 'stage-without-evidense' is not a lint rule code, name or "
        "prefix (did you mean 'stage-without-evidence'?); see `journeymap rules`"
    )


RULE_NAMES = [
    (["--select", "stage-without-evidence"], "  fail_on: error\n", {"JM201"}),
    (
        ["--select", "JM2", "--ignore", "stage-without-evidence,insight-without-owner"],
        "  fail_on: error\n",
        set(),
    ),
    ([], "  select: [duplicate-step-name, JM201]\n", {"JM106", "JM201"}),
    ([], "  ignore: [JM1, journey-without-persona]\n  select: [JM1]\n", set()),
]


@pytest.mark.parametrize(("args", "lint", "expected"), RULE_NAMES)
def test_rule_names_work_wherever_codes_do(cli, tmp_path, args, lint, expected):
    journey = JOURNEY.replace(
        '    quotes:\n      - {text: "It took weeks.", source: interview}\n', ""
    )
    journey = journey.replace("Reaches first value", "Signs the order-form")
    root = make_workspace(tmp_path / "ws", journey)
    write_config(root, lint)
    result = cli("validate", root, *args)
    assert set(located(result.stdout)) == expected, result.stdout


def test_rule_names_in_severity_and_inline_disables(cli, tmp_path):
    journey = JOURNEY.replace(
        '    quotes:\n      - {text: "It took weeks.", source: interview}\n', ""
    )
    root = make_workspace(tmp_path / "ws", journey)
    write_config(root, "  severity: {stage-without-evidence: error}\n")
    result = cli("validate", root)
    assert "JM201 error" in result.stdout and result.exit_code == 1
    (root / "journey.yaml").write_text(
        "# journeymap: disable-file=stage-without-evidence\n" + journey
    )
    assert cli("validate", root).exit_code == 0


INLINE = (
    """\
kind: journey
id: buyer
title: Buyer journey
personas: [sam]
refreshed: 2026-09-15
stages:
  - id: need  # journeymap: disable=JM201,JM302
    name: Need something
    phase: pre-purchase
    owner: marketing
    steps:
      - {id: notice, name: Notices the gap, owner: marketing, emotion: -1, moment_of_truth: true, backstage: [Ops]}
    insights:
      - {id: trigger, text: A failure starts the search, source: interview}
  # journeymap: disable=JM2
  - id: buy
    name: Decide and buy
    phase: purchase
    owner: sales
    steps:
      - {id: sign, name: Signs the order, owner: sales, emotion: 1}
  - id: use
    name: Install and use
    phase: post-purchase
    owner: customer-success
    steps:
      - {id: first-value, name: Reaches first value, owner: product, emotion: 2}
    insights:
      - {id: value, text: Value comes from approvals, source: survey}
"""
    + ADVOCACY_STAGE
)


def test_inline_disables_cover_the_item_and_its_children_only(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", INLINE)
    found = [(m["code"], int(m["line"])) for m in LOCATED.finditer(cli("validate", root).stdout)]
    # need: JM201 and its insight's JM302 disabled on the item line; buy: JM2 disabled
    # by the line above; use: its insight still lacks an owner.
    assert found == [("JM302", 29)]


def test_inline_disable_file(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", "# journeymap: disable-file=JM3\n" + INLINE)
    assert located(cli("validate", root).stdout) == {}


def test_an_unknown_code_in_an_inline_disable_is_a_located_warning(cli, tmp_path):
    """A typo in a disable comment disables nothing; like ruff's invalid `# noqa` code, it
    is named where it is written, with the code it was probably meant to be."""
    text = INLINE.replace("disable=JM201,JM302", "disable=JM201,JM3O2").replace(
        "# journeymap: disable=JM2\n", "# journeymap: disable=JM2,stage-without-evidnce\n"
    )
    text = "# journeymap: disable-file=JM0\n" + text
    root = make_workspace(tmp_path / "ws", text)
    lines = text.splitlines()

    def at(needle: str) -> tuple[int, int]:
        """(line, column) where ``needle`` first occurs."""
        number = next(i for i, line in enumerate(lines, 1) if needle in line)
        return number, lines[number - 1].index(needle) + 1

    result = cli("validate", root)
    found = [(m["code"], int(m["line"]), int(m["col"])) for m in LOCATED.finditer(result.stdout)]
    assert ("JM007", *at("JM0")) in found  # disable-file=JM0: a core check cannot be disabled
    assert ("JM007", *at("JM3O2")) in found  # the insight's JM302 is still reported
    assert ("JM302", at("{id: trigger")[0], 9) in found
    assert ("JM007", *at("stage-without-evidnce")) in found
    assert len(found) == 5, found  # and the use stage's insight (JM302), as before
    assert "'JM3O2' is not a lint rule code, name or prefix (did you mean 'JM302'?)" in (
        result.stdout
    )
    assert "(did you mean 'stage-without-evidence'?)" in result.stdout
    assert result.exit_code == 0  # warnings: lint.fail_on is error
    assert cli("validate", root, "--fail-on", "warning").exit_code == 1


def test_rules_lists_every_rule_and_shows_docs(cli):
    listing = cli("rules")
    assert listing.exit_code == 0
    for item in all_rules():
        assert re.search(rf"^{item.code}\s+{item.severity}\s+{item.name}\s", listing.stdout, re.M)
    doc = cli("rules", "jm201")
    assert doc.exit_code == 0
    assert doc.stdout.startswith("JM201 stage-without-evidence\n")
    assert "FAIL:" in doc.stdout and "PASS:" in doc.stdout and "Fix: " in doc.stdout
    family = cli("rules", "JM3")
    assert [line[:5] for line in family.stdout.splitlines() if line.startswith("JM")] == [
        "JM301",
        "JM302",
        "JM303",
        "JM304",
    ]
    missing = cli("rules", "JM999")
    assert missing.exit_code == 2
    assert "JM999" in missing.stderr
    by_name = cli("rules", "duplicate-step-name")
    assert by_name.exit_code == 0
    assert by_name.stdout.startswith("JM106 duplicate-step-name\n")
    typo = cli("rules", "near-duplicate-step")
    assert typo.exit_code == 2
    assert "(did you mean 'duplicate-step-name'?)" in typo.stderr


@pytest.mark.parametrize("item", lint_rules(), ids=lambda item: item.code)
def test_every_rule_is_documented_with_examples(item):
    assert item.summary.endswith(".")
    assert "FAIL" in item.doc and "PASS" in item.doc
    assert item.hint
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", item.name)
    assert item.family in {
        "structure",
        "evidence",
        "ownership",
        "language",
        "action",
        "blueprint",
        "messaging",
        "persona",
    }


def test_readme_rule_table_matches_the_registry(cli):
    readme = (ROOT / "README.md").read_text()
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    assert readme[start:end].strip() == markdown_table(all_rules()).strip()
    assert cli("rules", "--format", "markdown").stdout == markdown_table(all_rules())


def test_pre_commit_hook_definition():
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    hook = hooks["journeymap-validate"]
    assert hook["entry"] == "journeymap validate"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("maps/journeys/buyer.yaml") and files.search("personas/sam.yml")
    assert not files.search("README.md")


COMMANDS = ["init", "validate", "rules", "diff", "render", "schema"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_not_python_types(cli, command):
    result = cli(command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert not re.search(r"<(list|str|int|path|float|bool)\b[^>]*>", result.stdout), result.stdout
    assert "int range" not in result.stdout


def test_help_lists_the_choices_the_library_accepts(cli):
    from journeymap.diff.report import FORMATS as DIFF_FORMATS
    from journeymap.render import FORMATS as RENDER_FORMATS
    from journeymap.render import MERMAID_KINDS
    from journeymap.render.paper import LAYOUTS, PAPERS
    from journeymap.report.formats import FORMATS as REPORT_FORMATS

    def choices(command: str, option: str) -> set[str]:
        text = cli(command, "--help", env={"COLUMNS": "200"}).stdout
        match = re.search(rf"{option} (\S+)", text)
        assert match, (option, text)
        return set(match[1].split("|"))

    assert choices("validate", "--format") == set(REPORT_FORMATS)
    assert choices("validate", "--fail-on") == {"error", "warning", "info"}
    assert choices("render", "--format") == set(RENDER_FORMATS)
    assert choices("render", "--mermaid-kind") == set(MERMAID_KINDS)
    assert choices("render", "--layout") == set(LAYOUTS)
    assert choices("render", "--paper") == set(PAPERS)
    assert choices("diff", "--format") == set(DIFF_FORMATS)
    assert choices("rules", "--format") == {"text", "markdown", "json"}
    assert "PATHS..." in cli("validate", "--help").stdout
    assert "--jobs N" in cli("validate", "--help").stdout


def test_validate_parses_in_one_process_unless_asked(cli, monkeypatch, tmp_path):
    import journeymap.validate

    seen: list[int] = []
    real = journeymap.validate.validate_paths

    def spy(*args, **kwargs):
        seen.append(kwargs["jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(journeymap.validate, "validate_paths", spy)
    persona = tmp_path / "p.yaml"
    persona.write_text("kind: persona\nid: sam\nname: Sam\n")
    cli("validate", persona)
    cli("validate", persona, "--jobs", "0")
    assert seen == [1, 0]
