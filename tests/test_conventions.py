"""Command-line conventions: shell completion, ``-`` for standard input, ``diff REV`` alone."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from journeymap.cli import app

JOURNEY = "journeys/social-media-manager.yaml"


def complete(shell: str, env: dict[str, str]) -> str:
    result = CliRunner().invoke(
        app, [], prog_name="journeymap", env={"_JOURNEYMAP_COMPLETE": f"complete_{shell}", **env}
    )
    assert result.exit_code == 0
    return result.output


def test_shell_completion_completes_commands_and_choices():
    assert complete("bash", {"COMP_WORDS": "journeymap va", "COMP_CWORD": "1"}) == "validate\n"
    zsh = complete("zsh", {"_TYPER_COMPLETE_ARGS": "journeymap new journey x --stages "})
    assert '"seven"' in zsh and '"buy-own-advocate"' in zsh and '"employee"' in zsh
    # typer detects the shell from the parent processes: run under bash, as a user would.
    script = subprocess.run(
        ["bash", "-c", "journeymap --show-completion"], capture_output=True, text=True, check=True
    )
    assert "_JOURNEYMAP_COMPLETE=complete_bash" in script.stdout


def test_validate_reads_one_document_from_stdin_in_the_current_workspace(
    cli, examples, monkeypatch
):
    monkeypatch.chdir(examples / "brightpost")
    text = (examples / "brightpost" / JOURNEY).read_bytes()
    clean = cli("validate", "-", input=text)
    assert clean.exit_code == 0, clean.stdout
    assert "1 file checked" in clean.stdout  # personas resolve: no JM004
    broken = cli("validate", "-", input=text.replace(b"emotion: -2", b"emotion: 9", 1))
    assert broken.exit_code == 2
    assert (
        "<stdin>:61:18: JM002 error stage 'Need something' › step 'missed-post' › emotion"
        in broken.stdout
    )
    assert "social-media-manager.yaml" not in broken.stdout
    unreadable = cli("validate", "-", input=b"kind: journey\nid: [\n")
    assert unreadable.exit_code == 2 and "<stdin>:3:1: JM001" in unreadable.stdout


def test_stdin_stands_alone(cli, examples, monkeypatch):
    monkeypatch.chdir(examples / "brightpost")
    result = cli("validate", "-", JOURNEY, input=b"kind: persona\n")
    assert result.exit_code == 2
    assert "reads one document from standard input; give it alone" in result.stderr


def test_render_reads_one_document_from_stdin(cli, examples, monkeypatch):
    monkeypatch.chdir(examples / "brightpost")
    from_file = cli("render", JOURNEY, "-f", "mermaid")
    from_stdin = cli(
        "render", "-", "-f", "mermaid", input=(examples / "brightpost" / JOURNEY).read_bytes()
    )
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert from_stdin.stdout == from_file.stdout


def test_diff_with_one_revision_compares_it_with_the_working_tree(cli, tmp_path, monkeypatch):
    assert cli("init", tmp_path).exit_code == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=tmp_path, check=True)
    journey = tmp_path / "journeys" / "customer-journey.yaml"
    journey.write_text(
        journey.read_text().replace("name: Notices the problem", "name: Spots the gap")
    )
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "HEAD", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert '"kind": "step-renamed"' in result.stdout
    assert cli("diff", "HEAD", "--summary").stdout.startswith("journeymap diff HEAD → .")
