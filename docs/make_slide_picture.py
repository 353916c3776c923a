"""Make docs/slide-*.png: pictures of slides of a deck made by ``journeymap render -f pptx``.

    journeymap render examples/brightpost/journeys/social-media-manager.yaml -f pptx -o sam.pptx
    python docs/make_slide_picture.py sam.pptx 2 docs/slide-curve.png

There is no PowerPoint (and no LibreOffice) on CI, so the slide is *drawn from the
.pptx file*: python-pptx reads every shape back (position, size, texts with
their size, weight and colour, table cells, the chart's categories and values)
and this script lays them out as HTML at the same positions, then Chromium takes
the picture (see make_screenshot.py). What it shows is what the file holds; the
look of PowerPoint's own chart style is approximated.
"""

from __future__ import annotations

import argparse
import html
import tempfile
from pathlib import Path

from make_screenshot import screenshot
from pptx import Presentation
from pptx.enum.chart import XL_MARKER_STYLE
from pptx.util import Emu

PX_PER_INCH = 96


def px(value: int | None) -> float:
    return Emu(value or 0).inches * PX_PER_INCH


def runs_html(frame) -> str:  # noqa: ANN001
    parts = []
    for paragraph in frame.paragraphs:
        spans = []
        for run in paragraph.runs:
            font = run.font
            style = []
            if font.size:
                style.append(f"font-size:{font.size.pt * PX_PER_INCH / 72:.1f}px")
            if font.bold:
                style.append("font-weight:700")
            try:
                if font.color and font.color.type is not None and font.color.rgb is not None:
                    style.append(f"color:#{font.color.rgb}")
            except AttributeError:
                pass
            spans.append(f'<span style="{";".join(style)}">{html.escape(run.text)}</span>')
        parts.append(f"<p>{''.join(spans) or '&nbsp;'}</p>")
    return "".join(parts)


def chart_svg(chart, width: float, height: float) -> str:  # noqa: ANN001
    plot = chart.plots[0]
    values = list(plot.series[0].values)
    labels = [category.label for category in plot.categories]
    stages = []
    levels = plot.categories.levels
    if len(levels) > 1:
        stages = [(category.idx, category.label) for category in levels[-1]]
    left, right, top, bottom = 60, 20, 20, 60
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(values), 1)

    def y(value: float) -> float:
        return top + (2 - value) / 4 * inner_h

    out = [f'<svg width="{width:.0f}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">']
    for level in range(-2, 3):
        out.append(
            f'<line x1="{left}" x2="{left + inner_w:.0f}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            'stroke="#d9d9d9"/>'
            f'<text x="{left - 8}" y="{y(level) + 4:.1f}" text-anchor="end" font-size="13">'
            f"{level:+d}</text>".replace("+0", "0")
        )
    points = [
        (left + step * (index + 0.5), y(value))
        for index, value in enumerate(values)
        if value is not None
    ]
    out.append(
        '<polyline fill="none" stroke="#1d4ed8" stroke-width="3" points="'
        + " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
        + '"/>'
    )
    series = plot.series[0]
    for index, value in enumerate(values):
        if value is None:
            continue
        cx, cy = left + step * (index + 0.5), y(value)
        point = series.points[index]
        fill = "#1d4ed8"
        if point.format.fill.type is not None or point.marker.format.fill.type is not None:
            fill = f"#{point.marker.format.fill.fore_color.rgb}"
        if point.marker.style == XL_MARKER_STYLE.DIAMOND:
            r = 9
            out.append(
                f'<polygon points="{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy:.1f} {cx:.1f},'
                f'{cy + r:.1f} {cx - r:.1f},{cy:.1f}" fill="{fill}"/>'
            )
        else:
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" stroke="#1d4ed8" '
                'stroke-width="2"/>'
            )
        if point.data_label.has_text_frame:
            out.append(
                f'<text x="{cx:.1f}" y="{cy - 14:.1f}" text-anchor="middle" font-size="12" '
                f'font-weight="700">{html.escape(point.data_label.text_frame.text)}</text>'
            )
        out.append(
            f'<text x="{cx:.1f}" y="{top + inner_h + 18:.0f}" text-anchor="middle" '
            f'font-size="12">{html.escape(labels[index])}</text>'
        )
    for number, (start, label) in enumerate(stages):
        end = stages[number + 1][0] if number + 1 < len(stages) else len(values)
        x0, x1 = left + step * start, left + step * end
        out.append(
            f'<line x1="{x0:.1f}" x2="{x0:.1f}" y1="{top + inner_h:.0f}" y2="{height - 4:.0f}" '
            'stroke="#999"/>'
            f'<text x="{(x0 + x1) / 2:.1f}" y="{height - 14:.0f}" text-anchor="middle" '
            f'font-size="12" font-weight="700">{html.escape(label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def slide_html(deck_path: Path, number: int) -> tuple[str, int, int]:
    deck = Presentation(str(deck_path))
    slide = deck.slides[number - 1]
    width, height = round(px(deck.slide_width)), round(px(deck.slide_height))
    boxes = []
    for shape in slide.shapes:
        box = (
            f"left:{px(shape.left):.0f}px;top:{px(shape.top):.0f}px;"
            f"width:{px(shape.width):.0f}px;height:{px(shape.height):.0f}px"
        )
        if shape.has_chart:
            content = chart_svg(shape.chart, px(shape.width), px(shape.height))
        elif shape.has_table:
            columns = "".join(
                f'<col style="width:{px(c.width):.0f}px">' for c in shape.table.columns
            )
            rows = "".join(
                "<tr>"
                + "".join(f"<td>{runs_html(cell.text_frame)}</td>" for cell in row.cells)
                + "</tr>"
                for row in shape.table.rows
            )
            content = f"<table>{columns}{rows}</table>"
            box = box.replace("height:", "min-height:")
        elif shape.has_text_frame:
            content = runs_html(shape.text_frame)
        else:
            continue
        boxes.append(f'<div class="shape" style="{box}">{content}</div>')
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
body {{ margin: 0; font-family: Calibri, Carlito, "Liberation Sans", Arial, sans-serif; }}
.slide {{ position: relative; width: {width}px; height: {height}px; overflow: hidden;
  background: #fff; color: #1f2933; font-size: 24px; }}
.shape {{ position: absolute; }}
p {{ margin: 0 0 4px; line-height: 1.15; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
td {{ border: 1px solid #fff; padding: 4px 6px; vertical-align: top; background: #e9edf4; }}
tr:first-child td {{ background: #4472c4; color: #fff; }}
</style></head><body><div class="slide">{"".join(boxes)}</div></body></html>"""
    return page, width, height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pptx", type=Path)
    parser.add_argument("slide", type=int, help="1-based slide number")
    parser.add_argument("png", type=Path)
    args = parser.parse_args()
    page, width, height = slide_html(args.pptx, args.slide)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "slide.html"
        source.write_text(page, encoding="utf-8")
        screenshot(source, args.png, width=width, height=height)


if __name__ == "__main__":
    main()
