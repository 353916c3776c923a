"""The rule registry: every rule's code, name, severity, documentation and check.

As in yamllint, a rule's docstring *is* its documentation: ``journeymap rules
CODE`` prints it and the README's rule table is generated from it. Adding a rule
is one function plus one decorator line in the family module::

    @rule("JM205", "quote-without-date", severity="info", hint="Add `date:`.")
    def quote_without_date(ctx: LintContext) -> Iterator[Problem]:
        \"\"\"A quote has no date.  (first line: the summary; then the doc)\"\"\"
        ...

Core checks (JM001-JM007: readable YAML, schema, unique ids, references, files
the config misses, sub-journey cycles, unknown codes in disable comments) are
listed here too so that ``journeymap rules JM004`` and SARIF describe them, but
they always run and cannot be selected or ignored.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from journeymap.findings import (
    BROKEN_REFERENCE,
    DUPLICATE_ID,
    INPUT_ERROR,
    SCHEMA_ERROR,
    SUB_JOURNEY_CYCLE,
    UNKNOWN_DISABLE,
    UNLISTED_FILE,
    Severity,
)

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.journey_links import Journeys
    from journeymap.model.journey import Insight, Journey
    from journeymap.model.messaging import Messaging
    from journeymap.model.persona import Persona
    from journeymap.workspace import Workspace

Pointer = tuple[str | int, ...]

FAMILIES: dict[str, str] = {
    "JM0": "core",
    "JM1": "structure",
    "JM2": "evidence",
    "JM3": "ownership",
    "JM4": "language",
    "JM5": "action",
    "JM6": "blueprint",
    "JM7": "messaging",
    "JM8": "persona",
}
"""Code prefix → family name; each lint family is one module in ``lint/rules/``."""

RULE_MODULES = (
    "structure",
    "evidence",
    "ownership",
    "language",
    "action",
    "blueprint",
    "messaging",
    "persona",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check reports: where (document + pointer) and what, in one sentence.

    Rules do not compute line numbers: the engine locates only the problems it
    actually reports (after selection and inline disables), which keeps rules
    cheap on large workspaces.
    """

    document: SourceDocument
    pointer: Pointer
    message: str
    key: bool = False
    """Point at the key (``stages:``) rather than at its value."""
    inside: tuple[str, int] | None = None
    """(the text at ``pointer``, the offset of a word in it): point at that word where
    the file writes the text as it reads (``textpos.column_in_text``), else at the text."""


class LintContext:
    """The workspace as rules see it, with indexes built once and shared by all rules."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.config = workspace.config

    @staticmethod
    def text(document: SourceDocument) -> str:
        """The file's raw text, for comments and quick pre-checks.

        YAML comments are not part of the node tree; the loader keeps the text
        it parsed, so rules never read a file twice.
        """
        return document.source.text

    @cached_property
    def journeys(self) -> list[tuple[SourceDocument, Journey]]:
        from journeymap.model.journey import Journey

        return [(d, d.model) for d in self.workspace.documents if isinstance(d.model, Journey)]

    @cached_property
    def insights(self) -> list[tuple[SourceDocument, Pointer, Insight]]:
        """Every insight of every journey with its pointer, for the insight rules."""
        return [
            (document, ("stages", i, "insights", j), insight)
            for document, journey in self.journeys
            for i, stage in enumerate(journey.stages)
            for j, insight in enumerate(stage.insights)
        ]

    @cached_property
    def all_journeys(self) -> Journeys:
        """Every journey's links (sub-journeys, employee steps), summarised files included."""
        from journeymap.journey_links import workspace_journeys

        return workspace_journeys(self.workspace)

    @cached_property
    def personas(self) -> list[tuple[SourceDocument, Persona]]:
        from journeymap.model.persona import Persona

        return [(d, d.model) for d in self.workspace.documents if isinstance(d.model, Persona)]

    @cached_property
    def messaging(self) -> list[tuple[SourceDocument, Messaging]]:
        from journeymap.model.messaging import Messaging

        return [(d, d.model) for d in self.workspace.documents if isinstance(d.model, Messaging)]

    @cached_property
    def error_kinds(self) -> set[str]:
        """Kinds of the files with a loading error (``*``: a file of unknown kind, a
        duplicated id, an error outside any file). What was left out of them is missing,
        so a cross-file rule that reads such a kind would guess wrong (``Rule.waits``)."""
        kinds = set(self.workspace.error_kinds)
        kind_of = {document.path: document.kind for document in self.workspace.documents}
        for finding in self.workspace.findings:
            if finding.severity == "error":
                kinds.add(kind_of.get(finding.path, "*"))
        return kinds


