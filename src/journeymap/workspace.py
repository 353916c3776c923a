"""A workspace: the documents that belong together, their config, and an index by kind + id.

Files are grouped by their nearest ``journeymap.yaml`` (searched from each file's
directory upwards, like ruff's configuration discovery; see ``journeymap.selection``). A file given on the
command line inside a configured workspace pulls in the whole workspace, so
references to personas in other files still resolve when pre-commit passes only
the changed files; findings are then reported for the given files only, except
links from other files to a persona or journey that is not there (see
``references.breaks_a_link``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.discovery import (
    CONFIG_NAME,
    discover,
    display_path,
    normalise,
    outside_target,
    resolved_dir,
)
from journeymap.document import LoadResult, SourceDocument
from journeymap.findings import DUPLICATE_ID, Finding, InputError
from journeymap.model.config import Config
from journeymap.model.journey import Journey
from journeymap.parallel import Task, load_tasks, paused_gc
from journeymap.schema_errors import Known
from journeymap.selection import (
    Selection,
    find_config,
    group_paths,
    load_config,
    outside_finding,
    selected_files,
    unique_files,
    unlisted_finding,
)
from journeymap.summary import SUMMARISED_KINDS, Summary, SummaryCache, Totals, summarise

if TYPE_CHECKING:
    from journeymap.journey_links import Journeys

STREAM_FILES = 128
"""A validate run of more files than this checks them in batches of this many
(``journeymap.streaming``); 128 maps of 18 KB are about 15 MiB alive."""


@dataclass(slots=True)
class Workspace:
    """Documents loaded from one configured (or ad-hoc) set of files."""

    root: Path
    config: Config
    config_path: Path | None = None
    documents: list[SourceDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)
    """Display paths to report on (see ``everything``)."""
    everything: bool = True
    """Whether every file is reported on (no paths, or a directory above the workspace)."""
    config_display: str | None = None
    """The config's display path: its findings are reported whatever paths were given."""
    index: dict[tuple[str, str], SourceDocument] = field(default_factory=dict)
    failed_kinds: set[str] = field(default_factory=set)
    """Kinds of the files that failed to load (``*`` when the kind is unknown): the
    ids they hold are missing, so references to those kinds cannot be judged."""
    others: list[Summary] = field(default_factory=list)
    """Files that are not checked, loaded only as summaries (``partial`` loading):
    their documents are not in ``documents``, their ids are here."""
    other_index: dict[tuple[str, str], Summary] = field(default_factory=dict)
    error_kinds: set[str] = field(default_factory=set)
    """Kinds of the files with an error whose findings are not in ``findings`` (loaded as
    summaries, or in another batch): ``*`` when the kind is unknown, the file holds a
    duplicated id, or the error is outside any file. See ``LintContext.error_kinds``."""
    duplicated: bool = False
    """Whether a summarised file holds an id that another file holds too (JM003)."""
    links: Journeys | None = None
    """``journey_links.workspace_journeys``, built once: references and lint both ask."""
    pending: list[Task] = field(default_factory=list)
    """Files left for ``journeymap.streaming`` to load and check in batches: a
    validate run of more than ``STREAM_FILES`` files does not load them whole."""
    totals: Totals | None = None
    """What ``documents`` and ``others`` hold together, when known without them (``Totals``)."""

    def complete(self, kind: str) -> bool:
        """Whether every document of ``kind`` in the workspace loaded."""
        return not ({kind, "*"} & self.failed_kinds)

    def get(self, kind: str, doc_id: str) -> SourceDocument | None:
        """The document of this kind and id, if the workspace has one."""
        return self.index.get((kind, doc_id))

    def of_kind(self, kind: str) -> list[SourceDocument]:
        """Documents of one kind, in file order."""
        return [document for document in self.documents if document.kind == kind]

    def ids(self, kind: str) -> set[str]:
        """Ids of every document of ``kind``, summarised files included."""
        if self.totals is not None:
            return set(self.totals.ids.get(kind, ()))
        found = {document.id for document in self.of_kind(kind)}
        found.update(s.id for s in self.others if s.kind == kind and s.id is not None)
        return found

    def stage_ids(self) -> set[str]:
        """Ids of the stages of every journey, summarised files included."""
        if self.totals is not None:
            return set(self.totals.stage_ids)
        found = {stage.id for d in self.of_kind("journey") for stage in _journey(d).stages}
        found.update(stage for s in self.others if s.kind == "journey" for stage in s.stages)
        return found

    def used_personas(self, audience: str | None = None) -> set[str]:
        """Personas that some journey of the workspace (of ``audience``, if given) is drawn for."""
        if self.totals is not None and audience is None:
            return set(self.totals.used_personas)
        journeys = [_journey(d) for d in self.of_kind("journey")]
        found = {p for j in journeys if audience in (None, j.audience) for p in j.personas}
        summaries = [s for s in self.others if s.kind == "journey"]
        found.update(p for s in summaries if audience in (None, s.audience) for p in s.personas)
        return found

    def known(self) -> Known:
        """The config's team and segment ids, for hints that name real ones."""
        return Known(dict(self.config.teams), dict(self.config.segments))

    def is_target(self, path: str) -> bool:
        """Whether findings in ``path`` should be reported (the config's always are)."""
        return self.everything or path in self.targets or path == self.config_display


