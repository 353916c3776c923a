"""What changed in a persona: name, the lists (goals, needs…) item by item, other fields."""

from __future__ import annotations

from journeymap.diff.emit import Out
from journeymap.model.persona import Persona


def diff_persona(out: Out, old: Persona, new: Persona) -> None:
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
