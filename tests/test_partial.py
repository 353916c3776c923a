"""pre-commit speed: checking a few files of a workspace loads the others only as cached
summaries, and reports exactly what a full run reports for those files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journeymap.parallel
import journeymap.workspace
from journeymap.references import breaks_a_link
from journeymap.validate import validate_paths
from lint_helpers import PERSONA

CONFIG = """\
teams: {cx: CX, sales: Sales, product: Product}
glossary: {lifecycle: journey}
"""
FILES = {
    "personas/sam.yaml": PERSONA,
    "personas/ira.yaml": PERSONA.replace("id: sam", "id: ira").replace("Sam, social", "Ira, IT"),
    "personas/sam-again.yaml": "kind: persona\nid: sam\nname: Sam again\n",
    "journeys/buyer.yaml": """\
kind: journey
id: buyer
title: Buyer lifecycle
personas: [sam]
owner: cx
stages:
  - id: buy
    name: Decide and buy
    phase: purchase
    owner: sales
    steps:
      - {id: sign, name: Signs the order form, owner: sales, emotion: -1, next: [use-it]}
  - id: use
    name: Install and use
    phase: post-purchase
    owner: product
    steps:
      - {id: first-value, name: Signs the order-form, owner: product, emotion: 2}
""",
    "journeys/admin.yaml": """\
kind: journey
id: admin
title: Admin journey
personas: [ghost]
owner: cx
stages:
  - id: review
    name: Security review
    phase: post-purchase
    owner: markting
    steps:
      - {id: read, name: Reads the security pack, moment_of_truth: true}
""",
    "messaging/core.yaml": """\
kind: messaging
id: core
core_message: Approvals on time.
vocabulary:
  personas: {sam: {use: [approval]}, nobody: {use: [x]}}
  stages: {buy: {use: [trial]}, nowhere: {use: [y]}}