Check = Callable[[LintContext], Iterable[Problem]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint rule (or a core check when ``check`` is None)."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    hint: str
    check: Check | None = None
    cross_file: bool = False
    """Needs every file of the workspace; skipped while a file it reads has an error."""
    local: bool = False
    """Each problem depends only on the item it points at, so the rule also runs on
    partial documents (see ``partial``), except next to what was pruned; other
    rules look at the whole journey and skip partial documents."""
    reads: frozenset[str] | None = None
    """The kinds of the other files a cross-file rule reads (None: every kind)."""

    def waits(self, context: LintContext) -> bool:
        """Whether a cross-file rule waits for errors to be fixed: some file it reads has
        one, so its findings could come from what was left out of that file. A broken
        backlog does not silence the rules about personas, nor the reverse."""
        if not self.cross_file or not (errors := context.error_kinds):
            return False
        return self.reads is None or "*" in errors or bool(errors & self.reads)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    @property
    def configurable(self) -> bool:
        return self.check is not None


_RULES: dict[str, Rule] = {}
_LOADED: list[bool] = []
"""Not empty once every rule module is imported."""


def _split_doc(function: Callable[..., object]) -> tuple[str, str]:
    doc = inspect.cleandoc(function.__doc__ or "")
    summary, _, rest = doc.partition("\n")
    return summary.strip(), rest.strip()


def rule(
    code: str,
    name: str,
    *,
    severity: Severity,
    hint: str,
    cross_file: bool = False,
    local: bool = False,
    reads: Iterable[str] | None = None,
) -> Callable[[Check], Check]:
    """Register ``function`` as the check of rule ``code``; its docstring is the rule's doc."""

    def register(function: Check) -> Check:
        if code in _RULES:
            raise ValueError(f"rule code {code} registered twice")
        summary, doc = _split_doc(function)
        kinds = None if reads is None else frozenset(reads)
        _RULES[code] = Rule(
            code, name, severity, summary, doc, hint, function, cross_file, local, kinds
        )
        return function

    return register


CORE_RULES: tuple[Rule, ...] = (
    Rule(
        INPUT_ERROR,
        "unreadable-yaml",
        "error",
        "The file cannot be read as YAML.",
        "Syntax errors, tabs used for indentation, encodings other than UTF-8, "
        "more than one document in a file, duplicate keys, unsafe or custom tags "
        "(`!!python/...`), and files past the input limits (size, nesting, alias "
        "expansion) in `limits:` of journeymap.yaml.",
        "Fix the YAML at the position shown; the message names the problem.",
    ),
    Rule(
        SCHEMA_ERROR,
        "schema",
        "error",
        "The YAML does not match the document model.",
        "Unknown keys (usually typos; put your own data under `x-` keys), missing "
        "required keys, wrong types, values out of range (emotion -2..2) and ids that "
        "are not lowercase slugs. `journeymap schema KIND` prints the JSON Schema.",
        "Compare with `journeymap schema KIND`; editors with the YAML language server "
        "show the same errors as you type.",
    ),
    Rule(
        DUPLICATE_ID,
        "duplicate-id",
        "error",
        "Two items in the same scope share an id.",
        "Ids are how references and diffs follow items, so each stage, step, insight, "
        "metric, objective and document needs its own id in its scope.",
        "Give each item its own id.",
    ),
    Rule(
        BROKEN_REFERENCE,
        "broken-reference",
        "error",
        "An id refers to something that does not exist in the workspace.",
        "A journey's `personas` and `based_on` (a current-state journey), a step's "
        "`next`, `journey` (a sub-journey), `employee_step` (a step of an employee "
        "journey) and per-persona `emotion` keys (personas of the journey), an "
        "objective's `metric`, messaging "
        "vocabulary keys (personas and stages) and a brand action's `stage`, a backlog "
        "opportunity's `addresses`, "
        "`evidence` and `metric`, a data file's `scope` and `metric`, owners (when "
        "`teams:` is configured) and persona segments (when `segments:` is configured) "
        "must name something that exists. Renaming a persona or journey (or an id in a "
        "journey) breaks the files that still use the old id: a pre-commit run that "
        "checks only the changed files reports those links wherever they are.",
        "Fix the typo or carry the rename through; the message suggests the closest id.",
    ),
    Rule(
        UNLISTED_FILE,
        "file-not-in-workspace",
        "warning",
        "A YAML file with a `kind:` key is not in the `files:` of journeymap.yaml.",
        "A map that the `files:` globs miss would otherwise never be checked, and CI "
        "would stay green however broken it is. Every `*.yaml`/`*.yml` file below the "
        "workspace with a top-level `kind:` key that `exclude:` does not leave out is "
        "validated anyway (its errors count) and named in this warning, reported at "
        "`files:` in journeymap.yaml.",
        "Add the files to `files:` (e.g. `journeys/**/*.yml`) or list them in `exclude:`.",
    ),
    Rule(
        SUB_JOURNEY_CYCLE,
        "sub-journey-cycle",
        "error",
        "Sub-journeys lead back into a journey that contains them.",
        "A step's `journey:` names a sub-journey that zooms into that step (a security "
        "review mapped as its own journey). Following those links must end: a journey "
        "whose sub-journey (or its sub-journey…) links back to it has no bottom, and the "
        "site and handouts could not be drawn. A step linking to its own journey is a "
        "cycle of one.",
        "Remove one `journey:` link of the cycle the message shows.",
    ),
    Rule(
        UNKNOWN_DISABLE,
        "unknown-disable-code",
        "warning",
        "An inline `# journeymap: disable=` comment names no lint rule.",
        "A typo in a disable comment (`disable=JM2O1`) disables nothing, so the finding "
        "it was meant to silence is still reported and nobody sees why; core checks "
        "(JM001-JM007) cannot be disabled at all. Each code, prefix or rule name of "
        "`disable=` and `disable-file=` must name a lint rule, as in `--select`; the "
        "warning is at the code, with the closest rule.",
        "Fix the code (`journeymap rules` lists them) or remove it from the comment.",
    ),
)


def _load() -> dict[str, Rule]:
    """Import the rule modules once, which registers their rules (every module: one
    imported on its own, by a test or a plugin, has registered only its family)."""
    if not _LOADED:
        import importlib

        for module in RULE_MODULES:
            importlib.import_module(f"journeymap.lint.rules.{module}")
        _LOADED.append(True)
    return _RULES


def lint_rules() -> list[Rule]:
    """Every lint rule, ordered by code."""
    return sorted(_load().values(), key=lambda item: item.code)


def all_rules() -> list[Rule]:
    """Core checks and lint rules, ordered by code."""
    return [*CORE_RULES, *lint_rules()]


def selector_code(selector: str) -> str:
    """A selector as a code or prefix: rule names (``duplicate-step-name``) become their code.

    Names are printed in every report, so they are accepted wherever codes are:
    ``--select``/``--ignore``, ``lint:`` in journeymap.yaml and ``journeymap rules``.
    """
    text = selector.strip()
    by_name = _names().get(text.lower())
    return by_name if by_name is not None else text.upper()


@cache
def _names() -> dict[str, str]:
    return {item.name: item.code for item in all_rules()}


def get_rule(code: str) -> Rule | None:
    """The rule or core check with this code or name (case-insensitive)."""
    code = selector_code(code)
    return next((item for item in all_rules() if item.code == code), None)


def matching(selector: str) -> Iterator[Rule]:
    """Rules whose code starts with ``selector`` (a code like JM201, a prefix like JM2, or a name)."""
    selector = selector_code(selector)
    return (item for item in all_rules() if item.code.startswith(selector))


def closest_selector(selector: str, *, lint_only: bool = True) -> str | None:
    """The code or name most like a selector that matches nothing, for a "did you mean"."""
    import difflib

    rules = lint_rules() if lint_only else all_rules()
    choices = [item.name for item in rules] + [item.code for item in rules]
    text = selector.strip()
    close = difflib.get_close_matches(text.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not close:
        return None
    return next(choice for choice in choices if choice.lower() == close[0])
