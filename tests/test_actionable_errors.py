"""Errors a user can act on in one pass (issue #11): render warns about what validate
would reject, and every finding is phrased in the author's terms."""

from __future__ import annotations

import pytest

from lint_helpers import JOURNEY, make_workspace


def test_render_draws_the_map_and_warns_about_a_broken_persona(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("personas: [sam]", "personas: [sma]"))
    out = tmp_path / "map.mmd"
    result = cli("render", root / "journey.yaml", "-f", "mermaid", "-o", out)
    assert result.exit_code == 0
    assert out.read_text().startswith("journey")
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"journeymap: warning: {root / 'journey.yaml'}:4:12: JM004 personas #1: "
        "unknown persona 'sma'"
    )
    # then what Mermaid cannot show (this map has lanes), then what was written
    assert lines[1].startswith(f"journeymap: warning: {root / 'journey.yaml'}: Mermaid journey")
    assert lines[2:] == [f"wrote {out}"]


def test_render_of_a_clean_map_is_silent(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY)
    # dot, not mermaid: a Mermaid journey cannot show this map's backstage lane and says so
    result = cli("render", root, "-f", "dot", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def _json(cli, *args):
    import json

    result = cli("validate", *args, "-f", "json")
    return result.exit_code, json.loads(result.stdout)["findings"]


def _codes(findings, path="journey.yaml"):
    return sorted((f["code"], f["line"]) for f in findings if f["path"].endswith(path))


def test_schema_errors_do_not_hide_reference_and_lint_findings(cli, tmp_path):
    journey = (
        JOURNEY.replace("emotion: -1", "emotion: 7")
        .replace("personas: [sam]", "personas: [sma]")
        .replace("    owner: customer-success\n", "", 1)
    )
    root = make_workspace(tmp_path / "ws", journey)
    code, findings = _json(cli, root)
    assert code == 2
    assert _codes(findings) == [("JM002", 15), ("JM004", 4), ("JM301", 18)]


def test_what_was_pruned_causes_no_lint_finding(cli, tmp_path):
    journey = (
        JOURNEY.replace("id: first-value", "id: First Value")  # the stage's only step
        .replace("moment_of_truth: true", "moment_of_truth: no")  # the only moment of truth
        .replace("    owner: sales\n", "    owner: 42\n")  # the stage's owner
    )
    root = make_workspace(tmp_path / "ws", journey)
    code, findings = _json(cli, root)
    assert code == 2
    # no JM104 (empty stage), JM107 (no moment of truth) or JM301 (no owner) for what was pruned
    assert [f["code"] for f in findings] == ["JM002"] * 3


@pytest.mark.parametrize("personas", ["personas: 5", "personas: [{id: sam}]"])
def test_invalid_personas_are_not_also_no_personas(cli, tmp_path, personas):
    """`personas: 5` is a schema error; saying too that the journey names no persona
    (JM102) would send the author looking for a key that is there."""
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("personas: [sam]", personas))
    code, findings = _json(cli, root)
    assert code == 2
    assert [f["code"] for f in findings if f["path"].endswith("journey.yaml")] == ["JM002"]


def test_findings_after_a_pruned_item_keep_the_file_positions(cli, tmp_path):
    journey = JOURNEY.replace(
        "  - id: use\n",
        "  - id: Broken Stage\n    name: Broken\n    steps: []\n"
        "  - id: use-later\n    name: Later\n    steps: [{id: later, name: Later}]\n"
        "  - id: use\n",
    ).replace("    owner: customer-success\n", "", 1)
    root = make_workspace(tmp_path / "ws", journey)
    _, findings = _json(cli, root)
    owners = [f for f in findings if f["code"] == "JM301"]
    assert [(f["line"], f["pointer"], f["where"]) for f in owners] == [
        (21, "stages[2]", "stage 'Later'"),
        (24, "stages[3]", "stage 'Install and use'"),
    ]


