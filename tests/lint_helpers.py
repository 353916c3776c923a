"""A small clean workspace that the lint tests break one rule at a time."""

from __future__ import annotations

from pathlib import Path

CONFIG = "glossary:\n  lifecycle: journey\n  touch point: touchpoint\n"
PERSONA = """\
kind: persona
id: sam
name: Sam, social media manager
role: Runs social for a ten-person agency
goals: [Every client post out on time]
needs: [One approval queue]
frustrations: [Chasing approvals in email]
quote: "I spend Fridays chasing sign-offs."
"""
ADVOCACY_STAGE = """\
  - id: recommend
    name: Recommend us
    phase: advocacy
    owner: customer-success
    steps:
      - {id: refer, name: Refers a peer agency, owner: customer-success, emotion: 1}
    quotes:
      - {text: "I told two agencies about it.", source: reviews}
"""
"""The stage after the sale that keeps a clean map from JM108 (buy → own → advocate)."""
JOURNEY = (
    """\
kind: journey
id: buyer
title: Buyer journey
personas: [sam]
owner: cx
refreshed: 2026-09-15
objectives:
  - {id: keep, description: Keep customers, metric: churn}
stages:
  - id: buy
    name: Decide and buy
    phase: purchase
    owner: sales
    steps:
      - {id: sign, name: Signs the order form, owner: sales, emotion: -1, backstage: [Sales ops countersigns], moment_of_truth: true}
    quotes:
      - {text: "It took weeks.", source: interview}
  - id: use
    name: Install and use
    phase: post-purchase
    owner: customer-success
    steps:
      - {id: first-value, name: Reaches first value, owner: product, emotion: 2}
    insights:
      - {id: value, text: Value comes from approvals, source: survey, owner: product}
    metrics:
      - {id: churn, name: Logo churn}
"""
    + ADVOCACY_STAGE
)
EMPLOYEE = """\
kind: journey
id: csm
title: CSM onboarding
audience: employee
refreshed: 2026-10-05
stages:
  - id: work
    name: Daily work
    phase: employment
    steps:
      - {id: prep-renewal, name: Prepares the renewal call}
"""
"""An employee journey whose step customer steps can link to (``csm/prep-renewal``)."""


def make_workspace(root: Path, journey: str, extra: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "journeymap.yaml").write_text(CONFIG)
    (root / "sam.yaml").write_text(PERSONA)
    (root / "journey.yaml").write_text(journey)
    for name, text in (extra or {}).items():
        (root / name).write_text(text)
    return root


MESSAGING = """\
kind: messaging
id: core
core_message: Every post approved and published on time.
pillars:
  - id: on-time
    name: Never miss a post
    message: Posts go out on time, and you hear about a failure from us first.
    proof_points:
      - 99.95% of scheduled posts published on time in H1 2026
vocabulary:
  personas:
    sam:
      use: [approval queue, content calendar]
      avoid: [governance, workflow orchestration]
  stages:
    buy:
      use: [business case]
      avoid: [deal desk, close this quarter]
"""
"""A clean messaging hierarchy for the workspace above (persona ``sam``, stage ``buy``)."""
