"""Turn the OLD and NEW arguments of ``journeymap diff`` into sets of loaded documents.

An argument is a file or directory when it exists on disk (loaded like
``validate`` loads it), otherwise a git revision of the repository around the
current directory. Git is run with an argument list (never a shell), revision
names are checked against a strict pattern and then resolved with
``git rev-parse --verify --end-of-options REV^{commit}``; later commands only
ever see the resolved commit hash. So a "revision" such as ``--output=/tmp/x``
or ``HEAD;rm -rf /`` is refused before git runs with it, and cannot become an
option even if the pattern were wrong.

Files read from git go through the same loader as files on disk (size limit,
safe YAML, schema), under a display name such as ``v2025:examples/x.yaml`` so
that errors still point at ``name:line:col``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journeymap.discovery import CONFIG_NAME, YAML_SUFFIXES, glob_regex
from journeymap.document import SourceDocument, validate_config_data, validate_loaded
from journeymap.findings import Finding, InputError
from journeymap.git import run_git
from journeymap.loader import decode, parse_yaml
from journeymap.model.config import Config, Limits
from journeymap.workspace import load_workspaces

REVISION_PATTERN = re.compile(r"[A-Za-z0-9_@][A-Za-z0-9_@./{}~^+-]{0,254}")
"""Branch and tag names, hashes, ``HEAD~2``, ``main^``, ``@{u}``, ``origin/main``.

