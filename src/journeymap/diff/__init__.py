"""Semantic diff of journey maps, personas and messaging: what changed in customer terms.

``model`` holds the ``Change`` value type, ``kinds`` the catalogue of change ids,
``engine`` the pure comparison (one module per document kind beside it),
``sources`` turns paths and git revisions into documents, ``future`` compares a
future-state map with its current state, and ``report`` formats a result (text,
markdown, json, html).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeymap.diff.model import Change, DiffResult

if TYPE_CHECKING:
    from journeymap.diff.sources import Snapshot
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

__all__ = ["Change", "DiffResult", "current_future", "run_diff"]


def current_future(workspace: Workspace, journey: str) -> DiffResult:
    """What a future-state journey changes in the current state it is ``based_on``.

    ``journey`` is the future state's id (or its file's path) in ``workspace``.
    ``result.changes`` is the list of :class:`Change` values that
    ``journeymap diff --current-future`` reports (steps added, removed or moved,
    emotions improved or worsened, per persona where the map has several, lanes
    and links); the handout's "what changes" list is drawn from it. ``state``,
    ``based_on``, title and description, which always differ, are left out.
    Raises ``InputError`` (one located line) when the journey is unknown, not
    ``state: future``, has no ``based_on`` or its ``based_on`` does not resolve.
    See :mod:`journeymap.diff.future`.
    """
    from journeymap.diff.future import current_future as compare

    return compare(workspace, journey)


def run_diff(
    old: str | None,
    new: str | None,
    paths: Sequence[str] = (),
    *,
    revision_range: str | None = None,
) -> DiffResult:
    """Load both sides (paths or git revisions) and compare them.

    ``revision_range`` (``A..B``) replaces ``old`` and ``new``. When exactly one
    side is a git revision and the other a path, the revision is read at that
    same path (``journeymap diff HEAD examples/map``: committed vs working tree).
    Raises ``InputError`` for anything unusable.
    """
    from pathlib import Path

    from journeymap.diff.engine import diff_workspaces
    from journeymap.diff.sources import load_path, load_side, split_range
    from journeymap.findings import Finding, InputError

    if any(not argument for argument in (old, new, *paths) if argument is not None):
        raise InputError(Finding(path="journeymap diff", message="an argument is empty"))
    if revision_range is not None:
        if old is not None or new is not None:
            paths = [p for p in (old, new) if p is not None] + list(paths)
        first, second = split_range(revision_range)
        old_side = load_side(first, paths, force_revision=True)
        new_side = load_side(second, paths, force_revision=True)
    else:
        if old is None or new is None:
            raise InputError(
                Finding(path="journeymap diff", message="give OLD and NEW, or --rev A..B")
            )
        old_is_path, new_is_path = Path(old).exists(), Path(new).exists()
        if old_is_path and new_is_path:
            old_side, new_side = load_side(old, paths), load_side(new, paths)
        elif old_is_path != new_is_path and not paths:
            path = old if old_is_path else new
            revision = new if old_is_path else old
            disk, committed = load_path(path), load_side(revision, [path], force_revision=True)
            old_side, new_side = (disk, committed) if old_is_path else (committed, disk)
        else:
            old_side = load_side(old, paths, force_revision=not old_is_path)
            new_side = load_side(new, paths, force_revision=not new_is_path)
    for path in paths:
        if path not in old_side.matched and path not in new_side.matched:
            where = f"{old_side.label} or {new_side.label}"
            raise InputError(Finding(path=path, message=f"matches no file at {where}"))
    result = DiffResult(
        old_label=old_side.label,
        new_label=new_side.label,
        inputs=[*old_side.inputs, *new_side.inputs],
    )
    old_scopes, new_scopes = old_side.scoped(), new_side.scoped()
    for scope in sorted({*old_scopes, *new_scopes}):
        old_docs, new_docs = old_scopes.get(scope, {}), new_scopes.get(scope, {})
        result.changes.extend(
            diff_workspaces(
                {key: doc.model for key, doc in old_docs.items()},
                {key: doc.model for key, doc in new_docs.items()},
                old_paths={key: doc.path for key, doc in old_docs.items()},
                new_paths={key: doc.path for key, doc in new_docs.items()},
                workspace=scope,
            )
        )
        result.changes.extend(_metric_changes(old_side, new_side, scope, old_docs, new_docs))
        result.old_documents.update({(scope, *key): doc.model for key, doc in old_docs.items()})
        result.new_documents.update({(scope, *key): doc.model for key, doc in new_docs.items()})
    return result


def _metric_changes(
    old_side: Snapshot,
    new_side: Snapshot,
    scope: str,
    old_docs: dict[tuple[str, str], SourceDocument],
    new_docs: dict[tuple[str, str], SourceDocument],
) -> list[Change]:
    """Did the number move? Latest measured values at both revisions (``diff.metrics``)."""
    from journeymap.diff.metrics import metric_changes
    from journeymap.model.journey import Journey

    def journeys(docs: dict[tuple[str, str], SourceDocument]) -> list[Journey]:
        return [doc.model for doc in docs.values() if isinstance(doc.model, Journey)]

    return metric_changes(
        journeys(old_docs),
        journeys(new_docs),
        old_side.scoped_data().get(scope, []),
        new_side.scoped_data().get(scope, []),
        paths={key[1]: doc.path for key, doc in new_docs.items() if key[0] == "journey"},
        workspace=scope,
    )
