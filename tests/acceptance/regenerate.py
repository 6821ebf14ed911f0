"""Rewrite the golden findings of corpus/ — only after reviewing the difference like code.

    python -m tests.acceptance.regenerate

Each golden file lists, per finding, the rule, its severity and status and the cited lines.
The expected findings were first worked out by hand (docs/corpus-findings.md); this command
only saves the engine's current output in the same shape so `git diff` shows what changed.
"""

import json
from pathlib import Path

from tests.acceptance.test_golden import GOLDEN, current_findings


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path, findings in current_findings().items():
        target = GOLDEN / (Path(path).stem + ".json")
        lines = ",\n".join(" " + json.dumps(finding, ensure_ascii=False) for finding in findings)
        target.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
        print(f"wrote {target} ({len(findings)} findings)")


if __name__ == "__main__":
    main()
