"""Dispatch on ``kind`` to the right document model."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field, TypeAdapter

from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona

Document = Annotated[Journey | Persona | Messaging | Backlog, Field(discriminator="kind")]

KINDS: dict[str, type[Journey | Persona | Messaging | Backlog]] = {
    "journey": Journey,
    "persona": Persona,
    "messaging": Messaging,
    "backlog": Backlog,
}


@cache
def document_adapter() -> TypeAdapter[Journey | Persona | Messaging | Backlog]:
    """Built once, on first use, so that importing the package stays cheap."""
    return TypeAdapter(Document)
