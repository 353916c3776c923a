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

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from journeymap import __version__
from journeymap.model.base import lowest_emotion
from journeymap.model.journey import Journey, Step
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
    short_callout,
)
from journeymap.render.fit import Content, print_size, screen_size
from journeymap.render.flow import Flow, FlowStep, journey_flow
from journeymap.render.paper import DEFAULT_LAYOUT, DEFAULT_PAPER, check_layout, paper_named
from journeymap.render.perspective import SHAPE_WORDS, PersonaStyle, persona_names, styles_for
from journeymap.render.views import PersonaCard, StageView, evidence_strength, metric_values
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
    env.globals["evidence_strength"] = evidence_strength
    env.globals["metric_values"] = metric_values
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
    emotion = lowest_emotion(emotion)
    if emotion is None:
        return "emotion-none"
    return f"emotion-{'m' if emotion < 0 else 'p'}{abs(emotion)}"


def emotion_shape(emotion: int | dict[str, int] | None) -> str:
    """The shape that repeats an emotion's sign without colour: ▼ negative, ● neutral, ▲ positive."""
    emotion = lowest_emotion(emotion)
    if emotion is None:
        return "○"
    return "▼" if emotion < 0 else ("▲" if emotion > 0 else "●")


def render_html(
    workspace: Workspace,
    document: SourceDocument,
    *,
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
    links: Mapping[str, str] | None = None,
    persona: str | None = None,
    home: str | None = None,
) -> str:
    """The handout of one journey, as a complete HTML document.

    ``layout`` (``poster`` or ``pack``) and ``paper`` (a name in ``PAPERS``) only
    change how the page prints; on screen every layout shows the same map.
    ``links`` (journey id → relative page, from the site) turns references to
    other journeys into links. ``persona`` says which persona ``document`` was
    narrowed to (``render --persona``), for the page's label and the current
    state's curve of a future state. ``home`` is a relative link back to the
    workspace index (site pages only).
    """
    from journeymap.render.relations import current_curves, future_view, step_links

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
    styles = styles_for(workspace, journey)
    future = future_view(workspace, journey, links)
    behind = (
        current_curves(future.current, flow, styles, persona)
        if future is not None and future.current is not None
        else []
    )

    def chart_of(id_prefix: str) -> Chart:
        return journey_chart(
            journey, flow, id_prefix=id_prefix, styles=styles, extra=behind, future=bool(behind)
        )

    chart = chart_of("emotion-curve")
    teams = dict(workspace.config.teams)
    backlog = handout_context(workspace, journey)
    links_of_steps = step_links(workspace, journey, links)
    content = Content(
        journey,
        stages,
        personas,
        messaging,
        moments,
        chart,
        teams,
        **backlog,
        styles=styles,
        future=future,
        links=links_of_steps,
    )
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
        summary_chart=chart_of("summary-curve") if chosen_layout == "pack" else None,
        moments=moments,
        screen=screen_size(len(journey.stages)),
        print=print_size(chosen_layout, sheet, content),
        metric_names=metric_names,
        teams=teams,
        has_vocabulary=any(view.vocabulary for view in stages),
        version=__version__,
        layout=chosen_layout,
        paper=sheet,
        styles=styles,
        shown_persona=persona_names(workspace, [persona])[persona] if persona else None,
        future=future,
        step_links=links_of_steps,
        blueprint=any(step.blueprint for _, _, _, step in journey.iter_steps()),
        home=home,
    )


