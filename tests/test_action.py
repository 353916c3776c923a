"""The composite GitHub Action: its steps' commands, run locally as the runner would run them.

Each ``run:`` script is executed with bash (``-eo pipefail``, as GitHub does),
with the step's ``env:`` after substituting ``${{ inputs.* }}`` and
``${{ github.action_path }}``. The install step installs this source tree into
a fresh virtual environment, so the later steps use the installed command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journeymap.scaffold import init_workspace

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(inputs\.[\w-]+|github\.action_path)\s*\}\}")


def expand(value: str, inputs: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "github.action_path":
            return str(ROOT)
        key = name.removeprefix("inputs.")
        default = ACTION["inputs"][key].get("default", "")
        return inputs.get(key, default)

    return EXPRESSION.sub(replace, value)


def runs(step: dict, inputs: dict[str, str]) -> bool:
    condition = step.get("if")
    if condition is None:
        return True
    match = re.fullmatch(r"inputs\.([\w-]+) != ''", condition.strip())
    assert match, f"the test understands only `inputs.X != ''` conditions, not {condition!r}"
    return bool(inputs.get(match.group(1), ""))


def run_action(
    inputs: dict[str, str], cwd: Path, env: dict[str, str]
) -> list[subprocess.CompletedProcess]:
    results = []
    for step in ACTION["runs"]["steps"]:
        if not runs(step, inputs):
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs reach scripts through env, never inline"
        step_env = {**env, **{k: expand(str(v), inputs) for k, v in step.get("env", {}).items()}}
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            check=False,
        )
        results.append(result)
        if result.returncode != 0:
            break
    return results


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """A fresh venv in which the action's install step ran (deps come from the system)."""
    venv = tmp_path_factory.mktemp("action") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "PIP_NO_DEPS": "1",  # the runtime dependencies are already there
        "PIP_NO_BUILD_ISOLATION": "0",  # build with the installed hatchling, offline
    }
    env.pop("PYTHONPATH", None)
    install = ACTION["runs"]["steps"][0]
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", install["run"]],
        env={**env, **{k: expand(str(v), {}) for k, v in install["env"].items()}},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("journeymap ")
    location = subprocess.run(
        ["python", "-c", "import journeymap; print(journeymap.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert location.startswith(str(venv)), "the action's own install is the one used"
    return env


def test_action_annotates_findings_and_fails_on_request(installed, tmp_path):
    root = tmp_path / "maps"
    init_workspace(root)
    persona = root / "personas" / "orphan.yaml"
    persona.write_text("kind: persona\nid: orphan\nname: Nobody's persona\n")
    clean = run_action({}, root, installed)
    assert [r.returncode for r in clean] == [0, 0]
    assert "::warning file=personas/orphan.yaml,line=2" in clean[-1].stdout
    failing = run_action({"fail-on": "warning", "sarif": "out.sarif"}, root, installed)
    assert [r.returncode for r in failing] == [0, 0, 1]
    sarif = json.loads((root / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["JM103", "JM801"]


def test_action_paths_input_cannot_inject_commands(installed, tmp_path):
    root = tmp_path / "maps"
    init_workspace(root)
    marker = tmp_path / "pwned"
    result = run_action({"paths": f"journeys; touch {marker}"}, root, installed)
    assert result[-1].returncode == 2  # 'journeys;' is not a path
    assert not marker.exists()
