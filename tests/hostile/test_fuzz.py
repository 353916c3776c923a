"""Property-based fuzzing: any text, and any mutation of a valid example, gives a clean
result or a clear error — never a traceback or a hang.

CI keeps the example count modest. To fuzz longer, set ``JM_FUZZ_EXAMPLES``:

    JM_FUZZ_EXAMPLES=5000 python -m pytest -q tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.findings import InputError
from journeymap.loader import parse_yaml
from journeymap.validate import validate_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml") if p.name != "journeymap.yaml")
FUZZ = settings(
    max_examples=int(os.environ.get("JM_FUZZ_EXAMPLES", "60")),
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("JM_FUZZ_EXAMPLES") is None,
)

TOKENS = [
    *"abcxyz019 -:[]{},'\"&*!|>#%@`?<\n\t\\",
    "kind: ",
    "id: ",
    "---",
    "<<: ",
    "!!python/",
    "&a ",
    "*a",
]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@FUZZ
@given(text=st.one_of(YAMLISH, st.text(max_size=200)))
def test_any_text_parses_or_fails_cleanly(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except InputError as error:
        assert error.finding.path == "fuzz.yaml"
        assert "\n" not in error.finding.message


MUTATIONS = ("delete-line", "duplicate-line", "insert", "indent", "dedent", "truncate", "swap")


def mutate(draw: st.DrawFn, lines: list[str]) -> None:
    """Apply one random line-level edit, the kind a hurried editor makes."""
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(MUTATIONS))
    if kind == "delete-line":
        del lines[index]
    elif kind == "duplicate-line":
        lines.insert(index, lines[index])
    elif kind == "insert":
        lines.insert(index, draw(YAMLISH))
    elif kind == "indent":
        lines[index] = "  " + lines[index]
    elif kind == "dedent":
        lines[index] = lines[index][2:]
    elif kind == "truncate":
        lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    else:
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    path = draw(st.sampled_from(EXAMPLE_FILES))
    lines = path.read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if lines:
            mutate(draw, lines)
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=mutated_example())
def test_mutated_examples_validate_or_fail_cleanly(text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "doc.yaml").write_text(text, encoding="utf-8")
    try:
        run = validate_paths([folder])
    except InputError as error:
        assert "\n" not in str(error)
        return
    for finding in run.findings:
        assert finding.path.endswith("doc.yaml")
        assert "\n" not in finding.message
        assert finding.line is None or finding.line >= 1
    assert run.exit_code() in (0, 1, 2)


WORKSPACE = EXAMPLES / "brightpost"


@st.composite
def mutated_workspace_file(draw: st.DrawFn) -> tuple[str, str]:
    """(relative path of a workspace file, its mutated text)."""
    path = draw(st.sampled_from(sorted(WORKSPACE.rglob("*.yaml"))))
    lines = path.read_text(encoding="utf-8").splitlines()
    mutate(draw, lines)
    return path.relative_to(WORKSPACE).as_posix(), "\n".join(lines) + "\n"


@FUZZ
@given(change=mutated_workspace_file())
def test_mutated_workspaces_render_and_diff_or_fail_cleanly(change, tmp_path_factory):
    """render (html, dot, mermaid) and diff (every format) on a mutated copy of the examples."""
    import shutil

    from journeymap.diff import run_diff
    from journeymap.diff.report import renderer
    from journeymap.render import render_journey
    from journeymap.workspace import load_workspaces

    relative, text = change
    folder = tmp_path_factory.mktemp("ws") / "brightpost"
    shutil.copytree(WORKSPACE, folder)
    (folder / relative).write_text(text, encoding="utf-8")
    try:
        (workspace,) = load_workspaces([folder])
    except InputError:
        return
    for document in workspace.of_kind("journey"):
        for fmt in ("html", "dot", "mermaid"):
            try:
                output = render_journey(workspace, document, fmt)
            except InputError as error:
                assert "\n" not in str(error)
                continue
            assert isinstance(output, str) and output
    try:
        result = run_diff(str(WORKSPACE), str(folder))
    except InputError as error:
        assert "\n" not in str(error)
        return
    for fmt in ("text", "markdown", "json", "html"):
        assert renderer(fmt)(result, False)
