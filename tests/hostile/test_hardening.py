"""Red-team regressions outside the loader: injection, encodings, processes, writes.

Each case runs the real CLI in a child process (``run`` from the catalogue:
time and memory bounds) and asserts the exit code, one clear line and no
traceback.

| case | attack | must produce |
| --- | --- | --- |
| workflow-command-key | a key holding ``\\n::error …::`` / ``::stop-commands::`` | one finding line, no line starting with ``::`` but ours |
| non-utf8-file-name | a file name with byte 0xE9 | SARIF and JSON are valid UTF-8, the URI percent-encodes the byte |
"""

from __future__ import annotations

import json
import os
import re

from test_catalogue import run

INJECTED_KEY = "bad\n::error file=x::pwned\n::stop-commands::token\n\x1b]8;;http://evil\x07"


def test_workflow_commands_in_a_key_stay_inert(tmp_path):
    source = tmp_path / "sam.yaml"
    source.write_text(f"kind: persona\nid: sam\nname: Sam\n{json.dumps(INJECTED_KEY)}: 1\n")
    for fmt in ("text", "github"):
        outcome = run("validate", source, "--format", fmt, tmp=tmp_path)
        assert outcome.code == 2, outcome.output
        assert "Traceback" not in outcome.output
        assert "\x1b" not in outcome.output and "\x07" not in outcome.output
        commands = [line for line in outcome.stdout.splitlines() if line.startswith("::")]
        if fmt == "text":
            assert commands == []
            lines = [line for line in outcome.stdout.splitlines() if "unknown key" in line]
            assert len(lines) == 1 and "bad\\x0a::error file=x::pwned" in lines[0], lines
        else:
            assert len(commands) == 1 and commands[0].startswith("::error file="), commands


def test_non_utf8_file_name_gives_utf8_sarif_and_json(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.yaml")
    (folder / name).write_text("kind: persona\nid: cafe\nname: Caf\nemotion: 1\n")
    outcome = run("validate", folder, "--format", "sarif", tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    assert "internal error" not in outcome.output
    log = json.loads(outcome.stdout)
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
    ]
    assert uris and all(re.search(r"caf%E9\.yaml$", uri) for uri in uris), uris
    outcome = run("validate", folder, "--format", "json", tmp=tmp_path)
    assert outcome.code == 2, outcome.output
    report = json.loads(outcome.stdout)
    assert report["findings"][0]["path"].endswith("caf\\xe9.yaml")
