"""Parse stage: `Source` -> `Document` (metadata, sections, paragraphs, tables with cell places).

Works for both layouts seen in practice: markdown-ish exports ('#' headings, tab rows) and plain
text ('一、' headings, '附件 N' lines, tables repeated over page breaks), and for markdown pipe
tables. The stage only describes layout; what the figures mean is `engine.facts.tables`' job.

Modules: `lines` (what each line looks like), `tables` (assembling and merging tables),
`narrative` (sections, paragraphs, annexes), `columns` (header paths and column roles),
`numbers` (the one number parser), `markers` (vocabulary words as patterns).
"""

from __future__ import annotations

import re
from typing import Optional

from engine.model import Diagnostic, Document, Source, Span, Table
from engine.parse.lines import BLANK, HEADING, META, TEXT, Line, classify_lines
from engine.parse.markers import Markers, markers_for
from engine.parse.narrative import read_narrative
from engine.parse.numbers import fold_narrow
from engine.parse.tables import assemble_tables
from engine.record import evolve, frozen
from engine.vocabulary import Vocabulary, normalize

__all__ = ["parse_document", "default_unit", "read_opening", "Opening"]

TITLE_CONTINUATION = 40  # longest second line of a title broken in two


def parse_document(source: Source, vocabulary: Vocabulary) -> Document:
    markers = markers_for(vocabulary)
    lines = classify_lines(source.lines, markers)
    title_lines = _title_lines(lines, markers)
    first = title_lines[0] if title_lines else None
    title = " ".join(_title_text(line) for line in title_lines)
    budget_year, unit_name = read_title(title, markers)
    unit_name = _named_unit(lines, title_lines, markers) or unit_name
    tables, taken = assemble_tables(lines, markers, default_unit(vocabulary))
    sections, paragraphs, annexes = read_narrative(
        lines, taken, frozenset(line.number for line in title_lines), markers
    )
    tables = _attach_annexes(tables, annexes)
    return Document(
        path=source.path,
        title=title,
        budget_year=budget_year,
        unit_name=unit_name,
        sections=sections,
        paragraphs=paragraphs,
        tables=tables,
        annexes=annexes,
        diagnostics=_diagnostics(source.path, first, budget_year, tables),
        positions=source.positions,
    )


@frozen
class Opening:
    """What a document's first lines say it is, read without assembling its tables: the title,
    the budget year and unit it names, and every `key：value` meta line or cell (部门：…, 单位名称 …)."""

    title: str
    budget_year: Optional[int]
    unit_name: Optional[str]
    meta: tuple[tuple[str, str], ...] = ()
    texts: tuple[str, ...] = ()  # the lines' texts, in order


def read_opening(source: Source, vocabulary: Vocabulary) -> Opening:
    """The `Opening` of `source` (give it only the first lines: every line given is classified)."""
    markers = markers_for(vocabulary)
    lines = classify_lines(source.lines, markers)
    title_lines = _title_lines(lines, markers)
    title = " ".join(_title_text(line) for line in title_lines)
    budget_year, unit_name = read_title(title, markers)
    unit_name = _named_unit(lines, title_lines, markers) or unit_name
    meta: list[tuple[str, str]] = []
    keys = {normalize(key): key for key in vocabulary.words("layout", "meta_prefixes") if key}
    for line in lines:
        cells = [cell.text.strip() for cell in line.cells]
        for key_cell, value_cell in zip(cells, cells[1:]):  # a key cell, its value in the next: '部门名称\t某局'
            if normalize(key_cell) in keys and value_cell and normalize(value_cell) not in keys:
                meta.append((keys[normalize(key_cell)], value_cell))
        for text in cells or [line.raw]:  # a cell at a time: '部门：某局\t单位：万元'
            for piece in re.split(r"\s{2,}", text.strip()):  # '部门：某局    单位：万元' spaced on one line
                match = markers.meta_line.match(fold_narrow(piece))
                if match and piece[match.start("value"):].strip():
                    meta.append((match.group("key"), piece[match.start("value"):].strip()))
    return Opening(title, budget_year, unit_name, tuple(meta), tuple(line.text or line.raw for line in lines))


def read_title(title: str, markers: Markers) -> tuple[Optional[int], Optional[str]]:
    """(budget year, unit name) from a title such as '<单位名称> 2025 年部门预算情况说明'."""
    match = markers.first_year(title)
    if match:
        return int(match.group("year")), (
            title[: match.start()].strip() or _unit_after_year(title[match.end() :], markers)
        )
    kinds = sorted(markers.vocabulary.words("layout", "title_kinds"), key=len, reverse=True)
    positions = [title.find(kind) for kind in kinds if kind and kind in title]
    if positions:
        return None, title[: min(positions)].strip() or None
    return None, None


