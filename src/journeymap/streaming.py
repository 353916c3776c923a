"""Big validate runs checked in batches, so that memory stays flat as a workspace grows.

A full run used to keep every file's model and text alive until the references
and the lint rules had run: about 120 KiB for an 18 KB map, 658 MiB for 5,000
maps. A streamed run needs every file's ``Summary`` first (what other files may
refer to, as a pre-commit run uses it; see ``journeymap.summary``). It takes it
from the summary cache when the file is unchanged since a run that cached it, and
then reads the file only when its batch comes (``Unread``). Otherwise it reads the
file, summarises it and keeps the loaded file compressed: a file the fast path read
as its plain data (about 5 KiB for an 18 KB map, validated again when its batch
comes, see ``Plain``), any other one pickled. It then checks the files a batch
at a time: each batch is a partial workspace, as in a pre-commit run, whose own
files are loaded in full and whose other files are summaries, so it reports for
its files exactly what a full run reports for them. Only findings outlive a batch.

What a summary cannot answer is loaded in full next to the batch: the
current-state journey that a future-state map is compared with (JM602). A
workspace with a kind that summaries do not cover is loaded whole, as before.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial

from pydantic import ValidationError

from journeymap.document import (
    AnyDocument,
    LoadResult,
    SourceDocument,
    validate_loaded,
)
from journeymap.findings import Finding, InputError
from journeymap.journey_links import Journeys, journeys_of
from journeymap.loader import LoadedYaml, load_yaml
from journeymap.parallel import Task, load_task, load_tasks
from journeymap.references import breaks_a_link
from journeymap.summary import (
    SUMMARISED_KINDS,
    Summary,
    SummaryCache,
    Totals,
    says_the_same,
    summarise,
)
from journeymap.textfile import read_text
from journeymap.workspace import STREAM_FILES, Workspace, add_result, add_summary, error_kind

Progress = Callable[[int, int], None]
Check = Callable[[Workspace], list[Finding]]


@dataclass(frozen=True, slots=True)
class Plain:
    """A file that the fast path read, kept as its plain YAML data (the JSON that
    ``LoadedYaml.plain_json`` made, compressed, see ``_codec``: about 5 KiB for an
    18 KB map).

    Unpacking validates the JSON again, which rebuilds exactly the document of the
    first read (the same data through the same model, which reads JSON as it reads
    the data; its findings are kept), for a fraction of the CPU of pickling the
    validated models and their text and reading them back: pydantic pickles model
    by model in Python. The text is not kept: it is
    read again from the file, which must be unchanged (same length and hash), else
    the file is loaded again as it is now, as if it had changed just before it was read.
    """

    task: Task
    data: bytes
    size: int
    digest: int
    model: type[AnyDocument]
    findings: list[Finding]
    kind: str | None


@dataclass(frozen=True, slots=True)
class Unread:
    """A file whose summary came from the cache: read when its batch comes, so that a
    run over unchanged files reads each of them in full once, as a whole run does."""

    task: Task


Stash = Plain | Unread | bytes | LoadResult
"""A file kept for later: its plain data (``Plain``), or pickled and compressed
(read by libyaml), or as it is when it holds no document (only findings) or cannot be
pickled (then it costs what it did before), or not read yet (``Unread``)."""


def load_keeping(task: Task) -> tuple[LoadResult, bytes | None]:
    """``load_document`` of a task, with the plain data of a whole document that the fast
    path read (as the JSON that ``LoadedYaml.release()`` keeps). A partial document
    (schema errors pruned parts of it) is pickled instead: pruning works on the data."""
    path, limits, display, known = task
    try:
        loaded = load_yaml(path, limits, display=display)
    except InputError as error:
        return LoadResult(display, None, [error.finding]), None
    result = validate_loaded(loaded, known)
    whole = result.document is not None and not result.document.partial
    return result, loaded.plain_json() if whole else None


def stash(result: LoadResult, task: Task | None = None, plain: bytes | None = None) -> Stash:
    """``result`` packed: as ``Plain`` when ``plain`` holds its data, else pickled and
    compressed (alive a map takes ~120 KiB, packed ~8 KiB)."""
    if result.document is None:
        return result
    compress = _codec()[0]
    text = result.document.source.text
    if task is not None and plain is not None and text is not None:
        model = type(result.document.model)
        data = compress(plain)
        return Plain(task, data, len(text), hash(text), model, result.findings, result.kind)
    try:
        return compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return result


def unstash(kept: Stash) -> LoadResult:
    if isinstance(kept, LoadResult):
        return kept
    if isinstance(kept, Unread):
        return load_task(kept.task)
    if isinstance(kept, Plain):
        path, limits, display, _ = kept.task
        try:
            text = read_text(path, display, limits)
        except InputError:
            text = None
        if text is None or len(text) != kept.size or hash(text) != kept.digest:
            return load_task(kept.task)  # changed since
        plain = _codec()[1](kept.data)
        try:
            model = kept.model.model_validate_json(plain)
        except ValidationError:  # a type JSON reads otherwise (tests/test_validate_json.py)
            return load_task(kept.task)
        document = SourceDocument(display, model, LoadedYaml.released(display, text, limits, plain))
        return LoadResult(display, document, kept.findings, kept.kind)
    result = pickle.loads(_codec()[1](kept))
    assert isinstance(result, LoadResult)
    return result


@cache
def _codec() -> tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]:
    """(compress, decompress) for kept files: LZ4's block format when the ``fast`` extra
    installed it, else zlib's fastest level. On an 18 KB map's plain data LZ4 takes
    0.03 ms to compress and 0.02 ms to decompress against zlib's 0.21 and 0.07 ms,
    and keeps 5.4 KiB against 4.1 KiB."""
    try:
        import lz4.block
    except ImportError:
        return partial(zlib.compress, level=1), zlib.decompress
    return lz4.block.compress, lz4.block.decompress


@dataclass(slots=True)
class Entry:
    """One file of a streamed workspace."""

    summary: Summary
    kept: Stash | None
    """None once its batch is checked and no other batch can need it."""
    task: Task
    plain: bytes | None
    """The file's plain data until it is packed (see ``load_keeping``)."""

    def pack(self) -> None:
        """Keep the file packed from now on (it is out of the batch being read)."""
        if isinstance(self.kept, LoadResult):
            self.kept = stash(self.kept, self.task, self.plain)
        self.plain = None


