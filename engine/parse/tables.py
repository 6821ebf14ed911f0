"""Table assembly: classified `Line`s -> `Table`s (title, unit, meta, header, body, notes).

A table is a block of row lines (tab-separated, markdown pipes, or space-aligned right after a
unit line) plus what surrounds it: the title line and the 单位/编制单位 lines above it, the
备注/注 lines below it. Tables split over pages (title, unit line and header repeated, the
header sometimes truncated) are merged back into one, because rules reason about a table, not a
page. Tables that merely share a title (one 绩效 table per project) stay apart: a continuation
repeats the header rows, or has none, and does not restart the body.
"""

from __future__ import annotations

import re
from typing import Optional

from engine.model import Note, Table, TableRow
from engine.parse.lines import BLANK, META, NOTE, ROW, SEPARATOR, SPACED, UNIT, Line
from engine.parse.markers import MISSING, Markers, text_key
from engine.parse.numbers import fold_narrow
from engine.parse.preamble import read_preamble
from engine.record import evolve, frozen

MAX_HEADER_ROWS = 4
_BLOCK_KINDS = (ROW, SEPARATOR, SPACED)  # kinds of lines that may start a block of rows
HEADER_MATCH = 0.8  # share of header cells that must agree for a repeated header


@frozen
class _Draft:
    """A table under construction; `first_line`..`last_line` is what it occupies in the source."""

    title: str
    title_line: int
    first_line: int
    last_line: int
    unit: str
    unit_declared: bool
    meta: tuple[tuple[str, str, int], ...]
    header: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    notes: tuple[Note, ...]
    lines: frozenset[int]
    continuation_lines: tuple[int, ...] = ()


def assemble_tables(
    lines: tuple[Line, ...], markers: Markers, default_unit: str
) -> tuple[tuple[Table, ...], frozenset[int]]:
    """Tables in document order, and the numbers of every line they consumed."""
    drafts: list[_Draft] = []
    taken: set[int] = set()
    index = 0
    while index < len(lines):
        if lines[index].kind not in _BLOCK_KINDS or not _starts_block(lines, index):
            index += 1
            continue
        rows, end = _collect_rows(lines, index)
        draft = _draft(lines, index, rows, end, markers, default_unit, taken)
        taken |= draft.lines
        drafts.append(draft)
        index = max(end, draft.last_line)
    merged: list[_Draft] = []
    for draft in drafts:
        continued = _continue(merged[-1], draft, lines, markers) if merged else None
        if continued is not None:
            merged[-1] = continued
        else:
            merged.append(draft)
    tables = tuple(_finish(draft, markers) for draft in merged)
    return tables, frozenset(taken)


# -- blocks of rows ------------------------------------------------------------------------


def _starts_block(lines: tuple[Line, ...], index: int) -> bool:
    kind = lines[index].kind
    if kind in (ROW, SEPARATOR):
        return True
    if kind != SPACED:
        return False
    previous = _previous_non_blank(lines, index)
    return previous is not None and lines[previous].kind in (UNIT, META)


def _collect_rows(lines: tuple[Line, ...], start: int) -> tuple[list[Line], int]:
    """Row lines from `start`, across blank lines, until a line of another kind; end is exclusive."""
    kinds = (SPACED,) if lines[start].kind == SPACED else (ROW, SEPARATOR)
    rows: list[Line] = []
    index = start
    while index < len(lines):
        if lines[index].kind in kinds:
            rows.append(lines[index])
            index += 1
            continue
        following = index
        while following < len(lines) and lines[following].kind == BLANK:
            following += 1
        if following > index and following < len(lines) and lines[following].kind in kinds:
            index = following
            continue
        break
    return rows, rows[-1].number  # number of the last row == index after it


def _draft(
    lines: tuple[Line, ...],
    start: int,
    row_lines: list[Line],
    end: int,
    markers: Markers,
    default_unit: str,
    taken: set[int],
) -> _Draft:
    preamble = read_preamble(lines, start, markers, taken)
    occupied = {line.number for line in row_lines} | preamble.lines
    separator = next((i for i, line in enumerate(row_lines) if line.kind == SEPARATOR), None)
    rows = [TableRow(line.number, line.cells) for line in row_lines if line.kind != SEPARATOR]
    header_count = separator if separator is not None else header_length(rows, markers)
    if 0 < header_count < len(rows):
        parts = _code_parts_apart(rows[header_count], markers)
        rows[header_count:header_count + 1] = parts
        header_count += len(parts) - 1
    notes, last = _notes(lines, end)
    occupied |= {note.line for note in notes}
    declared = preamble.unit or markers.unit_of(preamble.title)
    return _Draft(
        title=preamble.title,
        title_line=preamble.title_line or row_lines[0].number,
        first_line=min(occupied),
        last_line=max(last, row_lines[-1].number),
        unit=declared or default_unit,
        unit_declared=bool(declared),
        meta=preamble.meta,
        header=tuple(rows[:header_count]),
        body=tuple(rows[header_count:]),
        notes=notes,
        lines=frozenset(occupied),
    )


