"""What other files contribute when only a few files are checked (pre-commit).

pre-commit passes the changed files, but their references point at personas,
stages and teams all over the workspace. Loading every map to check one costs
seconds and hundreds of MiB in a 5,000-map workspace, so each file that is not
being checked is reduced to a ``Summary``: its kind and id, whether it loaded
without errors, and the ids other files may refer to. Summaries are cached under
``.journeymap/cache`` keyed by the file's content hash, so a pre-commit run reads
and hashes the other files but parses only the changed ones. A summary is taken
from a full load, so a cached run reports exactly what a full run reports for the
checked files.

A summary holds what the checks of other files read, and no more: a journey's
personas, stages and links; a backlog's opportunities as the journeys' side sees
them (status, addresses, evidence, metric); and a journey's *details*, the ids
that backlog references and data scopes land on (stage, step, insight and metric
ids, with the few metric values JM505 compares). Details are only read when a
backlog is checked or data is configured, so they are cached apart, in shards
that a run reads on first use: a workspace without a backlog pays nothing for
them, and a changed map rewrites one small shard. Lists of ids are kept as one
space-separated string, which JSON reads several times faster than a list of
strings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from journeymap import __version__
from journeymap.document import LoadResult
from journeymap.findings import InputError
from journeymap.journey_links import dropped
from journeymap.links import OpportunityLinks, metric_facts
from journeymap.model.backlog import Backlog
from journeymap.model.config import Limits
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.textfile import read_bytes

CACHE_DIR = Path(".journeymap") / "cache"
CACHE_FORMAT = 5
"""Bumped whenever what a summary holds changes: a cache of another format is ignored
(read again from the files), never misread (5: messaging files' stage references,
journeys that end at the sale)."""
SUMMARISED_KINDS = frozenset({"journey", "persona", "messaging", "backlog"})
"""Kinds whose cross-file ids a summary holds. A workspace with any other kind is
loaded in full, so a new kind can never be checked against missing ids."""


@dataclass(slots=True)
class Summary:
    """One file as other files see it."""

    path: str
    kind: str | None
    """None when the file could not be read far enough to know its kind."""
    id: str | None = None
    """None when the document did not validate (it then holds no usable ids)."""
    errors: bool = False
    """Whether loading it found an error (cross-file rules then stay quiet)."""
    personas: list[str] = field(default_factory=list)
    """A journey's personas; for messaging, the personas its vocabulary is for."""
    stages: list[str] = field(default_factory=list)
    """A journey's stage ids; for messaging, the stages its vocabulary and brand actions
    name (renaming a stage breaks them)."""
    audience: str = "customer"
    state: str = "current"
    steps: list[str] | None = field(default_factory=list)
    """An employee journey's step ids (customer steps link to them with ``employee_step``);
    None when schema errors pruned steps or stages."""
    lost_stages: bool = False
    """Schema errors pruned stages, so ``stages`` is incomplete (references to stages
    are then not judged, as in a full run)."""
    sub_journeys: list[str] = field(default_factory=list)
    """The journeys that a journey's steps zoom into (``journey:``), for the cycle check."""
    employee_links: list[str] = field(default_factory=list)
    """A journey's ``employee_step`` references."""
    based_on: str | None = None
    """A future-state journey's ``based_on``."""
    ends_at_sale: bool = False
    """A whole journey without a stage past the sale: JM101 reports it unless another
    journey zooms into it (a partial one is not judged by JM101)."""
    opportunities: list[list[Any]] = field(default_factory=list)
    """A backlog's opportunities, each as ``OpportunityLinks.summary()``."""
    file: str = ""
    """The file (absolute), to name it when ``path`` was not computed."""
    targets: str = ""
    """Detail: a journey's stage and step ids (where backlog ``addresses`` and data
    scopes land)."""
    insights: str = ""
    """Detail: a journey's insight ids (backlog ``evidence``)."""
    metrics: list[list[Any]] = field(default_factory=list)
    """Detail: a journey's metrics, each as its ``links.METRIC_FACTS`` values, in file order."""
    source: tuple[SummaryCache, str, str] | None = field(default=None, repr=False, compare=False)
    """Where the details are when they are not filled in yet: (cache, key, content hash)."""
    facts: object = field(default=None, repr=False, compare=False)
    """``journey_links.JourneyFacts`` of a journey, once asked for (not cached on disk)."""
    landing: object = field(default=None, repr=False, compare=False)
    """``links.SummarisedJourney`` of a journey, or the ``links.OpportunityLinks`` of a
    backlog's opportunities, once asked for (a streamed run asks for every batch)."""

    def details(self) -> Summary:
        """This summary with its details filled in (read from the cache on first use)."""
        if self.source is not None:
            cache, key, digest = self.source
            self.source = None
            cache.fill(self, key, digest)
        return self


