"""Today's date, for the checks that depend on it (due dates, stale data, the yearly refresh).

``JOURNEYMAP_TODAY=2026-11-30`` pins it, so that CI runs and tests give the
same answer on every day and an old snapshot can be checked as of its own date.
"""

from __future__ import annotations

import datetime as dt
import os

ENVIRONMENT_VARIABLE = "JOURNEYMAP_TODAY"


def today() -> dt.date:
    """The date time-based checks judge against: ``$JOURNEYMAP_TODAY`` if set, else today."""
    pinned = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            from journeymap.findings import Finding, InputError

            raise InputError(
                Finding(
                    path=ENVIRONMENT_VARIABLE,
                    message=f"{pinned[:40]!r} is not a date; write it as YYYY-MM-DD",
                )
            ) from None
    return dt.date.today()
