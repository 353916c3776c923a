"""Rebuild ``cases.json`` from a checkout of yaml/yaml-test-suite's ``data`` branch.

    git clone -b data https://github.com/yaml/yaml-test-suite /tmp/yts
    python tests/data/yaml-test-suite/vendor.py /tmp/yts

Only what the test needs is kept: each case's name, ``in.yaml``, whether it is
an error case, and ``in.json`` where the suite has one (a stream of JSON values,
one per document). The suite is MIT licensed (see LICENSE).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cases(root: Path) -> list[dict[str, object]]:
    found = []
    for source in sorted(root.rglob("in.yaml")):
        case = source.parent
        named = case if (case / "===").exists() else case.parent
        json_file = case / "in.json"
        found.append(
            {
                "id": case.relative_to(root).as_posix(),
                "name": (named / "===").read_text(encoding="utf-8").strip(),
                "error": (case / "error").exists(),
                "yaml": source.read_text(encoding="utf-8"),
                "json": json_file.read_text(encoding="utf-8") if json_file.exists() else None,
            }
        )
    return found


if __name__ == "__main__":
    target = Path(__file__).with_name("cases.json")
    data = cases(Path(sys.argv[1]))
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data)} cases written to {target}")
