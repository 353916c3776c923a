"""pre-commit timing: one changed file in a big workspace that keeps a backlog.

pre-commit passes only the changed files; journeymap checks those in full and
reads every other file of the workspace as a cached summary. This measures,
in a fresh process each time (as pre-commit runs it), the wall time, CPU time
and peak memory of ``journeymap validate FILE`` for one map and for the
backlog, first with an empty summary cache (cold) and then with a filled one
(warm), and a full run of the workspace for comparison.

    python bench/precommit.py WORKDIR --maps 5000

The workspace is made by ``bench/generate.py`` (with ``--backlog``) under
WORKDIR, once; later runs reuse it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate import generate_workspace


def measure(args: list[str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB, exit code) of ``journeymap ARGS`` in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "journeymap", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--maps", type=int, default=5000)
    parser.add_argument("--full", action="store_true", help="also time a full run")
    args = parser.parse_args(argv)
    root = args.workdir / f"backlog-{args.maps}"
    if not (root / "backlog" / "cx-backlog.yaml").is_file():
        generate_workspace(root, args.maps, backlog=True)
    cache = root / ".journeymap"
    one_map = str(root / "journeys" / f"journey-{args.maps // 2:05d}.yaml")
    backlog = str(root / "backlog" / "cx-backlog.yaml")
    cases = [
        ("one map, cold cache", [one_map], True),
        ("one map, warm cache", [one_map], False),
        ("the backlog, warm cache", [backlog], False),
        ("one map and the backlog, warm cache", [one_map, backlog], False),
    ]
    if args.full:
        cases.append(("full run", [str(root)], False))
    print(f"{args.maps} maps with a backlog, {sys.platform}, one process each")
    print(f"{'case':40} {'wall':>8} {'CPU':>8} {'peak':>9} exit")
    for name, paths, cold in cases:
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        wall, cpu, peak, code = measure(["validate", *paths])
        print(f"{name:40} {wall:7.2f}s {cpu:7.2f}s {peak:6.0f} MiB {code}")


if __name__ == "__main__":
    main()