@pytest.mark.parametrize(
    ("target", "hint"), [("firts-value", "Did you mean 'first-value'?"), ("xyz", None)]
)
def test_a_typo_in_next_is_one_finding_not_a_cascade(cli, tmp_path, target, hint):
    journey = JOURNEY.replace(
        "moment_of_truth: true}", f"moment_of_truth: true, next: [{target}]}}"
    ).replace(
        "    metrics:\n",
        "  - id: renew\n    name: Renew\n    phase: post-purchase\n    owner: sales\n"
        "    steps: [{id: renewal-call, name: Renewal call, owner: sales}]\n"
        "    quotes: [{text: Fine, source: interview}]\n"
        "    metrics:\n",
        1,
    )
    root = make_workspace(tmp_path / "ws", journey)
    code, findings = _json(cli, root)
    assert code == 2
    assert [(f["code"], f["hint"]) for f in findings] == [("JM004", hint)]
    assert findings[0]["message"] == (
        "stage 'Decide and buy' › step 'Signs the order form' › next #1: "
        f"unknown step in this journey {target!r}"
    )


def test_a_persona_typo_does_not_also_call_the_persona_unused(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("personas: [sam]", "personas: [sma]"))
    _, findings = _json(cli, root)
    assert [f["code"] for f in findings] == ["JM004"]


TEAMS = "teams: {billing: Billing, sales: Sales, product: Product, cx: CX, customer-success: CS}\n"


def test_an_owner_hint_names_a_configured_team(cli, tmp_path):
    root = make_workspace(
        tmp_path / "ws", JOURNEY.replace("owner: sales\n", "owner: Billing Team\n")
    )
    config = root / "journeymap.yaml"
    config.write_text(config.read_text() + TEAMS)
    code, findings = _json(cli, root)
    (finding,) = findings
    assert finding["message"].endswith("(got 'Billing Team'); did you mean the team 'billing'?")
    (root / "journey.yaml").write_text(JOURNEY.replace("owner: sales\n", "owner: billing-team\n"))
    code, findings = _json(cli, root)
    assert code == 2
    assert [(f["code"], f["hint"]) for f in findings] == [("JM004", "Did you mean 'billing'?")]
    (root / "journey.yaml").write_text(JOURNEY.replace("owner: sales\n", "owner: Legal Dept\n"))
    _, findings = _json(cli, root)
    assert findings[0]["message"].endswith(
        "; the teams in journeymap.yaml are: billing, customer-success, cx, product, sales"
    )


def test_an_unknown_persona_lists_the_known_ones_and_how_to_add_it(cli, tmp_path):
    root = make_workspace(
        tmp_path / "ws", JOURNEY.replace("personas: [sam]", "personas: [it-admin]")
    )
    (root / "personas").mkdir()
    (root / "sam.yaml").rename(root / "personas" / "sam.yaml")
    (root / "personas" / "pat.yaml").write_text("kind: persona\nid: pat\nname: Pat\n")
    _, findings = _json(cli, root)
    (finding,) = [f for f in findings if f["code"] == "JM004"]
    folder = (root / "personas").as_posix()
    assert finding["hint"] == (
        f"Personas in this workspace: pat, sam; or create {folder}/it-admin.yaml "
        "(kind: persona, id: it-admin)."
    )


def test_a_config_with_one_bad_key_keeps_the_rest(cli, tmp_path):
    root = make_workspace(tmp_path / "ws", JOURNEY.replace("owner: sales\n", "owner: legal\n"))
    config = root / "journeymap.yaml"
    config.write_text(config.read_text() + TEAMS + "colour: blue\n")
    code, findings = _json(cli, root)
    assert code == 2
    assert sorted((f["code"], f["where"]) for f in findings) == [
        ("JM002", "colour"),
        ("JM004", "stage 'Decide and buy' › owner"),
    ]


def test_a_journey_left_without_steps_is_linted_without_a_crash(cli, tmp_path):
    """wrong-types.yaml's only stage has an invalid name: the partial journey has no
    steps at all, which the lint rules must take in their stride."""
    root = make_workspace(
        tmp_path / "ws",
        JOURNEY.split("stages:")[0] + "stages:\n  - id: need\n    name: [not, text]\n",
    )
    code, findings = _json(cli, root)
    assert code == 2
    assert [f["code"] for f in findings] == ["JM002"]
    (root / "journey.yaml").write_text(
        JOURNEY.split("stages:")[0] + "stages:\n  - {id: need, name: Need, phase: post-purchase}\n"
    )
    code, findings = _json(cli, root)
    assert "internal error" not in str(findings)
    assert ("JM104", 10) in _codes(findings)
