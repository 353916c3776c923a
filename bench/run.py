"""Benchmark of ``journeymap validate`` (and render, diff, start-up) as ratios measured side by side.

Every figure is the best of several repetitions after a warm-up, and every
comparison times both sides in the same run, interleaved (A, B, A, B…), so that
the ratios hold on a noisy shared machine where absolute times do not.

    python bench/run.py                     # the full table (a few minutes on 2 cores)
    python bench/run.py --quick             # tiny sizes, for the smoke test
    python bench/run.py --profile           # also print where validate spends its time

Rows:

* validate vs check-jsonschema: both command lines on the same ``--vocabulary-maps``
  maps whose step names come from a shared vocabulary (bench/realistic.py), so
  each side's start-up is shared by as many files. check-jsonschema checks them
  against ``schemas/journey.schema.json``. Per map; journeymap once without the
  summary cache that a run of more than 128 files fills (a fresh CI clone), once
  with it (a second run).
* findings-heavy vs clean: the same vocabulary maps with ~20 warnings planted in
  each, CLI end to end (the text report included).
* the text report of those findings (about 10,000) written to a file, as a share
  of the run that found them.
* lint alone: references and lint rules on a loaded workspace holding one
  ``--big-steps``-step journey (clean vocabulary names), and one of 60 steps
  whose names are 1,200 words each.
* start-up: ``journeymap --version`` / ``--help`` and ``validate`` of one small
  map against ``python -c "import typer"``, and typer's own floor: a typer command
  with validate's options that does nothing (``bench/typer_floor.py``).

Every child process reads compiled bytecode, as an installed package does, even
where ``PYTHONDONTWRITEBYTECODE`` is set (see ``child_environment``).
* ``--jobs``: the default process count against ``--jobs 1`` and ``--jobs 2``.
* validate vs the floor: in-process, ``validate_paths`` (schema, references, lint)
  against reading the same files with PyYAML's C loader plus pydantic's
  ``model_validate``, the least any YAML + pydantic validator has to do.
* scaling: per-map cost of ``validate_paths`` at each of ``--sizes``, with the
  summary cache and, for the larger sizes, without it.
* render (HTML) and diff of one 1,000-step journey, end to end; "n/a" when the
  command is not there.
* peak memory (ru_maxrss) of a child process validating the largest size, without
  the summary cache (a first run keeps the most).
* the fast path: validate in-process with the compiled parser (the ``fast`` extra)
  and with libyaml alone, on the clean and the findings-heavy vocabulary maps.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import importlib.util
import io
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Generated, big_journey, generate_workspace, to_yaml, write_big_pair
from realistic import OBJECTS as VOCABULARY_WORDS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "journey.schema.json"


@dataclass(slots=True)
class Row:
    """One line of the table: what was measured, both sides, and the goal."""

    name: str
    ours: str
    reference: str
    ratio: str
    goal: str
    met: bool | None  # None: not applicable / not measured

    def cells(self) -> list[str]:
        verdict = {True: "yes", False: "NO", None: "n/a"}[self.met]
        return [self.name, self.ours, self.reference, self.ratio, self.goal, verdict]


# --- timing ----------------------------------------------------------------------------


def best_of(
    functions: Sequence[Callable[[], object]],
    repeat: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Best time of each function, run interleaved after one warm-up round.

    Wall time by default (child processes count); ``time.process_time`` for
    in-process work, which other engineers' load on a shared machine moves less.
    The best CPU time of the same runs (this process and its children) is left in
    ``LAST_CPU``, for the rows that quote it.
    """
    for function in functions:
        function()
    best = [float("inf")] * len(functions)
    cpu = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start, start_cpu = clock(), cpu_time()
            function()
            best[index] = min(best[index], clock() - start)
            cpu[index] = min(cpu[index], cpu_time() - start_cpu)
    LAST_CPU[:] = cpu
    return best


LAST_CPU: list[float] = []


