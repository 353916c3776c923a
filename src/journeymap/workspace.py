"""A workspace: the documents that belong together, their config, and an index by kind + id.

Files are grouped by their nearest ``journeymap.yaml`` (searched from each file's
directory upwards, like ruff's configuration discovery). A file given on the
command line inside a configured workspace pulls in the whole workspace, so
references to personas in other files still resolve when pre-commit passes only
the changed files; findings are then reported for the given files only.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from journeymap.document import LoadResult, SourceDocument, load_document, validate_config_data
from journeymap.findings import DUPLICATE_ID, Finding, InputError
from journeymap.loader import load_yaml
from journeymap.model.config import Config, Limits

CONFIG_NAME = "journeymap.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


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
    """Display paths to report on; empty means every file."""
    index: dict[tuple[str, str], SourceDocument] = field(default_factory=dict)
    failed_kinds: set[str] = field(default_factory=set)
    """Kinds of the files that failed to load (``*`` when the kind is unknown): the
    ids they hold are missing, so references to those kinds cannot be judged."""

    def complete(self, kind: str) -> bool:
        """Whether every document of ``kind`` in the workspace loaded."""
        return not ({kind, "*"} & self.failed_kinds)

    def get(self, kind: str, doc_id: str) -> SourceDocument | None:
        """The document of this kind and id, if the workspace has one."""
        return self.index.get((kind, doc_id))

    def of_kind(self, kind: str) -> list[SourceDocument]:
        """Documents of one kind, in file order."""
        return [document for document in self.documents if document.kind == kind]

    def is_target(self, path: str) -> bool:
        """Whether findings in ``path`` should be reported."""
        return not self.targets or path in self.targets


def display_path(path: Path) -> str:
    """Paths relative to the current directory when below it, as editors and CI expect."""
    try:
        return path.resolve().relative_to(_resolved(Path.cwd())).as_posix()
    except ValueError:
        return str(path)


@cache
def _resolved(directory: Path) -> Path:
    """The real path of a directory, resolved once instead of once per file."""
    return directory.resolve()


def find_config(start: Path) -> Path | None:
    """The nearest ``journeymap.yaml`` in ``start`` or any parent directory."""
    directory = start if start.is_dir() else start.parent
    return _config_above(_resolved(directory))


@cache
def _config_above(directory: Path) -> Path | None:
    """Cached per directory: a workspace of 1,000 files asks once per folder, not per file."""
    for candidate in [directory, *directory.parents]:
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
    return None


def load_workspaces(
    paths: Sequence[str | Path] = (),
    *,
    cwd: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> list[Workspace]:
    """Load every workspace that the given paths (or the current directory) belong to.

    ``jobs`` is the number of processes that parse files (see ``parallel_jobs``).

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
    groups: dict[Path | None, list[Path]] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise InputError(Finding(path=str(raw), message="no such file or directory"))
        for file in _expand(path):
            groups.setdefault(find_config(file), []).append(file)
    if not groups:
        raise InputError(Finding(path=", ".join(map(str, paths)), message="no YAML files found"))
    return [
        load_workspace(
            config, extra=files, targets_only=config is None, progress=progress, jobs=jobs
        )
        for config, files in groups.items()
    ]


