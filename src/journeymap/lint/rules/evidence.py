"""JM2xx evidence: is the map built from the voice of the customer and tied to measured goals?"""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.lint.registry import LintContext, Problem, rule


@rule(
    "JM201",
    "stage-without-evidence",
    severity="warning",
    hint="Add a verbatim customer quote (`quotes:`) or a research insight (`insights:`) "
    "with its source: interview, survey, support tickets, reviews...",
    local=True,
)
def stage_without_evidence(ctx: LintContext) -> Iterator[Problem]:
    """A stage has no voice-of-customer evidence: no quote and no insight.

    Maps fail when they are built only from internal views. Each stage should
    carry evidence from customers: verbatim quotes and research insights, each
    with its source (survey, interview, support tickets, reviews, social, sales
    calls, analytics, mystery shopping).

    FAIL:

        - id: receive
          name: Receive order
          steps: [...]

    PASS:

        - id: receive
          name: Receive order
          steps: [...]
          quotes:
            - {text: "Redoing my trial setup was painful.", source: survey}
    """
    for document, journey in ctx.journeys:
        for index, stage in enumerate(journey.stages):
            if not stage.quotes and not stage.insights:
                yield Problem(
                    document,
                    ("stages", index),
                    f"stage {stage.id!r} has no customer evidence (no quote and no insight)",
                )


@rule(
    "JM202",
    "insight-without-source",
    severity="warning",
    hint="Add `source:` (interview, survey, support-tickets, reviews, social, "
    "sales-calls, web-analytics, mystery-shopping...).",
    local=True,
)
def insight_without_source(ctx: LintContext) -> Iterator[Problem]:
    """An insight does not say where it comes from.

    An insight without a source is an opinion. Naming the source (interview,
    survey, support tickets, analytics...) lets readers weigh it and lets the
    next refresh check it again.

    FAIL:

        insights:
          - {id: pricing-misread, text: Buyers think reviewers need paid seats}

    PASS:

        insights:
          - {id: pricing-misread, text: Buyers think reviewers need paid seats, source: interview}
    """
    for document, pointer, insight in ctx.insights:
        if insight.source is None:
            yield Problem(document, pointer, f"insight {insight.id!r} has no source")


@rule(
    "JM203",
    "rosy-emotion-curve",
    severity="info",
    hint="Check the low points with customers: support tickets, churn interviews and "
    "reviews usually show where the curve dips.",
)
def rosy_emotion_curve(ctx: LintContext) -> Iterator[Problem]:
    """The emotion curve never dips below neutral: suspiciously rosy.

    Real journeys have low points: waiting, failures, surprises at the invoice.
    A curve that never goes below 0 (with at least two emotions recorded) is
    more often a map drawn from the company's hopes than from customer
    evidence. This is a prompt to look again, not an error.

    FAIL:

        steps:
          - {id: compare, name: Compares tools, emotion: 0}
          - {id: buy, name: Buys, emotion: 2}

    PASS:

        steps:
          - {id: compare, name: Compares tools, emotion: -1}
          - {id: buy, name: Buys, emotion: 2}
    """
    for document, journey in ctx.journeys:
        emotions = [
            emotion for _, _, _, step in journey.iter_steps() for emotion in step.emotions()
        ]
        if len(emotions) >= 2 and min(emotions) >= 0:
            yield Problem(
                document,
                ("stages",),
                f"the emotion curve never dips below neutral ({len(emotions)} steps, lowest {min(emotions)})",
                key=True,
            )


@rule(
    "JM204",
    "objective-without-metric",
    severity="warning",
    hint="Name the metric that measures it (`metric:` with the id of a metric in a "
    "stage's `metrics:`), e.g. NPS, CSAT, churn rate, time to first value.",
    local=True,
)
def objective_without_metric(ctx: LintContext) -> Iterator[Problem]:
    """An objective that no metric measures.

    A map exists for business goals (loyalty, lifetime value, churn), and a
    goal nobody measures cannot be managed. Each objective names the metric
    (defined in a stage's `metrics:` with its listening post) that tells
    whether it is met. A `metric:` that names no metric is JM004.

    FAIL:

        objectives:
          - {id: reduce-churn, description: Reduce first-year churn}

    PASS:

        objectives:
          - {id: reduce-churn, description: Reduce first-year churn, metric: logo-churn}
    """
    for document, journey in ctx.journeys:
        for index, objective in enumerate(journey.objectives):
            if objective.metric is None:
                yield Problem(
                    document,
                    ("objectives", index),
                    f"objective {objective.id!r} is not measured by any metric",
                )
