"""``journeymap init`` and ``journeymap new``: files that validate cleanly from the start.

``init`` copies the starter workspace from package data; ``new`` builds one
document from a blueprint (``blueprints.py``). Both write the workspace's JSON
Schemas and modelines that point at them, so editors help offline, and neither
ever overwrites a file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.atomic import make_directory, write_output
from journeymap.findings import Finding, InputError

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; only the annotation needs it
    from importlib.resources.abc import Traversable

    from journeymap.model.config import Config
    from journeymap.workspace import Workspace

STARTER_PACKAGE = "journeymap.starter"
NEW_KINDS = {
    "journey": "journeys",
    "persona": "personas",
    "messaging": "messaging",
    "backlog": "backlog",
}
"""Kinds ``new`` can create, and the folder of the workspace they go to."""


def starter_files() -> dict[str, str]:
    """Relative path → content of every starter file."""
    files: dict[str, str] = {}

    def collect(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                collect(child, f"{name}/")
            elif child.name.endswith(".yaml"):
                files[name] = child.read_text(encoding="utf-8")

    collect(resources.files(STARTER_PACKAGE), "")
    return dict(sorted(files.items()))


def init_workspace(directory: Path) -> list[Path]:
    """Write the starter files and schemas into ``directory``; refuse if any file exists.

    Nothing is written through a symbolic link below ``directory``: a
    ``journeys`` folder that links elsewhere (``/etc``, another project) would
    otherwise receive the starter files, so every folder and file on the way is
    checked with ``lstat`` before anything is written, and again as it is made.
    """
    from journeymap.editor import with_modeline, write_schemas
    from journeymap.model.config import Config
    from journeymap.schema import SCHEMA_KINDS, schema_filename

    files = starter_files()
    for name in files:
        _refuse_symlinks(directory, name)
    existing = [directory / name for name in files if (directory / name).exists()]
    if existing:
        raise InputError(
            Finding(
                path=str(existing[0]),
                message="already exists; journeymap init never overwrites files "
                "(choose an empty directory)",
            )
        )
    if directory.exists() and not directory.is_dir():
        raise InputError(Finding(path=str(directory), message="is not a directory"))
    make_directory(directory)  # a file on the way or /proc: one line, before any write
    schema_dir = directory / Config().schemas
    written = []
    for name, content in files.items():
        target = directory / name
        make_directory(target.parent)
        _refuse_symlinks(directory, name)
        content = with_modeline(content, _kind_of(name, content), target, schema_dir)
        content = _dated(content)
        write_output(target, content)
        written.append(target)
    for kind in SCHEMA_KINDS:
        _refuse_symlinks(directory, f"{Config().schemas}/{schema_filename(kind)}")
    return written + write_schemas(schema_dir)


def _dated(content: str) -> str:
    """The starter with today's date as its ``refreshed:`` date.

    A new map is dated the day it is drawn, so the yearly refresh (JM509) counts
    from then and the map is never undated (JM511); a fixed date in the package
    data would make every later ``init`` start out stale.
    """
    import re

    from journeymap.clock import today

    return re.sub(
        r"(?m)^refreshed: \d{4}-\d{2}-\d{2}", f"refreshed: {today().isoformat()}", content
    )


def _refuse_symlinks(directory: Path, name: str) -> None:
    """Raise ``InputError`` when a folder or the file of ``directory/name`` is a symlink."""
    current = directory
    for part in Path(name).parts:
        current = current / part
        if current.is_symlink():
            raise InputError(
                Finding(
                    path=str(current),
                    message="is a symbolic link; journeymap init never writes through links "
                    "(remove it or choose another directory)",
                )
            )


def _kind_of(name: str, content: str) -> str:
    if name.endswith("journeymap.yaml"):
        return "config"
    for line in content.splitlines():
        if line.startswith("kind:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"starter file {name} has no kind")  # pragma: no cover - package data


def new_document(
    kind: str,
    doc_id: str,
    *,
    persona: str | None = None,
    stages: str = "seven",
    output: Path | None = None,
    cwd: Path | None = None,
) -> list[Path]:
    """Write one new document (and the workspace's schemas when missing); never overwrite."""
    from journeymap import blueprints
    from journeymap.editor import with_modeline, write_schemas
    from journeymap.format import format_text
    from journeymap.model.base import SLUG_PATTERN
    from journeymap.model.config import Config
    from journeymap.selection import find_config, load_config

    cwd = cwd or Path.cwd()
    if kind not in NEW_KINDS:
        raise InputError(
            Finding(path=kind, message=f"unknown kind; choose one of: {', '.join(NEW_KINDS)}")
        )
    if not _matches(SLUG_PATTERN, doc_id):
        raise InputError(
            Finding(
                path=doc_id,
                message="not an id: use lowercase letters, digits and dashes, e.g. b2b-buyer",
            )
        )
    if stages not in blueprints.STAGE_SETS:
        choices = ", ".join(blueprints.STAGE_SETS)
        raise InputError(
            Finding(path=stages, message=f"unknown stage set; choose one of: {choices}")
        )
    if output is not None and str(output) == "-":
        raise InputError(
            Finding(path="-", message="new writes a file: give its name (not standard output)")
        )
    config_path = find_config(output.parent if output else cwd)
    config = Config()
    if config_path is not None:
        config, problems, _ = load_config(config_path)
        errors = [problem for problem in problems if problem.severity == "error"]
        if errors:  # its teams and schema folder decide what is written
            raise InputError(min(errors, key=lambda finding: finding.sort_key))
    root = config_path.parent if config_path else cwd
    target = output or root / NEW_KINDS[kind] / f"{doc_id}.yaml"
    if target.exists():
        raise InputError(
            Finding(
                path=str(target), message="already exists; journeymap new never overwrites files"
            )
        )
    workspace = _workspace(config_path)
    taken = workspace.get(kind, doc_id) if workspace is not None else None
    if taken is not None:
        raise InputError(
            Finding(
                path=doc_id,
                message=f"the workspace already has a {kind} with this id ({taken.path}); "
                "choose another id",
            )
        )
    data = _document(kind, doc_id, persona, stages, config, workspace)
    schema_dir = root / config.schemas
    text = with_modeline(_dump(data), kind, target, schema_dir)
    schemas = write_schemas(schema_dir) if not schema_dir.is_dir() else []
    write_output(target, format_text(text, str(target)))
    return [target, *schemas]


def _matches(pattern: str, value: str) -> bool:
    import re

    return re.fullmatch(pattern.strip("^$"), value) is not None and len(value) <= 80


def _document(
    kind: str,
    doc_id: str,
    persona: str | None,
    stages: str,
    config: Config,
    workspace: Workspace | None,
) -> dict[str, Any]:
    from journeymap import blueprints
    from journeymap.clock import today

    if kind == "persona":
        return blueprints.persona_data(doc_id)
    if kind == "messaging":
        return blueprints.messaging_data(doc_id)
    if kind == "backlog":
        return blueprints.backlog_data(doc_id, config.teams or None)
    personas = [d.id for d in workspace.of_kind("persona")] if workspace is not None else []
    if persona is None and len(personas) == 1:
        persona = personas[0]
    elif persona is None and personas:
        raise InputError(
            Finding(
                path="--persona",
                message="a map is drawn for one persona: name it with --persona "
                f"(the workspace has {', '.join(personas)})",
            )
        )
    if persona is not None and workspace is not None and persona not in personas:
        known = ", ".join(personas) or "none yet (journeymap new persona ID)"
        raise InputError(
            Finding(
                path=persona, message=f"no persona with this id in the workspace; known: {known}"
            )
        )
    return blueprints.journey_data(
        doc_id,
        personas=[persona] if persona else [],
        stages=stages,
        teams=config.teams,
        refreshed=today(),
    )


def _workspace(config_path: Path | None) -> Workspace | None:
    """The workspace the new document joins (its ids and personas; a broken map elsewhere
    is fine: its findings are not this command's)."""
    if config_path is None:
        return None
    from journeymap.workspace import load_workspace

    return load_workspace(config_path)


def _dump(data: dict[str, Any]) -> str:
    """Block YAML, with short lists of words in flow style (``[web, email]``)."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    def flow(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: flow(value) for key, value in node.items()}
        if isinstance(node, list):
            items = [flow(item) for item in node]
            if all(isinstance(item, str) and len(item) < 30 for item in items) and items:
                seq = CommentedSeq(items)
                seq.fa.set_flow_style()
                return seq
            return items
        return node

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(flow(data), stream)
    return stream.getvalue()
