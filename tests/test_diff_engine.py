"""The diff engine: the refresh pair's exact changes, self-diffs, renames, moves, speed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from journeymap.diff import run_diff
from journeymap.diff.engine import diff_documents, diff_workspaces, moved_out_of_order
from journeymap.diff.kinds import KINDS, parse_fail_on
from journeymap.model import document_adapter

J = ("journey", "it-admin-rollout")

# The intended changes listed at the top of examples/refresh/2026/journeys/it-admin-rollout.yaml,
# plus the net change of each stage's emotion curve that follows from them.
REFRESH_CHANGES = {
    (J, "journey-changed", ("refreshed",)),
    (J, "stage-renamed", ("receive-order",)),
    (J, "stage-owner-changed", ("receive-order",)),
    (J, "step-moved", ("receive-order", "scim-sync")),
    (J, "step-reordered", ("choices", "compare-admin-controls")),
    (J, "step-added", ("decide-and-buy", "review-ai-data-use")),
    (J, "step-removed", ("install-use", "share-admin-credentials")),
    (J, "step-renamed-id", ("integrations", "recommend-in-community")),
    (J, "emotion-improved", ("choices", "request-security-pack")),
    (J, "emotion-improved", ("receive-order", "configure-sso")),
    (J, "emotion-worsened", ("decide-and-buy", "dpa-redlines")),
    (J, "emotion-worsened", ("moments-of-truth", "renewal-security-review")),
    (J, "step-owner-changed", ("moments-of-truth", "security-incident-question")),
    (J, "channel-changed", ("choices", "request-security-pack")),
    (J, "pain-point-resolved", ("choices", "request-security-pack")),
    (J, "pain-point-added", ("decide-and-buy", "dpa-redlines")),
    (J, "pain-point-added", ("moments-of-truth", "renewal-security-review")),
    (J, "moment-of-truth-gained", ("moments-of-truth", "renewal-security-review")),
    (J, "moment-of-truth-lost", ("receive-order", "configure-sso")),
    (J, "insight-added", ("moments-of-truth", "insights", "ai-features-reopen-review")),
    (J, "insight-removed", ("choices", "insights", "security-pack-wait")),
    (J, "quote-added", ("receive-order", "quotes", "sso-wizard-praise")),
    (J, "quote-removed", ("install-use", "quotes", "shared-login-complaint")),
    (J, "touchpoint-changed", ("choices", "request-security-pack")),
    (J, "step-changed", ("choices", "request-security-pack", "thoughts")),
    (J, "step-changed", ("choices", "request-security-pack", "opportunities")),
    (J, "step-changed", ("receive-order", "configure-sso", "thoughts")),
    (J, "step-changed", ("moments-of-truth", "renewal-security-review", "thoughts")),
    (J, "stage-emotion-improved", ("choices",)),
    (J, "stage-emotion-improved", ("receive-order",)),
    (J, "stage-emotion-improved", ("install-use",)),
    (J, "stage-emotion-worsened", ("decide-and-buy",)),
    (J, "stage-emotion-worsened", ("moments-of-truth",)),
}

B = ("backlog", "admin-backlog")
OPP = "opportunities"
# The backlog changes listed at the top of examples/refresh/2026/backlog/admin-backlog.yaml.
BACKLOG_CHANGES = {
    (B, "opportunity-status-changed", (OPP, "self-serve-security-pack")),
    (B, "opportunity-changed", (OPP, "self-serve-security-pack", "evidence")),
    (B, "opportunity-status-changed", (OPP, "sso-setup-wizard")),
    (B, "opportunity-owner-changed", (OPP, "sso-setup-wizard")),
    (B, "opportunity-retargeted", (OPP, "sso-setup-wizard")),
    (B, "opportunity-changed", (OPP, "sso-setup-wizard", "due")),
    (B, "opportunity-status-changed", (OPP, "bring-it-in-early")),
    (B, "opportunity-status-changed", (OPP, "dpa-playbook")),
    (B, "opportunity-retargeted", (OPP, "dpa-playbook")),
    (B, "opportunity-changed", (OPP, "dpa-playbook", "evidence")),
    (B, "opportunity-changed", (OPP, "dpa-playbook", "due")),
    (B, "opportunity-status-changed", (OPP, "automatic-deprovisioning")),
    (B, "opportunity-status-changed", (OPP, "audit-log-history")),
    (B, "opportunity-added", (OPP, "ai-data-use-notice")),
}
# Did the number move? The latest values of examples/refresh/*/data/metrics.csv.
METRIC_CHANGES = {
    (J, "metric-improved", ("choices", "metrics", "pack-turnaround-days")),
    (J, "metric-improved", ("decide-and-buy", "metrics", "security-review-days")),
    (J, "metric-improved", ("receive-order", "metrics", "sso-enforced-accounts")),
    (J, "metric-improved", ("moments-of-truth", "metrics", "admin-csat")),
}


def _set(changes: list[Any]) -> set[tuple[Any, ...]]:
    return {(c.document.key, c.kind, c.path) for c in changes}


def test_refresh_pair_reports_exactly_the_intended_changes(examples: Path) -> None:
    result = run_diff(str(examples / "refresh/2025"), str(examples / "refresh/2026"))
    expected = REFRESH_CHANGES | BACKLOG_CHANGES | METRIC_CHANGES
    assert _set(result.changes) == expected
    assert len(result.changes) == len(expected)  # nothing reported twice
    by_kind = {(c.kind, c.path): c for c in result.changes}
    worse = by_kind[("emotion-worsened", ("decide-and-buy", "dpa-redlines"))]
    assert (worse.before, worse.after, worse.level) == (-1, -2, "warning")
    moved = by_kind[("step-moved", ("receive-order", "scim-sync"))]
    assert (moved.before, moved.after) == ("install-use", "receive-order")
    renamed = by_kind[("step-renamed-id", ("integrations", "recommend-in-community"))]
    assert renamed.before == "recommend-to-peers" and renamed.hint
    curve = by_kind[("stage-emotion-worsened", ("decide-and-buy",))]
    assert curve.after < curve.before


def test_refresh_pair_follows_each_opportunity_through_its_statuses(examples: Path) -> None:
    result = run_diff(str(examples / "refresh/2025"), str(examples / "refresh/2026"))
    moves = {
        c.path[-1]: (c.before, c.after)
        for c in result.changes
        if c.kind == "opportunity-status-changed"
    }
    assert moves == {
        "self-serve-security-pack": ("planned", "done"),
        "sso-setup-wizard": ("planned", "in-progress"),
        "bring-it-in-early": ("idea", "planned"),
        "dpa-playbook": ("idea", "in-progress"),
        "automatic-deprovisioning": ("planned", "done"),
        "audit-log-history": ("idea", "dropped"),
    }
    owner = next(c for c in result.changes if c.kind == "opportunity-owner-changed")
    assert (owner.before, owner.after) == ("product", "onboarding")
    retarget = next(
        c for c in result.changes if c.kind == "opportunity-retargeted" and "sso" in c.path[-1]
    )
    assert "it-admin-rollout/scim-sync" in retarget.after
    assert "it-admin-rollout/share-admin-credentials" in retarget.before
    assert "re-targeted" in retarget.message
    assert result.exit_code(parse_fail_on("opportunity-status-changed")) == 1


def test_refresh_pair_says_whether_the_numbers_moved(examples: Path) -> None:
    result = run_diff(str(examples / "refresh/2025"), str(examples / "refresh/2026"))
    moved = {c.path[-1]: c for c in result.changes if c.kind.startswith("metric-")}
    sso = moved["sso-enforced-accounts"]
    assert sso.before == {"value": 42, "date": "2025-03-31"}
    assert sso.after == {"value": 61, "date": "2026-09-30"}
    assert sso.message.endswith("(2026-09-30); target 75: 14 to go")
    assert moved["admin-csat"].message.endswith("target 90 met")
    assert result.exit_code(parse_fail_on("metric-worsened")) == 0


def test_a_metric_that_moved_the_wrong_way_is_a_warning(examples: Path, tmp_path: Path) -> None:
    import shutil

    new = tmp_path / "2026"
    shutil.copytree(examples / "refresh/2026", new)
    data = new / "data" / "metrics.csv"
    data.write_text(data.read_text() + "admin-csat,it-admin-rollout,2026-10-31,79\n")
    result = run_diff(str(examples / "refresh/2025"), str(new))
    (worse,) = [c for c in result.changes if c.kind == "metric-worsened"]
    assert (worse.level, worse.before["value"], worse.after["value"]) == ("warning", 82, 79)
    assert "target 90: 11 to go" in worse.message
    assert result.exit_code(parse_fail_on("metric-worsened")) == 1


def test_refresh_pair_moves_and_renames_are_not_add_and_remove(examples: Path) -> None:
    result = run_diff(str(examples / "refresh/2025"), str(examples / "refresh/2026"))
    touched = {c.path[-1] for c in result.changes if c.kind in {"step-added", "step-removed"}}
    assert not touched & {
        "scim-sync",
        "compare-admin-controls",
        "recommend-to-peers",
        "recommend-in-community",
    }


@pytest.mark.parametrize("workspace", ["brightpost", "refresh/2025", "refresh/2026"])
def test_self_diff_reports_nothing(examples: Path, workspace: str) -> None:
    result = run_diff(str(examples / workspace), str(examples / workspace))
    assert result.changes == []
    assert result.exit_code(parse_fail_on(None)) == 0


def _journey(stages: list[dict[str, Any]], **extra: Any) -> Any:
    return document_adapter().validate_python(
        {"kind": "journey", "id": "j", "title": "J", "stages": stages, **extra}
    )


def _steps(*ids: str, **fields: Any) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"Step {i}", **fields} for i in ids]


def _kinds(changes: list[Any]) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.kind, c.path) for c in changes]


def test_reorder_is_a_move_and_an_insertion_does_not_move_the_rest() -> None:
    old = _journey([{"id": "s", "name": "S", "steps": _steps("a", "b", "c", "d")}])
    new = _journey([{"id": "s", "name": "S", "steps": _steps("new", "a", "b", "d", "c")}])
    assert _kinds(diff_documents(old, new)) == [
        ("step-added", ("s", "new")),
        ("step-reordered", ("s", "c")),
    ]


def test_stage_reorder_and_cross_stage_move() -> None:
    old = _journey(
        [
            {"id": "one", "name": "One", "steps": _steps("a", "b")},
            {"id": "two", "name": "Two", "steps": _steps("c")},
            {"id": "three", "name": "Three"},
        ]
    )
    new = _journey(
        [
            {"id": "two", "name": "Two", "steps": _steps("c", "b")},
            {"id": "three", "name": "Three"},
            {"id": "one", "name": "One", "steps": _steps("a")},
        ]
    )
    assert sorted(_kinds(diff_documents(old, new))) == [
        ("stage-moved", ("one",)),
        ("step-moved", ("two", "b")),
    ]


def test_id_change_with_same_content_is_a_likely_rename() -> None:
    step = {"name": "Step a", "channel": "web", "owner": "cx", "touchpoint": "pricing page"}
    old = _journey([{"id": "need", "name": "Need", "steps": [{"id": "a", **step, "emotion": -1}]}])
    # near-equal content: only the emotion differs, so it is still the same step
    new = _journey(
        [{"id": "trigger", "name": "Need", "steps": [{"id": "a2", **step, "emotion": 1}]}]
    )
    changes = diff_documents(old, new)
    assert _kinds(changes) == [
        ("stage-renamed-id", ("trigger",)),
        ("stage-emotion-improved", ("trigger",)),
        ("step-renamed-id", ("trigger", "a2")),
        ("emotion-improved", ("trigger", "a2")),
    ]
    assert all(c.hint for c in changes if c.kind.endswith("renamed-id"))


def test_different_content_under_a_new_id_is_add_and_remove() -> None:
    old = _journey([{"id": "s", "name": "S", "steps": _steps("a", channel="web", emotion=2)}])
    new = _journey(
        [
            {
                "id": "s",
                "name": "S",
                "steps": [{"id": "z", "name": "Calls support", "channel": "phone", "emotion": -2}],
            }
        ]
    )
    assert sorted(c.kind for c in diff_documents(old, new)) == [
        "stage-emotion-worsened",
        "step-added",
        "step-removed",
    ]


def test_emotion_set_and_cleared_and_stage_curve() -> None:
    old = _journey(
        [
            {
                "id": "s",
                "name": "S",
                "steps": [{"id": "a", "name": "A", "emotion": 1}, {"id": "b", "name": "B"}],
            }
        ]
    )
    new = _journey(
        [
            {
                "id": "s",
                "name": "S",
                "steps": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "emotion": -1}],
            }
        ]
    )
    assert _kinds(diff_documents(old, new)) == [
        ("stage-emotion-worsened", ("s",)),
        ("emotion-cleared", ("s", "a")),
        ("emotion-set", ("s", "b")),
    ]


def test_added_stage_reports_once_not_per_step() -> None:
    old = _journey([{"id": "s", "name": "S", "steps": _steps("a")}])
    new = _journey(
        [
            {"id": "s", "name": "S", "steps": _steps("a")},
            {"id": "t", "name": "T", "steps": _steps("x", "y")},
        ]
    )
    changes = diff_documents(old, new)
    assert _kinds(changes) == [("stage-added", ("t",))]
    assert "2 steps" in changes[0].message
    assert _kinds(diff_documents(new, old)) == [("stage-removed", ("t",))]


def test_persona_and_messaging_changes() -> None:
    adapter = document_adapter()
    old_p = adapter.validate_python(
        {
            "kind": "persona",
            "id": "p",
            "name": "Sam",
            "role": "a",
            "goals": ["g1", "g2"],
            "segments": ["smb"],
        }
    )
    new_p = adapter.validate_python(
        {
            "kind": "persona",
            "id": "p",
            "name": "Sam M",
            "role": "b",
            "goals": ["g2", "g3"],
            "segments": ["smb"],
        }
    )
    assert _kinds(diff_documents(old_p, new_p)) == [
        ("persona-renamed", ("name",)),
        ("persona-item-added", ("goals",)),
        ("persona-item-removed", ("goals",)),
        ("persona-changed", ("role",)),
    ]
    old_m = adapter.validate_python(
        {
            "kind": "messaging",
            "id": "m",
            "core_message": "One",
            "pillars": [
                {"id": "fast", "message": "Fast", "proof_points": ["p1"]},
                {"id": "safe", "message": "Safe and sound", "proof_points": ["s1"]},
            ],
            "vocabulary": {"personas": {"p": {"use": ["report"], "avoid": ["SMMS"]}}},
        }
    )
    new_m = adapter.validate_python(
        {
            "kind": "messaging",
            "id": "m",
            "core_message": "Two",
            "pillars": [
                {"id": "quick", "message": "Fast", "proof_points": ["p1"]},
                {"id": "safe", "message": "Safe", "proof_points": ["s1", "s2"]},
            ],
            "vocabulary": {"personas": {"p": {"use": ["report", "client"], "avoid": []}}},
        }
    )
    assert _kinds(diff_documents(old_m, new_m)) == [
        ("core-message-changed", ("core_message",)),
        ("pillar-renamed-id", ("pillars", "quick")),
        ("pillar-changed", ("pillars", "safe")),
        ("proof-point-added", ("pillars", "safe")),
        ("vocabulary-use-added", ("vocabulary", "personas", "p")),
        ("vocabulary-avoid-removed", ("vocabulary", "personas", "p")),
    ]


def test_documents_added_removed_and_renamed() -> None:
    adapter = document_adapter()
    persona = {"kind": "persona", "name": "Sam", "goals": ["g"]}
    old = {
        ("persona", "sam"): adapter.validate_python({**persona, "id": "sam"}),
        ("persona", "ivy"): adapter.validate_python({**persona, "id": "ivy", "name": "Ivy"}),
    }
    new = {
        ("persona", "sam-smith"): adapter.validate_python({**persona, "id": "sam-smith"}),
        ("journey", "j"): _journey([]),
    }
    assert sorted(_set(diff_workspaces(old, new))) == sorted(
        {
            (("persona", "sam-smith"), "document-renamed-id", ()),
            (("persona", "ivy"), "document-removed", ()),
            (("journey", "j"), "document-added", ()),
        }
    )


def test_every_kind_is_reachable_and_documented() -> None:
    for kind, info in KINDS.items():
        assert info.description.endswith("."), kind


def test_lis_keeps_the_longest_run() -> None:
    assert moved_out_of_order("abcdef", "bcdefa") == {"a"}
    assert moved_out_of_order("abc", "abc") == set()


def test_thousand_step_journey_diffs_in_under_a_second() -> None:
    def build(shift: int) -> Any:
        stages = []
        for s in range(20):
            steps = [
                {
                    "id": f"s{s}-{i}",
                    "name": f"Step {s} {i}",
                    "emotion": (i + shift) % 5 - 2,
                    "pain_points": [f"p{i}"],
                    "owner": "cx",
                }
                for i in range(50)
            ]
            if shift:
                steps.reverse()
            stages.append({"id": f"stage-{s}", "name": f"Stage {s}", "steps": steps})
        return _journey(stages)

    old, new = build(0), build(1)
    start = time.perf_counter()
    changes = diff_documents(old, new)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, elapsed
    assert sum(c.kind == "step-reordered" for c in changes) == 20 * 49
