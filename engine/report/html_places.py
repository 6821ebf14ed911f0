"""Cited places -> what the HTML report embeds to show them: text windows and rendered PDF pages.

An auditor verifies a finding by looking at what it cites. For a text document that is the cited
line with a few lines around it and the cited characters marked; for a PDF it is the page, drawn
as an image, with the cited box outlined on it. Only what is cited is embedded, read when the
report is written (in the process that checked the document): one window per run of nearby cited
lines, one image per cited page, so a report stays small however long its documents are.

A place that cannot be shown (the file is gone, the PDF cannot be opened, pypdfium2 is missing)
becomes a `missing` place with its reason: the report still lists the finding and its citation.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from engine.errors import ReadError
from engine.model import Citation
from engine.read import DEFAULT_MAX_BYTES, read_source

CONTEXT_LINES = 3  # shown above and below a cited line
MAX_LINE_CHARS = 2000  # a longer line is cut: a window should not carry a whole one-line file
PAGE_SCALE = 1.5  # rendered pixels per PDF point (108 dpi): 9-point Chinese text stays legible
MAX_PAGE_PIXELS = 1400  # the longer side of a page image, whatever its paper size
JPEG_QUALITY = 70  # a rendered A4 page is ~100-200 KB


class Places:
    """The places one document's citations point to: `places` (JSON-ready), `images` (data URIs),
    and for each citation given, in order, where it is in them (`locations`)."""

    def __init__(self) -> None:
        self.places: list[dict] = []
        self.images: list[str] = []
        self.locations: list[dict] = []

    def add(self, place: dict) -> int:
        self.places.append(place)
        return len(self.places) - 1


def locate(path: str, citations: Sequence[Citation]) -> Places:
    """Where each citation points, with the windows and pages that show them. A bundle's citations
    name the file of its parts they cite: each file is read for its own places, which then say
    which file they show (`path`, only when it is not the document's)."""
    places = Places()
    by_file: dict[str, list[int]] = {}
    for index, citation in enumerate(citations):
        by_file.setdefault(citation.path or path, []).append(index)
    located: list[dict] = [{} for _ in citations]
    for file, indexes in by_file.items():
        first = len(places.places)
        cited = [citations[index] for index in indexes]
        for index, location in zip(indexes, _locate_in(file, cited, places)):
            located[index] = location
        if file != path:
            for place in places.places[first:]:
                place["path"] = file
    places.locations = located
    return places


def _locate_in(path: str, citations: Sequence[Citation], places: Places) -> list[dict]:
    on_pages = [citation for citation in citations if citation.page is not None]
    numbers = sorted({citation.page for citation in on_pages if citation.page is not None})  # each has one
    pages = _pdf_pages(path, numbers, places) if on_pages else {}
    in_text = [citation for citation in citations if citation.page is None]
    windows = _text_windows(path, sorted({citation.line for citation in in_text}), places) if in_text else {}
    return [
        _on_page(citation, pages[citation.page]) if citation.page is not None
        else _in_text(citation, windows[citation.line])
        for citation in citations
    ]


# --- text ------------------------------------------------------------------------------------

Window = tuple[int, int, list[str]]  # place index, number of its first line, its lines


def _text_windows(path: str, lines: list[int], places: Places) -> dict[int, Window]:
    """Each cited line -> the window showing it; nearby cited lines share one."""
    try:
        text = read_source(Path(path), path, DEFAULT_MAX_BYTES).text.split("\n")
    except (ReadError, OSError) as error:
        index = places.add({"kind": "missing", "reason": f"the source text could not be read again: {_reason(error)}"})
        return {line: (index, 1, []) for line in lines}
    found: dict[int, Window] = {}
    for first, last, cited in _runs(lines, len(text)):
        window = [_clipped(line) for line in text[first - 1:last]]
        index = places.add({"kind": "text", "first": first, "lines": window})
        for line in cited:
            found[line] = (index, first, window)
    return found


def _runs(lines: list[int], total: int) -> list[tuple[int, int, list[int]]]:
    """(first, last, cited lines) of windows of CONTEXT_LINES around each cited line, overlapping ones merged."""
    runs: list[tuple[int, int, list[int]]] = []
    for line in lines:
        first, last = max(1, line - CONTEXT_LINES), min(max(total, line), line + CONTEXT_LINES)
        if runs and first <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], last), runs[-1][2] + [line])
        else:
            runs.append((first, last, [line]))
    return runs


