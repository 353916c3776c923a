"""Editors get hover help and completion offline, from the schemas ``init`` writes.

Drives the real YAML language server (yaml-language-server from npm, which the
README's install command puts into tests/lsp/) over stdio, as VS Code or Neovim
would. The tests skip only on a machine without Node.js, and never in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeymap.scaffold import init_workspace
from lsp_client import LanguageServer, node_executable, server_command

INSTALL = "npm ci --prefix tests/lsp"


def _command() -> list[str]:
    """The server's command line, or a skip (no Node.js, not CI) or one clear failure."""
    command = server_command()
    if command is not None:
        return command
    if node_executable() is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(
                f"CI is set but Node.js is missing: install nodejs and npm, then run {INSTALL}",
                pytrace=False,
            )
        pytest.skip("Node.js is not installed (the editor tests need it for yaml-language-server)")
    pytest.fail(f"yaml-language-server is not installed: run {INSTALL}", pytrace=False)


@pytest.fixture
def server(tmp_path):
    language_server = LanguageServer(_command(), tmp_path)
    yield language_server
    language_server.close()


def _position(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    lines = text.splitlines()
    hits = [(number, line.index(needle)) for number, line in enumerate(lines) if needle in line]
    return hits[occurrence]


def test_hover_on_emotion_shows_the_field_description(server, tmp_path):
    root = tmp_path / "maps"
    init_workspace(root)
    journey = root / "journeys" / "customer-journey.yaml"
    text = journey.read_text()
    uri = server.open(journey, text)
    line, column = _position(text, "emotion:")
    hover = server.hover(uri, line, column + 2)
    assert "How the customer feels at this point" in hover


def test_completion_inside_a_step_offers_moment_of_truth(server, tmp_path):
    root = tmp_path / "maps"
    init_workspace(root)
    journey = root / "journeys" / "customer-journey.yaml"
    lines = journey.read_text().splitlines()
    line, column = _position("\n".join(lines), "emotion: -1")
    lines.insert(line + 1, " " * column + "mom")
    text = "\n".join(lines) + "\n"
    uri = server.open(journey, text)
    labels = server.completion_labels(uri, line + 1, column + 3)
    assert "moment_of_truth" in labels


def test_the_examples_modelines_work_the_same(server, examples):
    journey = examples / "brightpost" / "journeys" / "social-media-manager.yaml"
    text = journey.read_text()
    uri = server.open(Path(journey), text)
    line, column = _position(text, "emotion:")
    assert "How the customer feels at this point" in server.hover(uri, line, column + 2)
