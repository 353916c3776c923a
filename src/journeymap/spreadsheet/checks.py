"""Whether the text ``import`` is about to write keeps the workspace valid.

A cell can be valid on its own and still break the workspace: an owner that
journeymap.yaml's ``teams:`` does not list, a per-persona emotion for a persona
that does not exist. So the new text is checked as ``validate`` would check the
file (its schema, and its references into the rest of the workspace), and so is
the text it replaces: an import is refused for the errors it introduces, not for
those the file already had (which it could not fix: ids are locked).
"""

from __future__ import annotations

from pathlib import Path

from journeymap.findings import Finding, InputError
from journeymap.workspace import Workspace

ErrorKey = tuple[str, tuple[str | int, ...], str]


def introduced_errors(target: Path, before: str, after: str, display: str) -> list[Finding]:
    """The errors (schema, references) that ``after`` has as ``target`` and ``before`` had not."""
    workspace = _workspace_of(target)
    known = {_key(finding) for finding in _errors_as(workspace, before, display)}
    return [
        finding for finding in _errors_as(workspace, after, display) if _key(finding) not in known
    ]


def _workspace_of(target: Path) -> Workspace:
    """The workspace ``validate`` would check ``target`` in: its ``journeymap.yaml``'s, loaded
    whole (references from the file must resolve), or just the file when it has none."""
    from journeymap.model.config import Config
    from journeymap.selection import find_config
    from journeymap.workspace import load_workspace

    config = find_config(target)
    if config is None:
        return Workspace(root=target.parent, config=Config())
    return load_workspace(config)


def _errors_as(workspace: Workspace, text: str, display: str) -> list[Finding]:
    """The errors of ``text`` as the file ``display`` of ``workspace`` (it replaces the
    document with the same kind and id, as ``validate -`` does)."""
    from journeymap.document import validate_loaded
    from journeymap.loader import parse_yaml
    from journeymap.references import check_references
    from journeymap.workspace import substitute

    try:
        loaded = parse_yaml(text, display, workspace.config.limits)
        result = validate_loaded(loaded, workspace.known())
    except InputError as error:
        return [error.finding]
    substitute(workspace, result)
    found = [*result.findings, *check_references(workspace)]
    return [f for f in found if f.severity == "error" and f.path == display]


def _key(finding: Finding) -> ErrorKey:
    """What makes two errors the same one, whatever the item is called now (a renamed
    step changes the ``where`` a reference's message starts with)."""
    message = finding.message
    if finding.where:
        message = message.removeprefix(finding.where)
    return finding.code, finding.pointer, message
