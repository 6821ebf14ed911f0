"""Arithmetic, comparison and logic over runtime values.

Errors and missing values travel like data: an EvalError wins over everything (the rule
reports `error`), Missing makes the rule not applicable, and `and`/`or` let a deciding operand
win over a missing one (false and missing is false).
"""

from __future__ import annotations

from collections.abc import Callable

from engine.language.runtime import values
from engine.language.runtime.environment import Compiled
from engine.language.runtime.reading import as_text, operands, to_quantity
from engine.language.runtime.selection import Vector
from engine.language.runtime.values import BLANK, FALSE, TRUE, Check, EvalError, Flag, Missing, Quantity, Text


def _absorbing(a, b):
    """The EvalError, else the Missing, among two operands (None when both are values)."""
    a_type, b_type = type(a), type(b)
    if a_type is EvalError:
        return a
    if b_type is EvalError:
        return b
    if a_type is Missing:
        return a
    if b_type is Missing:
        return b
    return None


# Every operator the language has, with what it means: dispatch goes through these tables, so an
# operator the grammar accepts but no table lists is refused at load (UnknownOperator), never
# mistaken for another; docs/functions.md lists them from here.
ARITHMETIC: dict[str, tuple[Callable, str]] = {
    "+": (values.add, "sum of two figures; the rounding intervals add"),
    "-": (lambda a, b: values.add(a, b, sign=-1), "difference of two figures; the rounding intervals add"),
    "*": (values.multiply, "product of two figures"),
    "/": (values.divide, "quotient of two figures (division by zero is an error finding)"),
}
COMPARISONS: dict[str, str] = {
    "==": "rounding-aware equality: the intervals the two printed figures stand for intersect",
    "===": "exact at the printed precision (32.64 is not 32.63; 3.9 equals 3.90)",
    "!=": "not equal at the printed precision",
    "<": "less than, at the coarser printing",
    "<=": "at most, at the coarser printing",
    ">": "more than, at the coarser printing",
    ">=": "at least, at the coarser printing",
}
LOGIC: dict[str, str] = {
    "and": "both hold; a false side decides even when the other is missing",
    "or": "either holds; a true side decides even when the other is missing",
    "not": "the opposite truth",
}


class UnknownOperator(ValueError):
    """An operator no table lists: the compiler reports it at the operator's place."""


def _table_entry(table: dict, operator: str):
    try:
        return table[operator]
    except KeyError:
        raise UnknownOperator(operator) from None


def arithmetic(operator: str, left: Compiled, right: Compiled) -> Compiled:
    scalar = _table_entry(ARITHMETIC, operator)[0]
    left_function, right_function = left.function, right.function

    def run(env):
        a, b = left_function(env), right_function(env)
        if type(a) is Quantity and type(b) is Quantity:  # the usual case: nothing to convert
            return scalar(a, b)
        a, b = operands(a, b, env)
        stop = _absorbing(a, b)
        if stop is not None:
            return stop
        if isinstance(a, Vector) and isinstance(b, Vector):
            return _vector_arithmetic(scalar, a, b)
        if not isinstance(a, Quantity) or not isinstance(b, Quantity):
            return EvalError(f"'{operator}' needs figures")
        return scalar(a, b)

    kind = "any" if left.kind == right.kind == "selection" else "quantity"
    return Compiled(run, kind)


def _vector_arithmetic(scalar: Callable, a: Vector, b: Vector):
    entries = []
    for key, label, left, right in _aligned(a, b):
        result = scalar(left, right)
        if isinstance(result, EvalError):
            return result
        entries.append((key, label, result))
    return Vector(tuple(entries))


def _aligned(a: Vector, b: Vector) -> list[tuple]:
    """(key, label, a's figure, b's figure) for every column of either, in order of first
    appearance (a's columns, then b's own); a column only one side has is blank on the other."""
    right = {key: quantity for key, _, quantity in reversed(b.entries)}  # the first of a key wins, as in Vector.get
    seen: set = set()
    aligned = []
    for key, label, quantity in a.entries:
        if key not in seen:
            seen.add(key)
            aligned.append((key, label, quantity, right.get(key) or BLANK))
    for key, label, quantity in b.entries:
        if key not in seen:
            seen.add(key)
            aligned.append((key, label, BLANK, quantity))
    return aligned


def negation(operand: Compiled) -> Compiled:
    function = operand.function

    def run(env):
        value = to_quantity(function(env), env)
        return values.negate(value) if isinstance(value, Quantity) else value

    return Compiled(run, "quantity")


