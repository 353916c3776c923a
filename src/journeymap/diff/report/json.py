"""Machine output: the change model as it is (schema documented in the README, 'Diff').

Stable: keys are only added; ``schema_version`` is bumped if one is ever
removed or changes meaning. The envelope is the findings report's
(``journeymap.report.json``): ``schema_version``, ``tool``, ``summary``, then the
list. Strings go through ``safetext.clean``, so control and bidi characters are
visible escapes and the output is always valid UTF-8.
"""

from __future__ import annotations

from journeymap.diff.model import DiffResult
from journeymap.report.shared import json_text, tool


def render(result: DiffResult, summary_only: bool = False) -> str:
    data = result.to_json(summary_only=summary_only)
    return json_text({"schema_version": data.pop("schema_version"), "tool": tool(), **data})
