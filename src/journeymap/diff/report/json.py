"""Machine output: the change model as it is (schema documented in the README, 'Diff').

Stable: keys are only added; ``schema_version`` is bumped if one is ever
removed or changes meaning. Strings go through ``safetext.clean``, so control
and bidi characters are visible escapes and the output is always valid UTF-8.
"""

from __future__ import annotations

import json

from journeymap.diff.model import DiffResult
from journeymap.safetext import clean_data


def render(result: DiffResult, summary_only: bool = False) -> str:
    return (
        json.dumps(
            clean_data(result.to_json(summary_only=summary_only)), indent=2, ensure_ascii=False
        )
        + "\n"
    )