def cpu_time() -> float:
    """CPU seconds of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def script(name: str) -> str | None:
    """A console script of this interpreter (not a pyenv shim, which adds ~50 ms)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a timed child process: bytecode cached, as users have it.

    An installed package reads its compiled bytecode (pip writes it at install
    time, or Python on the first import). A checkout run with
    ``PYTHONDONTWRITEBYTECODE`` set (as some CI and sandbox images do) compiles
    every module from source on every run instead, about 100 ms for journeymap
    alone: a cost no user pays. So every child may write and read bytecode, into
    the bench's own cache (``PYTHONPYCACHEPREFIX``, nothing is written beside
    the sources); the warm-up round of ``best_of`` fills it for both sides of a
    comparison.
    """
    environment = {**os.environ, "PYTHONPYCACHEPREFIX": str(PYCACHE), **(extra or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


PYCACHE = Path(tempfile.mkdtemp(prefix="journeymap-bench-pycache-"))
"""The bytecode cache of the timed children (removed when the bench exits)."""
atexit.register(shutil.rmtree, PYCACHE, ignore_errors=True)


def command(
    args: Sequence[str], ok: Sequence[int] = (0,), env: dict[str, str] | None = None
) -> Callable[[], None]:
    """A callable that runs ``args`` quietly and fails loudly on an unexpected exit code."""
    environment = child_environment(env)

    def run() -> None:
        done = subprocess.run(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
            env=environment,
        )
        if done.returncode not in ok:
            raise RuntimeError(
                f"{' '.join(args[:3])}… exited {done.returncode}: {done.stderr.decode()[:500]}"
            )

    return run


def uncached(root: Path, run: Callable[[], None]) -> Callable[[], None]:
    """``run`` with the workspace's summary cache removed first, as in a fresh clone: a
    validate run of more than 128 files reads the cache and fills it for the next run."""

    def cold() -> None:
        shutil.rmtree(root / ".journeymap", ignore_errors=True)
        run()

    return cold


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


# --- the measurements ------------------------------------------------------------------


def cli_vs_check_jsonschema(workspace: Generated, repeat: int) -> list[Row]:
    """Both command lines on the same maps, so each one's start-up is shared by as many
    files: journeymap without its cache (a fresh CI clone) and with it (a second run)."""
    journeymap, checker = script("journeymap"), script("check-jsonschema")
    maps = len(workspace.journeys)
    name = f"validate CLI, per vocabulary map ({maps:,} maps each)"
    if journeymap is None or checker is None:
        return [Row(name, "", "check-jsonschema not installed", "", ">= 30x faster", None)]
    files = [str(path) for path in workspace.journeys]
    ours = command([journeymap, "validate", str(workspace.root)])
    theirs = command([checker, "--schemafile", str(SCHEMA), *files])
    times = best_of([uncached(workspace.root, ours), ours, theirs], max(1, repeat - 1))
    cpus = list(LAST_CPU)
    theirs_time, theirs_cpu = times[2], cpus[2]
    rows = []
    for label, ours_time, ours_cpu in [
        (", no cache", times[0], cpus[0]),
        (", summaries cached", times[1], cpus[1]),
    ]:
        ratio = theirs_time / ours_time
        rows.append(
            Row(
                name + label,
                f"{ms(ours_time / maps)} (CPU {ms(ours_cpu / maps)})",
                f"check-jsonschema {ms(theirs_time / maps)} (CPU {ms(theirs_cpu / maps)})",
                f"{ratio:,.0f}x faster (CPU {theirs_cpu / ours_cpu:,.0f}x)",
                ">= 30x faster",
                ratio >= 30,
            )
        )
    return rows


def heavy_vs_clean(clean: Generated, heavy: Generated, repeat: int) -> list[Row]:
    """The same maps with ~20 warnings each against clean, CLI end to end (report included),
    with the fast path when it is installed and with libyaml alone."""
    from journeymap import fastyaml

    journeymap = script("journeymap")
    name = f"findings-heavy vs clean, CLI ({len(clean.journeys):,} vocabulary maps)"
    if journeymap is None:
        return [Row(name, "n/a", "", "", "<= 1.5x", None)]
    rows = []
    ways = [("", {})]
    if fastyaml.available():
        ways = [(", fast path", {}), (", libyaml only", {fastyaml.SWITCH: "0"})]
    for label, env in ways:
        clean_time, heavy_time = best_of(
            [
                command([journeymap, "validate", str(clean.root)], env=env),
                command([journeymap, "validate", str(heavy.root)], ok=(0, 1), env=env),
            ],
            repeat,
        )
        clean_cpu, heavy_cpu = LAST_CPU
        maps = len(clean.journeys)
        ratio = heavy_time / clean_time
        rows.append(
            Row(
                name + label,
                f"{ms(heavy_time / maps)}/map (CPU {ms(heavy_cpu / maps)})",
                f"clean {ms(clean_time / maps)}/map (CPU {ms(clean_cpu / maps)})",
                f"{ratio:.2f}x (CPU {heavy_cpu / clean_cpu:.2f}x)",
                "<= 1.5x",
                ratio <= 1.5,
            )
        )
    return rows


def lint_alone(root: Path, repeat: int) -> tuple[float, float]:
    """Best (wall, CPU) time of references + lint rules on an already loaded workspace."""
    from journeymap.lint.engine import lint_workspace, resolve_selection
    from journeymap.references import check_references
    from journeymap.workspace import load_workspaces

    (workspace,) = load_workspaces([root])
    selection = resolve_selection(workspace.config.lint)

    def lint() -> None:
        check_references(workspace)
        lint_workspace(workspace, selection)

    (seconds,) = best_of([lint], repeat)
    return seconds, LAST_CPU[0]


def big_lint(workdir: Path, steps: int, repeat: int) -> list[Row]:
    """A huge clean journey, and 60 steps with 1,200-word names, linted alone."""
    root = workdir / "big-lint"
    generate_workspace(root, 0)
    journey = root / "journeys" / "big-journey.yaml"
    journey.write_text(to_yaml(big_journey(steps, names="vocabulary")), encoding="utf-8")
    huge, huge_cpu = lint_alone(root, repeat)
    rows = [
        Row(
            f"lint alone, one {steps:,}-step journey",
            f"{ms(huge)} (CPU {ms(huge_cpu)})",
            "vocabulary names, clean",
            "",
            "< 0.5 s",
            huge < 0.5,
        )
    ]
    data = big_journey(60)
    words = [word for name in VOCABULARY_WORDS for word in name.split()]
    rng = random.Random(0)
    for stage in data["stages"]:
        for step in stage["steps"]:
            step["name"] = " ".join(rng.choice(words) for _ in range(1200))
    journey.write_text(to_yaml(data), encoding="utf-8")
    wordy, wordy_cpu = lint_alone(root, repeat)
    rows.append(
        Row(
            "lint alone, 60 steps with 1,200-word names",
            f"{ms(wordy)} (CPU {ms(wordy_cpu)})",
            "",
            "",
            "< 2 s",
            wordy < 2,
        )
    )
    return rows


def report_share(workspace: Generated, repeat: int) -> Row:
    """Writing the text report of a findings-heavy run to a file, as a share of the run."""
    from journeymap.report.text import render_text
    from journeymap.validate import validate_paths

    found = validate_paths([workspace.root])
    target = workspace.root.parent / "report.txt"

    def validate() -> None:
        validate_paths([workspace.root])

    def report() -> None:
        with target.open("w", encoding="utf-8") as stream:
            render_text(found.findings, found.files, stream)

    validate_time, report_time = best_of([validate, report], repeat)
    share = report_time / (validate_time + report_time)
    return Row(
        f"text report of {len(found.findings):,} findings to a file",
        ms(report_time),
        f"validate {ms(validate_time)}",
        f"{share:.1%} of the run",
        "< 10%",
        share < 0.10,
    )


def jobs(workspace: Generated, repeat: int) -> list[Row]:
    """validate's default process count against --jobs 1 and --jobs 2, CLI end to end."""
    journeymap = script("journeymap")
    maps = len(workspace.journeys)
    if journeymap is None:
        return [Row("--jobs", "n/a", "", "", "", None)]
    base = [journeymap, "validate", str(workspace.root)]
    default, one, two = best_of(
        [command(base), command([*base, "--jobs", "1"]), command([*base, "--jobs", "2"])],
        repeat,
    )
    return [
        Row(
            f"validate {label}, per map ({maps:,} maps, {os.cpu_count()} cores)",
            ms(seconds / maps),
            f"--jobs 1 {ms(one / maps)}",
            f"{seconds / one:.2f}x",
            "default <= --jobs 1" if label == "default" else "",
            seconds <= one * 1.05 if label == "default" else None,
        )
        for label, seconds in (("default", default), ("--jobs 2", two))
    ]


