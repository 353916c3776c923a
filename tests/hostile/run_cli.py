"""Run the journeymap CLI and record its peak memory (ru_maxrss, KiB) for the catalogue."""

import atexit
import os
import resource
from pathlib import Path

from journeymap.cli import main


def _report() -> None:
    target = os.environ.get("JM_RSS_FILE")
    if target:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        Path(target).write_text(str(peak), encoding="utf-8")


atexit.register(_report)
main()