Deliberately narrower than git's own rules: no leading dash (an option), no
``..`` (ranges come only from ``--rev A..B``), no whitespace, control characters,
``:`` (``REV:path`` reads a file), shell metacharacters or glob characters.
"""
DocumentKey = tuple[str, str]


@dataclass(slots=True)
class Snapshot:
    """One side of a diff: a label for reports and the documents of each workspace.

    Workspaces are keyed by where their root sits below the compared path (``""``
    for the compared directory itself), because two workspaces may use the same
    ids (``examples/refresh/2025`` and ``examples/brightpost`` both have an
    ``it-admin`` persona). Within a workspace, documents are keyed by (kind, id).
    """

    label: str
    workspaces: dict[str, dict[DocumentKey, SourceDocument]] = field(default_factory=dict)
    files: int = 0
    inputs: list[Path] = field(default_factory=list)
    """Files read from disk (none for a git revision)."""
    data: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """The ``data:`` CSV files of each workspace: (display name, text), by scope."""
    matched: set[str] = field(default_factory=set)
    """The paths after ``--`` that name a file (or a folder of files) at this revision."""

    def add(self, scope: str, document: SourceDocument) -> None:
        documents = self.workspaces.setdefault(scope, {})
        key = (document.kind, document.id)
        if key in documents:
            raise _duplicate(document.path, key, documents[key].path)
        documents[key] = document

    def scoped(self) -> dict[str, dict[DocumentKey, SourceDocument]]:
        """Workspaces by scope; a single workspace is always scope ``""`` so that two
        directories (``2025/`` and ``2026/``) or a directory and a revision match."""
        if len(self.workspaces) == 1:
            return {"": next(iter(self.workspaces.values()))}
        return self.workspaces

    def scoped_data(self) -> dict[str, list[tuple[str, str]]]:
        """The data files by scope, matched as :meth:`scoped` matches the documents."""
        if len(self.workspaces) == 1:
            return {"": next(iter(self.data.values()), [])}
        return self.data


def _error(path: str, message: str) -> InputError:
    return InputError(Finding(path=path, message=message))


def _duplicate(path: str, key: tuple[str, str], first: str) -> InputError:
    """Documents are matched by kind + id, so one side must not hold the same one twice."""
    return _error(
        path,
        f"another {key[0]} in the same workspace already has the id {key[1]!r} ({first})",
    )


# --------------------------------------------------------------------------- arguments


def check_revision(name: str) -> str:
    """Return ``name`` when it is an acceptable revision name, else raise ``InputError``."""
    if not REVISION_PATTERN.fullmatch(name) or ".." in name:
        raise _error(
            repr(name)[1:-1] or "''",
            "not a file or directory, and not an acceptable git revision name "
            "(letters, digits and _ @ . / { } ~ ^ + -, not starting with '-', no '..')",
        )
    return name


def split_range(text: str) -> tuple[str, str]:
    """``A..B`` (``A..`` means ``A..HEAD``) into two checked revision names."""
    if text.count("..") != 1 or "..." in text:
        raise _error(text, "--rev expects a range A..B of two revisions")
    old, new = text.split("..")
    return check_revision(old), check_revision(new or "HEAD")


def load_side(argument: str, paths: Sequence[str], *, force_revision: bool = False) -> Snapshot:
    """A path on disk (unless ``force_revision``) or a git revision restricted to ``paths``."""
    if not force_revision and (Path(argument).exists() or Path(argument).is_symlink()):
        if paths:
            raise _error(
                argument,
                "paths after -- select files inside git revisions; OLD and NEW are already paths",
            )
        return load_path(argument)
    return load_revision(check_revision(argument), paths)


def load_path(argument: str) -> Snapshot:
    """Documents of a file or directory on disk; any unusable file stops the diff (exit 2)."""
    snapshot = Snapshot(label=argument)
    base = Path(argument) if Path(argument).is_dir() else Path(argument).parent
    for workspace in load_workspaces([argument]):
        errors = [f for f in workspace.findings if f.severity == "error"]
        if errors:
            raise InputError(min(errors, key=lambda finding: finding.sort_key))
        documents = workspace.documents
        if workspace.targets:
            documents = [d for d in documents if d.path in workspace.targets]
        scope = _scope(workspace.root, base)
        for document in documents:
            snapshot.add(scope, document)
        if workspace.config.data:
            from journeymap.data import read_data_texts

            snapshot.data[scope] = read_data_texts(workspace)
        snapshot.files += len(workspace.targets) or len(workspace.files)
        snapshot.inputs.extend(workspace.files)
        if workspace.config_path is not None:
            snapshot.inputs.append(workspace.config_path)
    return snapshot


# --------------------------------------------------------------------------- git


def _resolve(revision: str, cwd: Path) -> str:
    try:
        output = run_git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
            cwd=cwd,
        )
    except InputError:
        raise _error(
            revision,
            "not a file or directory, and not a commit in this git repository",
        ) from None
    return output.decode("ascii").strip()


def _toplevel(cwd: Path) -> Path:
    try:
        output = run_git(["rev-parse", "--show-toplevel"], cwd=cwd)
    except InputError:
        raise _error(
            str(cwd), "not inside a git repository, so OLD and NEW must be files or directories"
        ) from None
    return Path(output.decode("utf-8", "surrogateescape").strip())


def load_revision(revision: str, paths: Sequence[str] = (), *, cwd: Path | None = None) -> Snapshot:
    """Documents at a git revision, below ``paths`` (relative to ``cwd``; default: ``cwd``)."""
    cwd = (cwd or Path.cwd()).resolve()
    top = _toplevel(cwd).resolve()
    commit = _resolve(check_revision(revision), cwd)
    top_text, cwd_text = str(top), str(cwd)
    prefixes = [_repo_relative(top_text, cwd_text, path) for path in (paths or ["."])]
    tree = _list_tree(commit, top)
    wanted = _PrefixSet(prefixes)
    below = [name for name in tree if wanted.first_above(name) is not None]
    found = {prefix for name in below for prefix in _ancestors(name) if prefix in wanted.order}
    given = zip(paths, prefixes[: len(paths)], strict=True)  # no paths: prefixes is ["."]
    matched = {path for path, prefix in given if prefix in found}
    selected = [name for name in below if _is_document_name(name)]
    if not selected:
        shown = ", ".join(paths) or "."
        raise _error(f"{revision}:{shown}", "no YAML files at this revision")
    configs = _read_configs(commit, revision, tree, top)
    members = [name for name in selected if _is_member(name, configs)]
    limits = {name: _nearest(name, configs)[1].limits for name in members}
    blobs = _read_blobs({tree[name]: (f"{revision}:{name}", limits[name]) for name in members}, top)
    snapshot = Snapshot(label=revision, files=len(members), matched=matched)
    roots: dict[str, str] = {}
    for name in members:
        display = f"{revision}:{name}"
        raw = blobs[tree[name]]
        result = validate_loaded(parse_yaml(decode(raw, display), display, limits[name]))
        errors = [f for f in result.findings if f.severity == "error"]
        if errors or result.document is None:
            raise InputError(errors[0])
        root = _nearest(name, configs)[0]
        prefix = wanted.first_above(root) or ""
        scope = root[len(prefix) :].strip("/") if prefix else root
        snapshot.add(scope, result.document)
        roots[scope] = root
    for scope, root in roots.items():
        if root in configs and configs[root][1].data:
            snapshot.data[scope] = _read_data(revision, root, configs[root][1], tree, top)
    return snapshot


def _read_data(
    revision: str, root: str, config: Config, tree: dict[str, str], top: Path
) -> list[tuple[str, str]]:
    """The ``data:`` CSV files of one workspace at a revision, bounded like YAML files.

    A file over ``limits.max_file_size`` stops the diff as a YAML file would; one
    that is not UTF-8 is skipped (``validate`` reports it).
    """
    patterns = [glob_regex(pattern) for pattern in config.data]
    inside = f"{root}/" if root else ""
    names = [
        name
        for name in tree
        if name.startswith(inside) and any(p.match(name[len(inside) :]) for p in patterns)
    ]
    blobs = _read_blobs({tree[name]: (f"{revision}:{name}", config.limits) for name in names}, top)
    texts = []
    for name in names:
        raw = blobs[tree[name]]
        try:
            texts.append((f"{revision}:{name}", decode(raw, f"{revision}:{name}")))
        except InputError:
            continue
    return texts


def _scope(root: Path, base: Path) -> str:
    try:
        relative = root.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def _repo_relative(top: str, cwd: str, path: str) -> str:
    """``path`` (relative to ``cwd``) relative to the repository root, in POSIX form.

    Plain string operations, not ``pathlib``: tens of thousands of paths may
    follow ``--``, and this runs once per path and side.
    """
    absolute = os.path.normpath(f"{cwd}{os.sep}{path}")
    root = str(top)
    if absolute == root:
        return ""
    if not absolute.startswith(root.rstrip(os.sep) + os.sep):
        raise _error(path, "is outside the git repository")
    return absolute[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")


def _ancestors(name: str) -> list[str]:
    """``a/b/c.yaml`` → ``[a/b/c.yaml, a/b, a, ""]``: the name and every folder above it."""
    found = [name]
    while name:
        name = name.rpartition("/")[0]
        found.append(name)
    return found


class _PrefixSet:
    """The paths after ``--``, looked up by a name's ancestors: linear in the tree's size.

    Checking every tree entry against every path cost tree × paths (60,000 paths
    after ``--`` took minutes); a dictionary lookup per folder level does not.
    """

    def __init__(self, prefixes: Sequence[str]) -> None:
        self.order: dict[str, int] = {}
        for position, prefix in enumerate(prefixes):
            self.order.setdefault(prefix, position)

    def first_above(self, name: str) -> str | None:
        """The first given path (in command-line order) that is ``name`` or a folder above it."""
        found = [prefix for prefix in _ancestors(name) if prefix in self.order]
        return min(found, key=self.order.__getitem__) if found else None


def _is_document_name(name: str) -> bool:
    """As on disk: YAML files, not the config, nothing hidden."""
    parts = PurePosixPath(name).parts
    return (
        name.endswith(YAML_SUFFIXES)
        and parts[-1] != CONFIG_NAME
        and not any(part.startswith(".") for part in parts)
    )


def _list_tree(commit: str, top: Path) -> dict[str, str]:
    """Every blob of the commit: repository-relative path → object id."""
    output = run_git(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit], cwd=top)
    tree: dict[str, str] = {}
    for entry in output.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        if kind == "blob" and mode != "120000":  # symlinks are not followed, as on disk
            tree[name.decode("utf-8", "surrogateescape")] = oid
    return tree


def _read_blobs(wanted: dict[str, tuple[str, Limits]], top: Path) -> dict[str, bytes]:
    """Contents of blobs (object id → (display name, limits)), sizes checked before reading.

    ``git cat-file --batch-check`` gives every size first; a blob over its file's
    ``max_file_size`` is refused without being read, and the one ``--batch`` read
    may return no more than the announced sizes.
    """
    if not wanted:
        return {}
    request = "".join(f"{oid}\n" for oid in wanted).encode()
    sizes = run_git(
        ["cat-file", "--batch-check"], cwd=top, stdin=request, max_output=100 * len(wanted)
    )
    lines = sizes.decode("ascii", "replace").splitlines()
    if len(lines) != len(wanted):
        raise _error("git", "git cat-file answered for fewer objects than asked")
    total = 0
    for oid, line in zip(wanted, lines, strict=True):
        header = line.split(" ")
        if len(header) != 3 or header[0] != oid or header[1] != "blob":
            raise _error("git", f"cannot read object {oid}")
        display, limits = wanted[oid]
        if int(header[2]) > limits.max_file_size:
            raise _error(
                display,
                f"file is {int(header[2]):,} bytes, larger than the limit of "
                f"{limits.max_file_size:,} (raise limits.max_file_size in journeymap.yaml "
                "if this is a real map)",
            )
        total += int(header[2]) + len(line) + 2
    output = run_git(["cat-file", "--batch"], cwd=top, stdin=request, max_output=total)
    blobs: dict[str, bytes] = {}
    position = 0
    for oid in wanted:
        end = output.find(b"\n", position)
        if end < 0:
            raise _error("git", f"cannot read object {oid}")
        header = output[position:end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise _error("git", f"cannot read object {oid}")
        size = int(header[2])
        blobs[oid] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return blobs


def _read_configs(
    commit: str, revision: str, tree: dict[str, str], top: Path
) -> dict[str, tuple[str, Config]]:
    """Directory → (display name, config) for every ``journeymap.yaml`` in the commit."""
    names = [name for name in tree if PurePosixPath(name).name == CONFIG_NAME]
    # The same limits as a journeymap.yaml on disk: the defaults.
    blobs = _read_blobs({tree[name]: (f"{revision}:{name}", Limits()) for name in names}, top)
    configs: dict[str, tuple[str, Config]] = {}
    for name in names:
        display = f"{revision}:{name}"
        loaded = parse_yaml(decode(blobs[tree[name]], display), display, Limits())
        config, findings = validate_config_data(loaded, Config)
        if findings or not isinstance(config, Config):
            raise InputError(findings[0])
        directory = PurePosixPath(name).parent.as_posix()
        configs["" if directory == "." else directory] = (display, config)
    return configs


def _nearest(name: str, configs: dict[str, tuple[str, Config]]) -> tuple[str, Config]:
    """The nearest config above ``name`` (as on disk), or the defaults; returns (root, config)."""
    for directory in _ancestors(name)[1:]:
        if directory in configs:
            return directory, configs[directory][1]
    return "", Config()


def _is_member(name: str, configs: dict[str, tuple[str, Config]]) -> bool:
    """Whether the nearest config's ``files``/``exclude`` globs take this file in."""
    root, config = _nearest(name, configs)
    if root not in configs:
        return True
    relative = name[len(root) + 1 :] if root else name
    return any(glob_regex(p).match(relative) for p in config.files) and not any(
        glob_regex(p).match(relative) for p in config.exclude
    )
