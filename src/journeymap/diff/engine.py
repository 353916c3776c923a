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
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from journeymap.diff.kinds import KINDS
from journeymap.diff.model import Change, DocumentRef
from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey, Stage, Step
from journeymap.model.messaging import Messaging, Pillar, Vocabulary
from journeymap.model.persona import Persona

AnyDocument = Journey | Persona | Messaging | Backlog
T = TypeVar("T")
K = TypeVar("K")

NEAR_MATCH_BUDGET = 40_000
"""Most (removed × added) pairs the near-rename matcher scores; beyond it only exact matches."""
NEAR_MATCH_THRESHOLD = 0.6
"""Jaccard similarity of content (without the id) from which two items are 'the same'."""

RENAME_HINT = (
    "Likely the same {item} under a new id. Ids are how diffs and references follow an "
    "item: keep the old id when you rename, or ignore this if it really is a new {item}."
)


def diff_documents(
    old: AnyDocument, new: AnyDocument, *, path: str | None = None, workspace: str = ""
) -> list[Change]:
    """Changes from ``old`` to ``new``, two versions of one document (same kind)."""
    out = _Out(DocumentRef(new.kind, new.id, path, workspace))
    if isinstance(old, Journey) and isinstance(new, Journey):
        _journey(out, old, new)
    elif isinstance(old, Persona) and isinstance(new, Persona):
        _persona(out, old, new)
    elif isinstance(old, Messaging) and isinstance(new, Messaging):
        _messaging(out, old, new)
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
    old_paths = old_paths or {}
    new_paths = new_paths or {}
    removed, added = _unmatched(old, new)
    renames: dict[tuple[str, str], tuple[str, str]] = {}
    for kind in sorted({key[0] for key in removed} & {key[0] for key in added}):
        pairs = match_renames(
            {key[1]: doc for key, doc in removed.items() if key[0] == kind},
            {key[1]: doc for key, doc in added.items() if key[0] == kind},
            _fingerprint,
        )
        renames.update({(kind, a): (kind, b) for a, b in pairs.items()})
    renamed_to = set(renames.values())
    changes: list[Change] = []
    for key in sorted({*old, *new}, key=_document_order):
        if key in old and key in new:
            changes.extend(
                diff_documents(old[key], new[key], path=new_paths.get(key), workspace=workspace)
            )
        elif key in renames:
            target = renames[key]
            ref = DocumentRef(target[0], target[1], new_paths.get(target), workspace)
            changes.append(
                _make(
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
                    old[key], new[target], path=new_paths.get(target), workspace=workspace
                )
            )
        elif key in removed:
            ref = DocumentRef(key[0], key[1], old_paths.get(key), workspace)
            changes.append(
                _make(
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
                _make(
                    "document-added",
                    ref,
                    (),
                    f"{key[0]} {key[1]!r} added ({_title(new[key])})",
                    after=key[1],
                )
            )
    return changes


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


# --------------------------------------------------------------------------- emitting


def _make(
    kind: str,
    document: DocumentRef,
    path: tuple[str, ...],
    message: str,
    *,
    before: Any = None,
    after: Any = None,
    hint: str | None = None,
    stage: str | None = None,
) -> Change:
    info = KINDS[kind]
    return Change(
        kind=kind,
        category=info.category,
        level=info.level,
        document=document,
        path=path,
        message=message,
        before=_jsonable(before),
        after=_jsonable(after),
        hint=hint,
        stage=stage,
    )


def _jsonable(value: Any) -> Any:
    """Before/after values as plain JSON data (models dumped, dates as text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _or_none(value: Any) -> Any:
    return value or "none"


def _title_of(item: str) -> str:
    """``brand-attribute`` as the start of a sentence: ``Brand attribute``."""
    return item.capitalize().replace("-", " ")


@dataclass(slots=True)
class _Out:
    """Collects changes in buckets (document level, then one per stage) to keep map order."""

    document: DocumentRef
    buckets: dict[str | None, list[Change]] = field(default_factory=lambda: {None: []})
    stage_order: list[str] = field(default_factory=list)

    def add(self, kind: str, path: tuple[str, ...], message: str, **details: Any) -> None:
        """One change of this document; ``details`` are :func:`_make`'s before, after,
        hint and stage."""
        change = _make(kind, self.document, path, message, **details)
        self.buckets.setdefault(change.stage, []).append(change)

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
            f"{_title_of(item)} id {before!r} is now {after!r}{suffix}",
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
        show: Callable[[Any], Any] = _or_none,
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
    ) -> None:
        """One change per text added to, then per text removed from, a plain list.

        ``kinds`` and ``leads`` are (added, removed); the message is
        ``{lead} {text!r}``. ``keyed`` puts the text itself at the end of the path
        (for lists of ids, such as a journey's personas).
        """
        added, removed = _list_delta(old, new)
        for text in added:
            where = (*path, text) if keyed else path
            self.add(kinds[0], where, f"{leads[0]} {text!r}", after=text, stage=stage)
        for text in removed:
            where = (*path, text) if keyed else path
            self.add(kinds[1], where, f"{leads[1]} {text!r}", before=text, stage=stage)

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
                message = f"{lead}{_describe(name, before, after)}"
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


# --------------------------------------------------------------------------- matching


def _fingerprint(item: BaseModel) -> frozenset[tuple[str, str]]:
    """The content of an item without its own id, as a set of (key path, value) tokens.

    List positions are left out of the key path so that reordering inside an
    item does not make it look different.
    """
    tokens: set[tuple[str, str]] = set()

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{prefix}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{prefix}[]")
        else:
            tokens.add((prefix, repr(value)))

    data = item.model_dump(mode="json", exclude_defaults=True)
    data.pop("id", None)
    walk(data, "")
    return frozenset(tokens)


def match_renames(
    removed: Mapping[str, T],
    added: Mapping[str, T],
    fingerprint: Callable[[T], frozenset[Hashable]],
) -> dict[str, str]:
    """Pair removed ids with added ids whose content is equal or nearly equal.

    Exact matches go through a dict (linear). Near matches (Jaccard similarity of
    the fingerprints at least :data:`NEAR_MATCH_THRESHOLD`) are scored pairwise,
    greedily best first, and only when there are at most
    :data:`NEAR_MATCH_BUDGET` pairs to score.
    """
    if not removed or not added:
        return {}
    old_prints = {key: fingerprint(item) for key, item in removed.items()}
    new_prints = {key: fingerprint(item) for key, item in added.items()}
    by_print: dict[frozenset[Hashable], list[str]] = {}
    for key, tokens in new_prints.items():
        if tokens:
            by_print.setdefault(tokens, []).append(key)
    pairs: dict[str, str] = {}
    for key, tokens in old_prints.items():
        candidates = by_print.get(tokens)
        if candidates:
            pairs[key] = candidates.pop(0)
    left = [key for key in old_prints if key not in pairs]
    taken = set(pairs.values())
    right = [key for key in new_prints if key not in taken]
    if not left or not right or len(left) * len(right) > NEAR_MATCH_BUDGET:
        return pairs
    scored = []
    for a in left:
        for b in right:
            union = len(old_prints[a] | new_prints[b])
            if union:
                score = len(old_prints[a] & new_prints[b]) / union
                if score >= NEAR_MATCH_THRESHOLD:
                    scored.append((-score, a, b))
    for _, a, b in sorted(scored):
        if a not in pairs and b not in taken:
            pairs[a] = b
            taken.add(b)
    return pairs


def moved_out_of_order(
    old_order: Sequence[Hashable], new_order: Sequence[Hashable]
) -> set[Hashable]:
    """Items (present in both orders) that changed place, as few as possible.

    The items that keep their relative order form a longest increasing subsequence
    of new positions taken in old order; everything else moved. So inserting or
    deleting one item does not make all the following ones look moved.
    """
    position = {item: index for index, item in enumerate(new_order)}
    common = [item for item in old_order if item in position]
    sequence = [position[item] for item in common]
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        parent[index] = tail_index[slot - 1] if slot else -1
    keep: set[Hashable] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        keep.add(common[index])
        index = parent[index]
    return {item for item in common if item not in keep}


def _list_delta(old: Iterable[T], new: Iterable[T]) -> tuple[list[T], list[T]]:
    """(added, removed) items of two lists, in list order, ignoring reordering."""
    old_list, new_list = list(old), list(new)
    old_set, new_set = set(old_list), set(new_list)
    return (
        [item for item in new_list if item not in old_set],
        [item for item in old_list if item not in new_set],
    )


def _unmatched(old: Mapping[K, T], new: Mapping[K, T]) -> tuple[dict[K, T], dict[K, T]]:
    """(only in old, only in new) entries of two dicts by key, in their own order."""
    return (
        {key: item for key, item in old.items() if key not in new},
        {key: item for key, item in new.items() if key not in old},
    )


def _emotion(value: float | None) -> str:
    if value is None:
        return "none"
    if isinstance(value, int):
        return f"{value:+d}" if value else "0"
    return f"{value:+.2f}" if round(value, 2) else "0"


def _describe(name: str, before: Any, after: Any) -> str:
    """``field: old → new`` for short values, ``field changed`` for lists and long text."""
    label = name.replace("_", " ")
    short = all(
        value is None or (not isinstance(value, list | BaseModel) and len(str(value)) <= 60)
        for value in (before, after)
    )
    if not short:
        return f"{label} changed"
    return f"{label}: {'none' if before is None else before} → {'none' if after is None else after}"


# --------------------------------------------------------------------------- journeys


def _journey(out: _Out, old: Journey, new: Journey) -> None:
    out.value("journey-retitled", ("title",), old.title, new.title, "Journey retitled", show=repr)
    out.value("journey-owner-changed", ("owner",), old.owner, new.owner, "Map owner changed:")
    out.list_delta(
        ("journey-persona-added", "journey-persona-removed"),
        ("personas",),
        old.personas,
        new.personas,
        ("Now mapped for persona", "No longer mapped for persona"),
        keyed=True,
    )
    handled = {"kind", "id", "title", "owner", "personas", "objectives", "stages"}
    out.other_fields("journey-changed", (), old, new, handled, "Journey ")
    _items(
        out,
        "objective",
        old.objectives,
        new.objectives,
        ("objectives",),
        None,
        lambda o: o.description,
    )
    _stages_and_steps(out, old, new)


def _items(
    out: _Out,
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
    gone, came = _unmatched(old_by, new_by)
    renames = match_renames(gone, came, _fingerprint)
    renamed_to = set(renames.values())
    where = f" in stage {stage_name!r}" if stage_name else ""
    title = _title_of(item)
    for entry_key, entry in new_by.items():
        if entry_key in old_by:
            _item_fields(out, item, old_by[entry_key], entry, (*prefix, entry_key), stage, label)
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
            _item_fields(out, item, entry, new_by[target], (*prefix, target), stage, label)
        else:
            out.add(
                f"{item}-removed",
                (*prefix, entry_key),
                f"{title} removed{where}: {label(entry)!r}",
                before=entry,
                stage=stage,
            )


def _item_fields(
    out: _Out,
    item: str,
    old: BaseModel,
    new: BaseModel,
    path: tuple[str, ...],
    stage: str | None,
    label: Callable[[Any], str],
) -> None:
    lead = f"{_title_of(item)} {label(new)!r}: "
    out.other_fields(f"{item}-changed", path, old, new, {"id"}, lead, stage=stage)


@dataclass(slots=True)
class _Place:
    stage: Stage
    index: int
    step: Step


def _stages_and_steps(out: _Out, old: Journey, new: Journey) -> None:
    old_stages = {stage.id: stage for stage in old.stages}
    new_stages = {stage.id: stage for stage in new.stages}
    out.stage_order = [*new_stages, *(sid for sid in old_stages if sid not in new_stages)]

    # Steps first: step ids are unique across a journey, and a stage whose id
    # changed is recognised by its own fields plus the (renamed) ids of its steps.
    old_steps = {
        step.id: _Place(stage, index, step)
        for stage in old.stages
        for index, step in enumerate(stage.steps)
    }
    new_steps = {
        step.id: _Place(stage, index, step)
        for stage in new.stages
        for index, step in enumerate(stage.steps)
    }
    step_renames = match_renames(
        {k: v.step for k, v in old_steps.items() if k not in new_steps},
        {k: v.step for k, v in new_steps.items() if k not in old_steps},
        _fingerprint,
    )
    step_map = {sid: sid for sid in old_steps if sid in new_steps} | step_renames
    step_new_to_old = {b: a for a, b in step_map.items()}

    def stage_print(stage: Stage) -> frozenset[tuple[str, str]]:
        own = _fingerprint(stage.model_copy(update={"steps": []}))
        return own | {("steps[].id", step_map.get(step.id, step.id)) for step in stage.steps}

    gone, came = _unmatched(old_stages, new_stages)
    stage_renames = match_renames(gone, came, stage_print)
    # old stage id -> new stage id, for every stage that survives
    stage_map = {sid: sid for sid in old_stages if sid in new_stages} | stage_renames
    renamed_to = set(stage_renames.values())

    # stage-level changes, in new map order
    moved = moved_out_of_order(
        [stage_map[s] for s in old_stages if s in stage_map], list(new_stages)
    )
    old_position = {stage_map[s]: i for i, s in enumerate(old_stages) if s in stage_map}
    for position, (stage_id, stage) in enumerate(new_stages.items()):
        if stage_id in came and stage_id not in renamed_to:
            out.add(
                "stage-added",
                (stage_id,),
                f"Stage {stage.name!r} added{_with_steps(len(stage.steps))}",
                after={"name": stage.name, "steps": [step.id for step in stage.steps]},
                stage=stage_id,
            )
            continue
        old_id = next((a for a, b in stage_renames.items() if b == stage_id), stage_id)
        old_stage = old_stages[old_id]
        if old_id != stage_id:
            out.renamed_id(
                "stage", (stage_id,), old_id, stage_id, f" ({stage.name!r})", stage=stage_id
            )
        if stage_id in moved:
            out.add(
                "stage-moved",
                (stage_id,),
                f"Stage {stage.name!r} moved from position {old_position[stage_id] + 1} "
                f"to {position + 1}",
                before=old_position[stage_id] + 1,
                after=position + 1,
                stage=stage_id,
            )
        _stage_fields(out, old_stage, stage)
        _stage_curve(out, old_stage, stage)
    for stage_id, stage in gone.items():
        if stage_id in stage_map:
            continue
        lost = [step.id for step in stage.steps if step.id not in step_map]
        out.add(
            "stage-removed",
            (stage_id,),
            f"Stage {stage.name!r} removed{_with_steps(len(lost))}",
            before={"name": stage.name, "steps": [step.id for step in stage.steps]},
            stage=stage_id,
        )

    # steps, in new map order, then removed ones
    stays: dict[str, list[str]] = {}
    for step_id, place in new_steps.items():
        stage_id = place.stage.id
        if step_id not in step_new_to_old:
            if stage_id not in came or stage_id in renamed_to:
                out.add(
                    "step-added",
                    (stage_id, step_id),
                    f"Step {place.step.name!r} added to stage {place.stage.name!r}",
                    after=place.step,
                    stage=stage_id,
                )
            continue
        old_id = step_new_to_old[step_id]
        before = old_steps[old_id]
        if old_id != step_id:
            suffix = f" ({place.step.name!r})"
            out.renamed_id("step", (stage_id, step_id), old_id, step_id, suffix, stage=stage_id)
        if stage_map.get(before.stage.id) != stage_id:
            out.add(
                "step-moved",
                (stage_id, step_id),
                f"Step {place.step.name!r} moved from stage {before.stage.name!r} "
                f"to {place.stage.name!r}",
                before=before.stage.id,
                after=stage_id,
                stage=stage_id,
            )
        else:
            stays.setdefault(stage_id, []).append(step_id)
        _step_fields(out, before.step, place.step, (stage_id, step_id))
    for stage_id, kept in stays.items():
        old_order = sorted(kept, key=lambda sid: old_steps[step_new_to_old[sid]].index)
        for step_id in sorted(moved_out_of_order(old_order, kept), key=kept.index):
            place = new_steps[step_id]
            before_index = old_order.index(step_id)
            after_index = kept.index(step_id)
            out.add(
                "step-reordered",
                (stage_id, step_id),
                f"Step {place.step.name!r} moved within stage {place.stage.name!r} "
                f"(position {before_index + 1} → {after_index + 1})",
                before=old_steps[step_new_to_old[step_id]].index + 1,
                after=place.index + 1,
                stage=stage_id,
            )
    for step_id, place in old_steps.items():
        if step_id in step_map or place.stage.id not in stage_map:
            continue
        new_stage = stage_map[place.stage.id]
        out.add(
            "step-removed",
            (new_stage, step_id),
            f"Step {place.step.name!r} removed from stage {new_stages[new_stage].name!r}",
            before=place.step,
            stage=new_stage,
        )


def _with_steps(count: int) -> str:
    return f" with {count} step{'s' if count != 1 else ''}" if count else ""


def _stage_fields(out: _Out, old: Stage, new: Stage) -> None:
    sid = new.id
    subject = f"Stage {new.name!r}"
    out.value("stage-renamed", (sid,), old.name, new.name, "Stage renamed", show=repr, stage=sid)
    out.value("stage-phase-changed", (sid,), old.phase, new.phase, f"{subject} phase:", stage=sid)
    out.value("stage-owner-changed", (sid,), old.owner, new.owner, f"{subject} owner:", stage=sid)
    _pain_points(out, old.pain_points, new.pain_points, (sid,), f"stage {new.name!r}", sid)
    handled = {
        "id",
        "name",
        "phase",
        "owner",
        "steps",
        "pain_points",
        "insights",
        "quotes",
        "metrics",
    }
    out.other_fields("stage-changed", (sid,), old, new, handled, f"{subject}: ", stage=sid)
    name = new.name
    _items(
        out,
        "insight",
        old.insights,
        new.insights,
        (sid, "insights"),
        sid,
        lambda i: i.text,
        stage_name=name,
    )
    _items(
        out,
        "quote",
        old.quotes,
        new.quotes,
        (sid, "quotes"),
        sid,
        lambda q: q.text,
        key=lambda q: q.id or q.text,
        stage_name=name,
    )
    _items(
        out,
        "metric",
        old.metrics,
        new.metrics,
        (sid, "metrics"),
        sid,
        lambda m: m.name,
        stage_name=name,
    )


def _average_emotion(stage: Stage) -> float | None:
    values = [emotion for step in stage.steps for emotion in step.emotions()]
    return sum(values) / len(values) if values else None


def _stage_curve(out: _Out, old: Stage, new: Stage) -> None:
    """The net change of the stage's emotion curve: the average emotion of its steps."""
    before, after = _average_emotion(old), _average_emotion(new)
    if before is None or after is None or abs(after - before) < 0.005:
        return
    net = after - before
    direction = "improved" if net > 0 else "worsened"
    out.add(
        f"stage-emotion-{direction}",
        (new.id,),
        f"Emotion curve of stage {new.name!r} {direction}: average {_emotion(before)} → "
        f"{_emotion(after)} (net {_emotion(net)})",
        before=round(before, 2),
        after=round(after, 2),
        stage=new.id,
    )


def _pain_points(
    out: _Out, old: list[str], new: list[str], path: tuple[str, ...], where: str, stage: str
) -> None:
    out.list_delta(
        ("pain-point-added", "pain-point-resolved"),
        path,
        old,
        new,
        (f"New pain point at {where}:", f"Pain point resolved at {where}:"),
        stage=stage,
    )


def _personas_of(emotion: int | dict[str, int] | None) -> list[str]:
    return list(emotion) if isinstance(emotion, dict) else []


def _emotion_for(step: Step, persona: str) -> int | None:
    return step.emotion.get(persona) if isinstance(step.emotion, dict) else step.emotion


def _emotion_change(
    out: _Out,
    before: int | None,
    after: int | None,
    path: tuple[str, ...],
    where: str,
    stage: str,
) -> None:
    if before == after:
        return
    if before is None:
        kind = "emotion-set"
    elif after is None:
        kind = "emotion-cleared"
    else:
        kind = "emotion-improved" if after > before else "emotion-worsened"
    verb = kind.removeprefix("emotion-")
    out.add(
        kind,
        path,
        f"Emotion at {where} {verb}: {_emotion(before)} → {_emotion(after)}",
        before=before,
        after=after,
        stage=stage,
    )


def _step_fields(out: _Out, old: Step, new: Step, path: tuple[str, ...]) -> None:
    stage = path[0]
    where = f"step {new.name!r}"
    subject = f"Step {new.name!r}"
    out.value("step-renamed", path, old.name, new.name, "Step renamed", show=repr, stage=stage)
    if old.emotion != new.emotion:
        if isinstance(old.emotion, dict) or isinstance(new.emotion, dict):
            # Per persona: one number stands for every persona of the map.
            personas = dict.fromkeys([*_personas_of(old.emotion), *_personas_of(new.emotion)])
            for persona in personas:
                _emotion_change(
                    out,
                    _emotion_for(old, persona),
                    _emotion_for(new, persona),
                    (*path, persona),
                    f"{where} for persona {persona!r}",
                    stage,
                )
        else:
            _emotion_change(out, old.emotion, new.emotion, path, where, stage)
    _pain_points(out, old.pain_points, new.pain_points, path, where, stage)
    if old.moment_of_truth != new.moment_of_truth:
        gained = new.moment_of_truth
        out.add(
            "moment-of-truth-gained" if gained else "moment-of-truth-lost",
            path,
            f"{subject} {'is now' if gained else 'is no longer'} a moment of truth",
            before=old.moment_of_truth,
            after=new.moment_of_truth,
            stage=stage,
        )
    out.value("step-owner-changed", path, old.owner, new.owner, f"{subject} owner:", stage=stage)
    out.value("channel-changed", path, old.channel, new.channel, f"{subject} channel:", stage=stage)
    out.value(
        "touchpoint-changed",
        path,
        old.touchpoint,
        new.touchpoint,
        f"{subject} touchpoint:",
        stage=stage,
    )
    handled = {
        "id",
        "name",
        "emotion",
        "pain_points",
        "moment_of_truth",
        "owner",
        "channel",
        "touchpoint",
    }
    out.other_fields("step-changed", path, old, new, handled, f"{subject}: ", stage=stage)


# --------------------------------------------------------------------------- personas


def _persona(out: _Out, old: Persona, new: Persona) -> None:
    out.value("persona-renamed", ("name",), old.name, new.name, "Persona renamed", show=repr)
    lists = ("goals", "needs", "frustrations", "preferred_channels", "segments")
    for name in lists:
        label = name.replace("_", " ").capitalize()
        out.list_delta(
            ("persona-item-added", "persona-item-removed"),
            (name,),
            getattr(old, name),
            getattr(new, name),
            (f"{label}: added", f"{label}: removed"),
        )
    handled = {"kind", "id", "name", *lists}
    out.other_fields("persona-changed", (), old, new, handled, "Persona ")


# --------------------------------------------------------------------------- messaging


def _messaging(out: _Out, old: Messaging, new: Messaging) -> None:
    out.value(
        "core-message-changed",
        ("core_message",),
        old.core_message,
        new.core_message,
        "Core message changed:",
        show=repr,
    )
    handled = {"kind", "id", "core_message", "pillars", "vocabulary", "brand_attributes"}
    out.other_fields("messaging-changed", (), old, new, handled, "Messaging ")
    _pillars(out, old.pillars, new.pillars)
    for scope in ("personas", "stages"):
        _vocabulary(out, scope, getattr(old.vocabulary, scope), getattr(new.vocabulary, scope))
    _items(
        out,
        "brand-attribute",
        old.brand_attributes,
        new.brand_attributes,
        ("brand_attributes",),
        None,
        lambda b: b.name,
    )


def _pillars(out: _Out, old: list[Pillar], new: list[Pillar]) -> None:
    old_by = {pillar.id: pillar for pillar in old}
    new_by = {pillar.id: pillar for pillar in new}
    gone, came = _unmatched(old_by, new_by)
    renames = match_renames(gone, came, _fingerprint)
    back = {b: a for a, b in renames.items()}
    for pillar_id, pillar in new_by.items():
        label = pillar.name or pillar.message
        path = ("pillars", pillar_id)
        if pillar_id in back:
            out.renamed_id("pillar", path, back[pillar_id], pillar_id)
        before = old_by.get(back.get(pillar_id, pillar_id))
        if before is None:
            out.add("pillar-added", path, f"Pillar added: {label!r}", after=pillar)
            continue
        out.value("pillar-renamed", path, before.name, pillar.name, "Pillar renamed", show=repr)
        if before.message != pillar.message:
            # a message is long text: the sentence names the pillar, before/after hold the text
            out.add(
                "pillar-changed",
                path,
                f"Pillar {label!r}: message changed",
                before=before.message,
                after=pillar.message,
            )
        out.list_delta(
            ("proof-point-added", "proof-point-removed"),
            path,
            before.proof_points,
            pillar.proof_points,
            (f"Pillar {label!r}: proof point added", f"Pillar {label!r}: proof point removed"),
        )
    for pillar_id, pillar in gone.items():
        if pillar_id not in renames:
            out.add(
                "pillar-removed",
                ("pillars", pillar_id),
                f"Pillar removed: {pillar.name or pillar.message!r}",
                before=pillar,
            )


def _vocabulary(
    out: _Out, scope: str, old: Mapping[str, Vocabulary], new: Mapping[str, Vocabulary]
) -> None:
    empty = Vocabulary()
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key, empty), new.get(key, empty)
        owner = f"{scope[:-1]} {key!r}"
        for which in ("use", "avoid"):
            out.list_delta(
                (f"vocabulary-{which}-added", f"vocabulary-{which}-removed"),
                ("vocabulary", scope, key),
                getattr(before, which),
                getattr(after, which),
                (f"Vocabulary for {owner}: {which}", f"Vocabulary for {owner}: no longer {which}"),
            )
