"""Image-only (scanned) pages: named in the report, and no rule judges what they would hold.

A page with images and no glyph was not read. The rules see it through two built-ins: a
document whose every page is an image has no `document_kind()` (every pack's `applies when`
is then missing, with the reason), and `all_pages_read()` is missing while any page is an image,
so the completeness packs, which report parts and tables as absent, are not applicable: the
absent table may be on the page that was not read. Rules about what was read still run.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from engine.cli.commands import main
from engine.read.pdf import read_pdf_pages
from tests.properties.pdf import missing_renderer


def _image_page(document: pdfium.PdfDocument, index: int) -> None:
    """Insert at `index` an A4 page holding one grey image and no text: a scanned page."""
    page = document.new_page(595, 842, index=index)
    image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.new_native(40, 40, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((180, 180, 180, 255), 0, 0, 40, 40)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(45, 70))
    page.insert_obj(image)
    page.gen_content()


def _saved(document: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _report(tmp_path, data: bytes, *options: str) -> dict:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["--format", "json", "--verbose", "--isolated", "--no-cache", *options, str(path)])
    (document,) = json.loads(result.stdout)["documents"]
    return document


def test_a_pdf_of_images_only_is_scanned_and_every_rule_says_so(tmp_path):
    document = pdfium.PdfDocument.new()
    _image_page(document, 0)
    _image_page(document, 1)
    report = _report(tmp_path, _saved(document))
    assert report["coverage"]["pages_without_text"] == [1, 2]
    assert report["findings"] == []
    assert {rule["status"] for rule in report["rules"]} == {"not_applicable"}
    assert all("scanned" in rule["reason"] for rule in report["rules"])
    text = CliRunner().invoke(main, ["--isolated", "--no-cache", str(tmp_path / "doc.pdf")]).output
    assert "no text layer on page(s) 1, 2" in text


def test_a_blank_page_is_not_a_scanned_page():
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    _image_page(document, 1)
    pages = list(read_pdf_pages(_saved(document)))
    assert [(page.images, len(page.glyphs)) for page in pages] == [(0, 0), (1, 0)]
    from engine.read.pdf import render_pdf_bytes

    _, positions, _ = render_pdf_bytes(_saved(document))
    assert positions.pages_without_text == (2,)


@pytest.mark.skipif(missing_renderer() is not None, reason=str(missing_renderer()))
def test_absence_rules_are_not_applicable_on_a_partly_scanned_budget(tmp_path):
    from engine.testing.synth import generate_budget, render
    from engine.testing.synth.pdf import render_pdf

    rendered = render(generate_budget(random.Random(7)), "A", 7)
    whole = _report(tmp_path, render_pdf(rendered, "strokes").data)
    document = pdfium.PdfDocument(render_pdf(rendered, "strokes").data)
    _image_page(document, 2)  # a scanned page among the read ones
    partly = _report(tmp_path, _saved(document))

    assert partly["coverage"]["pages_without_text"] == [3]
    statuses = {rule["rule"]: rule for rule in partly["rules"]}
    completeness = [code for code in statuses if code.startswith("BUD-C")]
    assert completeness and all(statuses[code]["status"] == "not_applicable" for code in completeness)
    assert statuses[completeness[0]]["reason"].endswith("scanned page(s) 3: images with no text layer, what they hold was not read")
    # the rules about what was read judge it as before: the same findings, absence claims aside
    kept = lambda report: Counter((f["rule"], f["severity"], f["message"]) for f in report["findings"]  # noqa: E731
                                  if not f["rule"].startswith("BUD-C"))
    assert kept(partly) == kept(whole) and sum(kept(whole).values()) > 0
    assert any(f["rule"].startswith("BUD-C") for f in whole["findings"])  # there was an absence claim to withhold
    assert not any(f["rule"].startswith("BUD-C") for f in partly["findings"])
