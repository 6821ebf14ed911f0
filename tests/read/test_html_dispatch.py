"""Web pages are read by content, whatever their name: `read_source` sends HTML to read_html, and
folder walks take .html/.htm files (issue 20: one 重庆 disclosure is a web page saved as `.pdf`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.batch.run import check_inputs, collect_inputs
from engine.language.rulebook import load_rulebook
from engine.read import read_source
from engine.read.html import looks_like_html
from engine.vocabulary import default_vocabulary

PAGE = Path(__file__).resolve().parent / "data" / "budget_page.html"
REAL_PDF = Path(__file__).resolve().parents[3] / "shared" / "real-pdf"


@pytest.fixture(scope="module")
def shipped():
    vocabulary = default_vocabulary()
    return load_rulebook([], vocabulary), vocabulary


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.pdf", "page.txt", "page"])
def test_a_web_page_is_read_as_html_whatever_its_name(tmp_path, name):
    path = tmp_path / name
    shutil.copy(PAGE, path)
    source = read_source(path, name)
    assert source.encoding == "utf-8" and source.positions is None
    lines = source.text.splitlines()
    assert lines[0] == "某市某局2025年部门预算情况说明"  # the navigation before the title is left out
    assert "301\t工资福利支出\t493.65\t493.65\t" in lines
    assert "<" not in source.text


def test_a_folder_walk_checks_html_pages_and_finds_their_table_errors(tmp_path, shipped):
    rulebook, vocabulary = shipped
    for name in ("a.html", "b.htm", "c.pdf"):
        shutil.copy(PAGE, tmp_path / name)
    (tmp_path / "d.xyz").write_bytes(PAGE.read_bytes())  # an unknown name, HTML content: still read
    (tmp_path / "e.xyz").write_bytes(b"\x00\x01binary")
    inputs = collect_inputs([str(tmp_path)])
    assert [(Path(item.display).name, item.unsupported is None) for item in inputs] == [
        ("a.html", True), ("b.htm", True), ("c.pdf", True), ("d.xyz", True), ("e.xyz", False)]
    results = list(check_inputs(inputs, rulebook, vocabulary))
    for result in results[:4]:
        assert result.status == "checked"
        # 合计 公用经费 139.16 against 301 + 302 = 140.16: the page's table was read with its spans
        sums = [finding for finding in result.findings if finding.rule == "BUD-A05" and finding.severity == "error"]
        assert sums and all(citation.line is not None for finding in sums for citation in finding.citations)
    assert results[4].status == "unsupported"


def test_the_real_chongqing_web_page_named_pdf_is_read_as_html(shipped):
    if not REAL_PDF.is_dir():
        pytest.skip(f"the real published files are not on this host ({REAL_PDF})")
    pages = [path for path in sorted((REAL_PDF / "budget" / "重庆").glob("*")) if path.is_file()
             and path.suffix.lower() == ".pdf" and looks_like_html(path.read_bytes()[:2048])]
    if not pages:
        pytest.skip("no web page saved as .pdf under budget/重庆")
    rulebook, vocabulary = shipped
    (result,) = check_inputs(collect_inputs([str(pages[0])]), rulebook, vocabulary)
    assert result.status == "checked", result.error
    assert result.coverage.statements >= 20  # the 情况说明's figures, read from the page's text
    source = read_source(pages[0], pages[0].name)
    assert source.positions is None and "重庆" in source.text.splitlines()[0]