""",
}
BROKEN = {"journeys/broken.yaml": "kind: journey\nid: broken\ntitle: [unclosed\n"}


def _journey(journey_id: str, steps: str, head: str = "", phase: str = "purchase") -> str:
    return (
        f"kind: journey\nid: {journey_id}\ntitle: {journey_id}\npersonas: [sam]\n{head}"
        f"stages:\n  - id: s\n    name: Stage\n    phase: {phase}\n    steps:\n{steps}"
    )


LINKED = {
    "personas/sam.yaml": FILES["personas/sam.yaml"],
    # links into journeys that a pre-commit run only summarises
    "journeys/a-buyer.yaml": _journey(
        "buyer",
        "      - {id: wait, name: Waits, emotion: -2, moment_of_truth: true, journey: review}\n"
        "      - {id: kick, name: Kicks off, employee_step: csm/prep}\n"
        "      - {id: typo, name: Typo, employee_step: csm/perp}\n",
        phase="post-purchase",
    ),
    "journeys/b-review.yaml": _journey("review", "      - {id: ask, name: Asks, journey: loop}\n"),
    "journeys/c-loop.yaml": _journey("loop", "      - {id: back, name: Back, journey: review}\n"),
    "journeys/d-csm.yaml": _journey(
        "csm",
        "      - {id: prep, name: Prepares}\n",
        head="audience: employee\n",
        phase="employment",
    ),
    "journeys/e-lonely.yaml": _journey(
        "lonely",
        "      - {id: work, name: Works}\n",
        head="audience: employee\n",
        phase="employment",
    ),
    "journeys/f-future.yaml": _journey(
        "buyer-2027",
        "      - {id: wait, name: Waits, emotion: -2, moment_of_truth: true}\n",
        head="state: future\nbased_on: buyer\n",
        phase="post-purchase",
    ),
}
"""Sub-journeys (with a cycle), employee steps (one unlinked employee journey, one typo)
and a future state that is no better than the journey it is based on."""


LINKS = {
    "personas/sam.yaml": FILES["personas/sam.yaml"],
    "journeys/a-buyer.yaml": LINKED["journeys/a-buyer.yaml"].replace("csm/perp", "csm/prep"),
    "journeys/b-review.yaml": _journey("review", "      - {id: ask, name: Asks}\n"),
    "journeys/d-csm.yaml": LINKED["journeys/d-csm.yaml"],
    "journeys/f-future.yaml": LINKED["journeys/f-future.yaml"],
    "messaging/core.yaml": "kind: messaging\nid: core\ncore_message: On time.\n"
    "vocabulary:\n  personas: {sam: {use: [approval]}}\n",
}
"""Every kind of link to a persona or a journey from another file, all landing."""


def make(root: Path, files: dict[str, str], config: str = CONFIG) -> Path:
    (root / "journeymap.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "journeymap.yaml").write_text(config)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def lines(findings) -> list[str]:
    return sorted(f"{f} [{f.code}] {f.hint}" for f in findings)


def expected(root: Path, name: str) -> list[str]:
    """What a full run reports for the file and the config, and every link to a persona or
    journey that is not there, wherever it is (the file may have renamed what it names)."""
    full = validate_paths([root])
    return lines(
        f
        for f in full.findings
        if f.path in {f"ws/{name}", "ws/journeymap.yaml"} or breaks_a_link(f)
    )


@pytest.mark.parametrize(
    "files", [FILES, {**FILES, **BROKEN}, LINKED], ids=["loads", "a-file-broken", "linked"]
)
def test_one_file_reports_what_a_full_run_reports_for_it(tmp_path, monkeypatch, files):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", files)
    for name in files:
        want = expected(root, name)
        cold = validate_paths([root / name])
        assert lines(cold.findings) == want, name
        warm = validate_paths([root / name])
        assert lines(warm.findings) == want, name
    assert (root / ".journeymap" / "cache" / "summaries.json").is_file()
    assert (root / ".journeymap" / "cache" / ".gitignore").read_text().endswith("*\n")
    assert not (root / ".journeymap" / ".gitignore").exists()  # schemas/ stays committable
    if files is LINKED:  # the case exercises every cross-journey check
        codes = {f.code for f in validate_paths([root]).findings}
        assert {"JM004", "JM006", "JM602", "JM604"} <= codes


def test_a_warm_cache_parses_only_the_given_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the other files link to personas that are there and hold ids of their own (else they
    # are read to say where not)
    files = {**FILES, "messaging/core.yaml": LINKS["messaging/core.yaml"]}
    del files["personas/sam-again.yaml"]
    root = make(tmp_path / "ws", files)
    validate_paths([root / "journeys/buyer.yaml"])
    parsed: list[str] = []
    real = journeymap.parallel.load_document

    def spy(path, *args, **kwargs):
        parsed.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(journeymap.parallel, "load_document", spy)
    validate_paths([root / "journeys/admin.yaml"])
    assert parsed == ["admin.yaml"]


def test_a_changed_other_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", FILES)
    validate_paths([root / "journeys/buyer.yaml"])  # fills the cache
    (root / "personas/sam.yaml").write_text("kind: persona\nid: samantha\nname: Sam\n")
    (root / "personas/sam-again.yaml").unlink()
    run = validate_paths([root / "journeys/buyer.yaml"])
    assert lines(run.findings) == expected(root, "journeys/buyer.yaml")
    assert any("unknown persona 'sam'" in f.message for f in run.findings)


def test_a_copied_file_alone_fails_on_its_duplicate_id(tmp_path, monkeypatch):
    """pre-commit passes only the new file: a copy that keeps the id fails whichever
    of the two files sorts first (here the copy does, so a full load meets it first),
    and, as in a full run, both files are told, each naming the other."""
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", {"personas/sam.yaml": FILES["personas/sam.yaml"]})
    (root / "personas/sam-v2.yaml").write_text(FILES["personas/sam.yaml"])
    for name in ["personas/sam-v2.yaml", "personas/sam.yaml"]:
        run = validate_paths([root / name])
        assert run.exit_code() == 2, name
        both = [("ws/personas/sam-v2.yaml", "JM003"), ("ws/personas/sam.yaml", "JM003")]
        assert [(f.path, f.code) for f in run.findings] == both
        assert lines(run.findings) == expected(root, name)


@pytest.mark.parametrize(
    ("name", "old", "new", "broken"),
    [
        (
            "personas/sam.yaml",
            "id: sam",
            "id: samantha",
            [f"{name}.yaml:4:" for name in ("a-buyer", "b-review", "d-csm", "f-future")]
            + ["core.yaml:5:"],
        ),
        ("journeys/b-review.yaml", "id: review", "id: reviews", ["a-buyer.yaml:10:"]),
        (
            "journeys/d-csm.yaml",
            "id: prep",
            "id: prepare",
            ["a-buyer.yaml:11:", "a-buyer.yaml:12:"],
        ),
        ("journeys/a-buyer.yaml", "id: buyer", "id: buyer-2026", ["f-future.yaml:"]),
    ],
    ids=["persona", "sub-journey", "employee-step", "based-on"],
)
@pytest.mark.parametrize("backlog", [False, True], ids=["summaries", "full-load"])
def test_a_renamed_id_fails_where_other_files_still_use_it(
    tmp_path, monkeypatch, name, old, new, broken, backlog
):
    """pre-commit passes only the file whose id changed; the files that still name the old
    id are broken, so the run fails and says where, as a full run does."""
    monkeypatch.chdir(tmp_path)
    extra = {"backlog/cx.yaml": "kind: backlog\nid: cx\n"} if backlog else {}
    if backlog:  # as a kind the summaries do not cover: the whole workspace is loaded
        covered = frozenset({"journey", "persona", "messaging"})
        monkeypatch.setattr(journeymap.workspace, "SUMMARISED_KINDS", covered)
    root = make(tmp_path / "ws", {**LINKS, **extra})
    assert validate_paths([root]).exit_code() == 0 or backlog  # the links all land
    validate_paths([root / name])  # a warm cache, as pre-commit has
    (root / name).write_text((root / name).read_text().replace(old, new, 1))
    run = validate_paths([root / name])
    assert run.exit_code() == 2
    reported = [f"{f.path}:{f.line}:" for f in run.findings if f.code == "JM004"]
    assert len(reported) == len(broken), reported
    assert all(any(where in shown for shown in reported) for where in broken), reported
    full = validate_paths([root])
    assert lines(f for f in full.findings if f.code == "JM004") == lines(
        f for f in run.findings if f.code == "JM004"
    )


def test_unknown_kinds_load_the_whole_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", {**FILES, "other/thing.yaml": "kind: gadget\nid: g\n"})
    (root / "journeymap.yaml").write_text(CONFIG + "files: ['**/*.yaml']\n")
    run = validate_paths([root / "journeys/buyer.yaml"])
    assert lines(run.findings) == expected(root, "journeys/buyer.yaml")


def test_an_unwritable_cache_does_not_fail_the_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make(tmp_path / "ws", FILES)
    (root / ".journeymap").write_text("a file where the cache directory would go")
    run = validate_paths([root / "journeys/buyer.yaml"])
    assert lines(run.findings) == expected(root, "journeys/buyer.yaml")


BRIGHTPOST = Path(__file__).resolve().parent.parent / "examples" / "brightpost"
PLANTED_STEP = """\
      - id: planted-moment
        name: Waits two days for billing to answer about the invoice
        owner: billing
        emotion: -2
        moment_of_truth: true
        backstage:
          - Billing reviews the invoice queue every morning