def floor_loader(files: Sequence[Path]) -> Callable[[], None]:
    """PyYAML's C loader + pydantic: the least a YAML + pydantic validator can do."""
    import yaml

    from journeymap.model.documents import KINDS

    def floor() -> None:
        for path in files:
            with path.open("rb") as handle:
                data = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
            KINDS[data["kind"]].model_validate(data)

    return floor


def validator(root: Path) -> Callable[[], None]:
    from journeymap.validate import validate_paths

    def validate() -> None:
        run = validate_paths([root])
        if run.exit_code() != 0:
            raise RuntimeError(f"generated workspace is not clean: {run.findings[:3]}")

    return validate


def library_vs_floor(workspace: Generated, repeat: int) -> Row:
    ours, floor = best_of([validator(workspace.root), floor_loader(workspace.files)], repeat)
    maps = len(workspace.journeys)
    ratio = ours / floor
    return Row(
        f"validate in-process, per map ({maps:,} maps)",
        ms(ours / maps),
        f"C loader + model_validate {ms(floor / maps)}",
        f"{ratio:.2f}x the floor",
        "<= 1.3x the floor",
        ratio <= 1.3,
    )


def scaling(workspaces: dict[int, Generated], repeat: int) -> list[Row]:
    """Per-map CPU at each size against the smallest, with the summary cache a second
    run finds and without it (a first run)."""
    sizes = sorted(workspaces)
    runs = [(size, "", validator(workspaces[size].root)) for size in sizes]
    runs += [
        (size, ", no cache", uncached(workspaces[size].root, validator(workspaces[size].root)))
        for size in sizes[1:]
    ]
    # CPU time: in-process work, which other engineers' load moves less than wall time
    times = best_of([run for _, _, run in runs], repeat, clock=time.process_time)
    base = times[0] / sizes[0]
    rows = []
    for (size, label, _), seconds in zip(runs, times, strict=True):
        ratio = seconds / size / base
        rows.append(
            Row(
                f"scaling: {size:,} maps (CPU{label})",
                f"{ms(seconds / size)}/map",
                f"{ms(base)}/map at {sizes[0]:,}",
                f"{ratio:.2f}x",
                "flat (<= 1.25x)",
                ratio <= 1.25,
            )
        )
    return rows