def journey_chart(
    journey: Journey,
    flow: Flow | None = None,
    *,
    id_prefix: str = "emotion-curve",
    styles: Sequence[PersonaStyle] = (),
    extra: Sequence[Curve] = (),
    future: bool = False,
) -> Chart:
    """The emotion curve of one journey: every stage an equal band, its steps inside it.

    Equal bands match the grid's equal stage columns, so each point sits over its
    stage. Steps off the happy path leave the main line on a dashed branch, and
    steps at −1 or below carry a callout with their first pain point. With
    ``styles`` (a map with per-persona emotions) there is one curve per persona,
    in its colour and marker, side by side within each step's slot; the step
    number sits over the highest point and the callout under the lowest.
    ``extra`` curves (a future state's current curve) are drawn first, behind;
    ``future`` names the map's own single curve in the legend as the future state.
    """
    flow = flow or journey_flow(journey)
    slot = {item.step.id: item.number - 1 for item in flow.steps}
    branches = [
        Branch(slot[edge.source], slot[edge.target]) for edge in flow.edges if not edge.happy
    ]
    sections = []
    start = 0
    for stage in journey.stages:
        sections.append(Section(stage.name, start, start + len(stage.steps), key=stage.id))
        start += len(stage.steps)
    if styles:
        curves = _persona_curves(flow, styles, branches)
        description = _persona_description(flow, styles)
    else:
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
        name = f"Future state: {journey.title}" if future else journey.title
        curves = [Curve(name, points, branches=branches, legend=future)]
        description = (
            f"Emotion at each of the {len(flow.steps)} steps, from -2 (very negative) "
            "to +2 (very positive)." + _extremes(flow, lambda step: step.lowest_emotion())
        )
    if extra:
        description += f" Dashed behind: {', '.join(curve.name for curve in extra)}."
    return build_chart(
        [*extra, *curves],
        sections,
        title=f"Emotion curve: {journey.title}",
        description=description,
        id_prefix=id_prefix,
        equal_sections=True,
    )


def _extremes(flow: Flow, value: Callable[[Step], int | None]) -> str:
    """`` Lowest: step 3, … Highest: step 5, …`` of one curve (empty without emotions)."""
    scored = [(item, emotion) for item in flow.steps if (emotion := value(item.step)) is not None]
    if not scored:
        return ""
    low = min(scored, key=lambda pair: pair[1])
    high = max(scored, key=lambda pair: pair[1])
    return (
        f" Lowest: step {low[0].number}, {low[0].step.name} ({emotion_text(low[1])})."
        f" Highest: step {high[0].number}, {high[0].step.name} ({emotion_text(high[1])})."
    )


def _persona_curves(
    flow: Flow, styles: Sequence[PersonaStyle], branches: list[Branch]
) -> list[Curve]:
    """One curve per persona. Each step's number goes on its highest point, its
    callout under its lowest, so neither repeats when the curves meet."""
    top: dict[int, str] = {}
    bottom: dict[int, str] = {}
    for item in flow.steps:
        values = [(style.emotion(item.step), style.id) for style in styles]
        present = [(emotion, persona) for emotion, persona in values if emotion is not None]
        if present:
            top[item.number] = max(present, key=lambda pair: pair[0])[1]
            bottom[item.number] = min(present, key=lambda pair: pair[0])[1]
    curves = []
    for style in styles:
        points = []
        for item in flow.steps:
            emotion = style.emotion(item.step)
            low = bottom.get(item.number) == style.id and emotion is not None and emotion <= -1
            points.append(
                CurvePoint(
                    label=f"{item.number}. {item.step.name} ({style.name})",
                    emotion=emotion,
                    marker=str(item.number) if top.get(item.number) == style.id else "",
                    moment_of_truth=item.step.moment_of_truth,
                    alternative=not item.on_happy_path,
                    callout=_callout(item) if low else None,
                )
            )
        curves.append(
            Curve(
                style.name,
                points,
                css_class=style.css_class,
                branches=branches,
                shape=style.shape,
                nudge=style.nudge(len(styles)),
                legend=True,
            )
        )
    return curves


def _persona_description(flow: Flow, styles: Sequence[PersonaStyle]) -> str:
    who = ", ".join(f"{style.name} ({SHAPE_WORDS[style.shape]})" for style in styles)
    text = (
        f"One curve per persona: {who}. Emotion at each of the {len(flow.steps)} steps, "
        "from -2 (very negative) to +2 (very positive)."
    )
    for style in styles:
        extremes = _extremes(flow, style.emotion)
        if extremes:
            text += f" {style.name}:{extremes}"
    return text


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
