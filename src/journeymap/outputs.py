"""The checks every command makes before it writes a file the user chose.

``render``, ``diff -o``, ``export`` (backlog and workbook) and ``schema --write``
call :func:`check_targets` before writing anything, so a refused run writes
nothing, and every writer refuses the same things with the same line:

- an input, even with ``--force``: each target is resolved (``..``, an absolute
  path and a symlink to the file all name the same file), compared with the files
  the command read, and checked against the workspace the target lands in (its
  ``journeymap.yaml``, its maps and its ``data:`` files). Comparing with the files
  read alone let ``export journey.yaml -o journeymap.yaml --force``, or a
  render of a map from elsewhere, write a workbook over the workspace's config;
- two outputs that are the same file, and a directory;
- an existing file without ``force``. A special file (``/dev/null``, a FIFO) is
  written into like standard output (see ``atomic``) and needs no ``force``.

``atomic.write_output`` then writes the file: missing parent directories are
created, and a symlink is written through (its target is replaced, the link kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.atomic import is_special
from journeymap.discovery import YAML_SUFFIXES, glob_regex, has_kind_key, real_path
from journeymap.findings import Finding, InputError

if TYPE_CHECKING:
    from journeymap.model.config import Config

INPUT_REFUSED = "is an input file of this workspace; refusing to overwrite it"


def check_targets(
    targets: Sequence[Path], *, inputs: Iterable[Path] = (), force: bool = False
) -> None:
    """Raise ``InputError`` (one line naming the target) unless every target may be written."""
    protected = {real_path(Path(path)) for path in inputs}
    configs: dict[Path, Config] = {}
    seen: set[Path] = set()
    for target in targets:
        resolved = real_path(target)
        if resolved in protected or is_workspace_input(resolved, configs):
            raise _refuse(target, INPUT_REFUSED)
        if resolved in seen:
            raise _refuse(target, "two journeys would be written to this file (same id)")
        seen.add(resolved)
        if target.is_dir():
            raise _refuse(target, "is a directory; give a file name")
        # A dangling symlink is there too: writing would create the file it names.
        exists = target.exists() or target.is_symlink()
        if exists and not force and not is_special(target):
            raise _refuse(target, "already exists; pass --force to replace it")


def is_workspace_input(resolved: Path, configs: dict[Path, Config] | None = None) -> bool:
    """Whether a resolved path is an input of the workspace it lies in (the nearest
    ``journeymap.yaml`` above it): the config itself, a file its ``files:`` globs
    match, a YAML file with a top-level ``kind:`` (``validate`` reads those even when
    the globs miss them, and a symlinked map's real file is one), or a ``data:`` file.

    Decided for the one path, without listing the workspace: writing a file must not
    cost a walk of every folder under the config. ``configs`` caches the configs read.
    """
    from journeymap.data import data_files
    from journeymap.selection import find_config, load_config

    if not resolved.is_file():  # a file to be created is nobody's input yet
        return False
    config_path = find_config(resolved)
    if config_path is None:
        return False
    if resolved == config_path:
        return True
    if configs is None:
        configs = {}
    if config_path not in configs:
        configs[config_path] = load_config(config_path)[0]
    config = configs[config_path]
    root = config_path.parent
    relative = resolved.relative_to(root).as_posix()
    return (
        any(glob_regex(pattern).match(relative) for pattern in config.files)
        or (resolved.name.lower().endswith(YAML_SUFFIXES) and has_kind_key(resolved))
        or resolved in {real_path(path) for path in data_files(root, config.data)}
    )


def _refuse(path: Path, message: str) -> InputError:
    return InputError(Finding(path=str(path), message=message))
