"""Whose emotions a rendering shows: every persona of a map, or the one asked for.

A map for a buying group gives a step one emotion per persona
(``emotion: {social-media-manager: -1, marketing-director: 1}``). The handout
draws one curve per persona and PowerPoint one chart series per persona; DOT,
Mermaid and the grid's lanes list each persona's value. Every renderer asks the
same two questions, answered here once:

* :func:`emotion_personas` — which personas have curves of their own (none on a
  map where every step has one number: it renders exactly as before);
* :func:`for_persona` — the map as one persona feels it (``render --persona``):
  every per-persona emotion is replaced by that persona's number, so every
  renderer draws a single-persona map without knowing about personas at all.

Each persona gets a :class:`PersonaStyle`: a colour slot *and* a marker shape,
so the curves stay apart in greyscale print and for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.findings import Finding, InputError
from journeymap.model.journey import Journey, Step
from journeymap.model.persona import Persona

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace

MARKERS: tuple[tuple[str, str], ...] = (
    ("round", "●"),
    ("square", "■"),
    ("cross", "✚"),
    ("hexagon", "⬢"),
)
"""Marker shape (as the curve template draws it) and the same shape as a character,
one per persona in map order; a fifth persona reuses the first with another colour."""
SHAPE_WORDS: dict[str, str] = {
    "round": "circles",
    "square": "squares",
    "cross": "crosses",
    "hexagon": "hexagons",
}
PALETTE: tuple[tuple[int, int, int], ...] = (
    (0x1D, 0x4E, 0xD8),
    (0xC2, 0x41, 0x0C),
    (0x0F, 0x76, 0x6E),
    (0x9D, 0x17, 0x4D),
    (0x4D, 0x7C, 0x0F),
    (0x47, 0x55, 0x69),
)
"""The personas' colours, in order: ``handout.css`` (``.curve-style-0`` … ``-5``) uses the
same six for the handout; PowerPoint's series use these."""
STYLES = len(PALETTE)


@dataclass(frozen=True, slots=True)
class PersonaStyle:
    """One persona as the renderers draw it: its name, colour slot and marker."""

    id: str
    name: str
    index: int

    @property
    def shape(self) -> str:
        return MARKERS[self.index % len(MARKERS)][0]

    @property
    def symbol(self) -> str:
        return MARKERS[self.index % len(MARKERS)][1]

    @property
    def css_class(self) -> str:
        """Classes of the persona's curve: a test (or a stylesheet) finds it by id."""
        return f"curve-persona curve-persona-{self.id} curve-style-{self.index % STYLES}"

    @property
    def rgb(self) -> tuple[int, int, int]:
        return PALETTE[self.index % STYLES]

    def emotion(self, step: Step) -> int | None:
        return step.emotion_of(self.id)

    def nudge(self, count: int) -> float:
        """Where its points sit within a step's slot (fraction of the slot's width), so
        that personas feeling the same at a step stand side by side, not on top."""
        return (self.index - (count - 1) / 2) * min(0.3, 0.6 / count)


def emotion_personas(journey: Journey) -> list[str]:
    """Ids of the personas that get a curve each: empty unless some step gives
    per-persona emotions. The journey's ``personas`` come first, in their order;
    ids used only in emotion mappings (a broken reference, reported by
    ``validate``) follow, so the map still draws everything it says."""
    mapped = [
        persona
        for _, _, _, step in journey.iter_steps()
        if isinstance(step.emotion, dict)
        for persona in step.emotion
    ]
    if not mapped:
        return []
    return list(dict.fromkeys([*journey.personas, *mapped]))


def persona_names(workspace: Workspace | None, ids: Sequence[str]) -> dict[str, str]:
    """Persona id → the ``name`` of its persona document (the id when there is none)."""
    names = {}
    for persona_id in ids:
        found = workspace.get("persona", persona_id) if workspace is not None else None
        model = found.model if found is not None else None
        names[persona_id] = model.name if isinstance(model, Persona) else persona_id
    return names


