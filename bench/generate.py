"""Realistic synthetic workspaces for the benchmark: seeded, deterministic, no YAML anchors.

A generated workspace looks like a real CX team's repository, scaled up: a
``journeymap.yaml`` with teams, segments and a glossary, eight personas, one
messaging hierarchy, and N customer journey maps. Each map has the seven stages
of the domain brief (need → choices → decide & buy → receive → install/use →
moments of truth → integrations) and about twenty steps, with thoughts, pain
points, opportunities, voice-of-customer quotes and insights (each with its
source and owner), metrics and objectives. A map is about 15 KB, like the
issue's reference map. Every reference lands (personas, teams, segments,
``next`` steps, objective metrics), so the workspace validates clean and the
benchmark measures the clean path that CI runs on every commit.

The same seed gives byte-identical files, so timings from two runs compare the
same input.

    python bench/generate.py OUTDIR --maps 1000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realistic import rename_steps, with_findings

STAGES = (
    ("need", "Need something", "pre-purchase", "marketing"),
    ("choices", "What are my choices?", "pre-purchase", "product-marketing"),
    ("decide-buy", "Decide and buy", "purchase", "sales"),
    ("receive", "Receive the order", "post-purchase", "onboarding"),
    ("install-use", "Install and use", "post-purchase", "customer-success"),
    ("moments-of-truth", "Questions and moments of truth", "post-purchase", "support"),
    ("integrations", "Integrations and advocacy", "advocacy", "partnerships"),
)
STEPS_PER_STAGE = (3, 3, 3, 3, 3, 3, 2)
"""Twenty steps over seven stages, as in a real map."""

TEAMS = {
    "cx": "Customer Experience",
    "marketing": "Marketing",
    "product-marketing": "Product Marketing",
    "sales": "Sales",
    "onboarding": "Onboarding",
    "customer-success": "Customer Success",
    "support": "Support",
    "product": "Product",
    "billing": "Billing",
    "partnerships": "Partnerships",
}
SEGMENTS = {
    "smb": "Small businesses, 1-20 staff",
    "mid-market": "Mid-market companies, 20-500 staff",
    "enterprise": "Enterprises, 500+ staff",
    "agencies": "Agencies working for several clients",
}
GLOSSARY = {"lifecycle": "journey", "end users": "customers", "touch point": "touchpoint"}
PERSONAS = (
    ("ops-lead", "Olu, operations lead", "Operations lead"),
    ("finance-manager", "Fran, finance manager", "Finance manager"),
    ("it-admin", "Ira, IT administrator", "IT administrator"),
    ("team-lead", "Tam, team lead", "Team lead"),
    ("founder", "Flo, founder", "Founder and owner"),
    ("analyst", "Ana, data analyst", "Data analyst"),
    ("agency-owner", "Ade, agency owner", "Agency owner"),
    ("new-hire", "Nia, new hire", "New team member"),
)
CHANNELS = ("web", "search", "email", "phone", "chat", "social", "product", "events", "community")
SOURCES = ("survey", "interview", "support-tickets", "reviews", "sales-calls", "web-analytics")
METRICS = (
    ("nps", "Net Promoter Score", "quarterly relationship survey"),
    ("csat", "Customer satisfaction", "post-ticket survey"),
    ("time-to-value", "Time to first value", "product analytics, median days"),
    ("trial-conversion", "Trial conversion rate", "billing system, monthly"),
    ("logo-churn", "Logo churn", "billing system, quarterly"),
    ("activation", "Activation rate", "product analytics, weekly"),
    ("expansion", "Expansion revenue", "finance dashboard, monthly"),
)

VERBS = (
    "Compares", "Reads", "Asks about", "Books", "Signs", "Connects", "Invites the team to",
    "Exports", "Reviews", "Searches for", "Shares", "Checks", "Sets up", "Renews", "Recommends",
    "Downloads", "Tests", "Configures", "Escalates", "Requests",
)  # fmt: skip
OBJECTS = (
    "pricing for {n} seats", "the security pack", "a demo with a specialist", "the order form",
    "the first data import", "the weekly report", "the onboarding checklist", "the invoice",
    "an integration with the CRM", "the trial workspace", "peer reviews on a review site",
    "the approval workflow", "the help centre article on imports", "the renewal quote",
    "single sign-on for {n} people", "the migration guide", "the public roadmap",
    "the partner directory", "the usage dashboard", "a referral link for a peer",
)  # fmt: skip
THOUGHTS = (
    "I need this working before the {month} close.",
    "Will my team actually use it, or is this another tool nobody opens?",
    "How long until I can show my manager a result?",
    "If this breaks on a Friday, who do I call?",
    "The price looks fine for {n} people, but what happens when we grow?",
    "I don't want to ask IT for help twice.",
    "Finally, something that does what the website said.",
    "Why do I have to type this in again?",
)  # fmt: skip
PAINS = (
    "The form asks for details already given on the {channel} call",
    "Nobody replies for {n} hours during the trial",
    "Pricing page hides the cost of extra seats",
    "Import fails on files over {n} MB without saying why",
    "Invoices arrive in a format finance cannot book",
    "Setup needs an admin who is rarely available",
    "The help article describes an older screen",
    "Renewal reminder lands a week before the deadline",
)  # fmt: skip
OPPORTUNITIES = (
    "Prefill the form from what the customer already told us",
    "Answer trial questions within one business hour",
    "Show the full price for {n} seats on the pricing page",
    "Explain import errors with the row that failed",
    "Offer invoices in the customer's accounting format",
    "Let a team lead finish setup without an admin",
    "Send the renewal summary {n} weeks ahead",
    "Invite happy customers to the community after the first win",
)  # fmt: skip
INSIGHTS = (
    "Customers who connect a second channel in week one renew twice as often",
    "Most trials stall at the data import, not at pricing",
    "Finance approves faster when the quote shows the yearly total",
    "Buyers trust peer reviews more than our case studies",
    "Admins judge us by how cleanly access is removed",
    "Teams that see a weekly report in month one expand within a year",
)  # fmt: skip
QUOTES = (
    "I spent a whole afternoon figuring out why the import failed.",
    "The demo was great, the invoice was a mess.",
    "Once the report went out automatically, my boss stopped asking.",
    "I recommended you to two friends because support answered on a Sunday.",
    "We almost left at renewal because nobody told us about the new plan.",
    "Setting up single sign-on took ten minutes, which never happens.",
)  # fmt: skip
WHO = (
    "ops lead, 40-person company",
    "finance manager, retail chain",
    "IT admin, public sector",
    "founder, design studio",
    "team lead, logistics firm",
)  # fmt: skip
QUESTIONS = (
    "What triggers this stage, in the customer's own words?",
    "Where do they look first, and who do they ask?",
    "What would make them stop here?",
    "How do they know they made the right choice?",
)  # fmt: skip
MONTHS = ("January", "March", "June", "September", "December")


def journey(index: int, rng: random.Random) -> dict[str, Any]:
    """One journey map as plain data, with every reference resolvable in the workspace."""
    persona_ids = [PERSONAS[index % len(PERSONAS)][0]]  # every persona gets a journey
    if rng.random() < 0.3:
        persona_ids.append(PERSONAS[(index + 3) % len(PERSONAS)][0])
    names = rng.sample(OBJECTS, k=len(OBJECTS))  # one object per step: no near-duplicate names
    stages = []
    metrics_used: list[str] = []
    for stage_index, ((stage_id, name, phase, owner), count) in enumerate(
        zip(STAGES, STEPS_PER_STAGE, strict=True)
    ):
        steps = [_step(rng, stage_id, i, names) for i in range(count)]
        if stage_id == "moments-of-truth":
            steps[0]["moment_of_truth"] = True
            _backstage(steps[0])
        if stage_index % 3 == 1:
            steps[0]["next"] = [steps[-1]["id"], steps[1]["id"]]
        metric_id, metric_name, post = METRICS[stage_index % len(METRICS)]
        metrics_used.append(metric_id)
        stages.append(
            {
                "id": stage_id,
                "name": name,
                "phase": phase,
                "owner": owner,
                "questions": rng.sample(QUESTIONS, k=2),
                "needs": [_fill(rng, "Get {obj} sorted without chasing anyone")],
                "expectations": [_fill(rng, "An answer within {n} hours, from a person")],
                "steps": steps,
                "insights": [
                    {
                        "id": f"{stage_id}-insight-{i + 1}",
                        "text": rng.choice(INSIGHTS),
                        "source": rng.choice(SOURCES),
                        "owner": rng.choice(list(TEAMS)),
                        "action": _fill(rng, "Test a fix with {n} accounts next quarter"),
                    }
                    for i in range(1 if stage_index % 2 else 2)
                ],
                "quotes": [
                    {
                        "text": rng.choice(QUOTES),
                        "source": rng.choice(SOURCES),
                        "who": rng.choice(WHO),
                        "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    }
                ],
                "metrics": [
                    {
                        "id": metric_id,
                        "name": metric_name,
                        "listening_post": post,
                        "owner": owner,
                        "target": _fill(rng, "{n} by Q4"),
                    }
                ],
            }
        )
    return {
        "kind": "journey",
        "id": f"journey-{index:05d}",
        "title": f"Journey {index}: from a {rng.choice(MONTHS)} trigger to advocacy",
        "description": _fill(
            rng,
            "The seven-stage journey of a customer team of {n}, from the first trigger "
            "through purchase, onboarding and renewal to recommending us to peers. "
            "Built from interviews, the relationship survey and tagged support tickets.",
        ),
        "audience": "customer",
        "personas": persona_ids,
        "owner": "cx",
        "refreshed": f"2026-{rng.randint(1, 10):02d}-15",  # before ``run.TODAY``
        "feedback_loop": {"cadence": "every 6 months", "channel": "email", "owner": "cx"},
        "objectives": [
            {
                "id": f"improve-{metric}",
                "description": _fill(
                    rng, "Move {metric} in the right direction by {n}%", metric=metric
                ),
                "metric": metric,
                "target": _fill(rng, "{n}% better by Q4"),
            }
            for metric in metrics_used[:3]
        ],
        "stages": stages,
    }


def _step(rng: random.Random, stage_id: str, index: int, names: list[str]) -> dict[str, Any]:
    channel = rng.choice(CHANNELS)
    obj = names.pop() if names else f"{rng.choice(OBJECTS)} ({stage_id} {index + 1})"
    step: dict[str, Any] = {
        "id": f"{stage_id}-step-{index + 1}",
        "name": f"{rng.choice(VERBS)} {_fill(rng, obj)}",
        "touchpoint": _fill(rng, "{obj} on the {channel} channel", channel=channel),
        "channel": channel,
        "owner": rng.choice(list(TEAMS)),
        "emotion": rng.randint(-2, 2),
        "thoughts": [_fill(rng, rng.choice(THOUGHTS))],
        "pain_points": [
            _fill(rng, p, channel=channel) for p in rng.sample(PAINS, k=rng.randint(1, 2))
        ],
        "opportunities": [_fill(rng, rng.choice(OPPORTUNITIES))],
        "moment_of_truth": rng.random() < 0.15,
    }
    if rng.random() < 0.4:
        del step["touchpoint"]
    if rng.random() < 0.1:
        step["trigger"] = _fill(rng, "A {month} deadline moves forward by {n} days")
    if step["moment_of_truth"]:
        _backstage(step)
    return step


def _backstage(step: dict[str, Any]) -> None:
    """A moment of truth has someone backstage (JM603). Draws no random numbers, so the
    maps stay the same as before lanes existed."""
    step["backstage"] = [f"The {step['owner']} team prepares this touchpoint the day before"]


def _fill(rng: random.Random, template: str, **fixed: str) -> str:
    values = {
        "n": str(rng.randint(2, 90)),
        "month": rng.choice(MONTHS),
        "obj": rng.choice(OBJECTS).format(n=rng.randint(5, 400)),
        "channel": rng.choice(CHANNELS),
        **fixed,
    }
    return template.format(**values)


def persona(persona_id: str, name: str, role: str, rng: random.Random) -> dict[str, Any]:
    return {
        "kind": "persona",
        "id": persona_id,
        "name": name,
        "role": role,
        "summary": _fill(rng, "Works in a team of {n} and answers for results every month."),
        "goals": [_fill(rng, "Show a result to the team within {n} days")],
        "needs": [_fill(rng, "Clear pricing for {n} seats")],
        "frustrations": [_fill(rng, rng.choice(PAINS))],
        "quote": rng.choice(QUOTES),
        "preferred_channels": rng.sample(CHANNELS, k=2),
        "segments": rng.sample(list(SEGMENTS), k=2),
    }


def messaging(rng: random.Random) -> dict[str, Any]:
    return {
        "kind": "messaging",
        "id": "core-messaging",
        "title": "Messaging hierarchy",
        "category": "Customers call it the team tool: one place to plan, approve and report.",
        "core_message": "Everything your team ships gets approved on time, and you can show what it achieved.",
        "pillars": [
            {
                "id": f"pillar-{i + 1}",
                "message": rng.choice(INSIGHTS),
                "proof_points": [_fill(rng, "{n}% faster approvals in the first quarter")],
            }
            for i in range(3)
        ],
        "vocabulary": {
            "personas": {
                pid: {"use": ["approval queue", "weekly report"], "avoid": ["synergy"]}
                for pid, _, _ in PERSONAS
            },
            "stages": {
                sid: {"use": ["first win"], "avoid": ["onboarding funnel"]}
                for sid, _, _, _ in STAGES
            },
        },
        "brand_attributes": [
            {
                "id": "be-there",
                "name": "Be there",
                "actions": [
                    {"stage": sid, "owner": owner, "action": _fill(rng, "Reply within {n} minutes")}
                    for sid, _, _, owner in STAGES[3:]
                ],
            }
        ],
    }


def config() -> dict[str, Any]:
    return {
        "files": ["personas/*.yaml", "journeys/*.yaml", "messaging/*.yaml"],
        "lint": {"fail_on": "error"},
        "glossary": GLOSSARY,
        "teams": TEAMS,
        "segments": SEGMENTS,
    }


# --- a small YAML emitter ------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][^\n#:]*\Z")
_NOT_PLAIN = frozenset(
    {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
)  # YAML 1.1 and 1.2 keywords


def to_yaml(data: dict[str, Any], modeline: str | None = None) -> str:
    """Block-style YAML as people write it (plain scalars where safe, 2-space indent).

    Hand-written instead of ``yaml.dump`` because it is 20x faster (5,000 maps
    are generated in seconds) and its output looks like a hand-kept file:
    keys in model order, folded descriptions, short lists in flow style.
    """
    lines = [f"# yaml-language-server: $schema={modeline}"] if modeline else []
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], indent: int, lines: list[str], first: str = "") -> None:
    pad = " " * indent
    for number, (key, value) in enumerate(data.items()):
        lead = first if number == 0 and first else pad
        _entry(f"{lead}{key}:", value, indent, lines)


def _entry(head: str, value: Any, indent: int, lines: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{head} {{}}")
            return
        lines.append(head)
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
        elif all(isinstance(v, str) and re.fullmatch(r"[a-z0-9-]+", v) for v in value):
            lines.append(f"{head} [{', '.join(value)}]")
        else:
            lines.append(head)
            _sequence(value, indent + 2, lines)
    elif isinstance(value, str) and len(value) > 100 and not value.startswith(" "):
        lines.append(f"{head} >-")
        lines.extend(" " * (indent + 2) + chunk for chunk in _wrap(value, 80))
    else:
        lines.append(f"{head} {_scalar(value)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + 2, lines, first=f"{pad}- ")
        else:
            lines.append(f"{pad}- {_scalar(item)}")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _NOT_PLAIN and not text.endswith(" "):
        return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # dates stay plain, as people write them
    return json.dumps(text, ensure_ascii=False)


def _wrap(text: str, width: int) -> Iterator[str]:
    line: list[str] = []
    size = 0
    for word in text.split(" "):
        if line and size + len(word) + 1 > width:
            yield " ".join(line)
            line, size = [], 0
        line.append(word)
        size += len(word) + 1
    if line:
        yield " ".join(line)


# --- writing workspaces ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Generated:
    """Where a generated workspace is and what it holds."""

    root: Path
    journeys: list[Path]
    others: list[Path]

    @property
    def files(self) -> list[Path]:
        return [*self.others, *self.journeys]


NAMES = ("distinct", "vocabulary")
"""How steps are named: each map's objects all different (the first bench maps), or
drawn from a shared vocabulary of verbs and objects, as real names are (realistic.py)."""
VOCABULARY_STEPS = 14
"""Steps per stage in vocabulary maps: 98 steps a map, like the maps of the issue."""


def generate_workspace(
    root: Path,
    maps: int,
    seed: int = 0,
    *,
    names: str = "distinct",
    findings: bool = False,
    backlog: bool = False,
) -> Generated:
    """Write a workspace with ``maps`` journey maps under ``root`` (created if missing).

    ``findings=True`` plants about twenty lint warnings in each map of the same
    workspace (the same seed gives the same maps, with and without).
    ``backlog=True`` adds the CX team's opportunity backlog (``backlog/cx-backlog.yaml``),
    one opportunity per map, so the JM5 rules and backlog references have work to do.
    """
    if names not in NAMES:
        raise ValueError(f"names must be one of {NAMES}")
    rng = random.Random(seed)
    for folder in ("personas", "journeys", "messaging"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    settings = config()
    if backlog:
        settings["files"].append("backlog/*.yaml")
    (root / "journeymap.yaml").write_text(to_yaml(settings), encoding="utf-8")
    others = []
    for persona_id, name, role in PERSONAS:
        path = root / "personas" / f"{persona_id}.yaml"
        path.write_text(
            to_yaml(persona(persona_id, name, role, rng), "../schemas/persona.schema.json"),
            encoding="utf-8",
        )
        others.append(path)
    path = root / "messaging" / "core-messaging.yaml"
    path.write_text(to_yaml(messaging(rng), "../schemas/messaging.schema.json"), encoding="utf-8")
    others.append(path)
    journeys = []
    opportunities = []
    for index in range(1, maps + 1):
        path = root / "journeys" / f"journey-{index:05d}.yaml"
        data = journey(index, rng) if names == "distinct" else vocabulary_journey(index, rng)
        if findings:
            data = with_findings(data, random.Random(f"{seed}-{index}"))
        path.write_text(to_yaml(data, "../schemas/journey.schema.json"), encoding="utf-8")
        journeys.append(path)
        if backlog:
            opportunities.append(opportunity(data, index))
    if backlog:
        (root / "backlog").mkdir(exist_ok=True)
        path = root / "backlog" / "cx-backlog.yaml"
        document = {
            "kind": "backlog",
            "id": "cx-backlog",
            "title": "What the teams do about the maps",
            "owner": "cx",
            "opportunities": opportunities,
        }
        path.write_text(to_yaml(document, "../schemas/backlog.schema.json"), encoding="utf-8")
        others.append(path)
    return Generated(root, journeys, others)


def opportunity(data: dict[str, Any], index: int) -> dict[str, Any]:
    """The backlog's opportunity for one map: it addresses every stage (so each moment of
    truth and low point is worked on) and cites every owned insight as its evidence.
    Draws no random numbers, so the maps stay the same with and without a backlog."""
    journey_id = data["id"]
    stages = data["stages"]
    return {
        "id": f"fix-{journey_id}",
        "title": f"Fix the worst moments of journey {index}",
        "problem": "Customers stall at the data import and at renewal",
        "addresses": [f"{journey_id}/{stage['id']}" for stage in stages],
        "evidence": [
            f"{journey_id}/{insight['id']}"
            for stage in stages
            for insight in stage.get("insights", [])
            if insight.get("owner")
        ],
        "owner": "cx",
        "status": ("idea", "planned", "in-progress")[index % 3],
        "impact": 1 + index % 5,
        "effort": 1 + (index // 5) % 5,
        "metric": stages[0]["metrics"][0]["id"],
        "target": "Up 5 points by Q4",
        "due": "2099-06-30",
    }


def vocabulary_journey(index: int, rng: random.Random, steps: int = 0) -> dict[str, Any]:
    """A journey of ``steps`` steps (default: VOCABULARY_STEPS per stage) named from the vocabulary."""
    data = journey(index, rng)
    total = steps or VOCABULARY_STEPS * len(STAGES)
    per_stage = [
        total // len(STAGES) + (1 if i < total % len(STAGES) else 0) for i in range(len(STAGES))
    ]
    for stage, count in zip(data["stages"], per_stage, strict=True):
        kept = stage["steps"][:count]
        kept.extend(_step(rng, stage["id"], i, []) for i in range(len(kept), count))
        stage["steps"] = kept
        ids = {step["id"] for step in kept}
        for step in kept:
            if "next" in step:
                step["next"] = [target for target in step["next"] if target in ids]
                if not step["next"]:
                    del step["next"]
    rename_steps(data, rng)
    return data


def big_journey(steps: int = 1000, seed: int = 0, names: str = "distinct") -> dict[str, Any]:
    """One journey with ``steps`` steps over the seven stages (for render and diff timings).

    With ``names="vocabulary"`` the names come from the shared vocabulary and are
    clean under JM106 (the lint timing of a big journey).
    """
    rng = random.Random(seed)
    if names == "vocabulary":
        data = vocabulary_journey(1, rng, steps)
        data["id"] = "big-journey"
        return data
    data = journey(1, rng)
    per_stage = [
        steps // len(STAGES) + (1 if i < steps % len(STAGES) else 0) for i in range(len(STAGES))
    ]
    for stage, count in zip(data["stages"], per_stage, strict=True):
        stage["steps"] = [_step(rng, stage["id"], i, []) for i in range(count)]
    data["id"] = "big-journey"
    return data


def refreshed(data: dict[str, Any], seed: int = 1) -> dict[str, Any]:
    """A year-later copy of a journey: renamed, moved, removed and re-scored steps."""
    rng = random.Random(seed)
    result = json.loads(json.dumps(data))
    stages = result["stages"]
    for stage in stages:
        for step in stage["steps"]:
            roll = rng.random()
            if roll < 0.1:
                step["name"] = f"{step['name']} (revised)"
            elif roll < 0.2:
                step["emotion"] = max(-2, min(2, step["emotion"] + rng.choice((-1, 1))))
            elif roll < 0.25:
                step["pain_points"] = [*step["pain_points"], "A new pain point found in 2027"]
        stage["steps"] = [
            step for step in stage["steps"] if rng.random() > 0.03 or step.get("next")
        ]
    moved = stages[1]["steps"].pop(-1)
    stages[2]["steps"].insert(0, moved)
    for stage in stages:
        ids = {step["id"] for step in stage["steps"]}
        for step in stage["steps"]:
            if "next" in step:
                step["next"] = [target for target in step["next"] if target in ids] or [step["id"]]
    stages[4]["name"] = "Install, use and get value"
    return result


def write_big_pair(root: Path, steps: int = 1000, seed: int = 0) -> tuple[Path, Path]:
    """Two small workspaces, ``before/`` and ``after/``, each holding one ``steps``-step journey.

    Returns the two journey files. The personas, teams and messaging around them
    make the journeys resolve, so render and diff see valid input.
    """
    before = big_journey(steps, seed)
    after = refreshed(before, seed + 1)
    paths = []
    for name, data in (("before", before), ("after", after)):
        generate_workspace(root / name, 0, seed)
        path = root / name / "journeys" / "big-journey.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--names", choices=NAMES, default="distinct", help="how steps are named")
    parser.add_argument("--findings", action="store_true", help="plant ~20 warnings per map")
    parser.add_argument(
        "--backlog", action="store_true", help="add a backlog (one opportunity a map)"
    )
    args = parser.parse_args(argv)
    generated = generate_workspace(
        args.outdir,
        args.maps,
        args.seed,
        names=args.names,
        findings=args.findings,
        backlog=args.backlog,
    )
    size = sum(path.stat().st_size for path in generated.files)
    print(f"wrote {len(generated.files)} files ({size / 1e6:.1f} MB) to {args.outdir}")


if __name__ == "__main__":
    main()
