"""Which files a run looks at: normalised paths, the cheap ``kind:`` sniff, symlink boundaries.

``validate`` is a gate in CI, so discovery must never make a broken workspace
look green. Three rules follow from that:

- every path is normalised once (:func:`normalise`), so ``../maps``, an absolute
  path, a symlinked directory and ``.`` all name the same files and select the
  same findings;
- a YAML file with a top-level ``kind:`` key is a map even when the config's
  ``files:`` globs miss it (:func:`has_kind_key` finds it without parsing);
- a file symlink that points out of its workspace is not read
  (:func:`outside_target`): CI runs on pull requests from anyone, and a link to
  ``~/.aws/credentials`` would otherwise be parsed and quoted in error messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.globs import GlobPattern, hidden_folders, relative_glob

if TYPE_CHECKING:
    from journeymap.model.config import Config

CONFIG_NAME = "journeymap.yaml"
YAML_SUFFIXES = (".yaml", ".yml")

KIND_SNIFF_BYTES = 1024 * 1024
"""How much of a non-member file is searched for a top-level ``kind:`` key."""

_KIND_KEY = re.compile(rb"""^(?:\xef\xbb\xbf)?(?:kind|"kind"|'kind')[ \t]*:""", re.MULTILINE)


@cache
def resolved_dir(directory: Path) -> Path:
    """The real path of an absolute directory, resolved once instead of once per file."""
    return directory.resolve()


def normalise(path: str | Path) -> Path:
    """An absolute path with ``..``, ``.`` and directory symlinks resolved.

    A file keeps its own name even when it is a symlink, so findings name the
    file the author sees; its directory is resolved, so the same file reached
    through ``../maps`` or an absolute path is the same path.
    """
    path = Path(path)
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.name in ("", ".", "..") or path.is_dir():
        return path.resolve()
    return resolved_dir(path.parent) / path.name


def configs_as_workspaces(paths: Sequence[str | Path]) -> list[str | Path]:
    """A ``journeymap.yaml`` given as a path stands for its whole workspace.

    pre-commit passes every changed YAML file; when the config changed, every
    map may be affected (glossary, teams, lint settings), so all are checked; and
    ``render journeymap.yaml`` renders the workspace's maps.
    """
    return [Path(path).parent if Path(path).name == CONFIG_NAME else path for path in paths]


def display_path(path: Path) -> str:
    """Relative to the current directory when below it (as editors and CI expect), else absolute."""
    normal = normalise(path)
    try:
        return normal.relative_to(resolved_dir(Path.cwd())).as_posix()
    except ValueError:
        return str(normal)


def real_path(path: Path) -> Path:
    """``path.resolve()`` that survives a symlink loop (``a.yaml`` → ``b.yaml`` → ``a.yaml``).

    Python 3.11 raises ``RuntimeError`` for a loop, which would end a whole run
    over one bad link. The looping path is returned as it is (absolute): reading
    it then fails like any unreadable file, with a located one-line finding.
    """
    try:
        return path.resolve()
    except RuntimeError:
        return path.absolute()


def is_below(path: Path, directory: Path) -> bool:
    """Whether ``path`` is ``directory`` or inside it (both normalised)."""
    return path == directory or directory in path.parents


def outside_target(path: Path, boundary: Path) -> Path | None:
    """Where ``path`` leads when it is a symlink out of ``boundary`` (a resolved directory)."""
    if not path.is_symlink():
        return None
    target = real_path(path)
    return None if is_below(target, boundary) else target


def has_kind_key(path: Path) -> bool:
    """Whether a regular file has a top-level ``kind:`` key, by a regex over its first MiB.

    Used for files outside ``files:``, so they are not parsed twice. It reads
    through ``textfile.read_head``: special files (FIFOs, devices) are never
    read, since reading one can block forever, and the check is made on the
    opened file, so a path swapped for a FIFO between check and open cannot hang
    the run.
    """
    from journeymap.textfile import read_head

    head = read_head(path, KIND_SNIFF_BYTES)
    return head is not None and _KIND_KEY.search(head) is not None


def discover(root: Path, config: Config) -> tuple[list[Path], list[Path]]:
    """(members, unlisted) under ``root``: members match the ``files`` globs and not the
    ``exclude`` globs; unlisted files match neither but have a top-level ``kind:``."""
    include = [glob_regex(pattern) for pattern in config.files]
    exclude = [glob_regex(pattern) for pattern in config.exclude]
    hidden = hidden_folders(config.files)
    members: list[Path] = []
    unlisted: list[Path] = []
    for path in sorted(yaml_files(root, nested=False, hidden=hidden), key=lambda p: p.as_posix()):
        relative = path.relative_to(root).as_posix()
        if any(rx.match(relative) for rx in exclude):
            continue
        if any(rx.match(relative) for rx in include):
            members.append(path)
        elif outside_target(path, root) is None and has_kind_key(path):
            unlisted.append(path)
    return members, unlisted


def yaml_files(
    root: Path, *, nested: bool = True, hidden: Sequence[GlobPattern] = ()
) -> Iterator[Path]:
    """YAML files below ``root``; hidden directories skipped (except those whose name a
    pattern of ``hidden`` matches), directory symlinks not followed (so a symlink loop
    cannot trap the walk). ``nested=False`` stops at sub-folders with their own
    ``journeymap.yaml``: they are another workspace."""
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs[:] = sorted(
            name
            for name in subdirs
            if (not name.startswith(".") or any(pattern.match(name) for pattern in hidden))
            and (nested or not (Path(directory) / name / CONFIG_NAME).is_file())
        )
        for name in names:
            # .YAML too: on a case-sensitive file system the globs miss it, and a map
            # with a `kind:` must then be named (JM005), not silently skipped.
            if (
                name.lower().endswith(YAML_SUFFIXES)
                and name != CONFIG_NAME
                and not name.startswith(".")
            ):
                yield Path(directory) / name


@cache
def glob_regex(pattern: str) -> GlobPattern:
    """The matcher of a ``files:``/``exclude:`` glob: ``glob_regex(p).match(relative_path)``.

    Not a regular expression any more: ``journeymap.globs`` matches in linear time
    (a regex of ``"**/" * 14 + "x.yml"`` backtracked exponentially). The pattern is
    normalised first (``./journeys/*.yaml`` is ``journeys/*.yaml``, see ``relative_glob``):
    the paths it is matched against are relative to the workspace folder.
    """
    return GlobPattern(relative_glob(pattern))
