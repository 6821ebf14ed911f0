"""Table references: which tables, rows, columns and period a rule expression points at.

A `Selection` is lazy: `TABLE[LOW..HIGH].COLUMN` builds one, and only when an operator needs
a number does `scalar` or `vector` read the cells. Without a chosen column a selection of rows
is a vector over every amount column (both years), which is how one rule says "every code row
equals the sum of its children, in every numeric column".

Defaults, documented in the README: no row chosen means the table's total row (a row whose
concept is a total word from the vocabulary) or else its first row with figures; no column
chosen means the leftmost amount column of the period asked for (the budget year unless
`@上年`); a kind with several tables (one 绩效 table per project) reads the first one, while
`for each table` / `for each row` visit all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Optional

import attrs

from engine.language.runtime.document_cache import DocumentCache, per_selection
from engine.language.runtime.values import MONEY_UNIT, Missing, Quantity, total
from engine.model import Fact, RowFacts, TableFacts
from engine.record import evolve, frozen
from engine.vocabulary import Vocabulary, label_key, normalize, strip_numbering


class ColumnFilter(NamedTuple):
    """`.NAME` or `."quoted text"` after a table reference. A named tuple, not an attrs class:
    the filters are part of the key of every cell lookup memo, and a tuple hashes in C."""

    name: str
    quoted: bool
    exact: bool = False  # the next header element, of exactly this text: a step of a column group's path


@frozen
class Selection:
    tables: tuple[TableFacts, ...]
    rows: Optional[tuple[tuple[TableFacts, RowFacts], ...]] = None
    columns: tuple[ColumnFilter, ...] = ()
    period: Optional[str] = None
    label: str = ""
    first_match: bool = False  # rows chosen by name: the first row that carries a figure

@frozen
class Frame:
    """What materialising a selection needs to know about the evaluation in progress, and the
    memo of answers about the document that every rule shares."""

    budget_year: Optional[int]
    period: str
    vocabulary: Vocabulary
    cache: DocumentCache = attrs.field(factory=DocumentCache, eq=False, repr=False)


@frozen
class Vector:
    """Figures keyed by column: the value of a row (or a sum of rows) across its columns."""

    entries: tuple[tuple[str, str, Quantity], ...]

    def get(self, key: str) -> Optional[Quantity]:
        for entry_key, _, quantity in self.entries:
            if entry_key == key:
                return quantity
        return None


# ---- choosing rows ------------------------------------------------------------------------------


def rows_by_code(selection: Selection, low: str, high: Optional[str] = None) -> Selection:
    high = high or low

    def wanted(row: RowFacts) -> bool:
        code = row.code or ""
        return len(code) == len(low) and code.isdigit() and int(low) <= int(code) <= int(high)

    label = f"{selection.label}[{low}{'..' + high if high != low else ''}]"
    return _restrict(selection, wanted, label)


def rows_by_name(selection: Selection, name: str, vocabulary: Vocabulary) -> Selection:
    numerals = vocabulary.numerals
    key = label_key(name, numerals)

    def wanted(row: RowFacts) -> bool:
        return row.concept == name or label_key(row.label, numerals) == key

    return evolve(_restrict(selection, wanted, f"{selection.label}[{name}]"), first_match=True)


def all_rows(selection: Selection) -> Selection:
    return _restrict(selection, lambda row: True, f"{selection.label}[*]")


def _restrict(selection: Selection, wanted, label: str) -> Selection:
    """Matching rows of every table in the selection; reading a figure later takes the first
    table that has any (one table per kind), while `for each` and aggregates see them all."""
    pool = selection.rows if selection.rows is not None else [(t, r) for t in selection.tables for r in t.rows]
    matches = tuple((table, row) for table, row in pool if wanted(row))
    return Selection(selection.tables, matches, selection.columns, selection.period, label)


def children(selection: Selection, frame: Frame) -> Selection:
    """The direct children of each selected row, by subject code (a total row's are the top codes)."""
    memo = frame.cache.children
    found: list[tuple[TableFacts, RowFacts]] = []
    for table, row in selection.rows or ():
        below = memo.get(id(row))
        if below is None:
            index = frame.cache.code_prefixes.get(id(table))
            if index is None:
                index = frame.cache.code_prefixes[id(table)] = _rows_under_prefix(table)
            totals = set(frame.vocabulary.words("layout", "total_rows"))
            below = memo[id(row)] = tuple(child_rows(table, row, totals, index))
        found.extend((table, child) for child in below)
    return Selection(
        selection.tables, tuple(found), selection.columns, selection.period, f"children of {selection.label}"
    )


def _rows_under_prefix(table: TableFacts) -> dict[str, list[RowFacts]]:
    """Every code row of the table under each shorter prefix of its code, in table order: the
    children of a row are then found without scanning the table once per row."""
    index: dict[str, list[RowFacts]] = {"": []}
    for row in table.rows:
        code = row.code
        if code:
            index[""].append(row)
            for end in range(1, len(code)):
                index.setdefault(code[:end], []).append(row)
    return index


def child_rows(table: TableFacts, row: RowFacts, totals: set[str], index: Optional[dict] = None) -> list[RowFacts]:
    index = index if index is not None else _rows_under_prefix(table)
    if row.code:
        below = index.get(row.code, ())
    elif row.concept in totals:
        below = index[""]
    else:
        return []
    if not below:
        return []
    # every row in the index has a code (`or ""` only tells the type checker so)
    level = min(len(other.code or "") for other in below)
    return [other for other in below if len(other.code or "") == level]


def default_rows(selection: Selection, frame: Frame) -> Sequence[tuple[TableFacts, RowFacts]]:
    rows = selection.rows
    if rows is not None:
        if len(rows) < 2:
            return rows
        first_table = rows[0][0]
        return [(table, row) for table, row in rows if table is first_table]
    if not selection.tables:
        return []
    table = selection.tables[0]
    year = _year_of(selection.period or frame.period, frame.budget_year)
    memo = frame.cache.default_rows
    key = (id(table), year)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _default_rows_of_table(table, frame.vocabulary, year)
    return found


def _year_of(period: str, budget_year: Optional[int]) -> Optional[int]:
    if budget_year is None:
        return None
    return budget_year if period == "current" else budget_year - 1


def _default_rows_of_table(
    table: TableFacts, vocabulary: Vocabulary, year: Optional[int]
) -> list[tuple[TableFacts, RowFacts]]:
    """The total row, else the first row with figures; a row dated to another year than the
    one read (a table whose rows are years: 2025 年 / 2026 年) is passed over."""
    totals = set(vocabulary.words("layout", "total_rows"))
    for row in table.rows:
        if row.concept in totals or strip_numbering(normalize(row.label), vocabulary.numerals) in totals:
            return [(table, row)]
    first = None
    for row in table.rows:
        figures = [fact for fact in row.facts if fact.amount is not None]
        if not figures:
            continue
        if first is None:
            first = row
        if year is None or any(fact.period in (None, year) for fact in figures):
            return [(table, row)]
    if first is not None:
        return [(table, first)]
    return [(table, table.rows[0])] if table.rows else []


# ---- choosing columns -----------------------------------------------------------------------------


def with_column(selection: Selection, column_filter: ColumnFilter, frame: Frame) -> Selection:
    """`selection.COLUMN`. `r.合计` of the same bound row is asked by many rules: one Selection per
    document, so the figure and text memos keyed by it hit; the memo holds the base selection,
    so its id cannot be reused while the memo lives."""
    memo = frame.cache.columns_chosen
    key = (id(selection), column_filter)
    entry = memo.get(key)
    if entry is not None and entry[0] is selection:
        return entry[1]
    # evolve keeps first_match: a row chosen by name stays the first such row once a
    # column is chosen (T4's 年初 fund sub-rows repeat the income rows' labels)
    chosen = evolve(
        selection, columns=selection.columns + (column_filter,), label=f"{selection.label}.{column_filter.name}"
    )
    memo[key] = (selection, chosen)
    return chosen


def matching_facts(
    table: TableFacts, row: RowFacts, selection: Selection, frame: Frame, use_period: bool
) -> tuple[Fact, ...]:
    """The row's cells under the selection's column filters (and in its period, if asked)."""
    period = (selection.period or frame.period) if use_period else None
    key = (id(row), selection.columns, period)
    memo = frame.cache.matching
    found = memo.get(key)
    if found is None:
        filters = selection.columns
        if filters:
            facts = [fact for fact in row.facts if _matches_filters(fact, table, filters, frame)]
        else:
            facts = list(row.facts)
        if period is not None:
            facts = _in_period(facts, period, frame.budget_year)
        found = memo[key] = tuple(facts)
    return found


def _matches_filters(fact: Fact, table: TableFacts, filters: tuple[ColumnFilter, ...], frame: Frame) -> bool:
    header = _fact_header(table, fact)
    memo = frame.cache.header_matches
    key = (header, filters)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _header_matches(header, filters, frame)
    return found


def _fact_header(table: TableFacts, fact: Fact) -> tuple[str, ...]:
    """The header path a cell stands under: its own (the indicator rows of a 绩效 table), else its column's."""
    return fact.header or _column_header(table, fact.column)


def _column_header(table: TableFacts, index: int) -> tuple[str, ...]:
    for column in table.columns:
        if column.index == index:
            return column.header
    return ()


def _header_matches(header: tuple[str, ...], filters: tuple[ColumnFilter, ...], frame: Frame) -> bool:
    return _filters_depth(header, filters, frame.vocabulary) is not None


def _find_in_header(
    header: tuple[str, ...], column_filter: ColumnFilter, after: int, vocabulary: Vocabulary
) -> Optional[int]:
    wanted = normalize(column_filter.name)
    for depth, element in enumerate(header):
        if depth <= after:
            continue
        key = normalize(element)
        if column_filter.exact:
            return depth if depth == after + 1 and key == wanted else None
        if column_filter.quoted:
            if wanted in key:
                return depth
        elif vocabulary.concept_of_label(element) == column_filter.name or key == wanted:
            return depth
    return None


def _in_period(facts: list[Fact], period: str, budget_year: Optional[int]) -> list[Fact]:
    if budget_year is None:
        return facts if period == "current" else []
    year = budget_year if period == "current" else budget_year - 1
    dated = [fact for fact in facts if fact.period == year]
    if dated:
        return dated
    if period == "current":
        return [fact for fact in facts if fact.period is None]
    return []


# ---- reading numbers ------------------------------------------------------------------------------


def scalar(selection: Selection, frame: Frame) -> Quantity | Missing:
    """One figure: per selected row the leftmost matching cell of the period; rows add up.

    Remembered per selection and period: `r.合计` of a bound row is one Selection per document
    (compiler's `choose`) that several rules read. The memo keeps the selection itself, so its
    id cannot be reused by another while the entry lives."""
    return per_selection(frame.cache.scalars, selection, frame.period, _scalar, frame)


def _scalar(selection: Selection, frame: Frame) -> Quantity | Missing:
    if not selection.tables:
        return Missing(f"no {selection.label} in the document")
    rows = default_rows(selection, frame)
    if not rows:
        return Missing(f"no row {selection.label}")
    if len(rows) == 1:  # the usual case (a bound row, a total row): its cell is the figure
        table, row = rows[0]
        facts = matching_facts(table, row, selection, frame, use_period=True)
        return fact_quantity(facts[0], frame) if facts else Missing(f"no figure for {selection.label}")
    picked: list[Quantity] = []
    for table, row in rows:
        facts = matching_facts(table, row, selection, frame, use_period=True)
        if facts:
            picked.append(fact_quantity(facts[0], frame))
    if selection.first_match and picked:
        # a name can label several rows (一般公共预算拨款 under 本年收入 and under 上年结转): the row
        # meant is the first with a cell in the column, even a blank one (no income of the year),
        # never a later row of the same name in another part of the table
        picked = picked[:1]
    if not picked:
        return Missing(f"no figure for {selection.label}")
    result = total(picked)
    return result if isinstance(result, Quantity) else Missing(result.reason)


def across(selection: Selection, frame: Frame) -> Quantity | Missing:
    """The selected row's money figures of the period added up across its columns: the items a
    total column should equal (各资金来源之和). Total and subtotal columns (合计, 总计, 小计) and
    of-which columns (其中…; the vocabulary's `total_columns` and `part_column_prefixes`) are left
    out, since each repeats figures the others hold, and so are figures that are not money (a
    采购数量 column)."""
    if not selection.tables:
        return Missing(f"no {selection.label} in the document")
    rows = default_rows(selection, frame)
    if not rows:
        return Missing(f"no row {selection.label}")
    items = []
    for table, row in rows:
        for fact in matching_facts(table, row, selection, frame, use_period=True):
            if not _is_total_column(_fact_header(table, fact), frame.vocabulary):
                quantity = fact_quantity(fact, frame)
                if quantity.blank or quantity.unit == MONEY_UNIT:
                    items.append(quantity)
    if not items:
        return Missing(f"no item column beside the total in {selection.label}")
    result = total(items)
    return result if isinstance(result, Quantity) else Missing(result.reason)


def column_groups(selection: Selection, frame: Frame) -> list[Selection]:
    """`for each group g in r`: the header groups of a row that have a total column of their own
    (年初特定目标 with its 小计, 公务用车购置及运行费 with its 小计) and at least one item column
    beside it. Each group is the row restricted to the group's header path, in the period of
    its cells, so `subtotal(g) == across(g)` checks one group in one year; the row's own total
    (the top level, BUD-A15's `r.合计`) is not a group. A table with no row chosen is its total
    row, as everywhere in the language."""
    found: dict[tuple[str, ...], list] = {}  # header path -> [has a total, has an item, periods]
    vocabulary = frame.vocabulary
    rows = tuple(default_rows(selection, frame))
    for table, row in rows:
        for fact in matching_facts(table, row, selection, frame, use_period=False):
            header = _fact_header(table, fact)
            for depth in range(1, len(header)):
                entry = found.setdefault(header[:depth], [False, False, set()])
                if depth + 1 == len(header) and _is_total_word(header[depth], vocabulary):
                    entry[0] = True
                elif not _is_total_column(header[depth:], vocabulary):
                    entry[1] = True
                entry[2].add(fact.period)
    groups = []
    for path, (has_total, has_item, periods) in found.items():
        if has_total and has_item:
            period = "prior" if frame.budget_year is not None and periods == {frame.budget_year - 1} else None
            # the whole path from the top of the header: it names the group whatever chose the row
            columns = tuple(ColumnFilter(name, False, exact=True) for name in path)
            groups.append(Selection(selection.tables, rows, columns, period, f"{selection.label}.{'/'.join(path)}"))
    return groups


def subtotal(selection: Selection, frame: Frame) -> Quantity | Missing:
    """A group's own total column: the cell of the period directly under the group's header path
    whose name is a total word (小计, 合计), not a subtotal of a group nested inside it."""
    rows = default_rows(selection, frame)
    if not selection.tables or not rows or not selection.columns:
        return Missing(f"no column group {selection.label}")
    vocabulary = frame.vocabulary
    for table, row in rows:
        for fact in matching_facts(table, row, selection, frame, use_period=True):
            header = _fact_header(table, fact)
            depth = _filters_depth(header, selection.columns, vocabulary)
            if depth is not None and len(header) == depth + 2 and _is_total_word(header[-1], vocabulary):
                return fact_quantity(fact, frame)
    return Missing(f"no total column in {selection.label}")


def _filters_depth(header: tuple[str, ...], filters: tuple[ColumnFilter, ...], vocabulary: Vocabulary) -> Optional[int]:
    """How deep in the header the last of the column filters matched (None: they do not match).

    Filters match top-down in their order; when that fails and none is an exact step, in any
    order, each on its own header element: the 三公 table is printed both as 预算数 over the items
    and as the items over 预算数 | 决算数 (the Shanghai 决算 template), and `T.预算数.合计` means
    the same cell in both."""
    depth = -1
    for column_filter in filters:
        found = _find_in_header(header, column_filter, depth, vocabulary)
        if found is None:
            return _depth_in_any_order(header, filters, vocabulary)
        depth = found
    return depth


def _depth_in_any_order(
    header: tuple[str, ...], filters: tuple[ColumnFilter, ...], vocabulary: Vocabulary
) -> Optional[int]:
    if len(filters) < 2 or any(column_filter.exact for column_filter in filters):
        return None
    used: set[int] = set()
    for column_filter in filters:
        depth = next(
            (
                depth
                for depth in range(len(header))
                if depth not in used and _find_in_header(header, column_filter, depth - 1, vocabulary) == depth
            ),
            None,
        )
        if depth is None:
            return None
        used.add(depth)
    return max(used)


def _is_total_column(header: tuple[str, ...], vocabulary: Vocabulary) -> bool:
    """A total (合计, 小计) or of-which (其中…) column, at any level of its header: it repeats
    figures the item columns hold."""
    return _header_has_total(
        header,
        vocabulary.words("layout", "total_columns"),
        vocabulary.words("layout", "part_column_prefixes"),
        vocabulary.numerals,
    )


def _is_total_word(element: str, vocabulary: Vocabulary) -> bool:
    return _header_has_total((element,), vocabulary.words("layout", "total_columns"), (), vocabulary.numerals)


@lru_cache(maxsize=1 << 12)
def _header_has_total(
    header: tuple[str, ...], total_words: tuple[str, ...], part_words: tuple[str, ...], numerals: str
) -> bool:
    """Remembered per header and vocabulary words: across() asks it of every cell of every row."""
    totals = {normalize(word) for word in total_words}
    parts = tuple(normalize(word) for word in part_words)
    keys = (strip_numbering(normalize(element), numerals) for element in header)
    return any(key in totals or (parts and key.startswith(parts)) for key in keys)


def vector(selection: Selection, frame: Frame) -> Vector | Missing:
    """Every matching column (all years unless a period was asked for), summed over rows."""
    rows = default_rows(selection, frame)
    if not selection.tables or not rows:
        return Missing(f"no {selection.label} in the document")
    if selection.first_match:
        rows = rows[:1]
    key = (tuple(id(row) for _, row in rows), selection.columns, selection.period)
    memo = frame.cache.vectors
    found = memo.get(key)
    if found is None:
        found = memo[key] = _vector_of_rows(rows, selection, frame)
    return found


def _vector_of_rows(rows, selection: Selection, frame: Frame) -> Vector:
    sums: dict[str, list] = {}
    for table, row in rows:
        for fact in matching_facts(table, row, selection, frame, use_period=selection.period is not None):
            key = "/".join(fact.header) or str(fact.column)
            entry = sums.setdefault(key, [fact.provenance.column_label or key, []])
            entry[1].append(fact_quantity(fact, frame))
    entries = []
    for key, (label, quantities) in sums.items():
        result = total(quantities)
        if isinstance(result, Quantity):
            entries.append((key, label, result))
    return Vector(tuple(entries))


def fact_quantity(fact: Fact, frame: Frame) -> Quantity:
    """The figure of one cell (a blank cell is a blank Quantity), converted once per document."""
    memo = frame.cache.quantities
    quantity = memo.get(id(fact))
    if quantity is None:
        if fact.amount is None:
            quantity = Quantity.blank_cell(fact.provenance)
        else:
            quantity = Quantity.from_amount(fact.amount, fact.provenance, frame.vocabulary.units)
        memo[id(fact)] = quantity
    return quantity


def row_count(selection: Selection) -> Decimal:
    return Decimal(len(selection.rows or ()))


def bound_row(table: TableFacts, row: RowFacts, frame: Frame, qualified: bool) -> Selection:
    """The Selection a row variable holds (`for each row r`, or `r` of `sum(… for r in …)`),
    built once per document: the same rows are bound by many rules. A `for each` binding is
    labelled with its table (`基本支出表[工资福利支出]`), an aggregate's with the row alone."""
    memo = frame.cache.row_selections
    key = (id(row), id(table), qualified)
    selection = memo.get(key)
    if selection is None:
        label = f"{table.kind or table.title}[{row.label or row.code or row.line}]" if qualified else row.label
        selection = memo[key] = Selection((table,), ((table, row),), (), None, label)
    return selection


def iterate_rows(selection: Selection) -> Iterable[tuple[TableFacts, RowFacts]]:
    if selection.rows is not None:
        return selection.rows
    return [(table, row) for table in selection.tables for row in table.rows]


def kept_rows(selection: Selection, frame: Frame) -> Sequence[tuple[TableFacts, RowFacts]]:
    """`iterate_rows` of a selection that lives as long as the document (a closed expression's,
    looped over once per binding of an outer loop): listed once, not once per binding. The entry
    holds the selection, so its id cannot be reused by another while the entry lives."""
    memo = frame.cache.indexes
    key = ("rows", id(selection))
    entry = memo.get(key)
    if entry is None or entry[0] is not selection:
        entry = memo[key] = (selection, tuple(iterate_rows(selection)))
    return entry[1]
