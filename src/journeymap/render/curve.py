"""Geometry of the emotion curve, kept apart from the SVG markup so it can be reused.

The handout draws one curve; ``journeymap diff --format html`` overlays two
(before and after a refresh). Both build a :class:`Chart` with
:func:`build_chart` and render it with the macros of
``templates/_emotion_curve.html.j2``::

    chart = build_chart(
        [Curve("2025", points_2025, css_class="curve-before"),
         Curve("2026", points_2026, css_class="curve-after")],
        sections=[Section("Need something", 0, 3), ...],
        title="Emotion before and after the refresh",
    )
    {% from "_emotion_curve.html.j2" import emotion_curve %}
    {{ emotion_curve(chart) }}

Curves share one x axis of *slots*: point ``i`` of every curve sits in slot
``i``, so to compare two maps, align their steps into slots and use a point
with ``emotion=None`` where a curve has no step (the line breaks there).

Every x is a **percentage of the plot's width** and every y a percentage of its
height, so the browser stretches the chart to any box without distorting dots
or text: the handout puts the plot in the grid row that spans the stage
columns, and with ``equal_sections=True`` each section gets the same width, so
each point sits over its own stage column. The plot's height is set in CSS and
does not depend on the number of steps. Lines are drawn in a stretched
``0 0 1000 100`` view box with non-scaling strokes.

Coordinates are computed here, in one pass, because templates are a poor place
for arithmetic and a 1,000-step map must still render in well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

EMOTION_WORDS: dict[int, str] = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}

# Shapes by emotion, so the curve reads without colour: down for negative, up for
# positive, a circle for neutral (the y position and the tick labels say how much).
SHAPES: dict[int, str] = {-2: "down", -1: "down", 0: "round", 1: "up", 2: "up"}

PLOT_TOP = 14.0
"""y (percent) of +2; −2 sits at ``100 - PLOT_TOP``."""
NUDGE_SLOT = 4.0
"""Widest slot (percent of the plot) that ``Curve.nudge`` is a fraction of: side by side
means a marker's width apart, not so far apart that they look like two steps."""
CALLOUT_WORDS = 9
CALLOUT_CHARS = 64


def emotion_text(emotion: int | dict[str, int] | None) -> str:
    """``-1 negative``, with a real minus sign; ``no emotion recorded`` for None.

    Per persona: ``social-media-manager −1 negative, marketing-director +1 positive``."""
    if isinstance(emotion, dict):
        return ", ".join(f"{persona} {emotion_text(value)}" for persona, value in emotion.items())
    if emotion is None:
        return "no emotion recorded"
    sign = "+" if emotion > 0 else ("\N{MINUS SIGN}" if emotion < 0 else "")
    return f"{sign}{abs(emotion)} {EMOTION_WORDS[emotion]}"


def short_callout(text: str) -> str:
    """The first words of a pain point, for the callout under a low point.

    The full text is in the grid's pain-point lane; the callout only has to say
    what hurts, so it stops at a word boundary after ~9 words or 64 characters.
    """
    words = text.split()
    short: list[str] = []
    for word in words:
        if len(short) == CALLOUT_WORDS or len(" ".join([*short, word])) > CALLOUT_CHARS:
            break
        short.append(word)
    if not short:
        return text[: CALLOUT_CHARS - 1] + "…"
    clipped = " ".join(short)
    return clipped if len(short) == len(words) else clipped.rstrip(",;:.") + "…"


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One step on a curve. ``marker`` is the short text drawn at the point (the step number)."""

    label: str
    emotion: int | None
    marker: str = ""
    moment_of_truth: bool = False
    alternative: bool = False
    """Not on the main line (reached only through a branch): drawn hollow, off the line."""
    callout: str | None = None
    """A short pain point shown under the chart; the handout sets it for emotions ≤ −1."""


@dataclass(frozen=True, slots=True)
class Branch:
    """A move between two slots that is not the main line: ``target`` before ``source`` is a loop."""

    source: int
    target: int


@dataclass(frozen=True, slots=True)
class Curve:
    """A named series of points, one per slot. ``css_class`` styles the line and the dots.

    The main line joins the points that are not ``alternative``; ``branches`` (slot
    pairs) are drawn dashed, so an alternative path leaves the line instead of
    lying on it.
    """

    name: str
    points: Sequence[CurvePoint]
    css_class: str = "curve-main"
    branches: Sequence[Branch] = ()
    shape: str | None = None
    """One marker shape for every point (``round``, ``square``, ``cross``, ``hexagon``):
    a persona's curve, told apart from the others by shape as well as colour. None:
    the shape follows the emotion (down, round, up)."""
    nudge: float = 0.0
    """Shift along x, as a fraction of a slot's width (−0.5 … 0.5), so that curves with
    equal values at a step lie side by side instead of hiding each other."""
    legend: bool = False
    """Name the curve in the chart's legend (personas, current and future state)."""


