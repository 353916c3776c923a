"""Current vs future state: what a future-state map changes in the journey it redesigns.

A future-state journey (``state: future``) names the current-state journey it
redesigns in ``based_on``. :func:`current_future` compares the two with the same
engine as ``journeymap diff`` (so the handout's "what changes" list and the
``diff --current-future`` report cannot disagree), within one workspace: steps
added, removed or moved, emotions that improve or worsen (per persona on a
multi-persona map), pain points resolved, lanes and links changed.

The two documents are different journeys, so the comparison is reported under
the future state's id (its file, its stages) as if it were the next version of
the current state. ``state`` and ``based_on`` differ by definition and are left
out; so are the title and description, which always say "future state".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.diff.engine import diff_documents, persona_names
from journeymap.diff.model import DiffResult
from journeymap.findings import BROKEN_REFERENCE, Finding, InputError
from journeymap.model.journey import Journey

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

SAME_BY_DEFINITION = frozenset({("state",), ("based_on",), ("title",), ("description",)})
"""Paths of journey fields that always differ between a current and a future state."""


def current_future(workspace: Workspace, journey: str) -> DiffResult:
    """Changes from the current state a future-state journey is ``based_on`` to it.

    ``journey`` is the future state's id, or the path of its file. Returns a
    :class:`~journeymap.diff.model.DiffResult` labelled with both ids, whose
    ``changes`` are the same :class:`~journeymap.diff.model.Change` values as
    ``journeymap diff`` gives (document: the future state), and whose
    ``old_documents``/``new_documents`` hold the two journeys under the future
    state's key, as the html report expects.

    Raises ``InputError`` (one line, located where there is a file) when the
    journey is unknown (with a "did you mean"), is not ``state: future``, has
    no ``based_on``, or its ``based_on`` is not a journey of the workspace.
    """
    future = _find(workspace, journey)
    model = future.model
    assert isinstance(model, Journey)
    if model.state != "future":
        raise InputError(
            _at(
                future,
                ("state",),
                f"journey {model.id!r} is a current-state map; --current-future takes a "
                "future-state journey (state: future, based_on: <current-state journey id>)",
            )
        )
    if model.based_on is None:
        raise InputError(
            _at(
                future,
                ("state",),
                f"future-state journey {model.id!r} has no based_on: name the "
                "current-state journey it redesigns",
            )
        )
    current = workspace.get("journey", model.based_on)
    if current is None or not isinstance(current.model, Journey):
        hint = _did_you_mean(model.based_on, _journeys(workspace), exclude=model.id)
        raise InputError(
            _at(
                future,
                ("based_on",),
                f"based_on: no journey {model.based_on!r} in this workspace{hint}",
                code=BROKEN_REFERENCE,
            )
        )
    changes = diff_documents(
        current.model,
        model,
        path=future.path,
        persona_names=persona_names(d.model for d in workspace.of_kind("persona")),
    )
    key = ("", "journey", model.id)
    return DiffResult(
        old_label=current.model.id,
        new_label=model.id,
        changes=[change for change in changes if change.path not in SAME_BY_DEFINITION],
        old_documents={key: current.model},
        new_documents={key: model},
        inputs=list(workspace.files),
        heading="Current vs future state",
    )


def load_current_future(journey: str, path: str | None = None) -> DiffResult:
    """:func:`current_future` for the command line: load the workspace first.

    The workspace is the one around ``path``, else the one around ``journey``
    when it is a file, else the current directory's. Any error in a file of
    the workspace stops the comparison (exit 2), as it does for ``diff``.
    """
    from journeymap.workspace import load_workspaces

    if not journey:
        raise InputError(Finding(path="journeymap diff", message="--current-future: empty id"))
    is_file = Path(journey).is_file()
    if path is not None:
        workspaces = load_workspaces([path])
    elif is_file:
        workspaces = load_workspaces([journey])
    else:
        workspaces = load_workspaces()
    if len(workspaces) != 1:
        raise InputError(
            Finding(
                path=path or journey,
                message=f"holds {len(workspaces)} workspaces; --current-future compares "
                "within one: give the directory of one journeymap.yaml",
            )
        )
    workspace = workspaces[0]
    errors = [f for f in workspace.findings if f.severity == "error"]
    if errors:
        raise InputError(min(errors, key=lambda finding: finding.sort_key))
    return current_future(workspace, journey)


def _find(workspace: Workspace, journey: str) -> SourceDocument:
    """The journey document named by id, or by the path of its file."""
    found = workspace.get("journey", journey)
    if found is not None:
        return found
    if Path(journey).is_file():
        wanted = Path(journey).resolve()
        for document in workspace.of_kind("journey"):
            if Path(document.path).resolve() == wanted:
                return document
        raise InputError(Finding(path=journey, message="is not a journey of this workspace"))
    where = workspace.config_display or str(workspace.root)
    hint = _did_you_mean(journey, _journeys(workspace), future_first=True)
    raise InputError(Finding(path=where, message=f"no journey {journey!r} here{hint}"))


def _journeys(workspace: Workspace) -> dict[str, Journey]:
    return {d.id: d.model for d in workspace.of_kind("journey") if isinstance(d.model, Journey)}


def _did_you_mean(
    value: str, journeys: dict[str, Journey], *, exclude: str = "", future_first: bool = False
) -> str:
    """`` (did you mean 'x'?)``, by id or title; else the future states there are."""
    from journeymap.schema_errors import closest_id

    choices = {jid: j.title for jid, j in journeys.items() if jid != exclude}
    close = closest_id(value, choices)
    if close is not None:
        return f" (did you mean {close!r}?)"
    futures = sorted(jid for jid, j in journeys.items() if j.state == "future")
    if future_first and futures:
        return f"; future-state journeys: {', '.join(futures)}"
    return ""


def _at(
    document: SourceDocument, pointer: tuple[str, ...], message: str, code: str | None = None
) -> Finding:
    """A finding at ``pointer`` in the document's file (its parent when the key is missing)."""
    line, column = document.locate(pointer)
    if code is None:
        return Finding(path=document.path, message=message, line=line, column=column)
    return Finding(
        path=document.path,
        message=message,
        code=code,
        category="reference",
        line=line,
        column=column,
    )
