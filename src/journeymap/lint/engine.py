"""Run the selected lint rules over a workspace and turn their problems into findings.

Selection follows ruff: ``select``/``ignore`` take codes or prefixes (``JM2``,
``ALL``); the more specific selector wins, and the command line's
``--select``/``--ignore`` are applied on top of journeymap.yaml's ``lint:``
(``--select`` starts the selection afresh). Inline disables are read from
comments here, by the engine, not by each rule (as in yamllint):

- ``# journeymap: disable=JM201,JM3`` at the end of an item's line, or on its
  own line directly above the item, disables those rules for the item and
  everything inside it;
- ``# journeymap: disable-file=JM201`` anywhere disables them for the file.

A code in a comment that names no lint rule (``disable=JM2O1``) disables nothing;
it is reported at the code (JM007), as ruff reports an invalid ``# noqa`` code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from journeymap.document import SourceDocument
from journeymap.findings import (
    ENDS_AT_PURCHASE,
    SCHEMA_ERROR,
    SEVERITY_RANK,
    UNKNOWN_DISABLE,
    Finding,
    InputError,
    Severity,
)
from journeymap.lint.registry import LintContext, Problem, Rule, lint_rules, selector_code
from journeymap.model.config import LintSettings
from journeymap.textpos import column_in_text
from journeymap.workspace import Workspace

ALL = "ALL"
_DIRECTIVE = re.compile(r"#\s*journeymap:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9_, -]+)")
_CODE = re.compile(r"^JM\d{0,3}$")


@dataclass(slots=True)
class Selection:
    """The rules to run and the severity of each."""

    rules: list[Rule]
    severity: dict[str, Severity] = field(default_factory=dict)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)


class SelectorError(ValueError):
    """A selector that names no lint rule; ``index`` is its position in the list."""

    def __init__(self, selector: str, index: int) -> None:
        super().__init__(selector)
        self.selector = selector
        self.index = index


def check_selectors(selectors: Sequence[str]) -> None:
    """Raise ``SelectorError`` for a selector that matches no lint rule."""
    codes = [item.code for item in lint_rules()]
    for index, selector in enumerate(selectors):
        normal = selector_code(selector)
        if normal == ALL:
            continue
        if not _CODE.match(normal) or not any(code.startswith(normal) for code in codes):
            raise SelectorError(selector, index)


def did_you_mean(selector: str) -> str:
    """`` (did you mean 'JM201'?)`` when a lint rule's code or name is close to ``selector``."""
    from journeymap.lint.registry import closest_selector

    close = closest_selector(selector)
    return f" (did you mean {close!r}?)" if close else ""


def _specificity(code: str, selectors: Sequence[str]) -> int:
    """Length of the longest selector matching ``code`` (``ALL`` counts as 0), or -1."""
    best = -1
    for selector in selectors:
        normal = selector_code(selector)
        if normal == ALL:
            best = max(best, 0)
        elif code.startswith(normal):
            best = max(best, len(normal))
    return best


def _apply(
    enabled: set[str], codes: list[str], select: Sequence[str] | None, ignore: Sequence[str]
) -> set[str]:
    result = set()
    for code in codes:
        chosen = _specificity(code, select) if select else (0 if code in enabled else -1)
        if chosen >= 0 and chosen > _specificity(code, ignore):
            result.add(code)
    return result


