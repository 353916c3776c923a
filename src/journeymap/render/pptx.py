"""PowerPoint output: the journey as a deck a CX team presents and keeps editing.

Slides (16:9): a title slide with the objectives and the persona(s); the
emotion curve as a native line chart (its data sits in the embedded workbook,
so PowerPoint's "Edit data" works, and stages are the chart's outer category
level); then one slide per stage with its steps in a table (touchpoint and
channel, owner, emotion, pain points, moment of truth) and the stage-wide pain
points. Customer quotes, with who said them and where, go in each stage's
speaker notes, together with the insights, each with how strong it is (sample
size, confidence, date), so the presenter can read them out. Every text is real text in a text frame or table cell, never a picture.

python-pptx is an optional extra (``pip install 'journeymap[pptx]'``) and is
imported only here. Texts from the YAML go through lxml, which escapes them;
characters that XML cannot hold at all (control characters that YAML's
double-quoted escapes can produce) are replaced with U+FFFD first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journeymap.model.journey import Journey, Stage, Step
from journeymap.model.persona import Persona
from journeymap.render.curve import emotion_text
from journeymap.render.flow import FlowStep, journey_flow
from journeymap.render.perspective import PersonaStyle, styles_for
from journeymap.render.views import evidence_strength

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
INK = (0x1F, 0x29, 0x33)
MUTED = (0x4A, 0x55, 0x63)
ACCENT = (0x1D, 0x4E, 0xD8)
MOT = (0x7C, 0x2D, 0x12)
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
TITLE_ONLY_LAYOUT = 5
KEY_MAX_STEPS = 30
"""Up to this many steps, the curve slide lists every step under the chart."""


def clean(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot contain replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def render_pptx(workspace: Workspace, document: SourceDocument) -> bytes:
    """The deck of one journey, as the bytes of a .pptx file."""
    try:
        from pptx import Presentation
        from pptx.util import Inches
    except ImportError:
        from journeymap.render.pdf import missing_extra

        raise missing_extra("pptx", "pptx") from None
    journey = document.model
    assert isinstance(journey, Journey)
    deck = Presentation()
    deck.slide_width = Inches(SLIDE_WIDTH_IN)
    deck.slide_height = Inches(SLIDE_HEIGHT_IN)
    deck.core_properties.title = clean(journey.title)
    deck.core_properties.subject = (
        "Customer journey map" if journey.audience != "employee" else "Employee journey map"
    )
    flow = journey_flow(journey)
    teams = dict(workspace.config.teams)
    _title_slide(deck, workspace, journey, teams)
    styles = styles_for(workspace, journey)
    _curve_slide(deck, journey, flow.steps, styles)
    by_stage: dict[int, list[FlowStep]] = {}
    for item in flow.steps:
        by_stage.setdefault(item.stage_index, []).append(item)
    for index, stage in enumerate(journey.stages):
        _stage_slide(deck, index + 1, stage, by_stage.get(index, []), teams, styles)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _new_slide(deck: Any, title: str) -> Any:
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    heading = slide.shapes.title
    heading.left, heading.top = Inches(0.5), Inches(0.3)
    heading.width, heading.height = Inches(SLIDE_WIDTH_IN - 1), Inches(0.9)
    heading.text_frame.text = clean(title)
    heading.text_frame.word_wrap = True
    for paragraph in heading.text_frame.paragraphs:
        paragraph.alignment = 1  # left
        for run in paragraph.runs:
            run.font.size = Pt(28)
            run.font.bold = True
            _colour(run.font, INK)
    return slide


def _colour(font: Any, rgb: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor

    font.color.rgb = RGBColor(*rgb)


def _text_box(
    slide: Any,
    box: tuple[float, float, float, float],
    paragraphs: list[tuple[str, int, bool, tuple[int, int, int]]],
) -> Any:
    """A wrapped text box at ``box`` (left, top, width, height in inches).

    Each paragraph is (text, points, bold, colour).
    """
    from pptx.util import Inches, Pt

    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = shape.text_frame
    frame.word_wrap = True
    for number, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        _colour(run.font, colour)
        paragraph.space_after = Pt(4)
    return shape


def _title_slide(deck: Any, workspace: Workspace, journey: Journey, teams: dict[str, str]) -> None:
    slide = _new_slide(deck, journey.title)
    kind = "Employee journey map" if journey.audience == "employee" else "Customer journey map"
    intro = [(kind, 14, True, ACCENT)]
    if journey.description:
        intro.append((journey.description, 14, False, INK))
    meta = []
    if journey.owner:
        meta.append(f"Map owner: {teams.get(journey.owner, journey.owner)}")
    if journey.refreshed:
        meta.append(f"Last refreshed: {journey.refreshed.isoformat()}")
    steps = sum(len(stage.steps) for stage in journey.stages)
    meta.append(f"{len(journey.stages)} stages, {steps} steps")
    intro.append((" · ".join(meta), 12, False, MUTED))
    _text_box(slide, (0.5, 1.2, SLIDE_WIDTH_IN - 1, 1.6), intro)

    objectives: list[tuple[str, int, bool, tuple[int, int, int]]] = [("Objectives", 16, True, INK)]
    metric_names = {m.id: m.name for stage in journey.stages for m in stage.metrics}
    for objective in journey.objectives:
        line = f"• {objective.description}"
        extra = []
        if objective.metric:
            extra.append(f"metric: {metric_names.get(objective.metric, objective.metric)}")
        if objective.target:
            extra.append(f"target: {objective.target}")
        if extra:
            line += f" ({'; '.join(extra)})"
        objectives.append((line, 12, False, INK))
    if not journey.objectives:
        objectives.append(("No objectives named yet.", 12, False, MUTED))
    _text_box(slide, (0.5, 2.9, 6.6, 4.3), objectives)

    personas: list[tuple[str, int, bool, tuple[int, int, int]]] = [
        ("Persona" if len(journey.personas) == 1 else "Personas", 16, True, INK)
    ]
    for persona_id in journey.personas:
        found = workspace.get("persona", persona_id)
        persona = found.model if found and isinstance(found.model, Persona) else None
        if persona is None:
            personas.append((persona_id, 13, True, INK))
            continue
        personas.append((persona.name, 13, True, INK))
        if persona.role:
            personas.append((persona.role, 11, False, MUTED))
        if persona.quote:
            personas.append((f"“{persona.quote}”", 12, False, ACCENT))
    if not journey.personas:
        personas.append(("No persona named yet.", 12, False, MUTED))
    _text_box(slide, (7.4, 2.9, 5.4, 4.3), personas)


MARKERS = {"round": "CIRCLE", "square": "SQUARE", "cross": "X", "hexagon": "TRIANGLE"}
"""PowerPoint's marker for each persona's shape on the handout (it has no hexagon)."""


def emotion_words(step: Step, styles: Sequence[PersonaStyle]) -> str:
    """A step's emotion in words: one value, or each persona's (``Sam: −1 negative; …``)."""
    if not styles:
        return emotion_text(step.lowest_emotion())
    return "; ".join(f"{style.name}: {emotion_text(style.emotion(step))}" for style in styles)


def _curve_slide(
    deck: Any, journey: Journey, steps: list[FlowStep], styles: list[PersonaStyle]
) -> None:
    """The emotion curve as a line chart: one series, or one per persona (named, in
    the persona's colour and marker, with a legend)."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Inches, Pt

    slide = _new_slide(deck, "Emotion curve")
    data = CategoryChartData(number_format="+0;\u22120;0")
    by_stage: dict[int, list[FlowStep]] = {}
    for item in steps:
        by_stage.setdefault(item.stage_index, []).append(item)
    ordered: list[FlowStep] = []
    for index, stage in enumerate(journey.stages):
        members = by_stage.get(index, [])
        if not members:
            continue
        category = data.add_category(clean(stage.name))
        for item in members:
            category.add_sub_category(str(item.number))
            ordered.append(item)
    if styles:
        for style in styles:
            data.add_series(clean(style.name), [style.emotion(i.step) for i in ordered])
    else:
        data.add_series(
            "Emotion (−2 very negative … +2 very positive)",
            [i.step.lowest_emotion() for i in ordered],
        )
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.1), Inches(12.3), Inches(3.9), data
    )
    chart = frame.chart
    chart.has_legend = bool(styles)
    if styles:
        from pptx.enum.chart import XL_LEGEND_POSITION

        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    chart.font.size = Pt(11)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = -2, 2, 1
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(10)
    for index, persona_series in enumerate(chart.plots[0].series):
        style = styles[index] if styles else None
        colour = RGBColor(*(style.rgb if style else ACCENT))
        persona_series.smooth = False
        persona_series.format.line.color.rgb = colour
        persona_series.format.line.width = Pt(3)
        persona_series.marker.style = getattr(
            XL_MARKER_STYLE, MARKERS[style.shape] if style else "CIRCLE"
        )
        persona_series.marker.size = 9
        persona_series.marker.format.fill.solid()
        persona_series.marker.format.fill.fore_color.rgb = colour
        if index:  # moments of truth and alternative paths are marked on the first series
            for position, item in enumerate(ordered):
                if not item.on_happy_path:
                    point = persona_series.points[position]
                    point.marker.format.fill.solid()
                    point.marker.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    series = chart.plots[0].series[0]
    for position, item in enumerate(ordered):
        if not (item.step.moment_of_truth or not item.on_happy_path):
            continue
        point = series.points[position]
        if item.step.moment_of_truth:
            if not styles:  # a persona keeps its marker and colour: the label says it
                point.marker.style = XL_MARKER_STYLE.DIAMOND
                point.marker.size = 14
                point.marker.format.fill.solid()
                point.marker.format.fill.fore_color.rgb = RGBColor(*MOT)
            label = point.data_label
            label.has_text_frame = True
            label.text_frame.text = "★ moment of truth"
            label.position = XL_LABEL_POSITION.ABOVE
            label.font.size = Pt(10)
            label.font.bold = True
        else:
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if len(ordered) <= KEY_MAX_STEPS:
        key = " · ".join(
            f"{item.number}. {item.step.name} ({emotion_words(item.step, styles)})"
            + (" ★" if item.step.moment_of_truth else "")
            + ("" if item.on_happy_path else " (alternative path)")
            for item in ordered
        )
    else:
        key = "Step numbers are those of the handout and the stage slides."
    size = 10 if len(ordered) <= 12 else 8
    _text_box(
        slide,
        (0.5, 5.05, 12.3, 2.35),
        [
            (key, size, False, MUTED),
            (
                "★ diamond: moment of truth · hollow dot: alternative path, not every customer "
                "takes it · −2 very negative … +2 very positive",
                size,
                True,
                MUTED,
            ),
        ],
    )


