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


def test_ci_installs_what_the_readme_install_command_installs():
    """.ci/run sets up a fresh clone as a new contributor would, so no test hides as a skip."""
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    install = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)[0].splitlines()[0]
    for step, in_ci in (
        (
            "pip install -e '.[test]'",
            "pip install --quiet --disable-pip-version-check -e '.[test]'",
        ),
        ("npm ci --prefix tests/lsp", "npm ci --prefix tests/lsp"),
    ):
        assert step in install
        assert in_ci in CI_SCRIPT, f".ci/run does not run the README's {step!r}"
    readme_packages = set(re.search(r"apt-get install -y ([\w\s-]+?) &&", install)[1].split())
    ci_packages = {
        package
        for group in re.findall(r"missing\+=\(([^)]*)\)", CI_SCRIPT)
        for package in group.split()
    }
    assert readme_packages == ci_packages


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
