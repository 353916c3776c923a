"""Making changes: one ``Change`` value per difference, collected in map order.

Shared by every document kind's comparison (``diff/journey.py``,
``diff/persona.py``, ``diff/messaging.py``): :class:`Out` collects the changes
of one document, looks each kind's category and level up in
:data:`journeymap.diff.kinds.KINDS` (so they cannot drift between call sites),
and offers the comparisons every kind uses (one value, a list of texts, the
fields without a dedicated check, a list of items with ids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from journeymap.diff.kinds import KINDS
from journeymap.diff.matching import fingerprint, list_delta, match_renames, unmatched
from journeymap.diff.model import Change, DocumentRef

RENAME_HINT = (
    "Likely the same {item} under a new id. Ids are how diffs and references follow an "
    "item: keep the old id when you rename, or ignore this if it really is a new {item}."
)


def make_change(
    kind: str,
    document: DocumentRef,
    path: tuple[str, ...],
    message: str,
    *,
    before: Any = None,
    after: Any = None,
    hint: str | None = None,
    stage: str | None = None,
    persona: str | None = None,
    lane: str | None = None,
) -> Change:
    info = KINDS[kind]
    return Change(
        kind=kind,
        category=info.category,
        level=info.level,
        document=document,
        path=path,
        message=message,
        before=jsonable(before),
        after=jsonable(after),
        hint=hint,
        stage=stage,
        persona=persona,
        lane=lane,
    )


def jsonable(value: Any) -> Any:
    """Before/after values as plain JSON data (models dumped, dates as text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def or_none(value: Any) -> Any:
    return value or "none"


def title_of(item: str) -> str:
    """``brand-attribute`` as the start of a sentence: ``Brand attribute``."""
    return item.capitalize().replace("-", " ")


@dataclass(slots=True)
class Out:
    """Collects changes in buckets (document level, then one per stage) to keep map order."""

    document: DocumentRef
    persona_names: Mapping[str, str] = field(default_factory=dict)
    """Persona id → name, from the workspace's persona documents (to name a persona
    in a message); a persona without a document is named by its id."""
    buckets: dict[str | None, list[Change]] = field(default_factory=lambda: {None: []})
    stage_order: list[str] = field(default_factory=list)

    def add(self, kind: str, path: tuple[str, ...], message: str, **details: Any) -> None:
        """One change of this document; ``details`` are :func:`make_change`'s before, after,
        hint, stage, persona and lane."""
        change = make_change(kind, self.document, path, message, **details)
        self.buckets.setdefault(change.stage, []).append(change)

    def persona_name(self, persona: str) -> str:
        """How a message names a persona: the persona document's name, else its id."""
        return self.persona_names.get(persona, persona)

    def renamed_id(
        self,
        item: str,
        path: tuple[str, ...],
        before: str,
        after: str,
        suffix: str = "",
        *,
        stage: str | None = None,
    ) -> None:
        """``{item}-renamed-id``, said as ``Stage id 'a' is now 'b'{suffix}``, with the hint."""
        self.add(
            f"{item}-renamed-id",
            path,
            f"{title_of(item)} id {before!r} is now {after!r}{suffix}",
            before=before,
            after=after,
            hint=RENAME_HINT.format(item=item.replace("-", " ")),
            stage=stage,
        )

    def value(
        self,
        kind: str,
        path: tuple[str, ...],
        before: Any,
        after: Any,
        lead: str,
        *,
        show: Callable[[Any], Any] = or_none,
        stage: str | None = None,
    ) -> None:
        """``kind`` when one value differs, said as ``{lead} {before} → {after}``.

        ``show`` renders each side: ``repr`` for names and titles (quoted, so an
        empty or odd name is visible), else the value itself or ``none``.
        """
        if before != after:
            message = f"{lead} {show(before)} → {show(after)}"
            self.add(kind, path, message, before=before, after=after, stage=stage)

    def list_delta(
        self,
        kinds: tuple[str, str],
        path: tuple[str, ...],
        old: Iterable[str],
        new: Iterable[str],
        leads: tuple[str, str],
        *,
        stage: str | None = None,
        keyed: bool = False,
        lane: str | None = None,
    ) -> None:
        """One change per text added to, then per text removed from, a plain list.

        ``kinds`` and ``leads`` are (added, removed); the message is
        ``{lead} {text!r}``. ``keyed`` puts the text itself at the end of the path
        (for lists of ids, such as a journey's personas); ``lane`` names the
        blueprint lane the list is.
        """
        added, removed = list_delta(old, new)
        for text in added:
            where = (*path, text) if keyed else path
            message = f"{leads[0]} {text!r}"
            self.add(kinds[0], where, message, after=text, stage=stage, lane=lane)
        for text in removed:
            where = (*path, text) if keyed else path
            message = f"{leads[1]} {text!r}"
            self.add(kinds[1], where, message, before=text, stage=stage, lane=lane)

    def other_fields(
        self,
        kind: str,
        path: tuple[str, ...],
        old: BaseModel,
        new: BaseModel,
        handled: set[str],
        lead: str,
        *,
        stage: str | None = None,
    ) -> None:
        """One ``kind`` change per field that differs and has no dedicated check, in
        declaration order, so that a field added to a model is never silently ignored."""
        for name in type(new).model_fields:
            if name in handled:
                continue
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                message = f"{lead}{describe(name, before, after)}"
                self.add(kind, (*path, name), message, before=before, after=after, stage=stage)

    def changes(self) -> list[Change]:
        order = [None, *self.stage_order, *(key for key in self.buckets if key is not None)]
        seen: set[str | None] = set()
        result: list[Change] = []
        for key in order:
            if key in seen:
                continue
            seen.add(key)
            result.extend(self.buckets.get(key, []))
        return result


def show_emotion(value: float | None) -> str:
    if value is None:
        return "none"
    if isinstance(value, int):
        return f"{value:+d}" if value else "0"
    return f"{value:+.2f}" if round(value, 2) else "0"


def describe(name: str, before: Any, after: Any) -> str:
    """``field: old → new`` for short values, ``field changed`` for lists and long text."""
    label = name.replace("_", " ")
    short = all(
        value is None or (not isinstance(value, list | BaseModel) and len(str(value)) <= 60)
        for value in (before, after)
    )
    if not short:
        return f"{label} changed"
    return f"{label}: {'none' if before is None else before} → {'none' if after is None else after}"


def items(
    out: Out,
    item: str,
    old: Sequence[Any],
    new: Sequence[Any],
    prefix: tuple[str, ...],
    stage: str | None,
    label: Callable[[Any], str],
    key: Callable[[Any], str] = lambda item: item.id,
    stage_name: str | None = None,
) -> None:
    """Added, removed, renamed-id and changed items of an id'd list (evidence, objectives…)."""
    old_by = {key(entry): entry for entry in old}
    new_by = {key(entry): entry for entry in new}
    gone, came = unmatched(old_by, new_by)
    renames = match_renames(gone, came, fingerprint)
    renamed_to = set(renames.values())
    where = f" in stage {stage_name!r}" if stage_name else ""
    title = title_of(item)
    for entry_key, entry in new_by.items():
        if entry_key in old_by:
            item_fields(out, item, old_by[entry_key], entry, (*prefix, entry_key), stage, label)
        elif entry_key not in renamed_to:
            out.add(
                f"{item}-added",
                (*prefix, entry_key),
                f"{title} added{where}: {label(entry)!r}",
                after=entry,
                stage=stage,
            )
    for entry_key, entry in gone.items():
        if entry_key in renames:
            target = renames[entry_key]
            out.renamed_id(item, (*prefix, target), entry_key, target, where, stage=stage)
            item_fields(out, item, entry, new_by[target], (*prefix, target), stage, label)
        else:
            out.add(
                f"{item}-removed",
                (*prefix, entry_key),
                f"{title} removed{where}: {label(entry)!r}",
                before=entry,
                stage=stage,
            )


def item_fields(
    out: Out,
    item: str,
    old: BaseModel,
    new: BaseModel,
    path: tuple[str, ...],
    stage: str | None,
    label: Callable[[Any], str],
) -> None:
    lead = f"{title_of(item)} {label(new)!r}: "
    out.other_fields(f"{item}-changed", path, old, new, {"id"}, lead, stage=stage)