def _code_parts_apart(row: TableRow, markers: Markers) -> list[TableRow]:
    """The first body row, split in two when its leading cells are the code-part headers
    ('类 | 款 | 项 | 合计 | 2,946.25': the Putuo 收入决算表 prints the last header row of its
    code columns in the 合计 row): a header row of those cells, and the row without them."""
    keys = [text_key(cell.text) for cell in row.cells]
    parts = markers.code_part_headers
    width = len(parts)
    if not parts or len(keys) <= width or tuple(keys[:width]) != tuple(parts):
        return [row]
    header = TableRow(row.line, tuple(cell if index < width else evolve(cell, text="")
                                      for index, cell in enumerate(row.cells)))
    body = TableRow(row.line, tuple(evolve(cell, text="") if index < width else cell
                                    for index, cell in enumerate(row.cells)))
    return [header, body]


def _notes(lines: tuple[Line, ...], end: int) -> tuple[tuple[Note, ...], int]:
    """备注/注 lines after the rows (blank lines between allowed); `end` is a line number."""
    notes: list[Note] = []
    last = end
    index = end  # lines[end] is the line after line number `end`
    while index < len(lines) and lines[index].kind in (BLANK, NOTE):
        if lines[index].kind == NOTE:
            notes.append(Note(lines[index].text, lines[index].number))
            last = lines[index].number
        index += 1
    return tuple(notes), last


def _previous_non_blank(lines: tuple[Line, ...], index: int) -> Optional[int]:
    index -= 1
    while index >= 0 and lines[index].kind == BLANK:
        index -= 1
    return index if index >= 0 else None


# -- header rows ---------------------------------------------------------------------------


def header_length(rows: list[TableRow], markers: Markers) -> int:
    """Leading rows that are header: through a row numbering the columns ('栏次 | 1 | 2', or
    '1 | 2 | … | 12') when one comes early, as everything above it is header; else until a row
    holds a number or a code, starts with a list marker, or has nothing after its first two
    cells (the '合计' row of an empty table)."""
    numbering = next(
        (index for index, row in enumerate(rows[:MAX_HEADER_ROWS]) if is_column_number_row(row, markers)), None
    )
    if numbering is not None and numbering + 1 < len(rows):
        return numbering + 1
    count = 0
    for row in rows[:MAX_HEADER_ROWS]:
        spanning_label = count == 0 and (_spans_the_header(rows, markers) or _names_over_figure_headers(rows, markers))
        if is_body_row(row, markers) and not is_column_number_row(row, markers) and not spanning_label:
            break
        count += 1
    if count == len(rows):
        return 1 if len(rows) > 1 else 0
    return count


def is_body_row(row: TableRow, markers: Markers) -> bool:
    texts = [cell.text for cell in row.cells]
    if len(texts) > 2 and not any(texts[2:]) and not _names_code_column(texts, markers):
        return True
    memo = markers.body_cells
    for text in texts:
        if text:
            body = memo.get(text, MISSING)
            if body is MISSING:
                body = memo.put(text, _is_body_cell(text, markers))
            if body:
                return True
    return False


def _spans_the_header(rows: list[TableRow], markers: Markers) -> bool:
    """'财政拨款“三公”经费 | | …' over '合计 | | 因公出国（境）费 | …': a first row with a label and
    nothing else, over a row of labels only, is a group label spanning the header (an empty table's
    '合计' row has header rows above it, not below)."""
    first = [cell.text for cell in rows[0].cells]
    if len(rows) < 2 or any(first[1:]) or not first or _is_body_cell(first[0], markers):
        return False
    below = [cell.text for cell in rows[1].cells]
    return sum(1 for text in below if text) >= 2 and not is_body_row(rows[1], markers)


def _names_over_figure_headers(rows: list[TableRow], markers: Markers) -> bool:
    """'功能科目名称 | 一般公共预算支出 | |' over '| 小计 | 其中：基本支出 | 项目支出' (广州 表5): a first
    row whose cells after its label all name figures (vocabulary concepts), over a row of such
    names only, is header, though it looks like an empty table's '合计' row. A key/value row
    ('项目名称 | 某项目' over '主管部门 | 某局 | …', 绩效 tables) has values that name no figure."""
    if len(rows) < 2:
        return False
    first = [cell.text for cell in rows[0].cells]
    names = [text for text in first[1:] if text]
    if not first or not first[0] or not names or _is_body_cell(first[0], markers):
        return False
    below = [cell.text for cell in rows[1].cells if cell.text]
    return (
        len(below) >= 2
        and all(_names_a_figure(text, markers) for text in names + below)
        and not is_body_row(rows[1], markers)
    )


