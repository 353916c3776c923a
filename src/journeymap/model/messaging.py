"""The messaging hierarchy: core message, pillars with proof points, vocabulary."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeymap.model.base import Slug, StrictModel, Text, TextList, empty_dict, empty_list
from journeymap.model.journey import Team


class Pillar(StrictModel):
    """A supporting message that holds up the core message."""

    id: Slug
    name: Text | None = Field(default=None, description="A short label for the pillar.")
    message: Text = Field(description="The pillar's message in the customer's language.")
    proof_points: TextList = Field(description="Facts, numbers and stories that prove the pillar.")


class Vocabulary(StrictModel):
    """Words to use and words to avoid with one persona or in one stage."""

    use: TextList = Field(description="Words and phrases customers use themselves.")
    avoid: TextList = Field(description="Jargon and words that put customers off.")


class VocabularySets(StrictModel):
    """Vocabulary per persona and per journey stage."""

    personas: dict[Slug, Vocabulary] = Field(
        default_factory=empty_dict, description="Keyed by persona id."
    )
    stages: dict[Slug, Vocabulary] = Field(
        default_factory=empty_dict, description="Keyed by journey stage id."
    )


class BrandAction(StrictModel):
    """A concrete CX action that makes a brand attribute real."""

    stage: Slug | None = Field(
        default=None, description="Id of the journey stage where it happens."
    )
    owner: Team = Field(description="The functional area that does it.")
    action: Text


class BrandAttribute(StrictModel):
    """A brand attribute marketing defines, with the CX actions behind it."""

    id: Slug
    name: Text = Field(description="The attribute, e.g. 'Be there'.")
    description: Text | None = None
    actions: list[BrandAction] = Field(default_factory=empty_list)


class Messaging(StrictModel):
    """How everyone talks to customers, in the customer's own language."""

    kind: Literal["messaging"] = Field(description="Always `messaging` for a messaging hierarchy.")
    id: Slug
    title: Text | None = None
    category: Text | None = Field(
        default=None, description="How customers describe the category in their own words."
    )
    core_message: Text = Field(description="The one message everything else supports.")
    pillars: list[Pillar] = Field(default_factory=empty_list)
    vocabulary: VocabularySets = Field(default_factory=VocabularySets)
    brand_attributes: list[BrandAttribute] = Field(default_factory=empty_list)