def _clipped(line: str) -> str:
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + "…"


def _in_text(citation: Citation, window: Window) -> dict:
    index, first, lines = window
    offset = citation.line - first
    if not 0 <= offset < len(lines):
        return {"place": index}
    return {"place": index, "line": citation.line, "mark": _mark(citation, lines[offset])}


def _mark(citation: Citation, line: str) -> list[int]:
    """The cited characters of `line` as [start, end) in UTF-16 units (how JavaScript indexes text):
    the citation's span where it has both ends, else its quote found from the span's start (a
    heading is cited from column 1, its quote without the markup), else the rest of the line."""
    start = min(max(citation.span[0] - 1, 0), len(line)) if citation.span is not None else 0
    if citation.span is not None and citation.span[1] is not None:
        end = min(max(citation.span[1] - 1, start), len(line))
    elif citation.quote and citation.quote in line[start:]:
        start = line.index(citation.quote, start)
        end = start + len(citation.quote)
    else:
        end = len(line)
    return [_utf16(line, start), _utf16(line, end)]


def _utf16(text: str, index: int) -> int:
    """`index` (in code points) counted in UTF-16 units: characters beyond the BMP take two."""
    prefix = text[:index]
    if prefix.isascii() or max(prefix) <= "\uffff":
        return index
    return index + sum(1 for character in prefix if character > "\uffff")


# --- PDF pages -------------------------------------------------------------------------------


def _pdf_pages(path: str, pages: list[int], places: Places) -> dict[int, int]:
    """Each cited page -> the place showing it, the page rendered once whatever cites it."""
    try:
        rendered = _render_pages(path, pages)
    except Exception as error:  # pypdfium2 missing or a PDF it cannot open: the finding is still shown
        index = places.add({"kind": "missing", "reason": f"the PDF page could not be rendered: {_reason(error)}"})
        return {page: index for page in pages}
    found = {}
    for page, (width, height, pixels, image) in rendered.items():
        if image is None:
            found[page] = places.add({"kind": "missing", "reason": f"the document has no page {page}"})
            continue
        places.images.append(image)
        found[page] = places.add({"kind": "page", "page": page, "image": len(places.images) - 1,
                                  "width": round(width, 2), "height": round(height, 2), "pixels": pixels})
    return found


def _render_pages(path: str, pages: list[int]) -> dict[int, tuple[float, float, int, Optional[str]]]:
    """page -> (width, height in points, the image's width in pixels, the page as a JPEG data URI,
    or None if there is no such page).
    pypdfium2 is imported here: a run over text documents never needs it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        rendered: dict[int, tuple[float, float, int, Optional[str]]] = {}
        for number in pages:
            if not 1 <= number <= len(document):
                rendered[number] = (0.0, 0.0, 0, None)
                continue
            page = document[number - 1]
            width, height = page.get_size()
            scale = min(PAGE_SCALE, MAX_PAGE_PIXELS / max(width, height, 1))
            image = page.render(scale=scale).to_pil().convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
            data = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            rendered[number] = (width, height, image.width, data)
            page.close()
        return rendered
    finally:
        document.close()


def _on_page(citation: Citation, index: int) -> dict:
    location: dict = {"place": index}
    if citation.bbox is not None:
        location["box"] = [round(float(value), 2) for value in citation.bbox]  # float-ok: PDF points
    return location


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or error or type(error).__name__).splitlines()[0]