def check_streamed(
    workspace: Workspace, check: Check, progress: Progress | None = None, jobs: int = 1
) -> tuple[list[Finding], int]:
    """(findings, documents loaded) of ``check`` run over ``workspace.pending``.

    ``check(part)`` returns the findings of a workspace for its targets. The
    workspace's own findings (config, unlisted and outside files) are reported
    once, here. The last batch's files stay alive from loading to checking and
    are checked first: they are never packed. A file whose summary the cache holds
    (``SummaryCache``, as pre-commit runs keep it) is not read until its batch comes;
    it is then summarised again, and a cached summary that differs (a cache edited
    or planted, or a file changed during the run) makes the run start again without
    the cache, and rewrite it: the cache saves time, it never decides a finding.
    """
    tasks, workspace.pending = workspace.pending, []
    # Files named without a journeymap.yaml have no workspace to keep a cache in.
    cache = None
    if workspace.config_path is not None:
        cache = SummaryCache(workspace.root, workspace.config.limits)
    try:
        return _check_streamed(workspace, tasks, check, progress, jobs, cache)
    except _CachedSummaryDiffers:
        assert cache is not None
        cache.forget()
        return _check_streamed(workspace, tasks, check, progress, jobs, cache)


class _CachedSummaryDiffers(Exception):
    """A cached summary the run used does not say what its file says."""


def _check_streamed(
    workspace: Workspace,
    tasks: list[Task],
    check: Check,
    progress: Progress | None,
    jobs: int,
    cache: SummaryCache | None,
) -> tuple[list[Finding], int]:
    plan = [cache.lookup(task[0]) if cache else ("", None, None) for task in tasks]
    to_read = [task for task, (_, _, summary) in zip(tasks, plan, strict=True) if summary is None]
    results = load_tasks(to_read, jobs, load_keeping)
    entries: list[Entry] = []
    documents: set[tuple[str, str]] = set()  # what a whole run adds (not a duplicate id)
    items = iter(zip(tasks, plan, strict=True))
    for done, (task, (key, digest, summary)) in enumerate(items, start=1):
        if progress is not None:
            progress(done, len(tasks))
        kept: Stash
        plain = None
        if summary is None:
            kept, plain = next(results)
            summary = summarise(kept)
            if cache is not None:
                cache.put(key, digest, summary)
        else:
            kept, summary.path = Unread(task), task[2]
        if summary.kind is not None and summary.kind not in SUMMARISED_KINDS:
            for entry in entries:
                add_result(workspace, unstash(entry.kept))  # type: ignore[arg-type]
            add_result(workspace, unstash(kept))
            for rest, (_, _, cached) in items:
                add_result(workspace, load_task(rest) if cached else next(results)[0])
            return check(workspace), len(workspace.documents)
        if summary.id is not None:
            documents.add((summary.kind or "", summary.id))
        entries.append(Entry(summary, kept, task, plain))
        if len(entries) > STREAM_FILES:  # out of the last batch: packed
            entries[-STREAM_FILES - 1].pack()
    findings = [f for f in workspace.findings if workspace.is_target(f.path)]
    # A future-state map is checked with its current state in full, from any batch:
    # then every file stays kept (packed) to the end, else it goes once checked.
    first: dict[tuple[str, str], int] = {}
    if any(entry.summary.state == "future" for entry in entries):
        for index, entry in enumerate(entries):
            if entry.summary.kind == "journey" and entry.summary.id is not None:
                first.setdefault((entry.summary.kind, entry.summary.id), index)
    own = {entry.summary.path for entry in entries}
    shared = Shared.of(entries)
    for number, batch in enumerate(_batches(len(entries))):
        part = _part(workspace, entries, batch, first, shared)
        # A part reports on its own files (not on a current state loaded next to a
        # future one), and only what the whole workspace reports on (``check``'s rule).
        # Files that are no batch's own (the data files, read by every batch, with the
        # same rows judged against the same ids) are reported from the first batch.
        findings.extend(
            f
            for f in check(part)
            if (f.path in part.targets or (number == 0 and f.path not in own))
            and (workspace.is_target(f.path) or breaks_a_link(f))
        )
        del part  # before the next batch is built
        for index in batch:
            if not first:
                entries[index].kept = entries[index].plain = None
            else:
                entries[index].pack()
    if cache is not None:
        cache.save({key for key, _, _ in plan if key})  # when the kept files are gone
    return findings, len(documents)


