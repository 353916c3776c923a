"""Which workspace each path belongs to, and which of its files a run reports on.

Files are grouped by their nearest ``journeymap.yaml`` (searched from each file's
directory upwards, like ruff's configuration discovery); ``discovery`` then lists a
workspace's files from its ``files:`` globs. This module answers the questions
between the command line and a loaded workspace: where the config is, what it
says, which files the given paths chose, and the JM005 / symlink findings about
files that are not plainly members. ``journeymap.workspace`` loads the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from journeymap.discovery import (
    CONFIG_NAME,
    display_path,
    is_below,
    normalise,
    outside_target,
    real_path,
    resolved_dir,
    yaml_files,
)
from journeymap.document import validate_config_data
from journeymap.findings import INPUT_ERROR, UNLISTED_FILE, Finding, InputError
from journeymap.loader import LoadedYaml, load_yaml
from journeymap.model.config import Config


def find_config(start: Path) -> Path | None:
    """The nearest ``journeymap.yaml`` in ``start`` or any parent directory."""
    start = normalise(start)
    directory = start if start.is_dir() else start.parent
    return _config_above(resolved_dir(directory))


@cache
def _config_above(directory: Path) -> Path | None:
    """Cached per directory: a workspace of 1,000 files asks once per folder, not per file."""
    for candidate in [directory, *directory.parents]:
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
    return None


def load_config(path: Path) -> tuple[Config, list[Finding], LoadedYaml | None]:
    """Read ``journeymap.yaml``; on error, report it and carry on with defaults."""
    try:
        loaded = load_yaml(path, display=display_path(path))
    except InputError as error:
        return Config(), [error.finding], None
    config, findings = validate_config_data(loaded, Config)
    return (config if isinstance(config, Config) else Config()), findings, loaded


@dataclass(slots=True)
class Selection:
    """What the command line chose inside one workspace (nothing chosen: all of it)."""

    files: list[Path] = field(default_factory=list)
    """Files named on the command line: always loaded and reported on."""
    dirs: set[Path] = field(default_factory=set)
    """Directories named on the command line: every workspace file below them."""
    boundaries: dict[Path, Path] = field(default_factory=dict)
    """Without a config: the directory each file may not leave through a symlink."""


def group_paths(paths: Sequence[str | Path]) -> dict[Path | None, Selection]:
    """The given paths grouped by the config of the workspace they belong to (None: no config).

    Paths are normalised first (see ``discovery.normalise``), so ``../maps``, an
    absolute path and ``.`` select the same files. A directory selects every
    workspace file below it, in every workspace found there (nested ones too).
    Raises ``InputError`` when a path does not exist or no YAML file is found.
    """
    groups: dict[Path | None, Selection] = {}
    for raw in paths:
        if not Path(raw).exists() and not Path(raw).is_symlink():
            raise InputError(Finding(path=str(raw), message="no such file or directory"))
        path = normalise(raw)
        if not path.is_dir():
            selection = groups.setdefault(find_config(path), Selection())
            selection.files.append(path)
            selection.boundaries.setdefault(path, path.parent)
            continue
        config = find_config(path)
        if config is not None:
            groups.setdefault(config, Selection()).dirs.add(path)
        for file in yaml_files(path):
            nested = find_config(file)
            if nested is None:
                selection = groups.setdefault(None, Selection())
                selection.files.append(file)
                selection.boundaries.setdefault(file, path)
            elif nested != config:
                groups.setdefault(nested, Selection()).dirs.add(path)
    if not groups:
        raise InputError(Finding(path=", ".join(map(str, paths)), message="no YAML files found"))
    return groups


def unique_files(found: list[Path], named: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to load, each real file once (a symlink to a member is the member), and the
    named files as they appear in that list."""
    by_identity: dict[Path, Path] = {}
    for path in [*found, *named]:
        by_identity.setdefault(_identity(path), path)
    return list(by_identity.values()), [by_identity[_identity(path)] for path in named]


def _identity(path: Path) -> Path:
    """The real file behind a (normalised) path: only symlinks need resolving."""
    return real_path(path) if path.is_symlink() else path


def selected_files(
    files: list[Path], named: list[Path], dirs: set[Path], root: Path
) -> list[Path] | None:
    """The files the command line chose, or None for the whole workspace."""
    if not named and not dirs:
        return None
    if any(is_below(root, directory) for directory in dirs):
        return None
    chosen = set(named)
    return [
        path
        for path in files
        if path in chosen or any(is_below(path, directory) for directory in dirs)
    ]


UNLISTED_SHOWN = 5
"""How many unlisted files the JM005 warning names before it says "and N more"."""


def unlisted_finding(
    root: Path, config_display: str | None, unlisted: list[Path], loaded: LoadedYaml | None
) -> Finding:
    """One warning naming the files with a `kind:` that the `files:` globs miss."""
    names = [path.relative_to(root).as_posix() for path in unlisted]
    shown = ", ".join(names[:UNLISTED_SHOWN])
    if len(names) > UNLISTED_SHOWN:
        shown += f" and {len(names) - UNLISTED_SHOWN} more"
    count = len(names)
    line = column = None
    if loaded is not None:
        line, column = loaded.locate(
            ("files",) if isinstance(loaded.data, dict) and "files" in loaded.data else (), key=True
        )
    files = "file" if count == 1 else "files"
    return Finding(
        path=config_display or CONFIG_NAME,
        message=f"{count} YAML {files} with a `kind:` {'is' if count == 1 else 'are'} not in "
        f"`files:`: {shown} (add {'it' if count == 1 else 'them'} to `files:` or list "
        f"{'it' if count == 1 else 'them'} in `exclude:`)",
        code=UNLISTED_FILE,
        severity="warning",
        category="input",
        line=line,
        column=column,
        hint="They are validated anyway, so their errors count; a glob such as "
        "`journeys/**/*.yml` covers sub-folders and the .yml spelling.",
        pointer=("files",),
    )


def outside_finding(path: Path, target: Path, boundary: Path) -> Finding:
    """A file symlink that leaves its workspace: named, not read."""
    return Finding(
        path=display_path(path),
        message=f"is a symlink to {target}, outside the workspace ({boundary}); not read",
        code=INPUT_ERROR,
        category="input",
        hint="Copy the file into the workspace. journeymap does not follow file symlinks "
        "out of a workspace, so a pull request cannot make CI read other files on the machine.",
    )


def escaping_link(path: Path) -> Finding | None:
    """The finding for a file symlink that leads out of its workspace, or None.

    The workspace is the folder of the nearest ``journeymap.yaml``; without one,
    the file's own folder. ``validate`` does not read through such a link, so
    the commands that rewrite a file in place (``fmt``, ``import``) neither read
    nor write through it.
    """
    config = find_config(path)
    boundary = config.parent if config is not None else normalise(path).parent
    target = outside_target(path, resolved_dir(boundary))
    return None if target is None else outside_finding(path, target, boundary)