def _stage_slide(
    deck: Any,
    number: int,
    stage: Stage,
    steps: list[FlowStep],
    teams: dict[str, str],
    styles: Sequence[PersonaStyle] = (),
) -> None:
    from pptx.util import Inches

    slide = _new_slide(deck, f"{number}. {stage.name}")
    about = []
    if stage.phase:
        about.append(f"Phase: {stage.phase}")
    if stage.owner:
        about.append(f"Owner: {teams.get(stage.owner, stage.owner)}")
    about.append(f"{len(steps)} step{'s' if len(steps) != 1 else ''}")
    moments = [item for item in steps if item.step.moment_of_truth]
    if moments:
        about.append("Moments of truth: " + ", ".join(str(item.number) for item in moments))
    lines = [(" · ".join(about), 12, False, MUTED)]
    if stage.description:
        lines.append((stage.description, 12, False, INK))
    _text_box(slide, (0.5, 1.1, SLIDE_WIDTH_IN - 1, 0.7), lines)

    size = 11 if len(steps) <= 5 else 9 if len(steps) <= 9 else 7
    headers = ["#", "Step and touchpoint", "Owner", "Emotion", "Pain points", "Moment of truth"]
    widths = [0.5, 3.7, 1.6, 1.5, 3.8, 1.2]
    count = max(len(steps), 1) + 1
    table = slide.shapes.add_table(
        count, len(headers), Inches(0.5), Inches(1.9), Inches(sum(widths)), Inches(0.4 * count)
    ).table
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    rows = [list(row.cells) for row in table.rows]  # table.cell(r, c) searches from the top
    for column, header in enumerate(headers):
        _cell(rows[0][column], header, size, bold=True)
    for cells, item in zip(rows[1:], steps, strict=False):
        step = item.step
        where = [step.name]
        detail = ", ".join(part for part in (step.touchpoint, step.channel) if part)
        if detail:
            where.append(detail)
        if not item.on_happy_path:
            where.append("alternative path")
        values = [
            str(item.number),
            "\n".join(where),
            teams.get(step.owner, step.owner) if step.owner else "",
            emotion_words(step, styles),
            "\n".join(f"• {pain}" for pain in step.pain_points),
            "★ yes" if step.moment_of_truth else "",
        ]
        for column, value in enumerate(values):
            _cell(cells[column], value, size, bold=column == 5 and bool(value))
    if not steps:
        _cell(rows[1][1], "No steps yet.", size)
    if stage.pain_points:
        _text_box(
            slide,
            (0.5, 6.5, SLIDE_WIDTH_IN - 1, 0.9),
            [("Stage-wide pain points: " + "; ".join(stage.pain_points), 11, False, INK)],
        )
    _notes(slide, stage)


def _cell(cell: Any, text: str, size: int, *, bold: bool = False) -> None:
    from pptx.util import Pt

    frame = cell.text_frame
    frame.word_wrap = True
    lines = clean(text).split("\n")
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold


def _notes(slide: Any, stage: Stage) -> None:
    """Speaker notes: the stage's customer quotes (who, where, how strong, when), then its
    insights (source and strength), as the handout shows them."""
    lines = []
    if stage.quotes:
        lines.append("Customer quotes:")
        for quote in stage.quotes:
            origin = ", ".join(
                part for part in (quote.who, quote.source, evidence_strength(quote)) if part
            )
            lines.append(f"“{quote.text}” ({origin})")
    if stage.insights:
        lines.append("Insights:")
        for insight in stage.insights:
            origin = ", ".join(
                part
                for part in (
                    f"source: {insight.source}" if insight.source else None,
                    evidence_strength(insight),
                )
                if part
            )
            lines.append(f"{insight.text} ({origin})" if origin else insight.text)
    if lines:
        slide.notes_slide.notes_text_frame.text = clean("\n".join(lines))
