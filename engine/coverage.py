"""What was recognised in a document, so "0 findings" can be told from "nothing recognised".

`Coverage` counts the tables by kind, lists the titles of tables no kind was recognised for,
counts the figures stated in the text, and, for a PDF, the pages and those without a text layer
(scanned pages: what they hold was not read). It is built from the facts, the same values the
rules see, and goes into the JSON report and a one-line summary in the text report.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from engine.model import FactSet
from engine.record import frozen


@frozen
class Coverage:
    tables: tuple[tuple[str, int], ...]  # (kind, count), sorted by kind
    unrecognized_tables: tuple[str, ...]
    statements: int
    pages: Optional[int] = None  # None for a text document
    pages_without_text: tuple[int, ...] = ()

    @classmethod
    def of(cls, facts: FactSet, positions=None) -> "Coverage":
        kinds = Counter(table.kind for table in facts.tables if table.kind)
        return cls(
            tables=tuple(sorted(kinds.items())),
            unrecognized_tables=tuple(table.title or "(untitled)" for table in facts.tables if not table.kind),
            statements=len(facts.statements),
            pages=positions.pages if positions is not None else None,
            pages_without_text=tuple(positions.pages_without_text) if positions is not None else (),
        )

    @property
    def scanned(self) -> bool:
        """Every page an image: the document has no text layer to check."""
        return bool(self.pages) and len(self.pages_without_text) == self.pages

    def as_dict(self) -> dict:
        data: dict = {
            "tables": dict(self.tables),
            "unrecognized_tables": list(self.unrecognized_tables),
            "statements": self.statements,
        }
        if self.pages is not None:
            data["pages"] = self.pages
            data["pages_without_text"] = list(self.pages_without_text)
        return data

    def line(self) -> str:
        """One line for the text report."""
        kinds = sum(count for _, count in self.tables)
        parts = [f"{kinds} table(s) of {len(self.tables)} recognised kind(s)"]
        if self.unrecognized_tables:
            parts.append(f"{len(self.unrecognized_tables)} table(s) not recognised")
        parts.append(f"{self.statements} stated figure(s)")
        if self.pages is not None:
            parts.append(f"{self.pages} page(s)")
            if self.pages_without_text:
                listed = ", ".join(str(page) for page in self.pages_without_text[:10])
                more = "…" if len(self.pages_without_text) > 10 else ""
                parts.append(f"no text layer on page(s) {listed}{more}")
        return "coverage: " + "; ".join(parts)
