"""Page layouts -> the tab-separated text `engine.parse` reads, and the map back to the pages.

Written this way, a PDF becomes the same `Document` a text export does, and every shipped rule
works on it unchanged; `engine.read.positions.PositionMap` keeps each character's page and box.
Two things are decided here because they need more than one page or one line:

- paragraphs: wrapped narrative lines are joined into one line (CJK joined without a space)
  when a line reaches the right margin and the next one is neither indented nor opens with a
  heading marker (一、 （一） 1. 第X部分); paragraphs are separated by a blank line. A paragraph
  continues over a page break the same way. Where the document's paragraphs open indented
  (seen where a paragraph surely ends: after a line well short of the margin), an unindented
  line is a continuation whatever the line above ends with, so a full line ending in 。 runs on;
  where they open flush, only the last character can tell, and a full line ending a sentence
  (。：；) ends the paragraph.
- continuation pages: a table whose page has no text above its grid, after a page that ended in
  a grid whose column edges agree within EDGE_AGREEMENT, is written on as the same table (no
  title or blank line between), so the parser merges it; a repeated header is dropped there.
  A continuation may lack some inner edges (a last page holding only the 合计 row, whose label
  spans the 类 | 款 | 项 | 名称 columns): when its edges are a subset of the table's, each of its
  cells is written in the table's column where it starts, so its figures stay under their headers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Optional

from engine.read.pdf.layout import Block, PageLayout, TableLayout, TextLayout
from engine.read.pdf.lines import TextLine
from engine.read.pdf.page import Glyph
from engine.read.positions import Place, PositionMap

EDGE_AGREEMENT = 2.0  # pt: column edges of a continued table agree within this
INDENT_SHARE = 0.8  # a line starting this many glyph heights right of the margin is indented
MARGIN_REACH = 2.5  # a line ending within this many glyph heights of the right margin runs on
FIRST_INDENT = 3.0  # a paragraph's first line is indented by at most this many glyph heights
LEADING = 2.0  # lines further apart than this many heights (baseline to next top) are not one paragraph
INDENTED_OPENINGS = 0.5  # paragraphs open indented when more than this share of the openings seen is indented
MIN_OPENINGS = 3  # fewer paragraph openings than this tell nothing about the document's indentation
_HEADING_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+[部分章节]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.、．](?!\d)|附件|附表)"
)
_SENTENCE_END = re.compile(r"[。！？!?：:；;]\s*[”’」』)）]?\s*$")


def render_pages(pages: Sequence[PageLayout]) -> tuple[str, PositionMap]:
    writer = _Writer()
    margins: dict[int, tuple[float, float]] = {page.number: _margins(page) for page in pages}
    indented = _opens_indented(pages, margins)
    continued, columns = _table_runs(pages)
    paragraph: list[TextLine] = []
    paragraph_pages: list[int] = []
    for page in pages:
        for block in page.blocks:
            if isinstance(block, TextLayout):
                if paragraph and _runs_on(
                    paragraph[-1], margins[paragraph_pages[-1]], block.line, margins[page.number], indented
                ):
                    paragraph.append(block.line)
                    paragraph_pages.append(page.number)
                    continue
                writer.paragraph(paragraph, paragraph_pages)
                paragraph, paragraph_pages = [block.line], [page.number]
            else:
                writer.paragraph(paragraph, paragraph_pages)
                paragraph, paragraph_pages = [], []
                writer.table(block, id(block) in continued, columns[id(block)])
    writer.paragraph(paragraph, paragraph_pages)
    without_text = tuple(page.number for page in pages if page.without_text)
    return writer.text(), PositionMap(writer.texts, writer.places, len(pages), without_text)


def _table_runs(pages: Sequence[PageLayout]) -> tuple[set[int], dict[int, tuple[Optional[int], ...]]]:
    """Which tables continue the table before them (ids), and the columns each table writes.

    A table and its continuation pages are one run; a column is written when some cell of the
    run has text in it. A column blank on every page of the run (the blank margin column of
    Excel exports) would shift every cell after it, so it is dropped; a column that is blank
    only on a continuation page (two rows with no 人员经费) is kept, or its neighbours would
    slide into it."""
    continued: set[int] = set()
    runs: list[list[TableLayout]] = []
    # a table's column -> the run's column (the run's first table's; None: a sliver outside it)
    placed: dict[int, tuple[Optional[int], ...]] = {}
    previous_block: Optional[Block] = None
    previous_page: Optional[PageLayout] = None
    for page in pages:
        for position, block in enumerate(page.blocks):
            if isinstance(block, TableLayout):
                mapping = None
                if (
                    position == 0
                    and isinstance(previous_block, TableLayout)
                    and previous_page is not None
                    and previous_block.page == previous_page.number
                ):
                    mapping = _column_mapping(previous_block, block)
                if mapping is not None:
                    assert isinstance(previous_block, TableLayout)  # mapping is None otherwise
                    before = placed[id(previous_block)]
                    continued.add(id(block))
                    runs[-1].append(block)
                    placed[id(block)] = tuple(None if column is None else before[column] for column in mapping)
                else:
                    runs.append([block])
                    placed[id(block)] = tuple(range(block.grid.columns))
            previous_block = block
        previous_page = page
    columns: dict[int, tuple[Optional[int], ...]] = {}
    for run in runs:
        used = sorted(frozenset().union(*(
            {run_column for column in table.used_columns if (run_column := placed[id(table)][column]) is not None}
            for table in run
        )))
        for table in run:
            own = {run_column: column for column, run_column in enumerate(placed[id(table)]) if run_column is not None}
            columns[id(table)] = tuple(own.get(run_column) for run_column in used)
    return continued, columns


class _Writer:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.places: list[tuple[Optional[Place], ...]] = []

    def line(self, text: str, places: Sequence[Optional[Place]]) -> None:
        self.texts.append(text)
        self.places.append(tuple(places))

    def blank(self) -> None:
        if self.texts and self.texts[-1]:
            self.line("", ())

    def paragraph(self, lines: list[TextLine], pages: list[int]) -> None:
        if not lines:
            return
        text = ""
        places: list[Optional[Place]] = []
        for line, page in zip(lines, pages):
            piece = line.text
            if text and text[-1].isascii() and text[-1].isalpha() and piece[:1].isascii() and piece[:1].isalpha():
                text += " "
                places.append(None)
            text += piece
            places.extend(_place(glyph, page) for glyph in line.glyphs)
        self.blank()
        self.line(text, places)

    def table(self, table: TableLayout, continued: bool, columns: Sequence[Optional[int]]) -> None:
        """Write `table`'s rows; `columns` names, for each column written, the table's own column
        (None: a column of the run this table has no edge for, written blank)."""
        if not continued:
            self.blank()
        for row in table.rows:
            text = ""
            places: list[Optional[Place]] = []
            for index, column in enumerate(columns):
                if index:
                    text += "\t"
                    places.append(None)
                if column is None:
                    continue
                cell = row[column]
                text += cell.text
                places.extend(_place(glyph, table.page) for glyph in cell.glyphs)
            self.line(text, places)

    def text(self) -> str:
        return "\n".join(self.texts) + "\n"


def _place(glyph: Optional[Glyph], page: int) -> Optional[Place]:
    if glyph is None:
        return None
    return (page, glyph.x0, glyph.top, glyph.x1, glyph.bottom)


def _margins(page: PageLayout) -> tuple[float, float]:
    """Left and right margin of the page's narrative text (the page edges when it has none).

    The left margin is where wrapped lines start. Where most lines start is not it on a page of
    short indented paragraphs (most lines there are first lines), so when two or more lines that
    follow a full line start up to FIRST_INDENT glyphs left of that place, they give the margin."""
    lines = [block.line for block in page.blocks if isinstance(block, TextLayout)]
    if not lines:
        return 0.0, page.width
    right = max(line.x1 for line in lines)
    left = _left_edge(line.x0 for line in lines)
    wrapped = [
        line.x0
        for above, line in zip(lines, lines[1:])
        if above.x1 >= right - MARGIN_REACH * above.size
        and 0 < line.top - above.baseline < LEADING * line.size
        and left - FIRST_INDENT * line.size <= line.x0 < left - INDENT_SHARE * line.size
    ]
    return (_left_edge(wrapped) if len(wrapped) >= 2 else left), right


def _left_edge(starts: Iterable[float]) -> float:
    """Where most of `starts` are (2 pt buckets), as the leftmost start there."""
    starts = list(starts)
    counts = Counter(round(x / 2) for x in starts)
    body = max(counts.items(), key=lambda item: (item[1], -item[0]))[0] * 2
    return min((x for x in starts if x >= body - 2), default=body)


def _opens_indented(pages: Sequence[PageLayout], margins: dict[int, tuple[float, float]]) -> bool:
    """Do the document's paragraphs open indented? Judged on the lines that follow a line of running
    text ending well short of the right margin (a paragraph surely ended there), on the same page
    and at the usual line distance; headings and centred lines are left out."""
    openings = indented = 0
    for page in pages:
        left, right = margins[page.number]
        previous: Optional[TextLine] = None
        for block in page.blocks:
            line = block.line if isinstance(block, TextLayout) else None
            if previous is not None and line is not None:
                size = max(previous.size, line.size)
                if (
                    0 < line.top - previous.baseline < LEADING * size
                    and abs(previous.size - line.size) <= 0.4 * size
                    and previous.x0 <= left + FIRST_INDENT * size
                    and previous.x1 < right - _reach(line, size)
                    and line.x0 <= left + FIRST_INDENT * size
                    and not _HEADING_START.match(line.text)
                ):
                    openings += 1
                    indented += line.x0 > left + INDENT_SHARE * size
            previous = line
    return openings >= MIN_OPENINGS and indented > INDENTED_OPENINGS * openings


def _runs_on(
    last: TextLine, last_margins: tuple[float, float], line: TextLine, margins: tuple[float, float], indented: bool
) -> bool:
    """Does `line` continue the paragraph that `last` (the line above, maybe on the page before) ends?
    `indented`: the document's paragraphs open indented, so an unindented line never opens one."""
    size = max(last.size, line.size)
    same_page_gap = line.top - last.baseline
    if last_margins == margins and not (-0.5 * size < same_page_gap < LEADING * size):
        return False
    if abs(last.size - line.size) > 0.4 * size:  # a line of digits measures shorter than one of CJK
        return False
    if last.x1 < last_margins[1] - _reach(line, size) or (not indented and _SENTENCE_END.search(last.text)):
        return False
    if last.x0 > last_margins[0] + FIRST_INDENT * size:
        return False  # right-aligned or centred, not a line of running text
    if line.x0 > margins[0] + INDENT_SHARE * size:
        return False
    return not _HEADING_START.match(line.text)


