"""Answers about one document, computed once per evaluation and shared by every rule.

The shipped rules (over a hundred) ask a document the same questions again and again: `for each row r in …`
binds r to every row of several tables and each binding reads the same cells through the same
column filters; `children(r)` is asked by several rules of every code row; `exists(r.code)` and
friends make the same row selections. Every answer depends only on the document and on the
vocabulary (fixed for a run), never on the rule asking, so it is memoised here and dropped with
the environment when the evaluation of the document ends.

Keys use `id()` of the document's own objects (tables, rows, facts): the FactSet keeps them alive
for the whole evaluation, and hashing the frozen facts by value would cost more than the work the
memo saves. Cached values are immutable (tuples, frozen Quantity/Selection), so sharing them
between rules cannot leak one rule's evaluation into another's.
"""

from __future__ import annotations


class DocumentCache:
    __slots__ = (
        "quantities",
        "matching",
        "children",
        "code_prefixes",
        "default_rows",
        "row_selections",
        "vectors",
        "domains",
        "header_matches",
        "columns_chosen",
        "closed",
        "scalars",
        "texts",
        "rows_like",
        "indexes",
    )

    def __init__(self) -> None:
        self.quantities: dict = {}  # id(fact) -> Quantity of that cell
        self.matching: dict = {}  # (id(row), column filters, period) -> facts under them
        self.children: dict = {}  # id(row) -> its direct child rows
        self.code_prefixes: dict = {}  # id(table) -> its code rows under each code prefix
        self.default_rows: dict = {}  # (id(table), year read) -> the row read when none is chosen
        self.row_selections: dict = {}  # id(row) -> the Selection a `for each row` binding holds
        self.vectors: dict = {}  # (ids of rows, column filters, period) -> their Vector
        self.domains: dict = {}  # statement | change | sentence | section | annex -> refs
        self.header_matches: dict = {}  # (column header, column filters) -> whether they match
        self.columns_chosen: dict = {}  # (id(selection), column filter) -> (selection, selection.COLUMN)
        self.scalars: dict = {}  # (id(selection), period) -> (selection, its figure)
        self.texts: dict = {}  # (id(selection), period) -> (selection, the text it shows)
        self.rows_like: dict = {}  # (id(selection), id(bound)) -> (selection, bound, rows standing for bound)
        self.indexes: dict = {}  # "lines", "statements", "changes", "by-sentence", ("parts", name) -> an index
        self.closed: dict = {}  # ((in table, expression source), period) -> its value (compiler._per_document)


def per_selection(memo: dict, selection, period: str, compute, argument):
    """`compute(selection, argument)`, remembered in `memo` per selection and period. The entry
    holds the selection itself, so its id cannot be reused by another while the entry lives."""
    key = (id(selection), period)
    entry = memo.get(key)
    if entry is not None and entry[0] is selection:
        return entry[1]
    value = compute(selection, argument)
    memo[key] = (selection, value)
    return value


def per_document(env, key, build):
    """`build(env)`, kept in the document's `indexes` for the rest of its evaluation: what a
    built-in would otherwise rebuild (or rescan) on every call is built once per document."""
    indexes = env.frame.cache.indexes
    if key not in indexes:
        indexes[key] = build(env)
    return indexes[key]
