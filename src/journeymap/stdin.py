"""``-`` as a path: one document read from standard input, checked in its workspace.

Editors and scripts pipe a buffer or an old revision (``git show v1:journeys/b2b.yaml |
journeymap validate -``). The document is checked as a member of the workspace of
the current directory, when there is one, so its persona and stage references
resolve: it takes the place of the workspace's document with the same kind and
id, and findings are reported for it alone, under the name ``<stdin>``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from journeymap.findings import Finding, InputError

STDIN = "-"
STDIN_NAME = "<stdin>"


def load_inputs(
    paths: Sequence[str | Path], *, stdin: BinaryIO | None = None, **options: Any
) -> list[Any]:
    """``load_workspaces(paths)``, except that ``-`` alone reads one document from stdin."""
    from journeymap.workspace import load_workspaces

    if STDIN not in [str(path) for path in paths]:
        return load_workspaces(paths, **options)
    if len(paths) != 1:
        raise InputError(
            Finding(path=STDIN, message="reads one document from standard input; give it alone")
        )
    stream = stdin if stdin is not None else sys.stdin.buffer
    return [stdin_workspace(stream, Path.cwd(), **options)]


def read_stdin(stream: BinaryIO, max_size: int) -> str:
    """The document on standard input as text, with a file's size limit and decoding."""
    from journeymap.loader import decode

    raw = stream.read(max_size + 1)
    if len(raw) > max_size:
        raise InputError(
            Finding(
                path=STDIN_NAME, message=f"input is larger than the limit of {max_size:,} bytes"
            )
        )
    return decode(raw, STDIN_NAME)


def stdin_workspace(stream: BinaryIO, cwd: Path, **options: Any) -> Any:
    """The workspace of ``cwd`` (or none) with the document from ``stream`` as its only target."""
    from journeymap.document import validate_loaded
    from journeymap.loader import parse_yaml
    from journeymap.model.config import Config
    from journeymap.selection import find_config
    from journeymap.workspace import Workspace, load_workspace, substitute

    config = find_config(cwd)
    options.pop("partial", None)  # every file: the document's references must resolve
    if config is not None:
        workspace = load_workspace(config, **options)
    else:
        workspace = Workspace(root=cwd, config=Config())
    limits = workspace.config.limits
    text = read_stdin(stream, limits.max_file_size)
    try:
        result = validate_loaded(parse_yaml(text, STDIN_NAME, limits))
    except InputError as error:
        result = None
        workspace.findings.append(error.finding)
    if result is not None:
        substitute(workspace, result)
    workspace.targets = {STDIN_NAME}
    workspace.everything = False
    return workspace
