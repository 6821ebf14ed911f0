"""What stands above a table's rows: title, unit and meta lines -> `Preamble`.

Looking upwards from the first row we collect 单位：万元 lines, 编制单位：… lines and sheet rows
that hold only such cells (a title and its unit exported side by side), until the title: a
heading, a short line naming a table (or any short line when a unit line follows it), or an
annex line that carries the title after its label ('附件2：…表'). A label alone under the line
naming the table ('收支预算总表' over '公开表一') is passed over to that line; a title that only numbers the
table ('公开 01 表') gives way to a line right above it naming a known table kind, and a title that names
none ('表') is joined to the line above when the two name one ('“三公”经费、会议费、培训费支出预算' / '表').
A short text line under a meta line (a unit line may stand between) ends that meta line's value.
"""

from __future__ import annotations

from typing import Optional

from engine.parse.lines import ANNEX, BLANK, HEADING, META, SHEET_HEAD, SPACED, TEXT, UNIT, Line, sheet_head_kind
from engine.parse.markers import Markers
from engine.parse.numbers import fold_narrow
from engine.record import frozen

LOOKBACK = 8  # non-blank lines searched above the rows
CONTINUATION = 16  # characters at most of the end of a meta value printed on a line of its own


@frozen
class Preamble:
    title: str = ""
    title_line: Optional[int] = None
    unit: Optional[str] = None
    meta: tuple[tuple[str, str, int], ...] = ()
    lines: frozenset[int] = frozenset()


def read_preamble(lines: tuple[Line, ...], start: int, markers: Markers, taken: set[int]) -> Preamble:
    """The preamble of the rows starting at index `start`; lines already `taken` end the search."""
    units: list[str] = []
    meta: list[tuple[str, str, int]] = []
    used: set[int] = set()
    title, title_line = "", None
    continued = ""  # the end of a meta value printed below the lines that follow it
    index, seen = start - 1, 0
    while index >= 0 and seen < LOOKBACK and title_line is None:
        line = lines[index]
        index -= 1
        if line.number in taken:
            break
        if line.kind == BLANK:
            continue
        seen += 1
        if line.kind == UNIT:
            units.insert(0, line.value)
        elif line.kind == META:
            meta.insert(0, (line.key, line.value + continued, line.number))
            units.insert(0, markers.unit_of(line.text) or "")
            continued = ""
        elif line.kind == TEXT and not continued and _continues_meta_above(lines, index, line, markers):
            continued = line.text.strip()  # '部门名称：江苏省人大' / '单位:万元' / '常委会办公厅'
        elif line.kind == SHEET_HEAD or (line.kind == SPACED and all(
                sheet_head_kind(cell.text, markers) in ("unit", "meta") for cell in line.cells)):
            # a sheet row, or a line spacing out '部门：某局      单位：万元' (a PDF's line above a grid)
            found_title = _read_sheet_head(line, markers, units, meta)
            if found_title is not None:
                title, title_line = found_title, line.number
        elif line.kind == ANNEX and not line.value and _label_under_title(lines, index, markers):
            pass  # a label alone between its title and the unit line ('公开表一' under '收支预算总表')
        elif line.kind == TEXT and (broken_unit := markers.broken_unit(line.text)):
            units.insert(0, broken_unit)  # '单位：万' over '部门名称：某院    元'
        elif _is_title(line, markers, any(units)):
            title, title_line = (line.value if line.kind == ANNEX else line.text).strip(), line.number
        else:
            break
        used.add(line.number)
    if title_line is not None and markers.is_table_label(title):
        named = _kind_line_above(lines, index, markers, taken)
        if named is not None:
            title, title_line = named.text.strip(), named.number
            used.add(named.number)
    elif title_line is not None and markers.table_kind(title) is None:
        broken = _title_begun_above(lines, index, title, markers, taken)
        if broken is not None:
            title, title_line = broken.text.strip() + title, broken.number
            used.add(broken.number)
    return Preamble(
        title=title,
        title_line=title_line,
        unit=next((unit for unit in units if unit), None),
        meta=tuple(meta),
        lines=frozenset(used),
    )


def _kind_line_above(lines: tuple[Line, ...], index: int, markers: Markers, taken: set[int]) -> Optional[Line]:
    """The first non-blank line at or above `index` when it names a known table kind: the title
    a numbering label ('公开 01 表') stands under."""
    while index >= 0 and lines[index].kind == BLANK:
        index -= 1
    if index < 0 or lines[index].number in taken:
        return None
    line = lines[index]
    if line.kind not in (TEXT, SPACED, HEADING) or not markers.is_title_like(line.text):
        return None
    return line if markers.table_kind(line.text) is not None else None


def _title_begun_above(
    lines: tuple[Line, ...], index: int, title: str, markers: Markers, taken: set[int]
) -> Optional[Line]:
    """The line at or above `index` that begins a title broken over two lines ('“三公”经费、会议费、
    培训费支出预算' over '表'): the two together name a known table kind, the fragment alone does not."""
    while index >= 0 and lines[index].kind == BLANK:
        index -= 1
    if index < 0 or lines[index].number in taken:
        return None
    line = lines[index]
    if line.kind not in (TEXT, SPACED, HEADING) or not markers.is_title_like(line.text + title):
        return None
    return line if markers.table_kind(line.text.strip() + title) is not None else None


def _continues_meta_above(lines: tuple[Line, ...], index: int, line: Line, markers: Markers) -> bool:
    """Whether a short text line under a meta line (a unit line may stand between) ends that meta
    line's value: the PDF broke '部门名称：江苏省人大常委会办公厅' and printed the rest below '单位:万元'."""
    text = line.text.strip()
    if not text or len(text) > CONTINUATION or any(c.isdigit() for c in text) or markers.names_table(text):
        return False
    above: list[Line] = []
    while index >= 0 and len(above) < 2:
        if lines[index].kind != BLANK:
            above.append(lines[index])
        index -= 1
    if not above or above[0].kind not in (META, UNIT):
        return False
    return any(found.kind == META for found in above)


def _read_sheet_head(line: Line, markers: Markers, units: list[str], meta: list) -> Optional[str]:
    title = None
    found_units, found_meta = [], []
    for cell in line.cells:
        kind = sheet_head_kind(cell.text, markers) if cell.text else None
        if kind == "unit":
            found_units.append(markers.unit_of(cell.text) or "")
        elif kind == "meta":
            match = markers.meta_line.match(fold_narrow(cell.text))
            assert match is not None  # "meta" means this pattern matched the (stripped) cell text
            found_meta.append((match.group("key"), cell.text[match.start("value"):].strip(), cell.line))
            found_units.append(markers.unit_of(cell.text) or "")
        elif kind == "title":
            title = cell.text.strip()
    units[:0] = found_units
    meta[:0] = found_meta
    return title


def _label_under_title(lines: tuple[Line, ...], index: int, markers: Markers) -> bool:
    """Is the nearest non-blank line above `index` (inclusive) a line naming a table?"""
    while index >= 0 and lines[index].kind == BLANK:
        index -= 1
    return index >= 0 and lines[index].kind in (TEXT, SPACED, HEADING) and markers.names_table(lines[index].text)


def _is_title(line: Line, markers: Markers, has_unit_line: bool) -> bool:
    if line.kind == ANNEX:
        return bool(line.value) and markers.is_title_like(line.value)
    if line.kind == HEADING:
        return line.markdown or markers.names_table(line.text)
    if line.kind in (TEXT, SPACED):
        return markers.is_title_like(line.text) and (has_unit_line or markers.names_table(line.text))
    return False
