"""Where rendered files go, and the rules that keep a render from destroying anything.

- Never write over an input: every target is compared (resolved, so symlinks and
  ``..`` do not fool it) with every file of every workspace read, even with ``--force``.
- An existing output file is only replaced with ``force``. A special file
  (``/dev/null``, ``/dev/stdout``, a FIFO) is written into like standard output,
  never replaced (see ``atomic``), and needs no ``force``.
- ``-o -`` (stdout) is for text formats and a single journey.
- Several journeys need ``-o`` to be a directory; files are named ``<journey-id>.<ext>``.
- All targets are checked before the first one is written, so a refused run writes nothing;
  each file is written atomically (temporary file + rename).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from journeymap import atomic
from journeymap.findings import Finding, InputError

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


def check_targets(targets: Sequence[Path], *, inputs: Iterable[Path], force: bool) -> None:
    """Refuse inputs, duplicates, directories and (without ``force``) existing files."""
    protected = {path.resolve() for path in inputs}
    seen: set[Path] = set()
    for target in targets:
        resolved = target.resolve()
        if resolved in protected:
            raise _refuse(target, "is an input file of this workspace; refusing to overwrite it")
        if resolved in seen:
            raise _refuse(target, "two journeys would be written to this file (same id)")
        seen.add(resolved)
        if target.is_dir():
            raise _refuse(target, "is a directory")
        if target.exists() and not force and not atomic.is_special(target):
            raise _refuse(target, "already exists; pass --force to replace it")


def write_output(target: Path, data: str | bytes) -> None:
    """Create the parent directory when needed and write ``data`` atomically."""
    atomic.write_output(target, data, make_parents=True)