"""
PLANTED_INSIGHT = """\
      - id: planted-insight
        text: Three of eight managers asked for invoices in their own accounting format.
        source: interview
        owner: billing
"""
PLANTED_OPPORTUNITIES = """
  - id: planted-broken-links
    title: An opportunity whose references land nowhere
    addresses: [social-media-manager/missed-posts, ghost-journey/need, marketing-director/need]
    evidence: [marketing-director/directors-buy-on-rsk, security-review/no-such-insight]
    status: done
    metric: trial-conversions
    due: 2026-01-31

  - id: planted-done-without-result
    title: Done, but its metric has no value after the due date
    addresses: [social-media-manager/need]
    owner: marketing
    status: done
    metric: problem-search-traffic
    due: 2026-11-29
"""


def _brightpost(root: Path, case: str) -> Path:
    """A copy of the example workspace with problems planted on both sides of the backlog:
    a moment of truth and an owned insight that no opportunity covers (JM501, JM510),
    backlog references that land nowhere (JM004), and a done opportunity without a
    result and one whose metric moved the wrong way (JM505). ``broken``: a journey file that cannot be read; ``pruned``: a
    journey whose schema errors prune a stage (its other ids still count)."""
    shutil.copytree(BRIGHTPOST, root)
    journey = root / "journeys" / "social-media-manager.yaml"
    text = journey.read_text()
    text = text.replace("      - id: start-trial\n", PLANTED_STEP + "      - id: start-trial\n", 1)
    text = text.replace(
        "      - id: reviewer-seats-decide\n",
        PLANTED_INSIGHT + "      - id: reviewer-seats-decide\n",
        1,
    )
    journey.write_text(text)
    backlog = root / "backlog" / "cx-backlog.yaml"
    backlog.write_text(backlog.read_text() + PLANTED_OPPORTUNITIES)
    data = root / "data" / "metrics.csv"  # a done opportunity's metric moves the wrong way
    data.write_text(
        data.read_text() + "problem-search-traffic,social-media-manager/need,2026-11-15,9000\n"
    )
    if case == "broken":
        (root / "journeys" / "broken.yaml").write_text("kind: journey\nid: broken\ntitle: [x\n")
    if case == "pruned":
        review = root / "journeys" / "security-review.yaml"
        text = review.read_text()
        assert "    name: " in text
        review.write_text(text.replace("    name: ", "    nme: ", 1))
        # Messaging names the pruned stage: not judged, as stage ids are incomplete.
        messaging = root / "messaging" / "core-messaging.yaml"
        text = messaging.read_text()
        assert "  stages:\n    need:\n" in text
        messaging.write_text(
            text.replace(
                "  stages:\n", "  stages:\n    request-arrives:\n      use: [security pack]\n"
            )
        )
    return root


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if p.parent != root)


@pytest.mark.parametrize("case", ["planted", "broken", "pruned"])
def test_a_workspace_with_a_backlog_is_checked_one_file_at_a_time(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    root = _brightpost(tmp_path / "ws", case)
    full = validate_paths([root]).findings
    if case == "planted":  # the planted problems are found, on both sides of the backlog
        codes = {f.code for f in full}
        assert {"JM004", "JM501", "JM505", "JM510"} <= codes
        assert any("moved the wrong way" in f.message for f in full)
    names = _files(root)
    assert "backlog/cx-backlog.yaml" in names

    def want(*chosen: str) -> list[str]:
        """The chosen files' findings, and every link that lands nowhere (the planted
        opportunity names a journey that does not exist: no run passes)."""
        shown = {f"ws/{name}" for name in chosen} | {"ws/journeymap.yaml"}
        return lines(f for f in full if f.path in shown or breaks_a_link(f))

    for name in names:
        shutil.rmtree(root / ".journeymap", ignore_errors=True)
        assert lines(validate_paths([root / name]).findings) == want(name), f"{name} (cold)"
        assert lines(validate_paths([root / name]).findings) == want(name), f"{name} (warm)"
    # Without the details (deleted, or never written), the journeys a backlog names
    # are read again: still the same findings.
    shutil.rmtree(root / ".journeymap" / "cache" / "details")
    backlog = "backlog/cx-backlog.yaml"
    assert lines(validate_paths([root / backlog]).findings) == want(backlog)
    for name in names:  # the backlog checked together with each map, both in full
        if name.startswith("journeys/"):
            pair = [root / name, root / "backlog/cx-backlog.yaml"]
            assert lines(validate_paths(pair).findings) == want(name, "backlog/cx-backlog.yaml")


@pytest.mark.parametrize(
    "checked", ["backlog/cx-backlog.yaml", "journeys/social-media-manager.yaml"]
)
def test_a_backlog_is_summarised_like_the_maps(tmp_path, monkeypatch, checked):
    """Either side of the backlog is checked without parsing the other files (warm cache)."""
    monkeypatch.chdir(tmp_path)
    root = _brightpost(tmp_path / "ws", "planted")
    backlog = root / "backlog" / "cx-backlog.yaml"
    if checked.startswith("journeys/"):  # links that land nowhere load every file to locate
        start = backlog.read_text().index("\n  - id: planted-broken-links")
        end = backlog.read_text().index("\n  - id: planted-done-without-result")
        backlog.write_text(backlog.read_text()[:start] + backlog.read_text()[end:])
    validate_paths([root / "personas/it-admin.yaml"])  # fills the cache
    parsed: list[str] = []
    real = journeymap.parallel.load_document

    def spy(path, *args, **kwargs):
        parsed.append(Path(path).relative_to(root).as_posix())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(journeymap.parallel, "load_document", spy)
    run = validate_paths([root / checked])
    assert parsed == [checked]
    assert {"JM004", "JM505"} <= {f.code for f in run.findings} or {"JM501", "JM510"} <= {
        f.code for f in run.findings
    }


def test_a_changed_map_is_seen_from_the_backlog(tmp_path, monkeypatch):
    """pre-commit checks a changed map; the next check of the backlog sees its new ids."""
    monkeypatch.chdir(tmp_path)
    root = _brightpost(tmp_path / "ws", "planted")
    backlog = "backlog/cx-backlog.yaml"
    validate_paths([root / backlog])  # fills the cache, details included
    journey = root / "journeys" / "social-media-manager.yaml"
    journey.write_text(journey.read_text().replace("- id: missed-post\n", "- id: missed-posts\n"))
    validate_paths([journey])
    run = validate_paths([root / backlog])
    assert lines(run.findings) == expected(root, backlog)
    assert any("'social-media-manager/missed-post'" in f.message for f in run.findings)


RENAMES = {
    "journey": ("id: marketing-director\n", "id: marketing-director-2026\n"),
    "step": ("      - id: budget-freeze\n", "      - id: budget-hold\n"),
    "insight": ("      - id: legal-is-the-bottleneck\n", "      - id: legal-bottleneck\n"),
    "metric": ("      - id: gross-revenue-retention\n", "      - id: grr\n"),
}
"""Ids of the Brightpost director's journey that the backlog and the data file name."""


