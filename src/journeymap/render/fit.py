"""Sizes that make the handout fit: the screen grid's break points and the print text size.

Plain CSS cannot shrink a page until it fits one sheet, and the handout has no
JavaScript, so the sizes are chosen here, before the page is written, from an
estimate of how tall the content is at a given text size. The estimate mirrors
the stylesheet (``static/handout.css``: every size there is in rem) with a plain
word-wrap model: words of average width, wrapped greedily at the column width.
It errs on the tall side (wide glyphs, a safety margin), because a poster that
spills onto a second sheet is worse than one with a strip of white at the foot.

* The **poster** gets the largest root font size at which the whole map fits its
  sheet.
* The **pack** prints at 9 pt, its stage pages at 10 pt; its summary page is
  zoomed out (never below 80 %) when the summary would not fit one page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from journeymap.render.paper import Paper
from journeymap.render.views import evidence_strength, metric_values

if TYPE_CHECKING:
    from journeymap.model.journey import Journey
    from journeymap.model.messaging import Messaging
    from journeymap.render.curve import Chart
    from journeymap.render.flow import FlowStep
    from journeymap.render.perspective import PersonaStyle
    from journeymap.render.relations import FutureView, StepLink
    from journeymap.render.views import PersonaCard, StageView

SCREEN_FONT_PX = 15.0
LANE_COL_REM = 8.5
STAGE_MIN_REM = 10.5
PAGE_PAD_REM = 1.5
SCROLLBAR_PX = 17
PACK_FONT_PT = 9.0
POSTER_CURVE_REM = 14.0
STEP_MIN_REM = 16.0
PACK_CURVE_REM = 6.5
PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72

CHAR_EM = 0.56
"""Average advance of a character of running text, in em (DejaVu Sans is ~0.55, Arial ~0.5)."""
BOLD_EM = 0.62
LINE = 1.45
POSTER_FILL = 0.8
"""The share of the sheet's height the poster's estimate may use."""
SUMMARY_FILL = 0.93
MIN_SUMMARY_ZOOM = 0.75


@dataclass(frozen=True, slots=True)
class ScreenSize:
    cue_hidden_from: int
    """Window width (px) from which the whole grid fits, so the scroll cue is hidden."""


@dataclass(frozen=True, slots=True)
class PrintSize:
    font_pt: float
    """1rem in print."""
    mark_scale: float
    """How much the curve's marks grow with the text (1 at the screen's 15 px)."""
    summary_zoom: float = 1.0
    """The pack's summary page is zoomed by this to fit one page."""
    persona_needs: bool = True
    """Whether the pack's summary page prints the personas' needs (left out when the page
    would not fit one sheet even at the smallest zoom: they stay on screen and poster)."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the handout prints, as the estimate needs it."""

    journey: Journey
    stages: Sequence[StageView]
    personas: Sequence[PersonaCard]
    messaging: Sequence[Messaging]
    moments: Sequence[FlowStep]
    chart: Chart
    teams: dict[str, str]
    actions: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    """The backlog's opportunities per stage id (``render.backlog.ActionView``)."""
    measures: Mapping[str, Any] = field(default_factory=dict)
    """Metric id to its latest value against target (``render.backlog.MetricView``)."""
    styles: Sequence[PersonaStyle] = ()
    """The personas with curves of their own (each step shows one emotion line per persona)."""
    future: FutureView | None = None
    links: Mapping[str, Sequence[StepLink]] = field(default_factory=dict)
    """Step id to its references to employee steps and sub-journeys."""
    persona_needs: bool = True
    """Whether the persona cards of the pack's summary page count their needs."""

    @property
    def blueprint(self) -> bool:
        return any(step.blueprint for _, _, _, step in self.journey.iter_steps())

    def emotion_lines(self, step_name_width: float, size: float) -> float:
        """Height (rem) of one step's emotion: a line, or a line per persona."""
        if not self.styles:
            return size * LINE
        return sum(
            block(f"● {style.name}: ▲ +2 very positive", step_name_width, size)
            for style in self.styles
        )


def screen_size(stages: int) -> ScreenSize:
    """The grid needs the lane column plus ``STAGE_MIN_REM`` per stage (and the page's padding)."""
    rem = LANE_COL_REM + max(stages, 1) * STAGE_MIN_REM + 2 * PAGE_PAD_REM
    return ScreenSize(math.ceil(rem * SCREEN_FONT_PX) + SCROLLBAR_PX)