def _journey(document: SourceDocument) -> Journey:
    assert isinstance(document.model, Journey)
    return document.model


def load_workspaces(
    paths: Sequence[str | Path] = (),
    *,
    cwd: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    partial: bool = False,
) -> list[Workspace]:
    """Load every workspace that the given paths (or the current directory) belong to.

    ``partial=True`` (validate): when only some files of a configured workspace
    are chosen, the others are loaded as summaries (see ``journeymap.summary``);
    more than ``STREAM_FILES`` files are left in ``pending`` for
    ``journeymap.streaming`` to load and check in batches.

    Paths are grouped by workspace as ``selection.group_paths`` says: ``../maps``,
    an absolute path and ``.`` select the same files, and a directory selects every
    workspace file below it, in every workspace found there (nested ones too).
    ``jobs`` is the number of processes that parse files (see ``parallel.parallel_jobs``).

    Raises ``InputError`` when a path does not exist or nothing can be found.
    """
    cwd = cwd or Path.cwd()
    if not paths:
        config = find_config(cwd)
        if config is None:
            raise InputError(
                Finding(
                    path=str(cwd),
                    message=f"no {CONFIG_NAME} here or in any parent directory; "
                    "pass files or directories, or run `journeymap init`",
                )
            )
        return [load_workspace(config, progress=progress, jobs=jobs)]
    groups = group_paths(paths)
    workspaces = [
        load_workspace(config, selection=selection, progress=progress, jobs=jobs, partial=partial)
        for config, selection in groups.items()
    ]
    if not any(workspace.everything or workspace.targets for workspace in workspaces):
        # Folders inside a workspace that hold none of its maps: "0 files checked" would
        # pass a CI job whose maps moved away.
        raise InputError(
            Finding(
                path=", ".join(map(str, paths)),
                message="no map of the workspace here: no file that `files:` lists and no "
                "YAML file with a `kind:` key (hidden folders count only when `files:` names them)",
            )
        )
    return workspaces


