"""Run the journeymap CLI and record its peak memory (ru_maxrss, KiB) for the catalogue."""

import atexit
import os
import resource

from journeymap.cli import main


def _report() -> None:
    target = os.environ.get("JM_RSS_FILE")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


atexit.register(_report)
main()
