"""Step names drawn from a vocabulary, and a findings-heavy copy of the same maps.

Real step names share words: "Compares the invoice via the portal", "Compares the
renewal quote by email". generate.py's first maps gave every step its own object,
so their names differed from the first word on and JM106 (near-duplicate step
names) never had to look closely. Here a name is four slots (what the customer
does, to what, how, when), each from a list of twenty phrases, and the fourth is
chosen so that any two names differ in at least two slots (a parity code: a name
that shares three slots with another would be a near-duplicate). The few pairs
that are still 90% alike are drawn again, so a clean map stays clean.

The findings-heavy copy is the same map with about twenty warnings planted: near
duplicate names, stages without an owner or evidence, insights without a source
or owner, an objective without a metric and non-preferred glossary terms. It is
what a team sees on its first run, and it must not cost much more than a clean run.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

VERBS = (
    "Compares", "Reads", "Asks about", "Books", "Signs", "Connects", "Invites the team to",
    "Exports", "Reviews", "Searches for", "Shares", "Checks", "Sets up", "Renews",
    "Recommends", "Downloads", "Tests", "Configures", "Escalates", "Requests",
)  # fmt: skip
OBJECTS = (
    "pricing for more seats", "the security pack", "a demo with a specialist", "the order form",
    "the first data import", "the weekly report", "the onboarding checklist", "the invoice",
    "an integration with the CRM", "the trial workspace", "peer reviews on a review site",
    "the approval workflow", "the help centre article on imports", "the renewal quote",
    "single sign-on for the team", "the migration guide", "the public roadmap",
    "the partner directory", "the usage dashboard", "a referral link for a peer",
)  # fmt: skip
HOW = (
    "via the portal", "by email", "on a call with sales", "in the mobile app", "with a colleague",
    "through the partner", "in a webinar", "from the help centre", "over chat", "on the website",
    "at an event", "in the admin console", "from a newsletter", "with the account manager",
    "in a community thread", "on a review site", "from a search result", "in a workshop",
    "over the phone", "from a shared link",
)  # fmt: skip
WHEN = (
    "before month-end", "after the demo", "during the trial", "at renewal time",
    "on the first day", "after a failed import", "before the board meeting",
    "when a new hire starts", "after the price change", "during onboarding",
    "before the audit", "after a support ticket", "at the quarterly review",
    "when the budget opens", "after a peer recommends it", "during the pilot",
    "before the contract ends", "after the first report", "when the team grows",
    "at the year-end close",
)  # fmt: skip
Q = len(VERBS)
assert Q == len(OBJECTS) == len(HOW) == len(WHEN)


def _normal(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def vocabulary_names(count: int, rng: random.Random) -> list[str]:
    """``count`` step names sharing words, none 90% like another (JM106 stays quiet)."""
    from journeymap.lint.similar import first_similar

    combos = [(v, o, h) for v in range(Q) for o in range(Q) for h in range(Q)]
    rng.shuffle(combos)
    names = [
        # parity: two names differ in at least two slots
        f"{VERBS[v]} {OBJECTS[o]} {HOW[h]} {WHEN[(v + o + h) % Q]}"
        for v, o, h in combos[: count * 2]
    ]
    similar = first_similar([_normal(name) for name in names])
    kept = [name for name, other in zip(names, similar, strict=True) if other is None]
    if len(kept) < count:
        raise ValueError(f"the vocabulary has fewer than {count} distinct enough names")
    return kept[:count]


def rename_steps(data: dict[str, Any], rng: random.Random) -> None:
    """Give every step of a journey a vocabulary name."""
    steps = [step for stage in data["stages"] for step in stage["steps"]]
    for step, name in zip(steps, vocabulary_names(len(steps), rng), strict=True):
        step["name"] = name


def with_findings(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of a clean journey with about twenty lint warnings planted (no errors)."""
    result = json.loads(json.dumps(data))
    stages = result["stages"]
    steps = [step for stage in stages for step in stage["steps"]]
    for step in rng.sample(steps[1:], k=min(5, len(steps) - 1)):  # JM106 x5
        other = rng.choice([s for s in steps if s is not step])
        step["name"] = other["name"].rstrip(".") + "."
    for step in rng.sample(steps, k=min(5, len(steps))):  # JM401 x5
        step["description"] = "Part of the customer lifecycle the team mapped last year."
    for stage in rng.sample(stages, k=2):  # JM301 x2
        stage.pop("owner", None)
    for stage in stages:  # JM202 and JM302, one per insight
        for insight in stage.get("insights", []):
            insight.pop("source", None)
            insight.pop("owner", None)
    bare = stages[1]  # JM201
    bare["quotes"], bare["insights"] = [], []
    if result.get("objectives"):  # JM204
        result["objectives"][0].pop("metric", None)
    return result
