"""Facts stage: `Document` -> `FactSet` (every figure an `Amount` with meaning and provenance).

Tables: each row is cut into labelled runs (a two-panel 收支总表 row holds an income run and a
spending run); each run gives a `RowFacts` whose facts carry the column's header path, period
and concept. Blank cells give facts with no amount, so a rule can tell "not filled in" from 0.
Narrative statements and stated changes come from `engine.facts.narrative`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, cast

import attrs

from engine.facts.indentation import label_depths
from engine.facts.narrative import narrative_facts
from engine.facts.scopes import RowScopes
from engine.model import Cell, ColumnInfo, Document, Fact, FactSet, Provenance, RowFacts, Table, TableFacts, TableRow
from engine.parse.columns import (
    ATTRIBUTE,
    CODE,
    EMPTY,
    INDEX,
    LABEL,
    MIXED,
    VALUE,
    Regime,
    column_unit,
    header_concept,
    is_code_piece,
    split_regimes,
)
from engine.parse.markers import MISSING, Markers, markers_for, text_key
from engine.parse.numbers import cell_amount, fold_narrow
from engine.read.positions import PositionMap, place_facts
from engine.vocabulary import Vocabulary

LONGEST_LABEL = 40  # a longer cell is a description (项目概述, 绩效目标), not a row name
_CODE_PREFIX = re.compile(r"^\s*(?:\[\s*(\d{3}(?:\d{2}){0,2})\s*\]\s*|(\d{3}(?:\d{2}){0,2})\s+)(?=[^\d\s])")


def extract_facts(document: Document, vocabulary: Vocabulary) -> FactSet:
    markers = markers_for(vocabulary)
    tables = tuple(table_facts(table, document, markers) for table in document.tables)
    statements, changes, percentages, texts = narrative_facts(document, markers)
    fact_set = FactSet(
        path=document.path,
        budget_year=document.budget_year,
        unit_name=document.unit_name,
        title=document.title,
        tables=tables,
        statements=statements,
        changes=changes,
        percentages=percentages,
        sections=document.sections,
        annexes=document.annexes,
        texts=texts,
        pages=getattr(document.positions, "pages", None),
        pages_without_text=tuple(getattr(document.positions, "pages_without_text", ())),
        paragraph_starts=tuple(
            paragraph.line_starts[0][1] for paragraph in document.paragraphs if paragraph.line_starts
        ),
    )
    if document.positions is not None:  # read from a PDF: every figure and statement gets its page and bbox
        # Document.positions holds a PositionMap; model.py types it `object` (it may not import engine.read)
        fact_set = place_facts(fact_set, cast(PositionMap, document.positions))
    return fact_set


def table_facts(table: Table, document: Document, markers: Markers) -> TableFacts:
    regimes = split_regimes(table, markers)
    rows: list[RowFacts] = []
    columns: tuple[ColumnInfo, ...] = ()
    # Document.positions holds a PositionMap (typed `object` in the model, which may not import engine.read)
    depths = label_depths(table, cast(Optional[PositionMap], document.positions))
    scopes = RowScopes(markers)  # rows listed under a 上年结转 row are the carry-over's parts
    for position, regime in enumerate(regimes):
        header = _HeaderReading.of(regime, markers, document.budget_year)
        if position == 0:
            columns = header.infos
        reader = _RowReader(table, regime, header, markers, document.path, depths, scopes)
        for row, kinds in zip(regime.rows, regime.kinds):
            rows.extend(reader.read(row, kinds))
    return TableFacts(
        title=table.title,
        kind=table.kind,
        line=table.title_line,
        unit=table.unit,
        columns=columns,
        rows=tuple(rows),
        notes=table.notes,
        annex=table.annex,
        meta=table.meta,
        unit_declared=table.unit_declared,
        header=table.header,
    )


def column_info(index: int, path: tuple[str, ...], markers: Markers, budget_year: Optional[int]) -> ColumnInfo:
    """Period from the first year written in the header path, else from 本年/上年 words."""
    memo = markers.memo_for("column_info")
    key = (path, budget_year)
    found = memo.get(key, MISSING)
    period, concepts = found if found is not MISSING else memo.put(key, _column_meaning(path, markers, budget_year))
    return ColumnInfo(index, path, period, concepts)


def _column_meaning(
    path: tuple[str, ...], markers: Markers, budget_year: Optional[int]
) -> tuple[Optional[int], tuple[str, ...]]:
    period = None
    for element in path:
        match = markers.first_year(element)
        if match:
            period = int(match.group("year"))
            break
    if period is None:
        for element in path:
            period = markers.period_of(element, budget_year)
            if period is not None:
                break
    concepts = tuple(concept for concept in (header_concept(element, markers) for element in path) if concept)
    return period, concepts


class _HeaderReading:
    """Everything a regime's rows are read with that depends only on its header (and the
    budget year): column infos, what each column's cells are taken for, and per column its
    year, header path, column label, concept and unit rule. Worked out once per header and
    remembered, since the same tables recur in every document."""

    __slots__ = ("infos", "actions", "columns", "header_texts", "unit_columns", "unpadded_columns")

    @classmethod
    def of(cls, regime: Regime, markers: Markers, budget_year: Optional[int]) -> "_HeaderReading":
        memo = markers.memo_for("header_reading")
        key = (regime.paths, regime.units, regime.roles, budget_year)
        found = memo.get(key, MISSING)
        return found if found is not MISSING else memo.put(key, cls(regime, markers, budget_year))

    def __init__(self, regime: Regime, markers: Markers, budget_year: Optional[int]) -> None:
        infos = tuple(column_info(index, path, markers, budget_year) for index, path in enumerate(regime.paths))
        self.infos = infos
        self.actions = [_ACTIONS[role] for role in regime.roles]
        # per column: (period, header, column label, concept, unit rule); the unit rule is a
        # written unit (str), _MEASURED / _PLAIN for plain-number headers, or None (label
        # unit, else table's)
        plain, measured = markers.plain_number_headers, markers.measured_value_headers
        self.columns = []
        for column, info in enumerate(infos):
            written = regime.units[column] if column < len(regime.units) else None
            if written is not None:
                rule: object = written  # a written unit, or the _MEASURED / _PLAIN sentinels below
            elif info.header and _ends_with(info.header[-1], plain):
                rule = _MEASURED if _ends_with(info.header[-1], measured) else _PLAIN
            else:
                rule = None
            concept = info.concepts[-1] if info.concepts else None
            self.columns.append((info.period, info.header, "/".join(info.header), concept, rule))
        self.header_texts = [info.header[-1] if info.header else "" for info in infos]
        unit_headers = markers.unit_attribute_headers
        self.unit_columns = frozenset(
            column for column, text in enumerate(self.header_texts) if text_key(text) in unit_headers
        )
        # code columns of a two-digit part (款 | 项) whose one-digit cells drop the leading zero
        two_digit = markers.code_two_digit_part_headers
        self.unpadded_columns = frozenset(
            column
            for column, text in enumerate(self.header_texts)
            if column < len(regime.roles) and regime.roles[column] == CODE and text_key(text) in two_digit
        )


class _RowReader:
    """Reads the rows of one regime; remembers split codes (类 | 款 | 项) from row to row.

    Everything that depends only on a column (role, header text, unit rule, the parts of its
    facts' provenance) is worked out once per header (`_HeaderReading`), not once per cell."""

    def __init__(
        self,
        table: Table,
        regime: Regime,
        header: _HeaderReading,
        markers: Markers,
        path: str,
        depths: dict[tuple[int, int], int],
        scopes: RowScopes,
    ) -> None:
        self.table = table
        self.depths = depths  # (line, column) of a label cell -> its indentation depth (PDF only)
        self.scopes = scopes
        self.regime = regime
        self.markers = markers
        self.path = path
        self.unit = table.unit
        self.table_title = table.title or None
        self.money_units = markers.money_units
        self.blank_cells = markers.blank_cells
        self.roles = regime.roles
        self.actions = header.actions
        self.columns = header.columns
        self.header_texts = header.header_texts
        self.unit_columns = header.unit_columns
        self.unpadded_columns = header.unpadded_columns
        self.carried: dict[int, list[str]] = {}
        label_columns = [index for index, role in enumerate(regime.roles) if role == LABEL]
        prefixed = 0  # label cells opening with a subject code; two make the table code-prefixed
        for row in regime.rows:
            cells = row.cells
            for index in label_columns:
                if index < len(cells) and _code_prefix(cells[index].text):
                    prefixed += 1
            if prefixed >= 2:
                break
        self.code_prefixed = prefixed >= 2
        self.unit_beyond = text_key("") in markers.unit_attribute_headers  # columns past the header: text ''

    def role(self, column: int) -> str:
        return self.roles[column] if column < len(self.roles) else EMPTY

    def read(self, row: TableRow, kinds: list[str]) -> list[RowFacts]:
        """The row's labelled runs as facts; `kinds` are its cells' (`Markers.cell_kinds`)."""
        cells = row.cells
        actions = self.actions
        if len(cells) > len(actions):  # cells beyond the header read as an empty column's
            actions = actions + [_ACTIONS[EMPTY]] * (len(cells) - len(actions))
        # a run: its label, code, text and value cells, as (column, cell) pairs left to right
        run: tuple[list[tuple[int, Cell]], ...]
        labels, codes, texts, values = run = ([], [], [], [])
        runs = [run]
        spanned: dict[int, int] = {}  # run -> the last blank label cell it spans (id of its values)
        for column, cell in enumerate(cells):
            action = actions[column][kinds[column]]
            if action == _VALUE:
                values.append((column, cell))
            elif action == _TEXT:
                if cell.text:
                    texts.append((column, cell))
            elif action == _CODE_PIECE:
                piece = is_code_piece(cell.text) or self._unpadded_part(column, cell.text)
                if values and piece:  # a second panel's code (决算 基本支出表: 301 … | 302 …)
                    labels, codes, texts, values = run = ([], [], [], [])
                    runs.append(run)
                (codes if piece else values).append((column, cell))
            elif action == _LABEL or (action == _NAME and cell.text):
                # a blank label cell opens no new run while the run has no figure yet and one
                # follows: a footer label spanning two panels ('公用经费合计' over 302 and
                # 307/310) owns the figure at the row's end
                opens = (
                    cell.text
                    or any(kinds[place] == "number" for place, _ in values)
                    or "number" not in kinds[column + 1 :]
                )
                if values and opens and self._values_ahead(column, kinds):
                    labels, codes, texts, values = run = ([], [], [], [])
                    runs.append(run)
                elif values and not opens:
                    spanned[id(values)] = column
                if cell.text:
                    labels.append((column, cell))
        found = []
        for run in runs:
            if len(run[3]) > 1:
                run[3][:] = self._spanned_out(run[3], kinds, spanned.get(id(run[3]), -1))
            facts = self._row_facts(run, row, kinds)
            if facts is not None:
                found.append(facts)
        return found

    def _spanned_out(self, values: list[tuple[int, Cell]], kinds: list[str], spanned: int) -> list[tuple[int, Cell]]:
        """A run's value cells without the blanks a spanning label covered: a blank cell whose
        column label a filled cell of the same run repeats ('公用经费合计' spans the 302 panel's
        决算数 column; its figure stands in the last panel's, under the same header), and, when
        the run has a figure, every blank cell left of the blank label cell at `spanned` (江苏
        '支出合计' spans 功能科目名称 | 金额 | 项目名称; its figure stands under 支出用途's 金额)."""
        count = len(self.columns)
        filled = {self.columns[column][2] for column, _ in values if column < count and kinds[column] == "number"}
        beyond = spanned if any(kinds[column] == "number" for column, _ in values) else -1
        return [
            (column, cell)
            for column, cell in values
            if kinds[column] == "number"
            or (column > beyond and (column >= count or self.columns[column][2] not in filled))
        ]

    def _values_ahead(self, column: int, kinds: list[str]) -> bool:
        for later in range(column + 1, len(kinds)):
            role = self.role(later)
            if role == VALUE or (role in (MIXED, EMPTY, LABEL) and kinds[later] == "number"):
                return True
        return False

    def _row_facts(self, run: tuple[list, list, list, list], row: TableRow, kinds: list[str]) -> Optional[RowFacts]:
        labels, codes, texts, values = run
        chosen = None
        if not values:
            if labels:
                chosen = labels[0]
        else:
            first_value = values[0][0]
            for item in labels:
                if item[0] < first_value and _is_label(item[1].text):
                    chosen = item
        label = chosen[1].text if chosen else ""
        code = self._code(codes) if codes else None
        if code is None and label and self.code_prefixed:
            prefix = _code_prefix(label)
            if prefix:
                code, label = prefix
        if not label and code is None and "number" not in [kinds[column] for column, _ in values]:
            return None
        if chosen is None:
            extra = labels + texts
        elif len(labels) > 1:
            extra = [item for item in labels if item is not chosen] + texts
        else:
            extra = texts
        if len(extra) > 1:
            extra.sort(key=_first)
        row_texts = self._texts(extra) if extra else ()
        row_name = f"{code} {label}".strip() if code else label
        label_unit = row_unit = _UNKNOWN  # worked out when a column's unit rule asks for them
        row_year = self._label_year(label) if label else None
        facts = []
        columns, count = self.columns, len(self.columns)
        money_units, blank_cells, path, table_title = self.money_units, self.blank_cells, self.path, self.table_title
        for column, cell in values:
            if column < count:
                period, header, column_label, concept, rule = columns[column]
            else:
                period, header, column_label, concept, rule = None, (), "", None, None
            if period is None:
                period = row_year
            # unit of a column's figures: header '(万元)' > plain-number header > label > table
            if rule is None:
                if label_unit is _UNKNOWN:
                    label_unit = _label_unit(label, self.markers) if label else None
                unit = label_unit if label_unit is not None else self.unit
            elif rule is _MEASURED:
                if row_unit is _UNKNOWN:
                    row_unit = self._row_unit(extra)
                unit = row_unit or ""
            elif rule is _PLAIN:
                unit = ""
            else:
                unit = rule
            # positional arguments (field order checked at import, see _POSITIONAL): this
            # loop builds every table figure of a run, and keywords cost a third more
            # every branch above leaves a str: the sentinels are resolved, a written rule is a unit
            amount = (
                None if kinds[column] == "blank" else cell_amount(cell.text, cast(str, unit), money_units, blank_cells)
            )
            facts.append(
                Fact(
                    amount,
                    Provenance(
                        path, cell.line, cell.column, cell.end_column, cell.text, table_title, row_name, column_label
                    ),
                    period,
                    concept,
                    column,
                    header,
                )
            )
        concept = self.markers.label_concept(label) if label else None
        depth = None
        if chosen is not None:
            depth = self.depths.get((chosen[1].line, chosen[1].column))
            concept = self.scopes.concept(chosen[0], label, concept, depth)
        return RowFacts(row.line, code, label, concept, tuple(facts), row_texts, depth)

    def _label_year(self, label: str) -> Optional[int]:
        """The year a row stands for when its label is nothing but a year ('2025 年'): a table
        whose rows are years (深圳 “三公”经费 table: a 2025 年 row, a 2026 年 row, a change row)
        dates its figures by the row, where its columns name no year."""
        match = self.markers.first_year(label)
        if match is None or fold_narrow(label).replace(match.group(0), "", 1).strip():
            return None
        return int(match.group("year"))

    def _texts(self, extra: list[tuple[int, Cell]]) -> tuple[tuple[str, str], ...]:
        """(header text, cell text) of a run's cells that are neither its label nor figures."""
        header_texts = self.header_texts
        known = len(header_texts)
        return tuple([(header_texts[column] if column < known else "", cell.text) for column, cell in extra])

    def _code(self, codes: list[tuple[int, Cell]]) -> Optional[str]:
        """The row's subject code; a code split over adjacent columns is joined, a blank 类 or 款
        taking the value of the row above (the publisher writes it once per group)."""
        if not codes:
            return None
        if len(codes) == 1 and not self._split_group(codes[0][0]):
            return fold_narrow(codes[0][1].text)
        group = self._split_group(codes[0][0])
        if not group:  # several code columns that are not one split code (seen in PDF tables)
            return fold_narrow(codes[0][1].text)
        pieces = {column: self._part_text(column, cell.text) for column, cell in codes}
        carried = self.carried.get(group[0], [""] * len(group))
        parts = [pieces.get(column, "") for column in group]
        last = max(index for index, part in enumerate(parts) if part)
        filled = [part or (carried[index] if index < last else "") for index, part in enumerate(parts)]
        self.carried[group[0]] = filled
        return "".join(filled[: last + 1]) or None

    def _unpadded_part(self, column: int, text: str) -> bool:
        """A one-digit cell of a split code's 款 or 项 column: that part without its leading zero
        (301 | 2 津贴补贴 is 30102), never a figure."""
        return (
            column in self.unpadded_columns
            and len(folded := fold_narrow(text).strip()) == 1
            and folded.isascii()
            and folded.isdigit()
            and bool(self._split_group(column))
        )

    def _part_text(self, column: int, text: str) -> str:
        """A split code's part as written, a one-digit 款 or 项 given back its leading zero."""
        folded = fold_narrow(text)
        return folded.strip().zfill(2) if self._unpadded_part(column, text) else folded

    def _split_group(self, column: int) -> list[int]:
        """Adjacent code columns around `column` (类 | 款 | 项), or [] for a lone code column."""
        start = column
        while start > 0 and self.role(start - 1) == CODE:
            start -= 1
        end = column
        while end + 1 < len(self.roles) and self.role(end + 1) == CODE:
            end += 1
        return list(range(start, end + 1)) if end > start else []

    def _row_unit(self, extra: list[tuple[int, Cell]]) -> Optional[str]:
        """The unit a run states in its own 计量单位 column ('批次', '%', '万元/年'), if any: a
        绩效 indicator's measured value is in it."""
        row_unit = None
        for column, cell in extra:
            text = cell.text
            if text and (column in self.unit_columns if column < len(self.header_texts) else self.unit_beyond):
                folded = fold_narrow(text).strip()
                row_unit = next((unit for unit in self.money_units if folded.startswith(unit)), folded)
        return row_unit


_POSITIONAL = {  # classes built here with positional arguments, and the fields they are given
    Fact: ("amount", "provenance", "period", "concept", "column", "header"),
    Provenance: ("path", "line", "column", "end_column", "quote", "table", "row", "column_label"),
    RowFacts: ("line", "code", "label", "concept", "facts", "texts", "depth"),
    ColumnInfo: ("index", "header", "period", "concepts"),
}
if any(
    tuple(field.name for field in attrs.fields(cls))[: len(names)] != names for cls, names in _POSITIONAL.items()
):  # pragma: no cover - a guard for whoever reorders engine.model
    raise ImportError("engine.facts.tables builds model values positionally; update it to the new field order")

# What `_RowReader.read` does with a cell, by its column's role and its kind: a value, a
# descriptive text, a code piece (a value when it is no code), a label (a label column's blank
# cell may still start a new run), a name (a label when the cell is not empty), or nothing.
_VALUE, _TEXT, _CODE_PIECE, _LABEL, _NAME, _SKIP = range(6)
_ACTIONS = {
    CODE: {"number": _CODE_PIECE, "text": _NAME, "blank": _NAME},
    INDEX: {"number": _TEXT, "text": _TEXT, "blank": _TEXT},
    ATTRIBUTE: {"number": _TEXT, "text": _TEXT, "blank": _TEXT},
    VALUE: {"number": _VALUE, "text": _TEXT, "blank": _VALUE},
    MIXED: {"number": _VALUE, "text": _TEXT, "blank": _SKIP},
    LABEL: {"number": _VALUE, "text": _LABEL, "blank": _LABEL},
    EMPTY: {"number": _VALUE, "text": _NAME, "blank": _NAME},
}

_UNKNOWN = object()  # a run's label or row unit not yet worked out
_MEASURED = object()  # unit rule of a measured-value column: the row's 计量单位
_PLAIN = object()  # unit rule of a plain-number column: no unit


def _label_unit(label: str, markers: Markers) -> Optional[str]:
    """Unit a row label states: '当年预算（万元）' -> 万元, '…权重' -> '' (a plain number), else None."""
    memo = markers.memo_for("label_unit")
    found = memo.get(label, MISSING)
    if found is not MISSING:
        return found
    unit = column_unit((label,), markers)
    if unit is None and _ends_with(label, markers.plain_number_headers):
        unit = ""
    return memo.put(label, unit)


@lru_cache(maxsize=1 << 12)
def _ends_with(text: str, words: tuple[str, ...]) -> bool:
    key = text_key(text)
    return any(word and key.endswith(word) for word in words)


@lru_cache(maxsize=1 << 12)
def _code_prefix(label: str) -> Optional[tuple[str, str]]:
    """(code, rest of the label) of a label opening with a subject code ('2010101 行政运行',
    '[2010101]行政运行'), else None."""
    match = _CODE_PREFIX.match(fold_narrow(label))
    if not match:
        return None
    return match.group(1) or match.group(2), label[match.end() :].strip()


def _first(item: tuple) -> int:
    return item[0]


@lru_cache(maxsize=1 << 12)
def _is_label(text: str) -> bool:
    """A row name has letters and is short; a sentence-long cell describes, it does not name."""
    folded = fold_narrow(text)
    has_letters = any(character.isalpha() for character in folded)
    return has_letters and len(text_key(folded)) <= LONGEST_LABEL and "。" not in folded
