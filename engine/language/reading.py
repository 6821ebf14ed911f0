"""Turning whatever an expression produced into the figure, row vector or text an operator needs.

One place decides how a statement becomes a number (its stated figure, cited at its line),
how a change becomes a number (its signed delta) and how a table reference becomes a figure
(leftmost cell of the period) or a vector (every column).
"""

from __future__ import annotations

from decimal import Decimal

from engine.language.references import ChangeRef, StatementRef, sign
from engine.language.selection import Selection, Vector, scalar, vector
from engine.language.values import EvalError, Missing, Quantity, Text
from engine.vocabulary import normalize, strip_numbering


def to_quantity(value, env):
    match value:
        case Quantity() | Missing() | EvalError():
            return value
        case Selection():
            return scalar(value, env.frame)
        case StatementRef(statement=statement):
            return Quantity.from_amount(statement.amount, statement.provenance, env.vocabulary.units)
        case ChangeRef(change=change):
            if change.delta is None:
                return Missing("the change states no amount")
            return Quantity.from_amount(change.delta, change.provenance, env.vocabulary.units)
        case Vector():
            return EvalError("a whole row was used where one figure is needed: choose a column with .NAME")
    return EvalError(f"expected a figure, got {type(value).__name__}")


def is_rowish(value) -> bool:
    return isinstance(value, Vector) or (isinstance(value, Selection) and value.is_rows)


def to_vector(value, env):
    if isinstance(value, Selection):
        return vector(value, env.frame)
    return value


def operands(left, right, env):
    """Two row references compare column by column; anything else compares as single figures."""
    if is_rowish(left) and is_rowish(right):
        left_vector, right_vector = to_vector(left, env), to_vector(right, env)
        if not (isinstance(left_vector, Vector) and isinstance(right_vector, Vector)) or _share_columns(left_vector, right_vector):
            return left_vector, right_vector
        # rows of different layouts (the income and the expenditure side of a summary table)
        # have no column in common: they compare as single figures
    return to_quantity(left, env), to_quantity(right, env)


def _share_columns(left: Vector, right: Vector) -> bool:
    keys = {key for key, _, _ in left.entries}
    return any(key in keys for key, _, _ in right.entries)


def read_property(value, name: str, env):
    match value:
        case Missing() | EvalError():
            return value
        case StatementRef(statement=statement):
            return _statement_property(statement, name, env)
        case ChangeRef(change=change):
            return _change_property(change, name, env)
        case Selection():
            return _selection_property(value, name, env.vocabulary)
    return EvalError(f"'{name}' cannot be read from {type(value).__name__}")


def _statement_property(statement, name, env):
    if name == "value":
        return to_quantity(StatementRef(statement), env)
    if name == "label":
        return Text(statement.label)
    if name == "concept":
        return Text(statement.concept or normalize(statement.label))
    if name == "period":
        return Quantity.exact(statement.period) if statement.period is not None else Missing("no year stated")
    return Quantity.exact(statement.provenance.line)


def _change_property(change, name, env):
    simple = {
        "word": lambda: Text(change.word),
        "subject": lambda: Text(change.subject or normalize(change.subject_label)),
        "label": lambda: Text(change.subject_label),
        "direction": lambda: Quantity.exact(change.direction),
        "line": lambda: Quantity.exact(change.provenance.line),
    }
    if name in simple:
        return simple[name]()
    if name == "delta":
        return to_quantity(ChangeRef(change), env)
    if name == "stated":
        if change.delta is None:
            return Missing("the change states no amount")
        quantity = to_quantity(ChangeRef(change), env)
        return quantity if quantity.value >= 0 else Quantity(
            -quantity.value, -quantity.high, -quantity.low, quantity.decimals, quantity.unit, quantity.terms)
    if name == "year":
        return Quantity.exact(change.year) if change.year is not None else Missing("the comparison names no year")
    if name == "current":
        return StatementRef(change.current) if change.current is not None else Missing("the change follows no figure")
    return EvalError(f"unknown property {name}")


def _selection_property(selection: Selection, name: str, vocabulary):
    if name in ("title", "annex"):
        if not selection.tables:
            return Missing(f"no {selection.label} in the document")
        table = selection.tables[0]
        return Text(table.title if name == "title" else (table.annex or ""))
    if not selection.rows:
        return Missing(f"no row {selection.label}")
    row = selection.rows[0][1]
    if name == "code":
        return Text(row.code) if row.code else Missing("the row has no code")
    if name == "label":
        return Text(row.label)
    if name == "concept":
        return Text(row.concept or strip_numbering(normalize(row.label), vocabulary.numerals))
    return Quantity.exact(row.line)


def direction_of(value: Decimal) -> int:
    return sign(value)
