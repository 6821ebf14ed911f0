"""The typed AST of the rule language: frozen values, each with the Span it was written at.

The parser (syntax.py) builds these from lark's tree; the compiler reads only these, so the
shape of a rule is defined here and not by the grammar's internals. `to_source` prints a node
back as rule text, which makes parse -> print -> parse a testable property.
"""

from __future__ import annotations

import re
from typing import Optional, Union

from engine.model import Severity, Span
from engine.record import frozen


@frozen
class Number:
    text: str
    span: Span


@frozen
class Text:
    value: str
    span: Span


@frozen
class Name:
    name: str
    span: Span


@frozen
class CodeRange:
    low: str
    high: str
    span: Span


@frozen
class Call:
    function: str
    arguments: tuple["Expression", ...]
    span: Span


@frozen
class Aggregate:
    """`sum(r.权重 for r in t[*] where ...)`: a bounded fold over the rows of a selection."""

    function: str
    element: "Expression"
    variable: str
    source: "Expression"
    where: Optional["Expression"]
    span: Span


@frozen
class Negate:
    operand: "Expression"
    span: Span


@frozen
class Not:
    operand: "Expression"
    span: Span


@frozen
class Binary:
    """Arithmetic (+ - * /) and logic (and, or)."""

    operator: str
    left: "Expression"
    right: "Expression"
    span: Span


@frozen
class Compare:
    operator: str
    left: "Expression"
    right: "Expression"
    span: Span


@frozen
class RowSelector:
    """What goes inside `table[...]`: a code, a code range, a concept/variable, a label, or all."""

    kind: str  # "code" | "range" | "name" | "label" | "all"
    value: str
    high: Optional[str]
    span: Span


@frozen
class SelectRows:
    base: "Expression"
    selector: RowSelector
    span: Span


@frozen
class SelectColumn:
    """`base.name`: a column by concept or header text, or a property of a bound value."""

    base: "Expression"
    name: str
    quoted: bool
    span: Span


@frozen
class AtPeriod:
    base: "Expression"
    period: str
    span: Span


Expression = Union[
    Number, Text, Name, CodeRange, Call, Aggregate, Negate, Not, Binary, Compare, SelectRows, SelectColumn, AtPeriod
]


@frozen
class Quantifier:
    """`for each row r in T where ...`, `for each statement s`, `for each change c`."""

    kind: str
    variable: str
    source: Optional[Expression]
    where: Optional[Expression]
    span: Span


@frozen
class Example:
    outcome: str  # "pass" | "fail" | "na"
    text: str
    span: Span


@frozen
class Define:
    name: str
    expression: Expression
    span: Span


@frozen
class Applies:
    """`applies when <condition>`: a condition every rule of its file needs (a rule pack by
    document kind), checked once per document before any `for each`."""

    condition: Expression
    span: Span


@frozen
class RuleDecl:
    code: str
    name: str
    span: Span
    title: Optional[str] = None
    severity: Optional[Severity] = None
    citation: Optional[str] = None
    see: Optional[str] = None  # research notes and background: not legal text, so not in `cite`
    why: Optional[str] = None
    message: Optional[str] = None
    context: Optional[Name] = None
    quantifiers: tuple[Quantifier, ...] = ()
    conditions: tuple[Expression, ...] = ()
    assertion: Optional[Expression] = None
    examples: tuple[Example, ...] = ()
    field_spans: tuple[tuple[str, Span], ...] = ()


@frozen
class RuleFile:
    path: str
    text: str
    defines: tuple[Define, ...]
    rules: tuple[RuleDecl, ...]
    applies: tuple[Applies, ...] = ()


_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def to_source(node: Expression, parent: int = 0) -> str:
    """Print an expression as rule text, with only the parentheses precedence needs."""
    match node:
        case Number(text=text):
            return text
        case Text(value=value):
            return quote(value)
        case Name(name=name):
            return name
        case CodeRange(low=low, high=high):
            return f"{low}..{high}"
        case Call(function=function, arguments=arguments):
            return f"{function}({', '.join(to_source(argument) for argument in arguments)})"
        case Aggregate(function=function, element=element, variable=variable, source=source, where=where):
            condition = f" where {to_source(where)}" if where is not None else ""
            return f"{function}({to_source(element)} for {variable} in {to_source(source)}{condition})"
        case Negate(operand=operand):
            return _wrap(f"-{to_source(operand, _PRECEDENCE['neg'])}", _PRECEDENCE["neg"], parent)
        case Not(operand=operand):
            return _wrap(f"not {to_source(operand, _PRECEDENCE['not'])}", _PRECEDENCE["not"], parent)
        case Binary(operator=operator, left=left, right=right):
            level = _PRECEDENCE[operator]
            text = f"{to_source(left, level)} {operator} {to_source(right, level + 1)}"
            return _wrap(text, level, parent)
        case Compare(operator=operator, left=left, right=right):
            level = _PRECEDENCE["compare"]
            text = f"{to_source(left, level + 1)} {operator} {to_source(right, level + 1)}"
            return _wrap(text, level, parent)
        case SelectRows(base=base, selector=selector):
            return f"{to_source(base, 99)}[{_selector_source(selector)}]"
        case SelectColumn(base=base, name=name, quoted=quoted):
            return f"{to_source(base, 99)}.{quote(name) if quoted else name}"
        case AtPeriod(base=base, period=period):
            return f"{to_source(base, 99)}@{period}"
    raise TypeError(f"not an expression node: {node!r}")


def free_names(node: Expression) -> frozenset[str]:
    """Every name an expression reads that it does not bind itself (an aggregate binds its
    variable for its element and `where`): the compiler memoises an expression per document
    when none of these is a variable of the rule."""
    match node:
        case Name(name=name):
            return frozenset((name,))
        case Call(arguments=arguments):
            return frozenset().union(*(free_names(argument) for argument in arguments))
        case Aggregate(element=element, variable=variable, source=source, where=where):
            inner = free_names(element) | (free_names(where) if where is not None else frozenset())
            return free_names(source) | (inner - {variable})
        case Negate(operand=operand) | Not(operand=operand):
            return free_names(operand)
        case Binary(left=left, right=right) | Compare(left=left, right=right):
            return free_names(left) | free_names(right)
        case SelectRows(base=base, selector=selector):
            return free_names(base) | ({selector.value} if selector.kind == "name" else frozenset())
        case SelectColumn(base=base) | AtPeriod(base=base):
            return free_names(base)
    return frozenset()


def quote(value: str) -> str:
    """A text as rule source, backslashes doubled only where the parser would read an escape, so
    a pattern prints as written (`"^\\d{3}$"`, the one style of rules/*.rule)."""
    escaped = _ESCAPED_BACKSLASH.sub(r"\\\\", value).replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_ESCAPED_BACKSLASH = re.compile(r'\\(?=[nt"\\]|$)')  # a backslash the parser would join with what follows


def _selector_source(selector: RowSelector) -> str:
    match selector.kind:
        case "range":
            return f"{selector.value}..{selector.high}"
        case "label":
            return quote(selector.value)
        case "all":
            return "*"
    return selector.value


def _wrap(text: str, level: int, parent: int) -> str:
    return f"({text})" if level < parent else text