def print_size(layout: str, paper: Paper, content: Content) -> PrintSize:
    """The root font size (and the pack summary's zoom) for ``layout`` on ``paper``."""
    width_mm, height_mm = paper.content_mm
    width_px, height_px = width_mm * PX_PER_MM, height_mm * PX_PER_MM
    if layout == "pack":
        font_px = PACK_FONT_PT * PX_PER_PT
        zoom = summary_zoom(content, width_px, height_px * SUMMARY_FILL, font_px)
        if zoom is not None:
            return PrintSize(PACK_FONT_PT, font_px / SCREEN_FONT_PX, zoom)
        lean = replace(content, persona_needs=False)
        zoom = summary_zoom(lean, width_px, height_px * SUMMARY_FILL, font_px)
        return PrintSize(
            PACK_FONT_PT, font_px / SCREEN_FONT_PX, zoom or MIN_SUMMARY_ZOOM, persona_needs=False
        )
    low, high = 2.0, 60.0  # px; the height shrinks as the text does, so bisect
    for _ in range(12):  # to within 0.03 px
        font_px = (low + high) / 2
        if poster_height(content, width_px / font_px) * font_px <= height_px * POSTER_FILL:
            low = font_px
        else:
            high = font_px
    return PrintSize(round(low / PX_PER_PT, 2), low / SCREEN_FONT_PX)


def summary_zoom(
    content: Content, width_px: float, height_px: float, font_px: float
) -> float | None:
    """The largest zoom, down to ``MIN_SUMMARY_ZOOM``, at which the pack's summary fits
    ``height_px``; None when it does not fit even then."""
    zoom = 1.0
    while zoom >= MIN_SUMMARY_ZOOM:  # zoomed out, the text also wraps less
        size = font_px * zoom
        if summary_height(content, width_px / size) * size <= height_px:
            return zoom
        zoom = round(zoom - 0.01, 2)
    return None


# -- the text model ---------------------------------------------------------------------


def lines(text: str, width_em: float, char_em: float = CHAR_EM) -> int:
    """How many lines ``text`` wraps to in a column ``width_em`` wide (greedy, by words)."""
    per_line = max(int(width_em / char_em), 4)
    count, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size <= per_line:
            used += 1 + size
            continue
        if used:
            count += 1
        count += (size - 1) // per_line
        used = size % per_line or per_line
    return count


def block(text: str | None, width: float, size: float = 1.0, *, bold: bool = False) -> float:
    """Height (rem) of a paragraph of ``size`` rem text in ``width`` rem, without margins."""
    if not text:
        return 0.0
    return lines(text, width / size, BOLD_EM if bold else CHAR_EM) * size * LINE


def bullets(items: Iterable[str], width: float, size: float = 1.0, gap: float = 0.3) -> float:
    """A ``ul.plain`` (1.1rem indent, ``gap`` rem under each item); an em dash when empty."""
    found = [block(item, width - 1.1, size) + gap for item in items]
    return sum(found) if found else size * LINE


# -- the pieces both layouts print --------------------------------------------------------


def header_height(content: Content, width: float, *, title_rem: float = 2.0) -> float:
    journey = content.journey
    meta = " ".join(
        filter(
            None,
            [
                f"Map owner: {journey.owner}" if journey.owner else "",
                "Last refreshed: 2026-01-01" if journey.refreshed else "",
                f"Feedback loop: {journey.feedback_loop.cadence} by email (x)"
                if journey.feedback_loop
                else "",
                "Stages: 7 Steps: 21",
            ],
        )
    )
    notes = (2.0 if content.future is not None else 0.0) + (1.6 if content.styles else 0.0)
    return (
        0.8 * LINE
        + lines(journey.title, width / title_rem, BOLD_EM) * title_rem * 1.2
        + 0.8
        + notes
        + block(journey.description, width, 1.05)
        + 0.6
        + block(meta, width * 0.9)
        + 1.2
    )


def heading_height(size: float = 1.35, margins: float = 1.2) -> float:
    """An h2: its line, its rule and padding, and the margins around it."""
    return size * LINE + 0.25 + 0.2 + margins


