"""Where-clause pushdown: the simple tests of a `for each … where` decided on the raw candidates.

Most `for each` loops keep few of what they visit (`for each row r in 金额表 where r.label == ""`
keeps none of the ~240 rows of a typical document), and deciding each candidate through the
rule language costs a binding and a dozen closure calls. A conjunct of the `where` that tests
only the loop variable's own label, code, line or text, against a literal or against a value
known before the loop (`u.line == r.line + 1` inside `for each row r`), is compiled a second
time into a plain test on the candidate, applied before it is bound.

The pushdown can only remove candidates the `where` rejects anyway: `and` is never true when
one of its conjuncts is not (false, missing or an error), and a `for each` keeps only bindings
whose `where` is true. Each test below is exactly its conjunct's truth, written on the raw value.
A conjunct whose test always applies (not an equality with a value only known at run time,
which may leave the candidate to the `where`) is therefore also left out of the `where` that
runs on the survivors: `for each row r in T where exists(r.code) and startswith(r.code, "2")`
binds no candidate it would reject and evaluates nothing more per row.
"""

from __future__ import annotations

from typing import Callable, Optional

from engine.language import nodes
from engine.language.document_functions import TEXT_TESTS, checked_pattern
from engine.language.reading import row_text
from engine.language.values import EvalError, Missing, Quantity, Text

# property of the loop variable -> how to read it from a candidate (None: the property is missing)
_ROW_READERS = {
    "label": lambda candidate: candidate[1].label,
    "code": lambda candidate: candidate[1].code or None,
    "line": lambda candidate: candidate[1].line,
    "text": lambda candidate: row_text(candidate[1]),
}
_SENTENCE_READERS = {"text": lambda candidate: candidate.text}
_STATEMENT_READERS = {
    "label": lambda candidate: candidate.statement.label,
    "period": lambda candidate: candidate.statement.period,
}
READERS = {"row": _ROW_READERS, "sentence": _SENTENCE_READERS, "statement": _STATEMENT_READERS}
_NUMERIC = {_ROW_READERS["line"], _STATEMENT_READERS["period"]}

# A prefilter is called with the environment outside the loop and returns the test for this
# run of the loop (None: no test, keep every candidate).
Prefilter = Callable[..., Optional[Callable[[object], bool]]]


def compile_prefilters(kind: str, variable: str, where: Optional[nodes.Expression],
                       compile_outside) -> tuple[tuple[Prefilter, ...], Optional[nodes.Expression]]:
    """The pushed-down tests of `where` for a loop over `kind` (row | sentence | statement) binding
    `variable`, and what is left of `where` for the candidates that pass them (None: nothing).
    `compile_outside(expression)` compiles an expression in the scope outside the loop."""
    readers = READERS.get(kind)
    if readers is None or where is None:
        return (), where
    found, left = [], []
    conjuncts = list(_conjuncts(where))
    for conjunct in conjuncts:
        prefilter, exact = _prefilter(conjunct, variable, readers, compile_outside)
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


def apply_prefilters(prefilters: tuple[Prefilter, ...], candidates, env):
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


def _own_property(expression, variable: str, readers) -> Optional[Callable]:
    """The reader when `expression` is `variable.PROPERTY` for a property we can read raw."""
    if (isinstance(expression, nodes.SelectColumn) and not expression.quoted
            and isinstance(expression.base, nodes.Name) and expression.base.name == variable):
        return readers.get(expression.name)
    return None


def _prefilter(conjunct, variable: str, readers, compile_outside) -> tuple[Optional[Prefilter], bool]:
    """(the test of a conjunct, or None; whether the test always decides it exactly)."""
    match conjunct:
        case nodes.Call(function="exists", arguments=(argument,)):
            read = _own_property(argument, variable, readers)
            if read is None:
                return None, False
            test = lambda candidate: read(candidate) is not None  # noqa: E731
            return (lambda env: test), True
        case nodes.Call(function=("contains" | "startswith" | "matches") as name, arguments=(text, nodes.Text(value=literal))):
            read = _own_property(text, variable, readers)
            if read is None or read in _NUMERIC:
                return None, False
            if name == "matches":
                search = checked_pattern(conjunct, conjunct.arguments[1]).search
                test = lambda candidate: (value := read(candidate)) is not None and search(value) is not None  # noqa: E731
            else:
                check = TEXT_TESTS[name]
                test = lambda candidate: (value := read(candidate)) is not None and check(value, literal)  # noqa: E731
            return (lambda env: test), True
        case nodes.Compare(operator="==", left=left, right=right):
            for own, other in ((left, right), (right, left)):
                length = _length_of(own, variable, readers)
                if length is not None and isinstance(other, nodes.Number):
                    wanted = Quantity.exact(other.text).value
                    test = lambda candidate: (value := length(candidate)) is not None and len(value) == wanted  # noqa: E731
                    return (lambda env: test), True
                read = _own_property(own, variable, readers)
                if read is not None and variable not in nodes.free_names(other):
                    return _equality(read, read in _NUMERIC, compile_outside(other)), False
    return None, False


def _length_of(expression, variable: str, readers) -> Optional[Callable]:
    """The reader of `length(variable.PROPERTY)` for a text property."""
    if isinstance(expression, nodes.Call) and expression.function == "length" and len(expression.arguments) == 1:
        read = _own_property(expression.arguments[0], variable, readers)
        if read is not None and read not in _NUMERIC:
            return read
    return None


def _equality(read, numeric: bool, other) -> Prefilter:
    """`v.p == E`: E is evaluated once per run of the loop, outside it."""
    function = other.function

    def prefilter(env):
        value = function(env)
        kind = type(value)
        if kind is Missing or kind is EvalError:
            return _nothing  # the comparison is missing or an error for every candidate
        if numeric and kind is Quantity and not value.blank:
            low, high = value.low, value.high  # `==` holds when the intervals meet; a line is exact
            return lambda candidate: (number := read(candidate)) is not None and low <= number <= high
        if not numeric and kind is Text:
            wanted = value.value
            return lambda candidate: read(candidate) == wanted
        return None  # anything else is left to the `where` itself

    return prefilter


def _nothing(candidate) -> bool:
    return False
