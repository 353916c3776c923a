"""Rendering richer maps (issue 15): several personas, future states, blueprint lanes, links.

The handout draws one curve per persona (class ``curve-persona-<id>``, a legend
naming the personas), ``render --persona`` narrows a map to one persona, a future
state draws its current state dashed behind and lists what changes exactly as
``journeymap diff --current-future`` does, blueprint lanes sit below a line of
visibility, and DOT and Mermaid say what they show and what they cannot.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from journeymap.model.journey import Journey
from journeymap.render import render_journey
from journeymap.render.flow import journey_flow
from journeymap.render.perspective import emotion_personas
from journeymap.workspace import load_workspaces

ROOT = Path(__file__).resolve().parents[1]
BRIGHTPOST = ROOT / "examples" / "brightpost"
BUYING = BRIGHTPOST / "journeys" / "team-plan-buying-group.yaml"
FUTURE = BRIGHTPOST / "journeys" / "social-media-manager-2027.yaml"
SAM = BRIGHTPOST / "journeys" / "social-media-manager.yaml"


def load(path: Path):
    [workspace] = load_workspaces([path])
    [document] = [d for d in workspace.documents if Path(d.path).resolve() == path.resolve()]
    return workspace, document


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


class Page(HTMLParser):
    """Elements by class, and the text inside chosen elements (by class)."""

    def __init__(self, capture: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.classes: list[list[str]] = []
        self.capture = capture
        self.open: list[tuple[str, str | None, list[str]]] = []
        self.texts: dict[str, list[str]] = {name: [] for name in capture}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.classes.append([tag, *classes])
        hit = next((name for name in self.capture if name in classes), None)
        if tag not in VOID:
            self.open.append((tag, hit, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.classes.append([tag, *(dict(attrs).get("class") or "").split()])

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, hit, parts = self.open.pop()
            if hit is not None:
                self.texts[hit].append(" ".join("".join(parts).split()))
            if self.open:
                self.open[-1][2].extend(parts)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)

    def count(self, tag: str, *classes: str) -> int:
        return sum(1 for found in self.classes if found[0] == tag and set(classes) <= set(found))


def parse(page: str, *capture: str) -> Page:
    parser = Page(capture)
    parser.feed(page)
    return parser


def test_two_persona_handout_draws_a_named_curve_per_persona():
    workspace, document = load(BUYING)
    journey = document.model
    assert isinstance(journey, Journey)
    personas = emotion_personas(journey)
    assert personas == ["social-media-manager", "marketing-director"]
    page = render_journey(workspace, document, "html", layout="poster")
    assert isinstance(page, str)
    found = parse(page, "curve-legend", "lane-emotion")
    steps = len(journey_flow(journey).steps)
    for persona in personas:
        assert found.count("g", "curve-persona", f"curve-persona-{persona}") == 1
    assert found.count("path", "curve-line") == len(personas)
    lines = re.findall(
        r'<g class="curve (curve-persona [^"]*)">\s*<svg[^>]*>\s*<path class="curve-line" d="([^"]*)"',
        page,
    )
    assert [css.split()[1] for css, _ in lines] == [f"curve-persona-{p}" for p in personas]
    for (_, path), persona in zip(lines, personas, strict=True):
        # one vertex per step with an emotion for this persona, in order
        emotions = [item.step.emotion_of(persona) for item in journey_flow(journey).steps]
        assert path.count("L") + path.count("M") == sum(e is not None for e in emotions) == steps
    # Told apart by marker shape too, not colour alone: a circle for one, squares for the other.
    assert found.count("circle", "dot") >= steps
    assert page.count('<path class="dot" d="M-5.5 -5.5 H5.5 V5.5 H-5.5 Z"/>') >= steps
    [legend] = found.texts["curve-legend"]
    names = [workspace.get("persona", p).model.name for p in personas]
    assert legend == f"{names[0]} {names[1]}"
    # The emotion lane names each persona's value at every step.
    lane = " ".join(found.texts["lane-emotion"])
    assert lane.count(names[0]) == lane.count(names[1]) == steps
    assert f"{names[0]}: ▼ −2 very negative" in lane and f"{names[1]}: ▼ −1 negative" in lane


def test_single_number_maps_render_as_before():
    workspace, document = load(SAM)
    page = render_journey(workspace, document, "html")
    assert isinstance(page, str)
    found = parse(page)
    assert 'class="curve curve-persona' not in page and 'class="curve-legend' not in page
    assert found.count("g", "curve", "curve-main") == 2  # the grid's curve and the summary's
    assert "Emotion is shown by height, words and shape" in page
    assert 'class="what-changes"' not in page and 'class="state-note"' not in page


def test_render_persona_draws_one_persona(tmp_path, cli):
    out = tmp_path / "dana.html"
    result = cli("render", BUYING, "--persona", "marketing-director", "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert 'class="curve curve-persona' not in page
    assert "Emotions shown for one persona: <strong>Dana, marketing director</strong>" in page
    _workspace, document = load(BUYING)
    journey = document.model
    assert isinstance(journey, Journey)
    found = parse(page, "lane-emotion")
    lane = " ".join(found.texts["lane-emotion"])
    for item in journey_flow(journey).steps:
        value = item.step.emotion_of("marketing-director")
        assert re.search(rf"(?<!\d){item.number} \S+ [−+]?{abs(value)} ", lane)
    assert "Sam, social media manager" not in " ".join(found.texts["lane-emotion"])


def test_render_persona_errors_in_one_line_with_did_you_mean(tmp_path, cli):
    result = cli("render", BUYING, "--persona", "marketing-directr", "-o", tmp_path / "x.html")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("journeymap: ")
    assert "team-plan-buying-group.yaml:13:1: --persona 'marketing-directr' is not a" in line
    assert "did you mean 'marketing-director'?" in line
    assert not (tmp_path / "x.html").exists()
    result = cli("render", BRIGHTPOST, "--persona", "cfo", "-o", tmp_path / "d")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "--persona 'cfo' is not a persona of any journey here" in line


def test_render_persona_on_a_folder_keeps_the_journeys_with_that_persona(tmp_path, cli):
    result = cli("render", BRIGHTPOST, "--persona", "marketing-director", "-o", tmp_path / "d")
    assert result.exit_code == 0, result.stderr
    journeys = load_workspaces([BRIGHTPOST])[0].of_kind("journey")
    written = sorted(path.stem for path in (tmp_path / "d").iterdir())
    drawn = [name for name in written if name in {document.id for document in journeys}]
    having = [d.id for d in journeys if "marketing-director" in d.model.personas]
    assert drawn == sorted(having) and "team-plan-buying-group" in drawn
    assert len(having) < len(journeys)  # the others were left out


def test_mermaid_keeps_one_persona_and_warns_on_stderr(cli):
    result = cli("render", BUYING, "-f", "mermaid")
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith("journeymap: warning: ")
    assert "team-plan-buying-group.yaml: Mermaid journey diagram: " in warning
    assert "scores Sam, social media manager only, not Dana, marketing director" in warning
    assert "service-blueprint lanes" in warning and "sub-journeys" in warning
    _workspace, document = load(BUYING)
    journey = document.model
    assert isinstance(journey, Journey)
    scores = [int(s) for s in re.findall(r"^        .*: ([1-5]): ", result.stdout, re.MULTILINE)]
    sam = [step.emotion_of("social-media-manager") + 3 for _, _, _, step in journey.iter_steps()]
    assert scores == sam
    result = cli("render", BUYING, "-f", "mermaid", "--persona", "marketing-director")
    [warning] = result.stderr.splitlines()
    assert "scores" not in warning and "service-blueprint lanes" in warning
    scores = [int(s) for s in re.findall(r"^        .*: ([1-5]): ", result.stdout, re.MULTILINE)]
    dana = [step.emotion_of("marketing-director") + 3 for _, _, _, step in journey.iter_steps()]
    assert scores == dana != sam


def test_mermaid_does_not_warn_when_it_shows_everything(write, cli):
    write("ws/journeymap.yaml", "teams: {cx: CX}\n")
    path = write(
        "ws/plain.yaml",
        """
        kind: journey
        id: plain
        title: Plain map
        stages:
          - id: one
            name: One
            steps:
              - {id: a, name: Does a, emotion: 1, owner: cx}
        """,
    )
    result = cli("render", path, "-f", "mermaid")
    assert result.exit_code == 0 and result.stderr == ""


def test_dot_lists_each_persona_fills_by_the_worst_and_draws_lanes_and_links():
    workspace, document = load(BUYING)
    source = render_journey(workspace, document, "dot")
    assert isinstance(source, str)
    graph = json.loads(
        subprocess.run(
            [shutil.which("dot") or "dot", "-Tjson"],
            input=source.encode(),
            capture_output=True,
            check=True,
        ).stdout
    )
    nodes = {obj["name"]: obj for obj in graph["objects"]}
    # Step 4 (security review): Sam −2, Dana −1; the fill is the worst (−2).
    review = nodes["s4"]
    assert "Sam, social media manager: −2 very negative" in review["label"].replace("\\n", " ")
    assert "Dana, marketing director: −1" in review["label"].replace("\\n", " ")
    assert review["fillcolor"] == "#f8b4b4"
    blueprint = [name for name in nodes if name.endswith("_blueprint")]
    assert blueprint == ["cluster_2_blueprint", "cluster_3_blueprint", "cluster_4_blueprint"]
    assert nodes["cluster_2_blueprint"]["label"] == "Below the line of visibility"
    assert "Systems: Salesforce, DocuSign" in nodes["b3"]["label"].replace("\\n", " ")
    names = {obj["_gvid"]: obj["name"] for obj in graph["objects"]}
    links = {
        names[edge["tail"]]: nodes[names[edge["head"]]]["label"].replace("\\n", " ")
        for edge in graph["edges"]
        if names[edge["head"]].startswith("l")
    }
    assert set(links) == {"s4", "s5", "s6"}
    assert links["s4"].startswith("Zooms into: Jordan's security review")
    assert links["s5"].startswith("Employee journey: Priya's journey")
    assert all(
        edge["style"] == "dashed" for edge in graph["edges"] if names[edge["head"]].startswith("l")
    )


def test_blueprint_lanes_sit_below_a_line_of_visibility_only_when_used(write):
    workspace, document = load(BUYING)
    page = render_journey(workspace, document, "html", layout="poster")
    assert isinstance(page, str)
    found = parse(page, "lane-backstage", "lane-support", "lane-systems", "line-of-visibility")
    [line] = found.texts["line-of-visibility"]
    assert line.startswith("Line of visibility")
    order = [
        page.index(f'class="{name}')
        for name in (
            "line-of-visibility",
            "lane-row lane-backstage",
            "lane-row lane-support",
            "lane-row lane-systems",
        )
    ]
    assert order == sorted(order)
    [backstage] = found.texts["lane-backstage"]
    assert "The sales engineer prepares the ROI model" in backstage
    # The employee step, in words: the employee journey's title and the step's name.
    assert (
        "Employee journey: Priya's journey: a new customer success manager's first year › "
        "Inherits a book of 58 accounts" in backstage
    )
    assert "Salesforce" in found.texts["lane-systems"][0]
    zoom = parse(page, "step-link").texts["step-link"]
    assert any(text.startswith("Zooms into: Jordan's security review") for text in zoom)
    assert "<a href=" not in backstage  # a single handout has no pages to link to
    # A map without lanes has no line of visibility.
    path = write(
        "plain/plain.yaml",
        """
        kind: journey
        id: plain
        title: Plain map
        stages:
          - id: one
            name: One
            steps:
              - {id: a, name: Does a, emotion: 1}
        """,
    )
    workspace, document = load(path)
    page = render_journey(workspace, document, "html")
    assert isinstance(page, str)
    assert 'class="line-of-visibility"' not in page and "lane-row lane-backstage" not in page


def test_future_state_draws_the_current_curve_and_lists_what_diff_reports(cli):
    workspace, document = load(FUTURE)
    journey = document.model
    assert isinstance(journey, Journey) and journey.state == "future"
    current = workspace.get("journey", journey.based_on)
    assert current is not None
    page = render_journey(workspace, document, "html", layout="poster")
    assert isinstance(page, str)
    found = parse(page, "state-note", "change")
    [note] = found.texts["state-note"]
    assert note == f"Future state — based on {current.model.title}"
    assert found.count("g", "curve", "curve-before") == 1
    assert found.count("g", "curve", "curve-main") == 1
    assert page.index('class="curve curve-before"') < page.index('class="curve curve-main"')
    shown = found.texts["change"]
    result = cli("diff", "--current-future", journey.id, BRIGHTPOST, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    reported = json.loads(result.stdout)["changes"]
    from journeymap.render.relations import CATEGORY_HEADINGS, WHAT_CHANGES

    expected = [
        change["message"]
        for category in CATEGORY_HEADINGS
        for change in reported
        if change["kind"] in WHAT_CHANGES and change["category"] == category
    ]
    assert shown == expected
    assert any(c.startswith("Step 'Keeps the trial workspace") for c in shown)
    assert any("improved: -2 → +1" in c for c in shown)


def test_readme_section_commands_run(tmp_path, monkeypatch, cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Several personas, future states and service blueprints", 1)[1]
    section = section.split("\n### ", 1)[0]
    commands = [
        line
        for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)
        for line in block.splitlines()
        if line.startswith("journeymap ")
    ]
    assert any("--persona" in command for command in commands)
    assert any("social-media-manager-2027" in command for command in commands)
    monkeypatch.chdir(tmp_path)
    for command in commands:
        words = [str(ROOT / w) if w.startswith("examples/") else w for w in shlex.split(command)]
        result = cli(*words[1:], "--force")
        # diff exits 1 when there are changes (as `git diff --exit-code` does)
        assert result.exit_code == (1 if words[1] == "diff" else 0), (command, result.stderr)
        output = words[words.index("-o") + 1]
        assert (tmp_path / output).stat().st_size > 0
        if "mermaid" in words:
            assert len(result.stderr.splitlines()) == 2  # the warning, then "wrote …"


def test_render_persona_is_refused_with_site_and_watch(tmp_path, cli):
    for extra in (["--site", "-o", tmp_path / "site"], ["--watch"]):
        result = cli("render", BUYING, "--persona", "marketing-director", *extra)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            "journeymap: --persona renders journeys as one persona feels them: "
            "leave out --watch and --site"
        )
    assert not (tmp_path / "site").exists()


def test_a_multi_persona_future_state_draws_each_personas_current_curve(write):
    write("ws/journeymap.yaml", "teams: {cx: CX}\n")
    write("ws/sam.yaml", "kind: persona\nid: sam\nname: Sam\n")
    write("ws/dana.yaml", "kind: persona\nid: dana\nname: Dana\n")
    stages = """
        stages:
          - id: buy
            name: Buy
            steps:
              - {{id: demo, name: Demo, emotion: {{sam: {demo_sam}, dana: 0}}}}
              - {{id: sign, name: Signs, emotion: {{sam: 1, dana: {sign_dana}}}}}
        """
    write(
        "ws/today.yaml",
        "kind: journey\nid: today\ntitle: Today\npersonas: [sam, dana]\n"
        + textwrap.dedent(stages.format(demo_sam=-2, sign_dana=-1)),
    )
    path = write(
        "ws/later.yaml",
        "kind: journey\nid: later\ntitle: Later\npersonas: [sam, dana]\nstate: future\n"
        "based_on: today\n" + textwrap.dedent(stages.format(demo_sam=1, sign_dana=2)),
    )
    workspace, document = load(path)
    page = render_journey(workspace, document, "html", layout="poster")
    assert isinstance(page, str)
    found = parse(page, "change", "curve-legend")
    for persona in ("sam", "dana"):
        assert found.count("g", "curve-before", f"curve-before-{persona}") == 1
        assert found.count("g", "curve-persona", f"curve-persona-{persona}") == 1
    [legend] = found.texts["curve-legend"]
    assert legend == "Sam, current state Dana, current state Sam Dana"
    assert found.texts["change"] == [
        "Emotion of persona 'Sam' at step 'Demo' improved: -2 → +1",
        "Emotion of persona 'Dana' at step 'Signs' improved: -1 → +2",
    ]
