"""Golden findings of the committed real PDFs: rule, severity, status and the cited pages.

Unlike the text corpus, these expectations were not worked out by hand: they record what the
engine reports today on real published documents (many findings come from wording the
vocabulary does not know yet, issue 21), so that a change in the PDF reader that adds or drops
a finding is seen and reviewed. Regenerate with `python -m tests.acceptance.test_golden_pdf`.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden_pdf"
DOCUMENTS = sorted((ROOT / "corpus").glob("*.pdf"))


def current_findings() -> dict[str, list]:
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    results = {}
    for result in check_inputs(collect_inputs([str(path) for path in DOCUMENTS]), rulebook, vocabulary):
        results[Path(result.path).stem] = sorted(
            [finding.rule, finding.severity, finding.status, sorted({citation.page for citation in finding.citations})]
            for finding in result.findings
        )
    return results


@pytest.fixture(scope="module")
def findings():
    return current_findings()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_pdf_matches_its_golden_findings(document, findings):
    golden = GOLDEN / f"{document.stem}.json"
    assert golden.exists(), f"no golden file for {document.name}: regenerate and review"
    key = lambda entry: json.dumps(entry, ensure_ascii=False)  # noqa: E731
    expected = Counter(key(entry) for entry in json.loads(golden.read_text(encoding="utf-8")))
    got = Counter(key(entry) for entry in findings[document.stem])
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}"


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for stem, entries in current_findings().items():
        lines = ",\n".join(" " + json.dumps(entry, ensure_ascii=False) for entry in entries)
        (GOLDEN / f"{stem}.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")
        print(f"wrote {stem}.json ({len(entries)} findings)")