def _reach(line: TextLine, size: float) -> float:
    """How far short of the right margin the line above `line` may end and still be wrapped: the
    first word of `line` would not have fitted after it, and a figure ('18.21') is never broken,
    so a wrapped line may end a whole figure's width short of the margin."""
    return max(MARGIN_REACH * size, _first_word_width(line) + size)


def _first_word_width(line: TextLine) -> float:
    """Width of the unbreakable run of Latin letters and digits a line opens with (0 if none)."""
    first = last = None
    for glyph in line.glyphs:
        if glyph is None or not _WORD_CHARACTER.match(glyph.text):
            break
        first, last = first or glyph, glyph
    return last.x1 - first.x0 if first is not None and last is not None else 0.0


_WORD_CHARACTER = re.compile(r"[0-9A-Za-z.,%\-]")


def _column_mapping(previous: TableLayout, table: TableLayout) -> Optional[tuple[Optional[int], ...]]:
    """For each column of `table`, the column of `previous` it starts in, when `table` continues
    `previous`: the same outer edges, and every inner edge of `table` one of `previous`'s (all of
    them, or some missing where a continuation's cell spans columns). An empty sliver of columns
    outside `previous`'s outer edges (a 合计 row's box drawn a few points wider: 北京 水务局 p17)
    maps to None. None when `table` does not continue `previous`."""
    left, right = previous.grid.xs, table.grid.xs
    used = table.used_columns
    low, high = 0, len(right) - 1  # the edges of `table` inside `previous`'s outer edges
    while low < high and right[low] < left[0] - EDGE_AGREEMENT and low not in used:
        low += 1
    while high > low and right[high] > left[-1] + EDGE_AGREEMENT and high - 1 not in used:
        high -= 1
    inner = right[low:high + 1]
    if len(inner) > len(left) or abs(left[0] - inner[0]) > EDGE_AGREEMENT or abs(left[-1] - inner[-1]) > EDGE_AGREEMENT:
        return None
    mapping: list[Optional[int]] = [None] * low
    start = 0
    for edge in inner[:-1]:
        while start < len(left) - 1 and left[start] < edge - EDGE_AGREEMENT:
            start += 1
        if start == len(left) - 1 or abs(left[start] - edge) > EDGE_AGREEMENT:
            return None
        mapping.append(start)
    if len(inner) < len(left) and not any(character.isdigit() for cell in table.rows[0] for character in cell.text):
        return None  # fewer columns and no figure in the first row: a title or header of another table
    return tuple(mapping) + (None,) * (len(right) - 1 - high)