def startup(workdir: Path, repeat: int) -> list[Row]:
    """Each command against ``python -c "import typer"``, both with their bytecode cached."""
    journeymap = script("journeymap")
    if journeymap is None:
        return [Row("start-up", "", "", "", "<= 1.5x", None)]
    small = generate_workspace(workdir / "one-map", 1)
    typer = command([sys.executable, "-c", "import typer"])
    version = command([journeymap, "--version"])
    helps = command([journeymap, "--help"])
    one = command([journeymap, "validate", str(small.journeys[0])])
    floor = command([sys.executable, str(TYPER_FLOOR), "validate", str(small.journeys[0])])
    model = command([sys.executable, "-c", PYDANTIC_FLOOR])
    base, version_time, help_time, one_time, floor_time, model_time = best_of(
        [typer, version, helps, one, floor, model], repeat
    )
    base_cpu, version_cpu, help_cpu, one_cpu, floor_cpu, model_cpu = LAST_CPU
    rows = [
        Row(
            f"start-up: journeymap {what} (bytecode cached)",
            f"{ms(seconds)} (CPU {ms(cpu)})",
            f'python -c "import typer" {ms(base)} (CPU {ms(base_cpu)})',
            f"{seconds / base:.2f}x (CPU {cpu / base_cpu:.2f}x)",
            goal,
            seconds / base <= float(goal.split()[1].rstrip("x")),
        )
        for what, seconds, cpu, goal in (
            ("--version", version_time, version_cpu, "<= 1.5x"),
            ("--help", help_time, help_cpu, "<= 1.5x"),
            ("validate one small file", one_time, one_cpu, "<= 1.3x"),
        )
    ]
    rows.append(
        Row(
            "start-up: a typer command with validate's options doing nothing (bench/typer_floor.py)",
            f"{ms(floor_time)} (CPU {ms(floor_cpu)})",
            f'python -c "import typer" {ms(base)} (CPU {ms(base_cpu)})',
            f"{floor_time / base:.2f}x (CPU {floor_cpu / base_cpu:.2f}x); validate is "
            f"{one_time / floor_time:.2f}x this (CPU {one_cpu / floor_cpu:.2f}x)",
            "reference: typer's own floor",
            None,
        )
    )
    rows.append(
        Row(
            "start-up: import typer, then validate one pydantic model of one int field",
            f"{ms(model_time)} (CPU {ms(model_cpu)})",
            f'python -c "import typer" {ms(base)} (CPU {ms(base_cpu)})',
            f"{model_time / base:.2f}x (CPU {model_cpu / base_cpu:.2f}x)",
            "reference: any pydantic program's floor",
            None,
        )
    )
    return rows


