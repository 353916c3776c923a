"""The diff engine: compare two versions of the same documents, keyed by ids.

Pure functions over models, no I/O. Everything is matched by id (documents by
kind + id, stages and steps by their ids, evidence, pillars… by theirs), so a
rename is a new name under the same id and a move is the same id somewhere else.
When an id disappears and another appears with the same (or nearly the same)
content, that is reported once as a likely rename with a hint, never as a
removal plus an addition.

Cost is linear in the size of the maps (dicts by id; order changes use a
longest increasing subsequence, O(n log n)); only the rename matcher compares
pairs, and it does so only for ids that are unmatched on both sides and only up
to :data:`NEAR_MATCH_BUDGET` pairs (exact content matches are always found,
through a hash).

This module is the driver, like ``lint/engine.py`` for the rule families: it
pairs documents by kind + id and hands each pair to its kind's module
(``diff/journey.py`` with ``diff/step.py``, ``diff/persona.py``,
``diff/messaging.py``, ``diff/backlog.py``). Those share ``diff/emit.py`` (making
changes) and ``diff/matching.py`` (matching by id), which import nothing of the
kinds' modules, so the dependencies only go down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from journeymap.diff.emit import RENAME_HINT, Out, make_change
from journeymap.diff.journey import diff_journey
from journeymap.diff.matching import (
    NEAR_MATCH_BUDGET,
    NEAR_MATCH_THRESHOLD,
    fingerprint,
    match_renames,
    moved_out_of_order,
    unmatched,
)
from journeymap.diff.messaging import diff_messaging
from journeymap.diff.model import Change, DocumentRef
from journeymap.diff.persona import diff_persona
from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona

__all__ = [
    "NEAR_MATCH_BUDGET",
    "NEAR_MATCH_THRESHOLD",
    "AnyDocument",
    "diff_documents",
    "diff_workspaces",
    "match_renames",
    "moved_out_of_order",
    "persona_names",
]

AnyDocument = Journey | Persona | Messaging | Backlog


def diff_documents(
    old: AnyDocument,
    new: AnyDocument,
    *,
    path: str | None = None,
    workspace: str = "",
    persona_names: Mapping[str, str] | None = None,
) -> list[Change]:
    """Changes from ``old`` to ``new``, two versions of one document (same kind).

    ``persona_names`` (id → name, see :func:`persona_names`) name the personas in
    the messages of per-persona emotion changes; a persona missing there is named
    by its id.
    """
    out = Out(DocumentRef(new.kind, new.id, path, workspace), persona_names or {})
    if isinstance(old, Journey) and isinstance(new, Journey):
        diff_journey(out, old, new)
    elif isinstance(old, Persona) and isinstance(new, Persona):
        diff_persona(out, old, new)
    elif isinstance(old, Messaging) and isinstance(new, Messaging):
        diff_messaging(out, old, new)
    elif isinstance(old, Backlog) and isinstance(new, Backlog):
        from journeymap.diff.backlog import diff_backlogs

        return diff_backlogs(old, new, out.document)
    else:  # pragma: no cover - callers pair documents by kind
        raise TypeError(f"cannot diff a {old.kind} against a {new.kind}")
    return out.changes()


def diff_workspaces(
    old: Mapping[tuple[str, str], AnyDocument],
    new: Mapping[tuple[str, str], AnyDocument],
    *,
    old_paths: Mapping[tuple[str, str], str] | None = None,
    new_paths: Mapping[tuple[str, str], str] | None = None,
    workspace: str = "",
) -> list[Change]:
    """Changes between two sets of documents keyed by (kind, id).

    ``*_paths`` give the file each document came from, for the report.
    """
    names = persona_names([*old.values(), *new.values()])
    old_paths = old_paths or {}
    new_paths = new_paths or {}
    removed, added = unmatched(old, new)
    renames: dict[tuple[str, str], tuple[str, str]] = {}
    for kind in sorted({key[0] for key in removed} & {key[0] for key in added}):
        pairs = match_renames(
            {key[1]: doc for key, doc in removed.items() if key[0] == kind},
            {key[1]: doc for key, doc in added.items() if key[0] == kind},
            fingerprint,
        )
        renames.update({(kind, a): (kind, b) for a, b in pairs.items()})
    renamed_to = set(renames.values())
    changes: list[Change] = []
    for key in sorted({*old, *new}, key=_document_order):
        if key in old and key in new:
            changes.extend(
                diff_documents(
                    old[key],
                    new[key],
                    path=new_paths.get(key),
                    workspace=workspace,
                    persona_names=names,
                )
            )
        elif key in renames:
            target = renames[key]
            ref = DocumentRef(target[0], target[1], new_paths.get(target), workspace)
            changes.append(
                make_change(
                    "document-renamed-id",
                    ref,
                    (),
                    f"{key[0]} {key[1]!r} is now {target[1]!r} (same content, new id)",
                    before=key[1],
                    after=target[1],
                    hint=RENAME_HINT.format(item=key[0]),
                )
            )
            changes.extend(
                diff_documents(
                    old[key],
                    new[target],
                    path=new_paths.get(target),
                    workspace=workspace,
                    persona_names=names,
                )
            )
        elif key in removed:
            ref = DocumentRef(key[0], key[1], old_paths.get(key), workspace)
            changes.append(
                make_change(
                    "document-removed",
                    ref,
                    (),
                    f"{key[0]} {key[1]!r} removed ({_title(old[key])})",
                    before=key[1],
                )
            )
        elif key not in renamed_to:
            ref = DocumentRef(key[0], key[1], new_paths.get(key), workspace)
            changes.append(
                make_change(
                    "document-added",
                    ref,
                    (),
                    f"{key[0]} {key[1]!r} added ({_title(new[key])})",
                    after=key[1],
                )
            )
    return changes


def persona_names(documents: Iterable[object]) -> dict[str, str]:
    """Persona id → name of the persona documents among ``documents`` (later ones win,
    so pass the old side first: a persona renamed in the new version gets its new name)."""
    return {doc.id: doc.name for doc in documents if isinstance(doc, Persona)}


_KIND_ORDER = {"journey": 0, "persona": 1, "messaging": 2, "backlog": 3}


def _document_order(key: tuple[str, str]) -> tuple[int, str]:
    return (_KIND_ORDER.get(key[0], 9), key[1])


def _title(document: AnyDocument) -> str:
    if isinstance(document, Journey):
        return document.title
    if isinstance(document, Persona):
        return document.name
    if isinstance(document, Backlog):
        return document.title or f"{len(document.opportunities)} opportunities"
    return document.title or document.core_message
