"""Run git so that a repository can never make it fetch, prompt or run a command.

``journeymap diff HEAD~1 HEAD`` and the SARIF reporter read repositories that
someone else may have prepared: a ``.git/config`` can name a promisor remote
(a partial clone) with a missing blob and ``core.sshCommand = <anything>``, and
reading that blob would fetch it lazily and run the command. So every git run:

- cannot fetch: ``GIT_NO_LAZY_FETCH=1`` (git 2.44+) and, for every version,
  ``GIT_ALLOW_PROTOCOL`` naming no real transport (the environment variable
  wins over a repository's ``protocol.<name>.allow``) plus ``-c protocol.allow=never``;
- runs no configured helper: no fsmonitor, hooks, pager, external diff,
  ssh command, credential helper or askpass; no replace objects; a bare
  repository is only used when named explicitly;
- sees a minimal environment (``process.base_environment``): no ``GIT_DIR``,
  ``GIT_SSH_COMMAND`` or ``GIT_EXTERNAL_DIFF`` from the caller, no system
  config (``GIT_CONFIG_NOSYSTEM``); the user's own global config stays, for
  ``safe.directory``;
- has a timeout and a cap on what it may print (``process.run_bounded``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from journeymap.findings import Finding, InputError
from journeymap.process import ProcessError, base_environment, run_bounded

TIMEOUT = 60
"""Seconds any one git command may take."""
MAX_OUTPUT = 256 * 1024 * 1024
"""Bytes any one git command may print (a tree listing of a huge monorepo fits)."""

ENVIRONMENT = {
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_ALLOW_PROTOCOL": "journeymap-fetches-nothing",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
}
OPTIONS = (
    "--no-pager",
    "--no-replace-objects",
    "-c",
    "protocol.allow=never",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.sshCommand=false",
    "-c",
    "core.askPass=",
    "-c",
    "credential.helper=",
    "-c",
    "diff.external=",
    "-c",
    "core.pager=cat",
    "-c",
    "safe.bareRepository=explicit",
)


def _error(message: str) -> InputError:
    return InputError(Finding(path="git", message=message))


def run_git(
    args: Sequence[str],
    *,
    cwd: Path,
    stdin: bytes | None = None,
    max_output: int = MAX_OUTPUT,
) -> bytes:
    """git's stdout; ``InputError`` with git's last error line when it fails."""
    try:
        completed = run_bounded(
            ["git", *OPTIONS, *args],
            cwd=cwd,
            stdin=stdin,
            timeout=TIMEOUT,
            max_output=max_output,
            env=base_environment(ENVIRONMENT),
        )
    except ProcessError as error:
        if error.reason == "missing":
            raise _error("git is not installed; it is needed to read revisions") from None
        raise _error(f"git {args[0]}: {error}") from None
    if completed.returncode != 0:
        line = completed.first_error_line(f"git {args[0]} failed")
        if "promisor remote" in line or "lazy fetch" in line:
            line = (
                "an object is missing from this partial clone, and journeymap never "
                "fetches: run `git fetch` (or check the revision out) first"
            )
        raise _error(line)
    return completed.stdout


def toplevel(cwd: Path) -> Path | None:
    """The root of the git work tree around ``cwd``, or None outside git (or without git)."""
    try:
        output = run_git(["rev-parse", "--show-toplevel"], cwd=cwd, max_output=64 * 1024)
    except InputError:
        return None
    text = output.decode("utf-8", "surrogateescape").strip()
    return Path(text) if text else None
