"""One value type for everything journeymap reports about an input.

Loader errors, schema errors, broken references and lint findings are all
``Finding`` values: every reporter (text, json, github, sarif) and the exit
code work on a plain list of them, like yamllint's ``LintProblem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Category = Literal["input", "schema", "reference", "lint"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

INPUT_ERROR = "JM001"
"""The file cannot be read as YAML: syntax, encoding, limits, unsafe tags, duplicate keys."""
SCHEMA_ERROR = "JM002"
"""The YAML is readable but does not match the document model."""
DUPLICATE_ID = "JM003"
"""Two items in the same scope share an id."""
BROKEN_REFERENCE = "JM004"
"""An id refers to something that does not exist in the workspace."""
UNLISTED_FILE = "JM005"
"""A YAML file with a top-level ``kind:`` that the config's ``files:`` globs miss."""
SUB_JOURNEY_CYCLE = "JM006"
"""Steps' ``journey:`` links lead from a journey back into itself."""
UNKNOWN_DISABLE = "JM007"
"""A ``# journeymap: disable=`` comment names a code that is no lint rule."""
ENDS_AT_PURCHASE = "JM101"
"""Lint: a journey stops at the sale. A sub-journey is exempt, so removing a step's
``journey:`` link in one map raises it in another (see ``references.breaks_a_link``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a place in a file. ``line`` and ``column`` are 1-based."""

    path: str
    message: str
    code: str = INPUT_ERROR
    severity: Severity = "error"
    category: Category = "input"
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    pointer: tuple[str | int, ...] = field(default=())
    """Where in the document the finding is, e.g. ``("stages", 2, "steps", 0)``."""
    where: str | None = None
    """The pointer in the author's terms, e.g. ``stage 'Decide & buy' › step 'sign'``."""

    @property
    def location(self) -> str:
        """``path:line:col`` (or less, when the position is unknown)."""
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.code)


def format_pointer(pointer: tuple[str | int, ...]) -> str:
    """Render a document path the way a YAML author reads it: ``stages[2].steps[0].emotion``."""
    text = ""
    for part in pointer:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class InputError(Exception):
    """Raised when an input cannot be used at all; carries the finding to report."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding
