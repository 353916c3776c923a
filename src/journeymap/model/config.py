"""The workspace configuration file, ``journeymap.yaml``."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from journeymap.globs import outside_workspace
from journeymap.model.base import Slug, StrictModel, Text, empty_dict, empty_list

Severity = Literal["error", "warning", "info"]

DEFAULT_FILES = ("**/*.yaml", "**/*.yml")

MAX_FILE_SIZE_BOUND = 1024**3
"""Largest ``max_file_size`` accepted: 1 GiB of YAML already needs tens of GB as a node tree."""
MAX_DEPTH_BOUND = 256
"""Largest ``max_depth`` accepted: the loader recurses two frames per level."""
MAX_NODES_BOUND = 10_000_000
"""Largest ``max_nodes`` accepted: each value costs about 300 bytes while it is read."""
MAX_EXPANDED_CHARS_BOUND = 4 * 1024**3
EXPANDED_CHARS_FACTOR = 4
"""Default ``max_expanded_chars`` as a multiple of ``max_file_size``."""


class Limits(StrictModel):
    """Input limits. The defaults are far above any real map; they exist to stop hostile files.

    The upper bounds are what the loader can honour: a larger ``max_depth`` would
    overflow the interpreter's stack, a larger ``max_file_size`` would ask for
    more memory than a node tree of that size can get. Asking for more is a
    config error on the line of the value, not a crash while loading.
    """

    max_file_size: int = Field(
        default=10 * 1024 * 1024,
        gt=0,
        le=MAX_FILE_SIZE_BOUND,
        description="Largest file read, in bytes (default 10 MiB, at most 1 GiB).",
    )
    max_depth: int = Field(
        default=64,
        gt=0,
        le=MAX_DEPTH_BOUND,
        description=f"Deepest nesting of lists and maps (at most {MAX_DEPTH_BOUND}).",
    )
    max_nodes: int = Field(
        default=1_000_000,
        gt=0,
        le=MAX_NODES_BOUND,
        description="Most values in one file, counted while the file is read and again "
        "after aliases are expanded (stops 'billion laughs'; at most 10,000,000).",
    )
    max_expanded_chars: int | None = Field(
        default=None,
        gt=0,
        le=MAX_EXPANDED_CHARS_BOUND,
        description="Most characters of text in one file after aliases are expanded "
        f"(default: {EXPANDED_CHARS_FACTOR} × max_file_size). Stops a few aliases of a "
        "long text from becoming a huge rendering.",
    )

    @property
    def expanded_chars(self) -> int:
        """The effective ``max_expanded_chars``: given, or a multiple of the file size limit."""
        if self.max_expanded_chars is not None:
            return self.max_expanded_chars
        return EXPANDED_CHARS_FACTOR * self.max_file_size


class LintSettings(StrictModel):
    """Which rules run and how severe their findings are."""

    select: list[str] = Field(
        default_factory=empty_list, description="Rule codes or prefixes to run (default: all)."
    )
    ignore: list[str] = Field(
        default_factory=empty_list, description="Rule codes or prefixes to skip."
    )
    severity: dict[str, Severity] = Field(
        default_factory=empty_dict,
        description="Override the severity of a rule, e.g. `JM201: error`.",
    )
    fail_on: Severity = Field(
        default="error", description="The lowest severity that makes `validate` exit with 1."
    )


def _inside_workspace(pattern: str) -> str:
    """Refuse a glob that climbs out of the workspace folder: it could match no file, and
    the maps it was meant for would silently go unchecked."""
    if outside_workspace(pattern):
        raise ValueError(
            "climbs out of the workspace: globs are relative to the folder of journeymap.yaml "
            "and match only files inside it"
        )
    if re.match(r"[A-Za-z]:[\\/]|\\\\", pattern):
        raise ValueError(
            "is a Windows absolute path: globs are relative to the folder of journeymap.yaml "
            "and match only files inside it"
        )
    return pattern


Glob = Annotated[Text, AfterValidator(_inside_workspace)]


class Config(StrictModel):
    """``journeymap.yaml``: which files belong to the workspace and how to check them."""

    files: list[Glob] = Field(
        default_factory=lambda: list(DEFAULT_FILES),
        description="Glob patterns (relative to journeymap.yaml) of the map, persona and "
        "messaging files.",
    )
    exclude: list[Glob] = Field(
        default_factory=empty_list, description="Glob patterns to leave out."
    )
    data: list[Text] = Field(
        default_factory=empty_list,
        description="CSV files (relative to journeymap.yaml) with measured metric values, "
        "columns `metric,scope,date,value`; scope is `journey-id`, `journey-id/stage-id` "
        "or `journey-id/step-id`.",
    )
    lint: LintSettings = Field(default_factory=LintSettings)
    glossary: dict[Text, Text] = Field(
        default_factory=empty_dict,
        description="Non-preferred term → preferred term, e.g. `lifecycle: journey`. "
        "Lint suggests the preferred term where the other one is used.",
    )
    teams: dict[Slug, Text] = Field(
        default_factory=empty_dict,
        description="Team id → display name. When given, owners must be one of these.",
    )
    segments: dict[Slug, Text] = Field(
        default_factory=empty_dict,
        description="Marketing segment id → display name. When given, persona segments must be one of these.",
    )
    limits: Limits = Field(default_factory=Limits)
    schemas: Text = Field(
        default=".journeymap/schemas",
        description="Folder (relative to journeymap.yaml) holding the JSON Schemas that the "
        "`# yaml-language-server: $schema=` modelines point to, so that editors offer "
        "completion and hover help offline. `journeymap init` writes it; "
        "`journeymap schema --write DIR` refreshes it after an upgrade.",
    )