def load_workspace(
    config_path: Path | None,
    *,
    extra: Iterable[Path] = (),
    targets_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> Workspace:
    """Load the files of one configured workspace (plus ``extra`` files).

    ``progress(done, total)`` is called after each file (for a progress bar).
    """
    extra = list(extra)
    root = config_path.parent if config_path else Path.cwd()
    workspace = Workspace(root=root, config=Config(), config_path=config_path)
    if config_path is not None:
        workspace.config, workspace.findings = load_config(config_path)
    members = [] if targets_only else list(_members(root, workspace.config))
    known = {path.resolve() for path in members}
    for path in extra:
        resolved = path.resolve()
        if resolved not in known:
            members.append(path)
            known.add(resolved)
    workspace.files = members
    shown = {path: display_path(path) for path in members}
    if extra and not targets_only:
        workspace.targets = {shown.get(path) or display_path(path) for path in extra}
    tasks = [(path, workspace.config.limits, shown[path]) for path in members]
    with paused_gc():
        for done, result in enumerate(_load_all(tasks, jobs), start=1):
            if progress is not None:
                progress(done, len(members))
            workspace.findings.extend(result.findings)
            if result.document is not None:
                _add(workspace, result.document)
            else:
                workspace.failed_kinds.add(result.kind or "*")
    return workspace


PARALLEL_MIN_FILES = 200
"""Below this many files, starting worker processes costs more than it saves."""


def parallel_jobs(requested: int, files: int) -> int:
    """How many processes to parse with: ``requested``, or with 0 one per core for big workspaces.

    Parsing YAML is most of a validate run and each file is independent, so it
    spreads over cores; measured 1.5x faster loading on two cores for 1,000 maps
    (the models travel back to the main process, which runs references and lint).
    """
    if requested > 0:
        return requested
    return (os.cpu_count() or 1) if files >= PARALLEL_MIN_FILES else 1


def _load_task(task: tuple[Path, Limits, str]) -> LoadResult:
    path, limits, display = task
    return load_document(path, limits, display=display)


def _load_all(tasks: list[tuple[Path, Limits, str]], jobs: int) -> Iterator[LoadResult]:
    """Load documents in order, in worker processes when that pays off."""
    jobs = min(parallel_jobs(jobs, len(tasks)), len(tasks))
    if jobs <= 1:
        yield from map(_load_task, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # ProcessPoolExecutor rather than multiprocessing.Pool: when a worker dies
    # (killed, out of memory) Pool waits forever, the executor raises.
    try:
        executor = ProcessPoolExecutor(jobs, mp_context=context)
    except (OSError, NotImplementedError):  # no process support here (e.g. no /dev/shm)
        yield from map(_load_task, tasks)
        return
    with executor:
        try:
            yield from executor.map(_load_task, tasks, chunksize=8)
        except BrokenProcessPool:
            raise InputError(
                Finding(
                    path=str(tasks[0][0].parent),
                    message="a worker process died while parsing files "
                    "(out of memory?); run again with --jobs 1 to see which file",
                )
            ) from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workspace is loaded or checked.

    Loading builds tens of thousands of small objects per file (models, lists,
    strings) that all live until the run ends, and none of them form cycles.
    Every full pass of the collector walks all of them again, so with it on a
    1,000-map workspace spends about a quarter of its time in the collector and
    the per-map cost grows with the workspace. It is switched back on (when it
    was on) as soon as the block ends; cyclic garbage made meanwhile is freed then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_config(path: Path) -> tuple[Config, list[Finding]]:
    """Read ``journeymap.yaml``; on error, report it and carry on with defaults."""
    try:
        loaded = load_yaml(path, display=display_path(path))
    except InputError as error:
        return Config(), [error.finding]
    config, findings = validate_config_data(loaded, Config)
    return (config if isinstance(config, Config) else Config()), findings


def _add(workspace: Workspace, document: SourceDocument) -> None:
    key = (document.kind, document.id)
    first = workspace.index.get(key)
    if first is None:
        workspace.index[key] = document
        workspace.documents.append(document)
        return
    line, column = document.locate(("id",))
    workspace.findings.append(
        Finding(
            path=document.path,
            message=f"id: another {document.kind} already has the id {document.id!r} ({first.path})",
            code=DUPLICATE_ID,
            category="schema",
            line=line,
            column=column,
            hint="Each document needs its own id within the workspace.",
            pointer=("id",),
        )
    )


def _expand(path: Path) -> Iterator[Path]:
    """A file as itself; a directory as its YAML files (nearest config decides membership)."""
    if not path.is_dir():
        yield path
        return
    config = path / CONFIG_NAME
    if config.is_file():
        yield from _members(path, load_config(config)[0])
        return
    yield from sorted(_walk(path), key=lambda p: p.as_posix())


def _members(root: Path, config: Config) -> Iterator[Path]:
    """Files under ``root`` matching the config's ``files`` globs and not its ``exclude`` globs."""
    include = [glob_regex(pattern) for pattern in config.files]
    exclude = [glob_regex(pattern) for pattern in config.exclude]
    for path in sorted(_walk(root), key=lambda p: p.as_posix()):
        relative = path.relative_to(root).as_posix()
        if any(rx.match(relative) for rx in include) and not any(
            rx.match(relative) for rx in exclude
        ):
            yield path


def _walk(root: Path) -> Iterator[Path]:
    """YAML files below ``root``; hidden directories skipped, directory symlinks not followed
    (so a symlink loop cannot trap the walk)."""
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        for name in names:
            if name.endswith(YAML_SUFFIXES) and name != CONFIG_NAME and not name.startswith("."):
                yield Path(directory) / name


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob with ``**`` into a regex over POSIX relative paths.

    Hand-written because ``glob.translate`` only arrived in Python 3.13 and
    ``fnmatch`` lets ``*`` cross directory separators.
    """
    parts = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")
