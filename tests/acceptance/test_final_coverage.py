"""The 决算 catalog coverage table in docs/final-accounts.md agrees with rules/final.

The catalog (../shared/research/final-accounts.md §6) numbers its checks FA-001 … FA-130; the
table between the `fa-coverage` markers lists each once, with the rules of `rules/final/` that
implement it (FA-NNN and its variants FA-NNN-k) or, when none does, why not. The status and the
rule list are computed here from the rule files, so the table cannot drift: a rule added, renamed
or removed fails this test until `python -m tests.acceptance.test_final_coverage` rewrites the
table (it keeps the check names and the reasons already written; a newly uncovered check gets a
reason to fill in, which the test refuses).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "final-accounts.md"
RULES = ROOT / "rules" / "final"
CATALOG = [f"FA-{number:03d}" for number in range(1, 131)]
_TABLE = re.compile(r"(<!-- fa-coverage:begin -->\n)(.*?)(<!-- fa-coverage:end -->)", re.S)
_RULE = re.compile(r"^rule (FA-\d{3})(-\d+)?\b", re.M)
_TO_WRITE = "(why not: to write)"
HEADER = "| catalog ID | check | status | rules, or why not |\n|---|---|---|---|\n"


def implemented() -> dict[str, list[str]]:
    """Catalog ID -> the rule IDs of rules/final that implement it, in natural order."""
    found: dict[str, list[str]] = {}
    for path in sorted(RULES.glob("*.rule")):
        for match in _RULE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), []).append(match.group(1) + (match.group(2) or ""))
    return {key: sorted(set(ids), key=lambda rule: [int(part) for part in rule[3:].split("-")]) for key, ids in found.items()}


def table_rows() -> list[list[str]]:
    table = _TABLE.search(DOC.read_text(encoding="utf-8"))
    assert table, "docs/final-accounts.md has no fa-coverage table"
    rows = []
    for line in table.group(2).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"FA-\d{3}", cells[0]):
            rows.append(cells)
    return rows


def expected_rows(rows: list[list[str]]) -> list[list[str]]:
    """The table as the rule files say it should be: names and reasons kept from `rows`."""
    names = {row[0]: row[1] for row in rows if len(row) >= 2}
    reasons = {row[0]: row[3] for row in rows if len(row) >= 4 and row[2] == "not implemented"}
    rules = implemented()
    result = []
    for catalog_id in CATALOG:
        if catalog_id in rules:
            result.append([catalog_id, names.get(catalog_id, ""), "implemented", ", ".join(rules[catalog_id])])
        else:
            result.append([catalog_id, names.get(catalog_id, ""), "not implemented", reasons.get(catalog_id, _TO_WRITE)])
    return result


def test_every_catalog_check_is_listed_once_with_its_rules_or_why_not():
    rows = table_rows()
    assert [row[0] for row in rows] == CATALOG, "the table must list FA-001 … FA-130 once each, in order"
    want = expected_rows(rows)
    differ = [f"{got} != {wanted}" for got, wanted in zip(rows, want) if got[:4] != wanted]
    assert not differ, "coverage table out of date (python -m tests.acceptance.test_final_coverage):\n" + "\n".join(
        differ
    )
    unexplained = [row[0] for row in rows if row[2] == "not implemented" and row[3] in ("", _TO_WRITE)]
    assert not unexplained, f"say why these are not implemented: {unexplained}"


def test_no_rule_claims_an_id_outside_the_catalog():
    assert set(implemented()) <= set(CATALOG)


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    rows = expected_rows(table_rows() if _TABLE.search(text) else [])
    body = HEADER + "".join(f"| {' | '.join(row)} |\n" for row in rows)
    DOC.write_text(_TABLE.sub(lambda match: match.group(1) + body + match.group(3), text), encoding="utf-8")
    done = sum(row[2] == "implemented" for row in rows)
    print(f"wrote the coverage table: {done} of {len(rows)} catalog checks implemented")
