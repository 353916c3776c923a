"""Pydantic models of journeymap documents and of the workspace configuration."""

from journeymap.model.backlog import Backlog, Opportunity
from journeymap.model.config import Config, Limits, LintSettings
from journeymap.model.documents import KINDS, Document, document_adapter
from journeymap.model.journey import Journey, Stage, Step
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona

__all__ = [
    "KINDS",
    "Backlog",
    "Config",
    "Document",
    "Journey",
    "Limits",
    "LintSettings",
    "Messaging",
    "Opportunity",
    "Persona",
    "Stage",
    "Step",
    "document_adapter",
]
