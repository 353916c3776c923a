"""Loading many files: in order, in worker processes when that pays off, with the
cyclic garbage collector paused while the results pile up.

Kept apart from ``journeymap.workspace`` because it is about processes and memory,
not about which files belong together: the workspace and ``journeymap.streaming``
both hand it a list of ``Task`` and take the results in file order.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from journeymap.document import LoadResult, load_document
from journeymap.findings import Finding, InputError
from journeymap.model.config import Limits
from journeymap.schema_errors import Known

PARALLEL_MIN_FILES = 200
"""Below this many files, starting worker processes costs more than it saves."""


def parallel_jobs(requested: int, files: int) -> int:
    """How many processes to parse with: ``requested``, or with 0 one per core for big workspaces.

    One process is the default (``--jobs 1``): on two cores the worker pool did
    not pay for itself end to end (5,000 maps: 4.04 ms a map with one worker per
    core, 3.70 with one process, 4.10 with two workers), because the validated
    models must be pickled back to the main process, which then runs references
    and lint alone. ``--jobs N`` stays for machines with more cores.
    """
    if requested > 0:
        return requested
    return (os.cpu_count() or 1) if files >= PARALLEL_MIN_FILES else 1


Task = tuple[Path, Limits, str, Known]
"""(file, limits, display path, the config's ids for hints): what a worker needs."""


Loaded = TypeVar("Loaded")


def load_task(task: Task) -> LoadResult:
    path, limits, display, known = task
    return load_document(path, limits, display=display, known=known)


def load_tasks(
    tasks: list[Task], jobs: int, load: Callable[[Task], Loaded] | None = None
) -> Iterator[Loaded]:
    """Load documents in order (``load``: module-level, for workers; ``load_document``
    by default), in worker processes when that pays off."""
    load = load or load_task  # type: ignore[assignment]
    jobs = min(parallel_jobs(jobs, len(tasks)), len(tasks))
    if jobs <= 1:
        yield from map(load, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # ProcessPoolExecutor rather than multiprocessing.Pool: when a worker dies
    # (killed, out of memory) Pool waits forever, the executor raises.
    try:
        executor = ProcessPoolExecutor(jobs, mp_context=context)
    except (OSError, NotImplementedError):  # no process support here (e.g. no /dev/shm)
        yield from map(load, tasks)
        return
    with executor:
        try:
            yield from executor.map(load, tasks, chunksize=8)
        except BrokenProcessPool:
            raise InputError(
                Finding(
                    path=str(tasks[0][0].parent),
                    message="a worker process died while parsing files "
                    "(out of memory?); run again with --jobs 1 to see which file",
                )
            ) from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workspace is loaded or checked.

    Loading builds tens of thousands of small objects per file (models, lists,
    strings) that all live until the run ends, and none of them form cycles.
    Every full pass of the collector walks all of them again, so with it on a
    1,000-map workspace spends about a quarter of its time in the collector and
    the per-map cost grows with the workspace. It is switched back on (when it
    was on) as soon as the block ends; cyclic garbage made meanwhile is freed then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
