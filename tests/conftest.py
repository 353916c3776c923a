"""Shared fixtures: the repository's examples and a CLI runner that keeps stderr apart."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMAS = ROOT / "schemas"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time-based rules (due dates, stale data, the yearly refresh) judge against this day.

    The examples are written as of late 2026; pinning the date keeps the suite's
    answer the same on every day it runs (and reaches child processes too).
    """
    monkeypatch.setenv("JOURNEYMAP_TODAY", "2026-11-30")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def cli() -> Callable[..., object]:
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs: object) -> object:
        return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented YAML file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