@dataclass(slots=True)
class Totals:
    """The ids that a workspace's loaded and summarised files hold together, from the
    summaries of all of them.

    The batches of a streamed run differ only in which files are loaded in full and
    which are summarised: together they are always the same files (the first of each
    id), so what they hold together is made once for the run, not once per batch."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    """Document ids by kind."""
    stage_ids: set[str] = field(default_factory=set)
    used_personas: set[str] = field(default_factory=set)
    """The personas of every journey."""
    lost_stages: bool = False
    """Whether schema errors pruned a stage of some journey."""

    @classmethod
    def of(cls, summaries: Iterable[Summary]) -> Totals:
        """The totals of these files' summaries (one per id: the first in file order)."""
        totals = cls()
        for summary in summaries:
            if summary.id is None:
                continue
            totals.ids.setdefault(summary.kind or "", set()).add(summary.id)
            if summary.kind == "journey":
                totals.stage_ids.update(summary.stages)
                totals.used_personas.update(summary.personas)
                totals.lost_stages |= summary.lost_stages
        return totals


DETAILS = ("targets", "insights", "metrics")
RUN_ONLY = ("path", "file", "source", "facts", "landing")
STORED = tuple(f.name for f in fields(Summary) if f.name not in {*RUN_ONLY, *DETAILS})
"""What the main cache file keeps of a summary: where a file is and what a run derives
from it depend on the run, not on its content, and the details go to their own files."""


def says_the_same(cached: Summary, fresh: Summary) -> bool:
    """Whether a cached summary holds what summarising its file now gives (its details
    read first): a full run reads every file in the end and checks each cached summary
    it used against it, so a cache that lies can cost it time, never a finding."""
    cached.details()
    return all(getattr(cached, name) == getattr(fresh, name) for name in (*STORED, *DETAILS))


def summarise(result: LoadResult) -> Summary:
    """The summary of a fully loaded file."""
    errors = any(finding.severity == "error" for finding in result.findings)
    document = result.document
    if document is None:
        return Summary(result.path, result.kind, errors=errors)
    model = document.model
    summary = Summary(result.path, document.kind, document.id, errors)
    if isinstance(model, Journey):
        # A partial journey (schema errors pruned parts of it) is summarised as a full
        # run sees its model, with what was pruned noted as references.py asks for it.
        summary.personas = list(model.personas)
        summary.stages = [stage.id for stage in model.stages]
        summary.lost_stages = dropped(document, "stages")
        summary.audience, summary.state = model.audience, model.state
        steps = [step for _, _, _, step in model.iter_steps()]
        if dropped(document, "steps", "stages"):
            summary.steps = None
        else:
            summary.steps = [step.id for step in steps] if model.audience == "employee" else []
        summary.sub_journeys = [step.journey for step in steps if step.journey is not None]
        summary.based_on = model.based_on
        summary.ends_at_sale = document.pruning is None and not model.goes_past_sale()
        summary.employee_links = [s.employee_step for s in steps if s.employee_step is not None]
        summary.targets = " ".join([*summary.stages, *(step.id for step in steps)])
        stages = model.stages
        summary.insights = " ".join(item.id for stage in stages for item in stage.insights)
        summary.metrics = [metric_facts(item) for stage in stages for item in stage.metrics]
    elif isinstance(model, Messaging):
        summary.personas = list(model.vocabulary.personas)
        actions = (action for item in model.brand_attributes for action in item.actions)
        named = [*model.vocabulary.stages, *(a.stage for a in actions if a.stage is not None)]
        summary.stages = list(dict.fromkeys(named))
    elif isinstance(model, Backlog):
        summary.opportunities = [OpportunityLinks.of(o).summary() for o in model.opportunities]
    return summary