def objectives_height(content: Content, width: float, min_card: float, gap: float) -> float:
    objectives = content.journey.objectives
    if not objectives:
        return 0.0
    columns = max(1, int((width + gap) // (min_card + gap)))  # auto-fill keeps empty tracks
    if min_card < 15:  # the pack's auto-fit
        columns = min(columns, len(objectives))
    card = (width - (columns - 1) * gap) / columns - 1.6
    heights = [
        block(o.description, card, bold=True)
        + (block(f"Metric: {o.metric}", card, 0.85) if o.metric else 0.0)
        + (block(f"Target: {o.target}", card, 0.85) if o.target else 0.0)
        + 1.8
        for o in objectives
    ]
    rows = [max(heights[i : i + columns]) for i in range(0, len(heights), columns)]
    return sum(rows) + gap * (len(rows) - 1)


def persona_height(
    card: PersonaCard, widths: Sequence[float], *, full: bool, needs: bool = True
) -> float:
    """One persona card: its columns side by side (who, goals and needs, frustrations[, more])."""
    persona = card.persona
    if persona is None:
        return 4.0
    who = (
        block(persona.name, widths[0], 1.1, bold=True)
        + block(persona.role, widths[0], bold=True)
        + (block(persona.summary, widths[0]) if full else 0.0)
        + (block(persona.quote, widths[0] - 1.4) + 1.6 if persona.quote else 0.0)
    )
    columns = [who]
    wants = [items for items in (persona.goals, persona.needs if needs else []) if items]
    if wants:
        columns.append(sum(1.6 + bullets(items, widths[1]) for items in wants))
    if persona.frustrations:
        columns.append(1.6 + bullets(persona.frustrations, widths[2 % len(widths)]))
    if full:
        words = len(card.segments) + len(persona.preferred_channels)
        vocabulary = card.vocabulary
        extra = 0.0
        if vocabulary is not None:
            extra = 2.0 + block(", ".join([*vocabulary.use, *vocabulary.avoid]), widths[-1], 0.9)
        columns.append(4.0 + 1.6 * math.ceil(words / 2) + extra)
    return max(columns) + 2.0


def core_height(content: Content, width: float) -> float:
    return sum(block(doc.core_message, width - 1.8) + 1.1 * LINE + 2.0 for doc in content.messaging)


# -- the poster: the screen page, printed at one root size ----------------------------------


def poster_height(content: Content, width: float) -> float:
    """Height (rem) of the whole page printed ``width`` rem wide, as the poster CSS lays it out."""
    total = header_height(content, width)
    if content.journey.objectives:
        total += heading_height(margins=1.2) + objectives_height(content, width, 19.0, 0.8)
    if content.personas:
        columns = [width * share / 4.5 - 1.0 for share in (1.4, 1.0, 1.0, 1.1)]
        total += heading_height(margins=1.2)
        total += sum(persona_height(card, columns, full=True) + 0.8 for card in content.personas)
    total += core_height(content, width) + 0.8
    total += heading_height(margins=1.2) + block("Emotion is shown by height…" * 6, width, 0.85)
    total += legend_height(content, width)
    total += grid_height(content, width) + 3.0
    total += changes_height(content, width)
    return total * 1.04  # borders, rounding and line boxes the model leaves out


def legend_height(content: Content, width: float) -> float:
    """The legend naming the curves (personas, current and future state), if any."""
    names = [curve.name for curve in content.chart.legend]
    if not names:
        return 0.0
    return block("  —●—  ".join(names), width, 0.9, bold=True) + 0.9


def changes_height(content: Content, width: float) -> float:
    """A future state's "What changes": its heading, a line, and the groups in columns."""
    future = content.future
    if future is None:
        return 0.0
    total = heading_height(margins=1.2) + block("From the current state … " * 5, width, 0.85)
    columns = max(1, int((width + 1.5) // (22 + 1.5)))
    column = (width - (columns - 1) * 1.5) / columns
    heights = [
        1.1 * LINE + 0.6 + sum(block(c.message, column - 1.1) + 0.3 for c in group.changes)
        for group in future.groups
    ] or [2.0]
    rows = [max(heights[i : i + columns]) for i in range(0, len(heights), columns)]
    return total + sum(rows) + 0.8 * (len(rows) - 1)


def grid_height(content: Content, width: float) -> float:
    """The stage x lane table: every row is as tall as its tallest cell (text at 0.9rem)."""
    return sum(grid_rows(content, width))


def grid_rows(content: Content, width: float) -> list[float]:
    """Height (rem) of each row of the grid, the header row first."""
    stages = content.stages
    column = (width - LANE_COL_REM) / max(len(stages), 1)
    inner = column - 1.0
    head = max((block(v.stage.name + " 00", inner, bold=True) for v in stages), default=1.5)
    rows = [head * 1.25 / LINE + 1.0, POSTER_CURVE_REM + 2.2]
    if content.chart.has_callouts:
        rows.append(
            max(
                sum(
                    block(c.text + " ▼ 00", inner - 0.7, 0.8) * 1.3 / LINE + 0.5 for c in s.callouts
                )
                for s in content.chart.sections
            )
            + 1.0
        )
    lanes = [
        lambda v: 0.9 * LINE,
        lambda v: block(content.teams.get(v.stage.owner or "", v.stage.owner or "-"), inner, 0.9),
        lambda v: bullets(v.stage.questions, inner, 0.9),
        lambda v: bullets(v.stage.needs, inner, 0.9),
        lambda v: bullets(v.stage.expectations, inner, 0.9),
        lambda v: steps_height(v.steps, inner, content),
        lambda v: len(v.steps) * (content.emotion_lines(inner - 1.5, 0.85) + 0.35) or 1.3,
        lambda v: bullets(
            [*(p for i in v.steps for p in i.step.pain_points), *v.stage.pain_points], inner, 0.9
        ),
        lambda v: bullets(
            [*(p for i in v.steps for p in i.step.opportunities), *v.stage.opportunities],
            inner,
            0.9,
        ),
        lambda v: (
            sum(
                block(f"“{q.text}”", inner, 0.9)
                + block(f"{q.who or ''} source: {q.source} · {evidence_strength(q)}", inner, 0.8)
                + 0.6
                for q in v.stage.quotes
            )
            or 1.3
        ),
        lambda v: (
            sum(
                block(i.text, inner - 1.1, 0.9)
                + block(
                    f"source: {i.source} · {evidence_strength(i)} · Owner: {i.owner or ''}",
                    inner - 1.1,
                    0.85,
                )
                + block(f"Action: {i.action}" if i.action else None, inner - 1.1, 0.85)
                + 0.6
                for i in v.stage.insights
            )
            or 1.3
        ),
        lambda v: (
            sum(
                block(
                    " ".join(
                        [m.name, *(f"{label} {value} ·" for label, value in metric_values(m))]
                    ),
                    inner - 1.1,
                    0.9,
                    bold=True,
                )
                + block(
                    f"Listening post: {m.listening_post}" if m.listening_post else None,
                    inner - 1.1,
                    0.85,
                )
                + block(f"Owner: {m.owner}" if m.owner else None, inner - 1.1, 0.85)
                + 0.3
                for m in v.stage.metrics
            )
            or 1.3
        ),
    ]
    if content.actions:
        lanes.append(
            lambda v: (
                sum(
                    block(a.opportunity.title, inner - 1.1, 0.9)
                    + block("Status · Owner: team name · Due: 2027-01-01", inner - 1.1, 0.85)
                    + block(
                        "For: " + ", ".join(t.step.name for t in a.steps if t.step is not None),
                        inner - 1.1,
                        0.85,
                    )
                    + 1.2
                    for a in content.actions.get(v.stage.id, [])
                )
                or 1.3
            )
        )
    if any(v.stage.description for v in stages):
        lanes.append(lambda v: block(v.stage.description, inner, 0.9) or 1.3)
    if any(v.stage.goals for v in stages):
        lanes.append(lambda v: bullets(v.stage.goals, inner, 0.9))
    if any(v.vocabulary for v in stages):
        lanes.append(
            lambda v: (
                block("Say: " + ", ".join(v.vocabulary.use), inner, 0.9 * 0.9)
                + block("Avoid: " + ", ".join(v.vocabulary.avoid), inner, 0.9 * 0.9)
                + 0.4
                if v.vocabulary
                else 1.3
            )
        )
    if content.blueprint:
        rows.append(0.8 * LINE + 1.2)  # the line of visibility

        def backstage(v: StageView) -> list[str]:
            return [
                *(text for i in v.steps for text in i.step.backstage),
                *(
                    f"00 {link.label}: {link.text}"
                    for i in v.steps
                    for link in content.links.get(i.step.id, ())
                    if link.label == "Employee journey"
                ),
            ]

        lanes.append(lambda v: bullets(backstage(v), inner, 0.9))
        lanes.append(lambda v: bullets([t for i in v.steps for t in i.step.support], inner, 0.9))
        lanes.append(lambda v: bullets([t for i in v.steps for t in i.step.systems], inner, 0.9))
    for lane in lanes:
        rows.append(max((lane(view) for view in stages), default=1.3) + 1.1)
    return rows


def steps_height(steps: Sequence[FlowStep], width: float, content: Content) -> float:
    """The step cards of one cell, side by side when the column has room (``ol.steps`` grid)."""
    across = max(1, int((width + 0.5) // (STEP_MIN_REM + 0.5)))
    card = (width - (across - 1) * 0.5) / across
    heights = [step_card_height(item, card, content) for item in steps]
    return sum(max(heights[i : i + across]) for i in range(0, len(heights), across))


def step_card_height(item: FlowStep, width: float, content: Content) -> float:
    """A step card in a grid cell ``width`` rem wide: padding, border and margin included.

    The name is at the grid's 0.9rem; the smaller lines are 0.85rem of the root.
    """
    step = item.step
    text = width - 1.5  # padding and the coloured left border
    height = block(f"00 {step.name}", text, 0.9, bold=True) + 0.3
    if step.moment_of_truth:
        height += 0.75 * LINE + 0.6
    if not item.on_happy_path:
        height += 0.75 * LINE + 0.6
    if step.description:
        height += block(step.description, text, 0.85) + 0.3
    owner = content.teams.get(step.owner or "", step.owner or "")
    for line in (
        f"Trigger: {step.trigger}" if step.trigger else None,
        f"Touchpoint: {step.touchpoint}" if step.touchpoint else None,
        f"Channel: {step.channel or ''}  Owner: {owner}",
    ):
        height += block(line, text, 0.85) + (0.3 if line else 0.0)
    height += content.emotion_lines(text - 1.0, 0.8) + 0.5  # the emotion chip
    for link in content.links.get(step.id, ()):
        if link.label == "Zooms into":
            height += block(f"{link.label}: {link.text}", text, 0.85) + 0.3
    if step.thoughts:
        height += 0.6 + sum(block(f"“{t}”", text - 1.0, 0.85) for t in step.thoughts)
    if step.feelings:
        height += block("Feels: " + "; ".join(step.feelings), text, 0.85) + 0.3
    if step.next:
        targets = " or ".join(f"00. {target} step name" for target in step.next)
        height += block(f"Then: {targets}", text, 0.85) + 0.3
    return height + 1.4 + (0.3 if step.moment_of_truth else 0.0)


# -- the pack's summary page ----------------------------------------------------------------


def summary_height(content: Content, width: float) -> float:
    """Height (rem) of the pack's first page at zoom 1 (see the .layout-pack rules).

    The page flows objectives, persona, core message and moments of truth through
    three columns; this coarser model (objectives in a row, the persona beside the
    core message and moments) was checked against Chromium on every example and
    lands within 7 % of the real height, which the zoom's 7 % margin absorbs.
    """
    total = header_height(content, width, title_rem=1.8) - 0.4
    if content.journey.objectives:
        total += heading_height(1.2, 0.8) + objectives_height(content, width, 12.0, 0.4)
    left = (width - 1.2) * 1.7 / 2.7
    right = width - 1.2 - left
    persona = 0.0
    if content.personas:
        columns = [(left - 2.4 - 1.4) * share / 3.3 for share in (1.3, 1.0, 1.0)]
        persona = heading_height(1.2, 0.8) + sum(
            persona_height(card, columns, full=False, needs=content.persona_needs) + 0.8
            for card in content.personas
        )
    side = core_height(content, right) + (2.2 if content.messaging else 0.0)
    if content.moments:
        feel = "; ".join(f"● {s.name} ▲ +2 very positive" for s in content.styles) or (
            "▲ +2 very positive"
        )
        side += heading_height(1.2, 0.8) + sum(
            block(f"00 {m.step.name} ({m.stage.name} · {feel})", right - 0.9, 1.05) + 0.5
            for m in content.moments
        )
    total += max(persona, side)
    callouts = [c for s in content.chart.sections for c in s.callouts]
    plot_width = width - LANE_COL_REM
    band = plot_width / max(len(content.chart.sections), 1) - 0.8
    label = max(
        (block(s.label, band, bold=True) * 1.25 / LINE for s in content.chart.sections),
        default=1.2,
    )
    total += heading_height(1.2, 0.8) + label + 0.4 + PACK_CURVE_REM + 0.6  # legend beside h2
    if callouts:
        column = (plot_width - 1.6) / 3 - 0.8
        per_column = math.ceil(len(callouts) / 3)
        tallest = max(block(f"▼ 00 {c.text}", column) * 1.3 / LINE + 0.5 for c in callouts)
        total += per_column * tallest
    return total
