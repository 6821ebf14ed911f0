"""Line classification: source lines -> `Line` values (blank, row, unit, meta, note, annex, heading, text).

The parser works in two passes: this one says what each line looks like on its own, the next
ones (tables, narrative) decide what it means in context. Table rows keep every cell with its
1-based column span (end exclusive) so a figure can be cited to the character.
"""

from __future__ import annotations

import re
from typing import Optional

from engine.model import Cell
from engine.parse.markers import MISSING, Markers, text_key
from engine.parse.numbers import fold_narrow
from engine.record import frozen

BLANK = "blank"
ROW = "row"  # tab-separated or markdown pipe row
SEPARATOR = "separator"  # markdown |---|---| line
SPACED = "spaced"  # a line that splits into cells on runs of 2+ spaces (only used inside tables)
UNIT = "unit"
SHEET_HEAD = "sheet head"  # a sheet row holding only a title, unit and meta cells
META = "meta"
NOTE = "note"
ANNEX = "annex"
HEADING = "heading"
TEXT = "text"

_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"^(\*\*|__|\*)(.+?)\1$")
_SPACE_RUN = re.compile(r"\S+(?: \S+)*")


@frozen
class Line:
    """One source line and what it looks like. `text` is the content without heading markup."""

    number: int
    raw: str
    kind: str
    text: str
    column: int = 1  # 1-based column of `text` in `raw`
    cells: tuple[Cell, ...] = ()
    level: int = 0  # heading level
    markdown: bool = False  # written as a '#' heading
    key: str = ""  # meta key, annex label
    value: str = ""  # meta value, annex rest-of-line


def classify_lines(lines: tuple[str, ...], markers: Markers) -> tuple[Line, ...]:
    return tuple([classify_line(number, raw, markers) for number, raw in enumerate(lines, start=1)])


def classify_line(number: int, raw: str, markers: Markers) -> Line:
    """What one line looks like, without looking at its neighbours."""
    stripped = raw.strip()
    if not stripped:
        return Line(number, raw, BLANK, "")
    if "\t" in raw:
        cells = split_tabs(raw, number)
        filled = [cell for cell in cells if cell.text]
        if not filled:
            return Line(number, raw, BLANK, "")
        if len(filled) == 1:
            # a title, unit or note line exported into a sheet row: read it as that line (a unit
            # may stand in any cell: Excel exports right-align '单位：万元' in the last column)
            single = _classify_text(number, raw, filled[0].text, filled[0].column, markers)
            if single.kind in (UNIT, META, NOTE, ANNEX) or (filled[0] is cells[0] and (
                single.kind == TEXT and markers.is_title_like(single.text) and markers.names_table(single.text)
            )):
                return single
        if len(filled) > 1 and _all_sheet_head(filled, markers):
            return Line(number, raw, SHEET_HEAD, stripped, 1, cells)
        return Line(number, raw, ROW, stripped, 1, cells)  # positional: once per row
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _PIPE_SEPARATOR.match(fold_narrow(stripped)):
            return Line(number, raw, SEPARATOR, stripped)
        return Line(number, raw, ROW, stripped, cells=split_pipes(raw, number))
    heading = _MARKDOWN_HEADING.match(raw)
    if heading:
        text, column = _unemphasized(heading.group(2), heading.start(2) + 1)
        line = _classify_text(number, raw, text, column, markers)
        if line.kind in (ANNEX, UNIT, META, NOTE):
            return line
        level = markers.heading_level(text)
        return Line(
            number, raw, HEADING, text, column, level=level[0] if level else len(heading.group(1)), markdown=True
        )
    column = len(raw) - len(raw.lstrip()) + 1
    inner, inner_column = _unemphasized(stripped, column)
    if inner != stripped:
        emphasized = _classify_text(number, raw, inner, inner_column, markers)
        if emphasized.kind in (HEADING, ANNEX, UNIT, META, NOTE):
            return emphasized
    return _classify_text(number, raw, stripped, column, markers)


def _unemphasized(text: str, column: int) -> tuple[str, int]:
    """'**一、概况**' -> '一、概况': markdown emphasis around a whole line hides a heading."""
    match = _EMPHASIS.match(text)
    if not match:
        return text, column
    inner = match.group(2)
    return inner.strip(), column + len(match.group(1)) + (len(inner) - len(inner.lstrip()))


