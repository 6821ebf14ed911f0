"""`rulecheck layout FILE`: what the reader and parser made of a document, page by page.

For each page: its narrative lines as read (wrapped lines joined into paragraphs), and each
table that starts on it with its title, recognised kind, unit, the header path of every column
(merged header cells spread over the columns they span) and its rows as a grid. A user who
wonders why a rule did not see a figure can see here whether the figure was read, and where.
A text document is shown the same way, as one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional, cast

from engine.model import Document, Source, Table
from engine.parse.columns import header_paths, table_width
from engine.read.positions import PositionMap

MAX_CELL = 24  # characters of a cell shown in the grid


def layout_lines(source: Source, document: Document) -> Iterator[str]:
    # a PositionMap when read from a PDF; model.py types it `object` (it may not import engine.read)
    positions = cast(Optional[PositionMap], source.positions)
    lines = source.lines
    table_lines: dict[int, Table] = {}
    taken: set[int] = set()
    for table in document.tables:
        rows = table.header + table.body
        first = min([table.title_line] + [row.line for row in rows])
        table_lines[first] = table
        taken.update(range(first, max([first] + [row.line for row in rows] + [note.line for note in table.notes]) + 1))
    current_page = None
    if positions is not None:
        yield f"{source.path}: {positions.pages} page(s)" + (
            f"; no text layer on page(s) {', '.join(map(str, positions.pages_without_text))}"
            if positions.pages_without_text else "")
    for number, text in enumerate(lines, start=1):
        page = positions.page_of(number) if positions is not None else None
        if page is not None and page != current_page:
            current_page = page
            yield ""
            yield f"== page {page}"
        if number in table_lines:
            yield from _table_lines(table_lines[number])
            continue
        if number in taken or not text.strip():
            continue
        yield f"  {text}"


def _table_lines(table: Table) -> Iterator[str]:
    from tabulate import tabulate  # here, not at the top: a check never needs it

    width = table_width(table)
    yield f"  [table] {table.title or '(untitled)'} — kind: {table.kind or 'not recognised'}; unit: {table.unit}"
    for index, path in enumerate(header_paths(table.header, width), start=1):
        yield f"    column {index}: {' / '.join(path) if path else '(no header)'}"
    rows = [[_short(cell.text) for cell in row.cells] + [""] * (width - len(row.cells)) for row in table.body]
    if rows:
        for line in tabulate(rows, tablefmt="simple_grid", disable_numparse=True).splitlines():
            yield f"    {line}"
    for note in table.notes:
        yield f"    note: {note.text}"


def _short(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
