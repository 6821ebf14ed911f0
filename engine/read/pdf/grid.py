"""Ruling lines -> grids: the tables of a page as cells with row and column spans.

Publishers draw the same grid four ways (long strokes, thin filled rectangles, short per-cell
segments, grids inside Form XObjects); `page` has already turned all of them into horizontal and
vertical `Rule`s. Here lines closer than SNAP are taken as one (rules drawn twice, a rectangle's
two edges), collinear pieces with gaps up to SNAP are joined, lines that touch form one grid,
and the grid's distinct x and y positions cut it into elementary cells. Two neighbouring
elementary cells with no line drawn between them are one (merged) cell.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple, Optional

from engine.read.pdf.page import Rule

SNAP = 3.0  # pt: lines closer than this are one line; gaps up to this are joined
MIN_CELL = 2.0  # pt: thinner rows or columns are double lines, not cells


class Line(NamedTuple):
    """A joined ruling line: `position` is its y (horizontal) or x (vertical), `start`..`end` its extent."""

    position: float
    start: float
    end: float


class GridCell(NamedTuple):
    """A cell of a grid: its first row and column, spans, and box (x0, top, x1, bottom)."""

    row: int
    column: int
    row_span: int
    column_span: int
    box: tuple[float, float, float, float]


class Grid(NamedTuple):
    """One ruled table: the x edges of its columns, the y edges of its rows, and its cells."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]
    owner: tuple[int, ...]  # elementary cell (row * columns + column) -> index into cells

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def cell_at(self, x: float, y: float) -> Optional[int]:
        """Index of the cell holding point (x, y), or None outside the grid."""
        column = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        if not (0 <= column < self.columns and 0 <= row < self.rows):
            return None
        return self.owner[row * self.columns + column]


def find_grids(rules: Sequence[Rule]) -> tuple[Grid, ...]:
    """Every grid of at least two rows or two columns drawn by `rules`, top to bottom."""
    horizontal = _join([Line(rule.top, rule.x0, rule.x1) for rule in rules if rule.horizontal])
    vertical = _join([Line(rule.x0, rule.top, rule.bottom) for rule in rules if not rule.horizontal])
    grids = []
    for rows, columns in _connected(horizontal, vertical):
        grid = _grid(rows, columns)
        if grid is not None:
            grids.append(grid)
    return tuple(sorted(grids, key=lambda grid: (grid.ys[0], grid.xs[0])))


def _join(lines: list[Line]) -> list[Line]:
    """Snap positions within SNAP to their mean, then join overlapping or nearly touching pieces."""
    if not lines:
        return []
    lines.sort()
    groups: list[list[Line]] = [[lines[0]]]
    for line in lines[1:]:
        if line.position - groups[-1][0].position <= SNAP:
            groups[-1].append(line)
        else:
            groups.append([line])
    joined: list[Line] = []
    for group in groups:
        position = sum(line.position for line in group) / len(group)
        pieces = sorted(group, key=lambda line: line.start)
        start, end = pieces[0].start, pieces[0].end
        for piece in pieces[1:]:
            if piece.start <= end + SNAP:
                end = max(end, piece.end)
            else:
                joined.append(Line(position, start, end))
                start, end = piece.start, piece.end
        joined.append(Line(position, start, end))
    return joined


def _touches(row: Line, column: Line) -> bool:
    return (row.start - SNAP <= column.position <= row.end + SNAP
            and column.start - SNAP <= row.position <= column.end + SNAP)


def _connected(horizontal: list[Line], vertical: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Groups of lines that touch each other (union-find over crossing pairs)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    columns_by_x = sorted(range(len(vertical)), key=lambda index: vertical[index].position)
    xs = [vertical[index].position for index in columns_by_x]
    for row_index, row in enumerate(horizontal):
        low = bisect_right(xs, row.start - SNAP - 1e-9)
        high = bisect_right(xs, row.end + SNAP)
        for position in range(low, high):
            column_index = columns_by_x[position]
            if _touches(row, vertical[column_index]):
                parent[root(row_index)] = root(len(horizontal) + column_index)
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for index, row in enumerate(horizontal):
        groups.setdefault(root(index), ([], []))[0].append(row)
    for index, column in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + index), ([], []))[1].append(column)
    return [group for group in groups.values() if len(group[0]) >= 2 and len(group[1]) >= 2]


def _edges(positions: list[float]) -> list[float]:
    """Distinct sorted positions, those closer than MIN_CELL merged (a double line is one edge)."""
    edges: list[float] = []
    for position in sorted(positions):
        if edges and position - edges[-1] < MIN_CELL:
            continue
        edges.append(position)
    return edges


class _Lines:
    """Joined lines sorted by position, to ask which lines lie near a position without a scan."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = sorted(lines)
        self.positions = [line.position for line in self.lines]

    def covered(self, position: float, start: float, end: float) -> bool:
        """Does a line at `position` (± SNAP) run from `start` to `end` (± SNAP)?"""
        lines = self.lines
        for index in range(bisect_left(self.positions, position - SNAP), len(lines)):
            line = lines[index]
            if line.position > position + SNAP:
                return False
            if line.start <= start + SNAP and line.end >= end - SNAP:
                return True
        return False


def _grid(rows: list[Line], columns: list[Line]) -> Optional[Grid]:
    xs = _edges([line.position for line in columns])
    ys = _edges([line.position for line in rows])
    # a row cut by a page break has no line on its open side, but the column lines run on to
    # the page edge: close the grid there, so that the row's text is still in its cells
    reach_top, reach_bottom = min(line.start for line in columns), max(line.end for line in columns)
    if ys and reach_top < ys[0] - SNAP:
        ys.insert(0, reach_top)
    if ys and reach_bottom > ys[-1] + SNAP:
        ys.append(reach_bottom)
    if len(xs) < 2 or len(ys) < 2 or (len(xs) < 3 and len(ys) < 3):
        return None  # a box or a single line: a frame around text, not a table
    width, height = len(xs) - 1, len(ys) - 1
    parent = list(range(width * height))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    vertical, horizontal = _Lines(columns), _Lines(rows)
    for row in range(height):
        for column in range(width):
            here = row * width + column
            if column + 1 < width and not vertical.covered(xs[column + 1], ys[row], ys[row + 1]):
                parent[root(here + 1)] = root(here)
            if row + 1 < height and not horizontal.covered(ys[row + 1], xs[column], xs[column + 1]):
                parent[root(here + width)] = root(here)
    extents: dict[int, list[int]] = {}
    for row in range(height):
        for column in range(width):
            key = root(row * width + column)
            extent = extents.get(key)
            if extent is None:
                extents[key] = [row, column, row, column]
            else:
                extent[0], extent[1] = min(extent[0], row), min(extent[1], column)
                extent[2], extent[3] = max(extent[2], row), max(extent[3], column)
    ordered = sorted(extents.items(), key=lambda item: (item[1][0], item[1][1]))
    cells = []
    index_of = {}
    for index, (key, (top, left, bottom, right)) in enumerate(ordered):
        index_of[key] = index
        cells.append(GridCell(top, left, bottom - top + 1, right - left + 1,
                              (xs[left], ys[top], xs[right + 1], ys[bottom + 1])))
    owner = tuple(index_of[root(index)] for index in range(width * height))
    return Grid(tuple(xs), tuple(ys), tuple(cells), owner)
