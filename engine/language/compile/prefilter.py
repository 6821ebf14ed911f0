"""Where-clause pushdown: the simple tests of a `for each … where` decided on the raw candidates.

Most `for each` loops keep few of what they visit (`for each row r in 金额表 where r.label == ""`
keeps none of the ~240 rows of a typical document), and deciding each candidate through the
rule language costs a binding and a dozen closure calls. A conjunct of the `where` that tests
only the loop variable's own properties (a row's label, code, line, text or the text of one of
its columns; a statement's label, concept, period, section, sentence or paragraph), against a
literal or against a value known before the loop (`u.line == r.line + 1` inside `for each row
r`), is compiled a second time into a plain test on the candidate, applied before it is bound.

The pushdown can only remove candidates the `where` rejects anyway: `and` is never true when
one of its conjuncts is not (false, missing or an error), and a `for each` keeps only bindings
whose `where` is true. Each test below is exactly its conjunct's truth, written on the raw value.
A conjunct whose test always applies (not an equality with a value only known at run time,
which may leave the candidate to the `where`) is therefore also left out of the `where` that
runs on the survivors: `for each row r in T where exists(r.code) and startswith(r.code, "2")`
binds no candidate it would reject and evaluates nothing more per row. An aggregate
(`sum(… for r in t[*] where …)`) gets the same pushdown when its `where` cannot fail (see
`cannot_fail`).

An equality with a value known before the loop is also a join: `for each row u in T where u.line
== r.line - 1` inside `for each row r in T` would scan every row of T for every r, quadratic in
the table. Such a test answers through an index of the candidates by the property it reads,
built once per document and candidate source (`Equality.lookup`), so each run of the loop costs
a lookup: linear in the document where the rule's own pairs are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Optional

from engine.language.builtins.patterns import checked_pattern
from engine.language.builtins.text import TEXT_TESTS, pattern_search
from engine.language.runtime.reading import (
    as_text,
    paragraph_at,
    row_concept,
    row_text,
    section_at,
    sentence_at,
    statement_words,
)
from engine.language.runtime.references import PROPERTIES
from engine.language.runtime.selection import ColumnFilter, bound_row, with_column
from engine.language.runtime.values import EvalError, Missing, Quantity, Text
from engine.language.syntax import nodes
from engine.vocabulary import normalize

# property of the loop variable -> how to read it from a candidate in the document being checked
# (None: the property is missing); a `.COLUMN` of a row is read by `_column_reader`
_ROW_READERS = {
    "label": lambda candidate, env: candidate[1].label,
    "code": lambda candidate, env: candidate[1].code or None,
    "concept": lambda candidate, env: row_concept(candidate[1], env.vocabulary).value,
    "line": lambda candidate, env: candidate[1].line,
    "text": lambda candidate, env: row_text(candidate[1]),
}
_SENTENCE_READERS = {
    "text": lambda candidate, env: candidate.text,
    "section": lambda candidate, env: candidate.section,
}
_STATEMENT_READERS = {
    "label": lambda candidate, env: candidate.statement.label,
    "concept": lambda candidate, env: candidate.statement.concept or normalize(candidate.statement.label),
    "period": lambda candidate, env: candidate.statement.period,
    "section": lambda candidate, env: section_at(env, candidate.statement.provenance.line),
    "sentence": lambda candidate, env: sentence_at(
        env, candidate.statement.provenance.line, statement_words(candidate.statement, env)
    ),
    "paragraph": lambda candidate, env: paragraph_at(
        env, candidate.statement.provenance.line, statement_words(candidate.statement, env)
    ),
}
READERS = {"row": _ROW_READERS, "sentence": _SENTENCE_READERS, "statement": _STATEMENT_READERS}
_NUMERIC = {_ROW_READERS["line"], _STATEMENT_READERS["period"]}


def _column_reader(name: str, quoted: bool):
    """`r.COLUMN` read as text, as the `where` reads it: through the same bound-row and column
    selections (so what is read here is remembered for the binding too), None when missing."""
    column_filter = ColumnFilter(name, quoted)

    def read(candidate, env):
        table, row = candidate
        chosen = with_column(bound_row(table, row, env.frame, qualified=True), column_filter, env.frame)
        text = as_text(chosen, env)
        return text.value if type(text) is Text else None

    return read


# A prefilter is called with the environment outside the loop and returns the test for this
# run of the loop (None: no test, keep every candidate).
Prefilter = Callable[..., Optional[Callable[[object], bool]]]


def compile_prefilters(
    kind: str, variable: str, where: Optional[nodes.Expression], compile_outside
) -> tuple[tuple[Prefilter, ...], Optional[nodes.Expression]]:
    """The pushed-down tests of `where` for a loop over `kind` (row | sentence | statement) binding
    `variable`, and what is left of `where` for the candidates that pass them (None: nothing).
    `compile_outside(expression)` compiles an expression in the scope outside the loop."""
    readers = READERS.get(kind)
    if readers is None or where is None:
        return (), where
    found, left = [], []
    conjuncts = list(_conjuncts(where))
    for conjunct in conjuncts:
        prefilter, exact = _prefilter(conjunct, variable, kind, readers, compile_outside)
        if prefilter is not None:
            found.append(prefilter)
        if not exact:
            left.append(conjunct)
    if len(left) == len(conjuncts):
        return tuple(found), where  # nothing decided for good: the `where` stays as written
    residual = None
    for conjunct in left:
        residual = conjunct if residual is None else nodes.Binary("and", residual, conjunct, where.span)
    return tuple(found), residual


def cannot_fail(where: nodes.Expression, variable: str, kind: str = "row") -> bool:
    """Whether `where` is only ever true, false or missing for a candidate, never an error: `and`,
    `or` and `not` of text tests and text equalities on the variable's own properties and columns
    against literals. An aggregate's `where` (`sum(… for r in t[*] where …)`) returns its error
    instead of skipping the row, so only such a `where` may be pushed down there: a candidate a
    test rejects could otherwise have been an error."""
    readers = READERS[kind]

    def text_operand(expression) -> bool:
        return isinstance(expression, nodes.Text) or _own_property(expression, variable, kind, readers) is not None

    match where:
        case nodes.Binary(operator="and" | "or", left=left, right=right):
            return cannot_fail(left, variable, kind) and cannot_fail(right, variable, kind)
        case nodes.Not(operand=operand):
            return cannot_fail(operand, variable, kind)
        case nodes.Call(function="exists", arguments=(argument,)):
            return _own_property(argument, variable, kind, readers, textual=False) is not None
        case nodes.Call(function="contains" | "startswith" | "matches", arguments=(text, nodes.Text())):
            return text_operand(text)
        case nodes.Compare(operator="==" | "!=", left=left, right=right):
            return (isinstance(left, nodes.Text) and text_operand(right)) or (
                isinstance(right, nodes.Text) and text_operand(left)
            )
    return False


def apply_prefilters(prefilters: tuple[Prefilter, ...], candidates, env, source: object = None):
    """The candidates that pass every prefilter. With `source` (the document-lived object the
    candidates come from, the same for every run of the loop), the first equality that can answers
    through its index and the rest test what it leaves."""
    if source is not None:
        for position, prefilter in enumerate(prefilters):
            if isinstance(prefilter, Equality):
                found = prefilter.lookup(env, candidates, source)
                if found is not None:
                    candidates = found
                    prefilters = prefilters[:position] + prefilters[position + 1 :]
                    break
    for prefilter in prefilters:
        test = prefilter(env)
        if test is not None:
            candidates = [candidate for candidate in candidates if test(candidate)]
    return candidates


def _conjuncts(expression: nodes.Expression):
    if isinstance(expression, nodes.Binary) and expression.operator == "and":
        yield from _conjuncts(expression.left)
        yield from _conjuncts(expression.right)
    else:
        yield expression


def _is_column(expression, kind: str) -> bool:
    return kind == "row" and (expression.quoted or expression.name not in PROPERTIES["selection"])


def _own_property(expression, variable: str, kind: str, readers, textual: bool = True) -> Optional[Callable]:
    """The reader when `expression` is `variable.PROPERTY`, or, of a row read as text, `variable.COLUMN`
    (`exists(r.COLUMN)` asks for a figure, which has no raw reader)."""
    if not (
        isinstance(expression, nodes.SelectColumn)
        and isinstance(expression.base, nodes.Name)
        and expression.base.name == variable
    ):
        return None
    if _is_column(expression, kind):
        return _column_reader(expression.name, expression.quoted) if textual else None
    return None if expression.quoted else readers.get(expression.name)


def _prefilter(conjunct, variable: str, kind: str, readers, compile_outside) -> tuple[Optional[Prefilter], bool]:
    """(the test of a conjunct, or None; whether the test always decides it exactly)."""
    match conjunct:
        case nodes.Call(function="exists", arguments=(argument,)):
            read = _own_property(argument, variable, kind, readers, textual=False)
            if read is None:
                return None, False
            return (lambda env: lambda candidate: read(candidate, env) is not None), True
        case nodes.Call(
            function=("contains" | "startswith" | "matches") as name, arguments=(text, nodes.Text(value=literal))
        ):
            read = _own_property(text, variable, kind, readers)
            if read is None or read in _NUMERIC:
                return None, False
            if name == "matches":
                pattern = checked_pattern(conjunct, conjunct.arguments[1])
                return (
                    lambda env: (
                        lambda candidate: (
                            (value := read(candidate, env)) is not None and pattern_search(pattern, value) is not None
                        )
                    )
                ), True
            check = TEXT_TESTS[name]
            return (
                lambda env: lambda candidate: (value := read(candidate, env)) is not None and check(value, literal)
            ), True
        case nodes.Compare(operator="==", left=left, right=right):
            for own, other in ((left, right), (right, left)):
                length = _length_of(own, variable, kind, readers)
                if length is not None and isinstance(other, nodes.Number):
                    wanted = Quantity.exact(other.text).value
                    return (  # returned at once: the loop variables it reads are not rebound afterwards
                        lambda env: (
                            lambda candidate: (value := length(candidate, env)) is not None and len(value) == wanted  # noqa: B023
                        )
                    ), True
                read = _own_property(own, variable, kind, readers)
                other_is_text = isinstance(other, nodes.Text)
                if read is None or variable in nodes.free_names(other) or (_is_column(own, kind) and not other_is_text):
                    continue  # a column compared with anything but a text may be a comparison of figures
                # a text literal decides a text property exactly; anything else may be left to the `where`
                return _equality(read, read in _NUMERIC, compile_outside(other)), other_is_text and read not in _NUMERIC
    return None, False


def _length_of(expression, variable: str, kind: str, readers) -> Optional[Callable]:
    """The reader of `length(variable.PROPERTY)` for a text property."""
    if isinstance(expression, nodes.Call) and expression.function == "length" and len(expression.arguments) == 1:
        read = _own_property(expression.arguments[0], variable, kind, readers)
        if read is not None and read not in _NUMERIC:
            return read
    return None


def _equality(read, numeric: bool, other) -> Prefilter:
    return Equality(read, numeric, other.function)


_NONE = object()  # an equality no candidate can meet


class Equality:
    """`v.p == E`: E is evaluated once per run of the loop, outside it. Called, it gives the test
    of one candidate; `lookup` gives the candidates that pass, through an index."""

    __slots__ = ("read", "numeric", "function")

    def __init__(self, read, numeric: bool, function) -> None:
        self.read, self.numeric, self.function = read, numeric, function

    def _wanted(self, env):
        """What E asks for: `_NONE` when the comparison is missing or an error for every candidate,
        (low, high) for a line or period (`==` holds when the intervals meet), a str for a text,
        None for anything else (left to the `where` itself)."""
        value = self.function(env)
        kind = type(value)
        if kind is Missing or kind is EvalError:
            return _NONE
        if self.numeric and kind is Quantity and not value.blank:
            return value.low, value.high
        if not self.numeric and kind is Text:
            return value.value
        return None

    def __call__(self, env):
        read, wanted = self.read, self._wanted(env)
        if wanted is _NONE:
            return _nothing
        if isinstance(wanted, tuple):
            low, high = wanted
            return lambda candidate: (number := read(candidate, env)) is not None and low <= number <= high
        if wanted is not None:
            return lambda candidate: read(candidate, env) == wanted
        return None

    def lookup(self, env, candidates: Sequence, source: object) -> Optional[list]:
        """The candidates whose property equals E, in their order, through an index of `candidates`
        by the property kept in the document's cache under `source`; None when E is of a kind the
        test leaves to the `where` (then every candidate stays)."""
        wanted = self._wanted(env)
        if wanted is _NONE:
            return []
        if isinstance(wanted, tuple):
            kept, keys, positions = self._index(env, candidates, source)
            hits = positions[bisect_left(keys, wanted[0]) : bisect_right(keys, wanted[1])]
            return [kept[position] for position in (sorted(hits) if len(hits) > 1 else hits)]
        if wanted is not None:
            kept, by_value, _ = self._index(env, candidates, source)
            return [kept[position] for position in by_value.get(wanted, ())]
        return None

    def _index(self, env, candidates: Sequence, source: object):
        """(the candidates indexed, then for a number the sorted values and their positions, for a
        text the positions under each value). The entry holds `source`, so its id is not reused."""
        memo = env.frame.cache.indexes
        key = ("equality", id(self), id(source))
        entry = memo.get(key)
        if entry is not None and entry[0] is source:
            return entry[1]
        kept = list(candidates)
        read = self.read
        values = [read(candidate, env) for candidate in kept]
        index: tuple
        if self.numeric:
            order = sorted((value, position) for position, value in enumerate(values) if value is not None)
            index = (kept, [value for value, _ in order], [position for _, position in order])
        else:
            by_value: dict = {}
            for position, value in enumerate(values):
                if value is not None:
                    by_value.setdefault(value, []).append(position)
            index = (kept, by_value, None)
        memo[key] = (source, index)
        return index


def _nothing(candidate) -> bool:
    return False
