"""What changed in a messaging hierarchy: core message, pillars and their proof points,
vocabulary per persona and stage, brand attributes."""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.diff.emit import Out, items
from journeymap.diff.matching import fingerprint, match_renames, unmatched
from journeymap.model.messaging import Messaging, Pillar, Vocabulary


def diff_messaging(out: Out, old: Messaging, new: Messaging) -> None:
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
    items(
        out,
        "brand-attribute",
        old.brand_attributes,
        new.brand_attributes,
        ("brand_attributes",),
        None,
        lambda b: b.name,
    )


def _pillars(out: Out, old: list[Pillar], new: list[Pillar]) -> None:
    old_by = {pillar.id: pillar for pillar in old}
    new_by = {pillar.id: pillar for pillar in new}
    gone, came = unmatched(old_by, new_by)
    renames = match_renames(gone, came, fingerprint)
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
    out: Out, scope: str, old: Mapping[str, Vocabulary], new: Mapping[str, Vocabulary]
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
