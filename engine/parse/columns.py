"""Column layout of a table: header rows -> one header path per column, and each column's role.

Spanning header cells are written once and followed by empty cells; we fill them to the right
(never across the start of a parent group). When a lower header row repeats a sequence of
labels k times under k group labels, the groups are realigned with the repetitions, because
converters often shift a spanning label by a column ('2024年预算数' one column early).

A body may restart its header mid-table (绩效 tables: a key/value block, then a row of
indicator headings); each stretch of rows under one header is a `Regime`. Roles tell the fact
extractor how to read a column: codes, row numbers, labels, values, descriptive attributes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Optional

import attrs

from engine.model import Cell, Table, TableRow
from engine.parse.markers import MISSING, Markers, text_key
from engine.parse.numbers import PERCENT, fold_narrow
from engine.parse.tables import is_column_number_row, rows_match
from engine.record import frozen

CODE = "code"
INDEX = "index"
ATTRIBUTE = "attribute"
LABEL = "label"
VALUE = "value"
MIXED = "mixed"
EMPTY = "empty"

SUBHEADER_FILL = 0.75  # share of filled cells in a row that restarts the header
SUBHEADER_CELL = 20  # longest text of a heading cell
_CODE_PIECE = re.compile(r"^\d{2,7}$")


@frozen
class Regime:
    """Body rows read under one header: `paths[i]` is column i's header path, top-down."""

    paths: tuple[tuple[str, ...], ...]
    rows: tuple[TableRow, ...]
    roles: tuple[str, ...]
    units: tuple[Optional[str], ...]
    kinds: tuple[list[str], ...] = attrs.field(default=(), eq=False)  # `Markers.cell_kinds` of each row


def table_width(table: Table) -> int:
    return max((len(row.cells) for row in table.header + table.body), default=0)


def header_paths(rows: Sequence[TableRow], width: int) -> tuple[tuple[str, ...], ...]:
    """Header path of each column: the non-empty header texts above it, top-down."""
    return _header_paths(tuple([tuple([cell.text for cell in row.cells]) for row in rows]), width)


@lru_cache(maxsize=1 << 10)
def _header_paths(texts: tuple[tuple[str, ...], ...], width: int) -> tuple[tuple[str, ...], ...]:
    """`header_paths` of the header rows' texts, remembered: tables repeat their headers on
    every page and in every document."""
    grid = [list(row) + [""] * (width - len(row)) for row in texts]
    for upper in range(len(grid) - 1):
        grid[upper] = _align_groups(grid[upper], grid[upper + 1], width)
    filled = [list(row) for row in grid]
    for level in range(len(grid) - 1):
        current = ""
        for column in range(width):
            if grid[level][column]:
                current = grid[level][column]
            elif any(grid[above][column] for above in range(level)):
                current = ""  # a parent group starts here: do not spill into it
            elif current:
                filled[level][column] = current
    paths = []
    for column in range(width):
        path: list[str] = []
        for row in filled:
            text = row[column].strip()
            if text and (not path or text_key(path[-1]) != text_key(text)):
                path.append(text)
        paths.append(tuple(path))
    return tuple(paths)


def _align_groups(upper: list[str], lower: list[str], width: int) -> list[str]:
    """Put k group labels over the k repetitions of the row below, when it repeats. Labels that
    already stand each at the start of a repetition ('小计 | | 公务用车购置费 | | 公务用车运行费 |'
    over 预算数 | 决算数 ×3, from a PDF's spans) are where they belong and stay."""
    groups = [text for text in upper if text]
    count = len(groups)
    if count < 2 or width % count:
        return upper
    shortest = _period(lower, width)
    if shortest and all(column % shortest == 0 for column, text in enumerate(upper) if text):
        return upper
    period = width // count
    keys = [text_key(text) for text in lower]
    if period < 2 or sum(1 for key in keys[:period] if key) < 2:
        return upper
    for offset in range(period):
        if any(keys[offset + group * period] != keys[offset] for group in range(count)):
            return upper
    aligned = [""] * width
    for group, text in enumerate(groups):
        aligned[group * period] = text
    return aligned


