"""Richer maps in a real browser (issue 15): a curve per persona with a visible legend, the
future state's two curves and change list, and the blueprint lanes; all pass axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.render import render_paths
from journeymap.render.perspective import emotion_personas
from test_browser import EXAMPLES, Visit, axe_violations, browser, journey_model  # noqa: F401  (module fixture)

pytestmark = pytest.mark.browser

BUYING = EXAMPLES / "brightpost" / "journeys" / "team-plan-buying-group.yaml"
FUTURE = EXAMPLES / "brightpost" / "journeys" / "social-media-manager-2027.yaml"


def _open(browser, source: Path, out: Path, **options: str) -> Visit:  # noqa: F811
    render_paths([source], "html", str(out), **options)
    return Visit(browser, out.resolve().as_uri())


def test_two_personas_show_two_curves_and_a_legend(browser, tmp_path):  # noqa: F811
    journey = journey_model(BUYING)
    personas = emotion_personas(journey)
    assert len(personas) == 2
    visit = _open(browser, BUYING, tmp_path / "buying.html")
    page = visit.page
    try:
        assert visit.errors == []
        grid = page.locator("table.grid")
        for persona in personas:
            curve = grid.locator(f"g.curve-persona-{persona}")
            assert curve.count() == 1
            line = curve.locator("path.curve-line")
            assert line.count() == 1 and line.is_visible()
            box = line.bounding_box()
            assert box and box["width"] > 600  # it runs across the stages
            assert curve.locator("g.point").count() == len(list(journey.iter_steps()))
        # The two lines differ in colour and in marker shape (greyscale print keeps the shape).
        colours = {
            page.eval_on_selector(
                f"table.grid g.curve-persona-{p} path.curve-line",
                "e => getComputedStyle(e).stroke",
            )
            for p in personas
        }
        assert len(colours) == 2
        assert grid.locator(f"g.curve-persona-{personas[0]} circle.dot").count() > 0
        assert grid.locator(f"g.curve-persona-{personas[0]} path.dot").count() == 0
        assert grid.locator(f"g.curve-persona-{personas[1]} circle.dot").count() == 0
        legend = page.get_by_role("list", name="Curves").first
        assert legend.is_visible()
        assert legend.inner_text().split("\n") == [
            "Sam, social media manager",
            "Dana, marketing director",
        ]
        assert page.get_by_role("rowheader", name="Backstage").is_visible()
        assert page.get_by_text("Line of visibility", exact=True).is_visible()
        assert axe_violations(page) == []
    finally:
        page.close()


def test_future_state_shows_both_curves_and_what_changes(browser, tmp_path):  # noqa: F811
    visit = _open(browser, FUTURE, tmp_path / "future.html")
    page = visit.page
    try:
        assert visit.errors == []
        assert page.get_by_text("Future state — based on Sam's journey").is_visible()
        grid = page.locator("table.grid")
        before = grid.locator("g.curve-before path.curve-line")
        after = grid.locator("g.curve-main path.curve-line")
        assert before.is_visible() and after.is_visible()
        dash = page.eval_on_selector(
            "table.grid g.curve-before path.curve-line", "e => getComputedStyle(e).strokeDasharray"
        )
        assert dash not in ("", "none")
        heading = page.get_by_role("heading", name="What changes")
        assert heading.is_visible()
        changes = page.locator(".what-changes li.change")
        assert changes.count() >= 4 and changes.first.is_visible()
        assert axe_violations(page) == []
    finally:
        page.close()


def test_one_persona_of_a_buying_group(browser, tmp_path):  # noqa: F811
    visit = _open(browser, BUYING, tmp_path / "dana.html", persona="marketing-director")
    page = visit.page
    try:
        assert page.locator("table.grid g.curve").count() == 1
        assert page.locator("table.grid g.curve-main path.curve-line").is_visible()
        assert page.get_by_text("Emotions shown for one persona: Dana").is_visible()
        assert axe_violations(page) == []
    finally:
        page.close()
