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

import re
from functools import cache
from pathlib import Path

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


def display_path(path: Path) -> str:
    """Relative to the current directory when below it (as editors and CI expect), else absolute."""
    normal = normalise(path)
    try:
        return normal.relative_to(resolved_dir(Path.cwd())).as_posix()
    except ValueError:
        return str(normal)


def is_below(path: Path, directory: Path) -> bool:
    """Whether ``path`` is ``directory`` or inside it (both normalised)."""
    return path == directory or directory in path.parents


def outside_target(path: Path, boundary: Path) -> Path | None:
    """Where ``path`` leads when it is a symlink out of ``boundary`` (a resolved directory)."""
    if not path.is_symlink():
        return None
    target = path.resolve()
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