PYDANTIC_FLOOR = """import typer
from pydantic import BaseModel

class One(BaseModel):
    n: int

One(n=1)
"""
"""What validating anything with pydantic v2 adds to ``import typer``: the start-up
goal (1.3x) is below it."""


TYPER_FLOOR = Path(__file__).resolve().parent / "typer_floor.py"
"""typer and pydantic's share of start-up: the options parsed, nothing done."""


def render_and_diff(workdir: Path, steps: int, repeat: int) -> list[Row]:
    before, after = write_big_pair(workdir / "big", steps)
    journeymap = script("journeymap")
    rows = []
    jobs = {
        "render --format html": (
            "journeymap.render",
            [str(before), "--format", "html", "-o", str(workdir / "big.html"), "--force"],
            (0,),
        ),
        "diff": ("journeymap.diff", [str(before), str(after)], (0, 1)),
    }
    for label, (module, args, ok) in jobs.items():
        name = f"{label}, one {steps:,}-step journey"
        if journeymap is None or importlib.util.find_spec(module) is None:
            rows.append(Row(name, "n/a", "", "", "< 1 s", None))
            continue
        (seconds,) = best_of([command([journeymap, label.split()[0], *args[0:]], ok)], repeat)
        rows.append(Row(name, ms(seconds), "end to end, CLI", "", "< 1 s", seconds < 1))
    return rows


MEMORY_CHILD = """
import resource, subprocess, sys
validate = "from journeymap.validate import validate_paths; validate_paths([sys.argv[1]])"
subprocess.run([sys.executable, "-c", "import sys; " + validate, sys.argv[1]], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
"""A small go-between starts the validating child and reads its ru_maxrss.

