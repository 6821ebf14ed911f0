"""Row depth from indentation: where a table's labels carry no subject code, a PDF may tell
类 / 款 / 项 rows apart only by how far each label is indented (杭州 收支预算总表: 科学技术支出 flush,
技术研究与开发 one character in, 科技成果转化与扩散 two). The reader keeps every glyph's box
(`PositionMap`), so the left edges of a column's labels give each row its depth.

Depth is told only where the left edges fall into a few clear steps. Labels that are centred (or
right-aligned) also start at different places, by their length: when the centres (or right
edges) agree better than the left edges do, the column shows no indentation and its rows get no
depth (None), so a rule that needs the level does not guess it. A text document has no positions
and no depth.
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median
from typing import Optional

from engine.model import Cell, Table
from engine.read.positions import PositionMap

STEP_SHARE = 0.6  # left edges further apart than this many glyph heights are different levels
MOST_LEVELS = 5  # more distinct indentations than this are no hierarchy (類/款/项 and a group above)

Extent = tuple[float, float, float]  # left, right, glyph height of a cell's ink


def label_depths(table: Table, positions: Optional[PositionMap]) -> dict[tuple[int, int], int]:
    """(line, column) of each text cell of the table's body -> its depth in its column, for the
    columns whose labels are indented in steps; empty without positions."""
    if positions is None:
        return {}
    by_column: dict[int, list[tuple[Cell, Extent, bool]]] = {}
    for row in table.body:
        for index, cell in enumerate(row.cells):
            if not any(character.isalpha() for character in cell.text):
                continue
            found = _extent(positions, cell)
            if found is not None:
                by_column.setdefault(index, []).append((cell, *found))
    depths: dict[tuple[int, int], int] = {}
    for cells in by_column.values():
        single = [(cell, extent) for cell, extent, wrapped in cells if not wrapped]
        levels = column_levels([extent for _, extent in single])
        if levels is None:
            continue
        for (cell, _), level in zip(single, levels):
            depths[(cell.line, cell.column)] = level
        edges = _level_edges([extent[0] for _, extent in single], _tolerance([extent for _, extent in single]))
        for cell, extent, wrapped in cells:
            if wrapped:  # a wrapped label's first line: at one of the column's levels, or unknown
                matched = _matching_level(extent[0], edges, _tolerance([extent]))
                if matched is not None:
                    depths[(cell.line, cell.column)] = matched
    return depths


def column_levels(extents: list[Extent]) -> Optional[list[int]]:
    """The depth of each label of one column from its (left, right, height), or None when the
    column shows no indentation steps (centred or right-aligned labels, too many levels)."""
    if not extents:
        return None
    tolerance = _tolerance(extents)
    lefts = [left for left, _, _ in extents]
    edges = _level_edges(lefts, tolerance)
    if len(edges) == 1:
        return [0] * len(extents)
    if len(edges) > MOST_LEVELS:
        return None
    spread = max(lefts) - min(lefts)
    centres = [(left + right) / 2 for left, right, _ in extents]
    rights = [right for _, right, _ in extents]
    if min(_spread(centres), _spread(rights)) < spread:  # aligned on the centre or the right: no indentation
        return None
    return [_level(left, edges, tolerance) for left in lefts]


def _tolerance(extents: list[Extent]) -> float:
    return STEP_SHARE * median(height for _, _, height in extents)


def _level_edges(lefts: Iterable[float], tolerance: float) -> list[float]:
    """The leftmost edge of each group of left edges, groups being runs no wider apart than
    `tolerance` from one edge to the next."""
    edges: list[float] = []
    previous = None
    for left in sorted(lefts):
        if previous is None or left - previous > tolerance:
            edges.append(left)
        previous = left
    return edges


def _level(left: float, edges: list[float], tolerance: float) -> int:
    level = 0
    for index, edge in enumerate(edges):
        if left >= edge - tolerance / 2:
            level = index
    return level


def _matching_level(left: float, edges: list[float], tolerance: float) -> Optional[int]:
    for index, edge in enumerate(edges):
        if edge - tolerance / 2 <= left <= edge + tolerance:
            return index
    return None


def _spread(values: list[float]) -> float:
    return max(values) - min(values)


def _extent(positions: PositionMap, cell: Cell) -> Optional[tuple[Extent, bool]]:
    """((left, right, median glyph height) of the ink of a cell's first line, whether the cell
    wraps onto more lines), or None when the reader kept no box for its characters. A wrapped
    label's next line starts at the cell's edge whatever its level (杭州), and a narrow cell may
    spread its first line (江苏 2017 '一、财政 / 拨款'): only the first line can tell the level,
    and only when it starts where unwrapped labels of the column do."""
    if not 1 <= cell.line <= len(positions.places):
        return None
    places = positions.places[cell.line - 1][max(cell.column - 1, 0) : max(cell.end_column - 1, 0)]
    boxes = [place for place in places if place is not None]
    if not boxes:
        return None
    height = median(place[4] - place[2] for place in boxes)
    first_bottom = boxes[0][4]
    first_line = [place for place in boxes if abs(place[4] - first_bottom) <= height * 0.6]
    wrapped = len(first_line) < len(boxes)
    return (first_line[0][1], max(place[3] for place in first_line), height), wrapped
