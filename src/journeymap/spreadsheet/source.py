"""The workbook's "source file" cell: which YAML file an import without ``-o`` edits.

A workbook travels: people mail it around, and anyone can type into any cell.
So the cell holds the file's path relative to its workspace root (the folder of
the nearest ``journeymap.yaml``; without one, the current directory), and import
resolves it against the root of the workspace it is run in: never against
wherever the command happens to run, never to an absolute path, and never out
of the workspace (``..``, or a symlink that leads out), so a workbook cannot
direct its edits to a file outside the workspace of the person importing it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import NoReturn

from journeymap.findings import Finding, InputError

PASS_OUTPUT = "pass -o FILE to name the YAML file"


def workspace_root(start: Path) -> Path:
    """The resolved folder of the ``journeymap.yaml`` at or above ``start``, else the
    current directory (as an ad-hoc workspace, like ``workspace.load_workspace``)."""
    from journeymap.discovery import resolved_dir
    from journeymap.selection import find_config

    config = find_config(start)
    return config.parent if config is not None else resolved_dir(Path.cwd())


def source_name(path: Path) -> str:
    """What export writes in the cell: ``path`` relative to its workspace root, with ``/``.

    A file outside any workspace and outside the current directory has no such
    name: its absolute path is written, which import refuses (``-o`` then names it).
    """
    from journeymap.discovery import normalise

    normal = normalise(path)
    try:
        return normal.relative_to(workspace_root(normal)).as_posix()
    except ValueError:
        return str(normal)


def resolve_source(name: str, cell: str) -> Path:
    """The file that a "source file" cell names, inside the current workspace.

    Raises ``InputError`` at ``cell`` for an absolute path, one that leads out
    of the workspace, or one that is not there (the workbook came from another
    workspace, or the import runs outside it).
    """
    from journeymap.discovery import is_below, normalise, outside_target

    root = workspace_root(Path.cwd())
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor:
        _refuse(cell, name, "is an absolute path, not a file of the workspace")
    if ".." in PureWindowsPath(name).parts:  # Windows' parts split at / and \ alike
        _refuse(cell, name, "leads out of the workspace (`..`)")
    path = normalise(root / name)
    if not is_below(path, root) or outside_target(path, root) is not None:
        _refuse(cell, name, f"leads out of the workspace {root} (a symlink)")
    if not path.is_file():
        _refuse(cell, name, f"is not a file of the workspace {root}")
    return path


def _refuse(cell: str, name: str, reason: str) -> NoReturn:
    message = f"source file: {name!r} {reason}; {PASS_OUTPUT}"
    raise InputError(Finding(path=cell, message=message))
