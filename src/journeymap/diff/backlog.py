"""What changed in the opportunity backlog between two revisions, matched by id.

Kept apart from ``engine.py`` (journeys, personas and messaging): a backlog is
a flat list of opportunities, and what a reviewer wants to know about each is
its life cycle: added, removed, its status moved (planned → done), it changed
hands, or it was re-targeted at other steps.
"""

from __future__ import annotations

from typing import Any

from journeymap.diff.emit import make_change
from journeymap.diff.model import Change, DocumentRef
from journeymap.model.backlog import Backlog, Opportunity

_HANDLED = {"id", "status", "owner", "addresses"}
"""Fields with their own change kind; every other field that differs is ``opportunity-changed``."""


def diff_backlogs(old: Backlog, new: Backlog, document: DocumentRef) -> list[Change]:
    """Changes from ``old`` to ``new``, in the new backlog's order, removals last."""
    changes: list[Change] = []

    def add(kind: str, path: tuple[str, ...], message: str, before: Any, after: Any) -> None:
        changes.append(make_change(kind, document, path, message, before=before, after=after))

    before = {item.id: item for item in old.opportunities}
    after = {item.id: item for item in new.opportunities}
    for item in new.opportunities:
        path = ("opportunities", item.id)
        previous = before.get(item.id)
        if previous is None:
            add(
                "opportunity-added",
                path,
                f"Opportunity {item.title!r} added ({_summary(item)})",
                None,
                item.id,
            )
            continue
        _compare(add, path, previous, item)
    for item in old.opportunities:
        if item.id not in after:
            add(
                "opportunity-removed",
                ("opportunities", item.id),
                f"Opportunity {item.title!r} removed (it was {item.status})",
                item.id,
                None,
            )
    for key in ("title", "owner"):
        if getattr(old, key) != getattr(new, key):
            add(
                "backlog-changed",
                (key,),
                f"Backlog {key}: {getattr(old, key) or 'none'} → {getattr(new, key) or 'none'}",
                getattr(old, key),
                getattr(new, key),
            )
    return changes


def _compare(add: Any, path: tuple[str, ...], old: Opportunity, new: Opportunity) -> None:
    if old.status != new.status:
        add(
            "opportunity-status-changed",
            path,
            f"Opportunity {new.title!r}: {old.status} → {new.status}",
            old.status,
            new.status,
        )
    if old.owner != new.owner:
        add(
            "opportunity-owner-changed",
            path,
            f"Opportunity {new.title!r} owner: {old.owner or 'none'} → {new.owner or 'none'}",
            old.owner,
            new.owner,
        )
    if set(old.addresses) != set(new.addresses):
        gained = [ref for ref in new.addresses if ref not in old.addresses]
        lost = [ref for ref in old.addresses if ref not in new.addresses]
        parts = [
            f"now also {', '.join(gained)}" if gained else "",
            f"no longer {', '.join(lost)}" if lost else "",
        ]
        add(
            "opportunity-retargeted",
            path,
            f"Opportunity {new.title!r} re-targeted: {'; '.join(p for p in parts if p)}",
            list(old.addresses),
            list(new.addresses),
        )
    for name in type(new).model_fields:
        if name in _HANDLED:
            continue
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            add(
                "opportunity-changed",
                (*path, name),
                f"Opportunity {new.title!r} {name}: {_show(was)} → {_show(now)}",
                _plain(was),
                _plain(now),
            )


def _summary(item: Opportunity) -> str:
    owner = item.owner or "no owner"
    return f"{item.status}, {owner}, addresses {', '.join(item.addresses)}"


def _show(value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return repr(value) if isinstance(value, str) else str(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value)
