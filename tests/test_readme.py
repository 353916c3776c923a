"""The README's quick start is a contract: its commands and sample output must stay true."""

from __future__ import annotations

import re
import shlex
import subprocess

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_SCRIPT = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)[0]
    install, test = block.strip().splitlines()
    assert "pip install -e '.[test]'" in install
    assert "journeymap validate examples/brightpost" in install
    assert test in CI_SCRIPT, "the README's test command must be the one .ci/run runs"


def test_console_sample_matches_the_real_output():
    console = _blocks("console")[0].strip().splitlines()
    command, expected = console[0].removeprefix("$ "), console[1:]
    result = subprocess.run(
        shlex.split(command), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == expected


def test_working_with_the_team_shows_only_commands_and_options_that_exist():
    from typer.testing import CliRunner

    from journeymap.cli import app

    section = README.split("## Working with the team", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)
        for line in block.splitlines()
        if line.startswith("journeymap ")
    ]
    used = {words[1] for words in map(shlex.split, commands)}
    assert {"fmt", "export", "import", "new", "render", "diff"} <= used
    for command in commands:
        words = shlex.split(command)
        help_text = CliRunner().invoke(app, [words[1], "--help"]).output
        for word in words[2:]:
            if word.startswith("-"):
                assert word.split("=")[0] in help_text, f"{command}: {word} is not an option"
