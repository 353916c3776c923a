"""The validate pipeline: load (schema), check references, run lint rules.

Returns plain findings; reporters and the exit code are the caller's business.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.discovery import configs_as_workspaces
from journeymap.findings import SEVERITY_RANK, Finding, Severity
from journeymap.parallel import paused_gc
from journeymap.stdin import load_inputs
from journeymap.workspace import Workspace

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class ValidationRun:
    """Everything a validate run found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    fail_on: Severity = "error"
    """The ``lint.fail_on`` of findings that no workspace claims (a run built by hand)."""
    gates: list[tuple[Severity, list[Finding]]] = field(default_factory=list)
    """Each workspace's own ``lint.fail_on`` with its findings: in one run over several
    workspaces, each one's setting decides for its own findings, in any order."""

    @property
    def input_errors(self) -> list[Finding]:
        """Findings that mean the input cannot be used as a map (exit code 2):
        unreadable YAML, schema errors, duplicate ids, broken references."""
        return [f for f in self.findings if f.category != "lint" and f.severity == "error"]

    def exit_code(self, fail_on: Severity | None = None) -> int:
        """0 clean, 1 lint findings at or above ``fail_on``, 2 unusable input."""
        if self.input_errors:
            return 2
        for own, findings in self.gates or [(self.fail_on, self.findings)]:
            threshold = SEVERITY_RANK[fail_on or own]
            if any(SEVERITY_RANK[f.severity] >= threshold for f in findings):
                return 1
        return 0


def validate_paths(
    paths: Sequence[str | Path] = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    fail_on: Severity | None = None,
) -> ValidationRun:
    """Validate the workspaces that ``paths`` (or the current directory) belong to.

    Stage 1 loads every file (schema), stage 2 checks references across files,
    stage 3 runs the lint rules chosen by journeymap.yaml's ``lint:`` and the
    ``select``/``ignore`` overrides (codes or prefixes; an unknown one raises
    ``InputError``). ``progress(done, total)`` is called as files are loaded; ``jobs`` processes parse
    them (0: one per core when there are many files). ``fail_on`` is the exit
    threshold the caller will apply (default: each workspace's ``lint.fail_on``).
    """
    jobs = clamp_jobs(jobs)
    _check_cli_selectors(select, "--select")
    _check_cli_selectors(ignore, "--ignore")
    run = ValidationRun()
    for workspace in load_inputs(
        _whole_where_lint_crosses(configs_as_workspaces(paths), select, ignore, fail_on),
        progress=progress,
        jobs=jobs,
        partial=True,
    ):
        with paused_gc():  # lint allocates while the workspace's models are all alive
            findings, documents = _check_workspace(workspace, select, ignore, progress, jobs)
        run.findings.extend(findings)
        run.gates.append((workspace.config.lint.fail_on, findings))
        run.files += len(workspace.files) if workspace.everything else len(workspace.targets)
        run.documents += documents
    run.findings.sort(key=lambda finding: finding.sort_key)
    return run


MAX_JOBS = 64
"""Upper bound of ``--jobs`` whatever the machine reports."""


def clamp_jobs(requested: int) -> int:
    """``requested`` processes, but at most one per usable core (and ``MAX_JOBS``).

    Parsing is CPU-bound: processes beyond the cores only add memory and start-up
    time, and ``--jobs 100000`` would try to fork a hundred thousand of them.
    0 (automatic) stays 0.
    """
    if requested <= 0:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(requested, cores, MAX_JOBS))


def _whole_where_lint_crosses(
    paths: Sequence[str | Path],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    fail_on: Severity | None,
) -> list[str | Path]:
    """Paths inside a workspace whose cross-file lint rules can fail the run stand for
    the whole workspace, and so does a data file that ``data:`` names.

    Such a rule (``cross_file``: JM103, JM501, JM505-JM507, JM510, JM602, JM604, JM803)
    reports one file from what others hold: a map that drops a persona leaves the
    persona unused. A run that checks only the changed files (pre-commit) cannot see
    that finding in a file it does not check, so when the rule's severity reaches the
    exit threshold (``fail_on: warning``, or a severity override) the run checks the
    whole workspace, else pre-commit would pass what CI fails. With the default
    settings (these rules warn, warnings do not fail) nothing changes.

    A data file's rows are judged against the workspace's journeys in every run; read
    as a map of its own, a CSV would fail as YAML with no ``kind:``.
    """
    from journeymap.lint.engine import crossing_rules
    from journeymap.selection import find_config, load_config

    settings: dict[Path, tuple[bool, set[Path]]] = {}
    chosen: list[str | Path] = []
    for path in paths:
        config = find_config(Path(path)) if Path(path).exists() else None
        if config is None:
            chosen.append(path)
            continue
        if config not in settings:
            loaded = load_config(config)[0]
            data: set[Path] = set()
            if loaded.data:
                from journeymap.data import data_files

                data = {file.resolve() for file in data_files(config.parent, loaded.data)}
            settings[config] = (bool(crossing_rules(loaded.lint, select, ignore, fail_on)), data)
        whole, data = settings[config]
        if whole or (data and Path(path).resolve() in data):
            chosen.append(config.parent)
        else:
            chosen.append(path)
    return chosen


def _check_cli_selectors(selectors: Sequence[str] | None, option: str) -> None:
    from journeymap.findings import InputError
    from journeymap.lint.engine import SelectorError, check_selectors, did_you_mean

    try:
        check_selectors(selectors or ())
    except SelectorError as error:
        raise InputError(
            Finding(
                path=option,
                message=f"{error.selector!r} is not a lint rule code, name or prefix"
                f"{did_you_mean(error.selector)}; see `journeymap rules`",
            )
        ) from None


def _check_workspace(
    workspace: Workspace,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    progress: Progress | None,
    jobs: int,
) -> tuple[list[Finding], int]:
    """(findings, documents loaded) of one workspace; a big one is loaded and checked
    in batches (``journeymap.streaming``)."""
    from journeymap.lint.engine import config_selector_findings, lint_workspace, resolve_selection
    from journeymap.references import breaks_a_link, check_references

    config_errors = config_selector_findings(workspace)
    selection = None if config_errors else resolve_selection(workspace.config.lint, select, ignore)

    def check(part: Workspace) -> list[Finding]:
        found = [*part.findings, *check_references(part)]
        # A link into a renamed or deleted persona or journey is broken in the file that
        # still uses the old id, which pre-commit does not pass: report it wherever it is.
        findings = [f for f in found if part.is_target(f.path) or breaks_a_link(f)]
        if selection is not None:
            findings.extend(lint_workspace(part, selection))
        return findings

    if workspace.pending:
        from journeymap.streaming import check_streamed

        findings, documents = check_streamed(workspace, check, progress, jobs)
    else:
        findings, documents = check(workspace), len(workspace.documents)
    return [*findings, *config_errors], documents