def resolve_selection(
    settings: LintSettings,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Selection:
    """Combine journeymap.yaml's ``lint:`` with command-line selectors (already checked)."""
    rules = lint_rules()
    codes = [item.code for item in rules]
    enabled = _apply(set(codes), codes, settings.select or None, settings.ignore)
    if select or ignore:
        enabled = _apply(enabled, codes, select or None, ignore or ())
    severity: dict[str, Severity] = {}
    for code in codes:
        best = max(
            (
                (len(prefix), level)
                for key, level in settings.severity.items()
                if code.startswith(prefix := "" if key.upper() == ALL else selector_code(key))
            ),
            default=None,
        )
        if best is not None:
            severity[code] = best[1]
    return Selection([item for item in rules if item.code in enabled], severity)


def config_selector_findings(workspace: Workspace) -> list[Finding]:
    """Unknown codes in journeymap.yaml's ``lint:`` as located schema errors."""
    settings = workspace.config.lint
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for key in ("select", "ignore"):
        values: list[str] = getattr(settings, key)
        for index, selector in enumerate(values):
            try:
                check_selectors([selector])
            except SelectorError:
                problems.append((("lint", key, index), selector))
    for code in settings.severity:
        try:
            check_selectors([code])
        except SelectorError:
            problems.append((("lint", "severity", code), code))
    if not problems or workspace.config_path is None:
        return []
    return [_config_finding(workspace, pointer, selector) for pointer, selector in problems]


def _config_finding(workspace: Workspace, pointer: tuple[str | int, ...], selector: str) -> Finding:
    from journeymap.loader import load_yaml
    from journeymap.workspace import display_path

    assert workspace.config_path is not None
    path = display_path(workspace.config_path)
    try:
        line, column = load_yaml(workspace.config_path, display=path).locate(
            pointer, key=pointer[1] == "severity"
        )
    except InputError:  # pragma: no cover - the config loaded a moment ago
        line = column = None
    return Finding(
        path=path,
        message=f"lint.{pointer[1]}: {selector!r} is not a lint rule code, name or prefix"
        + did_you_mean(selector),
        code=SCHEMA_ERROR,
        category="schema",
        line=line,
        column=column,
        hint="`journeymap rules` lists the codes (JM1 structure, JM2 evidence, "
        "JM3 ownership, JM4 language, JM5 action, JM6 blueprint, JM7 messaging).",
        pointer=pointer,
    )


@dataclass(slots=True)
class Suppressions:
    """Inline disables of one file: for the whole file, and per line of an item."""

    file: list[str] = field(default_factory=list)
    lines: dict[int, list[str]] = field(default_factory=dict)
    unknown: list[tuple[int, int, str]] = field(default_factory=list)
    """(line, column, selector as written) of each code that names no lint rule."""

    def __bool__(self) -> bool:
        return bool(self.file or self.lines)

    def disables(self, code: str, document: SourceDocument, pointer: tuple[str | int, ...]) -> bool:
        if _specificity(code, self.file) >= 0:
            return True
        if not self.lines:
            return False
        for depth in range(1, len(pointer) + 1):
            prefix = pointer[:depth]
            # A list item starts on its `- ` line; a mapping entry on its key's line
            # (its block value only starts on the next line).
            line, _ = document.locate(prefix, key=isinstance(prefix[-1], str))
            if _specificity(code, self.lines.get(line, ())) >= 0:
                return True
        return False


def read_suppressions(text: str) -> Suppressions:
    """Find ``# journeymap: disable=...`` comments.

    A regex over the raw text, because YAML parsers drop comments; a directive
    inside a quoted string would count too, which is harmless and rare.
    """
    found = Suppressions()
    if "journeymap:" not in text:
        return found
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        selectors = []
        for part in re.finditer(r"[^,]+", match.group(2)):
            written = part.group().strip()
            if not written:
                continue
            if not _is_selector(written):
                indent = len(part.group()) - len(part.group().lstrip())
                found.unknown.append((number, match.start(2) + part.start() + indent + 1, written))
            selectors.append(written.upper())
        if match.group(1) == "disable-file":
            found.file.extend(selectors)
            continue
        target = number
        if line[: match.start()].strip() == "":
            target = _next_content_line(lines, number)
        found.lines.setdefault(target, []).extend(selectors)
    return found


def _is_selector(written: str) -> bool:
    try:
        check_selectors([written])
    except SelectorError:
        return False
    return True


def unknown_disable_findings(path: str, suppressions: Suppressions) -> list[Finding]:
    """A warning at each code of a disable comment that names no lint rule."""
    return [
        Finding(
            path=path,
            message=f"{written!r} is not a lint rule code, name or prefix"
            f"{did_you_mean(written)}; the disable comment disables nothing with it",
            code=UNKNOWN_DISABLE,
            severity="warning",
            category="input",
            line=line,
            column=column,
            hint="Fix the code (`journeymap rules` lists them) or remove it from the comment.",
        )
        for line, column, written in suppressions.unknown
    ]


def _next_content_line(lines: list[str], number: int) -> int:
    """The 1-based number of the first line after ``number`` that is not blank or a comment."""
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return number


def crossing_rules(
    settings: LintSettings,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: Severity | None = None,
) -> list[str]:
    """Codes of the selected cross-file rules (a finding in one file that another file
    can raise) whose severity reaches ``fail_on`` (default: ``settings.fail_on``)."""
    selection = resolve_selection(settings, select, ignore)
    threshold = SEVERITY_RANK[fail_on or settings.fail_on]
    return [
        item.code
        for item in selection.rules
        if item.cross_file and SEVERITY_RANK[selection.severity_of(item)] >= threshold
    ]


def lint_workspace(workspace: Workspace, selection: Selection) -> list[Finding]:
    """Findings of the selected rules, for the workspace's target files only, and JM101
    wherever it is: a `journey:` link dropped in a target leaves another map ending at
    the purchase (see ``references.breaks_a_link``)."""
    context = LintContext(workspace)
    suppressions: dict[str, Suppressions] = {}
    findings: list[Finding] = []
    for item in selection.rules:
        if item.check is None or item.waits(context):
            continue
        severity = selection.severity_of(item)
        for problem in item.check(context):
            document = problem.document
            if not workspace.is_target(document.path) and item.code != ENDS_AT_PURCHASE:
                continue  # a target's finding, or one a change elsewhere raises here
            if document.pruning is not None and (
                not item.local or document.pruning.near(document.original(problem.pointer))
            ):
                continue  # a partial document: the finding may come from what was pruned
            if document.path not in suppressions:
                text = context.text(document)
                suppressions[document.path] = read_suppressions(text)
            disabled = suppressions[document.path]
            if disabled and disabled.disables(item.code, document, problem.pointer):
                continue
            findings.append(_finding(item, severity, problem))
    for document in workspace.documents:  # every checked file, with a finding or not
        if workspace.is_target(document.path):
            disabled = suppressions.get(document.path)
            if disabled is None:
                disabled = read_suppressions(context.text(document))
            findings.extend(unknown_disable_findings(document.path, disabled))
    return findings


def _finding(item: Rule, severity: Severity, problem: Problem) -> Finding:
    line, column = problem.document.locate(problem.pointer, key=problem.key)
    source = problem.document.source
    if problem.inside is not None and source.text is not None:
        column = column_in_text(source.text, source.line_start(line), column, *problem.inside)
    return Finding(
        path=problem.document.path,
        message=problem.message,
        code=item.code,
        severity=severity,
        category="lint",
        line=line,
        column=column,
        hint=item.hint,
        pointer=problem.document.original(problem.pointer),
        where=problem.document.describe(problem.pointer) or None,
    )
