"""Atomic file writes: a reader never sees half a file, and a failed write leaves the old one.

Two exceptions to "write a temporary file, rename it over the target":

- a special file (a character or block device such as ``/dev/null`` or
  ``/dev/stdout``, a FIFO, a socket) is written into like standard output and
  never replaced: renaming over ``/dev/null`` as root would replace the
  machine's ``/dev/null`` with a regular file;
- SIGTERM and SIGHUP while the temporary file exists raise ``SystemExit``
  (exit code 128 + signal) instead of killing the process outright, so the
  temporary file is removed (SIGINT already raises ``KeyboardInterrupt``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

CLEANUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def is_special(path: Path) -> bool:
    """Whether ``path`` exists as something other than a regular file or a directory."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The temporary file gets the mode the target would have had (the existing file's
    mode, or the usual umask-based mode for a new file), because ``mkstemp`` creates
    files readable by their owner only. A special file is written into instead.
    ``durable=False`` leaves out the ``fsync`` before the rename, for a cache: a
    crash may then leave it empty or torn, which its reader takes as no cache, and
    a big run's cache (33 files) spent about 0.2 s in ``fsync``.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if is_special(path):
        _write_into(path, payload)
        return
    mode = _target_mode(path)
    with _signals_raise():
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fchmod(stream.fileno(), mode)
                if durable:
                    os.fsync(stream.fileno())
            Path(temporary).replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise


def _write_into(path: Path, payload: bytes) -> None:
    """Write to a device or FIFO as to standard output: open it for writing, no create,
    no truncate, no rename (a FIFO blocks until someone reads, as a pipe does)."""
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(payload)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While the block runs, SIGTERM/SIGHUP raise ``SystemExit(128 + signal)``.

    Only signals at their default action (which would kill the process) get the
    handler; an ignored SIGHUP (``nohup``) stays ignored. Signal handlers can
    only be set from the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: FrameType | None) -> None:
        del frame
        raise SystemExit(128 + number)

    previous = {
        number: signal.signal(number, stop)
        for number in CLEANUP_SIGNALS
        if signal.getsignal(number) == signal.SIG_DFL
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(path: Path, data: str | bytes) -> None:
    """``write_atomic`` for user-chosen outputs: a failure is one clear line, not a traceback.

    Every command writes its files through here, so they all behave alike:

    - missing parent directories are created (``make_directory``), as ``-o DIR/``
      for several journeys needs anyway: one rule for every writer instead of some
      creating and some refusing;
    - a symlink is written through: the file it points at is replaced and the
      link kept, as editors and formatters do (renaming over the link would turn
      it into a copy and leave the real file as it was);
    - a failure raises ``InputError`` naming the path and the operating system's
      reason (read-only directory, a file where a directory should be, a symlink
      loop, a full disk…).
    """
    from journeymap.findings import Finding, InputError

    try:
        target = link_target(path)
        make_directory(path.parent)  # folders for the path given, never for a link's target
        if not target.parent.is_dir():
            message = f"cannot write: it links to {target}, in a folder that does not exist"
            raise InputError(Finding(path=str(path), message=message))
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(Finding(path=str(path), message=f"cannot write: {reason}")) from None


def link_target(path: Path) -> Path:
    """Where a write to ``path`` lands: the file at the end of its symlinks, or ``path``.

    A dangling link leads to the file it names (writing creates it); a symlink
    loop raises ``OSError`` (ELOOP) rather than being replaced by a regular file.
    """
    if not path.is_symlink():
        return path
    with contextlib.suppress(FileNotFoundError):
        path.stat()  # raises OSError(ELOOP) for a loop
    return Path(os.path.realpath(path))


def make_directory(directory: Path) -> None:
    """Create ``directory`` and its missing parents, or raise ``InputError`` in one line."""
    from journeymap.findings import Finding, InputError

    blocking = next(
        (p for p in [directory, *directory.parents] if p.exists() and not p.is_dir()), None
    )
    if blocking is not None:
        message = f"cannot create: {blocking} is a file, not a directory"
        raise InputError(Finding(path=str(directory), message=message))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(Finding(path=str(directory), message=f"cannot create: {reason}")) from None
