"""The validate pipeline: load (schema), check references, run lint rules.

Returns plain findings; reporters and the exit code are the caller's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.findings import SEVERITY_RANK, Finding, Severity
from journeymap.workspace import Workspace, load_workspaces

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class ValidationRun:
    """Everything a validate run found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    fail_on: Severity = "error"

    @property
    def input_errors(self) -> list[Finding]:
        """Findings that mean the input could not be used as a map (exit code 2)."""
        return [f for f in self.findings if f.category != "lint" and f.severity == "error"]

    def exit_code(self, fail_on: Severity | None = None) -> int:
        """0 clean, 1 lint findings at or above ``fail_on``, 2 unusable input."""
        if self.input_errors:
            return 2
        threshold = SEVERITY_RANK[fail_on or self.fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings) else 0


def validate_paths(paths: Sequence[str | Path] = ()) -> ValidationRun:
    """Validate the workspaces that ``paths`` (or the current directory) belong to."""
    run = ValidationRun()
    for workspace in load_workspaces(paths):
        run.findings.extend(_check_workspace(workspace))
        run.files += len(workspace.targets) or len(workspace.files)
        run.documents += len(workspace.documents)
        run.fail_on = workspace.config.lint.fail_on
    run.findings.sort(key=lambda finding: finding.sort_key)
    return run


def _check_workspace(workspace: Workspace) -> list[Finding]:
    from journeymap.references import check_references

    findings = [*workspace.findings, *check_references(workspace)]
    return [finding for finding in findings if workspace.is_target(finding.path)]
