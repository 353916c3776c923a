"""The benchmark is not a timed test; these keep its generator and runner from rotting."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journeymap.validate import validate_paths

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def generate():
    return _load("generate")


def test_generated_workspace_is_clean(generate, tmp_path):
    generated = generate.generate_workspace(tmp_path / "ws", 9, seed=3)
    assert len(generated.journeys) == 9
    run = validate_paths([generated.root])
    assert run.findings == []
    assert run.documents == 9 + len(generated.others)


def test_generator_is_deterministic_and_seeded(generate, tmp_path):
    first = generate.generate_workspace(tmp_path / "a", 3, seed=5)
    again = generate.generate_workspace(tmp_path / "b", 3, seed=5)
    other = generate.generate_workspace(tmp_path / "c", 3, seed=6)
    texts = [[path.read_bytes() for path in ws.files] for ws in (first, again, other)]
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_maps_are_realistic_in_size_and_shape(generate, tmp_path):
    generated = generate.generate_workspace(tmp_path / "ws", 2, seed=0)
    text = generated.journeys[0].read_text(encoding="utf-8")
    assert 10_000 < len(text.encode()) < 25_000
    assert "&" not in text and "*" not in text  # no anchors or aliases
    run = validate_paths([generated.journeys[0]])
    assert run.exit_code() == 0


def test_vocabulary_maps_share_words_and_stay_clean(generate, tmp_path):
    generated = generate.generate_workspace(tmp_path / "ws", 8, seed=2, names="vocabulary")
    run = validate_paths([generated.root])
    assert run.findings == []
    data = yaml.safe_load(generated.journeys[0].read_text(encoding="utf-8"))
    steps = [step["name"] for stage in data["stages"] for step in stage["steps"]]
    assert len(steps) >= 90
    # names share words as real ones do: every verb is used by several steps
    verbs = [name.split()[0] for name in steps]
    assert max(verbs.count(verb) for verb in set(verbs)) >= 3


def test_findings_heavy_maps_are_the_same_maps_with_warnings_planted(generate, tmp_path):
    clean = generate.generate_workspace(tmp_path / "clean", 2, seed=4, names="vocabulary")
    heavy = generate.generate_workspace(
        tmp_path / "heavy", 2, seed=4, names="vocabulary", findings=True
    )
    assert [p.read_bytes() for p in clean.others] == [p.read_bytes() for p in heavy.others]
    run = validate_paths([heavy.root])
    assert run.input_errors == []
    codes = {finding.code for finding in run.findings}
    assert {"JM106", "JM201", "JM202", "JM204", "JM301", "JM302", "JM401"} <= codes
    assert len(run.findings) >= 2 * 20
    steps = [line for line in clean.journeys[0].read_text().splitlines() if "-step-" in line]
    assert steps == [
        line for line in heavy.journeys[0].read_text().splitlines() if "-step-" in line
    ]


def test_big_vocabulary_journey_is_clean(generate, tmp_path):
    root = tmp_path / "big"
    generate.generate_workspace(root, 0)
    path = root / "journeys" / "big.yaml"
    path.write_text(generate.to_yaml(generate.big_journey(300, names="vocabulary")))
    run = validate_paths([path])  # the workspace loads too; findings are for this file
    assert run.findings == []


def test_big_pair_differs_and_validates(generate, tmp_path):
    before, after = generate.write_big_pair(tmp_path, steps=40)
    assert before.read_text() != after.read_text()
    run = validate_paths([before.parent.parent, after.parent.parent])
    assert run.input_errors == []


def test_cli_generates(generate, tmp_path, capsys):
    generate.main([str(tmp_path / "out"), "--maps", "2", "--seed", "1"])
    assert "wrote 11 files" in capsys.readouterr().out
    assert len(list((tmp_path / "out" / "journeys").glob("*.yaml"))) == 2


@pytest.mark.slow
def test_quick_run_prints_the_table(tmp_path, capsys):
    run = _load("run")
    rows = run.main(["--quick", "--workdir", str(tmp_path), "--json", str(tmp_path / "rows.json")])
    out = capsys.readouterr().out
    for heading in (
        "validate CLI, per vocabulary map",
        "findings-heavy vs clean",
        "text report of",
        "lint alone, one 200-step journey",
        "lint alone, 60 steps with 1,200-word names",
        "start-up: journeymap validate one small file",
        "validate default",
        "validate in-process",
        "scaling",
        "peak memory",
    ):
        assert heading in out
    measured = {row.name: row for row in rows}
    assert any(name.startswith("scaling: 16 maps") for name in measured)
    assert (tmp_path / "rows.json").is_file()
    assert all(row.ours for row in rows if row.met is not None)


def test_timed_children_read_cached_bytecode(monkeypatch):
    """What users get: bytecode compiled once, even where PYTHONDONTWRITEBYTECODE is set."""
    run = _load("run")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.dont_write_bytecode, sys.pycache_prefix)"],
        env=run.child_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", str(run.PYCACHE)]
