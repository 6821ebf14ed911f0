"""The function and operator reference (docs/functions.md), generated from the registry.

The README links to it instead of keeping a hand-written list that drifts; a test fails when the
file differs from what this prints. Regenerate with
`python3 -m engine.language.builtins.reference docs/functions.md`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.language.builtins.catalog import BUILTINS
from engine.language.builtins.operators import ARITHMETIC, COMPARISONS, LOGIC
from engine.language.builtins.registry import Registry

_GROUPS = {
    "figures": "Figures",
    "tables": "Tables and rows",
    "text": "Text",
    "document": "The document",
    "definitions": "Definitions by name",
}
_KINDS = """Parameter kinds: `figure` (a table reference reads its cell, a statement its stated amount),
`text` (a cell, a label, a printed figure), `table` (a table reference), `rows` (table rows),
`statement` (bound by `for each statement s`), `pattern` (a quoted regular expression, checked at
load), `any` (the value as computed; the function itself decides about missing values). A call
whose argument is missing is not applicable, and one whose argument is an error is an error,
before the function runs; `[…]` marks an optional parameter, `, …` one that may repeat."""


def render_reference(registry: Registry = BUILTINS) -> str:
    lines = ["# Functions and operators", "",
             "Generated from the registry (`engine/language/builtins/`) by",
             "`python3 -m engine.language.builtins.reference docs/functions.md`; a test fails when it is out of date.",
             "", _KINDS, "", "## Operators", "", "| operator | meaning |", "|---|---|"]
    for operator, (_, meaning) in ARITHMETIC.items():
        lines.append(f"| `{operator}` | {meaning} |")
    for operator, meaning in COMPARISONS.items():
        lines.append(f"| `{operator}` | {meaning} |")
    for operator, meaning in LOGIC.items():
        lines.append(f"| `{operator}` | {meaning} |")
    lines += ["", "Aggregates fold over table rows: `sum|count|all|any|min|max(EXPR for r in T where COND)`."]
    by_group: dict[str, list] = {}
    for builtin in registry:
        by_group.setdefault(builtin.group, []).append(builtin)
    for group, title in _GROUPS.items():
        if group not in by_group:
            continue
        lines += ["", f"## {title}", ""]
        for builtin in by_group[group]:
            lines += [f"### `{builtin.signature()}`", "", builtin.doc, "", f"Example: `{builtin.example}`", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    text = render_reference()
    if target is None:
        sys.stdout.write(text)
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