def _names_a_figure(text: str, markers: Markers) -> bool:
    """A header cell naming a figure: a vocabulary concept, after a filler ('其中：基本支出')."""
    return not _is_body_cell(text, markers) and markers.label_concept(markers.strip_fillers(text)) is not None


def _names_code_column(texts: list[str], markers: Markers) -> bool:
    """'科目编码 | | …': a header row naming the code column, whose other cells span from above
    (not the '合计' row of an empty table, which it resembles)."""
    first = text_key(next((text for text in texts if text), ""))
    return any(first.endswith(header) for header in markers.code_headers if header)


def _is_body_cell(text: str, markers: Markers) -> bool:
    """A cell only a body row holds: a figure, a subject code or a list marker (remembered
    per text: labels recur, and every row is asked when a table is finished)."""
    return markers.cell_kind(text) == "number" or is_code(text) or markers.heading_level(text) is not None


def is_column_number_row(row: TableRow, markers: Markers) -> bool:
    """'栏次 | 1 | 2 | 3', or '1 | 2 | 3 | 4' alone (a 三公 table has no label column): a header
    row that numbers the columns. Figures never run 1, 2, 3 … in every cell."""
    filled = [cell.text for cell in row.cells if cell.text]
    if filled and text_key(filled[0]) in markers.column_number_rows:
        return True
    numbers = [fold_narrow(text).strip() for text in filled]
    return len(numbers) >= 3 and numbers == [str(value) for value in range(1, len(numbers) + 1)]


def is_code(text: str) -> bool:
    """A budget subject code: 3, 5 or 7 digits (functional 类/款/项; economic 类/款)."""
    folded = fold_narrow(text).strip()
    return folded.isdigit() and folded.isascii() and len(folded) in (3, 5, 7)


def rows_match(first: TableRow, second: TableRow) -> bool:
    """Two header rows say the same, allowing a truncated cell ('一般公共预' for '一般公共预算')."""
    return _keys_match(_row_keys(first), _row_keys(second))


def _row_keys(row: TableRow) -> tuple[str, ...]:
    return tuple([text_key(cell.text) for cell in row.cells])


