"""``journeymap init``: a starter workspace that validates, copied from package data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.atomic import write_atomic
from journeymap.findings import Finding, InputError

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; only the annotation needs it
    from importlib.resources.abc import Traversable

STARTER_PACKAGE = "journeymap.starter"


def starter_files() -> dict[str, str]:
    """Relative path → content of every starter file."""
    files: dict[str, str] = {}

    def collect(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                collect(child, f"{name}/")
            elif child.name.endswith(".yaml"):
                files[name] = child.read_text(encoding="utf-8")

    collect(resources.files(STARTER_PACKAGE), "")
    return dict(sorted(files.items()))


def init_workspace(directory: Path) -> list[Path]:
    """Write the starter files into ``directory``; refuse if any of them exists already.

    Nothing is written through a symbolic link below ``directory``: a
    ``journeys`` folder that links elsewhere (``/etc``, another project) would
    otherwise receive the starter files, so every folder and file on the way is
    checked with ``lstat`` before anything is written, and again as it is made.
    """
    files = starter_files()
    for name in files:
        _refuse_symlinks(directory, name)
    existing = [directory / name for name in files if (directory / name).exists()]
    if existing:
        raise InputError(
            Finding(
                path=str(existing[0]),
                message="already exists; journeymap init never overwrites files "
                "(choose an empty directory)",
            )
        )
    if directory.exists() and not directory.is_dir():
        raise InputError(Finding(path=str(directory), message="is not a directory"))
    written = []
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _refuse_symlinks(directory, name)
        write_atomic(target, content)
        written.append(target)
    return written


def _refuse_symlinks(directory: Path, name: str) -> None:
    """Raise ``InputError`` when a folder or the file of ``directory/name`` is a symlink."""
    current = directory
    for part in Path(name).parts:
        current = current / part
        if current.is_symlink():
            raise InputError(
                Finding(
                    path=str(current),
                    message="is a symbolic link; journeymap init never writes through links "
                    "(remove it or choose another directory)",
                )
            )
