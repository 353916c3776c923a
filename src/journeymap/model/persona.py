"""The persona: who a journey map is for, and how marketing's segments map onto it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeymap.model.base import Slug, StrictModel, Text, TextList, empty_list
from journeymap.model.journey import Channel


class Persona(StrictModel):
    """A representative customer (or employee) built from research."""

    kind: Literal["persona"] = Field(description="Always `persona` for a persona.")
    id: Slug
    name: Text = Field(
        description="A memorable name with the role, e.g. 'Sam, social media manager'."
    )
    role: Text | None = Field(default=None, description="Job title or role in the buying group.")
    summary: Text | None = Field(
        default=None, description="Two or three sentences about this person."
    )
    goals: TextList = Field(description="What they want to achieve.")
    needs: TextList = Field(description="What they need from a product or service like ours.")
    frustrations: TextList = Field(description="What gets in their way today.")
    quote: Text | None = Field(
        default=None,
        description="A representative verbatim quote from research with people like them.",
    )
    preferred_channels: list[Channel] = Field(
        default_factory=empty_list, description="Where they prefer to hear from and talk to us."
    )
    segments: list[Slug] = Field(
        default_factory=empty_list,
        description="Marketing segments this persona corresponds to (the crosswalk between "
        "marketing's segments and CX's personas). Define segment names under `segments:` "
        "in journeymap.yaml.",
    )