DETAIL_SHARDS = 32
"""Details are spread over this many files by path, so a run that summarises one
changed map rewrites one small shard, not the details of the whole workspace."""


class SummaryCache:
    """Summaries by content hash, in JSON files per workspace; never fails a run.

    As in git's index, a file whose size and modification time are unchanged is
    taken as unchanged without reading it; otherwise its content hash decides.
    ``summaries.json`` holds what every partial run reads; the details (see the
    module's docstring) are in ``details/NN.json``, each read on first use.
    """

    def __init__(self, root: Path, limits: Limits) -> None:
        self.prefix = str(root).rstrip(os.sep) + os.sep
        self.path = root / CACHE_DIR / "summaries.json"
        self.details_dir = root / CACHE_DIR / "details"
        # A summary depends on the loader, the models and the limits.
        self.salt = f"{CACHE_FORMAT}:{__version__}:{limits.model_dump_json()}"
        self.limits = limits
        self.entries: dict[str, list[object]] = self._read(self.path)
        """key -> [digest, summary, size, mtime]"""
        self.changed = False
        self.shards: dict[int, dict[str, list[object]]] = {}
        """Details read so far: shard -> key -> [digest, details]."""
        self.new_details: dict[str, list[object]] = {}

    def forget(self) -> None:
        """Start from nothing, once a cached summary was found to differ from its file:
        every file is hashed and summarised again, and the whole cache rewritten."""
        self.entries = {}
        self.shards = {number: {} for number in range(DETAIL_SHARDS)}
        self.new_details = {}
        self.changed = True

    def _read(self, path: Path) -> dict[str, list[object]]:
        try:
            text = path.read_text(encoding="utf-8")
            import json  # here, not at the top: a run without a cache need not import it

            stored = json.loads(text)
            if stored.get("salt") == self.salt and isinstance(stored["files"], dict):
                return stored["files"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return {}

    def key(self, path: Path) -> str:
        """A file's name in the cache: its path from the workspace's root, with ``/``
        ("" for a file outside the root, which is never cached)."""
        name = str(path)
        return name[len(self.prefix) :].replace(os.sep, "/") if name.startswith(self.prefix) else ""

    def lookup(
        self, path: Path, *, read: bool = True
    ) -> tuple[str, tuple[str, int, int] | None, Summary | None]:
        """(cache key, content digest, cached summary or None) of a file; ``read=False``
        only names and hashes it (a file checked in full, summarised anew)."""
        key = self.key(path)
        digest = self.digest(key, path) if key else None
        return key, digest, self.get(key, digest, path) if read else None

    def digest(self, key: str, path: Path) -> tuple[str, int, int] | None:
        """(content hash, size, mtime) of a file, or None when it cannot be read."""
        try:
            stat = path.stat()
            entry = self.entries.get(key)
            if entry is not None and entry[2:4] == [stat.st_size, stat.st_mtime_ns]:
                return str(entry[0]), stat.st_size, stat.st_mtime_ns
            data = read_bytes(path, key, self.limits)
        except (OSError, TypeError, ValueError, InputError):
            return None  # loaded in full instead, which reports why it cannot be read
        import hashlib  # here, not at the top: OpenSSL's bindings cost a plain run 7 ms

        return hashlib.blake2b(data, digest_size=16).hexdigest(), stat.st_size, stat.st_mtime_ns

    def get(self, key: str, digest: tuple[str, int, int] | None, file: Path) -> Summary | None:
        """The cached summary of an unchanged file (its display path left empty, its
        details read when first asked for)."""
        entry = self.entries.get(key)
        if digest is None or entry is None or entry[0] != digest[0]:
            return None
        if entry[2:4] != list(digest[1:]):  # same content, touched: remember the new stat
            self.entries[key] = [*entry[:2], *digest[1:]]
            self.changed = True
        try:
            summary = Summary(**{**entry[1], "path": "", "file": str(file)})  # type: ignore[dict-item]
        except TypeError:
            return None
        if summary.kind == "journey" and summary.id is not None:
            summary.source = (self, key, digest[0])
        return summary

    def put(self, key: str, digest: tuple[str, int, int] | None, summary: Summary) -> None:
        if digest is None or not key:
            return
        stored = {name: getattr(summary, name) for name in STORED}
        entry = [digest[0], stored, digest[1], digest[2]]
        before = self.entries.get(key)
        if before == entry:
            return
        self.entries[key] = entry
        self.changed = True
        if before is not None and before[:2] == entry[:2]:
            return  # touched, not changed: its details are stored already
        if summary.kind == "journey" and summary.id is not None:
            self.new_details[key] = [digest[0], [getattr(summary, name) for name in DETAILS]]

    def fill(self, summary: Summary, key: str, digest: str) -> None:
        """Fill in a cached summary's details: from its shard, or, when that has none
        for this content (deleted, not writable), from loading the file again."""
        entry = self.new_details.get(key) or self._shard(_shard_of(key)).get(key)
        if entry is not None and entry[0] == digest and isinstance(entry[1], list):
            summary.targets, summary.insights, summary.metrics = entry[1]  # type: ignore[misc]
            return
        from journeymap.document import load_document

        fresh = summarise(load_document(Path(summary.file), self.limits, display=key))
        summary.targets, summary.insights, summary.metrics = (
            fresh.targets,
            fresh.insights,
            fresh.metrics,
        )

    def _shard(self, number: int) -> dict[str, list[object]]:
        found = self.shards.get(number)
        if found is None:
            found = self.shards[number] = self._read(self.details_dir / f"{number:02d}.json")
        return found

    def save(self, keep: set[str]) -> None:
        """Write the cache (entries of files still in the workspace) if anything changed."""
        stale = set(self.entries) - keep
        if self.changed or stale:
            files = {key: value for key, value in self.entries.items() if key in keep}
            self._write(self.path, files)
        new: dict[int, dict[str, list[object]]] = {}
        for key, value in self.new_details.items():
            new.setdefault(_shard_of(key), {})[key] = value
        changed = set(new)
        changed.update(_shard_of(key) for key in stale)  # gone from the workspace
        for number in sorted(changed):
            shard = self._shard(number)
            shard.update(new.get(number, {}))
            files = {key: value for key, value in shard.items() if key in keep}
            self._write(self.details_dir / f"{number:02d}.json", files)

    def _write(self, path: Path, files: dict[str, list[object]]) -> None:
        import json

        from journeymap.atomic import write_atomic

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Inside the cache's own folder: ``.journeymap/schemas`` (written by ``init``
            # for editors) is meant to be committed.
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, "# journeymap's cache; safe to delete\n*\n")
            write_atomic(path, json.dumps({"salt": self.salt, "files": files}), durable=False)
        except OSError:
            pass  # a read-only checkout still validates, it only stays uncached


def _shard_of(key: str) -> int:
    """The details shard of a file: stable across runs and machines (not ``hash()``)."""
    import zlib

    return zlib.crc32(key.encode()) % DETAIL_SHARDS
