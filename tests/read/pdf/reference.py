"""Our table cells against pdfplumber's on the same pages (pdfplumber is a test-time reference only).

Cells are matched by their box (all four edges within TOLERANCE points), so a table split or
merged differently shows up as unmatched cells; texts are compared without whitespace (pdfplumber
writes the line breaks of wrapped cell text, we join the lines). pdfplumber is given only the
visible rulings: by default it also takes the edges of white cell backgrounds (Word fills every
cell white), which draw a grid nobody sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from engine.read.pdf import read_pdf_pages
from engine.read.pdf.grid import find_grids
from engine.read.pdf.layout import cell_text

TOLERANCE = 2.0
_SPACE = re.compile(r"\s+")


def our_cells(data: bytes) -> dict[int, list[tuple[tuple[float, float, float, float], str]]]:
    """Page number -> (cell box, text) of every cell of every grid we find."""
    found = {}
    for page in read_pdf_pages(data):
        grids = find_grids(page.rules)
        cells: list[list] = [[[] for _ in grid.cells] for grid in grids]
        for glyph in page.glyphs:
            x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
            for index, grid in enumerate(grids):
                cell = grid.cell_at(x, y)
                if cell is not None:
                    cells[index][cell].append(glyph)
                    break
        found[page.number] = [
            (cell.box, cell_text(glyphs).text)
            for grid, grid_cells in zip(grids, cells)
            for cell, glyphs in zip(grid.cells, grid_cells)
        ]
    return found


def compare(path: Path) -> tuple[int, int, list[tuple[int, str, str]]]:
    """(cells equal, cells compared, examples of differences) over pdfplumber's table cells."""
    import pdfplumber

    ours = our_cells(path.read_bytes())
    equal = compared = 0
    differences = []
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            mine = ours.get(number, [])
            # pdfplumber measures from the PDF origin (its page bbox then starts at, say, -12, -12);
            # we measure from the page box's top-left corner
            left, top = float(page.bbox[0]), float(page.bbox[1])
            settings = _visible_lines(page)
            tables = page.find_tables(settings) if settings else []
            for table in tables:
                for row, texts in zip(table.rows, table.extract()):
                    for box, text in zip(row.cells, texts):
                        if box is None:
                            continue
                        box = (box[0] - left, box[1] - top, box[2] - left, box[3] - top)
                        compared += 1
                        expected = _SPACE.sub("", text or "")
                        got = next((_SPACE.sub("", found) for cell_box, found in mine
                                    if all(abs(a - b) <= TOLERANCE for a, b in zip(cell_box, box))), None)
                        if got == expected:
                            equal += 1
                        elif len(differences) < 20:
                            differences.append((number, expected, got))
    return equal, compared, differences


_WHITE = ((1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), (0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0))


def _colour(edge) -> tuple:
    colour = edge.get("non_stroking_color") if edge.get("fill") and not edge.get("stroke") else edge.get("stroking_color")
    if colour is None:
        return (0,)
    return tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)


def _visible_lines(page) -> dict:
    """Table settings that find lattice tables on the page's non-white rulings only."""
    edges = [edge for edge in page.edges if _colour(edge) not in _WHITE]
    if sum(edge["orientation"] == "v" for edge in edges) < 2 or sum(edge["orientation"] == "h" for edge in edges) < 2:
        return {}
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [edge for edge in edges if edge["orientation"] == "v"],
        "explicit_horizontal_lines": [edge for edge in edges if edge["orientation"] == "h"],
    }
