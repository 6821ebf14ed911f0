"""One page's layout: `PageContents` -> narrative lines and tables, in reading order.

Grid (lattice) detection is the primary method: in the published disclosures every table is
fully ruled, no numeric row was found outside a grid, and the pages without a grid that carry
figures are narrative. So a glyph inside a grid belongs to that grid's cell, every other glyph
to a narrative line. A cell's text is its glyph lines joined without a space (a label wrapped in
its cell, '社会保障和就' / '业支出', is one label); only two Latin words keep one between them.
Page numbers printed in the top or bottom margin are furniture and dropped, so a table running
over a page break stays one table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple, Optional, Union

from engine.read.pdf.grid import Grid, find_grids
from engine.read.pdf.lines import TextLine, group_lines
from engine.read.pdf.page import Glyph, PageContents

MARGIN_SHARE = 0.1  # top and bottom tenth of the page: where page numbers are printed
LETTER_SPACED = 0.8  # share of a page's glyphs marked as following a space above which the page is letter-spaced
LETTER_SPACED_GLYPHS = 20  # fewer glyphs than this tell nothing
# digits may stand a space apart ('— 1 2 —': 重庆 prints its page numbers letter-spaced)
_NUMBER = r"\d(?: ?\d){0,3}"
_PAGE_NUMBER = re.compile(
    rf"^[-—–－\s]*(第\s*)?{_NUMBER}(\s*页)?(\s*[/，,]?\s*共\s*{_NUMBER}\s*页)?[-—–－\s]*$|^{_NUMBER}\s*/\s*{_NUMBER}$"
)


class CellText(NamedTuple):
    """The text of one table cell, with the glyph behind each character (None: an added space)."""

    text: str
    glyphs: tuple[Optional[Glyph], ...]


EMPTY_CELL = CellText("", ())


class TableLayout(NamedTuple):
    """A grid with its cells' text: `rows[r][c]` is the text of the cell whose top-left is (r, c),
    EMPTY_CELL where a merged cell continues; rows empty in every cell are dropped. Columns are all
    kept: whether a column empty on this page is a blank margin or a column whose cells happen
    to be blank here is decided over the whole table, continuation pages included (`render`)."""

    page: int
    grid: Grid
    rows: tuple[tuple[CellText, ...], ...]
    row_edges: tuple[int, ...]  # the grid row of each kept row

    @property
    def used_columns(self) -> frozenset[int]:
        """The columns with text in at least one cell on this page."""
        return frozenset(column for row in self.rows for column, cell in enumerate(row) if cell.text)

    @property
    def top(self) -> float:
        return self.grid.ys[0]

    @property
    def bottom(self) -> float:
        return self.grid.ys[-1]


class TextLayout(NamedTuple):
    page: int
    line: TextLine

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom


Block = Union[TableLayout, TextLayout]


class PageLayout(NamedTuple):
    number: int
    width: float
    height: float
    blocks: tuple[Block, ...]
    glyphs: int
    images: int

    @property
    def without_text(self) -> bool:
        """An image-only page (a scan): images drawn, no character to read."""
        return self.glyphs == 0 and self.images > 0


def lay_out_page(page: PageContents) -> PageLayout:
    grids = [grid for grid in find_grids(page.rules)]
    in_cells: list[list[list[Glyph]]] = [[[] for _ in grid.cells] for grid in grids]
    narrative: list[Glyph] = []
    # Grid.cell_at, inlined: this loop runs once per glyph of the page
    located = [(grid.xs, grid.ys, grid.columns, grid.owner, cells) for grid, cells in zip(grids, in_cells)]
    for glyph in _unspaced(page.glyphs):
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        for xs, ys, columns, owner, cells in located:
            if xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]:
                column = bisect_right(xs, x) - 1
                row = bisect_right(ys, y) - 1
                if 0 <= column < columns and 0 <= row < len(ys) - 1:
                    cells[owner[row * columns + column]].append(glyph)
                    break
        else:
            narrative.append(glyph)
    blocks: list[Block] = []
    for grid, cells in zip(grids, in_cells):
        table = _table(page.number, grid, cells)
        if table is not None:
            blocks.append(table)
    for line in group_lines(narrative):
        if not _is_furniture(line, page.height):
            blocks.append(TextLayout(page.number, line))
    blocks.sort(key=lambda block: (block.top, 0 if isinstance(block, TableLayout) else block.line.x0))
    return PageLayout(page.number, page.width, page.height, tuple(blocks), len(page.glyphs), page.images)


def _unspaced(glyphs: tuple[Glyph, ...]) -> tuple[Glyph, ...]:
    """The page's glyphs, with their space-before marks cleared on a letter-spaced page.

    pdfium marks a glyph as following a space when its text object leaves a gap before it; on a
    page set with character spacing it marks nearly every glyph, and '30114' would read '3 0 1 1 4'
    (北京 and 重庆 tables). In Chinese text spaces are rare, so a page where almost every glyph
    follows one is letter-spaced, and its marks say nothing about words."""
    if len(glyphs) < LETTER_SPACED_GLYPHS or sum(glyph.spaced for glyph in glyphs) < LETTER_SPACED * len(glyphs):
        return glyphs
    return tuple(glyph._replace(spaced=False) for glyph in glyphs)


def _table(page: int, grid: Grid, cells: list[list[Glyph]]) -> Optional[TableLayout]:
    if not any(cells):
        return None
    texts = [cell_text(glyphs) for glyphs in cells]
    rows: list[tuple[CellText, ...]] = []
    edges: list[int] = []
    for row in range(grid.rows):
        values = []
        for column in range(grid.columns):
            index = grid.owner[row * grid.columns + column]
            cell = grid.cells[index]
            values.append(texts[index] if (cell.row, cell.column) == (row, column) else EMPTY_CELL)
        if any(value.text for value in values):
            rows.append(tuple(values))
            edges.append(row)
    if not rows:
        return None
    return TableLayout(page, grid, tuple(rows), tuple(edges))


def cell_text(glyphs: list[Glyph]) -> CellText:
    """A cell's lines joined top to bottom: no space, except one between two Latin words."""
    if not glyphs:
        return EMPTY_CELL
    text = ""
    sources: list[Optional[Glyph]] = []
    for line in group_lines(glyphs, wide_gaps=False):
        piece = line.text.strip()
        if not piece:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and piece[0].isascii() and piece[0].isalpha():
            text += " "
            sources.append(None)
        start = len(line.text) - len(line.text.lstrip())
        text += piece
        sources.extend(line.glyphs[start : start + len(piece)])
    return CellText(text, tuple(sources))


def _is_furniture(line: TextLine, height: float) -> bool:
    middle = (line.top + line.bottom) / 2  # a line straddling the margin's edge is in it (重庆 landscape pages)
    in_margin = middle < MARGIN_SHARE * height or middle > (1 - MARGIN_SHARE) * height
    return in_margin and bool(_PAGE_NUMBER.match(line.text))
