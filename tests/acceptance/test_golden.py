"""Golden findings for every corpus document: no finding may appear or disappear unreviewed.

The expectations were worked out by reading the documents (docs/corpus-findings.md explains
each one); the golden files hold them as rule + severity + status + cited lines, and the
comparison is exact in both directions. Regenerate with `python -m tests.acceptance.regenerate`
and review the diff.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
DOCUMENTS = sorted((ROOT / "corpus").glob("*.txt"))


def current_findings() -> dict[str, list]:
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    inputs = collect_inputs([str(path) for path in DOCUMENTS])
    results = {}
    for result in check_inputs(inputs, rulebook, vocabulary):
        results[result.path] = sorted(
            [finding.rule, finding.severity, finding.status, sorted({citation.line for citation in finding.citations})]
            for finding in result.findings
        )
    return results


def _key(entry) -> str:
    return json.dumps(entry, ensure_ascii=False)


@pytest.fixture(scope="module")
def findings():
    return {Path(path).stem: value for path, value in current_findings().items()}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_corpus_document_matches_its_golden_findings(document, findings):
    golden = GOLDEN / f"{document.stem}.json"
    assert golden.exists(), f"no golden file for {document.name}: write it by hand or regenerate and review"
    expected = Counter(_key(entry) for entry in json.loads(golden.read_text(encoding="utf-8")))
    got = Counter(_key(entry) for entry in findings[document.stem])
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}"


def test_every_expected_finding_is_explained():
    explained = (ROOT / "docs" / "corpus-findings.md").read_text(encoding="utf-8")
    for golden in GOLDEN.glob("*.json"):
        for rule, *_ in json.loads(golden.read_text(encoding="utf-8")):
            assert rule in explained, f"{rule} on {golden.stem} is not explained in docs/corpus-findings.md"
