"""Writing a document line by line while recording where every figure went (the ground truth).

A `Writer` appends lines; a figure is written through `Figure`, which rounds the true value
half-up to the printed decimals and remembers the line, the column and the printed text, so a
test can ask the parser for exactly that figure or change exactly those characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Optional, Union

from engine import record
from engine.record import frozen
from engine.testing.synth.budget import round_half_up

MONEY = "万元"


@frozen
class Figure:
    """A figure to print: the true value, the decimals to print it with, and what it is."""

    value: Decimal
    decimals: int
    role: str
    label: str = ""
    period: Optional[int] = None
    unit: str = MONEY
    strip: bool = False  # print 3.90 as 3.9 (publishers drop trailing zeros in sentences)

    def printed(self) -> str:
        text = f"{round_half_up(self.value, self.decimals):.{self.decimals}f}"
        if self.strip and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text


@frozen
class Word:
    """A token worth mutating that is not a money figure: a direction word, a compared year."""

    text: str
    role: str


@frozen
class WrittenFigure:
    line: int
    column: int  # 1-based character column of the first printed character
    printed: str
    value: Decimal  # the value as printed
    decimals: int
    unit: str
    period: Optional[int]
    role: str
    where: str  # table title, or "narrative"
    label: str
    true_value: Decimal


@frozen
class WrittenWord:
    line: int
    column: int
    text: str
    role: str
    where: str


@frozen
class TableLayout:
    """One table as drawn, apart from how the text writes it: what the PDF renderer draws as a grid.

    Cells are the printed texts of the text rows; a table the text splits over a page break
    (title, unit line and header repeated) is one table here, so a renderer splits it anew."""

    kind: str
    annex: Optional[str]  # '附件 3' printed above the title, or None
    title: str  # without markdown heading marks
    meta: Optional[str]  # a line between title and unit ('编制单位：…')
    unit: str
    header: tuple[tuple[str, ...], ...]
    body: tuple[tuple[str, ...], ...]
    note: Optional[str]
    first_line: int  # the text lines of the block, as in `Rendered.tables`
    last_line: int


@frozen
class Rendered:
    """A generated document and its ground truth."""

    text: str
    figures: tuple[WrittenFigure, ...]
    words: tuple[WrittenWord, ...]
    tables: tuple[tuple[str, int, int], ...]  # (kind, first line, last line) of each table block
    layouts: tuple[TableLayout, ...] = ()  # each table block as a grid (for engine.testing.synth.pdf)
    headings: tuple[int, ...] = ()  # lines that are headings (a PDF draws them apart from paragraphs)

    def replace(self, line: int, column: int, old: str, new: str) -> str:
        """The text with `old` at (line, column) replaced by `new` (a one-place mutation)."""
        lines = self.text.split("\n")
        target = lines[line - 1]
        start = column - 1
        assert target[start:start + len(old)] == old, (target, old)
        lines[line - 1] = target[:start] + new + target[start + len(old):]
        return "\n".join(lines)


Piece = Union[str, Figure, Word, None]


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.figures: list[WrittenFigure] = []
        self.words: list[WrittenWord] = []
        self.tables: list[tuple[str, int, int]] = []
        self.layouts: list[TableLayout] = []
        self.headings: list[int] = []
        self.where = "narrative"

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def blank(self, count: int = 1) -> None:
        self.lines.extend([""] * count)

    def heading(self, text: str) -> None:
        """A heading line: written as text, and remembered as a heading."""
        self.headings.append(self.next_line)
        self.write(text)

    def write(self, *pieces: Piece) -> None:
        """One line of running text made of strings, figures and words."""
        self._line(list(pieces), "")

    def row(self, cells: Sequence[Piece]) -> None:
        """One table row: cells joined by tabs; None or '' is a blank cell."""
        self._line(cells, "\t")

    def rows(self, rows: Sequence[Sequence[Piece]], printed: Optional[list[tuple[str, ...]]] = None) -> None:
        """Table rows; `printed` (when given) gains each row's cells as written, for the layout."""
        for cells in rows:
            self.row(cells)
            if printed is not None:
                printed.append(tuple(self.lines[-1].split("\t")))

    def _line(self, pieces: Sequence[Piece], separator: str) -> None:
        number = self.next_line
        text = ""
        for index, piece in enumerate(pieces):
            if index and separator:
                text += separator
            if isinstance(piece, Figure):
                printed = piece.printed()
                self.figures.append(WrittenFigure(
                    number, len(text) + 1, printed, Decimal(printed), _decimals(printed), piece.unit,
                    piece.period, piece.role, self.where, piece.label, piece.value,
                ))
                text += printed
            elif isinstance(piece, Word):
                self.words.append(WrittenWord(number, len(text) + 1, piece.text, piece.role, self.where))
                text += piece.text
            elif piece:
                text += piece
        self.lines.append(text)

    def finish(self) -> Rendered:
        return Rendered("\n".join(self.lines) + "\n", tuple(self.figures), tuple(self.words), tuple(self.tables),
                        tuple(self.layouts), tuple(self.headings))


def _decimals(printed: str) -> int:
    return len(printed.split(".", 1)[1]) if "." in printed else 0


def cell(
    value: Decimal, role: str, label: str = "", period: Optional[int] = None, strip: bool = False
) -> Optional[Figure]:
    """A table cell: 2 decimals, blank when the true value is zero (as publishers leave it)."""
    if value == 0:
        return None
    return Figure(value, 2, role, label, period, strip=strip)


def evolve(figure: Figure, **changes) -> Figure:
    return record.evolve(figure, **changes)