def _unit_after_year(rest: str, markers: Markers) -> Optional[str]:
    """The unit of a title that starts with its year ('2026年深圳市…管理局部门预算'): the text
    between the year and the first kind word (部门预算, 单位预算 …), when there is one."""
    kinds = [kind for kind in markers.vocabulary.words("layout", "title_kinds") if kind and kind in rest]
    if not kinds:
        return None
    unit = "".join(rest[: min(rest.find(kind) for kind in kinds)].split()).lstrip("度")
    return unit if len(unit) >= 2 else None


UNIT_LINE_WINDOW = 4  # non-blank lines after the title where a 预算单位：… line names the unit


def _named_unit(lines: tuple[Line, ...], title_lines: tuple[Line, ...], markers: Markers) -> Optional[str]:
    """The unit a line under the title names ('上海市2026年市级单位预算' / '预算单位：上海交通职业
    技术学院'): the title then names the government, not the unit. Keys: [layout] unit_name_prefixes."""
    keys = set(markers.vocabulary.words("layout", "unit_name_prefixes"))
    if not title_lines or not keys:
        return None
    after = [line for line in lines if line.number > title_lines[-1].number and line.kind != BLANK]
    for line in after[:UNIT_LINE_WINDOW]:
        if line.kind == META and line.key in keys and line.value.strip():
            return line.value.strip()
    return None


def default_unit(vocabulary: Vocabulary) -> str:
    """The unit rules compute in (factor 1 in [units]): the unit of a table that names none."""
    for unit, factor in vocabulary.units.items():
        if factor == 1:
            return unit
    return next(iter(vocabulary.units), "")


def _ends_broken_title(first: Line, second: Line, text: str, markers: Markers) -> bool:
    """'2026 年深圳市市场监督管理局深汕监' / '管局部门预算': a title with its year but no kind word,
    finished by a short next line that holds the kind word (部门预算, 单位预算 …)."""
    kinds = [kind for kind in markers.vocabulary.words("layout", "title_kinds") if kind]
    return (
        second.number - first.number <= 2
        and second.kind in (TEXT, HEADING)
        and not any(kind in _title_text(first) for kind in kinds)
        and any(kind in text for kind in kinds)
        and markers.heading_level(text) is None
        and len(text) <= TITLE_CONTINUATION
    )


def _title_lines(lines: tuple[Line, ...], markers: Markers) -> tuple[Line, ...]:
    """The first non-blank line, and the next one too when the title is broken before its year
    ('<单位名称>' / '2025年部门预算情况说明')."""
    filled = [line for line in lines if line.kind != BLANK][:2]
    if not filled:
        return ()
    first = filled[0]
    if len(filled) < 2:
        return (first,)
    second = filled[1]
    text = _title_text(second)
    if markers.first_year(_title_text(first)):
        return (first, second) if _ends_broken_title(first, second, text, markers) else (first,)
    if (
        second.number - first.number <= 2
        and second.kind in (TEXT, HEADING)
        and markers.heading_level(text) is None
        and markers.first_year(text)
        and markers.is_title_like(text)
        and len(text) <= TITLE_CONTINUATION
    ):
        return (first, second)
    return (first,)


def _title_text(line: Optional[Line]) -> str:
    if line is None:
        return ""
    return line.text.strip() if line.text else line.raw.strip()


def _attach_annexes(tables: tuple[Table, ...], annexes: tuple[tuple[str, int], ...]) -> tuple[Table, ...]:
    """Each annex line labels the first table that starts after it (and before the next one)."""
    result = list(tables)
    for position, (label, line) in enumerate(annexes):
        limit = annexes[position + 1][1] if position + 1 < len(annexes) else None
        for index, table in enumerate(result):
            start = table.title_line
            if start >= line and (limit is None or start < limit) and table.annex is None:
                result[index] = evolve(table, annex=label)
                break
    return tuple(result)


def _diagnostics(path: str, first: Optional[Line], budget_year: Optional[int], tables) -> tuple[Diagnostic, ...]:
    found: list[Diagnostic] = []
    if first is None:
        return (Diagnostic("empty-document", "the document has no text", Span(path, 1), severity="warning"),)
    if budget_year is None:
        found.append(
            Diagnostic(
                "no-budget-year",
                "no budget year found in the title",
                Span(path, first.number),
                hint="the first line should name the unit and the budget year",
                severity="warning",
            )
        )
    for table in tables:
        if not table.title:
            found.append(
                Diagnostic(
                    "untitled-table", "a table without a title line", Span(path, table.title_line), severity="info"
                )
            )
    return tuple(found)
