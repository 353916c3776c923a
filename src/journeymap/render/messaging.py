"""The messaging handout: the whole hierarchy on one page, for everyone who writes to customers.

Core message, pillars with their proof points, the vocabulary grid (words to use
and to avoid, per persona and per journey stage) and the brand attributes with
the CX actions that make them real, grouped by the function that does them.

Ids are shown with the names the rest of the workspace gives them: persona ids
become persona names, stage ids the stage names of the workspace's journeys (in
journey order), team ids the names under ``teams:`` in journeymap.yaml. An id
that the workspace does not know is shown as it is (``validate`` reports it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from journeymap import __version__
from journeymap.model.journey import Journey
from journeymap.model.messaging import BrandAttribute, Messaging, Vocabulary
from journeymap.model.persona import Persona

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.workspace import Workspace


@dataclass(slots=True)
class VocabularyRow:
    """One row of the vocabulary grid: who or where, and the words."""

    id: str
    name: str
    vocabulary: Vocabulary


@dataclass(slots=True)
class FunctionActions:
    """The CX actions one function (team) does for one brand attribute."""

    team: str
    actions: list[tuple[str | None, str]] = field(default_factory=list)
    """(stage name or None, action)."""


@dataclass(slots=True)
class AttributeView:
    """A brand attribute with its actions grouped by function."""

    attribute: BrandAttribute
    functions: list[FunctionActions]


def stage_names(workspace: Workspace) -> dict[str, str]:
    """Stage id → name over every journey of the workspace, in journey order (first wins)."""
    names: dict[str, str] = {}
    for document in workspace.of_kind("journey"):
        if isinstance(document.model, Journey):
            for stage in document.model.stages:
                names.setdefault(stage.id, stage.name)
    return names


def persona_names(workspace: Workspace) -> dict[str, str]:
    """Persona id → the persona's name, for every persona of the workspace."""
    return {
        document.id: document.model.name
        for document in workspace.of_kind("persona")
        if isinstance(document.model, Persona)
    }


def vocabulary_rows(
    messaging: Messaging, workspace: Workspace
) -> tuple[list[VocabularyRow], list[VocabularyRow]]:
    """The grid's two parts: per persona (file order) and per stage (journey order)."""
    personas = persona_names(workspace)
    stages = stage_names(workspace)
    persona_rows = [
        VocabularyRow(persona_id, personas.get(persona_id, persona_id), vocabulary)
        for persona_id, vocabulary in messaging.vocabulary.personas.items()
    ]
    order = {stage_id: index for index, stage_id in enumerate(stages)}
    stage_items = sorted(
        messaging.vocabulary.stages.items(), key=lambda item: order.get(item[0], len(order))
    )
    stage_rows = [
        VocabularyRow(stage_id, stages.get(stage_id, stage_id), vocabulary)
        for stage_id, vocabulary in stage_items
    ]
    return persona_rows, stage_rows


def attribute_views(messaging: Messaging, workspace: Workspace) -> list[AttributeView]:
    """Each brand attribute's actions grouped by function, functions in first-mention order."""
    teams = workspace.config.teams
    stages = stage_names(workspace)
    views = []
    for attribute in messaging.brand_attributes:
        groups: dict[str, FunctionActions] = {}
        for action in attribute.actions:
            group = groups.setdefault(
                action.owner, FunctionActions(teams.get(action.owner, action.owner))
            )
            stage = stages.get(action.stage, action.stage) if action.stage else None
            group.actions.append((stage, action.action))
        views.append(AttributeView(attribute, list(groups.values())))
    return views


def render_messaging_html(
    workspace: Workspace, document: SourceDocument, *, home: str | None = None
) -> str:
    """The messaging handout of one messaging file, as a complete HTML document.

    ``home`` is a relative link back to the workspace index (site pages only).
    """
    from journeymap.render.html import environment

    messaging = document.model
    assert isinstance(messaging, Messaging)
    persona_rows, stage_rows = vocabulary_rows(messaging, workspace)
    return (
        environment()
        .get_template("messaging.html.j2")
        .render(
            messaging=messaging,
            title=messaging.title or f"Messaging hierarchy: {messaging.id}",
            source=document.path,
            persona_rows=persona_rows,
            stage_rows=stage_rows,
            attributes=attribute_views(messaging, workspace),
            home=home,
            version=__version__,
        )
    )
