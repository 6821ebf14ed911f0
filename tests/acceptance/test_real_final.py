"""The two real 决算 PDFs and the Shanghai template: every error is the adjudicated one.

docs/final-accounts.md ("Real 决算 documents") lists each error finding on the real documents
with its verdict and evidence, between `real-final-errors` markers; this test reads that table and
fails when the engine's errors differ from it, so a change that adds or drops an error is seen and
re-adjudicated. It also asks that nothing crashed (every document read, no rule left unevaluated)
and that the template's placeholders are reported. Skipped when ../shared/real-pdf is absent
(set RULECHECK_REAL_PDF to another place). `python -m tests.acceptance.test_real_final` prints the
current errors as table rows, verdict and evidence left for the reader to write.
"""

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
REAL = Path(os.environ.get("RULECHECK_REAL_PDF", ROOT.parent / "shared" / "real-pdf"))
DOCUMENTS = sorted((REAL / "final").glob("*.pdf"))
TEMPLATE = REAL / "templates" / "附件2：部门决算模板.pdf"
DOC = ROOT / "docs" / "final-accounts.md"
_TABLE = re.compile(r"<!-- real-final-errors:begin -->(.*?)<!-- real-final-errors:end -->", re.S)

pytestmark = pytest.mark.skipif(not DOCUMENTS or not TEMPLATE.exists(), reason=f"no real PDFs under {REAL}")


def check(paths):
    """DocumentResult of each path, in order."""
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    return list(check_inputs(collect_inputs([str(path) for path in paths]), rulebook, vocabulary))


def error_keys(result) -> list[tuple[str, str, int]]:
    """(document file name, rule, page of the first citation: the statement) of each error."""
    name = Path(result.path).name
    keys = []
    for finding in result.findings:
        if finding.severity == "error":
            pages = [citation.page for citation in finding.citations if citation.page is not None]
            keys.append((name, finding.rule, pages[0] if pages else 0))
    return sorted(keys)


def adjudicated() -> list[tuple[str, str, int, str]]:
    """(document, rule, page, verdict) rows of the table in docs/final-accounts.md."""
    table = _TABLE.search(DOC.read_text(encoding="utf-8"))
    assert table, "docs/final-accounts.md has no real-final-errors table"
    rows = []
    for line in table.group(1).splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[2].isdigit():
            rows.append((cells[0], cells[1], int(cells[2]), cells[3]))
    return rows


@pytest.fixture(scope="module")
def results():
    return check([*DOCUMENTS, TEMPLATE])


def test_every_document_is_read_and_every_rule_evaluated(results):
    for result in results:
        assert result.status == "checked", f"{result.path}: {result.status} {result.error}"
        unevaluated = [finding.rule for finding in result.findings if finding.status == "error"]
        assert not unevaluated, f"{result.path}: rules could not be evaluated: {unevaluated}"


def test_real_errors_are_the_adjudicated_ones(results):
    got = Counter(key for result in results[:-1] for key in error_keys(result))
    expected = Counter(row[:3] for row in adjudicated())
    missing, extra = expected - got, got - expected
    assert not missing and not extra, (
        f"errors the doc lists that were not reported: {sorted(missing)}\n"
        f"errors not adjudicated in docs/final-accounts.md: {sorted(extra)}")


def test_the_template_reports_its_placeholders_once_per_sentence(results):
    template = results[-1]
    placeholders = [finding for finding in template.findings if finding.rule == "FA-022"]
    assert len(placeholders) >= 50
    assert all(finding.citations and finding.citations[0].page for finding in placeholders)
    quotes = [finding.citations[0].quote for finding in placeholders]
    assert any("XX 局" in quote or "XX局" in quote for quote in quotes)
    assert any("XXX 万元" in quote or "XXX万元" in quote for quote in quotes)
    places = Counter((finding.citations[0].line, finding.citations[0].quote) for finding in placeholders)
    assert max(places.values()) == 1, "a sentence is reported more than once"


if __name__ == "__main__":
    verdicts = {row[:3]: row[3] for row in adjudicated()}
    for result in check([*DOCUMENTS, TEMPLATE])[:-1]:
        for key in error_keys(result):
            print(f"| {key[0]} | {key[1]} | {key[2]} | {verdicts.get(key, '(not adjudicated)')} | |")
