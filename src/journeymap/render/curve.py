"""Geometry of the emotion curve, kept apart from the SVG markup so it can be reused.

The handout draws one curve; ``journeymap diff --format html`` overlays two
(before and after a refresh). Both build a :class:`Chart` with
:func:`build_chart` and render it with the ``emotion_curve`` macro of
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

SLOT_WIDTH = 56
LEFT = 118
RIGHT = 24
TOP = 44
PLOT_HEIGHT = 200
BOTTOM = 34


def emotion_text(emotion: int | None) -> str:
    """``-1 negative``, with a real minus sign; ``no emotion recorded`` for None."""
    if emotion is None:
        return "no emotion recorded"
    sign = "+" if emotion > 0 else ("\N{MINUS SIGN}" if emotion < 0 else "")
    return f"{sign}{abs(emotion)} {EMOTION_WORDS[emotion]}"


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One step on a curve. ``marker`` is the short text drawn at the point (the step number)."""

    label: str
    emotion: int | None
    marker: str = ""
    moment_of_truth: bool = False
    alternative: bool = False
    """Not on the happy path: drawn hollow."""


@dataclass(frozen=True, slots=True)
class Curve:
    """A named series of points, one per slot. ``css_class`` styles the line and the dots."""

    name: str
    points: Sequence[CurvePoint]
    css_class: str = "curve-main"


@dataclass(frozen=True, slots=True)
class Section:
    """A band of slots ``[start, end)`` under a label: a journey stage."""

    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlacedPoint:
    x: float
    y: float
    point: CurvePoint


@dataclass(frozen=True, slots=True)
class PlacedCurve:
    name: str
    css_class: str
    path: str
    """SVG path data; ``M`` starts a new segment after a missing emotion."""
    points: list[PlacedPoint]


@dataclass(frozen=True, slots=True)
class PlacedSection:
    x: float
    width: float
    label: str
    short_label: str
    shaded: bool


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str
    zero: bool


@dataclass(slots=True)
class Chart:
    """Everything the ``emotion_curve`` macro draws, in SVG user units."""

    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    title: str
    description: str
    id_prefix: str
    curves: list[PlacedCurve] = field(default_factory=list)
    sections: list[PlacedSection] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def _y(emotion: int) -> float:
    return TOP + (2 - emotion) * PLOT_HEIGHT / 4


def build_chart(
    curves: Sequence[Curve],
    sections: Sequence[Section] = (),
    *,
    title: str = "Emotion curve",
    description: str = "",
    id_prefix: str = "emotion-curve",
) -> Chart:
    """Lay out ``curves`` over shared slots with ``sections`` as background bands.

    ``id_prefix`` keeps element ids unique when a page holds several charts.
    """
    slots = max((len(curve.points) for curve in curves), default=0)
    slots = max(slots, max((section.end for section in sections), default=0), 1)
    width = LEFT + slots * SLOT_WIDTH + RIGHT
    chart = Chart(
        width=width,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        plot_left=LEFT,
        plot_right=width - RIGHT,
        plot_top=TOP,
        plot_bottom=TOP + PLOT_HEIGHT,
        title=title,
        description=description,
        id_prefix=id_prefix,
    )
    chart.ticks = [
        Tick(_y(value), emotion_text(value), value == 0) for value in sorted(EMOTION_WORDS)[::-1]
    ]
    for index, section in enumerate(sections):
        band = (section.end - section.start) * SLOT_WIDTH
        room = max(int((band - 10) / 7.8), 4)
        short = section.label if len(section.label) <= room else section.label[: room - 1] + "…"
        chart.sections.append(
            PlacedSection(
                LEFT + section.start * SLOT_WIDTH, band, section.label, short, index % 2 == 0
            )
        )
    for curve in curves:
        placed: list[PlacedPoint] = []
        commands: list[str] = []
        pen_down = False
        for slot, point in enumerate(curve.points):
            if point.emotion is None:
                pen_down = False
                continue
            x = LEFT + (slot + 0.5) * SLOT_WIDTH
            y = _y(point.emotion)
            commands.append(f"{'L' if pen_down else 'M'}{x:g} {y:g}")
            pen_down = True
            placed.append(PlacedPoint(x, y, point))
        chart.curves.append(PlacedCurve(curve.name, curve.css_class, " ".join(commands), placed))
    return chart
