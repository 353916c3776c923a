"""The HTML handout: one self-contained file a CX team prints and pins on a wall.

Templates live in ``templates/`` and the stylesheet in ``static/handout.css``;
both are found through one Jinja loader so the page template can ``include``
the CSS inline (no network fetches, no JavaScript: the file opens offline and
prints as-is). Autoescaping is on for every template, because every string on
the page comes from YAML that anyone may have edited.

This module only gathers what the page needs (personas, vocabulary, the emotion
chart, the flow); layout decisions stay in the templates.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from journeymap import __version__
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging, Vocabulary
from journeymap.model.persona import Persona
from journeymap.render.curve import (
    Branch,
    Chart,
    Curve,
    CurvePoint,
    Section,
    build_chart,
    emotion_text,
    lowest,
    short_callout,
)
from journeymap.render.fit import Content, print_size, screen_size
from journeymap.render.flow import Flow, FlowStep, journey_flow
from journeymap.render.paper import DEFAULT_LAYOUT, DEFAULT_PAPER, check_layout, paper_named
from journeymap.render.views import PersonaCard, StageView
from journeymap.safetext import clean_block

if TYPE_CHECKING:
    import jinja2

    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of all journeymap HTML output (the diff report reuses it)."""
    import jinja2

    package = files("journeymap.render")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [str(package / "templates"), str(package / "static")], encoding="utf-8"
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_clean_output,
    )
    env.globals["emotion_text"] = emotion_text
    env.globals["emotion_shape"] = emotion_shape
    env.filters["emotion_class"] = emotion_class
    return env


def _clean_output(value: object) -> object:
    """Every ``{{ value }}`` of map text: control and bidi characters made visible
    (line feeds and tabs stay: in HTML they are whitespace).

    ``Markup`` (macro output, finished HTML: it has ``__html__``) passes unchanged; plain text is
    cleaned here and HTML-escaped by autoescape afterwards.
    """
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return clean_block(value)
    return value


def emotion_class(emotion: int | dict[str, int] | None) -> str:
    """CSS class of an emotion value: ``emotion-m2`` … ``emotion-p2``, ``emotion-none``.

    Per-persona emotions take the class of the worst one."""
    emotion = lowest(emotion)
    if emotion is None:
        return "emotion-none"
    return f"emotion-{'m' if emotion < 0 else 'p'}{abs(emotion)}"


def emotion_shape(emotion: int | dict[str, int] | None) -> str:
    """The shape that repeats an emotion's sign without colour: ▼ negative, ● neutral, ▲ positive."""
    emotion = lowest(emotion)
    if emotion is None:
        return "○"
    return "▼" if emotion < 0 else ("▲" if emotion > 0 else "●")


def render_html(
    workspace: Workspace,
    document: SourceDocument,
    *,
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
) -> str:
    """The handout of one journey, as a complete HTML document.

    ``layout`` (``poster`` or ``pack``) and ``paper`` (a name in ``PAPERS``) only
    change how the page prints; on screen every layout shows the same map.
    """
    chosen_layout = check_layout(layout)
    sheet = paper_named(paper)
    journey = document.model
    assert isinstance(journey, Journey)
    flow = journey_flow(journey)
    messaging = [d.model for d in workspace.of_kind("messaging") if isinstance(d.model, Messaging)]
    stages = _stage_views(journey, flow, messaging)
    metric_names = {m.id: m.name for stage in journey.stages for m in stage.metrics}
    from journeymap.render.backlog import handout_context

    personas = _persona_cards(workspace, journey, messaging)
    moments = [item for item in flow.steps if item.step.moment_of_truth]
    chart = journey_chart(journey, flow)
    teams = dict(workspace.config.teams)
    backlog = handout_context(workspace, journey)
    content = Content(journey, stages, personas, messaging, moments, chart, teams, **backlog)
    template = environment().get_template("handout.html.j2")
    return template.render(
        **backlog,
        journey=journey,
        source=document.path,
        personas=personas,
        messaging=messaging,
        stages=stages,
        flow=flow,
        chart=chart,
        summary_chart=journey_chart(journey, flow, id_prefix="summary-curve")
        if chosen_layout == "pack"
        else None,
        moments=moments,
        screen=screen_size(len(journey.stages)),
        print=print_size(chosen_layout, sheet, content),
        metric_names=metric_names,
        teams=teams,
        has_vocabulary=any(view.vocabulary for view in stages),
        version=__version__,
        layout=chosen_layout,
        paper=sheet,
    )


