"""A generated document (`Rendered`) as a PDF, drawn with reportlab the way publishers' tools draw it.

Why: departments publish PDFs, not text (issue 20). The PDF reader must give back what the text
writer wrote, so the property tests render the same budget both ways and compare the findings.

The 情况说明 is paragraphs (first line indented two characters, wrapped at the margin) under
heading lines (no indent); every table is a fully ruled grid: 附件 line and title above it, the
单位：万元 line at its right, header rows with merged cells where the text layout has header groups,
one grid row per table row, a note below. A table that does not fit goes on over continuation
pages that carry only grid rows (no title, no header), as published files do; a table wider than a
portrait page gets landscape pages. `style` picks how the grid is ruled (`pdf_grid.GRID_STYLES`).

Needs a CJK TrueType font: `cjk_font_path()` looks at $RULECHECK_CJK_FONT, then Debian's
fonts-wqy-zenhei / wqy-microhei paths, then asks fontconfig. reportlab cannot embed CFF (OpenType)
fonts such as Noto Sans CJK, so only TrueType outlines are taken.

The result carries what was drawn where (`DrawnTable`): the ground truth a reader is tested against.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Optional

from engine.record import evolve, frozen
from engine.testing.synth.pdf_grid import (
    GRID_STYLES,
    Span,
    body_spans,
    column_widths,
    edges,
    header_spans,
    is_number,
    natural_widths,
    padded,
    wrap,
)
from engine.testing.synth.writer import Rendered, TableLayout

FONT_NAME = "rulecheck-cjk"
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
PORTRAIT = (595.28, 841.89)  # A4 in points
MARGIN = 56.0
TEXT_SIZE, TEXT_LEADING = 12.0, 21.0
HEADING_SIZE, TITLE_SIZE = 13.0, 17.0
CELL_SIZE, CELL_LEADING, CELL_PADDING = 9.0, 11.5, 3.0
RULE_WIDTH = 0.6
MARKDOWN_HEADING = re.compile(r"^#+\s+")


class NoCjkFont(RuntimeError):
    """No TrueType font with Chinese glyphs was found; install fonts-wqy-zenhei or set $RULECHECK_CJK_FONT."""


@frozen
class DrawnTable:
    """One grid as drawn on one page: a table's first page, or one of its continuation pages."""

    kind: str
    page: int  # from 1
    landscape: bool
    header_rows: int  # 0 on a continuation page
    rows: tuple[tuple[str, ...], ...]  # cell texts; a merged cell's text in its first cell, blanks in the rest


@frozen
class RenderedPdf:
    data: bytes
    pages: int
    tables: tuple[DrawnTable, ...]


def cjk_font_path() -> Optional[Path]:
    """The TrueType CJK font to embed, or None when the host has none."""
    candidates = [os.environ.get("RULECHECK_CJK_FONT", ""), *KNOWN_FONTS]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":lang=zh:fontformat=TrueType", "file"], capture_output=True,
                                 text=True, check=False).stdout
        found = sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip())
        if found:
            return Path(found[0])
    return None


@lru_cache(maxsize=1)
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = cjk_font_path()
    if path is None:
        raise NoCjkFont(NoCjkFont.__doc__)
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    return FONT_NAME


def render_pdf(rendered: Rendered, style: str = "strokes") -> RenderedPdf:
    """Draw `rendered` as a PDF whose grids are ruled in `style` (one of `GRID_STYLES`)."""
    if style not in GRID_STYLES:
        raise ValueError(f"style must be one of {GRID_STYLES}, got {style!r}")
    return _Pages(_register_font(), style).document(rendered)


_GLYPH_WIDTHS: dict[str, float] = {}  # of the one registered font, at 1000 pt