def _period(row: list[str], width: int) -> int:
    """The shortest period (≥ 2 columns, two labels or more in each) with which `row` repeats
    over the whole width; 0 when it does not repeat."""
    keys = [text_key(text) for text in row]
    for period in range(2, width // 2 + 1):
        repeats = width % period == 0 and sum(1 for key in keys[:period] if key) >= 2
        if repeats and all(keys[column] == keys[column % period] for column in range(width)):
            return period
    return 0


def split_regimes(table: Table, markers: Markers) -> tuple[Regime, ...]:
    """The table's body cut at rows that restart the header (see module docstring)."""
    width = table_width(table)
    regimes: list[Regime] = []
    header, body = _with_code_part_row(table.header, table.body, markers)
    # a row that only numbers the columns (栏次 | 1 | 2, ** | 1 | 2) names no column
    paths = header_paths([row for row in header if not is_column_number_row(row, markers)], width)
    rows: list[TableRow] = []
    kinds: list[list[str]] = []  # `Markers.cell_kinds` of each row in `rows`
    for row in body:
        row_kinds = markers.cell_kinds(row.cells)
        if "number" not in row_kinds and header and any(rows_match(row, above) for above in header):
            continue  # the header printed again at a page break, inside the body (广州): not a new header
        if "number" not in row_kinds and is_subheader(row, markers):
            if rows or regimes or table.header:
                regimes.append(_regime(paths, rows, kinds, markers))
            paths, rows, kinds = header_paths([row], width), [], []
            continue
        rows.append(row)
        kinds.append(row_kinds)
    regimes.append(_regime(paths, rows, kinds, markers))
    return tuple(regime for regime in regimes if regime.rows) or (regimes[-1],)


def _with_code_part_row(header, body, markers: Markers):
    """(header, body) with a first body row of code-part headings only (类 | 款 | 项, under a
    spanning 科目编码) moved into the header: a reader may leave that short row in the body, and
    then the code's parts read as a label and as figures (上海 basic-expenditure tables)."""
    if not header or not body or not markers.code_part_headers:
        return header, body
    filled = [text_key(cell.text) for cell in body[0].cells if cell.text]
    if filled and all(text in markers.code_part_headers for text in filled):
        return tuple(header) + (body[0],), tuple(body[1:])
    return header, body


def is_subheader(row: TableRow, markers: Markers) -> bool:
    """A row of short headings (一级指标 | 二级指标 | … | 权重) with no figure in it."""
    cells = row.cells
    filled = [cell.text for cell in cells if cell.text]
    if len(filled) < 3 or len(filled) < SUBHEADER_FILL * len(cells):
        return False
    memo = markers.heading_cells
    for text in filled:  # stopping at the first cell that is no short text
        heading = memo.get(text, MISSING)
        if heading is MISSING:
            heading = memo.put(text, _is_heading_cell(text, markers))
        if not heading:
            return False
    return True


def _is_heading_cell(text: str, markers: Markers) -> bool:
    """A cell a restarted header may hold: a short text, not a figure."""
    return markers.cell_kind(text) == "text" and len(text_key(text)) <= SUBHEADER_CELL


def _regime(paths, rows: list[TableRow], kinds: list[list[str]], markers: Markers) -> Regime:
    realigned = _realign(rows, len(paths))
    if realigned is not rows:
        rows, kinds = realigned, [markers.cell_kinds(row.cells) for row in realigned]
    units = tuple(column_unit(path, markers) for path in paths)
    roles = column_roles(paths, rows, kinds, markers)
    return Regime(paths=paths, rows=tuple(rows), roles=roles, units=units, kinds=tuple(kinds))


def _realign(rows: list[TableRow], width: int) -> list[TableRow]:
    """Give back the leading empty cell some converters drop: when every full-width row starts
    blank, a row one cell short that starts filled is shifted one column right."""
    full = [row for row in rows if len(row.cells) == width]
    if len(full) < 2 or any(row.cells[0].text for row in full):
        return rows
    realigned = []
    for row in rows:
        if len(row.cells) == width - 1 and row.cells[0].text:
            first = row.cells[0]
            row = TableRow(row.line, (Cell("", first.line, first.column, first.column),) + row.cells)
        realigned.append(row)
    return realigned


def column_roles(paths, rows: Sequence[TableRow], kinds: Sequence[list[str]], markers: Markers) -> tuple[str, ...]:
    width = len(paths)
    roles: list[str] = []
    counts: Optional[list[list[int]]] = None  # per column: [numbers, texts], counted on demand
    for column in range(width):
        role = _header_role(paths[column], markers)
        if role is None:
            if counts is None:
                counts = _kind_counts(kinds, width)
            role = _role_of_counts(paths[column], counts[column], markers)
        roles.append(role)
    _find_code_columns(roles, rows)
    return tuple(roles)


def _kind_counts(kinds: Sequence[list[str]], width: int) -> list[list[int]]:
    """[number cells, text cells] of each of the first `width` columns, over all rows' kinds."""
    numbers, texts = [0] * width, [0] * width
    for row in kinds:
        for column, kind in enumerate(row[:width]):
            if kind == "number":
                numbers[column] += 1
            elif kind == "text":
                texts[column] += 1
    return [[number, text] for number, text in zip(numbers, texts)]


def _role_of_counts(path, counts: list[int], markers: Markers) -> str:
    numbers, texts = counts
    if numbers and texts:
        return MIXED
    if numbers:
        return VALUE
    if texts:
        return LABEL
    return VALUE if path and is_money_header(path, markers) else EMPTY


def _header_role(path: tuple[str, ...], markers: Markers) -> Optional[str]:
    if not path:
        return None
    memo = markers.header_roles
    found = memo.get(path, MISSING)
    return found if found is not MISSING else memo.put(path, _header_role_of(path, markers))


def _header_role_of(path: tuple[str, ...], markers: Markers) -> Optional[str]:
    last = text_key(path[-1])
    if any(text_key(element).endswith(markers.code_headers) for element in path if markers.code_headers):
        return CODE
    if last in markers.code_part_headers:
        return CODE
    if last in markers.index_headers:
        return INDEX
    if last in markers.attribute_headers:
        return ATTRIBUTE
    return None


def _find_code_columns(roles: list[str], rows: Sequence[TableRow]) -> None:
    """Leftmost columns of bare digits followed by a label column hold subject codes."""
    group: list[int] = []
    for column, role in enumerate(roles):
        if role == CODE:
            continue
        if role in (LABEL, VALUE) and _all_code_pieces(column, rows):
            group.append(column)
            continue
        break
    if not group:
        return
    following = group[-1] + 1
    long_enough = any(
        len(row.cells[column].text) in (3, 5, 7) for column in group for row in rows if column < len(row.cells)
    )
    if long_enough and following < len(roles) and roles[following] == LABEL:
        for column in group:
            roles[column] = CODE


def _all_code_pieces(column: int, rows: Sequence[TableRow]) -> bool:
    pieces = [row.cells[column].text for row in rows if column < len(row.cells) and row.cells[column].text]
    return bool(pieces) and all(is_code_piece(piece) for piece in pieces)


@lru_cache(maxsize=1 << 12)
def is_code_piece(text: str) -> bool:
    """A cell of a code column: 2 to 7 digits (a whole code, or its 类, 款 or 项 part)."""
    return bool(_CODE_PIECE.match(fold_narrow(text)))


def is_money_header(path: tuple[str, ...], markers: Markers) -> bool:
    """A header that names a figure: a year, a period word, a concept or a unit."""
    for element in path:
        if markers.first_year(element) or column_unit((element,), markers):
            return True
        if header_concept(element, markers):
            return True
        if markers.period_of(element, 2000) is not None:
            return True
    return False


def header_concept(element: str, markers: Markers) -> Optional[str]:
    """Concept of a header cell, ignoring a leading year or period word ('2024年基本支出')."""
    concept = markers.label_concept(element)
    if concept:
        return concept
    stripped = markers.leading_year.sub("", fold_narrow(element)).strip()
    if stripped != fold_narrow(element).strip() and stripped:
        concept = markers.label_concept(stripped)
        if concept:
            return concept
    key = text_key(stripped or element)
    for word in markers.current_words + markers.prior_words:
        if word and key.startswith(text_key(word)) and len(key) > len(text_key(word)):
            concept = markers.label_concept(key[len(text_key(word)):])
            if concept:
                return concept
    return None


def column_unit(path: tuple[str, ...], markers: Markers) -> Optional[str]:
    """A unit written in a header, '当年预算（万元）' or '权重（%）', overriding the table's."""
    memo = markers.column_units
    found = memo.get(path, MISSING)
    return found if found is not MISSING else memo.put(path, _column_unit(path, markers))


_BRACKETED_END = re.compile(r"\(\s*([^()]+?)\s*\)\s*$")


def _column_unit(path: tuple[str, ...], markers: Markers) -> Optional[str]:
    for element in reversed(path):
        match = _BRACKETED_END.search(fold_narrow(element))
        if not match:
            continue
        inner = match.group(1)
        if inner == PERCENT:
            return PERCENT
        if inner in markers.money_units:
            return inner
        unit = markers.unit_of(inner)
        if unit:
            return unit
    return None
