"""``journeymap diff`` as a library call: arguments in, report out, exit code back.

Kept out of ``journeymap.cli`` so the command stays a table-of-contents entry: this
module splits the positional arguments, loads both sides, picks the reporter,
writes the output file (atomically, never over an input, never over an
existing file without ``force``) and applies ``--fail-on``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from journeymap.findings import Finding, InputError
from journeymap.outputs import check_targets


def _usage(message: str) -> InputError:
    return InputError(Finding(path="journeymap diff", message=message))


def run_command(
    arguments: Sequence[str],
    *,
    revision_range: str | None = None,
    fmt: str = "text",
    output: str | None = None,
    force: bool = False,
    summary: bool = False,
    fail_on: str | None = None,
    current_future: str | None = None,
    stdout: TextIO,
) -> int:
    """Run one diff and report it; returns the exit code (0 or 1; input errors raise).

    With ``current_future`` (a future-state journey's id or file), the one
    argument allowed is the workspace (default: the current directory's), and
    the future state is compared with the journey it is ``based_on``.
    """
    from journeymap.diff import run_diff
    from journeymap.diff.kinds import parse_fail_on
    from journeymap.diff.report import FORMATS, renderer

    if fmt not in FORMATS:
        raise _usage(f"--format: choose one of {', '.join(FORMATS)} (got {fmt!r})")
    try:
        selectors = parse_fail_on(fail_on)
    except ValueError as error:
        raise _usage(str(error)) from None
    target = Path(output) if output not in (None, "-") else None
    if target is not None:  # before the work: the inputs read are checked again after it
        check_targets([target], force=force)
    if current_future is not None:
        from journeymap.diff.future import load_current_future

        if revision_range is not None or len(arguments) > 1:
            raise _usage("--current-future JOURNEY takes at most one PATH (the workspace)")
        result = load_current_future(current_future, arguments[0] if arguments else None)
    elif revision_range is not None:
        result = run_diff(None, None, list(arguments), revision_range=revision_range)
    elif len(arguments) == 1 and not Path(arguments[0]).exists():
        # `diff REV` alone, like `git diff REV`: that revision against the working tree.
        result = run_diff(arguments[0], ".", [])
    elif len(arguments) < 2:
        raise _usage("give OLD and NEW (files, directories or git revisions), or --rev A..B")
    else:
        result = run_diff(arguments[0], arguments[1], list(arguments[2:]))
    if target is not None:
        _write(target, renderer(fmt)(result, summary), result.inputs)
    elif fmt == "text":
        from journeymap.diff.report.text import write

        write(result, stdout, summary_only=summary)
    else:
        stdout.write(renderer(fmt)(result, summary))
    return result.exit_code(selectors)


def _write(target: Path, text: str, inputs: Sequence[Path]) -> None:
    from journeymap.atomic import write_output

    check_targets([target], inputs=inputs, force=True)  # existing files: checked before the run
    write_output(target, text)
