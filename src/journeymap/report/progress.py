"""A progress bar for long validate runs: on a terminal only, and only for many files.

CI logs and pipes stay silent; the bar is drawn on stderr (stdout carries the
report, which may be JSON) and disappears when the run ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

MANY_FILES = 20
"""Below this, a run is over before a bar would help."""


@contextmanager
def progress_bar(
    stream: TextIO | None = None, threshold: int = MANY_FILES
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` callback, or None when no bar should be shown."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield None
        return
    bar: Progress | None = None
    task: TaskID | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if total <= threshold:
            return
        if bar is None:
            # rich only now: importing it costs a terminal run of a few files 30 ms
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(
                TextColumn("Validating"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(file=stream),
                transient=True,
            )
            bar.start()
            task = bar.add_task("validate", total=total)
        assert task is not None
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
