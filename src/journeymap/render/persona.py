"""Persona cards: one A5 card per persona, printed two to an A4 sheet, to hand out at a workshop.

A card carries who the persona is (name, role, summary, a representative
quote), goals, needs, frustrations, preferred channels, the words to use and
avoid with them (from the workspace's messaging files), and the **crosswalk**:
the marketing segments the persona corresponds to, named as in
``journeymap.yaml``'s ``segments:``, and the journey maps drawn for them. That
crosswalk is what lets marketing (segments) and CX (personas) talk about the
same people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap import __version__
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging, Vocabulary
from journeymap.model.persona import Persona

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace


@dataclass(slots=True)
class Segment:
    """A marketing segment as the crosswalk shows it."""

    id: str
    name: str
    defined: bool
    """Whether journeymap.yaml names this segment (else the id is shown as it is)."""


@dataclass(slots=True)
class PersonaCard:
    """Everything one card shows."""

    persona: Persona
    source: str
    segments: list[Segment] = field(default_factory=list)
    journeys: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(journey id, title, link or None) of the journeys drawn for this persona."""
    vocabulary: Vocabulary | None = None


def persona_card(
    workspace: Workspace, document: SourceDocument, links: dict[str, str] | None = None
) -> PersonaCard:
    """The card of one persona; ``links`` maps journey ids to relative links (site pages)."""
    persona = document.model
    assert isinstance(persona, Persona)
    names = workspace.config.segments
    journeys = [
        (d.id, d.model.title, (links or {}).get(d.id))
        for d in workspace.of_kind("journey")
        if isinstance(d.model, Journey) and persona.id in d.model.personas
    ]
    found = [
        m.model.vocabulary.personas.get(persona.id)
        for m in workspace.of_kind("messaging")
        if isinstance(m.model, Messaging)
    ]
    present = [vocabulary for vocabulary in found if vocabulary is not None]
    vocabulary = None
    if present:
        vocabulary = Vocabulary(
            use=list(dict.fromkeys(word for v in present for word in v.use)),
            avoid=list(dict.fromkeys(word for v in present for word in v.avoid)),
        )
    return PersonaCard(
        persona=persona,
        source=document.path,
        segments=[Segment(s, names.get(s, s), s in names) for s in persona.segments],
        journeys=journeys,
        vocabulary=vocabulary,
    )


def render_persona_html(
    workspace: Workspace,
    documents: Sequence[SourceDocument],
    *,
    home: str | None = None,
    links: dict[str, str] | None = None,
) -> str:
    """A page of persona cards (one per document), as a complete HTML document."""
    return render_cards_html(
        [persona_card(workspace, document, links) for document in documents], home=home
    )


def render_cards_html(cards: Sequence[PersonaCard], *, home: str | None = None) -> str:
    """A page of persona cards, two to an A4 sheet when printed (cards may come from
    several workspaces: each card already carries its crosswalk and vocabulary)."""
    from journeymap.render.html import environment

    title = (
        f"Persona: {cards[0].persona.name}"
        if len(cards) == 1
        else f"Personas: {', '.join(card.persona.name for card in cards)}"
    )
    return (
        environment()
        .get_template("persona.html.j2")
        .render(cards=cards, title=title, home=home, version=__version__)
    )
