"""Reporters of a diff result: text (rich), markdown, json and html.

Each reporter is its own module and only formats; grouping (by document, then
by stage in map order) is shared here so that every format tells the same story.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from journeymap.diff.model import Change, DiffResult
from journeymap.report.shared import plural

FORMATS = ("text", "markdown", "json", "html")

SYMBOLS = {
    "added": "+",
    "removed": "-",
    "renamed": "~",
    "moved": ">",
    "changed": "*",
    "emotion-improved": "↑",
    "emotion-worsened": "↓",
}


@dataclass(slots=True)
class StageGroup:
    """Changes inside one stage of a journey."""

    id: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass(slots=True)
class DocumentGroup:
    """Changes of one document: its own (top) and per stage, in map order."""

    kind: str
    id: str
    title: str
    path: str | None
    workspace: str = ""
    top: list[Change] = field(default_factory=list)
    stages: list[StageGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.top) + sum(len(stage.changes) for stage in self.stages)


def _title(model: object | None) -> str:
    for attribute in ("title", "name", "core_message"):
        value = getattr(model, attribute, None)
        if value:
            return str(value)
    return ""


def _stage_names(result: DiffResult, key: tuple[str, str, str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for documents in (result.old_documents, result.new_documents):
        for stage in getattr(documents.get(key), "stages", []):
            names[stage.id] = stage.name
    return names


def group(result: DiffResult) -> list[DocumentGroup]:
    """Changes grouped by document, then by stage, keeping the engine's order."""
    groups: dict[tuple[str, str, str], DocumentGroup] = {}
    stage_index: dict[tuple[tuple[str, str, str], str], StageGroup] = {}
    for change in result.changes:
        key = change.document.scoped_key
        document = groups.get(key)
        if document is None:
            model = result.new_documents.get(key) or result.old_documents.get(key)
            document = groups[key] = DocumentGroup(
                key[1], key[2], _title(model), change.document.path, key[0]
            )
        if change.stage is None:
            document.top.append(change)
            continue
        stage = stage_index.get((key, change.stage))
        if stage is None:
            name = _stage_names(result, key).get(change.stage, change.stage)
            stage = stage_index[(key, change.stage)] = StageGroup(change.stage, name)
            document.stages.append(stage)
        stage.changes.append(change)
    return list(groups.values())


def summary_sentence(result: DiffResult) -> str:
    """``34 changes in 2 documents (9 to review): 6 added, 5 removed, …`` or ``No changes.``"""
    if not result.changes:
        return "No changes."
    summary = result.summary()
    parts = [f"{count} {category}" for category, count in summary["by_category"].items() if count]
    documents = summary["documents"]
    return (
        f"{plural(summary['changes'], 'change')} in {plural(documents, 'document')} "
        f"({summary['warnings']} to review): {', '.join(parts)}."
    )


def renderer(name: str) -> Callable[[DiffResult, bool], str]:
    """The ``render(result, summary_only) -> str`` function of a format (imported lazily)."""
    if name == "text":
        from journeymap.diff.report.text import render
    elif name == "markdown":
        from journeymap.diff.report.markdown import render
    elif name == "json":
        from journeymap.diff.report.json import render
    elif name == "html":
        from journeymap.diff.report.html import render
    else:
        raise ValueError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    return render
