"""Where rendered files go.

- ``-o -`` (stdout) is for text formats and a single journey.
- Several journeys need ``-o`` to be a directory; files are named ``<journey-id>.<ext>``.
- Every target is checked by ``outputs.check_targets`` before the first one is
  written, so a refused run writes nothing: never over an input (even with
  ``--force``), an existing file only with ``force``, a special file such as
  ``/dev/stdout`` written into like standard output. ``atomic.write_output`` then
  writes each file atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from journeymap.findings import Finding, InputError
from journeymap.outputs import check_targets

STDOUT = "-"
EXTENSIONS: dict[str, str] = {
    "html": "html",
    "pdf": "pdf",
    "pptx": "pptx",
    "dot": "dot",
    "svg": "svg",
    "png": "png",
    "mermaid": "mmd",
}
BINARY_FORMATS = frozenset({"png", "pdf", "pptx"})


def _refuse(path: str | Path, message: str) -> InputError:
    return InputError(Finding(path=str(path), message=message))


def plan_outputs(
    journey_ids: Sequence[str],
    fmt: str,
    output: str | None,
    *,
    inputs: Iterable[Path],
    force: bool = False,
) -> list[Path | None]:
    """One target per journey (``None`` = standard output), or an ``InputError``."""
    if output is None or output == STDOUT:
        if fmt in BINARY_FORMATS:
            _refused_stdout(fmt, output)
        if len(journey_ids) > 1:
            raise _refuse(
                output or STDOUT,
                f"{len(journey_ids)} journeys to render: pass -o DIRECTORY "
                "to write one file per journey",
            )
        return [None] * len(journey_ids)
    out = Path(output)
    directory_wanted = len(journey_ids) > 1 or out.is_dir() or output.endswith(("/", os.sep))
    if directory_wanted:
        if out.exists() and not out.is_dir():
            raise _refuse(
                out,
                f"is a file, but {len(journey_ids)} journeys need -o to be a directory",
            )
        targets = [out / f"{journey_id}.{EXTENSIONS[fmt]}" for journey_id in journey_ids]
    else:
        targets = [out]
    check_targets(targets, inputs=inputs, force=force)
    return list(targets)


def _refused_stdout(fmt: str, output: str | None) -> NoReturn:
    if output is None:
        raise _refuse(STDOUT, f"{fmt} output is binary: pass -o FILE")
    raise _refuse(STDOUT, f"{fmt} output is binary and cannot go to standard output: pass -o FILE")
