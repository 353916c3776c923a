"""The hostile-input catalogue: every bad input is one clear line or inert output.

Each case runs the real CLI in a child process with a memory cap and a time
bound, then asserts: the exit code, a one-line message naming the file (and
line:col where it applies), no Python traceback, bounded peak memory, and that
no input file changed (hashes before and after).

| case | input | must produce |
| --- | --- | --- |
| billion-laughs | 9 levels of 9 aliases | exit 2, alias-expansion limit at line:col |
| merge-bomb | nested `<<` merges of aliases | exit 2, alias-expansion limit |
| merge-into-scalar | `<<: text` | exit 2, "merge key must point at a mapping" |
| python-object-apply / -name / -new | `!!python/...` tags | exit 2, unsupported tag, nothing executed |
| custom-tag, binary-tag | `!vault`, `!!binary` | exit 2, unsupported tag |
| duplicate-keys | `name:` twice | exit 2, duplicate key with first line |
| multi-document | `---` twice | exit 2, more than one document |
| empty, only-comment | no document | exit 2, file is empty |
| top-level-list, top-level-scalar | not a mapping | exit 2, expected a mapping |
| utf8-bom | UTF-8 with BOM | exit 0, read normally |
| utf16 | UTF-16 | exit 2, save as UTF-8 |
| invalid-utf8 | Latin-1 byte | exit 2, invalid UTF-8 at line:col |
| nul-byte | NUL in text | exit 2, NUL byte at line:col |
| tab-indent | tab indentation | exit 2, tab at line:col |
| norway-boolean | `moment_of_truth: no` | exit 2, must be true or false (got 'no') |
| norway-text | `role: no`, `quote: on` | exit 0, kept as text |
| octal-looking-id | `id: 08` | exit 2, quote it |
| case-folded-ids | `need` and `Need` | exit 2, not a lowercase id |
| cyclic-next, self-reference | loops in `next` | validated without hanging |
| unknown-kind, wrong-types | schema errors | exit 2, located |
| ansi-escape | terminal escapes in a value | no escape byte reaches the output |
| deep-flow, deep-block | 100,000 nesting levels (generated) | exit 2, depth limit, no crash |
| huge-file | 200 MB (generated) | exit 2, size limit, not read |
| huge-scalar | 50 MB scalar with the size limit raised | exit 2, text too long, memory bounded |
| long-line | 5 MB single line | exit 2, text too long |
| device-file | /dev/zero | exit 2, not a regular file, nothing read |
| unreadable | mode 000 | exit 2, permission denied |
| directory-as-file | a directory named like a file | validated as a directory |
| symlink-loop | a directory symlinked into itself | exit 0, walk terminates |
| file-symlink-loop | `a.yaml` → `b.yaml` → `a.yaml` | validate: JM001 per file, others checked; render works |
| spaces-unicode-path | `my maps/persönas/…` | exit 0, and errors name the path |
| injection-everywhere | every text field an HTML/DOT/Mermaid payload | html, dot, svg, mermaid rendered inert |
| output-onto-input | `render -o` the journey itself (even with --force) | exit 2, input unchanged |
| output-onto-workspace | `export`/`render`/`diff`/`export backlog -o` any workspace file, any spelling | exit 2, input unchanged |
| missing-output-folder | `-o new/dir/file` for every writer | the folders are created |
| impossible-init | `init a-file/sub`, `init /proc/nope` | exit 2, "cannot create" |
| read-only-output-dir | `render`/`diff -o` into a read-only directory | exit 2, "cannot write: Permission denied" |
| file-as-directory | `-o a-file/out.html` | exit 2, "is a file, not a directory" |
| option-shaped-revision | `diff -- --output=/tmp/x HEAD` and friends | exit 2, refused, nothing written |
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
RUNNER = Path(__file__).parent / "run_cli.py"
TIME_BOUND_S = 10
MEMORY_CAP_BYTES = 2 * 1024**3
"""Address-space cap for the child: a runaway allocation fails loudly instead of swapping."""
PEAK_RSS_BOUND_KIB = 600 * 1024
LOCATED = r":\d+:\d+: .*"


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    peak_kib: int

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


def run(*args: str | Path, cwd: Path | None = None, drop_root: bool = False, tmp: Path) -> Outcome:
    """Run the CLI like a user would, bounded in time and memory."""
    rss_file = tmp / ".rss"
    command = [sys.executable, str(RUNNER), *map(str, args)]
    if drop_root and os.geteuid() == 0:
        # root ignores file permissions; drop the capabilities that let it.
        capsh = shutil.which("capsh")
        assert capsh, "capsh (Debian package libcap2-bin) is needed to test permissions as root"
        command = [
            capsh,
            "--drop=cap_dac_override,cap_dac_read_search",
            "--",
            "-c",
            shlex.join(command),
        ]
    env = {**os.environ, "JM_RSS_FILE": str(rss_file), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("JOURNEYMAP_DEBUG", None)
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIME_BOUND_S,
        cwd=cwd,
        env=env,
        preexec_fn=_cap_memory,
        check=False,
    )
    peak = int(rss_file.read_text()) if rss_file.exists() else 0
    return Outcome(completed.returncode, completed.stdout, completed.stderr, peak)


def digest(paths: list[Path]) -> dict[Path, str]:
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in paths
        if path.is_file() and os.access(path, os.R_OK)
    }


def assert_clean_failure(outcome: Outcome, code: int, pattern: str) -> None:
    """Exit code as expected, a matching single line, no traceback, bounded memory."""
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.code == code, outcome.output
    lines = [line for line in outcome.output.splitlines() if re.search(pattern, line)]
    assert lines, f"no line matches {pattern!r} in:\n{outcome.output}"
    assert outcome.peak_kib < PEAK_RSS_BOUND_KIB, f"peak memory {outcome.peak_kib} KiB"


# (fixture, exit code, regex the located line must match)
FIXTURE_CASES = [
    ("billion-laughs.yaml", 2, LOCATED + r"more than 1,000,000 values after expanding aliases"),
    ("merge-bomb.yaml", 2, LOCATED + r"more than 1,000,000 values after expanding aliases"),
    ("merge-into-scalar.yaml", 2, r":4:5: .*a merge key \(<<\) must point at a mapping"),
    ("python-object-apply.yaml", 2, r":3:7: .*unsupported tag '!!python/object/apply:os.system'"),
    ("python-name.yaml", 2, r":3:7: .*unsupported tag '!!python/name:os.system'"),
    (
        "python-object-new.yaml",
        2,
        r":3:7: .*unsupported tag '!!python/object/new:subprocess.Popen'",
    ),
    ("custom-tag.yaml", 2, r":3:7: .*unsupported tag '!vault'"),
    ("binary-tag.yaml", 2, r":3:7: .*unsupported tag '!!binary'"),
    ("duplicate-keys.yaml", 2, r":5:1: .*duplicate key 'name' \(first defined on line 3\)"),
    ("multi-document.yaml", 2, r":4:1: .*invalid YAML: contains more than one YAML document"),
    ("empty.yaml", 2, r":1:1: .*file is empty"),
    ("only-comment.yaml", 2, r":1:1: .*file is empty"),
    ("top-level-list.yaml", 2, r":1:1: .*the file holds a list; expected a mapping"),
    ("top-level-scalar.yaml", 2, r":1:1: .*the file holds a single value; expected a mapping"),
    ("utf16.yaml", 2, r":1:1: .*file is UTF-16 encoded; save it as UTF-8"),
    ("invalid-utf8.yaml", 2, r":3:10: .*invalid UTF-8 byte 0xe9"),
    ("nul-byte.yaml", 2, r":3:10: .*contains a NUL byte"),
    ("tab-indent.yaml", 2, r":4:1: .*invalid YAML: a tab is used for indentation"),
    ("norway-boolean.yaml", 2, r":11:26: .*moment_of_truth: must be true or false \(got 'no'\)"),
    (
        "octal-looking-id.yaml",
        2,
        r":5:9: .*stage 'Eighth stage' › id: must be text, but YAML reads 08 as a number; "
        r"put it in quotes",
    ),
    (
        "case-folded-ids.yaml",
        2,
        r":7:9: .*stage 'Need again' › id: must be an id of lowercase letters.*try 'need-2'",
    ),
    (
        "unknown-kind.yaml",
        2,
        r":1:7: .*kind: must be one of: journey, persona, messaging, backlog \(got 'journy'\)",
    ),
    ("wrong-types.yaml", 2, r":4:11: .*personas: must be a list"),
]


@pytest.mark.parametrize(
    ("fixture", "code", "pattern"), FIXTURE_CASES, ids=[c[0] for c in FIXTURE_CASES]
)
def test_fixture_case(fixture, code, pattern, tmp_path):
    source = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, source)
    before = digest([source])
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(outcome, code, re.escape(str(source)) + pattern)
    assert digest([source]) == before
    assert not Path("/tmp/journeymap-pwned").exists()


@pytest.mark.parametrize(
    "fixture", ["utf8-bom.yaml", "norway-text.yaml", "cyclic-next.yaml", "self-reference.yaml"]
)
def test_readable_edge_cases_are_accepted(fixture, tmp_path):
    """Odd but valid input, loops in `next` included: read normally, no hang, no input error."""
    source = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, source)
    outcome = run("validate", source, tmp=tmp_path)
    assert "Traceback" not in outcome.output
    assert outcome.code in (0, 1), outcome.output
    assert "JM00" not in outcome.stdout, outcome.output


def test_norway_values_stay_text():
    from journeymap.document import load_document

    result = load_document(FIXTURES / "norway-text.yaml")
    assert result.findings == []
    persona = result.document.model
    assert (persona.role, persona.quote, persona.goals) == ("no", "on", ["yes", "off"])


def test_terminal_escapes_never_reach_the_output(tmp_path):
    source = tmp_path / "ansi.yaml"
    shutil.copyfile(FIXTURES / "ansi-escape.yaml", source)
    outcome = run("validate", source, tmp=tmp_path)
    assert outcome.code == 2
    assert "channel: must be one of" in outcome.stdout
    assert "\x1b" not in outcome.output and "\x07" not in outcome.output


def test_deep_flow_nesting(tmp_path):
    source = tmp_path / "deep-flow.yaml"
    source.write_text("[" * 100_000 + "]" * 100_000)
    assert_clean_failure(
        run("validate", source, tmp=tmp_path),
        2,
        r":1:65: .*nested deeper than 64 levels|:1:1001: .*exceeded maximum nesting depth",
    )


def test_deep_block_nesting(tmp_path):
    source = tmp_path / "deep-block.yaml"
    source.write_text("- " * 100_000 + "x\n")
    assert_clean_failure(
        run("validate", source, tmp=tmp_path), 2, r":1:129: .*nested deeper than 64 levels"
    )


def test_huge_file_is_refused_without_reading(tmp_path):
    source = tmp_path / "huge.yaml"
    with source.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing 200 MB
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, r"huge\.yaml: .*file is 209,715,200 bytes, larger than the limit"
    )


def test_huge_scalar_with_raised_limit_is_bounded(tmp_path):
    (tmp_path / "journeymap.yaml").write_text("limits: {max_file_size: 100000000}\n")
    source = tmp_path / "scalar.yaml"
    with source.open("w") as handle:
        handle.write("kind: persona\nid: big\nname: ")
        handle.write("x" * (50 * 1024 * 1024))
        handle.write("\n")
    outcome = run("validate", source, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"scalar\.yaml:3:7: .*name: is longer than 10000 characters")


def test_extremely_long_line(tmp_path):
    source = tmp_path / "long.yaml"
    source.write_text("kind: persona\nid: long\nname: Sam\nquote: '" + "blah " * 1_000_000 + "'\n")
    assert_clean_failure(
        run("validate", source, tmp=tmp_path), 2, r":4:8: .*quote: is longer than 10000"
    )


def test_device_file_is_not_read(tmp_path):
    outcome = run("validate", "/dev/zero", tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"/dev/zero: .*not a regular file \(a device\)")


def test_unreadable_file(tmp_path):
    source = tmp_path / "secret.yaml"
    source.write_text("kind: persona\nid: secret\nname: Secret\n")
    source.chmod(0)
    tmp_path.chmod(0o777)
    outcome = run("validate", source, tmp=tmp_path, drop_root=True)
    assert_clean_failure(outcome, 2, r"secret\.yaml: .*permission denied")


def test_directory_named_like_a_file_is_walked(tmp_path):
    folder = tmp_path / "personas.yaml"
    folder.mkdir()
    (folder / "sam.yaml").write_text("kind: persona\nid: sam\nname: Sam\n")
    outcome = run("validate", folder, tmp=tmp_path)
    assert outcome.code == 0, outcome.output


def test_symlink_loop_in_workspace(tmp_path):
    workspace = tmp_path / "maps"
    workspace.mkdir()
    (workspace / "sam.yaml").write_text("kind: persona\nid: sam\nname: Sam\n")
    (workspace / "loop").symlink_to(workspace, target_is_directory=True)
    (workspace / "dangling.yaml").symlink_to(workspace / "missing.yaml")
    outcome = run("validate", workspace, tmp=tmp_path)
    assert "Traceback" not in outcome.output
    assert_clean_failure(outcome, 2, r"dangling\.yaml: .*no such file")


def test_file_symlink_loop_is_one_finding_per_file_and_stops_nothing(tmp_path):
    workspace = _copy_examples(tmp_path)
    (workspace / "journeys/a.yaml").symlink_to("b.yaml")
    (workspace / "journeys/b.yaml").symlink_to("a.yaml")
    whole = run("validate", workspace, tmp=tmp_path)
    for name in ("a", "b"):
        assert_clean_failure(whole, 2, rf"journeys/{name}\.yaml: JM001 .*symbolic links")
    assert "internal error" not in whole.output
    checked = re.search(r"Found 2 errors in 2 files \((\d+) files checked\)", whole.output)
    assert checked and int(checked[1]) > 2, whole.output  # the other files were checked
    journey = workspace / "journeys/social-media-manager.yaml"
    named = run("validate", journey, tmp=tmp_path)
    assert named.code == 0, named.output
    render = run("render", journey, "-o", tmp_path / "out.html", tmp=tmp_path)
    assert render.code == 0, render.output
    site = run("render", workspace, "--site", "-o", tmp_path / "site", tmp=tmp_path)
    assert site.code == 0, site.output


def test_path_with_spaces_and_unicode(tmp_path):
    folder = tmp_path / "my maps" / "persönas ✓"
    folder.mkdir(parents=True)
    good = folder / "Zoë smith.yaml"
    good.write_text("kind: persona\nid: zoe\nname: Zoë\n", encoding="utf-8")
    assert run("validate", folder, tmp=tmp_path).code == 0
    good.write_text("kind: persona\nid: zoe\nname: Zoë\nemotion: 1\n", encoding="utf-8")
    outcome = run("validate", folder, tmp=tmp_path)
    assert_clean_failure(
        outcome, 2, re.escape("persönas ✓/Zoë smith.yaml") + r":4:1: .*emotion: unknown key"
    )


EXAMPLE_JOURNEY = (
    Path(__file__).resolve().parents[2] / "examples/brightpost/journeys/social-media-manager.yaml"
)


def _copy_examples(tmp_path: Path) -> Path:
    workspace = tmp_path / "brightpost"
    shutil.copytree(EXAMPLE_JOURNEY.parents[1], workspace)
    return workspace


def test_injection_in_every_text_field_renders_inert(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from render_helpers import hostile_workspace

    journey = hostile_workspace(tmp_path / "hostile")
    files = sorted((tmp_path / "hostile").rglob("*.yaml"))
    before = digest(files)
    out = tmp_path / "out"
    for fmt in ("html", "dot", "mermaid"):
        outcome = run("render", journey, "--format", fmt, "-o", out / f"map.{fmt}", tmp=tmp_path)
        assert outcome.code == 0, outcome.output
        assert "Traceback" not in outcome.output
    html = (out / "map.html").read_text()
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\sonerror=", html)
    assert "&lt;script&gt;" in html
    dot = (out / "map.dot").read_text()
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True
    ).stdout
    node_names = re.findall(r'class="node">\s*<title>([^<]*)</title>', svg)
    # 9 steps, a blueprint note under each of the 3 steps with lanes and a placeholder for
    # each of their 3 sub-journey links: every node name is ours, none came from the map.
    assert len(node_names) == 15
    assert all(re.fullmatch(r"[sbl]\d+", name) for name in node_names), node_names
    mermaid = (out / "map.mermaid").read_text()
    assert "%%{" not in mermaid and "<script" not in mermaid
    assert digest(files) == before


def test_output_onto_an_input_file_is_refused(tmp_path):
    workspace = _copy_examples(tmp_path)
    journey = workspace / "journeys/social-media-manager.yaml"
    files = sorted(workspace.rglob("*.yaml"))
    before = digest(files)
    for extra in ([], ["--force"]):
        outcome = run("render", journey, "-o", journey, *extra, tmp=tmp_path)
        assert_clean_failure(outcome, 2, r"social-media-manager\.yaml: .*input file")
    outcome = run("diff", journey, journey, "-o", journey, "--force", tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"social-media-manager\.yaml: .*input")
    assert digest(files) == before


def _spellings(workspace: Path, tmp_path: Path) -> list[Path]:
    """Workspace inputs spelled every way: relative (cwd), ``..``, absolute, a symlink."""
    link = tmp_path / "link.txt"
    link.symlink_to(workspace / "personas/marketing-director.yaml")
    return [
        Path("journeymap.yaml"),
        Path("../brightpost/journeys/team-plan-buying-group.yaml"),
        workspace / "backlog/cx-backlog.yaml",
        link,
    ]


def test_no_writer_overwrites_a_workspace_input(tmp_path):
    """Not only the file a command reads: every input of the workspace the output lands in,
    even when the file read comes from elsewhere (a copy outside the workspace)."""
    workspace = _copy_examples(tmp_path)
    journey = workspace / "journeys/social-media-manager.yaml"
    outside = tmp_path / "copy.yaml"
    shutil.copyfile(journey, outside)
    files = sorted(path for path in workspace.rglob("*") if path.is_file())
    before = digest(files)
    for target in _spellings(workspace, tmp_path):
        for command in (
            ["export", journey, "-o", target, "--force"],
            ["export", outside, "-o", target, "--force"],
            ["render", outside, "-o", target, "--force"],
            ["diff", outside, outside, "-o", target, "--force"],
            ["export", "backlog", workspace / "backlog", "-o", target, "--force"],
        ):
            outcome = run(*command, cwd=workspace, tmp=tmp_path)
            assert_clean_failure(
                outcome, 2, re.escape(str(target)) + r": is an input file of this workspace"
            )
    link = workspace / ".journeymap/journey.schema.json"
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(journey)
    outcome = run("schema", "--write", link.parent, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"journey\.schema\.json: is an input file of this workspace")
    assert digest(files) == before


def test_every_writer_creates_missing_output_folders(tmp_path):
    """One rule for every writer (some used to create the folder, some to refuse)."""
    workspace = _copy_examples(tmp_path)
    journey = workspace / "journeys/social-media-manager.yaml"
    out = tmp_path / "new"
    commands = {
        "render": ["render", journey, "-o", out / "render/deep/map.html"],
        "export": ["export", journey, "-o", out / "export/deep/map.xlsx"],
        "backlog": ["export", "backlog", workspace, "-o", out / "backlog/deep/backlog.csv"],
        "diff": ["diff", journey, journey, "-o", out / "diff/deep/diff.txt"],
        "new": ["new", "persona", "zed", "-o", out / "new/deep/zed.yaml"],
        "schema": ["schema", "--write", out / "schema/deep"],
    }
    for command in commands.values():
        outcome = run(*command, cwd=tmp_path, tmp=tmp_path)
        assert outcome.code == 0, outcome.output
    assert all(any((out / name / "deep").iterdir()) for name in commands)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("a-file/sub", r"a-file/sub: cannot create: .*a-file is a file, not a directory"),
        ("/proc/journeymap-nope", r"/proc/journeymap-nope: cannot create: "),
    ],
)
def test_init_into_an_impossible_folder_is_one_line(tmp_path, where, message):
    (tmp_path / "a-file").write_text("keep me")
    outcome = run("init", where, cwd=tmp_path, tmp=tmp_path)
    assert_clean_failure(outcome, 2, message)
    assert "internal error" not in outcome.output
    assert (tmp_path / "a-file").read_text() == "keep me"


def test_read_only_output_directory(tmp_path):
    workspace = _copy_examples(tmp_path)
    journey = workspace / "journeys/social-media-manager.yaml"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    tmp_path.chmod(0o777)
    render = run("render", journey, "-o", locked / "map.html", tmp=tmp_path, drop_root=True)
    assert_clean_failure(render, 2, r"locked/map\.html: cannot write: Permission denied")
    diff = run(
        "diff",
        journey,
        journey,
        "-o",
        locked / "d.md",
        "-f",
        "markdown",
        tmp=tmp_path,
        drop_root=True,
    )
    assert_clean_failure(diff, 2, r"locked/d\.md: cannot write: Permission denied")
    assert list(locked.iterdir()) == []


def test_a_file_where_a_directory_is_expected(tmp_path):
    workspace = _copy_examples(tmp_path)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me")
    outcome = run("render", workspace, "-o", blocker / "maps", tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"notes\.txt is a file, not a directory")
    assert blocker.read_text() == "keep me"


@pytest.mark.parametrize(
    "revision",
    [
        "--output=/tmp/journeymap-x",
        "-p",
        "--upload-pack=touch /tmp/journeymap-x",
        "HEAD;touch x",
        "$(touch x)",
    ],
)
def test_option_shaped_revision_is_refused(tmp_path, revision):
    repo = Path(__file__).resolve().parents[2]
    outcome = run("diff", "--", revision, "HEAD", cwd=repo, tmp=tmp_path)
    assert_clean_failure(outcome, 2, r"not an acceptable git revision name|not a file or directory")
    assert not Path("/tmp/journeymap-x").exists()
    assert not (repo / "x").exists()
