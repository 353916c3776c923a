"""The data model of a semantic diff: one ``Change`` value per thing that changed.

Like oasdiff's checks, every change carries a stable ``kind`` id (the catalogue
is :data:`journeymap.diff.kinds.KINDS`), a ``category`` that ``--fail-on``
selects by, a ``level`` (``warning`` for what a reviewer should look at,
``info`` for the rest), where it happened (document kind + id, then the ids of
the stage and step), the value before and after, a sentence for humans and an
optional hint. Reporters only format lists of changes; the JSON reporter prints
this model as it is, so its shape is the documented contract.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

Category = Literal[
    "added",
    "removed",
    "renamed",
    "moved",
    "changed",
    "emotion-improved",
    "emotion-worsened",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
"""The categories in report order (the Literal is the one list, for type checkers too)."""
Level = Literal["warning", "info"]
LEVELS: tuple[str, ...] = get_args(Level)

JSON_SCHEMA_VERSION = 1
"""Bumped only when a key of the JSON output is removed or changes meaning."""


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Which document a change belongs to: kind and id, plus the file it was read from."""

    kind: str
    id: str
    path: str | None = None
    workspace: str = ""
    """Where the document's workspace sits below the compared path (``""`` for the
    compared workspace itself): documents in different workspaces may share ids."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def scoped_key(self) -> tuple[str, str, str]:
        return (self.workspace, self.kind, self.id)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "path": self.path, "workspace": self.workspace}


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic change. ``path`` is the ids that lead to it: ``(stage, step)``, a
    field name for document-level fields, or ``()`` for the document itself."""

    kind: str
    category: Category
    level: Level
    document: DocumentRef
    path: tuple[str, ...]
    message: str
    before: Any = None
    after: Any = None
    hint: str | None = None
    stage: str | None = None
    """The journey stage the change belongs to (for grouping), or None at document level."""
    persona: str | None = None
    """For an emotion change on a map whose steps feel differently per persona: the
    persona's id (its name is in ``message``); None when one number is compared."""
    lane: str | None = None
    """For a blueprint lane item: ``backstage``, ``support`` or ``systems``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "category": self.category,
            "level": self.level,
            "document": self.document.to_json(),
            "path": list(self.path),
            "stage": self.stage,
            "message": self.message,
            "before": self.before,
            "after": self.after,
            "hint": self.hint,
            "persona": self.persona,
            "lane": self.lane,
        }


@dataclass(slots=True)
class DiffResult:
    """Changes between two snapshots, with the snapshots' labels and documents (for html)."""

    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)
    old_documents: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    new_documents: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    """Models by (workspace, kind, id); the html reporter draws both emotion curves from them."""
    inputs: list[Path] = field(default_factory=list)
    """Files on disk that were read (an output file must never replace one of them)."""
    heading: str = "Journey map refresh report"
    """What the html report calls itself (``Current vs future state`` for ``--current-future``)."""

    def counts(self) -> dict[str, int]:
        """Changes per category, every category present (zeros included) in a fixed order."""
        counted = Counter(change.category for change in self.changes)
        return {category: counted[category] for category in CATEGORIES}

    def summary(self) -> dict[str, Any]:
        return {
            "changes": len(self.changes),
            "documents": len({change.document.scoped_key for change in self.changes}),
            "warnings": sum(change.level == "warning" for change in self.changes),
            "by_category": self.counts(),
            "by_kind": dict(sorted(Counter(change.kind for change in self.changes).items())),
        }

    def to_json(self, *, summary_only: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema_version": JSON_SCHEMA_VERSION,
            "old": self.old_label,
            "new": self.new_label,
            "summary": self.summary(),
        }
        if not summary_only:
            data["changes"] = [change.to_json() for change in self.changes]
        return data

    def selected(self, selectors: frozenset[str]) -> list[Change]:
        """Changes matched by ``--fail-on`` selectors (see :func:`journeymap.diff.kinds.parse_fail_on`)."""
        if "any" in selectors:
            return list(self.changes)
        return [
            change
            for change in self.changes
            if change.category in selectors or change.kind in selectors or change.level in selectors
        ]

    def exit_code(self, selectors: frozenset[str]) -> int:
        """0 when no selected change is present, 1 otherwise."""
        return 1 if self.selected(selectors) else 0
