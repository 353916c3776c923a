"""Pydantic models of journeymap documents and of the workspace configuration."""

from journeymap.model.config import Config, Limits, LintSettings
from journeymap.model.documents import KINDS, Document, document_adapter
from journeymap.model.journey import Journey, Stage, Step
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona

__all__ = [
    "KINDS",
    "Config",
    "Document",
    "Journey",
    "Limits",
    "LintSettings",
    "Messaging",
    "Persona",
    "Stage",
    "Step",
    "document_adapter",
]
