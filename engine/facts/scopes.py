"""Scopes of table rows: the parts listed under a carry-over row belong to the carry-over.

A 财政拨款收支总表 lists this year's income by fund, then 上年结转 and, below it, the same funds
again (北京 预算04表: 上年结转结余 / 一、一般公共预算拨款 / 二、政府性基金预算拨款; 重庆:
二、上年结转 / （一）一般公共预算拨款 …). Read on their own, those rows name this year's funds; their
meaning is "the carry-over's 一般公共预算 part". A row under a scope row ([layout] scope_rows, by
concept) therefore gets the concept `scope/concept` (上年结转/一般公共预算收入), so a rule asking for
this year's 一般公共预算收入 does not find the carry-over's, and one that wants the carry-over's
part can name it.

The parts end at a total row (a [layout] total_rows word in its label: 收入合计, 收入总计), at a row
numbered as the scope row is (二、上年结转 … 三、…), at a row indented no further than the scope row
where the PDF shows indentation, and at another scope row. Each label column (the income and the
spending side of a two-panel table) keeps its own scope.
"""

from __future__ import annotations

from typing import Optional

from engine.parse.markers import Markers, text_key

SEPARATOR = "/"


class RowScopes:
    """Follows the scope rows of one table's label columns, row by row in reading order."""

    def __init__(self, markers: Markers) -> None:
        words = markers.vocabulary.words
        self.markers = markers
        self.scope_concepts = frozenset(words("layout", "scope_rows"))
        self.total_words = tuple(text_key(word) for word in words("layout", "total_rows") if word)
        # label column -> (scope concept, numbering level of the scope row or None, its depth)
        self.open: dict[int, tuple[str, Optional[int], Optional[int]]] = {}

    def concept(self, column: int, label: str, concept: Optional[str], depth: Optional[int]) -> Optional[str]:
        """The concept of the row whose label stands in `column`: its own, or scoped by the
        scope row it is listed under."""
        if not self.scope_concepts:
            return concept
        level = self._numbering(label)
        if concept in self.scope_concepts:
            self.open[column] = (concept, level, depth)
            return concept
        scope = self.open.get(column)
        if scope is None:
            return concept
        name, scope_level, scope_depth = scope
        key = text_key(label)
        if (
            any(word in key for word in self.total_words)
            or (scope_level is not None and level == scope_level)
            or (scope_depth is not None and depth is not None and depth <= scope_depth and level is None)
        ):
            del self.open[column]
            return concept
        return f"{name}{SEPARATOR}{concept}" if concept else concept

    def _numbering(self, label: str) -> Optional[int]:
        found = self.markers.heading_level(label)
        return found[0] if found else None
