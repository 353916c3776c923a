"""Atomic file writes: a reader never sees half a file, and a failed write leaves the old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The temporary file gets the mode the target would have had (the existing file's
    mode, or the usual umask-based mode for a new file), because ``mkstemp`` creates
    files readable by their owner only.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    mode = _target_mode(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(path: Path, data: str | bytes, *, make_parents: bool = False) -> None:
    """``write_atomic`` for user-chosen outputs: a failure is one clear line, not a traceback.

    Raises ``InputError`` naming the path and the operating system's reason
    (read-only directory, a file where a directory should be, a full disk…).
    """
    from journeymap.findings import Finding, InputError

    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        message = f"cannot write: {blocking} is a file, not a directory"
        raise InputError(Finding(path=str(path), message=message))
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(Finding(path=str(path), message=f"cannot write: {reason}")) from None
