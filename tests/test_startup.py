"""Start-up: ``validate`` of one clean file imports only what checking it needs.

Every import below is a cost the command line pays before its first line of
output (``bench/run.py`` times it; timing stays out of the tests). They are
imported where they are used: rich for a progress bar on a terminal, jinja2 and
graphviz for rendering, rapidfuzz only when two step names might be near
duplicates or a reference needs a "did you mean", numpy for very big journeys,
the fast YAML parser once a run has read enough YAML to pay for it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

NOT_FOR_ONE_CLEAN_FILE = (
    "rich",
    "jinja2",
    "graphviz",
    "rapidfuzz",
    "numpy",
    "yaml_rs",
    "openpyxl",
    "pptx",
    "weasyprint",
    "playwright",
    "ruamel",
    "watchfiles",
)

CHILD = """
import json, sys
from journeymap.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.__stdout__)
"""


TERMINAL_CHILD = (
    """
import io, sys

class Terminal(io.StringIO):
    def isatty(self):
        return True

sys.stdout, sys.stderr = Terminal(), Terminal()
"""
    + CHILD
)


def imported_by_validate(*args: str, cwd: Path, terminal: bool = False) -> tuple[int, set[str]]:
    """Exit code and the top-level modules loaded by ``journeymap validate ARGS``.

    ``terminal``: stdout and stderr are terminals, as when a person runs the command.
    """
    done = subprocess.run(
        [sys.executable, "-c", TERMINAL_CHILD if terminal else CHILD, "validate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return result["code"], {name.partition(".")[0] for name in result["modules"]}


def test_validating_one_clean_journey_imports_nothing_heavy(examples, tmp_path):
    workspace = shutil.copytree(examples / "brightpost", tmp_path / "brightpost")
    journey = next((workspace / "journeys").glob("*.yaml"))
    code, modules = imported_by_validate(str(journey.relative_to(workspace)), cwd=workspace)
    assert code == 0
    assert "pydantic" in modules and "yaml" in modules  # it really validated
    assert modules.isdisjoint(NOT_FOR_ONE_CLEAN_FILE), modules & set(NOT_FOR_ONE_CLEAN_FILE)


def test_validating_one_clean_journey_on_a_terminal_imports_no_rich(examples, tmp_path):
    """No progress bar for one file and nothing to colour: rich stays unloaded."""
    workspace = shutil.copytree(examples / "brightpost", tmp_path / "brightpost")
    journey = next((workspace / "journeys").glob("*.yaml"))
    code, modules = imported_by_validate(
        str(journey.relative_to(workspace)), cwd=workspace, terminal=True
    )
    assert code == 0
    assert "rich" not in modules
