"""The workspace configuration file, ``journeymap.yaml``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeymap.model.base import Slug, StrictModel, Text

Severity = Literal["error", "warning", "info"]

DEFAULT_FILES = ("**/*.yaml", "**/*.yml")


class Limits(StrictModel):
    """Input limits. The defaults are far above any real map; they exist to stop hostile files."""

    max_file_size: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Largest file read, in bytes (default 10 MiB)."
    )
    max_depth: int = Field(
        default=64, gt=0, le=10_000, description="Deepest nesting of lists and maps."
    )
    max_nodes: int = Field(
        default=1_000_000,
        gt=0,
        description="Most values in one file after aliases are expanded (stops 'billion laughs').",
    )


class LintSettings(StrictModel):
    """Which rules run and how severe their findings are."""

    select: list[str] = Field(
        default_factory=list, description="Rule codes or prefixes to run (default: all)."
    )
    ignore: list[str] = Field(default_factory=list, description="Rule codes or prefixes to skip.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Override the severity of a rule, e.g. `JM201: error`."
    )
    fail_on: Severity = Field(
        default="error", description="The lowest severity that makes `validate` exit with 1."
    )


class Config(StrictModel):
    """``journeymap.yaml``: which files belong to the workspace and how to check them."""

    files: list[Text] = Field(
        default_factory=lambda: list(DEFAULT_FILES),
        description="Glob patterns (relative to journeymap.yaml) of the map, persona and "
        "messaging files.",
    )
    exclude: list[Text] = Field(default_factory=list, description="Glob patterns to leave out.")
    lint: LintSettings = Field(default_factory=LintSettings)
    glossary: dict[Text, Text] = Field(
        default_factory=dict,
        description="Non-preferred term → preferred term, e.g. `lifecycle: journey`. "
        "Lint suggests the preferred term where the other one is used.",
    )
    teams: dict[Slug, Text] = Field(
        default_factory=dict,
        description="Team id → display name. When given, owners must be one of these.",
    )
    segments: dict[Slug, Text] = Field(
        default_factory=dict,
        description="Marketing segment id → display name. When given, persona segments must be one of these.",
    )
    limits: Limits = Field(default_factory=Limits)
