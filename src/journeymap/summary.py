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
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from journeymap import __version__
from journeymap.document import LoadResult
from journeymap.findings import InputError
from journeymap.model.config import Limits
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.textfile import read_bytes

CACHE_DIR = Path(".journeymap") / "cache"
CACHE_FORMAT = 3
SUMMARISED_KINDS = frozenset({"journey", "persona", "messaging"})
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
    """A journey's stage ids."""
    audience: str = "customer"
    state: str = "current"
    steps: list[str] | None = field(default_factory=list)
    """An employee journey's step ids (customer steps link to them with ``employee_step``);
    None when schema errors pruned some of them."""
    sub_journeys: list[str] = field(default_factory=list)
    """The journeys that a journey's steps zoom into (``journey:``), for the cycle check."""
    employee_links: list[str] = field(default_factory=list)
    """A journey's ``employee_step`` references."""
    based_on: str | None = None
    """A future-state journey's ``based_on``."""
    file: str = ""
    """The file (absolute), to name it when ``path`` was not computed."""
    facts: object = field(default=None, repr=False, compare=False)
    """``journey_links.JourneyFacts`` of a journey, once asked for (not cached on disk)."""


def summarise(result: LoadResult) -> Summary:
    """The summary of a fully loaded file."""
    errors = any(finding.severity == "error" for finding in result.findings)
    document = result.document
    if document is None:
        return Summary(result.path, result.kind, errors=errors)
    model = document.model
    pruned = document.pruning.removed if document.pruning is not None else []
    if isinstance(model, Journey) and any(p[:1] == ("stages",) and len(p) <= 2 for p in pruned):
        # A partial journey that lost stages: its stage ids are incomplete, so it
        # counts as a file that failed to load, as it does in a full run.
        return Summary(result.path, result.kind, errors=errors)
    summary = Summary(result.path, document.kind, document.id, errors)
    if isinstance(model, Journey):
        summary.personas = list(model.personas)
        summary.stages = [stage.id for stage in model.stages]
        summary.audience, summary.state = model.audience, model.state
        steps = [step for _, _, _, step in model.iter_steps()]
        if model.audience == "employee":
            lost = any("steps" in pointer for pointer in pruned)
            summary.steps = None if lost else [step.id for step in steps]
        summary.sub_journeys = [step.journey for step in steps if step.journey is not None]
        summary.based_on = model.based_on
        summary.employee_links = [s.employee_step for s in steps if s.employee_step is not None]
    elif isinstance(model, Messaging):
        summary.personas = list(model.vocabulary.personas)
    return summary


class SummaryCache:
    """Summaries by content hash, in one JSON file per workspace; never fails a run.

    As in git's index, a file whose size and modification time are unchanged is
    taken as unchanged without reading it; otherwise its content hash decides.
    """

    def __init__(self, root: Path, limits: Limits) -> None:
        self.path = root / CACHE_DIR / "summaries.json"
        # A summary depends on the loader, the models and the limits.
        self.salt = f"{CACHE_FORMAT}:{__version__}:{limits.model_dump_json()}"
        self.limits = limits
        self.entries: dict[str, list[object]] = {}  # key -> [digest, summary, size, mtime]
        self.changed = False
        try:
            text = self.path.read_text(encoding="utf-8")
            import json  # here, not at the top: a run without a cache need not import it

            stored = json.loads(text)
            if stored.get("salt") == self.salt and isinstance(stored["files"], dict):
                self.entries = stored["files"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.entries = {}

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
        """The cached summary of an unchanged file (its display path left empty)."""
        entry = self.entries.get(key)
        if digest is None or entry is None or entry[0] != digest[0]:
            return None
        if entry[2:4] != list(digest[1:]):  # same content, touched: remember the new stat
            self.entries[key] = [*entry[:2], *digest[1:]]
            self.changed = True
        try:
            return Summary(**{**entry[1], "path": "", "file": str(file)})  # type: ignore[dict-item]
        except TypeError:
            return None

    def put(self, key: str, digest: tuple[str, int, int] | None, summary: Summary) -> None:
        if digest is None or not key:
            return
        stored = asdict(summary)
        for name in ("path", "file", "facts"):  # depend on the run, not on the content
            del stored[name]
        entry = [digest[0], stored, digest[1], digest[2]]
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the cache (entries of files still in the workspace) if anything changed."""
        stale = set(self.entries) - keep
        if not self.changed and not stale:
            return
        import json

        from journeymap.atomic import write_atomic

        files = {key: value for key, value in self.entries.items() if key in keep}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent.parent / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, "# journeymap's cache; safe to delete\n*\n")
            write_atomic(self.path, json.dumps({"salt": self.salt, "files": files}))
        except OSError:
            pass  # a read-only checkout still validates, it only stays uncached
