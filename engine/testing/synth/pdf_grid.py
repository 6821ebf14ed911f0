"""The geometry of a ruled table: merged header cells, column widths, wrapped cell text, edges.

`engine.testing.synth.pdf` draws every table of a generated document as a fully ruled grid, because
every table in the published PDFs is one (issue 20). This module decides the grid; the page
flow and the drawing calls stay in `pdf.py`.

Merged header cells are read off the text layout, which writes a merged cell's text in its
first column and leaves the cells it covers blank: a header cell widens over the blank cells to
its right that head something below them (a group such as `2024年支出` over `合计 | 一般公共预算
| …`), then deepens over the blank cells under it (`科目编码` standing for two header rows).

The edges of a grid come in three producer styles (issue 20, measured on real files):
`strokes` — long line strokes, one per maximal run of cell sides (WPS);
`rectangles` — the same runs as thin filled rectangles, no line operator at all (Word);
`segments` — every cell side its own short segment, stopping short of the corners (ONLYOFFICE),
so a reader must snap and join them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from engine.record import frozen

GRID_STYLES = ("strokes", "rectangles", "segments")
NUMBER = re.compile(r"[-+]?[\d,]+(\.\d+)?%?")
# printable ASCII without spaces stays together (a figure, a code); every other character may break
TOKEN = re.compile(r"[!-~]+|\s+|.")

Measure = Callable[[str], float]  # the width of a text in points at the table's font size


@frozen
class Span:
    """A cell of the grid: its top-left position, how many rows and columns it covers, its text."""

    row: int
    column: int
    rows: int
    columns: int
    text: str


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text))


def padded(rows: tuple[tuple[str, ...], ...], width: int) -> list[list[str]]:
    """Rows of a table as a rectangle: short rows get blank cells up to `width`."""
    return [list(row) + [""] * (width - len(row)) for row in rows]


def header_spans(header: list[list[str]]) -> list[Span]:
    """Header rows as cells, merged where the text layout leaves the covered cells blank."""
    height = len(header)
    width = len(header[0]) if header else 0
    covered: set[tuple[int, int]] = set()
    spans = []
    for row in range(height):
        for column in range(width):
            if (row, column) in covered:
                continue
            text = header[row][column]
            columns = rows = 1
            if text:
                while (column + columns < width and not header[row][column + columns]
                       and (row, column + columns) not in covered
                       and any(header[below][column + columns] for below in range(row + 1, height))):
                    columns += 1
                while row + rows < height and all(not header[row + rows][k] and (row + rows, k) not in covered
                                                  for k in range(column, column + columns)):
                    rows += 1
            covered.update((r, c) for r in range(row, row + rows) for c in range(column, column + columns))
            spans.append(Span(row, column, rows, columns, text))
    return spans


def body_spans(body: list[list[str]], first_row: int) -> list[Span]:
    """Body rows: one cell per text cell, none merged (the text layout cannot tell merges there)."""
    return [Span(first_row + index, column, 1, 1, text)
            for index, row in enumerate(body) for column, text in enumerate(row)]


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Lines of `text` no wider than `width`: breaks between CJK characters or at spaces, never
    inside a figure or code (unless it alone is wider than the line). A space at a break is dropped."""
    lines: list[str] = []
    line, used = "", 0.0
    for token in TOKEN.findall(text):
        size = measure(token)
        if token.isspace():
            if line and used + size <= width:
                line, used = line + token, used + size
            elif line:
                lines.append(line)
                line, used = "", 0.0
            continue
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line, used = line + token, used + size
        if len(line) > 1 and used > width:  # a token alone wider than the line
            *full, line = _split_long(line, width, measure)
            lines.extend(full)
            used = measure(line)
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _split_long(text: str, width: float, measure: Measure) -> list[str]:
    pieces, piece, used = [], "", 0.0
    for character in text:
        size = measure(character)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece, used = piece + character, used + size
    return pieces + [piece]


def natural_widths(
    rows: list[list[str]], measure: Measure, padding: float, widest_text: float
) -> list[tuple[float, bool]]:
    """(width, all figures?) per column: figures at their full width, text capped at `widest_text`."""
    width = len(rows[0])
    natural = [2 * padding + measure("中中") for _ in range(width)]
    numeric = [True] * width
    for row in rows:
        for column, text in enumerate(row):
            if not text:
                continue
            if is_number(text):
                natural[column] = max(natural[column], measure(text) + 2 * padding)
            else:
                numeric[column] = False
                natural[column] = max(natural[column], min(measure(text), widest_text) + 2 * padding)
    return list(zip(natural, numeric))


def column_widths(natural: list[tuple[float, bool]], available: float) -> list[float]:
    """Widths that fill `available`: spare room is shared out; when too wide, text columns shrink
    (their cells wrap) and figure columns keep their width."""
    total = sum(width for width, _ in natural)
    if total <= available:
        return [width * available / total for width, _ in natural]
    fixed = sum(width for width, figures in natural if figures)
    flexible = total - fixed
    scale = max((available - fixed) / flexible, 0.3) if flexible else 1.0
    return [width if figures else width * scale for width, figures in natural]


@frozen
class Edge:
    """A straight piece of ruling: from (x0, y0) to (x1, y1), horizontal or vertical (points, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float


def edges(spans: list[Span], xs: list[float], ys: list[float], style: str, gap: float = 1.0) -> Iterator[Edge]:
    """The ruling around `spans` in a producer style. `xs`/`ys` are the column and row boundaries
    (y grows downwards); a row index in `spans` counts from the first row of `ys`."""
    if style == "segments":
        for span in spans:
            left, right = xs[span.column], xs[span.column + span.columns]
            top, bottom = ys[span.row], ys[span.row + span.rows]
            yield Edge(left + gap, top, right - gap, top)
            yield Edge(left + gap, bottom, right - gap, bottom)
            yield Edge(left, top + gap, left, bottom - gap)
            yield Edge(right, top + gap, right, bottom - gap)
        return
    horizontal: set[tuple[int, int]] = set()  # (row boundary, column) unit sides
    vertical: set[tuple[int, int]] = set()  # (column boundary, row)
    for span in spans:
        for column in range(span.column, span.column + span.columns):
            horizontal.update({(span.row, column), (span.row + span.rows, column)})
        for row in range(span.row, span.row + span.rows):
            vertical.update({(span.column, row), (span.column + span.columns, row)})
    for boundary, start, end in _runs(horizontal):
        yield Edge(xs[start], ys[boundary], xs[end], ys[boundary])
    for boundary, start, end in _runs(vertical):
        yield Edge(xs[boundary], ys[start], xs[boundary], ys[end])


def _runs(units: set[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """Maximal runs of consecutive unit sides on one boundary: (boundary, first, one past last)."""
    for boundary in sorted({unit[0] for unit in units}):
        positions = sorted(position for line, position in units if line == boundary)
        start = previous = positions[0]
        for position in positions[1:]:
            if position != previous + 1:
                yield boundary, start, previous + 1
                start = position
            previous = position
        yield boundary, start, previous + 1
