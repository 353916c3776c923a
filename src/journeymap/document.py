"""Load one file into a validated document model, collecting located findings.

Loading problems are results, not exceptions that stop a run (as in
check-jsonschema): a workspace with one broken file still reports on the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from journeymap.findings import DUPLICATE_ID, SCHEMA_ERROR, Finding, InputError
from journeymap.loader import LoadedYaml, load_yaml
from journeymap.model.backlog import Backlog
from journeymap.model.config import Limits
from journeymap.model.documents import KINDS
from journeymap.model.identity import duplicate_ids
from journeymap.model.journey import Journey
from journeymap.model.messaging import Messaging
from journeymap.model.persona import Persona
from journeymap.partial import Pruning, partial_model
from journeymap.pointers import describe
from journeymap.schema_errors import Known, schema_findings

AnyDocument = Journey | Persona | Messaging | Backlog


@dataclass(slots=True)
class SourceDocument:
    """A validated document and the file it came from (for locating findings)."""

    path: str
    model: AnyDocument
    source: LoadedYaml
    pruning: Pruning | None = None
    """Set when the file has schema errors and ``model`` is what was left after pruning
    the invalid parts (see ``partial``): references and lint still run on it."""

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def partial(self) -> bool:
        return self.pruning is not None

    def original(self, pointer: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """A pointer into the model as a pointer into the file (they differ for partial models)."""
        return pointer if self.pruning is None else self.pruning.original(pointer)

    def locate(self, pointer: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """(line, column) of a pointer into the model."""
        return self.source.locate(self.original(pointer), key=key)

    def describe(self, pointer: tuple[str | int, ...]) -> str:
        """A pointer into the model in the author's terms (``stage 'Need' › step 'a'``)."""
        return describe(self.model, pointer, self.original(pointer))


@dataclass(slots=True)
class LoadResult:
    """What loading one file produced: a document, findings, or both."""

    path: str
    document: SourceDocument | None
    findings: list[Finding]
    kind: str | None = None
    """The document's kind when it is known, even if the document failed validation."""


def load_document(
    path: str | Path,
    limits: Limits | None = None,
    *,
    display: str | None = None,
    known: Known | None = None,
) -> LoadResult:
    """Read, parse and validate one document file.

    ``known`` holds the workspace's team and segment ids, so that a hint for an
    invalid owner suggests a team that exists.
    """
    name = display or str(path)
    try:
        loaded = load_yaml(path, limits, display=name)
    except InputError as error:
        return LoadResult(name, None, [error.finding])
    return validate_loaded(loaded, known)


def validate_loaded(loaded: LoadedYaml, known: Known | None = None) -> LoadResult:
    """Validate composed YAML against the model named by its ``kind``."""
    data = loaded.data
    if not isinstance(data, dict):
        shapes = {list: "a list", type(None): "an empty document"}
        shape = shapes.get(type(data), "a single value")
        return _fail(loaded, f"the file holds {shape}; expected a mapping with a `kind:` key")
    kind = data.get("kind")
    model_class = KINDS.get(kind) if isinstance(kind, str) else None
    if model_class is None:
        kinds = ", ".join(KINDS)
        if kind is None:
            return _fail(loaded, f"missing `kind:` key; expected one of: {kinds}")
        return _fail(loaded, f"kind: must be one of: {kinds} (got {kind!r})", ("kind",))
    pruning = None
    try:
        model = model_class.model_validate(data)
    except ValidationError as error:
        findings = schema_findings(error, model_class, loaded, known)
        partial = partial_model(model_class, data, error)
        if partial is None:
            return LoadResult(loaded.path, None, findings, kind)
        partial_document, pruning = partial
        model = partial_document  # type: ignore[assignment]
    else:
        findings = []
    document = SourceDocument(loaded.path, model, loaded, pruning)
    result = LoadResult(loaded.path, document, [*findings, *_duplicate_findings(document)], kind)
    loaded.release()  # the model holds the values; positions are rebuilt if a finding needs one
    return result


def validate_config_data(
    loaded: LoadedYaml, model_class: type[BaseModel]
) -> tuple[BaseModel | None, list[Finding]]:
    """Validate a non-document file (the workspace config) against ``model_class``."""
    if not isinstance(loaded.data, dict):
        result = _fail(loaded, "expected a mapping of settings")
        return None, result.findings
    try:
        return model_class.model_validate(loaded.data), []
    except ValidationError as error:
        findings = schema_findings(error, model_class, loaded)
        partial = partial_model(model_class, loaded.data, error)
        return (partial[0] if partial else None), findings


def _fail(loaded: LoadedYaml, message: str, pointer: tuple[str | int, ...] = ()) -> LoadResult:
    line, column = loaded.locate(pointer)
    finding = Finding(
        path=loaded.path,
        message=message,
        code=SCHEMA_ERROR,
        category="schema",
        line=line,
        column=column,
        pointer=pointer,
    )
    return LoadResult(loaded.path, None, [finding])


def _duplicate_findings(document: SourceDocument) -> list[Finding]:
    findings = []
    for duplicate in duplicate_ids(document.model):
        line, column = document.locate(duplicate.pointer)
        first_line, _ = document.locate(duplicate.first)
        where = document.describe(duplicate.pointer)
        findings.append(
            Finding(
                path=document.path,
                message=f"{where}: duplicate {duplicate.scope} id "
                f"{duplicate.id!r} (first used on line {first_line})",
                code=DUPLICATE_ID,
                category="schema",
                line=line,
                column=column,
                hint="Give each item its own id; ids are how references and diffs follow items.",
                pointer=document.original(duplicate.pointer),
                where=where,
            )
        )
    return findings