@dataclass(frozen=True, slots=True)
class Section:
    """A band of slots ``[start, end)`` under a label: a journey stage. ``key`` is its id."""

    label: str
    start: int
    end: int
    key: str = ""


@dataclass(frozen=True, slots=True)
class PlacedPoint:
    x: float
    y: float
    point: CurvePoint
    shape: str
    section: str
    """The ``key`` of the section the point sits in."""


@dataclass(frozen=True, slots=True)
class PlacedBranch:
    path: str
    """SVG path data in the 1000 x 100 view box of the lines."""
    loop: bool
    target_marker: str


@dataclass(frozen=True, slots=True)
class PlacedCurve:
    name: str
    css_class: str
    path: str
    """SVG path data of the main line (1000 x 100 view box); ``M`` starts a new segment."""
    points: list[PlacedPoint]
    branches: list[PlacedBranch] = field(default_factory=list)
    shape: str | None = None
    """The curve's own marker shape (a persona's), for the legend; None: by emotion."""
    legend: bool = False


@dataclass(frozen=True, slots=True)
class Callout:
    marker: str
    text: str
    emotion: int


@dataclass(frozen=True, slots=True)
class PlacedSection:
    x: float
    width: float
    label: str
    key: str
    shaded: bool
    weight: int
    """Its share of the width: 1 with ``equal_sections``, else its number of slots."""
    callouts: list[Callout] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str
    zero: bool
    emotion: int


@dataclass(slots=True)
class Chart:
    """Everything the ``emotion_curve`` macros draw, in percentages of the plot."""

    title: str
    description: str
    id_prefix: str
    curves: list[PlacedCurve] = field(default_factory=list)
    sections: list[PlacedSection] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def legend(self) -> list[PlacedCurve]:
        """The curves a legend names (personas; current and future state)."""
        return [curve for curve in self.curves if curve.legend]

    @property
    def has_callouts(self) -> bool:
        return any(section.callouts for section in self.sections)

    @property
    def columns(self) -> str:
        """CSS ``grid-template-columns`` of the section labels (after the axis column)."""
        return " ".join(f"minmax(0, {section.weight}fr)" for section in self.sections)


def emotion_y(emotion: int) -> float:
    """Percent from the top of the plot: +2 near the top, −2 near the bottom."""
    return PLOT_TOP + (2 - emotion) * (100 - 2 * PLOT_TOP) / 4


def _slot_positions(
    slots: int, sections: Sequence[Section], equal_sections: bool
) -> tuple[list[float], list[tuple[float, float]], list[str], list[float]]:
    """x (percent) of every slot's centre, each section's (x, width), each slot's
    section key and each slot's width (percent)."""
    bounds = list(sections) or [Section("", 0, slots)]
    covered = max((section.end for section in bounds), default=0)
    if covered < slots:
        bounds.append(Section("", covered, slots))
    weights = [1 if equal_sections else max(s.end - s.start, 1) for s in bounds]
    total = sum(weights)
    centres = [0.0] * slots
    widths = [0.0] * slots
    owners = [""] * slots
    boxes = []
    left = 0.0
    for section, weight in zip(bounds, weights, strict=True):
        width = 100 * weight / total
        boxes.append((left, width))
        count = section.end - section.start
        for offset in range(count):
            slot = section.start + offset
            if slot < slots:
                centres[slot] = left + width * (offset + 0.5) / count
                widths[slot] = width / count
                owners[slot] = section.key
        left += width
    return centres, boxes[: len(sections)], owners, widths


