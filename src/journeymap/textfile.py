"""Reading input files safely, and positions in their text as an editor shows them.

Separate from the YAML loader because the diff reads files from git through
``decode`` as well, and every finding's line and column go through ``position``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from journeymap.findings import Finding, InputError
from journeymap.model.config import Limits

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""Opening a FIFO without O_NONBLOCK waits for a writer forever; a tty could become ours."""

_READ_CHUNK = 1024 * 1024


def read_text(path: Path, name: str, limits: Limits) -> str:
    """Read a regular file as UTF-8 text after checking its size, with clear errors."""
    return decode(read_bytes(path, name, limits), name)


def read_bytes(path: Path, name: str, limits: Limits) -> bytes:
    """Read a regular file's bytes, at most ``limits.max_file_size``; ``InputError`` otherwise.

    Every read of a workspace file goes through here (hashing for a cache too).
    FIFOs, devices and sockets are never read: ``stat`` first, open without
    blocking, and check the opened descriptor again (the path may have been
    swapped in between). Reading stops one byte past the size limit, whatever
    the file claims its size is.
    """
    limit = limits.max_file_size
    try:
        with _open_regular(path, name) as (handle, size):
            if size > limit:
                raise input_error(
                    name,
                    f"file is {size:,} bytes, larger than the limit of {limit:,} "
                    "(raise limits.max_file_size in journeymap.yaml if this is a real map)",
                )
            raw = _read_at_most(handle, size, limit + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise input_error(name, "no such file") from None
    except PermissionError:
        raise input_error(name, "permission denied: cannot read the file") from None
    except OSError as exc:
        raise input_error(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise input_error(name, f"file is larger than the limit of {limit:,} bytes")
    return raw


def read_head(path: Path, most: int) -> bytes | None:
    """The first ``most`` bytes of a regular file, or None for anything that cannot be read.

    For sniffing a file that may not be a map at all: no size limit and no error,
    but the same safety as ``read_bytes`` (special files are never read, and the
    check is made on the opened descriptor, so a swapped path cannot slip by).
    """
    try:
        with _open_regular(path, str(path)) as (handle, size):
            return _read_at_most(handle, min(size, most), most)
    except (InputError, OSError):
        return None


@contextmanager
def _open_regular(path: Path, name: str) -> Iterator[tuple[int, int]]:
    """A read-only descriptor of a regular file and its size; ``InputError`` for anything else.

    ``stat`` first, so that opening a FIFO never waits, then open without blocking
    and check the descriptor itself: the path may have been swapped in between.
    """
    _check_regular(path.stat().st_mode, name)
    handle = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(handle)
        _check_regular(info.st_mode, name)
        yield handle, info.st_size
    finally:
        os.close(handle)


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise input_error(name, "is a directory, expected a file")
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a special file"
    )
    raise input_error(name, f"not a regular file ({kind}); journeymap reads only regular files")


def _read_at_most(handle: int, expected: int, most: int) -> bytes:
    """Up to ``most`` bytes; the first read asks only for the size fstat gave (plus one).

    ``os.read(n)`` allocates ``n`` bytes up front, so asking for the limit itself
    would allocate it for every small file.
    """
    chunks = [os.read(handle, min(expected + 1, most))]
    total = len(chunks[0])
    while chunks[-1] and total < most:
        chunks.append(os.read(handle, min(_READ_CHUNK, most - total)))
        total += len(chunks[-1])
    return b"".join(chunks)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) only; anything else is named, with its position."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise input_error(name, "file is UTF-16 encoded; save it as UTF-8", 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, column = position(prefix, len(prefix))
        raise input_error(
            name, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8", line, column
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, column = position(text, nul)
        raise input_error(name, "contains a NUL byte; this is not a text file", line, column)
    return text


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, as an editor shows it.

    Lines end at LF, CRLF or a lone CR (old Mac files); columns count characters
    (code points), not bytes.
    """
    prefix = text[:offset]
    line = 1 + prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n")
    start = max(prefix.rfind("\n"), prefix.rfind("\r")) + 1
    return line, offset - start + 1


def mark_position(text: str | None, mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a libyaml mark, as an editor shows it.

    libyaml counts lines and columns right for LF, CRLF and CR, and counts
    columns in characters; only NEL/LS/PS move its line count away from the
    editor's. Then the mark's character offset is converted instead.
    """
    if text is not None and _has_yaml11_breaks(text):
        return position(text, mark.index)
    return mark.line + 1, mark.column + 1


def _has_yaml11_breaks(text: str) -> bool:
    # Three substring searches run at memory speed; a character-class regex
    # is a hundred times slower, and this runs for every located finding.
    return "\x85" in text or "\u2028" in text or "\u2029" in text


def input_error(
    name: str, message: str, line: int | None = None, column: int | None = None
) -> InputError:
    return InputError(Finding(path=name, message=message, line=line, column=column))
