"""Which files ``journeymap fmt`` touches, and what it does with each: write, check or diff."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from journeymap.atomic import write_output
from journeymap.discovery import (
    CONFIG_NAME,
    YAML_SUFFIXES,
    display_path,
    glob_regex,
    real_path,
)
from journeymap.findings import Finding, InputError
from journeymap.format import format_text
from journeymap.loader import read_text
from journeymap.model.config import Config, Limits
from journeymap.selection import escaping_link, find_config, load_config
from journeymap.stdin import STDIN, STDIN_NAME, read_stdin

BOM = b"\xef\xbb\xbf"


@dataclass
class FormatRun:
    """What ``fmt`` found: files it changed (or would change), files it refused."""

    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Finding] = field(default_factory=list)

    def exit_code(self, *, check: bool) -> int:
        """2 when a file could not be read, 1 in check/diff mode when a file needs formatting."""
        if self.errors:
            return 2
        return 1 if check and self.changed else 0

    def summary(self, *, check: bool) -> str:
        verb = "would be reformatted" if check else "reformatted"
        done = "already formatted" if check else "left unchanged"
        parts = [f"{_count(len(self.changed))} {verb}", f"{_count(self.unchanged)} {done}"]
        if self.errors:
            parts.append(f"{_count(len(self.errors))} could not be read")
        return ", ".join(parts) + "."


def _count(number: int) -> str:
    return f"{number} file" if number == 1 else f"{number} files"


def format_paths(
    paths: Sequence[Path],
    *,
    check: bool = False,
    diff: bool = False,
    out: TextIO,
    cwd: Path | None = None,
) -> FormatRun:
    """Format files in place, or with ``check``/``diff`` only say what would change.

    Every file is read with the workspace's ``limits``; a file that cannot be read
    is reported with its location and left untouched, and the others are still done.
    A symlinked map is formatted through the link (the file it points at changes,
    the link stays), except a link out of its workspace, which is reported and not
    read, as ``validate`` does.
    """
    run = FormatRun()
    if STDIN in [str(path) for path in paths]:
        if len(paths) != 1:
            raise InputError(
                Finding(path=STDIN, message="reads one document from standard input; give it alone")
            )
        return _format_stdin(run, cwd or Path.cwd(), check=check, diff=diff, out=out)
    for path in collect_files(paths, cwd or Path.cwd()):
        name = display_path(path)
        escape = escaping_link(path)
        if escape is not None:
            run.errors.append(escape)
            continue
        try:
            raw, text = _read(path, name)
            result = format_text(
                text, name, is_config=path.name == CONFIG_NAME, limits=_limits(path)
            )
        except InputError as error:
            run.errors.append(error.finding)
            continue
        if result == text and not raw.startswith(BOM):
            run.unchanged += 1
            continue
        run.changed.append(name)
        if diff:
            out.writelines(_unified(text, result, name))
        elif check:
            out.write(f"would reformat {name}\n")
        else:
            write_output(path, result)
    return run


def _format_stdin(run: FormatRun, cwd: Path, *, check: bool, diff: bool, out: TextIO) -> FormatRun:
    """``fmt -``: the document on standard input, formatted to standard output (as an
    editor's format-on-save pipes it), with the limits of the current workspace."""
    import sys

    limits = _limits(cwd)
    try:
        text = read_stdin(sys.stdin.buffer, limits.max_file_size)
        # A document has `kind:`; a buffer without it is formatted as `fmt FILE` does the
        # workspace config, so format-on-save and `fmt --check` agree on it.
        is_config = re.search(r"^kind[ \t]*:", text, re.MULTILINE) is None
        result = format_text(text, STDIN_NAME, is_config=is_config, limits=limits)
    except InputError as error:
        run.errors.append(error.finding)
        return run
    if result == text:
        run.unchanged += 1
    else:
        run.changed.append(STDIN_NAME)
    if diff:
        out.writelines(_unified(text, result, STDIN_NAME))
    elif not check:
        out.write(result)
    return run


def _unified(text: str, result: str, name: str) -> Iterator[str]:
    return difflib.unified_diff(
        text.splitlines(keepends=True),
        result.splitlines(keepends=True),
        fromfile=f"{name} (before)",
        tofile=f"{name} (formatted)",
    )


def _read(path: Path, name: str) -> tuple[bytes, str]:
    text = read_text(path, name, _limits(path))
    with path.open("rb") as handle:
        head = handle.read(len(BOM))
    return head, text


def _limits(path: Path) -> Limits:
    config = find_config(path)
    return load_config(config)[0].limits if config is not None else Limits()


def collect_files(paths: Sequence[Path], cwd: Path) -> list[Path]:
    """The YAML files to format: the given files, directories' YAML files, or the workspace.

    A directory with a ``journeymap.yaml`` means that workspace's files and the
    config itself; another directory means every YAML file below it.
    """
    if not paths:
        config = find_config(cwd)
        if config is None:
            raise InputError(
                Finding(
                    path=str(cwd),
                    message=f"no {CONFIG_NAME} here or in any parent directory; "
                    "pass files or directories",
                )
            )
        return [config, *_members(config.parent, load_config(config)[0])]
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError(Finding(path=str(path), message="no such file or directory"))
        for file in _expand(path):
            resolved = real_path(file)
            if resolved not in seen:
                seen.add(resolved)
                files.append(file)
    return files


def _expand(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    config = path / CONFIG_NAME
    if config.is_file():
        yield config
        yield from _members(path, load_config(config)[0])
        return
    yield from _yaml_files(path)


def _members(root: Path, config: Config) -> Iterator[Path]:
    """The files of a workspace: matching its ``files`` globs and not its ``exclude`` globs."""
    include = [glob_regex(pattern) for pattern in config.files]
    exclude = [glob_regex(pattern) for pattern in config.exclude]
    for path in _yaml_files(root):
        relative = path.relative_to(root).as_posix()
        if path.name == CONFIG_NAME or any(rx.match(relative) for rx in exclude):
            continue
        if any(rx.match(relative) for rx in include):
            yield path


def _yaml_files(root: Path) -> Iterator[Path]:
    """YAML files below ``root``, hidden folders skipped, directory symlinks not followed."""
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        for name in sorted(names):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield Path(directory) / name
