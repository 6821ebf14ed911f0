"""Compile-time scope of a rule.

`Scope` knows the names a rule binds (`for each row r` binds r as a row) and its `in TABLE`
context, so the compiler can refuse an unknown name before any document is read.
"""

from __future__ import annotations

from typing import Optional

import attrs

from engine.record import frozen


@frozen
class Scope:
    context: Optional[str] = None
    variables: dict = attrs.field(factory=dict)

    def bind(self, name: str, kind: str) -> "Scope":
        return Scope(self.context, {**self.variables, name: kind})
