"""The backlog in a real browser (issue #14): the backlog page and the handout's action
lists and measured metrics are visible, link where they should, and pass axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.render import render_paths
from test_browser import EXAMPLES, Visit, axe_violations, browser  # noqa: F401  (the module's browser fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOURNEYMAP_TODAY", "2026-11-30")
        render_paths([EXAMPLES / "brightpost"], "html", str(out))
    return out


def test_backlog_page_in_chromium(browser, site):  # noqa: F811
    url = (site / "cx-backlog.html").resolve().as_uri()
    visit = Visit(browser, url)
    page = visit.page
    try:
        assert visit.requests == [url] and visit.errors == []
        assert page.get_by_role("heading", name="Brightpost CX backlog, 2026-2027").is_visible()
        matrix = page.get_by_role("img", name="Impact and effort matrix")
        assert matrix.is_visible()
        box = matrix.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300
        # open opportunities are dots in the matrix; done ones are not
        assert page.locator(".matrix .dot").count() == 13
        for heading in ("Planned (5)", "In progress (6)", "Done (2)"):
            assert page.get_by_role("heading", name=heading).is_visible()
        card = page.locator("#opportunity-trials-survive-the-paperwork")
        assert card.is_visible()
        assert "Security & Compliance" in card.inner_text()
        link = card.get_by_role("link", name="Waits for IT to finish the security review")
        assert link.get_attribute("href") == "social-media-manager.html#step-security-review-wait"
        assert (site / "social-media-manager.html").is_file()
        measure = card.locator(".measure")
        assert "off target" in measure.inner_text()
        assert card.get_by_role("img").first.is_visible()  # the sparkline
        assert axe_violations(page) == []
    finally:
        page.close()


def test_handout_action_lists_and_measures_in_chromium(browser, site):  # noqa: F811
    url = (site / "social-media-manager.html").resolve().as_uri()
    visit = Visit(browser, url)
    page = visit.page
    try:
        assert visit.requests == [url] and visit.errors == []
        lane = page.locator("tr.lane-actions")
        assert lane.is_visible()
        assert lane.get_by_role("rowheader").text_content() == "Actions (backlog)"
        action = lane.locator(".action", has_text="Warn before a post fails").first
        assert action.is_visible()
        assert "In progress" in action.inner_text() and "2027-03-31" in action.inner_text()
        step_link = action.get_by_role(
            "link", name="Finds out a scheduled launch post never went out"
        )
        assert step_link.get_attribute("href") == "#step-missed-post"
        metrics = page.locator("tr.lane-metrics")
        churn = metrics.locator("li.metric", has_text="First-year logo churn")
        assert "14 % of first-year accounts on 2026-09-30: off target" in churn.inner_text()
        assert churn.locator(".measure-off-target").is_visible()
        spark = churn.get_by_role("img")
        assert spark.is_visible() and "8 values" in spark.get_attribute("aria-label")
        on_target = metrics.locator("li.metric", has_text="Organic visits")
        assert "on target" in on_target.inner_text()
        assert axe_violations(page) == []
    finally:
        page.close()