def comparison(operator: str, left: Compiled, right: Compiled) -> Compiled:
    _table_entry(COMPARISONS, operator)
    left_function, right_function = left.function, right.function

    def run(env):
        a, b = left_function(env), right_function(env)
        if type(a) is Quantity and type(b) is Quantity:  # the usual case: nothing to convert
            return _compare_figures(operator, a, b)
        if type(a) is Text or type(b) is Text:
            return _compare_text(operator, as_text(a, env), as_text(b, env))
        a, b = operands(a, b, env, broadcast=True)
        stop = _absorbing(a, b)
        if stop is not None:
            return stop
        compare = values.compare
        a_row, b_row = type(a) is Vector, type(b) is Vector
        if a_row and b_row:
            return _checked([compare(operator, left, right, label) for _, label, left, right in _aligned(a, b)])
        if a_row and type(b) is Quantity:  # `r >= 0`: each column against the literal (a row's keys are distinct)
            return _checked([compare(operator, figure, b, label) for _, label, figure in a.entries])
        if b_row and type(a) is Quantity:  # `0 <= r`
            return _checked([compare(operator, a, figure, label) for _, label, figure in b.entries])
        if not isinstance(a, Quantity) or not isinstance(b, Quantity):
            return EvalError(f"'{operator}' compares figures")
        return _compare_figures(operator, a, b)

    return Compiled(run, "check")


def _checked(verdicts: list) -> Check | Missing:
    """The column verdicts of a row comparison; a column blank on both sides decides nothing (None)."""
    decided = tuple(verdict for verdict in verdicts if verdict is not None)
    return Check(decided) if decided else Missing("every compared cell is blank")


def _compare_figures(operator: str, a: Quantity, b: Quantity):
    verdict = values.compare(operator, a, b)
    return Check((verdict,)) if verdict else Missing("both sides are blank")


def _compare_text(operator: str, a, b):
    stop = _absorbing(a, b)
    if stop is not None:
        return stop
    if not (isinstance(a, Text) and isinstance(b, Text)):
        return EvalError("a text can only be compared with a text")
    if operator in ("==", "==="):
        return TRUE if a.value == b.value else FALSE
    if operator == "!=":
        return FALSE if a.value == b.value else TRUE
    return EvalError(f"'{operator}' does not compare texts")


def truth(value):
    """True/False, or the Missing/EvalError that prevents deciding.

    Called for every `where` of every binding: dispatches on the exact type (the value classes
    have no subclasses) rather than through `match`, which tries each class pattern in turn."""
    kind = type(value)
    if kind is Flag:
        return value.value
    if kind is Check:
        return all(verdict.holds for verdict in value.verdicts)
    if kind is Missing or kind is EvalError:
        return value
    return EvalError("a condition must be true or false")


def terms_of(value) -> tuple:
    kind = type(value)
    if kind is Flag:
        return value.terms
    if kind is Check:
        return tuple(term for verdict in value.verdicts for term in verdict.left.terms + verdict.right.terms)
    return ()


def logic(operator: str, left: Compiled, right: Compiled | None) -> Compiled:
    _table_entry(LOGIC, operator)
    left_function = left.function
    right_function = right.function if right else None

    def run(env):
        if operator == "not":
            inner = left_function(env)
            decided = truth(inner)
            return Flag(not decided, terms_of(inner)) if isinstance(decided, bool) else decided
        first = left_function(env)
        a = truth(first)
        if isinstance(a, EvalError):
            return a
        if operator == "and" and a is False:
            return Flag(False, terms_of(first))
        if operator == "or" and a is True:
            return Flag(True, terms_of(first))
        second = right_function(env)
        b = truth(second)
        if isinstance(b, EvalError):
            return b
        if isinstance(b, bool) and isinstance(a, bool):
            return Flag(b, terms_of(first) + terms_of(second))
        if operator == "and" and b is False:
            return Flag(False, terms_of(second))
        if operator == "or" and b is True:
            return Flag(True, terms_of(second))
        return a if isinstance(a, Missing) else b

    return Compiled(run, "flag")


def decided_by(operand: Compiled) -> Callable:
    """A closure returning truth(operand): for a leaf of a `where` or `when`."""
    function = operand.function
    return lambda env: truth(function(env))


def decided_logic(operator: str, left: Callable, right: Callable | None) -> Callable:
    """`and`/`or`/`not` where only the truth is wanted (a `where` or `when`): returns exactly
    truth(logic(...)(env)) from operands that return truths, without building the Flag and the
    citations an assertion needs."""
    _table_entry(LOGIC, operator)
    if operator == "not":
        def negated(env):
            decided = left(env)
            return (not decided) if decided is True or decided is False else decided
        return negated
    deciding = operator == "or"  # the value of one side that decides the whole

    def run(env):
        a = left(env)
        if type(a) is EvalError:
            return a
        if a is deciding:
            return deciding
        b = right(env)
        if type(b) is EvalError:
            return b
        if (a is True or a is False) and (b is True or b is False):
            return b
        if b is deciding:
            return deciding
        return a if type(a) is Missing else b

    return run
