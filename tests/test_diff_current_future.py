"""``journeymap diff --current-future``: a future-state map against the journey it is based on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeymap.diff import current_future
from journeymap.findings import InputError
from journeymap.workspace import load_workspaces

FUTURE = "social-media-manager-2027"


@pytest.fixture
def brightpost(examples: Path) -> Path:
    return examples / "brightpost"


def test_the_library_call_lists_what_the_future_state_changes(brightpost: Path) -> None:
    workspace = load_workspaces([brightpost])[0]
    result = current_future(workspace, FUTURE)
    assert (result.old_label, result.new_label) == ("social-media-manager", FUTURE)
    by = {(c.kind, c.path): c for c in result.changes}
    wait = by[("emotion-improved", ("decide-and-buy", "security-review-wait"))]
    assert (wait.before, wait.after, wait.persona) == (-2, 0, None)
    assert ("step-removed", ("receive-order", "reconnect-channels")) in by
    assert ("step-added", ("receive-order", "keeps-trial-workspace")) in by
    failed = by[("emotion-improved", ("moments-of-truth", "failed-publish"))]
    assert failed.before < failed.after
    assert {c.document.key for c in result.changes} == {("journey", FUTURE)}
    # state and based_on differ by definition: not listed as changes
    assert not {"state-changed", "based-on-changed", "journey-retitled"} & set(by_kind(result))


def by_kind(result) -> list[str]:
    return [change.kind for change in result.changes]


def test_a_file_path_names_the_journey_too(brightpost: Path) -> None:
    workspace = load_workspaces([brightpost])[0]
    by_id = current_future(workspace, FUTURE)
    by_file = current_future(workspace, str(brightpost / "journeys" / f"{FUTURE}.yaml"))
    assert by_file.changes == by_id.changes


def test_text_and_markdown_name_the_changes(cli, brightpost: Path, monkeypatch) -> None:
    monkeypatch.chdir(brightpost)
    text = cli("diff", "--current-future", FUTURE)
    assert text.exit_code == 1 and text.stderr == ""
    assert "journeymap diff social-media-manager → social-media-manager-2027" in text.stdout
    assert "improved: -2 → 0" in text.stdout
    assert "step-removed: Step 'Reconnects channels and invites reviewers' removed" in text.stdout
    assert "step-added: Step 'Keeps the trial workspace" in text.stdout
    markdown = cli("diff", "--current-future", FUTURE, "-f", "markdown")
    assert markdown.stdout.startswith(
        "## Journey map changes: `social-media-manager` → `social-media-manager-2027`"
    )
    assert "`step-removed`" in markdown.stdout and "`emotion-improved`" in markdown.stdout
    assert "improved: -2 → 0" in markdown.stdout


def test_json_parses_and_html_is_a_full_page(cli, brightpost: Path) -> None:
    data = json.loads(cli("diff", "--current-future", FUTURE, str(brightpost), "-f", "json").stdout)
    assert (data["old"], data["new"]) == ("social-media-manager", FUTURE)
    kinds = {(c["kind"], tuple(c["path"])) for c in data["changes"]}
    assert ("step-added", ("receive-order", "keeps-trial-workspace")) in kinds
    assert ("emotion-improved", ("moments-of-truth", "failed-publish")) in kinds
    page = cli("diff", "--current-future", FUTURE, str(brightpost), "-f", "html").stdout
    assert page.lstrip().lower().startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert '<g class="curve curve-before">' in page and '<g class="curve curve-after">' in page
    assert "Keeps the trial workspace" in page
    assert '<p class="kicker">Current vs future state</p>' in page


def test_a_journey_file_finds_its_own_workspace(cli, brightpost: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no journeymap.yaml here
    path = brightpost / "journeys" / f"{FUTURE}.yaml"
    result = cli("diff", "--current-future", str(path), "-f", "json")
    assert json.loads(result.stdout)["new"] == FUTURE


@pytest.mark.parametrize(
    ("journey", "message"),
    [
        (
            "social-media-manager-2072",
            "no journey 'social-media-manager-2072' here (did you mean 'social-media-manager-2027'?)",
        ),
        ("social-media-manager", "journey 'social-media-manager' is a current-state map"),
    ],
)
def test_unknown_or_current_state_journeys_are_one_line_errors(
    cli, brightpost: Path, journey: str, message: str
) -> None:
    result = cli("diff", "--current-future", journey, str(brightpost))
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _copy(brightpost: Path, tmp_path: Path, old: str, new: str) -> Path:
    workspace = tmp_path / "brightpost"
    shutil.copytree(brightpost, workspace)
    path = workspace / "journeys" / f"{FUTURE}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return workspace


def _line(workspace: Path, prefix: str) -> int:
    text = (workspace / "journeys" / f"{FUTURE}.yaml").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def test_a_future_state_without_based_on_is_located(cli, brightpost, tmp_path) -> None:
    workspace = _copy(brightpost, tmp_path, "based_on: social-media-manager\n", "")
    result = cli("diff", "--current-future", FUTURE, str(workspace))
    assert result.exit_code == 2
    line = _line(workspace, "state:")
    assert f"{FUTURE}.yaml:{line}:8: future-state journey" in result.stderr
    assert "has no based_on" in result.stderr


def test_a_based_on_that_does_not_resolve_is_refused(cli, brightpost, tmp_path) -> None:
    workspace = _copy(
        brightpost,
        tmp_path,
        "based_on: social-media-manager\n",
        "based_on: social-media-manger\n",
    )
    result = cli("diff", "--current-future", FUTURE, str(workspace))
    assert result.exit_code == 2
    line = _line(workspace, "based_on:")
    assert f"{FUTURE}.yaml:{line}:11: based_on: no journey 'social-media-manger' in this " in (
        result.stderr
    )
    assert "(did you mean 'social-media-manager'?)" in result.stderr
    loaded = load_workspaces([workspace])[0]
    with pytest.raises(InputError):  # the library call says the same
        current_future(loaded, FUTURE)


def test_a_path_or_revision_with_current_future_is_a_usage_error(cli, brightpost) -> None:
    result = cli("diff", "--current-future", FUTURE, str(brightpost), str(brightpost))
    assert result.exit_code == 2
    assert "--current-future JOURNEY takes at most one PATH" in result.stderr


def test_the_readme_sample_is_the_real_output(cli, examples: Path, monkeypatch) -> None:
    readme = (examples.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ journeymap diff --current-future")
    block = readme[start : readme.index("```", start)].splitlines()
    arguments = block[0].removeprefix("$ journeymap ").split()
    monkeypatch.chdir(examples.parent)
    output = cli(*arguments).stdout.splitlines()
    shown = [line for line in block[1:] if line.strip() != "…"]
    assert shown and all(line in output for line in shown)
    assert [output.index(line) for line in shown] == sorted(output.index(line) for line in shown)