def _keys_match(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """`rows_match` on the rows' text keys."""
    if len(left) < len(right):
        left += ("",) * (len(right) - len(left))
    elif len(right) < len(left):
        right += ("",) * (len(left) - len(right))
    compared = agreed = 0
    for one, other in zip(left, right):
        if not one and not other:
            continue
        compared += 1
        prefix = one.startswith(other) or other.startswith(one)
        truncated = one and other and min(len(one), len(other)) >= 2 and prefix
        if one == other or truncated:
            agreed += 1
    return compared > 0 and agreed >= HEADER_MATCH * compared


# -- page continuations --------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[\s\-—–－]*\d(?: ?\d){0,3}[\s\-—–－]*$")  # '— 1 2 —' letter-spaced too


def _page_furniture(text: str, markers: Markers) -> bool:
    """A page number ('— 3 —', '12') or a table number repeated on every page ('表 8') between
    a table and its next page: not text that ends the table."""
    folded = fold_narrow(text).strip()
    return bool(_PAGE_NUMBER.match(folded)) or markers.is_table_label(folded)


def _continue(previous: _Draft, draft: _Draft, lines: tuple[Line, ...], markers: Markers) -> Optional[_Draft]:
    """`previous` with `draft` appended when `draft` is its next page, else None."""
    if previous.notes:
        return None
    if not draft.title:
        if draft.meta or draft.unit_declared or not _same_width(previous, draft):
            return None  # rows of another shape, or a preamble of their own: not this table's next page
    elif markers.title_key(draft.title) != markers.title_key(previous.title):
        return None
    between = range(previous.last_line + 1, draft.first_line)
    for number in between:
        line = lines[number - 1]
        if line.kind != BLANK and not _page_furniture(line.text, markers):
            return None
    if draft.meta and [item[:2] for item in draft.meta] != [item[:2] for item in previous.meta]:
        return None
    rows = draft.header + draft.body
    repeated = len(previous.header)
    if repeated and len(rows) > repeated and all(rows_match(row, header) for row, header in zip(rows, previous.header)):
        body = rows[repeated:]
    elif not draft.header:
        body = rows
        if not previous.header and previous.body and _same_key(previous.body[0], body[0]):
            return None
    else:
        return None
    if previous.body and _same_cells(previous.body[0], body[0]):
        return None  # a duplicate table, not a next page
    return evolve(
        previous,
        last_line=draft.last_line,
        body=previous.body + body,
        notes=draft.notes,
        lines=previous.lines | draft.lines,
        continuation_lines=previous.continuation_lines + (draft.title_line,) + draft.continuation_lines,
    )


_CUT_FIGURE = re.compile(r"\d[\d,]*\.\d")  # '12,437.3': its last digit went to the next page
_FIGURE_END = re.compile(r"\d")
_WHOLE_FIGURE = re.compile(r"-?\d[\d,]*\.\d\d")


def _cut_by_the_page(last: TableRow, first: TableRow) -> Optional[TableRow]:
    """The row cut in two by the page break, joined; None when `first` is a row of its own.

    A row whose cell wraps is cut where the page ends: the label's last characters and a figure's
    last digit ('12,437.3' | '6') open the next page as a row with no figure of its own. Such a
    first row holds, besides its label, only single digits under figures of the last row that
    stop one decimal short of the row's other figures; read apart, it is a row '6' and the figure
    is 12,437.3."""
    if len(last.cells) != len(first.cells) or len(first.cells) < 2:
        return None
    cut = [index for index, cell in enumerate(first.cells[1:], 1) if cell.text]
    if not cut or not first.cells[0].text or any(
        not (_FIGURE_END.fullmatch(first.cells[index].text) and _CUT_FIGURE.fullmatch(last.cells[index].text))
        for index in cut
    ):
        return None
    if not any(_WHOLE_FIGURE.fullmatch(cell.text) for index, cell in enumerate(last.cells) if index not in cut):
        return None  # the row's other figures must show what a whole one looks like (two decimals)
    joined = [evolve(cell, text=cell.text + first.cells[index].text) if index == 0 or index in cut else cell
              for index, cell in enumerate(last.cells)]
    return evolve(last, cells=tuple(joined))


def _same_width(previous: _Draft, draft: _Draft) -> bool:
    """An untitled block continues a table only when its rows have the table's number of cells."""
    widths = {len(row.cells) for row in previous.header + previous.body}
    return bool(widths) and all(len(row.cells) in widths for row in draft.header + draft.body)


def _same_key(first: TableRow, second: TableRow) -> bool:
    """Both rows open with the same text key: a new key/value block, not more of the list."""
    one = text_key(first.cells[0].text) if first.cells else ""
    other = text_key(second.cells[0].text) if second.cells else ""
    return bool(one) and one == other


def _same_cells(first: TableRow, second: TableRow) -> bool:
    return [text_key(cell.text) for cell in first.cells] == [text_key(cell.text) for cell in second.cells]


def _finish(draft: _Draft, markers: Markers) -> Table:
    """Freeze a draft; header rows repeated inside the body (a page break without a title) go."""
    body: list[TableRow] = []
    continuation = list(draft.continuation_lines)
    rows = list(draft.body)
    size = len(draft.header)
    header_keys = [_row_keys(row) for row in draft.header]
    keys: list[Optional[tuple[str, ...]]] = [None] * len(rows)  # filled when first compared

    def matches_header(start: int) -> bool:
        for offset in range(size):
            key = keys[start + offset]
            if key is None:
                key = keys[start + offset] = _row_keys(rows[start + offset])
            if not _keys_match(key, header_keys[offset]):
                return False
        return True

    # a header row shaped like a body row (a label and one name: '功能科目名称 | 一般公共预算支出 | |')
    # is matched again when repeated; a window row holding a figure or a code never is
    shaped_like_body = [is_body_row(row, markers) for row in draft.header]

    def header_like(row: TableRow, offset: int) -> bool:
        if not is_body_row(row, markers):
            return True
        if not shaped_like_body[offset]:
            return False
        return not any(_is_body_cell(cell.text, markers) for cell in row.cells if cell.text)

    index = 0
    while index < len(rows):
        # a window opening with a body row is never a repeated header: test that (cheap) first
        if size and index + size <= len(rows) and header_like(rows[index], 0) and matches_header(index):
            window = rows[index : index + size]
            if all(header_like(row, offset) for offset, row in enumerate(window)):
                continuation.append(window[0].line)
                index += size
                continue
        if body and (joined := _cut_by_the_page(body[-1], rows[index])) is not None:
            body[-1] = joined
        else:
            body.append(rows[index])
        index += 1
    return Table(
        title=draft.title,
        title_line=draft.title_line,
        kind=markers.table_kind(draft.title) if draft.title else None,
        unit=draft.unit,
        unit_declared=draft.unit_declared,
        header=draft.header,
        body=tuple(body),
        notes=draft.notes,
        continuation_lines=tuple(continuation),
        meta=draft.meta,
    )