def _classify_text(number: int, raw: str, text: str, column: int, markers: Markers) -> Line:
    folded = fold_narrow(text)
    annex = markers.annex_line.match(folded)
    if annex:
        label = re.sub(r"\s+", "", annex.group("label"))
        label = re.sub(r"[—–]", "-", label)
        rest = text[annex.start("rest"):].strip() if annex.group("rest") else ""
        return Line(number, raw, ANNEX, text, column, key=label, value=rest)
    meta = markers.meta_line.match(folded)
    if meta:
        value = text[meta.start("value"):]
        unit = markers.unit_anywhere.search(fold_narrow(value))
        value = (value[: unit.start()] if unit else value).strip()  # '编制单位：某局   单位：元
        return Line(number, raw, META, text, column, key=meta.group("key"), value=value)
    if markers.unit_line.match(folded):
        return Line(number, raw, UNIT, text, column, value=markers.unit_of(text) or "")
    if markers.note_line.match(folded):
        return Line(number, raw, NOTE, text, column)
    if _is_plain_heading(text, markers):
        level = markers.heading_level(text)
        return Line(number, raw, HEADING, text, column, level=level[0] if level else 1)
    spaced = split_spaces(raw, number)
    if len(spaced) >= 2:
        return Line(number, raw, SPACED, text, column, spaced)
    return Line(number, raw, TEXT, text, column)


def _all_sheet_head(cells: list[Cell], markers: Markers) -> bool:
    """Every cell belongs above a table (a loop: a row's first cell usually answers no)."""
    return all(sheet_head_kind(cell.text, markers) for cell in cells)


def sheet_head_kind(text: str, markers: Markers) -> Optional[str]:
    """'unit', 'meta' or 'title' for a cell that belongs above a table, else None (memoised:
    every filled cell of a sheet row is asked, and row labels recur)."""
    memo = markers.sheet_heads
    found = memo.get(text, MISSING)
    return found if found is not MISSING else memo.put(text, _sheet_head_kind(text, markers))


def _sheet_head_kind(text: str, markers: Markers) -> Optional[str]:
    folded = fold_narrow(text).strip()
    if markers.unit_line.match(folded):
        return "unit"
    if markers.meta_line.match(folded):
        return "meta"
    if markers.is_title_like(text) and markers.names_table(text):
        return "title"
    return None


UNNUMBERED_LIMIT = 40  # longest unnumbered heading: a unit's full name and the part's ('…办事处（部门）主要职能')


def _is_plain_heading(text: str, markers: Markers) -> bool:
    """'一、单位基本情况', '（一）职能职责。' are headings, and a line that is one of the vocabulary's
    unnumbered headings ('名词解释') or a short line ending with one of its unnumbered heading
    suffixes ('上海市普陀区财政局主要职能'); list items and sentences are not.

    A heading is short and has no inner clause punctuation; a Chinese-numeral heading may end
    with '。' ('（一）职能职责。'), an Arabic one ('1.…') may not, since numbered duties end so.
    """
    marker = markers.heading_level(text)
    if marker is None:
        key = text_key(text)
        if key in markers.unnumbered_headings:
            return True
        suffixes = markers.unnumbered_heading_suffixes
        return bool(suffixes) and key.endswith(suffixes) and _short_clause(fold_narrow(text).strip(), UNNUMBERED_LIMIT)
    level, length = marker
    body = fold_narrow(text[length:]).strip()
    if not body:
        return bool(markers.heading_part.match(fold_narrow(text)))
    limit = 30 if level < 3 else 20
    if level < 3 and body.endswith(("。", ":")) or level == 3 and body.endswith(":"):
        body = body[:-1]
    return _short_clause(body, limit)


def _short_clause(body: str, limit: int) -> bool:
    """At most `limit` characters and no inner clause punctuation: a heading, not a sentence."""
    return len(body) <= limit and not any(mark in body for mark in "。,;:!?、")


def split_tabs(raw: str, number: int) -> tuple[Cell, ...]:
    cells = []
    start = 1  # column of the piece
    for piece in raw.split("\t"):
        end = start + len(piece)
        text = piece.strip()
        if text is piece or not text:  # nothing stripped (the usual cell), or a blank cell
            cells.append(Cell(text, number, start, end if text else start))
        else:
            column = end - len(piece.lstrip())
            cells.append(Cell(text, number, column, column + len(text)))
        start = end + 1
    return tuple(cells)


def split_pipes(raw: str, number: int) -> tuple[Cell, ...]:
    first = raw.index("|")
    end = raw.rstrip().rindex("|")
    body = raw[first + 1:end] if end > first else raw[first + 1:]
    cells = []
    start = first + 1
    for piece in body.split("|"):
        cells.append(_cell(piece, start, number))
        start += len(piece) + 1
    return tuple(cells)


def split_spaces(raw: str, number: int) -> tuple[Cell, ...]:
    """Cells separated by runs of two or more spaces (fixed-width text exports)."""
    return tuple(
        Cell(match.group(0), number, match.start() + 1, match.end() + 1)
        for match in _SPACE_RUN.finditer(raw.replace("\u3000", " "))
    )


def _cell(piece: str, start: int, number: int) -> Cell:
    text = piece.strip()
    offset = start + (len(piece) - len(piece.lstrip())) if text else start
    return Cell(text, number, offset + 1, offset + 1 + len(text))


