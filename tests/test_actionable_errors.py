"""Errors a user can act on in one pass (issue #11): render warns about what validate
would reject, and every finding is phrased in the author's terms."""

from __future__ import annotations

from lint_helpers import JOURNEY, make_workspace


def test_render_draws_the_map_and_warns_about_a_broken_persona(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("personas: [sam]", "personas: [sma]"))
    out = tmp_path / "map.mmd"
    result = cli("render", root / "journey.yaml", "-f", "mermaid", "-o", out)
    assert result.exit_code == 0
    assert out.read_text().startswith("journey")
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"journeymap: warning: {root / 'journey.yaml'}:4:12: JM004 personas[0]: "
        "unknown persona 'sma'"
    )
    assert lines[1:] == [f"wrote {out}"]


def test_render_of_a_clean_map_is_silent(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY)
    result = cli("render", root, "-f", "mermaid", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "warning" not in result.stderr
