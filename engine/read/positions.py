"""Where the text of a document read from a PDF sits on its pages: (line, column) -> (page, bbox).

The PDF reader writes what it read as the tab-separated text the parser already reads, so every
shipped rule works on PDFs unchanged; this map keeps, for each character of that text, the page
and the box of the glyph it came from. Facts and citations are then given `page` and `bbox`
([x0, top, x1, bottom] in points from the page's top-left) by looking up their line and
columns: one lookup after facts are extracted, and one for citations a rule made from a line
alone (a row, a section heading). A text document has no map, and nothing changes for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from engine.model import Change, Citation, FactSet, Finding, Provenance, RowFacts, Statement, TableFacts
from engine.record import evolve

Box = tuple[float, float, float, float]
Place = tuple[int, float, float, float, float]  # page, x0, top, x1, bottom


class PositionMap:
    """Per rendered line (from 1): its text and, per character, the `Place` of its glyph or None
    (a tab or space the reader added). Also what the pages held, for coverage."""

    __slots__ = ("texts", "places", "pages", "pages_without_text")

    def __init__(self, texts: Sequence[str], places: Sequence[tuple[Optional[Place], ...]], pages: int,
                 pages_without_text: tuple[int, ...] = ()) -> None:
        self.texts = tuple(texts)
        self.places = tuple(places)
        self.pages = pages
        self.pages_without_text = pages_without_text

    def __reduce__(self):
        return (PositionMap, (self.texts, self.places, self.pages, self.pages_without_text))

    def locate(self, line: int, column: int = 1, end_column: Optional[int] = None,
               quote: str = "") -> Optional[tuple[int, Box]]:
        """(page, bbox) of the characters `column`..`end_column` (exclusive, from 1) of `line`; the
        quote, when it is found on the line at or before `column`, widens the span to all of it."""
        if not 1 <= line <= len(self.places):
            return None
        places, text = self.places[line - 1], self.texts[line - 1]
        start = max(column - 1, 0)
        end = (end_column - 1) if end_column is not None else len(places)
        span = _quote_span(text, quote.strip(), start, end_column is None)
        if span is not None:
            start, end = span if end_column is None else (min(start, span[0]), max(end, span[1]))
        chosen = [place for place in places[start:end] if place is not None]
        if span is None and end_column is None and quote.strip():
            chosen += self._run_on(line, quote)
        if not chosen:
            chosen = [place for place in places if place is not None]
            if not chosen:
                return None
        page = chosen[0][0]
        on_page = [place for place in chosen if place[0] == page]
        return page, (
            round(min(place[1] for place in on_page), 2),
            round(min(place[2] for place in on_page), 2),
            round(max(place[3] for place in on_page), 2),
            round(max(place[4] for place in on_page), 2),
        )

    def _run_on(self, line: int, quote: str) -> list[Place]:
        """Places of the lines after `line` that a quote running over several lines (a paragraph
        the parser joined) goes on with, compared without whitespace."""
        wanted = "".join(quote.split())
        consumed = "".join(self.texts[line - 1].split())
        if not consumed or not wanted.startswith(consumed):
            return []
        found: list[Place] = []
        following = line
        while len(consumed) < len(wanted) and following < len(self.texts):
            following += 1
            piece = "".join(self.texts[following - 1].split())
            if not piece:
                continue
            if not wanted.startswith(consumed + piece[: len(wanted) - len(consumed)]):
                break
            consumed += piece
            found.extend(place for place in self.places[following - 1] if place is not None)
        return found

    def page_of(self, line: int) -> Optional[int]:
        found = self.locate(line)
        return found[0] if found else None


def _quote_span(text: str, quote: str, start: int, open_ended: bool) -> Optional[tuple[int, int]]:
    """The occurrence of `quote` on the line that holds character `start` (a statement's quote
    opens with its label, before the figure the columns point at); for a span without an end,
    the first occurrence from `start`."""
    if not quote:
        return None
    found = text.find(quote)
    while found >= 0:
        if found <= start < found + len(quote) or (open_ended and found >= start):
            return found, found + len(quote)
        found = text.find(quote, found + 1)
    return None


def place_provenance(provenance: Provenance, positions: PositionMap) -> Provenance:
    found = positions.locate(provenance.line, provenance.column, provenance.end_column, provenance.quote)
    if found is None:
        return provenance
    return evolve(provenance, page=found[0], bbox=found[1])


def place_facts(fact_set: FactSet, positions: PositionMap) -> FactSet:
    """`fact_set` with every figure and statement given its page and bbox."""
    return evolve(
        fact_set,
        tables=tuple(_place_table(table, positions) for table in fact_set.tables),
        statements=tuple(_place_statement(statement, positions) for statement in fact_set.statements),
        changes=tuple(_place_change(change, positions) for change in fact_set.changes),
        percentages=tuple(_place_statement(statement, positions) for statement in fact_set.percentages),
    )


def _place_table(table: TableFacts, positions: PositionMap) -> TableFacts:
    return evolve(table, rows=tuple(_place_row(row, positions) for row in table.rows))


def _place_row(row: RowFacts, positions: PositionMap) -> RowFacts:
    return evolve(row, facts=tuple(
        evolve(fact, provenance=place_provenance(fact.provenance, positions)) for fact in row.facts
    ))


def _place_statement(statement: Statement, positions: PositionMap) -> Statement:
    return evolve(statement, provenance=place_provenance(statement.provenance, positions))


def _place_change(change: Change, positions: PositionMap) -> Change:
    current = _place_statement(change.current, positions) if change.current is not None else None
    return evolve(change, current=current, provenance=place_provenance(change.provenance, positions))


def place_findings(findings: tuple[Finding, ...], positions: PositionMap) -> tuple[Finding, ...]:
    """Citations a rule built from a line alone (rows, headings, sentences) given their page and bbox."""
    return tuple(
        evolve(finding, citations=tuple(_place_citation(citation, positions) for citation in finding.citations))
        if any(citation.page is None for citation in finding.citations) else finding
        for finding in findings
    )


def _place_citation(citation: Citation, positions: PositionMap) -> Citation:
    if citation.page is not None:
        return citation
    found = positions.locate(citation.line, 1, None, citation.quote)
    if found is None:
        return citation
    return evolve(citation, page=found[0], bbox=found[1])
