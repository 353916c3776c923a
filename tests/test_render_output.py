"""journeymap render: where output goes, and what it refuses to touch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def workspace(tmp_path: Path, examples: Path) -> Path:
    """A private copy of the brightpost example (tests may try to overwrite its files)."""
    target = tmp_path / "brightpost"
    shutil.copytree(examples / "brightpost", target)
    return target


def journey_ids(workspace: Path) -> list[str]:
    return sorted(path.stem for path in (workspace / "journeys").glob("*.yaml"))


def test_file_input_writes_one_file_atomically(cli, workspace, tmp_path):
    out = tmp_path / "out" / "sam.html"
    result = cli("render", workspace / "journeys/social-media-manager.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {out}" in result.stderr
    assert [path.name for path in out.parent.iterdir()] == ["sam.html"]  # no temp files left


def test_directory_input_writes_one_file_per_journey(cli, workspace, tmp_path):
    out = tmp_path / "handouts"
    result = cli("render", workspace, "--format", "dot", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"{name}.dot" for name in journey_ids(workspace)
    )


def test_the_config_as_input_stands_for_its_workspace(cli, workspace, tmp_path):
    """As for validate (pre-commit passes a changed journeymap.yaml)."""
    out = tmp_path / "handouts"
    result = cli("render", workspace / "journeymap.yaml", "--format", "dot", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(path.stem for path in out.iterdir()) == journey_ids(workspace)


def test_several_journeys_need_a_directory(cli, workspace, tmp_path):
    existing = tmp_path / "file.html"
    existing.write_text("keep me", encoding="utf-8")
    result = cli("render", workspace, "-o", existing)
    assert result.exit_code == 2
    assert "need -o to be a directory" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    result = cli("render", workspace, "--format", "mermaid")
    assert result.exit_code == 2
    assert "pass -o DIRECTORY" in result.stderr


def test_existing_output_needs_force(cli, workspace, tmp_path):
    out = tmp_path / "sam.mmd"
    out.write_text("old", encoding="utf-8")
    journey = workspace / "journeys/social-media-manager.yaml"
    refused = cli("render", journey, "-f", "mermaid", "-o", out)
    assert refused.exit_code == 2
    assert (
        refused.stderr.strip() == f"journeymap: {out}: already exists; pass --force to replace it"
    )
    assert out.read_text(encoding="utf-8") == "old"
    forced = cli("render", journey, "-f", "mermaid", "-o", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("journey\n")


def test_a_directory_run_is_refused_whole_when_one_target_exists(cli, workspace, tmp_path):
    out = tmp_path / "handouts"
    out.mkdir()
    (out / "employee-csm.html").write_text("old", encoding="utf-8")
    result = cli("render", workspace, "-o", out)
    assert result.exit_code == 2
    assert sorted(path.name for path in out.iterdir()) == ["employee-csm.html"]


@pytest.mark.parametrize(
    "victim",
    [
        "journeys/social-media-manager.yaml",
        "personas/social-media-manager.yaml",
        "messaging/core-messaging.yaml",
        "journeymap.yaml",
    ],
)
def test_never_writes_over_an_input_file_even_with_force(cli, workspace, victim):
    target = workspace / victim
    before = target.read_bytes()
    journey = workspace / "journeys/social-media-manager.yaml"
    result = cli("render", journey, "-f", "mermaid", "-o", target, "--force")
    assert result.exit_code == 2
    assert "is an input file of this workspace; refusing to overwrite it" in result.stderr
    assert target.read_bytes() == before


def test_input_file_is_protected_through_a_symlink(cli, workspace, tmp_path):
    link = tmp_path / "innocent.html"
    link.symlink_to(workspace / "journeys/social-media-manager.yaml")
    before = (workspace / "journeys/social-media-manager.yaml").read_bytes()
    result = cli("render", workspace / "journeys/social-media-manager.yaml", "-o", link, "--force")
    assert result.exit_code == 2
    assert (workspace / "journeys/social-media-manager.yaml").read_bytes() == before


def test_stdout_for_text_formats_only(cli, workspace):
    journey = workspace / "journeys/social-media-manager.yaml"
    text = cli("render", journey, "-f", "mermaid", "-o", "-")
    assert text.exit_code == 0, text.stderr
    assert text.stdout.startswith("journey\n    title ")
    default = cli("render", journey, "-f", "dot")
    assert default.exit_code == 0
    assert default.stdout.startswith("digraph journey {")
    binary = cli("render", journey, "-f", "png", "-o", "-")
    assert binary.exit_code == 2
    assert "png output is binary" in binary.stderr
    assert binary.stdout == ""


def test_unknown_format_and_mermaid_kind_are_usage_errors(cli, workspace):
    journey = workspace / "journeys/social-media-manager.yaml"
    fmt = cli("render", journey, "-f", "gif")
    assert fmt.exit_code == 2
    assert (
        "--format: must be one of html, pdf, pptx, dot, svg, png, mermaid (got 'gif')" in fmt.stderr
    )
    kind = cli("render", journey, "-f", "mermaid", "--mermaid-kind", "gantt")
    assert kind.exit_code == 2
    assert "must be journey or flowchart" in kind.stderr


def test_layout_and_paper_choose_the_printed_page(cli, workspace, tmp_path):
    journey = workspace / "journeys/social-media-manager.yaml"
    out = tmp_path / "poster.html"
    result = cli("render", journey, "--layout", "poster", "--paper", "A1", "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en" class="layout-poster paper-a1">' in page
    assert "@page { size: 841mm 594mm; margin: 15mm; }" in page
    letter = cli("render", journey, "--paper", "letter", "-o", tmp_path / "pack.html")
    assert letter.exit_code == 0, letter.stderr
    page = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert 'class="layout-pack paper-letter"' in page
    assert "@page { size: 279.4mm 215.9mm;" in page
    layout = cli("render", journey, "--layout", "wall", "-o", tmp_path / "x.html")
    assert layout.exit_code == 2
    assert layout.stderr == "journeymap: --layout: must be one of poster, pack (got 'wall')\n"
    paper = cli("render", journey, "--paper", "b5", "-o", tmp_path / "x.html")
    assert paper.exit_code == 2
    assert paper.stderr == (
        "journeymap: --paper: must be one of a0, a1, a2, a3, a4, letter, tabloid (got 'b5')\n"
    )
    assert not (tmp_path / "x.html").exists()


def test_broken_journey_is_one_located_line(cli, write):
    path = write(
        "broken/journey.yaml",
        """
        kind: journey
        id: broken
        title: Broken
        stages:
          - id: need
            name: Need
            steps:
              - id: a
                name: A
                emotion: 7
        """,
    )
    result = cli("render", path, "-f", "mermaid")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"journeymap: {path}:10:18: stage 'Need' › step 'A' › emotion: must be between -2 and 2 (got 7)"
    ]
    assert result.stdout == ""


def test_no_journey_in_the_input(cli, workspace):
    result = cli("render", workspace / "personas")
    assert result.exit_code == 2
    assert "no journey to render" in result.stderr


def test_persona_and_messaging_render_as_pages_only(cli, workspace):
    persona = workspace / "personas/it-admin.yaml"
    page = cli("render", persona)
    assert page.exit_code == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>")
    assert "Jordan, IT and security administrator" in page.stdout
    for fmt in ("dot", "pptx", "mermaid"):
        refused = cli("render", persona, "-f", fmt, "-o", workspace.parent / f"x.{fmt}")
        assert refused.exit_code == 2
        assert refused.stderr == (
            f"journeymap: {persona}: a persona renders as html or pdf, not {fmt}\n"
        )
    messaging = cli("render", workspace / "messaging/core-messaging.yaml", "-f", "mermaid")
    assert messaging.exit_code == 2
    assert "a messaging file renders as html or pdf, not mermaid" in messaging.stderr


def test_missing_dot_program_is_one_clear_line(cli, workspace, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    journey = workspace / "journeys/social-media-manager.yaml"
    for fmt in ("svg", "png"):
        result = cli("render", journey, "-f", fmt, "-o", tmp_path / f"out.{fmt}")
        assert result.exit_code == 2
        assert result.stderr == (
            f"journeymap: graphviz: {fmt} output needs the Graphviz `dot` program: "
            "apt-get install -y graphviz\n"
        )
        assert not (tmp_path / f"out.{fmt}").exists()
    text = cli("render", journey, "-f", "dot")  # DOT text needs no binary
    assert text.exit_code == 0
    assert text.stdout.startswith("digraph")
