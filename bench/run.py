"""Benchmark of ``journeymap validate`` (and render, diff, start-up) as ratios measured side by side.

Every figure is the best of several repetitions after a warm-up, and every
comparison times both sides in the same run, interleaved (A, B, A, B…), so that
the ratios hold on a noisy shared machine where absolute times do not.

    python bench/run.py                     # the full table (a few minutes on 2 cores)
    python bench/run.py --quick             # tiny sizes, for the smoke test
    python bench/run.py --profile           # also print where validate spends its time

Rows:

* validate vs check-jsonschema: both as command lines in a subprocess; journeymap
  on a whole workspace of ``--maps`` maps, check-jsonschema on a ``--sample`` of
  them (it is ~100x slower) against ``schemas/journey.schema.json``. Per map.
* validate vs the floor: in-process, ``validate_paths`` (schema, references, lint)
  against reading the same files with PyYAML's C loader plus pydantic's
  ``model_validate``, the least any YAML + pydantic validator has to do.
* scaling: per-map cost of ``validate_paths`` at each of ``--sizes``.
* start-up: ``journeymap --version`` / ``--help`` against ``python -c "import typer"``.
* render (HTML) and diff of one 1,000-step journey, end to end; "n/a" when the
  command is not there.
* peak memory (ru_maxrss) of a child process validating the largest size.
* the stretch candidate: a compiled YAML parser (yaml-rs) when installed.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Generated, generate_workspace, write_big_pair

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


def best_of(functions: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Best wall time of each function, run interleaved after one warm-up round."""
    for function in functions:
        function()
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def script(name: str) -> str | None:
    """A console script of this interpreter (not a pyenv shim, which adds ~50 ms)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def command(args: Sequence[str], ok: Sequence[int] = (0,)) -> Callable[[], None]:
    """A callable that runs ``args`` quietly and fails loudly on an unexpected exit code."""

    def run() -> None:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode not in ok:
            raise RuntimeError(
                f"{' '.join(args[:3])}… exited {done.returncode}: {done.stderr.decode()[:500]}"
            )

    return run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


# --- the measurements ------------------------------------------------------------------


def cli_vs_check_jsonschema(workspace: Generated, sample: int, repeat: int) -> Row:
    journeymap, checker = script("journeymap"), script("check-jsonschema")
    name = f"validate CLI, per map ({len(workspace.journeys):,} maps)"
    if journeymap is None or checker is None:
        return Row(name, "", "check-jsonschema not installed", "", ">= 30x faster", None)
    files = [str(path) for path in workspace.journeys[:sample]]
    ours = command([journeymap, "validate", str(workspace.root)])
    theirs = command([checker, "--schemafile", str(SCHEMA), *files])
    ours_time, theirs_time = best_of([ours, theirs], max(1, repeat - 1))
    per_ours = ours_time / len(workspace.journeys)
    per_theirs = theirs_time / len(files)
    ratio = per_theirs / per_ours
    return Row(
        name,
        ms(per_ours),
        f"check-jsonschema {ms(per_theirs)} ({len(files)} maps)",
        f"{ratio:,.0f}x faster",
        ">= 30x faster",
        ratio >= 30,
    )


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
    sizes = sorted(workspaces)
    times = best_of([validator(workspaces[size].root) for size in sizes], repeat)
    per_map = {size: seconds / size for size, seconds in zip(sizes, times, strict=True)}
    base = per_map[sizes[0]]
    rows = []
    for size in sizes:
        ratio = per_map[size] / base
        rows.append(
            Row(
                f"scaling: {size:,} maps",
                f"{ms(per_map[size])}/map",
                f"{ms(base)}/map at {sizes[0]:,}",
                f"{ratio:.2f}x",
                "flat (<= 1.25x)",
                ratio <= 1.25,
            )
        )
    return rows


def startup(repeat: int) -> list[Row]:
    journeymap = script("journeymap")
    if journeymap is None:
        return [Row("start-up", "", "", "", "<= 1.5x", None)]
    typer = command([sys.executable, "-c", "import typer"])
    version = command([journeymap, "--version"])
    helps = command([journeymap, "--help"])
    base, version_time, help_time = best_of([typer, version, helps], repeat)
    return [
        Row(
            f"start-up: journeymap {flag}",
            ms(seconds),
            f'python -c "import typer" {ms(base)}',
            f"{seconds / base:.2f}x",
            "<= 1.5x",
            seconds / base <= 1.5,
        )
        for flag, seconds in (("--version", version_time), ("--help", help_time))
    ]


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
    """Peak RSS of a child validating each workspace; the difference is the cost per map."""
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    peaks = []
    for workspace in (small, large):
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(workspace.root)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks.append(int(done.stdout.split()[-1]) * unit)
    maps = len(large.journeys) - len(small.journeys)
    per_map = (peaks[1] - peaks[0]) / max(1, maps)
    file_size = sum(path.stat().st_size for path in large.journeys) / len(large.journeys)
    ratio = per_map / file_size
    return Row(
        f"peak memory, {len(large.journeys):,} maps",
        f"{peaks[1] / 2**20:,.0f} MiB",
        f"{per_map / 1024:,.0f} KiB/map, map file {file_size / 1024:,.0f} KiB",
        f"{ratio:.1f}x file size",
        "<= 8x file size",
        ratio <= 8,
    )


def compiled_parser(workspace: Generated, repeat: int) -> Row:
    """The stretch candidate: yaml-rs parse only, against journeymap's parse (not adopted)."""
    name = "stretch: yaml-rs parse vs our loader"
    if importlib.util.find_spec("yaml_rs") is None:
        return Row(name, "n/a (pip install yaml-rs)", "", "", ">= 3x", None)
    import yaml_rs

    from journeymap.loader import load_yaml

    files = workspace.journeys

    def ours() -> None:
        for path in files:
            load_yaml(path)

    def theirs() -> None:
        for path in files:
            yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False)

    ours_time, theirs_time = best_of([ours, theirs], repeat)
    ratio = ours_time / theirs_time
    return Row(
        name,
        f"{ms(ours_time / len(files))}/map",
        f"yaml-rs {ms(theirs_time / len(files))}/map",
        f"{ratio:.1f}x faster",
        ">= 3x, all guarantees",
        None,
    )


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
    parser.add_argument("--sample", type=int, default=30, help="maps given to check-jsonschema")
    parser.add_argument("--sizes", default="100,1000,5000", help="workspace sizes for scaling")
    parser.add_argument("--steps", type=int, default=1000, help="steps of the render/diff map")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (best is kept)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the smoke test)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of validate")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--workdir", type=Path, help="keep generated files here")
    args = parser.parse_args(argv)
    if args.quick:
        args.maps, args.sample, args.sizes, args.steps, args.repeat = 10, 2, "8,16", 50, 1
    args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    args.json = args.json.resolve() if args.json else None
    args.workdir = args.workdir.resolve() if args.workdir else None
    return args


def main(argv: Sequence[str] | None = None) -> list[Row]:
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
        rows: list[Row] = []
        steps: list[tuple[str, Callable[[], Row | list[Row]]]] = [
            (
                "CLI vs check-jsonschema",
                lambda: cli_vs_check_jsonschema(main_space, args.sample, args.repeat),
            ),
            ("library vs floor", lambda: library_vs_floor(main_space, args.repeat)),
            ("scaling", lambda: scaling({s: spaces[s] for s in args.sizes}, args.repeat)),
            ("start-up", lambda: startup(args.repeat * 4)),
            ("render and diff", lambda: render_and_diff(workdir, args.steps, args.repeat)),
            ("memory", lambda: peak_memory(spaces[min(args.sizes)], spaces[max(args.sizes)])),
            ("compiled parser", lambda: compiled_parser(main_space, args.repeat)),
        ]
        for label, step in steps:
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
