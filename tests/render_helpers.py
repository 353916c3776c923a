"""Workspaces for render tests: a hostile one (every text an injection payload) and a big one."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    '"]; evil -> pwned; x["',
    '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%',
    "a: 5: Mallory\n    section Injected section\n    evil task: 1: Eve",
    "x; click s1 call alert(1); y",
    'back\\slash\\" -> injected [label="pwn"] \\',
    "<<B>html label</B>>",
    "`md` #quot; #35; &amp; {{ 7*7 }} {% raw %} ${x}",
    "title Injected title",
    "section Fake\n%% comment",
    "</style><style>body{display:none}</style>",
    "javascript:alert(1)",
]


def hostile_workspace(root: Path) -> Path:
    """Write a workspace whose every text field is an injection payload; returns the journey."""
    payload = itertools.cycle(PAYLOADS)

    def text() -> str:
        return next(payload)

    def texts(count: int = 2) -> list[str]:
        return [text() for _ in range(count)]

    extra = itertools.cycle(PAYLOADS)  # its own cycle: the older fields keep their payloads

    def extras(count: int = 2) -> list[str]:
        return [next(extra) for _ in range(count)]

    later = itertools.cycle(PAYLOADS)  # goals, feelings, units: the other cycles stay as they were

    def laters(count: int = 2) -> list[str]:
        return [next(later) for _ in range(count)]

    stages = []
    for stage_number in range(3):
        steps = []
        for step_number in range(3):
            step_id = f"st{stage_number}-{step_number}"
            step = {
                "id": step_id,
                "name": text(),
                "description": text(),
                "touchpoint": text(),
                "channel": "web",
                "owner": "support",
                "emotion": (stage_number + step_number) % 5 - 2,
                "thoughts": texts(),
                "feelings": laters(),
                "pain_points": texts(),
                "opportunities": texts(),
                "moment_of_truth": step_number == 1,
                "trigger": text(),
            }
            if stage_number == 0 and step_number == 0:
                step["next"] = ["st0-1", "st2-0"]
            if stage_number == 1 and step_number == 2:
                step["next"] = ["st0-0"]
            if step_number == 1:  # service-blueprint lanes, and a sub-journey with a hostile title
                step.update(backstage=extras(), support=extras(), systems=extras())
                step["journey"] = "hostile-sub"
            steps.append(step)
        stages.append(
            {
                "id": f"stage-{stage_number}",
                "name": text(),
                "phase": "pre-purchase",
                "owner": "support",
                "description": text(),
                "questions": texts(),
                "needs": texts(),
                "goals": laters(),
                "expectations": texts(),
                "steps": steps,
                "pain_points": texts(),
                "opportunities": texts(),
                "insights": [
                    {
                        "id": f"i{stage_number}",
                        "text": text(),
                        "source": "survey",
                        "owner": "support",
                        "action": text(),
                        "sample_size": 7,
                        "confidence": "low",
                    }
                ],
                "quotes": [{"text": text(), "source": "interview", "who": text()}],
                "metrics": [
                    {
                        "id": f"m{stage_number}",
                        "name": text(),
                        "listening_post": text(),
                        "unit": next(later),
                        "baseline": 3,
                        "target": text(),
                    }
                ],
            }
        )
    journey = {
        "kind": "journey",
        "id": "hostile",
        "title": text(),
        "description": text(),
        "personas": ["evil"],
        "owner": "support",
        "feedback_loop": {"cadence": text(), "channel": "email", "owner": "support"},
        "objectives": [{"id": "o1", "description": text(), "metric": "m0", "target": text()}],
        "stages": stages,
    }
    persona = {
        "kind": "persona",
        "id": "evil",
        "name": text(),
        "role": text(),
        "summary": text(),
        "goals": texts(),
        "needs": texts(),
        "frustrations": texts(),
        "quote": text(),
        "segments": ["seg"],
    }
    messaging = {
        "kind": "messaging",
        "id": "msg",
        "title": text(),
        "category": text(),
        "core_message": text(),
        "pillars": [{"id": "p1", "name": text(), "message": text(), "proof_points": texts()}],
        "vocabulary": {
            "personas": {"evil": {"use": texts(), "avoid": texts()}},
            "stages": {"stage-0": {"use": texts(), "avoid": texts()}},
        },
    }
    config = {"teams": {"support": text()}, "segments": {"seg": text()}}
    root.mkdir(parents=True, exist_ok=True)
    (root / "journeymap.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    sub = {
        "kind": "journey",
        "id": "hostile-sub",
        "title": next(extra),
        "stages": [
            {"id": "zoom", "name": next(extra), "steps": [{"id": "z1", "name": next(extra)}]}
        ],
    }
    files = [("journey", journey), ("persona", persona), ("messaging", messaging), ("sub", sub)]
    for name, data in files:
        (root / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root / "journey.yaml"


def big_journey(path: Path, steps: int = 1000, stages: int = 10) -> Path:
    """A journey with ``steps`` steps over ``stages`` stages, a few branches and loops."""
    per_stage = steps // stages
    data = {"kind": "journey", "id": "big", "title": "Big journey", "stages": []}
    number = 0
    for stage_number in range(stages):
        stage = {"id": f"stage-{stage_number}", "name": f"Stage {stage_number}", "steps": []}
        for _ in range(per_stage):
            step = {
                "id": f"step-{number}",
                "name": f"Step {number} of a long journey",
                "channel": "web",
                "emotion": number % 5 - 2,
                "pain_points": [f"Pain {number}"],
                "moment_of_truth": number % 50 == 0,
            }
            if number % 97 == 5 and number + 3 < steps:
                step["next"] = [f"step-{number + 1}", f"step-{number + 3}", f"step-{number - 5}"]
            stage["steps"].append(step)
            number += 1
        data["stages"].append(stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
