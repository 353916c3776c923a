"""``journeymap new`` and the ``init`` starter: clean at every severity, offline modelines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from journeymap.schema import SCHEMA_KINDS, schema_text


def clean(cli, path: Path, *, new: str | None = None) -> None:
    """No finding at any severity, except the reminders on a ``new`` journey: the
    backlog's JM5xx (it cannot address steps or cite evidence that did not exist yet),
    for a new employee journey, JM604 (no customer step links to it yet), and JM803 on
    the persona it is drawn for (the messaging has no words for a persona new to it)."""
    result = cli("validate", path, "--fail-on", "info", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    reminders = [
        f
        for f in findings
        if new
        and (
            ((f["code"].startswith("JM5") or f["code"] == "JM604") and f["path"].endswith(new))
            or f["code"] == "JM803"
        )
    ]
    assert [f for f in findings if f not in reminders] == [], findings
    assert result.exit_code == (1 if reminders else 0)


def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    relative = first.split("$schema=", 1)[1]
    assert not relative.startswith(("http:", "https:"))
    return (path.parent / relative).resolve()


def test_init_starter_is_clean_at_every_severity_and_its_modelines_resolve(cli, tmp_path):
    target = tmp_path / "maps"
    assert cli("init", target).exit_code == 0
    clean(cli, target)
    for path in [target / "journeymap.yaml", *target.glob("*/*.yaml")]:
        schema = modeline_target(path)
        kind = (
            "config" if path.name == "journeymap.yaml" else yaml.safe_load(path.read_text())["kind"]
        )
        assert schema == (target / ".journeymap/schemas" / f"{kind}.schema.json").resolve()
        assert schema.read_text() == schema_text(kind)
    assert cli("fmt", "--check", target).exit_code == 0
    # Dated the day it is made (pinned in conftest), so it is neither undated (JM511) nor stale.
    (journey,) = target.glob("journeys/*.yaml")
    assert yaml.safe_load(journey.read_text())["refreshed"] == dt.date(2026, 11, 30)


@pytest.mark.parametrize("stages", ["seven", "buy-own-advocate", "employee"])
def test_new_journey_is_clean_at_every_severity(cli, tmp_path, monkeypatch, stages):
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert cli("new", "persona", "agency-owner").exit_code == 0
    result = cli("new", "journey", "agency-buyer", "--persona", "agency-owner", "--stages", stages)
    assert result.exit_code == 0, result.stderr
    assert "created journeys/agency-buyer.yaml" in result.stdout
    journey = yaml.safe_load(Path("journeys/agency-buyer.yaml").read_text())
    assert journey["personas"] == ["agency-owner"]
    assert journey["refreshed"] == dt.date(2026, 11, 30)  # today, pinned in conftest
    assert journey["audience"] == ("employee" if stages == "employee" else "customer")
    clean(cli, tmp_path, new="journeys/agency-buyer.yaml")
    assert (
        modeline_target(tmp_path / "journeys/agency-buyer.yaml")
        == (tmp_path / ".journeymap/schemas/journey.schema.json").resolve()
    )
    assert cli("fmt", "--check").exit_code == 0


def test_new_journey_maps_owners_onto_the_workspaces_teams(cli, tmp_path, monkeypatch, examples):
    workspace = tmp_path / "brightpost"
    import shutil

    shutil.copytree(examples / "brightpost", workspace)
    monkeypatch.chdir(workspace)
    result = cli(
        "new", "journey", "freelancer", "--persona", "agency-owner", "--stages", "employee"
    )
    assert result.exit_code == 0, result.stderr
    clean(cli, workspace, new="journeys/freelancer.yaml")
    teams = yaml.safe_load((workspace / "journeymap.yaml").read_text())["teams"]
    journey = yaml.safe_load((workspace / "journeys/freelancer.yaml").read_text())
    owners = {stage["owner"] for stage in journey["stages"]}
    assert owners <= set(teams) and len(owners) > 1


def test_new_persona_and_messaging_validate(cli, tmp_path, monkeypatch):
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert cli("new", "messaging", "agency-messaging").exit_code == 0
    assert cli("new", "persona", "it-admin").exit_code == 0
    result = cli("validate", "--fail-on", "info", "--format", "json")
    codes = [finding["code"] for finding in json.loads(result.stdout)["findings"]]
    assert codes == ["JM103"]  # until a journey is drawn for the new persona
    assert cli("new", "journey", "it-rollout", "--persona", "it-admin").exit_code == 0
    clean(cli, tmp_path, new="journeys/it-rollout.yaml")


def test_new_never_overwrites_and_refuses_bad_input(cli, tmp_path, monkeypatch):
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    before = Path("personas/primary-customer.yaml").read_bytes()
    again = cli("new", "persona", "primary-customer")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert Path("personas/primary-customer.yaml").read_bytes() == before
    assert "not an id" in cli("new", "persona", "Sam Smith").stderr
    assert "unknown kind" in cli("new", "journeys", "x").stderr
    missing = cli("new", "journey", "x", "--persona", "nobody")
    assert missing.exit_code == 2 and "known: primary-customer" in missing.stderr
    assert not Path("journeys/x.yaml").exists()


def test_new_refuses_a_taken_id_a_missing_persona_choice_and_standard_output(
    cli, tmp_path, monkeypatch
):
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    copy = cli("new", "journey", "customer-journey", "-o", "journeys/copy.yaml")
    assert copy.exit_code == 2 and not Path("journeys/copy.yaml").exists()
    assert "already has a journey with this id (journeys/customer-journey.yaml)" in copy.stderr
    assert cli("new", "persona", "it-admin").exit_code == 0
    unnamed = cli("new", "journey", "rollout")
    assert unnamed.exit_code == 2 and not Path("journeys/rollout.yaml").exists()
    assert "--persona (the workspace has it-admin, primary-customer)" in unnamed.stderr
    dash = cli("new", "persona", "sam", "-o", "-")
    assert dash.exit_code == 2 and not Path("-").exists()


def test_new_stops_at_a_broken_config(cli, tmp_path, monkeypatch):
    """Its teams and schema folder decide what is written: not guessed from defaults."""
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    config = Path("journeymap.yaml")
    config.write_text(config.read_text().replace("teams:\n", "teams: 5\nx:\n", 1))
    result = cli("new", "persona", "zed")
    assert result.exit_code == 2 and "journeymap.yaml:" in result.stderr
    assert not Path("personas/zed.yaml").exists()


def test_new_outside_a_workspace_writes_schemas_beside_it(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("new", "persona", "sam", "-o", "sam.yaml")
    assert result.exit_code == 0, result.stderr
    assert (
        modeline_target(tmp_path / "sam.yaml")
        == (tmp_path / ".journeymap/schemas/persona.schema.json").resolve()
    )


def test_schema_lists_kinds_and_writes_a_folder(cli, tmp_path):
    listed = cli("schema")
    assert listed.exit_code == 0
    assert listed.stdout.split() == list(SCHEMA_KINDS)
    result = cli("schema", "--write", tmp_path / "schemas")
    assert result.exit_code == 0
    for kind in SCHEMA_KINDS:
        assert (tmp_path / "schemas" / f"{kind}.schema.json").read_text() == schema_text(kind)


def test_the_config_names_where_the_schemas_live(cli, tmp_path, monkeypatch):
    assert cli("init", tmp_path).exit_code == 0
    config = tmp_path / "journeymap.yaml"
    config.write_text(config.read_text() + "schemas: tools/editor-schemas\n")
    monkeypatch.chdir(tmp_path)
    assert cli("new", "persona", "it-admin").exit_code == 0
    target = modeline_target(tmp_path / "personas" / "it-admin.yaml")
    assert target == (tmp_path / "tools/editor-schemas/persona.schema.json").resolve()
    assert target.read_text() == schema_text("persona")


def test_new_backlog_is_clean_and_starts_the_action_rules(cli, tmp_path, monkeypatch):
    assert cli("init", tmp_path).exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backlog" / "backlog.yaml").unlink()
    assert cli("validate", "--fail-on", "info").exit_code == 0
    assert cli("new", "backlog", "cx-backlog").exit_code == 0
    written = tmp_path / "backlog" / "cx-backlog.yaml"
    assert "$schema=../.journeymap/schemas/backlog.schema.json" in written.read_text()
    result = cli("validate", "--fail-on", "info", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    # The new file itself is clean; the journey's unaddressed moments are now reported.
    assert not [f for f in findings if f["path"].endswith("cx-backlog.yaml")]
    assert {f["code"][:3] for f in findings} == {"JM5"}
    assert "JM501" in {f["code"] for f in findings}
    assert "never overwrites" in cli("new", "backlog", "cx-backlog").stderr
