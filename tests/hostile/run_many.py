"""Run several journeymap CLI invocations in one child process (one start-up, not six).

Usage: ``run_many.py OUTDIR ARGS_JSON``: for invocation ``i`` of the JSON list of
argument lists, stdout and stderr go to ``OUTDIR/i.out`` and ``OUTDIR/i.err``
(opened like the real streams: same encoding and error handler) and the exit
code to ``OUTDIR/i.code``.
"""

import json
import sys
from pathlib import Path

from journeymap.cli import main

out_dir = Path(sys.argv[1])
real_out, real_err = sys.stdout, sys.stderr
for index, arguments in enumerate(json.loads(sys.argv[2])):
    with (
        (out_dir / f"{index}.out").open(
            "w", encoding=real_out.encoding, errors=real_out.errors
        ) as out,
        (out_dir / f"{index}.err").open(
            "w", encoding=real_err.encoding, errors=real_err.errors
        ) as err,
    ):
        sys.stdout, sys.stderr, sys.argv = out, err, ["journeymap", *arguments]
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            sys.stdout, sys.stderr = real_out, real_err
    (out_dir / f"{index}.code").write_text(str(code))
