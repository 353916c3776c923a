"""Every reporter neutralises hostile user text: no raw control character, no injected
workflow command, always valid UTF-8.

hypothesis builds keys, titles, stage and step names out of control characters
(ESC, BEL, CR, LF, NEL, other C0/C1), bidi overrides, line separators and
``::error::``/``::stop-commands::`` fragments, and file names out of arbitrary
bytes (invalid UTF-8 included, which Python holds as lone surrogates). The real
CLI runs in a child process for ``validate`` in every format and ``diff`` as
text and markdown; the raw bytes of stdout and stderr must decode as UTF-8 and
hold no control character but the line feed, and a line may start with ``::``
only when it is one of the github format's own annotations.

CI runs a few examples (each costs six CLI runs); set ``JM_FUZZ_EXAMPLES`` to
run more.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RUNNER = Path(__file__).parent / "run_many.py"
HOSTILE = [
    *(chr(code) for code in range(0x20) if chr(code) != "\x00"),
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
    "\x1b[2J",
    "\x1b]8;;https://evil.example\x07",
    "\n::error file=x,line=1::pwned\n",
    "\n::stop-commands::token\n",
    "::warning::",
    "%0A",
    "a",
    "Zoë",
    " ",
]
NASTY = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=8).map("".join)
VISIBLE = NASTY.filter(lambda text: not text.isspace())
"""Hostile text for names and titles, which must not be blank (a schema error): str.isspace
counts more characters as space than the model's pattern, so none that passes is refused."""
FILE_NAME_BYTE = st.integers(1, 255).filter(lambda byte: byte != ord("/"))
NASTY_NAME = st.lists(FILE_NAME_BYTE, min_size=1, max_size=20).map(bytes)
UNSAFE_OUTPUT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OUR_ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:]*::")
SETTINGS = settings(
    max_examples=int(os.environ.get("JM_FUZZ_EXAMPLES", "6")),
    deadline=timedelta(seconds=60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("JM_FUZZ_EXAMPLES") is None,
)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string escapes are valid YAML escapes)."""
    return json.dumps(text)


def journey(title: str, stage: str, step: str, emotion: int) -> str:
    return (
        f"kind: journey\nid: hostile\ntitle: {quoted(title)}\nstages:\n"
        f"  - id: need\n    name: {quoted(stage)}\n    steps:\n"
        f"      - id: first\n        name: {quoted(step)}\n        emotion: {emotion}\n"
    )


def run_cli(runs: list[list[str]], cwd: Path) -> list[tuple[int, bytes, bytes]]:
    """Each argument list as a CLI run, all in one child process: (exit code, stdout, stderr)."""
    out = cwd / "out"
    out.mkdir()
    completed = subprocess.run(
        [sys.executable, str(RUNNER), str(out), json.dumps(runs)],
        capture_output=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return [
        (
            int((out / f"{index}.code").read_text()),
            (out / f"{index}.out").read_bytes(),
            (out / f"{index}.err").read_bytes(),
        )
        for index in range(len(runs))
    ]


def assert_inert(raw: bytes, context: str) -> None:
    text = raw.decode("utf-8")  # raises when the output is not valid UTF-8
    assert "Traceback" not in text and "internal error" not in text, context + text
    found = UNSAFE_OUTPUT.findall(text)
    assert not found, f"{context}: raw control characters {found!r} in\n{text!r}"
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            assert OUR_ANNOTATION.match(line), f"{context}: injected command {line!r}"


@SETTINGS
@given(key=NASTY, title=VISIBLE, stage=VISIBLE, step=VISIBLE, name=NASTY_NAME)
def test_reporters_neutralise_hostile_text(tmp_path_factory, key, title, stage, step, name):
    root = tmp_path_factory.mktemp("hostile")
    persona = f"kind: persona\nid: sam\nname: {quoted(title)}\n{quoted(key)}: 1\n"
    (root / "ws").mkdir()
    (root / "ws" / os.fsdecode(name + b".yaml")).write_text(persona, encoding="utf-8")
    old, new = root / "old", root / "new"
    for side, emotion in ((old, 1), (new, -1)):
        side.mkdir()
        text = journey(title, stage, step + ("" if side is old else " (renamed)"), emotion)
        (side / os.fsdecode(name + b".yaml")).write_text(text, encoding="utf-8")
    validate_formats, diff_formats = ("text", "json", "github", "sarif"), ("text", "markdown")
    runs = [["validate", "ws", "--format", fmt] for fmt in validate_formats]
    runs += [["diff", "old", "new", "--format", fmt] for fmt in diff_formats]
    results = run_cli(runs, root)
    for arguments, (code, out, err) in zip(runs, results, strict=True):
        context = " ".join(arguments)
        assert code == (2 if arguments[0] == "validate" else 1), (context, out, err)
        assert_inert(out, context + " stdout")
        assert_inert(err, context + " stderr")