def persona_styles(journey: Journey, names: Mapping[str, str] | None = None) -> list[PersonaStyle]:
    """A style for every persona with a curve of its own (none for one-number maps)."""
    names = names or {}
    return [
        PersonaStyle(persona, names.get(persona, persona), index)
        for index, persona in enumerate(emotion_personas(journey))
    ]


def styles_for(workspace: Workspace | None, journey: Journey) -> list[PersonaStyle]:
    """:func:`persona_styles` with the names of the workspace's persona documents."""
    return persona_styles(journey, persona_names(workspace, emotion_personas(journey)))


def for_persona(journey: Journey, persona: str) -> Journey:
    """The map as ``persona`` feels it: one number per step, ``personas: [persona]``.

    Steps with one number keep it (it stands for every persona); a step whose
    mapping leaves the persona out has no emotion for it.
    """
    stages = [
        stage.model_copy(
            update={
                "steps": [
                    step.model_copy(update={"emotion": step.emotion_of(persona)})
                    for step in stage.steps
                ]
            }
        )
        for stage in journey.stages
    ]
    return journey.model_copy(update={"personas": [persona], "stages": stages})


def check_persona(document: SourceDocument, persona: str) -> Journey:
    """``render --persona``: the journey of ``document`` for ``persona``, or an
    ``InputError`` (one line, at the journey's ``personas:``, with "did you mean")."""
    journey = document.model
    assert isinstance(journey, Journey)
    known = list(dict.fromkeys([*journey.personas, *emotion_personas(journey)]))
    if persona in known:
        return for_persona(journey, persona)
    pointer: tuple[str | int, ...] = ("personas",) if journey.personas else ()
    line, column = document.locate(pointer, key=True) if pointer else (None, None)
    hint = _suggestion(persona, known) if known else "it lists no personas"
    raise InputError(
        Finding(
            path=document.path,
            line=line,
            column=column,
            message=f"--persona {persona!r} is not a persona of journey {journey.id!r}; {hint}",
        )
    )


def jobs_for_persona(
    jobs: Sequence[tuple[Workspace, SourceDocument]], persona: str, named: set[Path]
) -> list[tuple[Workspace, SourceDocument]]:
    """The render jobs that ``--persona`` keeps: journeys with that persona (and the
    persona or messaging files named). A journey file named on the command line
    without the persona is an error; if no journey is left, the error says which
    personas the journeys have."""
    kept = []
    refused: list[SourceDocument] = []
    for workspace, document in jobs:
        journey = document.model
        if (
            not isinstance(journey, Journey)
            or persona in journey.personas
            or persona in emotion_personas(journey)
        ):
            kept.append((workspace, document))
        elif Path(document.path).resolve() in named:
            check_persona(document, persona)  # raises, located at `personas:`
        else:
            refused.append(document)
    if len(refused) == 1 and not _has_journey(kept):
        check_persona(refused[0], persona)
    if refused and not _has_journey(kept):
        known = list(
            dict.fromkeys(
                p
                for document in refused
                if isinstance(document.model, Journey)
                for p in [*document.model.personas, *emotion_personas(document.model)]
            )
        )
        raise InputError(
            Finding(
                path=str(Path(refused[0].path).parent),
                message=f"--persona {persona!r} is not a persona of any journey here; "
                + _suggestion(persona, known),
            )
        )
    return kept


def _has_journey(jobs: Sequence[tuple[Workspace, SourceDocument]]) -> bool:
    return any(isinstance(document.model, Journey) for _, document in jobs)


def _suggestion(persona: str, known: Sequence[str]) -> str:
    """``did you mean 'x'?`` when one is close, else the personas there are."""
    from journeymap.schema_errors import closest_id

    if not known:
        return "no journey here lists personas"
    close = closest_id(persona, {candidate: candidate for candidate in known})
    listing = ", ".join(known)
    return f"did you mean {close!r}? (personas: {listing})" if close else f"personas: {listing}"
