"""Atomic writes: an interrupted write leaves the previous output intact and no debris."""

from __future__ import annotations

import os

import pytest

from journeymap import atomic
from journeymap.atomic import write_atomic
from journeymap.findings import InputError


def test_write_replaces_content(tmp_path):
    target = tmp_path / "out.html"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


def test_a_cache_is_written_without_fsync(tmp_path, monkeypatch):
    """Only the summary cache leaves out ``fsync`` (its reader takes a torn file as none)."""
    synced: list[int] = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    target = tmp_path / "summaries.json"
    write_atomic(target, "{}", durable=False)
    assert target.read_text() == "{}" and synced == []
    write_atomic(target, "[]")
    assert target.read_text() == "[]" and len(synced) == 1


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_failure_mid_write_keeps_previous_output(tmp_path, monkeypatch, failing):
    target = tmp_path / "out.html"
    target.write_text("previous handout")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, stream):
                self.stream = stream

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.stream.close()

            def write(self, data):
                self.stream.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new handout " * 1000)
    assert target.read_text() == "previous handout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


def test_interrupt_keeps_previous_output(tmp_path, monkeypatch):
    target = tmp_path / "out.svg"
    target.write_text("<svg/>")
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "<svg>new</svg>")
    assert target.read_text() == "<svg/>"
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]


def test_new_files_get_the_usual_mode_and_existing_files_keep_theirs(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.html"
        write_atomic(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.html"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


SLOW_WRITER = """
import sys, time
from pathlib import Path
from journeymap import atomic

def slow_fsync(descriptor):
    print("writing", flush=True)
    time.sleep(60)

atomic.os.fsync = slow_fsync
atomic.write_atomic(Path(sys.argv[1]), b"x" * 50_000_000)
"""


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_write_removes_the_temporary_file(tmp_path, signal_name):
    """A 50 MB write stopped by a signal leaves the old file and no ``.tmp`` behind."""
    import signal
    import subprocess
    import sys

    target = tmp_path / "handout.html"
    target.write_text("previous handout")
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"  # the temporary file is full now
        assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        child.send_signal(getattr(signal, signal_name))
        code = child.wait(timeout=30)
    finally:
        child.kill()
    number = getattr(signal, signal_name)
    # SIGTERM/SIGHUP: SystemExit(128 + n); SIGINT: KeyboardInterrupt, re-raised as the signal
    assert code == (-number if signal_name == "SIGINT" else 128 + number)
    assert target.read_text() == "previous handout"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.html"]


def test_special_files_are_written_into_never_replaced(tmp_path):
    """A FIFO (and any device) gets the bytes; it is not renamed over."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    """Renaming over the link would turn it into a copy and leave the real file stale."""
    real = tmp_path / "shared" / "map.yaml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "maps" / "map.yaml"
    link.parent.mkdir()
    link.symlink_to("../shared/map.yaml")
    atomic.write_output(link, "new")
    assert link.is_symlink() and str(link.readlink()) == "../shared/map.yaml"
    assert real.read_text() == "new"
    assert sorted(p.name for p in link.parent.iterdir()) == ["map.yaml"]


def test_output_into_a_symlink_loop_is_one_line_and_keeps_the_links(tmp_path):
    from journeymap.findings import InputError

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.symlink_to("b.yaml")
    second.symlink_to("a.yaml")
    with pytest.raises(
        InputError, match=r"a\.yaml: cannot write: Too many levels of symbolic links"
    ):
        atomic.write_output(first, "x")
    assert first.is_symlink() and second.is_symlink()


def test_output_creates_missing_parent_folders(tmp_path):
    target = tmp_path / "new" / "deep" / "out.csv"
    atomic.write_output(target, "x")
    assert target.read_text() == "x"


def test_a_dangling_symlink_is_an_existing_output_and_never_grows_folders(tmp_path):
    """A link planted where a report goes must not make a write land elsewhere: without
    --force it is a file that exists, and with it no folder is made for its target."""
    from journeymap.outputs import check_targets

    link = tmp_path / "out.html"
    link.symlink_to(tmp_path / "victim" / "deep" / "evil.html")
    with pytest.raises(InputError, match="already exists; pass --force"):
        check_targets([link], inputs=[], force=False)
    with pytest.raises(InputError, match="in a folder that does not exist"):
        atomic.write_output(link, "report")
    assert not (tmp_path / "victim").exists() and link.is_symlink()
