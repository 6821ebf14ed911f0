"""Bound narrative values and the properties rules may read from bound values.

`for each statement s` binds a StatementRef; `s.label`, `s.concept` and `s` itself (its figure)
are what a rule sees. The property table is the single list the compiler checks names
against and the README documents.
"""

from __future__ import annotations

from decimal import Decimal

from engine.model import Change, Section, Statement
from engine.record import frozen

PROPERTIES: dict[str, dict[str, str]] = {
    "statement": {
        "value": "quantity",
        "label": "text",
        "concept": "text",
        "period": "quantity",
        "line": "quantity",
        "section": "text",
        "sentence": "text",
        "paragraph": "text",
    },
    "change": {
        "delta": "quantity",
        "stated": "quantity",
        "direction": "quantity",
        "word": "text",
        "unit": "text",
        "year": "quantity",
        "subject": "text",
        "label": "text",
        "current": "statement",
        "line": "quantity",
        "sentence": "text",
        "paragraph": "text",
        "section": "text",
    },
    "selection": {
        "text": "text",
        "code": "text",
        "label": "text",
        "concept": "text",
        "line": "quantity",
        "depth": "quantity",
        "title": "text",
        "annex": "text",
        "kind": "text",
        "notes": "text",
        "year": "quantity",
        "unit": "text",
        "declared_unit": "text",
        "header": "text",
    },
    "sentence": {"text": "text", "line": "quantity", "section": "text", "paragraph": "text"},
    "section": {"title": "text", "level": "quantity", "line": "quantity"},
    "annex": {"label": "text", "number": "quantity", "part": "quantity", "line": "quantity"},
}
_KINDS = {
    "row": "selection",
    "table": "selection",
    "statement": "statement",
    "change": "change",
    "percentage": "statement",  # a stated 占 X% / 完成 X%: a statement whose unit is %
    "sentence": "sentence",
    "section": "section",
    "annex": "annex",
    "item": "text",
    "group": "selection",
}


@frozen
class StatementRef:
    statement: Statement


@frozen
class ChangeRef:
    change: Change


@frozen
class SentenceRef:
    text: str
    line: int
    section: str


@frozen
class SectionRef:
    section: Section


@frozen
class AnnexRef:
    label: str
    line: int


def variable_kind(quantifier: str) -> str:
    return _KINDS[quantifier]


def sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)
