"""Big validate runs checked in batches, so that memory stays flat as a workspace grows.

A full run used to keep every file's model and text alive until the references
and the lint rules had run: about 120 KiB for an 18 KB map, 658 MiB for 5,000
maps. A streamed run reads every file once and keeps two things of it: its
``Summary`` (what other files may refer to, as a pre-commit run uses it; see
``journeymap.summary``) and the loaded file itself, pickled and compressed (model
and text in about 9 KiB). It then checks the files a batch at a time: each batch
is a partial workspace, as in a pre-commit run, whose own files are loaded in
full and whose other files are summaries, so it reports for its files exactly
what a full run reports for them. Only findings outlive a batch.

What a summary cannot answer is loaded in full next to the batch: the
current-state journey that a future-state map is compared with (JM602). A
workspace with a kind that summaries do not cover is loaded whole, as before.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from journeymap.document import LoadResult
from journeymap.findings import Finding
from journeymap.summary import SUMMARISED_KINDS, Summary, summarise
from journeymap.workspace import (
    STREAM_FILES,
    Workspace,
    add_result,
    add_summary,
    load_tasks,
)

Progress = Callable[[int, int], None]
Check = Callable[[Workspace], list[Finding]]

Stash = bytes | LoadResult
"""A loaded file kept for later: pickled and compressed, or as it is when it holds no
document (only findings) or cannot be pickled (then it costs what it did before)."""


def stash(result: LoadResult) -> Stash:
    """``result`` compressed, with zlib's fastest level (a map packs in well under a
    millisecond; alive it takes ~120 KiB, packed ~9 KiB)."""
    if result.document is None:
        return result
    try:
        return zlib.compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL), 1)
    except (pickle.PicklingError, TypeError, AttributeError):
        return result


def unstash(kept: Stash) -> LoadResult:
    if isinstance(kept, LoadResult):
        return kept
    result = pickle.loads(zlib.decompress(kept))
    assert isinstance(result, LoadResult)
    return result


@dataclass(slots=True)
class Entry:
    """One file of a streamed workspace."""

    summary: Summary
    kept: Stash


def check_streamed(
    workspace: Workspace, check: Check, progress: Progress | None = None, jobs: int = 1
) -> tuple[list[Finding], int]:
    """(findings, documents loaded) of ``check`` run over ``workspace.pending``.

    ``check(part)`` returns the findings of a workspace for its targets. The
    workspace's own findings (config, unlisted and outside files) are reported
    once, here.
    """
    tasks, workspace.pending = workspace.pending, []
    entries: list[Entry] = []
    documents: set[tuple[str, str]] = set()  # what a whole run adds (not a duplicate id)
    results = load_tasks(tasks, jobs)
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, len(tasks))
        if not _streamable(result):
            for kept in [*(entry.kept for entry in entries), result]:
                add_result(workspace, unstash(kept))
            for rest in results:
                add_result(workspace, rest)
            return check(workspace), len(workspace.documents)
        if result.document is not None:
            documents.add((result.document.kind, result.document.id))
        entries.append(Entry(summarise(result), stash(result)))
    findings = [f for f in workspace.findings if workspace.is_target(f.path)]
    for part in _parts(workspace, entries):
        findings.extend(check(part))
        del part  # before the next batch is built
    return findings, len(documents)


def _streamable(result: LoadResult) -> bool:
    """Whether summaries cover the file's kind."""
    kind = result.document.kind if result.document is not None else result.kind
    return kind is None or kind in SUMMARISED_KINDS


def _parts(parent: Workspace, entries: list[Entry]) -> Iterator[Workspace]:
    """One partial workspace per batch of files that holds something to report on."""
    first: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        if entry.summary.kind is not None and entry.summary.id is not None:
            first.setdefault((entry.summary.kind, entry.summary.id), index)
    errors = any(finding.severity == "error" for finding in parent.findings)
    for start in range(0, len(entries), STREAM_FILES):
        batch = [
            index
            for index in range(start, min(start + STREAM_FILES, len(entries)))
            if parent.is_target(entries[index].summary.path)
        ]
        if not batch:
            continue
        full = {index: unstash(entries[index].kept) for index in batch}
        for index in batch:
            base = first.get(("journey", _compared_with(full[index]) or ""))
            if base is not None and base not in full:
                full[base] = unstash(entries[base].kept)
        part = Workspace(
            root=parent.root,
            config=parent.config,
            config_path=parent.config_path,
            files=parent.files,
            targets={entries[index].summary.path for index in batch},
            everything=False,
            failed_kinds=set(parent.failed_kinds),
            other_errors=errors,
        )
        for index, entry in enumerate(entries):
            result = full.get(index)
            if result is None:
                add_summary(part, entry.summary)
            else:
                add_result(part, result)
        yield part
        del part, full  # before the next batch is built


def _compared_with(result: LoadResult) -> str | None:
    """The journey that a future-state map is compared with in full (JM602), if any."""
    model = result.document.model if result.document is not None else None
    if getattr(model, "state", None) != "future":
        return None
    based_on = getattr(model, "based_on", None)
    return based_on if isinstance(based_on, str) else None