def _batches(count: int) -> list[range]:
    """Batches of files from the end, the last batch (still alive) first."""
    return [range(max(0, end - STREAM_FILES), end) for end in range(count, 0, -STREAM_FILES)]


@dataclass(slots=True)
class Shared:
    """What the partial workspaces of a run's batches share, made once for the run.

    Together, a batch's loaded files and its summarised ones are always the same
    files: the first of each id, in file order. Their ids (``Totals``) and journeys
    (``journey_links.Journeys``) are the same for every batch, and a batch whose files
    hold no duplicated id takes the others' summaries as they are, so that building and
    checking a batch costs what its own files cost, not what the workspace holds.
    """

    firsts: list[tuple[int, Summary]]
    """(entry, summary) of the first file of each id, in file order."""
    duplicated: set[tuple[str, str]]
    """Ids that more than one file holds (a batch with one of them is built file by file)."""
    failed_kinds: set[str]
    errors: set[int]
    """Entries with an error."""
    totals: Totals
    journeys: Journeys

    @classmethod
    def of(cls, entries: list[Entry]) -> Shared:
        firsts: list[tuple[int, Summary]] = []
        seen: set[tuple[str, str]] = set()
        duplicated: set[tuple[str, str]] = set()
        failed: set[str] = set()
        for index, entry in enumerate(entries):
            summary = entry.summary
            if summary.id is None:
                failed.add(summary.kind or "*")
            elif (key := (summary.kind or "", summary.id)) in seen:
                duplicated.add(key)
            else:
                seen.add(key)
                firsts.append((index, summary))
        errors = {index for index, entry in enumerate(entries) if entry.summary.errors}
        summaries = [summary for _, summary in firsts]
        return cls(
            firsts, duplicated, failed, errors, Totals.of(summaries), journeys_of((), summaries)
        )

    def holds_a_duplicate(self, entries: list[Entry], indexes: Iterable[int]) -> bool:
        if not self.duplicated:
            return False
        for index in indexes:
            summary = entries[index].summary
            if (summary.kind or "", summary.id) in self.duplicated:
                return True
        return False


def _part(
    parent: Workspace,
    entries: list[Entry],
    batch: range,
    first: dict[tuple[str, str], int],
    shared: Shared,
) -> Workspace:
    """The partial workspace of a batch of files: every file of the batch is its target
    (a file the run does not report on may still break a link, see ``breaks_a_link``)."""
    full = {index: unstash(entries[index].kept) for index in batch}  # type: ignore[arg-type]
    for index in batch:
        base = first.get(("journey", _compared_with(full[index]) or ""))
        if base is not None and base not in full:
            full[base] = unstash(entries[base].kept)  # type: ignore[arg-type]
    for index, result in full.items():
        entry = entries[index]
        if isinstance(entry.kept, Unread) and not says_the_same(entry.summary, summarise(result)):
            raise _CachedSummaryDiffers
    part = Workspace(
        root=parent.root,
        config=parent.config,
        config_path=parent.config_path,
        files=parent.files,
        targets={entries[index].summary.path for index in batch},
        everything=False,
        failed_kinds=set(parent.failed_kinds),
    )
    if any(finding.severity == "error" for finding in parent.findings):
        part.error_kinds.add("*")  # outside any file: the config, say
    if shared.holds_a_duplicate(entries, full):
        # Which file holds an id first, and which one is told so, depends on the order
        # the files come in: as in a whole run, one by one.
        for index, entry in enumerate(entries):
            result = full.get(index)
            if result is None:
                add_summary(part, entry.summary)
            else:
                add_result(part, result)
        return part
    # No file of the batch shares an id: the others are the firsts not loaded here
    # (what ``add_summary`` keeps of them), and the batch's files are added as they come.
    part.others = [summary for index, summary in shared.firsts if index not in full]
    part.other_index = {(s.kind or "", s.id): s for s in part.others}  # type: ignore[misc]
    part.failed_kinds |= shared.failed_kinds
    if shared.duplicated:
        part.error_kinds.add("*")
    part.error_kinds.update(error_kind(entries[i].summary) for i in shared.errors if i not in full)
    for index in sorted(full):
        add_result(part, full[index])
    part.totals, part.links = shared.totals, shared.journeys
    return part


def _compared_with(result: LoadResult) -> str | None:
    """The journey that a future-state map is compared with in full (JM602), if any."""
    model = result.document.model if result.document is not None else None
    if getattr(model, "state", None) != "future":
        return None
    based_on = getattr(model, "based_on", None)
    return based_on if isinstance(based_on, str) else None