def load_workspace(
    config_path: Path | None,
    *,
    selection: Selection | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    partial: bool = False,
) -> Workspace:
    """Load the files of one configured workspace, or the selected files without a config.

    A configured workspace loads its members (``files:`` minus ``exclude:``), every
    other YAML file with a top-level ``kind:`` that is not excluded (named in a
    JM005 warning, and validated so its errors count), and the files named on the
    command line. ``progress(done, total)`` is called after each file.
    """
    selection = selection or Selection()
    chosen_paths: set[Path] = set()
    if config_path is None:
        workspace = Workspace(root=Path.cwd(), config=Config())
        files, named = unique_files([], selection.files)
        boundaries = selection.boundaries
        workspace.targets = {display_path(path) for path in files}
    else:
        config_path = normalise(config_path)
        root = config_path.parent
        workspace = Workspace(root=root, config=Config(), config_path=config_path)
        workspace.config_display = display_path(config_path)
        workspace.config, workspace.findings, loaded = load_config(config_path)
        members, unlisted = discover(root, workspace.config)
        files, named = unique_files([*members, *unlisted], selection.files)
        unlisted = [path for path in unlisted if path in set(files)]
        boundaries = dict.fromkeys(files, root)
        if unlisted:
            workspace.findings.append(
                unlisted_finding(root, workspace.config_display, unlisted, loaded)
            )
        chosen = selected_files(files, named, selection.dirs, root)
        if chosen is not None:
            workspace.targets = {display_path(path) for path in chosen}
            workspace.everything = False
            chosen_paths = set(chosen)
    workspace.files = files
    # Partial loading names the other files only when it has to (display paths cost
    # a few system calls each, which adds up over thousands of files).
    lazy = partial and config_path is not None and not workspace.everything
    known = workspace.known()
    tasks: list[Task] = []
    for path in files:
        outside = outside_target(path, resolved_dir(boundaries[path]))
        if outside is None:
            shown = "" if lazy and path not in chosen_paths else display_path(path)
            tasks.append((path, workspace.config.limits, shown, known))
            continue
        workspace.findings.append(outside_finding(path, outside, boundaries[path]))
        workspace.failed_kinds.add("*")
    if lazy:
        with paused_gc():
            if _load_partial(workspace, tasks, jobs, progress):
                return workspace
        tasks = [(path, lim, shown or display_path(path), ids) for path, lim, shown, ids in tasks]
    if partial and len(tasks) > STREAM_FILES:
        workspace.pending = tasks
        return workspace
    with paused_gc():
        for done, result in enumerate(load_tasks(tasks, jobs), start=1):
            if progress is not None:
                progress(done, len(tasks))
            add_result(workspace, result)
    return workspace


def add_result(workspace: Workspace, result: LoadResult) -> None:
    """Count a loaded file in: its findings, and its document or its failed kind."""
    workspace.findings.extend(result.findings)
    if result.document is not None:
        _add(workspace, result.document)
    else:
        workspace.failed_kinds.add(result.kind or "*")


def substitute(workspace: Workspace, result: LoadResult) -> None:
    """Let a document read from elsewhere take the place of the workspace's document with
    the same kind and id, so that it is checked with the workspace's references: the
    document piped to ``validate -``, or the text ``import`` is about to write."""
    workspace.findings.extend(result.findings)
    if result.document is None:
        workspace.failed_kinds.add(result.kind or "*")
        return
    key = (result.document.kind, result.document.id)
    replaced = workspace.index.pop(key, None)
    workspace.documents = [d for d in workspace.documents if d is not replaced]
    workspace.index[key] = result.document
    workspace.documents.append(result.document)
    workspace.links = None  # built from the documents: ``import`` substitutes twice


