"""Run an external program (git, dot) bounded in time, output and environment.

Both programs read files and settings that the person running journeymap did
not write: a repository's ``.git/config``, a map that becomes a huge graph. So
every run here:

- takes an argument list (never a shell) and closes standard input after the
  given bytes;
- has a timeout, after which the program and everything it started (its own
  process group) are killed;
- may return at most ``max_output`` bytes on stdout; beyond that it is killed
  and the caller gets an error, not a memory blow-up (stderr keeps its first
  64 KiB only);
- runs with the environment the caller builds (see ``base_environment``), not
  whatever the shell exported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO

STDERR_KEPT = 64 * 1024
CHUNK = 1024 * 1024


class ProcessError(Exception):
    """The program could not run, timed out or produced too much; ``reason`` says which."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        """``missing``, ``timeout`` or ``too-large``."""


@dataclass(frozen=True, slots=True)
class Completed:
    returncode: int
    stdout: bytes
    stderr: bytes

    def first_error_line(self, fallback: str) -> str:
        """The last non-empty stderr line (where programs put the reason), or ``fallback``."""
        lines = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1].strip() if lines else fallback


def base_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A minimal environment: ``PATH``, ``HOME`` and the C locale, plus ``extra``.

    Nothing else of the caller's environment is passed on, so variables such as
    ``GIT_DIR``, ``GIT_EXTERNAL_DIFF``, ``GIT_SSH_COMMAND`` or ``LD_PRELOAD`` never
    reach the program.
    """
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C"}
    if "HOME" in os.environ:
        env["HOME"] = os.environ["HOME"]
    env.update(extra or {})
    return env


def run_bounded(
    argv: Sequence[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    stdin: bytes | None = None,
    timeout: float,
    max_output: int,
    env: Mapping[str, str],
) -> Completed:
    """Run ``argv``; raise ``ProcessError`` when it is missing, too slow or too talkative."""
    try:
        process = subprocess.Popen(  # an argument list, never a shell
            list(argv),
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            start_new_session=True,  # its own process group, so a kill reaches its children
        )
    except FileNotFoundError:
        raise ProcessError("missing", f"{argv[0]} is not installed") from None
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        _kill_group(process)

    timer = threading.Timer(timeout, kill)
    timer.daemon = True
    errors = bytearray()
    feeder = threading.Thread(target=_feed, args=(process.stdin, stdin or b""), daemon=True)
    drainer = threading.Thread(target=_drain, args=(process.stderr, errors), daemon=True)
    timer.start()
    feeder.start()
    drainer.start()
    output = bytearray()
    too_large = False
    try:
        while chunk := os.read(process.stdout.fileno(), CHUNK):
            output += chunk
            if len(output) > max_output:
                too_large = True
                _kill_group(process)
                break
        process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:  # interrupted (e.g. Ctrl-C): leave nothing running
            _kill_group(process)
            process.wait()
        process.stdout.close()
        feeder.join(1)
        drainer.join(1)
    if timed_out.is_set():
        raise ProcessError("timeout", f"{argv[0]} took longer than {timeout:g} s and was stopped")
    if too_large:
        raise ProcessError(
            "too-large", f"{argv[0]} produced more than {max_output:,} bytes and was stopped"
        )
    return Completed(process.returncode, bytes(output), bytes(errors))


def _feed(stream: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(OSError):  # the program may exit without reading it all
        stream.write(data)
    with contextlib.suppress(OSError):
        stream.close()


def _drain(stream: IO[bytes], kept: bytearray) -> None:
    while chunk := os.read(stream.fileno(), CHUNK):
        if len(kept) < STDERR_KEPT:
            kept += chunk[: STDERR_KEPT - len(kept)]
    stream.close()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # no process groups (Windows): the program itself
            process.kill()
