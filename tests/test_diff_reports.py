"""Every diff format for the refresh pair: parsed and checked, not just produced."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeymap.diff import run_diff
from journeymap.diff.kinds import KINDS
from journeymap.diff.model import CATEGORIES
from journeymap.diff.report import renderer

VOID = {"meta", "br", "col", "img", "input", "link", "hr", "path", "circle", "rect", "line"}


@pytest.fixture
def result(examples: Path):
    return run_diff(str(examples / "refresh/2025"), str(examples / "refresh/2026"))


def test_json_matches_the_documented_schema(result) -> None:
    data = json.loads(renderer("json")(result, False))
    assert list(data) == ["schema_version", "tool", "old", "new", "summary", "changes"]
    assert data["schema_version"] == 1 and data["tool"]["name"] == "journeymap"
    assert set(data["summary"]) == {"changes", "documents", "warnings", "by_category", "by_kind"}
    assert list(data["summary"]["by_category"]) == list(CATEGORIES)
    assert data["summary"]["changes"] == len(data["changes"]) == len(result.changes)
    for change in data["changes"]:
        assert set(change) == {
            "kind",
            "category",
            "level",
            "document",
            "path",
            "stage",
            "message",
            "before",
            "after",
            "hint",
            "persona",
            "lane",
        }
        assert change["category"] == KINDS[change["kind"]].category
        assert set(change["document"]) == {"kind", "id", "path", "workspace"}
    kinds = {(c["kind"], tuple(c["path"])) for c in data["changes"]}
    assert ("step-moved", ("receive-order", "scim-sync")) in kinds
    summary = json.loads(renderer("json")(result, True))
    assert "changes" not in summary and summary["summary"] == data["summary"]


def test_json_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Diff") :]
    keys = ("schema_version", "by_category", "kind", "category", "level", "before", "hint")
    for key in (*keys, "persona", "lane"):
        assert f"`{key}`" in section, key


def test_markdown_has_headings_and_tables(result) -> None:
    text = renderer("markdown")(result, False)
    assert text.startswith("## Journey map changes: `")
    assert "refresh/2025` → `" in text.splitlines()[0]
    assert "### Journey `it-admin-rollout`" in text
    assert "#### Stage: Decide & buy (`decide-and-buy`)" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`" in line]
    change_rows = [row for row in rows if re.search(r"\| `[a-z-]+` \|$", row)]
    assert len(change_rows) == len(result.changes)
    for row in change_rows:  # every row has exactly 3 cells: no unescaped pipes
        assert len(re.findall(r"(?<!\\)\|", row)) == 4, row
    summary = renderer("markdown")(result, True)
    assert "| emotion-worsened | 4 |" in summary and "###" not in summary


def test_text_is_grouped_by_document_and_stage(result) -> None:
    text = renderer("text")(result, False)
    assert "\x1b[" not in text  # no colour outside a terminal
    lines = text.splitlines()
    header = lines.index(
        next(line for line in lines if line.startswith("journey it-admin-rollout"))
    )
    stage = lines.index("  stage decide-and-buy · Decide & buy")
    assert header < stage
    assert lines[stage + 1].startswith("    ")
    assert text.rstrip().endswith("4 emotion-worsened.")
    assert "hint: Likely the same step" in text


class _Checker(HTMLParser):
    """Tag balance check: every non-void element that opens also closes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.svg_curves: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "svg" and "emotion-curve" in classes:
            self.svg_curves.append([])
        if tag == "g" and "curve" in classes and self.stack.count("svg"):
            self.svg_curves[-1].extend(c for c in classes if c.startswith("curve-"))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_html_is_well_formed_with_two_overlaid_curves(result) -> None:
    page = renderer("html")(result, False)
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert checker.svg_curves == [["curve-before", "curve-after"]]  # one SVG, both curves
    assert "examples/refresh/2025 (before)" in page and "examples/refresh/2026 (after)" in page
    assert page.count('class="cat-') == len(result.changes)
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_html_escapes_yaml_text(write, tmp_path: Path) -> None:
    body = """\
        kind: journey
        id: j
        title: T
        stages:
          - id: s
            name: S
            steps:
              - {id: a, name: "STEP", emotion: 1}
        """
    write("old/j.yaml", body)
    write("new/j.yaml", body.replace('"STEP"', '"<script>alert(1)</script>"'))
    result = run_diff(str(tmp_path / "old"), str(tmp_path / "new"))
    page = renderer("html")(result, False)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    markdown = renderer("markdown")(result, False)
    assert "<script>" not in markdown


def test_markdown_shows_names_as_written_not_as_images_links_or_mentions(write, tmp_path):
    """A diff posted as a pull-request comment: a step name must not load a remote
    image, become a link, or notify a team."""
    body = "kind: journey\nid: j\ntitle: T\nstages:\n  - {id: s, name: S, steps: [{id: a, name: STEP}]}\n"
    payload = (
        "x ![t](http://evil.example/p.png) [click](http://evil.example) @everyone **b** &commat;ops"
    )
    write("old/j.yaml", body)
    write(
        "new/j.yaml",
        body.replace("name: STEP", f"name: '{payload}'").replace(
            "title: T", f"title: '# {payload}'"
        ),
    )
    markdown = renderer("markdown")(run_diff(str(tmp_path / "old"), str(tmp_path / "new")), False)
    assert "![t](" not in markdown and "[click](" not in markdown and "**b**" not in markdown
    assert "\\!\\[t\\](http://evil.example/p.png)" in markdown
    assert "@everyone" not in markdown and "@\u200beveryone" in markdown
    assert "\\&commat;ops" in markdown  # an entity would spell an @ past the guard
    assert "— \\# x" in markdown  # the title in the heading


def test_readme_lists_every_change_kind() -> None:
    from journeymap.diff.kinds import kinds_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert kinds_table() in readme
