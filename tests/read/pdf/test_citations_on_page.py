"""Every citation of a finding on a committed PDF names a page and a bbox holding its quote's glyphs."""

from collections import Counter
from pathlib import Path

import pytest

from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.read.pdf import read_pdf_pages
from engine.vocabulary import default_vocabulary

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))
SLACK = 0.5  # pt


@pytest.fixture(scope="module")
def results():
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    return {Path(result.path).name: result for result in
            check_inputs(collect_inputs([str(path) for path in PDFS]), rulebook, vocabulary)}


@pytest.mark.parametrize("path", PDFS, ids=lambda path: path.stem)
def test_cited_boxes_hold_the_quoted_glyphs(path, results):
    result = results[path.name]
    assert result.status == "checked", result.error
    pages = {page.number: page for page in read_pdf_pages(path.read_bytes())}
    checked = 0
    for finding in result.findings:
        for citation in finding.citations:
            assert citation.page is not None and citation.bbox is not None, (finding.rule, citation)
            quote = Counter(character for character in citation.quote if not character.isspace())
            if not quote:
                continue
            x0, top, x1, bottom = citation.bbox
            inside = Counter(
                glyph.text for glyph in pages[citation.page].glyphs
                if x0 - SLACK <= (glyph.x0 + glyph.x1) / 2 <= x1 + SLACK
                and top - SLACK <= (glyph.top + glyph.bottom) / 2 <= bottom + SLACK
            )
            missing = quote - inside
            if missing and citation.page + 1 in pages:  # a bbox stays on one page: the rest of a
                missing -= Counter(glyph.text for glyph in pages[citation.page + 1].glyphs)  # quote runs on
            assert not missing, f"{finding.rule} p{citation.page} {citation.bbox}: {citation.quote!r} lacks {dict(missing)}"
            checked += 1
    assert checked or not any(finding.citations for finding in result.findings)