@pytest.mark.parametrize("renamed", list(RENAMES))
def test_a_renamed_id_fails_where_the_backlog_and_the_data_still_use_it(
    tmp_path, monkeypatch, renamed
):
    """pre-commit passes only the renamed journey; the backlog's `addresses`/`evidence`/
    `metric` and the data file's `scope`/`metric` that still name the old id are broken,
    so the one-file run fails where they are, as a full run does."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "ws"
    shutil.copytree(BRIGHTPOST, root)
    name = root / "journeys" / "marketing-director.yaml"
    assert validate_paths([name]).exit_code() == 0  # a warm cache, as pre-commit has
    old, new = RENAMES[renamed]
    assert old in name.read_text()
    name.write_text(name.read_text().replace(old, new, 1))
    run = validate_paths([name])
    full = validate_paths([root])
    broken = lines(f for f in full.findings if f.code == "JM004")
    assert run.exit_code() == full.exit_code() == 2
    assert lines(f for f in run.findings if f.code == "JM004") == broken
    places = {f.path for f in run.findings if f.code == "JM004"}
    assert places & {"ws/backlog/cx-backlog.yaml", "ws/data/metrics.csv"}, places
    if renamed in ("journey", "metric"):  # the data file names the journey and the metric
        assert "ws/data/metrics.csv" in places
    if renamed != "metric":
        assert "ws/backlog/cx-backlog.yaml" in places
