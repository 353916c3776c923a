"""Starting points for new documents: the stage sets practitioners start a map from.

Every blueprint passes every lint rule at every severity on its own: each stage
has an owner, a research question, a step and a piece of evidence to replace
(an assumption from the kick-off workshop, with the team that must confirm it),
the emotion curve dips below neutral, there is a moment of truth, several teams
own the stages, and the objective is measured by a metric of the map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

STAGE_SETS = ("seven", "buy-own-advocate", "employee")


@dataclass(frozen=True)
class StageSeed:
    id: str
    name: str
    phase: str
    owner: str
    questions: tuple[str, ...]
    """The research questions the team asks at this stage (the brief's, for the seven)."""
    step_id: str
    step: str
    channel: str
    emotion: int
    assumption: str
    backstage: str | None = None
    """What staff do out of sight to make the step work; set on the moments of truth,
    which are what decides loyalty or churn and need someone behind them."""
    metric: tuple[str, str, str] | None = None
    """(id, name, listening post) of a metric measured in this stage."""


SEVEN = (
    StageSeed("need", "Need something", "pre-purchase", "marketing",
              ("What triggers the need, in the customer's own words?",),
              "notice-need", "Notices the problem", "word-of-mouth", -1,
              "Assumption from the kick-off workshop: a missed deadline triggers the search."),
    StageSeed("choices", "What are my choices", "pre-purchase", "marketing",
              ("What is in the consideration set?", "Where do they look?",
               "What are their evaluation criteria?"),
              "compare-options", "Compares options", "web", 0,
              "Assumption from the kick-off workshop: peers' recommendations decide the shortlist."),
    StageSeed("decide-and-buy", "Decide & buy", "purchase", "sales",
              ("What locks them in?", "Who do they talk to?", "How long does the purchase take?",
               "How easy was it, against what they expected?"),
              "sign-contract", "Signs the contract", "email", 1,
              "Assumption from the kick-off workshop: a clear price wins over a long demo.",
              backstage="Sales answers contract questions the same day"),
    StageSeed("receive", "Receive order", "post-purchase", "customer-success",
              ("What do they need to get started?",),
              "get-access", "Gets access", "email", 0,
              "Assumption from the kick-off workshop: the first login decides the first month."),
    StageSeed("install-use", "Install / use", "post-purchase", "product",
              ("How do they define value?", "How do we reinforce their decision?"),
              "reach-first-value", "Reaches first value", "product", 1,
              "Assumption from the kick-off workshop: setup help matters more than features.",
              metric=("time-to-first-value", "Time to first value", "product analytics")),
    StageSeed("moments-of-truth", "Questions / moments of truth", "post-purchase", "support",
              ("What triggered an upgrade or expansion?", "Where did we fail expectations?",
               "Why do customers cancel or leave?"),
              "ask-for-help", "Asks for help", "chat", -1,
              "Assumption from the kick-off workshop: a slow first answer starts the churn.",
              backstage="Support answers the first request within one working hour",
              metric=("logo-churn", "Logo churn", "billing system, monthly")),
    StageSeed("advocacy", "Integrations & advocacy", "advocacy", "customer-success",
              ("What is the customer's context of use: which tools must we work with?",
               "What turns fans into advocates?"),
              "recommend", "Recommends us to a peer", "word-of-mouth", 2,
              "Assumption from the kick-off workshop: advocates are asked, not born."),
)  # fmt: skip

BUY_OWN_ADVOCATE = (
    StageSeed("buy", "Buy", "purchase", "sales",
              ("What makes them choose us?", "Who signs, and how long does it take?"),
              "choose-and-sign", "Chooses us and signs", "web", 0,
              "Assumption from the kick-off workshop: the trial decides the purchase.",
              backstage="Sales answers contract questions the same day"),
    StageSeed("own", "Own", "post-purchase", "customer-success",
              ("How do they define value?", "Where does using the product get hard?"),
              "get-stuck", "Gets stuck during setup", "product", -1,
              "Assumption from the kick-off workshop: setup is where most customers give up.",
              metric=("logo-churn", "Logo churn", "billing system, monthly")),
    StageSeed("advocate", "Advocate", "advocacy", "marketing",
              ("What turns satisfied customers into advocates?",),
              "recommend", "Recommends us to a peer", "word-of-mouth", 2,
              "Assumption from the kick-off workshop: advocates are asked, not born."),
)  # fmt: skip

EMPLOYEE = (
    StageSeed("need-a-job", "Need a job / what are my choices", "attraction", "hr",
              ("What makes a candidate look for a new role?", "Where do they look?"),
              "see-opening", "Sees the opening", "social", 0,
              "Assumption from the kick-off workshop: candidates hear of us from employees."),
    StageSeed("decide-and-sign", "Decide & sign / start job", "hiring", "hr",
              ("What decides the offer?", "What does the first day feel like?"),
              "accept-offer", "Accepts the offer", "email", 1,
              "Assumption from the kick-off workshop: a clear salary band speeds the decision.",
              backstage="The recruiter calls the candidate to walk through the offer"),
    StageSeed("daily-work", "Daily work", "employment", "operations",
              ("What gets in the way of doing good work every day?",),
              "hit-blocker", "Hits a blocker in daily work", "internal-tools", -1,
              "Assumption from the kick-off workshop: tools, not workload, frustrate people most.",
              metric=("regretted-attrition", "Regretted attrition", "HR system, quarterly")),
    StageSeed("higher-purpose", "Higher purpose", "employment", "leadership",
              ("When do people see how their work matters to customers?",),
              "see-impact", "Sees the impact of their work", "in-person", 1,
              "Assumption from the kick-off workshop: customer stories make the purpose real."),
    StageSeed("championing", "Championing", "advocacy", "hr",
              ("What makes someone recommend us as an employer?",),
              "refer-a-friend", "Refers a friend", "word-of-mouth", 2,
              "Assumption from the kick-off workshop: referrals follow a good first year."),
)  # fmt: skip

SETS: dict[str, tuple[StageSeed, ...]] = {
    "seven": SEVEN,
    "buy-own-advocate": BUY_OWN_ADVOCATE,
    "employee": EMPLOYEE,
}


def journey_data(
    doc_id: str,
    *,
    personas: list[str],
    stages: str = "seven",
    teams: dict[str, str] | None = None,
    refreshed: dt.date | None = None,
) -> dict[str, Any]:
    """A journey document from a stage set. ``teams`` maps our team ids to the workspace's;
    ``refreshed`` dates the map (a new map: the day it is made, so it is never undated)."""
    seeds = SETS[stages]
    team = _team_mapper(teams)
    churn_metric = next(seed.metric for seed in reversed(seeds) if seed.metric is not None)
    employee = stages == "employee"
    return {
        "kind": "journey",
        "id": doc_id,
        "title": _title(doc_id),
        "audience": "employee" if employee else "customer",
        "personas": personas,
        "owner": team("hr" if employee else "customer-success"),
        **({"refreshed": refreshed} if refreshed is not None else {}),
        "objectives": [
            {
                "id": "keep-people" if employee else "reduce-churn",
                "description": "Keep more of the people we hired past their first year"
                if employee
                else "Reduce first-year churn",
                "metric": churn_metric[0],
            }
        ],
        "stages": [_stage(seed, team) for seed in seeds],
    }


def _stage(seed: StageSeed, team: Any) -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": seed.step_id,
        "name": seed.step,
        "channel": seed.channel,
        "owner": team(seed.owner),
        "emotion": seed.emotion,
    }
    if seed.backstage is not None:
        step["moment_of_truth"] = True
        step["backstage"] = [seed.backstage]
    stage: dict[str, Any] = {
        "id": seed.id,
        "name": seed.name,
        "phase": seed.phase,
        "owner": team(seed.owner),
        "questions": list(seed.questions),
        "steps": [step],
        "insights": [
            {
                "id": f"{seed.id}-assumption",
                "text": seed.assumption,
                "source": "workshop",
                "owner": team(seed.owner),
            }
        ],
    }
    if seed.metric is not None:
        metric_id, name, post = seed.metric
        stage["metrics"] = [{"id": metric_id, "name": name, "listening_post": post}]
    return stage