class _Pages:
    """The page flow: a cursor going down the page, new pages (portrait or landscape) as needed."""

    def __init__(self, font: str, style: str):
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.pdfgen.canvas import Canvas

        self.font, self.style, self.width_of = font, style, stringWidth
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=PORTRAIT, invariant=1, pageCompression=0)
        self.page, self.landscape, self.top, self.blank_page = 1, False, MARGIN, True
        self.tables: list[DrawnTable] = []
        self.glyph_widths: dict[str, float] = _GLYPH_WIDTHS

    # ---- pages --------------------------------------------------------------------------------

    @property
    def size(self) -> tuple[float, float]:
        return (PORTRAIT[1], PORTRAIT[0]) if self.landscape else PORTRAIT

    def new_page(self, landscape: Optional[bool] = None) -> None:
        self.canvas.showPage()
        self.page += 1
        self.landscape = self.landscape if landscape is None else landscape
        self.canvas.setPageSize(self.size)
        self.top, self.blank_page = MARGIN, True

    def room(self, height: float) -> bool:
        return self.top + height <= self.size[1] - MARGIN

    def ensure(self, height: float, landscape: bool = False) -> None:
        if landscape != self.landscape:
            if self.blank_page:
                self.landscape = landscape
                self.canvas.setPageSize(self.size)
            else:
                self.new_page(landscape)
        elif not self.room(height) and not self.blank_page:
            self.new_page()

    def text(self, x: float, top: float, text: str, size: float) -> None:
        """Draw one line whose box starts at `top` (points from the page's top)."""
        self.canvas.setFont(self.font, size)
        self.canvas.drawString(x, self.size[1] - top - size * 0.88, text)
        self.blank_page = False

    def measure(self, size: float):
        """Text width at `size`, summed from cached glyph widths (reportlab's own call is ~15 µs)."""
        glyphs = self.glyph_widths

        def width(text: str) -> float:
            total = 0.0
            for character in text:
                glyph = glyphs.get(character)
                if glyph is None:
                    glyph = glyphs[character] = self.width_of(character, self.font, 1000.0)
                total += glyph
            return total * size / 1000.0

        return width

    # ---- the document ------------------------------------------------------------------------

    def document(self, rendered: Rendered) -> RenderedPdf:
        lines = rendered.text.split("\n")
        layouts = {layout.first_line: layout for layout in rendered.layouts}
        headings = set(rendered.headings)
        number = 1
        while number <= len(lines):
            if number in layouts:
                self.table(layouts[number])
                number = layouts[number].last_line + 1
                continue
            line = lines[number - 1].strip()
            if line and number in headings:
                self.heading(MARKDOWN_HEADING.sub("", line), title=number == min(headings))
            elif line:
                self.paragraph(line)
            number += 1
        self.canvas.showPage()
        self.canvas.save()
        return RenderedPdf(self.buffer.getvalue(), self.page, tuple(self.tables))

    def heading(self, text: str, title: bool) -> None:
        size = TITLE_SIZE if title else HEADING_SIZE
        self.ensure(size * 4, landscape=False)
        self.top += TEXT_LEADING * 0.4
        width = self.size[0] - 2 * MARGIN
        for line in wrap(text, width, self.measure(size)):
            self.ensure(TEXT_LEADING)
            x = (self.size[0] - self.measure(size)(line)) / 2 if title else MARGIN
            self.text(x, self.top, line, size)
            self.top += TEXT_LEADING * (1.4 if title else 1.1)

    def paragraph(self, text: str, size: float = TEXT_SIZE, leading: float = TEXT_LEADING, indent: int = 2) -> None:
        width = self.size[0] - 2 * MARGIN
        measure = self.measure(size)
        first = wrap(text, width - indent * size, measure)[0] if indent else ""
        rest = wrap(text[len(first):].lstrip(), width, measure) if len(first) < len(text) else []
        self.ensure(leading, landscape=self.landscape)
        for index, line in enumerate([first] + rest if indent else wrap(text, width, measure)):
            if not line:
                continue
            self.ensure(leading, landscape=self.landscape)
            self.text(MARGIN + (indent * size if index == 0 and indent else 0), self.top, line, size)
            self.top += leading

    # ---- tables -------------------------------------------------------------------------------

    def table(self, layout: TableLayout) -> None:
        width = max(len(row) for row in layout.header + layout.body)
        header, body = padded(layout.header, width), padded(layout.body, width)
        measure = self.measure(CELL_SIZE)
        portrait_room = PORTRAIT[0] - 2 * MARGIN
        natural = natural_widths(header[-1:] + body, measure, CELL_PADDING, CELL_SIZE * 14)
        landscape = sum(width for width, _ in natural) > portrait_room  # too wide for portrait
        widths = column_widths(natural, (PORTRAIT[1] if landscape else PORTRAIT[0]) - 2 * MARGIN)
        xs = [MARGIN]
        for value in widths:
            xs.append(xs[-1] + value)
        spans = header_spans(header) + body_spans(body, len(header))
        heights = _row_heights(spans, len(header) + len(body), xs, measure)
        annex, meta = (TEXT_LEADING * 2 if layout.annex else 0), (CELL_LEADING if layout.meta else 0)
        title_height = annex + TEXT_LEADING * 3 + meta
        self.ensure(title_height + sum(heights[: len(header) + 2]), landscape)
        self.top += TEXT_LEADING * 0.5
        if layout.annex:
            self.text(MARGIN, self.top, layout.annex, TEXT_SIZE)
            self.top += TEXT_LEADING * 1.5
        title_measure = self.measure(HEADING_SIZE)
        for line in wrap(layout.title, xs[-1] - MARGIN, title_measure):
            self.text((self.size[0] - title_measure(line)) / 2, self.top, line, HEADING_SIZE)
            self.top += TEXT_LEADING * 1.2
        if layout.meta:
            self.text(MARGIN, self.top, layout.meta, CELL_SIZE)
            self.top += CELL_LEADING * 1.3
        self.text(xs[-1] - measure(layout.unit), self.top, layout.unit, CELL_SIZE)
        self.top += CELL_LEADING * 1.4
        rows = header + body
        first, header_rows = 0, len(header)
        while first < len(rows):
            last = first + 1  # at least one row per page
            used = heights[first]
            while last < len(rows) and self.room(used + heights[last]):
                used += heights[last]
                last += 1
            self.grid(layout.kind, spans, rows, first, last, xs, heights, header_rows, landscape)
            if last < len(rows):
                self.new_page(landscape)
            first, header_rows = last, 0
        if layout.note:
            self.top += CELL_LEADING * 0.4
            self.paragraph(layout.note, CELL_SIZE, CELL_LEADING, indent=0)
        self.top += TEXT_LEADING * 0.5

    def grid(
        self,
        kind: str,
        spans,
        rows: list[list[str]],
        first: int,
        last: int,
        xs: list[float],
        heights: list[float],
        header_rows: int,
        landscape: bool,
    ) -> None:
        """Rows [first, last) of a table at the cursor: cell texts, then the ruling."""
        ys = [self.top]
        for height in heights[first:last]:
            ys.append(ys[-1] + height)
        here = [_shifted(span, first) for span in spans if first <= span.row < last]
        measure = self.measure(CELL_SIZE)
        for span in here:
            if span.text:
                self.cell_text(span, xs, ys, measure, header=span.row < header_rows)
        self.rule(here, xs, ys)
        self.top = ys[-1]
        drawn = tuple(tuple(row) for row in rows[first:last])
        self.tables.append(DrawnTable(kind, self.page, landscape, header_rows, drawn))

    def cell_text(self, span, xs: list[float], ys: list[float], measure, header: bool) -> None:
        left, right = xs[span.column], xs[span.column + span.columns]
        top, bottom = ys[span.row], ys[span.row + span.rows]
        lines = wrap(span.text, right - left - 2 * CELL_PADDING, measure)
        line_top = top + (bottom - top - len(lines) * CELL_LEADING) / 2 + (CELL_LEADING - CELL_SIZE) / 2
        for line in lines:
            if header:
                x = (left + right - measure(line)) / 2
            elif is_number(line) and not line.isdigit():  # codes and numbers stay left, as published
                x = right - CELL_PADDING - measure(line)
            else:
                x = left + CELL_PADDING
            self.text(x, line_top, line, CELL_SIZE)
            line_top += CELL_LEADING

    def rule(self, spans, xs: list[float], ys: list[float]) -> None:
        height = self.size[1]
        canvas = self.canvas
        canvas.setLineWidth(RULE_WIDTH)
        half = RULE_WIDTH / 2
        for edge in edges(spans, xs, ys, self.style):
            if self.style == "rectangles":
                x0, x1 = min(edge.x0, edge.x1) - half, max(edge.x0, edge.x1) + half
                top, bottom = min(edge.y0, edge.y1) - half, max(edge.y0, edge.y1) + half
                canvas.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
            else:
                canvas.line(edge.x0, height - edge.y0, edge.x1, height - edge.y1)


def _shifted(span: Span, first: int) -> Span:
    return evolve(span, row=span.row - first)


def _row_heights(spans, count: int, xs: list[float], measure) -> list[float]:
    """Each row as tall as its tallest one-row cell; a cell over several rows adds to its last row."""
    heights = [CELL_LEADING + 2 * CELL_PADDING] * count
    for span in spans:
        if span.text and span.rows == 1:
            width = xs[span.column + span.columns] - xs[span.column] - 2 * CELL_PADDING
            lines = len(wrap(span.text, width, measure))
            heights[span.row] = max(heights[span.row], lines * CELL_LEADING + 2 * CELL_PADDING)
    for span in spans:
        if span.text and span.rows > 1:
            width = xs[span.column + span.columns] - xs[span.column] - 2 * CELL_PADDING
            need = len(wrap(span.text, width, measure)) * CELL_LEADING + 2 * CELL_PADDING
            have = sum(heights[span.row : span.row + span.rows])
            if need > have:
                heights[span.row + span.rows - 1] += need - have
    return heights
