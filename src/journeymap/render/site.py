"""The workspace site: every journey, persona, messaging and backlog file as a page, and an index.

``journeymap render DIR --site -o OUT/`` writes ``OUT/index.html`` and one
self-contained page per document (``journeys/<id>.html``, ``personas/<id>.html``,
``messaging/<id>.html``, ``backlog/<id>.html``; under ``<workspace>/`` when DIR holds several
workspaces). Pages need no server and no network: CSS is inlined, there is no
JavaScript, and every link is relative, so the folder can be zipped, put on a
file share or opened straight from disk.

The index gives each document a one-line summary (stages, steps, moments of
truth; segments and journeys for a persona; pillars and vocabulary for
messaging) and its count of findings from ``validate``, so the state of the
workspace is visible at a glance. Documents that could not be read get no page;
the index lists them with their first error.

Like every writer, the site never destroys input: it refuses an output folder
that is, or is inside, an input folder or a workspace, refuses existing files
without ``force``, checks every target before writing the first one, and writes
each file atomically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from journeymap import __version__
from journeymap.discovery import real_path
from journeymap.findings import Finding, InputError
from journeymap.model.backlog import Backlog
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona
from journeymap.render.paper import DEFAULT_LAYOUT, DEFAULT_PAPER

if TYPE_CHECKING:
    from journeymap.document import SourceDocument
    from journeymap.render import RenderRun
    from journeymap.workspace import Workspace

KIND_FOLDERS = {
    "journey": "journeys",
    "persona": "personas",
    "messaging": "messaging",
    "backlog": "backlog",
}
KIND_HEADINGS = {
    "journey": "Journey maps",
    "persona": "Personas",
    "messaging": "Messaging",
    "backlog": "Backlog",
}


@dataclass(slots=True)
class Entry:
    """One document's line in the index and where its page goes."""

    kind: str
    id: str
    title: str
    page: PurePosixPath
    """Relative to the output folder, with forward slashes (it is also the link)."""
    summary: str
    source: str
    findings: int
    severities: dict[str, int]


@dataclass(slots=True)
class Group:
    """The entries of one workspace, by kind, and its files that could not be read."""

    name: str
    prefix: PurePosixPath
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    unreadable: list[Finding] = field(default_factory=list)
    config_findings: int = 0