def _load_partial(
    workspace: Workspace,
    tasks: list[Task],
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> bool:
    """Load the target files in full and the others as (cached) summaries.

    Files are taken in the same order as a full load, so the first of two
    documents with one id is the same. Returns False, with the workspace as it
    was, when some file has a kind that summaries do not cover, or links to a
    persona or journey that is not there: the caller then loads everything.
    """
    cache = SummaryCache(workspace.root, workspace.config.limits)
    plan: list[tuple[str, tuple[str, int, int] | None, Summary | None]] = []
    to_load = []
    for task in tasks:
        path, _, display, _ = task
        key, digest, summary = cache.lookup(path, read=not display)
        plan.append((key, digest, summary))
        if summary is None:
            to_load.append((path, task[1], display or display_path(path), task[3]))
    findings, failed = len(workspace.findings), set(workspace.failed_kinds)
    loaded = iter(load_tasks(to_load, jobs))
    for done, (task, (key, digest, summary)) in enumerate(zip(tasks, plan, strict=True), 1):
        if progress is not None:
            progress(done, len(tasks))
        if summary is None:
            result = next(loaded)
            if task[2] or not key:  # a target (or a file the cache cannot name)
                kind = result.document.kind if result.document is not None else result.kind
                if (kind is not None and kind not in SUMMARISED_KINDS) or _compares(result):
                    break
                add_result(workspace, result)
                cache.put(key, digest, summarise(result))  # for the next run's other files
                continue
            summary = summarise(result)
            cache.put(key, digest, summary)
        if summary.kind is not None and summary.kind not in SUMMARISED_KINDS:
            break
        add_summary(workspace, summary)
    else:
        cache.save({key for key, _, _ in plan if key})
        from journeymap.journey_links import dangling_links

        if not dangling_links(workspace):
            return True
        # Another file links to a persona or journey that is gone: load it to locate that.
    del workspace.findings[findings:]
    workspace.documents.clear()
    workspace.index.clear()
    workspace.others.clear()
    workspace.other_index.clear()
    workspace.error_kinds.clear()
    workspace.duplicated = False
    workspace.failed_kinds = failed
    return False


def _compares(result: LoadResult) -> bool:
    """Whether a checked file is a future state, which lint compares with the whole
    current-state journey it is based on: a summary of that journey is not enough."""
    model = result.document.model if result.document is not None else None
    return getattr(model, "state", None) == "future"


def add_summary(workspace: Workspace, summary: Summary) -> None:
    """Count a summarised file in, as ``_add`` does for a loaded one."""
    if summary.errors:
        workspace.error_kinds.add(error_kind(summary))
    if summary.id is None:
        workspace.failed_kinds.add(summary.kind or "*")
        return
    key = (summary.kind or "", summary.id)
    if key in workspace.index or key in workspace.other_index:
        workspace.error_kinds.add("*")  # JM003 in a full load, as in ``LintContext``
        workspace.duplicated = True
        if key in workspace.index:  # a checked file holds the id first
            other = summary.path or display_path(Path(summary.file))
            _name_the_first(workspace, workspace.index[key], other)
        return
    workspace.other_index[key] = summary
    workspace.others.append(summary)


def error_kind(summary: Summary) -> str:
    """The kind a summarised file with an error counts as: a full run knows the kind of a
    file with a document (a partial one), and not of a file left without one."""
    return summary.kind or "*" if summary.id is not None else "*"


def _add(workspace: Workspace, document: SourceDocument) -> None:
    key = (document.kind, document.id)
    first: SourceDocument | Summary | None = workspace.index.get(key) or workspace.other_index.get(
        key
    )
    if isinstance(first, Summary) and not first.path:
        first.path = display_path(Path(first.file))
    if first is None:
        workspace.index[key] = document
        workspace.documents.append(document)
        return
    workspace.findings.append(_duplicate_id(document, first.path))
    if isinstance(first, SourceDocument):
        _name_the_first(workspace, first, document.path)


def _duplicate_id(document: SourceDocument, other: str) -> Finding:
    line, column = document.locate(("id",))
    return Finding(
        path=document.path,
        message=f"id: another {document.kind} already has the id {document.id!r} ({other})",
        code=DUPLICATE_ID,
        category="schema",
        line=line,
        column=column,
        hint="Each document needs its own id within the workspace.",
        pointer=("id",),
    )


def _name_the_first(workspace: Workspace, first: SourceDocument, other: str) -> None:
    """Report a duplicate id on the file that holds it first too (once): which of two
    files is the copy is not knowable, and pre-commit may check either one alone."""
    if not any(
        f.code == DUPLICATE_ID and f.path == first.path and f.pointer == ("id",)
        for f in workspace.findings
    ):
        workspace.findings.append(_duplicate_id(first, other))