def _team_mapper(teams: dict[str, str] | None) -> Any:
    """Our team ids, mapped onto the workspace's ``teams:`` when it lists them.

    A team the workspace does not list is replaced by one of its teams, a
    different one for each missing team, so the map stays cross-functional.
    """
    if not teams:
        return lambda name: name
    spare = [team for team in teams]
    chosen: dict[str, str] = {}

    def team(name: str) -> str:
        if name in teams:
            return name
        if name not in chosen:
            unused = [t for t in spare if t not in chosen.values()] or spare
            chosen[name] = unused[len(chosen) % len(unused)] if unused else name
        return chosen[name]

    return team


def _title(doc_id: str) -> str:
    return doc_id.replace("-", " ").capitalize()


def persona_data(doc_id: str) -> dict[str, Any]:
    """A persona with every field a research-based persona has, as prompts to replace."""
    name = _title(doc_id)
    return {
        "kind": "persona",
        "id": doc_id,
        "name": name,
        "role": "Replace with the role from your research",
        "summary": "Who this person is, in two or three sentences drawn from interviews.",
        "goals": ["What they are trying to achieve at work"],
        "needs": ["What they need from a product or service like yours"],
        "frustrations": ["What gets in their way today"],
        "quote": "Replace with a verbatim quote from an interview.",
        "preferred_channels": ["web", "email"],
    }


def messaging_data(doc_id: str) -> dict[str, Any]:
    """A messaging hierarchy with one pillar to grow from."""
    return {
        "kind": "messaging",
        "id": doc_id,
        "title": "Messaging hierarchy",
        "core_message": "The one sentence every team can say, in the customer's own words.",
        "pillars": [
            {
                "id": "first-pillar",
                "name": "First pillar",
                "message": "A supporting message customers told you matters.",
                "proof_points": ["A fact, number or story that proves it"],
            }
        ],
    }


def backlog_data(doc_id: str, teams: dict[str, str] | None = None) -> dict[str, Any]:
    """An empty opportunity backlog: opportunities need real step ids, so none are invented.

    Its owner is the customer-success team when the workspace names one (the CX team
    usually keeps the backlog), else it is left out rather than guessed.
    """
    data: dict[str, Any] = {
        "kind": "backlog",
        "id": doc_id,
        "title": _title(doc_id),
    }
    if teams is None or "customer-success" in teams:
        data["owner"] = "customer-success"
    data["opportunities"] = []
    return data