def journey_chart(
    journey: Journey, flow: Flow | None = None, *, id_prefix: str = "emotion-curve"
) -> Chart:
    """The emotion curve of one journey: every stage an equal band, its steps inside it.

    Equal bands match the grid's equal stage columns, so each point sits over its
    stage. Steps off the happy path leave the main line on a dashed branch, and
    steps at −1 or below carry a callout with their first pain point.
    """
    flow = flow or journey_flow(journey)
    points = [
        CurvePoint(
            label=f"{item.number}. {item.step.name}",
            emotion=item.step.lowest_emotion(),
            marker=str(item.number),
            moment_of_truth=item.step.moment_of_truth,
            alternative=not item.on_happy_path,
            callout=_callout(item) if (item.step.lowest_emotion() or 0) <= -1 else None,
        )
        for item in flow.steps
    ]
    slot = {item.step.id: item.number - 1 for item in flow.steps}
    branches = [
        Branch(slot[edge.source], slot[edge.target]) for edge in flow.edges if not edge.happy
    ]
    sections = []
    start = 0
    for stage in journey.stages:
        sections.append(Section(stage.name, start, start + len(stage.steps), key=stage.id))
        start += len(stage.steps)
    scored = [item for item in flow.steps if item.step.lowest_emotion() is not None]
    description = f"Emotion at each of the {len(flow.steps)} steps, from -2 (very negative) to +2 (very positive)."
    if scored:
        low = min(scored, key=lambda item: item.step.lowest_emotion() or 0)
        high = max(scored, key=lambda item: item.step.lowest_emotion() or 0)
        description += (
            f" Lowest: step {low.number}, {low.step.name} ({emotion_text(low.step.lowest_emotion())})."
            f" Highest: step {high.number}, {high.step.name} ({emotion_text(high.step.lowest_emotion())})."
        )
    return build_chart(
        [Curve(journey.title, points, branches=branches)],
        sections,
        title=f"Emotion curve: {journey.title}",
        description=description,
        id_prefix=id_prefix,
        equal_sections=True,
    )


def _callout(item: FlowStep) -> str:
    if item.step.pain_points:
        return short_callout(item.step.pain_points[0])
    return "no pain point recorded"


def _stage_views(journey: Journey, flow: Flow, messaging: list[Messaging]) -> list[StageView]:
    by_stage: dict[int, list[FlowStep]] = {}
    for item in flow.steps:
        by_stage.setdefault(item.stage_index, []).append(item)
    return [
        StageView(
            stage=stage,
            number=index + 1,
            steps=by_stage.get(index, []),
            vocabulary=_vocabulary([m.vocabulary.stages.get(stage.id) for m in messaging]),
        )
        for index, stage in enumerate(journey.stages)
    ]


def _persona_cards(
    workspace: Workspace, journey: Journey, messaging: list[Messaging]
) -> list[PersonaCard]:
    segment_names = workspace.config.segments
    cards = []
    for persona_id in journey.personas:
        found = workspace.get("persona", persona_id)
        persona = found.model if found and isinstance(found.model, Persona) else None
        cards.append(
            PersonaCard(
                id=persona_id,
                persona=persona,
                segments=[segment_names.get(s, s) for s in persona.segments] if persona else [],
                vocabulary=_vocabulary([m.vocabulary.personas.get(persona_id) for m in messaging]),
            )
        )
    return cards


def _vocabulary(found: list[Vocabulary | None]) -> Vocabulary | None:
    """Merge the vocabulary of several messaging files (usually there is one)."""
    present = [vocabulary for vocabulary in found if vocabulary is not None]
    if len(present) <= 1:
        return present[0] if present else None
    use = list(dict.fromkeys(word for v in present for word in v.use))
    avoid = list(dict.fromkeys(word for v in present for word in v.avoid))
    return Vocabulary(use=use, avoid=avoid)