def render_site(
    paths: Sequence[str | Path],
    output: str | None,
    *,
    force: bool = False,
    layout: str = DEFAULT_LAYOUT,
    paper: str = DEFAULT_PAPER,
    fmt: str = "html",
) -> RenderRun:
    """Write the site of the workspaces under ``paths`` into the folder ``output``.

    ``layout`` and ``paper`` decide how the journey pages print (see ``render.paper``).
    The site is HTML; ``fmt`` is there so that ``--site -f pptx`` is refused, not ignored.
    """
    from journeymap.atomic import write_output
    from journeymap.outputs import check_targets
    from journeymap.render import RenderRun
    from journeymap.render.paper import check_layout, paper_named
    from journeymap.validate import validate_paths
    from journeymap.workspace import load_workspaces

    if fmt != "html":
        raise InputError(Finding(path="--site", message=f"writes html pages, not {fmt}"))
    if not output or output == "-":
        raise InputError(Finding(path="--site", message="needs -o DIRECTORY for the pages"))
    check_layout(layout)
    paper_named(paper)
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise InputError(Finding(path=str(out), message="is a file; --site needs a directory"))
    workspaces = load_workspaces(paths)
    _refuse_input_folders(out, paths, workspaces)
    findings = validate_paths(paths).findings
    by_file: dict[Path, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(real_path(Path(finding.path)), []).append(finding)

    groups, pages = _plan(workspaces, by_file)
    if not pages:
        raise InputError(
            Finding(
                path=", ".join(map(str, paths)), message="no journey, persona or messaging file"
            )
        )
    inputs = [path for workspace in workspaces for path in workspace.files]
    inputs += [w.config_path for w in workspaces if w.config_path is not None]
    index = out / "index.html"
    targets = [index, *(out / entry.page for entry, _, _ in pages)]
    check_targets(targets, inputs=inputs, force=force)

    contents: list[str] = [_index_html(groups, paths)]
    contents.extend(
        _page_html(entry, workspace, document, pages, layout, paper)
        for entry, workspace, document in pages
    )
    run = RenderRun()
    for target, text in zip(targets, contents, strict=True):
        write_output(target, text)
        run.written.append(target)
    return run


def _refuse_input_folders(
    out: Path, paths: Sequence[str | Path], workspaces: list[Workspace]
) -> None:
    """The site goes next to the maps, never into them: refuse input folders and workspaces."""
    resolved = out.resolve()
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    folders += [Path(p).resolve().parent for p in paths if Path(p).is_file()]
    folders += [w.config_path.parent.resolve() for w in workspaces if w.config_path is not None]
    for folder in folders:
        if resolved == folder or folder in resolved.parents:
            raise InputError(
                Finding(
                    path=str(out),
                    message=f"is inside the input folder {folder}; write the site somewhere else",
                )
            )


def _plan(
    workspaces: list[Workspace], by_file: dict[Path, list[Finding]]
) -> tuple[list[Group], list[tuple[Entry, Workspace, SourceDocument]]]:
    roots = [w.root.resolve() for w in workspaces]
    base = Path(os.path.commonpath(roots)) if len(roots) > 1 else None
    groups: list[Group] = []
    pages: list[tuple[Entry, Workspace, SourceDocument]] = []
    for workspace, root in zip(workspaces, roots, strict=True):
        prefix = PurePosixPath(root.relative_to(base).as_posix()) if base else PurePosixPath()
        group = Group(name=root.name if base is None else str(prefix), prefix=prefix)
        if workspace.config_path is not None:
            group.config_findings = len(by_file.get(workspace.config_path.resolve(), []))
        loaded = {Path(document.path).resolve() for document in workspace.documents}
        for path in workspace.files:
            resolved = real_path(path)  # a symlink loop is an unreadable file here
            if resolved not in loaded and workspace.is_target(str(path)):
                errors = sorted(by_file.get(resolved, []), key=lambda f: f.sort_key)
                if errors:
                    group.unreadable.append(errors[0])
        for document in workspace.documents:
            if document.kind not in KIND_FOLDERS:
                continue
            found = by_file.get(Path(document.path).resolve(), [])
            severities: dict[str, int] = {}
            for finding in found:
                severities[finding.severity] = severities.get(finding.severity, 0) + 1
            entry = Entry(
                kind=document.kind,
                id=document.id,
                title=_title(document),
                page=prefix / KIND_FOLDERS[document.kind] / f"{document.id}.html",
                summary=_summary(workspace, document),
                source=document.path,
                findings=len(found),
                severities=severities,
            )
            group.entries.setdefault(document.kind, []).append(entry)
            pages.append((entry, workspace, document))
        groups.append(group)
    return groups, pages


def _title(document: SourceDocument) -> str:
    model = document.model
    if isinstance(model, Journey):
        return model.title
    if isinstance(model, Persona):
        return model.name
    if isinstance(model, Messaging | Backlog):
        return model.title or model.id
    return document.id


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(workspace: Workspace, document: SourceDocument) -> str:
    """The index's one line about a document (its findings are shown beside it)."""
    model = document.model
    if isinstance(model, Journey):
        steps = [step for stage in model.stages for step in stage.steps]
        moments = sum(1 for step in steps if step.moment_of_truth)
        return " · ".join(
            (
                _plural(len(model.stages), "stage"),
                _plural(len(steps), "step"),
                _plural(moments, "moment") + " of truth",
            )
        )
    if isinstance(model, Persona):
        journeys = sum(
            1
            for d in workspace.of_kind("journey")
            if isinstance(d.model, Journey) and model.id in d.model.personas
        )
        parts = [model.role] if model.role else []
        parts += [
            _plural(len(model.segments), "marketing segment"),
            _plural(journeys, "journey map"),
        ]
        return " · ".join(parts)
    if isinstance(model, Messaging):
        vocabulary = len(model.vocabulary.personas) + len(model.vocabulary.stages)
        return " · ".join(
            (
                _plural(len(model.pillars), "pillar"),
                _plural(vocabulary, "vocabulary set"),
                _plural(len(model.brand_attributes), "brand attribute"),
            )
        )
    if isinstance(model, Backlog):
        count = len(model.opportunities)
        open_items = sum(1 for o in model.opportunities if o.status in ("planned", "in-progress"))
        done = sum(1 for o in model.opportunities if o.status == "done")
        return " · ".join(
            (
                f"{count} {'opportunity' if count == 1 else 'opportunities'}",
                f"{open_items} planned or in progress",
                f"{done} done",
            )
        )
    return ""


def _relative(target: PurePosixPath, page: PurePosixPath) -> str:
    """The link from ``page`` to ``target`` (both relative to the output folder)."""
    return PurePosixPath(os.path.relpath(str(target), str(page.parent or "."))).as_posix()


def _page_html(
    entry: Entry,
    workspace: Workspace,
    document: SourceDocument,
    pages: list[tuple[Entry, Workspace, SourceDocument]],
    layout: str,
    paper: str,
) -> str:
    from journeymap.render import document_page
    from journeymap.render.html import render_html

    links = {
        other.id: _relative(other.page, entry.page)
        for other, other_workspace, _ in pages
        if other.kind == "journey" and other_workspace is workspace
    }
    home = _relative(PurePosixPath("index.html"), entry.page)
    if entry.kind == "journey":  # employee steps, sub-journeys and the current state link
        return render_html(workspace, document, layout=layout, paper=paper, links=links, home=home)
    return document_page(workspace, document, home=home, links=links)


def _index_html(groups: list[Group], paths: Sequence[str | Path]) -> str:
    from journeymap.render.html import environment

    total = sum(len(entries) for group in groups for entries in group.entries.values())
    return (
        environment()
        .get_template("site_index.html.j2")
        .render(
            groups=groups,
            headings=KIND_HEADINGS,
            inputs=", ".join(str(path) for path in paths),
            total=total,
            version=__version__,
        )
    )