Linux carries a process's peak RSS across fork and exec, so a child forked
straight from this (large) benchmark process would report our peak, not its own.
"""


def peak_memory(small: Generated, large: Generated) -> Row:
    """Peak RSS of a child validating each workspace: the large one's peak, and what
    each map adds (a run of more than 128 files is checked in batches and stays flat)."""
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    peaks = []
    for workspace in (small, large):
        shutil.rmtree(workspace.root / ".journeymap", ignore_errors=True)  # a first run
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(workspace.root)],
            capture_output=True,
            text=True,
            check=True,
            env=child_environment(),
        )
        peaks.append(int(done.stdout.split()[-1]) * unit)
    maps = len(large.journeys) - len(small.journeys)
    per_map = (peaks[1] - peaks[0]) / max(1, maps)
    file_size = sum(path.stat().st_size for path in large.journeys) / len(large.journeys)
    return Row(
        f"peak memory, {len(large.journeys):,} maps ({file_size / 1024:,.0f} KB each)",
        f"{peaks[1] / 2**20:,.0f} MiB",
        f"{len(small.journeys):,} maps {peaks[0] / 2**20:,.0f} MiB",
        f"{per_map / 1024:,.1f} KiB more a map",
        "<= 150 MiB",
        peaks[1] <= 150 * 2**20,
    )


def fast_path(clean: Generated, heavy: Generated, repeat: int) -> list[Row]:
    """validate in-process with the compiled-parser fast path (the fast extra) and without."""
    from journeymap import fastyaml
    from journeymap.validate import validate_paths

    def switched(root: Path, on: bool) -> Callable[[], None]:
        def run() -> None:
            os.environ[fastyaml.SWITCH] = "1" if on else "0"
            fastyaml._yaml_rs.cache_clear()
            try:
                validate_paths([root])
            finally:
                os.environ.pop(fastyaml.SWITCH, None)
                fastyaml._yaml_rs.cache_clear()

        return run

    if not fastyaml.available():
        return [Row("fast path", "n/a (pip install journeymap[fast])", "", "", "", None)]
    rows = []
    for label, workspace in (("clean", clean), ("findings-heavy", heavy)):
        fast, slow = best_of(
            [switched(workspace.root, True), switched(workspace.root, False)],
            repeat,
            time.process_time,
        )
        maps = len(workspace.journeys)
        rows.append(
            Row(
                f"fast path, validate in-process CPU, {label} ({maps:,} vocabulary maps)",
                f"{ms(fast / maps)}/map",
                f"libyaml only {ms(slow / maps)}/map",
                f"{slow / fast:.2f}x faster",
                "",
                None,
            )
        )
    return rows


def profile(workspace: Generated) -> str:
    from journeymap.validate import validate_paths

    validate_paths([workspace.root])
    profiler = cProfile.Profile()
    profiler.enable()
    validate_paths([workspace.root])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


# --- the table -------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    header = ["measure", "journeymap", "reference", "ratio", "goal", "met"]
    cells = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, default=1000, help="maps for the comparisons")
    parser.add_argument(
        "--vocabulary-maps",
        type=int,
        default=300,
        help="vocabulary maps (clean and findings-heavy) for check-jsonschema and the report",
    )
    parser.add_argument("--big-steps", type=int, default=5000, help="steps of the lint-alone map")
    parser.add_argument(
        "--report-maps", type=int, default=300, help="findings-heavy maps for the report cost"
    )
    parser.add_argument("--sizes", default="100,1000,5000", help="workspace sizes for scaling")
    parser.add_argument("--steps", type=int, default=1000, help="steps of the render/diff map")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (best is kept)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the smoke test)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of validate")
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORD",
        help="measure only the parts whose label holds WORD (repeatable): "
        "check-jsonschema, findings-heavy, report, lint, start-up, jobs, floor, scaling, "
        "render, memory, fast",
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--workdir", type=Path, help="keep generated files here")
    args = parser.parse_args(argv)
    if args.quick:
        args.maps, args.vocabulary_maps, args.sizes, args.steps, args.repeat = 10, 3, "8,16", 50, 1
        args.big_steps, args.report_maps = 200, 3
    args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    args.json = args.json.resolve() if args.json else None
    args.workdir = args.workdir.resolve() if args.workdir else None
    return args


TODAY = "2026-11-30"
"""The day the generated maps are judged on: they are dated in the year before it, and
judged on a later day, the date rules (JM504, JM509) would find them stale."""


def main(argv: Sequence[str] | None = None) -> list[Row]:
    os.environ.setdefault("JOURNEYMAP_TODAY", TODAY)  # child processes inherit it
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    cwd = Path.cwd()
    try:
        os.chdir(workdir)  # display paths stay short, as in a real repository
        print(f"generating workspaces in {workdir} …", file=sys.stderr)
        spaces = {
            size: generate_workspace(workdir / f"maps-{size}", size, args.seed)
            for size in sorted({*args.sizes, args.maps})
        }
        main_space = spaces[args.maps]
        vocabulary, heavy = (
            generate_workspace(
                workdir / f"vocabulary-{kind}",
                args.vocabulary_maps,
                args.seed,
                names="vocabulary",
                findings=kind == "heavy",
            )
            for kind in ("clean", "heavy")
        )

        def report_space() -> Generated:
            if args.report_maps == args.vocabulary_maps:
                return heavy
            return generate_workspace(
                workdir / "report", args.report_maps, args.seed, names="vocabulary", findings=True
            )

        rows: list[Row] = []
        steps: list[tuple[str, Callable[[], Row | list[Row]]]] = [
            ("CLI vs check-jsonschema", lambda: cli_vs_check_jsonschema(vocabulary, args.repeat)),
            ("findings-heavy vs clean", lambda: heavy_vs_clean(vocabulary, heavy, args.repeat)),
            ("report cost", lambda: report_share(report_space(), args.repeat)),
            ("big journey lint", lambda: big_lint(workdir, args.big_steps, args.repeat)),
            ("start-up", lambda: startup(workdir, args.repeat * 4)),
            ("--jobs", lambda: jobs(main_space, args.repeat)),
            ("library vs floor", lambda: library_vs_floor(main_space, args.repeat)),
            ("scaling", lambda: scaling({s: spaces[s] for s in args.sizes}, args.repeat)),
            ("render and diff", lambda: render_and_diff(workdir, args.steps, args.repeat)),
            ("memory", lambda: peak_memory(spaces[min(args.sizes)], spaces[max(args.sizes)])),
            ("fast path", lambda: fast_path(vocabulary, heavy, args.repeat)),
        ]
        for label, step in steps:
            if args.only and not any(word in label for word in args.only):
                continue
            print(f"measuring {label} …", file=sys.stderr)
            result = step()
            rows.extend(result if isinstance(result, list) else [result])
        print(table(rows))
        if args.profile:
            print()
            print(profile(main_space))
        if args.json:
            args.json.write_text(
                json.dumps(
                    [
                        dict(
                            zip(
                                ["measure", "journeymap", "reference", "ratio", "goal", "met"],
                                row.cells(),
                                strict=True,
                            )
                        )
                        for row in rows
                    ],
                    indent=2,
                ),
                encoding="utf-8",
            )
        return rows
    finally:
        os.chdir(cwd)
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
