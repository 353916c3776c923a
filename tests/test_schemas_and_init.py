"""Committed JSON Schemas match the models; examples and the starter validate against them."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import EXAMPLES, SCHEMAS
from journeymap.loader import load_yaml
from journeymap.scaffold import starter_files
from journeymap.schema import SCHEMA_KINDS, schema_filename, schema_text


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_matches_the_models(kind):
    committed = (SCHEMAS / schema_filename(kind)).read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"run: journeymap schema {kind} > schemas/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(kind)))


def _kind_of(path):
    return "config" if path.name == "journeymap.yaml" else load_yaml(path).data["kind"]


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_examples_validate_against_the_json_schema(path):
    kind = _kind_of(path)
    schema = json.loads((SCHEMAS / schema_filename(kind)).read_text())
    jsonschema.validate(load_yaml(path).data, schema)
    modeline = path.read_text(encoding="utf-8").splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    target = (path.parent / modeline.split("$schema=", 1)[1]).resolve()
    assert target == (SCHEMAS / schema_filename(kind)).resolve()


def test_there_are_examples():
    assert len(EXAMPLE_FILES) >= 12


def test_schema_command_prints_the_schema(cli):
    result = cli("schema", "persona")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["properties"]["kind"]["const"] == "persona"


def test_schema_command_rejects_unknown_kind(cli):
    result = cli("schema", "journeys")
    assert result.exit_code == 2
    assert "unknown kind 'journeys'" in result.stderr


def test_init_scaffolds_a_valid_workspace_and_never_overwrites(cli, tmp_path):
    target = tmp_path / "maps"
    result = cli("init", target)
    assert result.exit_code == 0, result.output
    assert set(starter_files()) == {
        "journeymap.yaml",
        "journeys/customer-journey.yaml",
        "personas/primary-customer.yaml",
        "messaging/messaging.yaml",
        "backlog/backlog.yaml",
    }
    journey = yaml.safe_load((target / "journeys/customer-journey.yaml").read_text())
    assert [s["id"] for s in journey["stages"]] == [
        "need",
        "choices",
        "decide-and-buy",
        "receive",
        "install-use",
        "moments-of-truth",
        "advocacy",
    ]
    assert cli("validate", target).exit_code == 0
    before = (target / "journeymap.yaml").read_bytes()
    again = cli("init", target)
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert (target / "journeymap.yaml").read_bytes() == before


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("journeymap ")