def build_chart(
    curves: Sequence[Curve],
    sections: Sequence[Section] = (),
    *,
    title: str = "Emotion curve",
    description: str = "",
    id_prefix: str = "emotion-curve",
    equal_sections: bool = False,
) -> Chart:
    """Lay out ``curves`` over shared slots with ``sections`` as background bands.

    ``equal_sections`` gives every section the same width (the handout's stage
    columns); otherwise each slot gets the same width. ``id_prefix`` keeps element
    ids unique when a page holds several charts.
    """
    slots = max((len(curve.points) for curve in curves), default=0)
    slots = max(slots, max((section.end for section in sections), default=0), 1)
    centres, boxes, owners, widths = _slot_positions(slots, sections, equal_sections)
    chart = Chart(title=title, description=description, id_prefix=id_prefix)
    chart.ticks = [
        Tick(emotion_y(value), emotion_text(value), value == 0, value)
        for value in sorted(EMOTION_WORDS, reverse=True)
    ]
    callouts: dict[int, list[Callout]] = {}
    slot_section = [0] * slots
    for index, section in enumerate(sections):
        for slot in range(section.start, min(section.end, slots)):
            slot_section[slot] = index
    for curve in curves:
        placed: list[PlacedPoint] = []
        commands: list[str] = []
        pen_down = False
        xs = [
            centre + curve.nudge * min(width, NUDGE_SLOT)
            for centre, width in zip(centres, widths, strict=True)
        ]
        for slot, point in enumerate(curve.points):
            if point.emotion is None:
                if not point.alternative:
                    pen_down = False
                continue
            x, y = xs[slot], emotion_y(point.emotion)
            if not point.alternative:
                commands.append(f"{'L' if pen_down else 'M'}{x * 10:.1f} {y:.2f}")
                pen_down = True
            shape = curve.shape or SHAPES[point.emotion]
            placed.append(PlacedPoint(x, y, point, shape, owners[slot]))
            if point.callout is not None and sections:
                callouts.setdefault(slot_section[slot], []).append(
                    Callout(point.marker, point.callout, point.emotion)
                )
        branches = []
        for branch in curve.branches:
            if not (0 <= branch.source < slots and 0 <= branch.target < slots):
                continue
            start, end = curve.points[branch.source], curve.points[branch.target]
            if start.emotion is None or end.emotion is None:
                continue
            x1, y1 = xs[branch.source] * 10, emotion_y(start.emotion)
            x2, y2 = xs[branch.target] * 10, emotion_y(end.emotion)
            loop = branch.target <= branch.source
            if loop:  # an arc under the plot's floor, back to the earlier step
                path = f"M{x1:.1f} {y1:.2f} C{x1:.1f} 104 {x2:.1f} 104 {x2:.1f} {y2:.2f}"
            else:
                path = f"M{x1:.1f} {y1:.2f} L{x2:.1f} {y2:.2f}"
            branches.append(PlacedBranch(path, loop, end.marker))
        chart.curves.append(
            PlacedCurve(
                curve.name,
                curve.css_class,
                " ".join(commands),
                placed,
                branches,
                curve.shape,
                curve.legend,
            )
        )
    for index, (section, (left, width)) in enumerate(zip(sections, boxes, strict=False)):
        chart.sections.append(
            PlacedSection(
                x=left,
                width=width,
                label=section.label,
                key=section.key,
                shaded=index % 2 == 0,
                weight=1 if equal_sections else max(section.end - section.start, 1),
                callouts=callouts.get(index, []),
            )
        )
    return chart
