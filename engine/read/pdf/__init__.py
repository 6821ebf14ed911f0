"""The PDF reader: a PDF file -> `Source` (text in the layout the parser reads, plus a position map).

Built on pypdfium2 (pdfium: characters with tight boxes, path objects) and our own grid-to-cells
step. Modules, in pipeline order: `page` (glyphs and ruling lines of a page), `grid` (lines ->
cells with spans), `lines` (glyphs -> lines by baseline), `layout` (a page -> narrative lines and
tables), `render` (pages -> tab-separated text and the `PositionMap`). A PDF that pdfium cannot
open is a `ReadError` with pdfium's reason, never a traceback.
"""

from __future__ import annotations

import pathlib
from collections.abc import Generator

import pypdfium2  # noqa: F401  (importing the package initialises the pdfium library)
import pypdfium2.raw as pdfium

from engine.read.pdf.layout import PageLayout, lay_out_page
from engine.read.pdf.page import PdfError, read_page
from engine.read.pdf.render import render_pages

__all__ = ["PdfError", "read_pdf_pages", "lay_out_pdf", "render_pdf", "render_pdf_bytes", "render_pdf_head"]

_ERRORS = {
    1: "unknown error",
    2: "file not found or could not be opened",
    3: "not a PDF file or corrupted",
    4: "password required or incorrect password",
    5: "unsupported security scheme",
    6: "page not found or content error",
}


def lay_out_pdf(data: bytes) -> list[PageLayout]:
    """Every page of the PDF `data`, laid out."""
    return [lay_out_page(page) for page in read_pdf_pages(data)]


def read_pdf_pages(data: bytes) -> Generator:
    """`PageContents` of each page, one at a time (a page's objects are freed before the next)."""
    document = pdfium.FPDF_LoadMemDocument64(data, len(data), None)  # `data` outlives the document
    if not document:
        code = pdfium.FPDF_GetLastError()
        raise PdfError(f"cannot open the PDF: {_ERRORS.get(code, f'pdfium error {code}')}")
    try:
        for index in range(pdfium.FPDF_GetPageCount(document)):
            yield read_page(document, index)
    finally:
        pdfium.FPDF_CloseDocument(document)


def render_pdf_bytes(data: bytes):
    """(text, PositionMap, page layouts) of the PDF `data`."""
    pages = lay_out_pdf(data)
    text, positions = render_pages(pages)
    return text, positions, pages


def render_pdf_head(data: bytes, pages: int):
    """(text, PositionMap) of the first `pages` pages of the PDF `data` (the rest is not read)."""
    read = read_pdf_pages(data)
    try:
        layouts = [lay_out_page(page) for _, page in zip(range(pages), read)]  # range first: no page too many
    finally:
        read.close()  # closes the document
    return render_pages(layouts)


def render_pdf(path: pathlib.Path):
    """(text, PositionMap, page layouts) of the PDF at `path`."""
    return render_pdf_bytes(pathlib.Path(path).read_bytes())
