"""Refresh the outputs printed in README.md, README.zh.md and docs/tutorial.md from a fresh run.

    python3 -m tests.docs.regenerate [PAGE …]

Only outputs that no longer match are rewritten, keeping the page's `…` elisions where it can;
review `git diff` like code (a changed output is a changed promise to the reader).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("RULECHECK_RESULT_CACHE", "0")

from tests.docs.examples import PAGES, ROOT, rewrite, run_page  # noqa: E402


def main(pages: list[str]) -> int:
    for page in pages or [page for page in PAGES if (ROOT / page).exists()]:
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / "work"
            scratch.mkdir()
            outcomes = run_page(page, scratch)
            changed = [outcome for outcome in outcomes if not outcome.ok]
            if changed:
                (ROOT / page).write_text(rewrite(page, outcomes), encoding="utf-8")
            print(f"{page}: {len(outcomes)} example(s), {len(changed)} rewritten")
            for outcome in changed:
                print(f"  {page}:{outcome.block.line}: " + (f"$ {outcome.step.command}" if outcome.step else outcome.block.target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
