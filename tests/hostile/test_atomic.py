"""Atomic writes: an interrupted write leaves the previous output intact and no debris."""

from __future__ import annotations

import os

import pytest

from journeymap import atomic
from journeymap.atomic import write_atomic


def test_write_replaces_content(tmp_path):
    target = tmp_path / "out.html"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


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
