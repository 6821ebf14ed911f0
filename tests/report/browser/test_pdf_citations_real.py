"""A real PDF finding in the HTML report: its citation's outline sits on the cited glyphs.

The committed real PDFs (corpus/*.pdf) are checked end to end and reported as HTML; for the
findings that cite figures in their tables, clicking a citation must show the page with the
outline drawn where pdfplumber, an extractor independent of the pypdfium2 reader and renderer,
finds the quoted figure's characters on that page. So a wrong page, a box from another cell or a
scale or offset error in the viewer all fail here, on documents as they were published.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.commands import main
from tests.report.browser.test_html_report import open_document

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = ("101_beijing_wps_tables.pdf", "105_guangzhou_thin_polygons.pdf", "108_hangzhou_indented_rows.pdf")
FIGURE = re.compile(r"-?\d[\d,]*\.\d+")
PER_DOCUMENT = 4  # figure citations clicked in each document
ACROSS = 2.0  # pt: left and right edges of the outline against pdfplumber's characters
# vertically pdfminer (under pdfplumber) boxes a glyph by its font's ascent and descent, pdfium
# by its ink: the outline must lie within pdfplumber's box, give or take this much
DOWN = 3.0


def _report(tmp_path: Path, name: str) -> tuple[dict, Path]:
    pdf = ROOT / "corpus" / name
    runner = CliRunner()
    outputs = {}
    for output_format in ("json", "html"):
        target = tmp_path / f"{Path(name).stem}.{output_format}"
        result = runner.invoke(main, [str(pdf), "--isolated", "--no-cache", "--format", output_format, "--output", str(target)])
        assert result.exit_code in (0, 1), result.output
        outputs[output_format] = target
    (document,) = json.loads(outputs["json"].read_text(encoding="utf-8"))["documents"]
    return document, outputs["html"]


def _figure_citations(document: dict) -> list[tuple[int, int, dict]]:
    chosen = []
    for number, finding in enumerate(document["findings"]):
        for position, citation in enumerate(finding["citations"]):
            if citation.get("bbox") and FIGURE.fullmatch(citation["quote"] or ""):
                chosen.append((number, position, citation))
    return chosen[:PER_DOCUMENT]


def _matches(pdf: Path, page_number: int, quote: str) -> tuple[float, float, list[dict]]:
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber locates the quoted characters")
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[page_number - 1]
        left, top = float(page.bbox[0]), float(page.bbox[1])
        found = [{key: float(match[key]) - (left if key.startswith("x") else top) for key in ("x0", "top", "x1", "bottom")}
                 for match in page.search(quote, regex=False)]
        return float(page.width), float(page.height), found


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_real_pdf_citation_outlines_the_quoted_glyphs(name, open_report, tmp_path):
    document, html_path = _report(tmp_path, name)
    citations = _figure_citations(document)
    assert citations, f"{name}: no finding cites a figure with a box"
    report = open_report(html_path)
    open_document(report, 0, document["path"])
    page = report.page
    for finding, position, citation in citations:
        page.click(f'#findings button.cite[data-finding="{finding}"][data-cite="{position}"]')
        page.wait_for_function("() => { const i = document.querySelector('#viewer .page img'); "
                               "return i && i.complete && i.naturalWidth > 0 && document.querySelector('#viewer .box.current'); }")
        image = page.locator("#viewer .page img").bounding_box()
        box = page.locator("#viewer .box.current").bounding_box()
        width, height, matches = _matches(ROOT / "corpus" / name, citation["page"], citation["quote"])
        assert matches, f"pdfplumber finds no '{citation['quote']}' on page {citation['page']} of {name}"
        shown = {"x0": (box["x"] - image["x"]) / image["width"] * width,
                 "x1": (box["x"] + box["width"] - image["x"]) / image["width"] * width,
                 "top": (box["y"] - image["y"]) / image["height"] * height,
                 "bottom": (box["y"] + box["height"] - image["y"]) / image["height"] * height}
        nearest = min(matches, key=lambda match: sum(abs(match[key] - shown[key]) for key in shown))
        where = f"{name} p{citation['page']} '{citation['quote']}': outline {shown}, pdfplumber {nearest}"
        assert abs(nearest["x0"] - shown["x0"]) <= ACROSS and abs(nearest["x1"] - shown["x1"]) <= ACROSS, where
        assert nearest["top"] - DOWN <= shown["top"] < shown["bottom"] <= nearest["bottom"] + DOWN, where
    assert report.errors == [] and report.outside() == []
