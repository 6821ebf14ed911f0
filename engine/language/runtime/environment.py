"""Run-time environment of a rule, and the compiled closures that receive it.

`Env` is what a compiled closure receives: the document's facts, the bindings of the current
iteration, the period being read and the compiled definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

from engine.language.runtime.references import ChangeRef, StatementRef
from engine.language.runtime.selection import Frame, Selection
from engine.language.runtime.values import Text
from engine.model import FactSet
from engine.record import frozen
from engine.vocabulary import Vocabulary, normalize, strip_numbering


@frozen
class Compiled:
    """A closure over an Env and the static kind of what it returns."""

    function: Callable
    kind: str


class Env:
    __slots__ = ("facts", "frame", "bindings", "defines", "_by_kind")

    def __init__(self, facts: FactSet, vocabulary: Vocabulary, defines: dict, period: str = "current",
                 bindings: Optional[dict] = None, by_kind: Optional[dict] = None):
        self.facts = facts
        self.frame = Frame(facts.budget_year, period, vocabulary)
        self.bindings = bindings or {}
        self.defines = defines
        if by_kind is None:
            by_kind = {}
            for table in facts.tables:
                by_kind.setdefault(table.kind, []).append(table)
        self._by_kind = by_kind

    @property
    def vocabulary(self) -> Vocabulary:
        return self.frame.vocabulary

    def table_selection(self, kind: str) -> Selection:
        return Selection(tuple(self._by_kind.get(kind, ())), None, (), None, kind)

    def _copy(self, frame: Frame, bindings: dict) -> "Env":
        """A sibling environment without re-indexing the tables (bindings change per row)."""
        env = object.__new__(Env)
        env.facts, env.frame, env.bindings, env.defines, env._by_kind = (
            self.facts, frame, bindings, self.defines, self._by_kind)
        return env

    def with_period(self, period: str) -> "Env":
        if period == self.frame.period:
            return self
        frame = self.frame
        return self._copy(Frame(frame.budget_year, period, frame.vocabulary, frame.cache), self.bindings)

    def bind(self, name: str, value) -> "Env":
        return self._copy(self.frame, {**self.bindings, name: value})

    def subject_of_value(self, value) -> str:
        """The name a bound value stands for, used to find the table row of the same concept."""
        match value:
            case StatementRef(statement=statement):
                return statement.concept or normalize(statement.label)
            case ChangeRef(change=change):
                return change.subject or normalize(change.subject_label)
            case Selection(rows=rows) if rows:
                row = rows[0][1]
                return row.concept or strip_numbering(normalize(row.label), self.vocabulary.numerals)
            case Text(value=text):
                return strip_numbering(normalize(text), self.vocabulary.numerals)
        return ""
