"""Offline editor support: JSON Schemas inside the workspace and modelines that find them.

Editors with the YAML language server (VS Code's YAML extension, Neovim, Helix…)
read a ``# yaml-language-server: $schema=PATH`` modeline at the top of a file. A
web address breaks without network (and ours does not serve one), so the
modeline is a path relative to the file, into the workspace's schema folder
(``schemas:`` in journeymap.yaml, by default ``.journeymap/schemas``).
"""

from __future__ import annotations

import os
from pathlib import Path

from journeymap.atomic import write_output
from journeymap.schema import SCHEMA_KINDS, schema_filename, schema_text

MODELINE_PREFIX = "# yaml-language-server: $schema="


def write_schemas(directory: Path) -> list[Path]:
    """Write (or refresh) the JSON Schema of every kind into ``directory``.

    Refreshing replaces the schema files without ``--force``, but never an input of
    a workspace (a schema file may be a symlink to a map): see ``outputs``.
    """
    from journeymap.outputs import check_targets

    targets = {kind: directory / schema_filename(kind) for kind in SCHEMA_KINDS}
    check_targets(list(targets.values()), force=True)
    written = []
    for kind, target in targets.items():
        text = schema_text(kind)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        write_output(target, text)
        written.append(target)
    return written


def modeline(kind: str, file: Path, schema_dir: Path) -> str:
    """The modeline for ``file``: a relative path from its folder to the kind's schema."""
    target = Path(schema_dir) / schema_filename(kind)
    relative = os.path.relpath(target.absolute(), Path(file).parent.absolute())
    return MODELINE_PREFIX + Path(relative).as_posix()


def with_modeline(text: str, kind: str, file: Path, schema_dir: Path) -> str:
    """``text`` with its modeline replaced by (or started with) one that resolves offline."""
    line = modeline(kind, file, schema_dir)
    first, newline, rest = text.partition("\n")
    if first.startswith(MODELINE_PREFIX):
        return line + newline + rest
    return f"{line}\n{text}"
