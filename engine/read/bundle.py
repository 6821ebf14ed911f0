"""The files of one disclosure read as one `Source`, and citations of it sent back to their file.

A bundle (附件1 情况说明 + 附件2 报表, engine.batch.bundles) is checked as one document: its
parts' texts are joined, in order, with blank lines between them so that no paragraph or table
runs from one file into the next, and their PDF position maps are joined line for line. The
parser, the facts and the rules then see one document and need to know nothing of bundles.

Each line of the joined text belongs to one part (`SourcePart`: its first line and line count),
so a finding's citation is given back its own file and line (`cite_parts`): an auditor is sent to
附件2 page 3, not to line 912 of a text that exists nowhere. The page a citation carries is
already the part's own page: the joined map keeps each glyph's page as its file numbers it.
Coverage counts the bundle's pages through its parts in order (page 1 of 附件2 after 附件1's 7
pages is page 8 there), so an unread (scanned) page is never hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from engine.model import Citation, Finding, Source, SourcePart
from engine.read.positions import Place, PositionMap
from engine.record import evolve

SEPARATOR_LINES = 2  # blank lines between two parts


def join_sources(sources: Sequence[Source], path: str) -> Source:
    """One `Source` named `path` holding every part's text in order, with each part's place in it."""
    parts: list[SourcePart] = []
    line = 1
    for source in sources:
        count = len(source.lines)
        pages = getattr(source.positions, "pages", None)
        parts.append(SourcePart(source.path, line, count, pages))
        line += count + SEPARATOR_LINES
    text = ("\n" * (SEPARATOR_LINES + 1)).join(source.text for source in sources)
    encodings = sorted({source.encoding for source in sources})
    return Source(path=path, text=text, encoding="+".join(encodings), positions=_joined_positions(sources),
                  parts=tuple(parts))


def _joined_positions(sources: Sequence[Source]) -> Optional[PositionMap]:
    """The parts' position maps joined line for line (a text part's lines have no places), or
    None when no part is a PDF."""
    maps = [source.positions for source in sources]
    if not any(isinstance(positions, PositionMap) for positions in maps):
        return None
    texts: list[str] = []
    places: list[tuple[Optional[Place], ...]] = []
    pages, unread = 0, list[int]()
    for number, (source, positions) in enumerate(zip(sources, maps)):
        if number:
            texts.extend([""] * SEPARATOR_LINES)
            places.extend([()] * SEPARATOR_LINES)
        lines = source.lines
        if isinstance(positions, PositionMap):
            texts.extend((list(positions.texts) + [""] * len(lines))[: len(lines)])
            places.extend((list(positions.places) + [()] * len(lines))[: len(lines)])
            unread.extend(pages + page for page in positions.pages_without_text)
            pages += positions.pages
        else:
            texts.extend(lines)
            places.extend([()] * len(lines))
    return PositionMap(texts, places, pages, tuple(unread))


def part_of(parts: Sequence[SourcePart], line: int) -> Optional[SourcePart]:
    """The part holding `line` of the joined text (None on a line between two parts)."""
    for part in parts:
        if part.first_line <= line < part.first_line + part.lines:
            return part
    return None


def cite_parts(findings: tuple[Finding, ...], parts: Sequence[SourcePart]) -> tuple[Finding, ...]:
    """`findings` with each citation naming the file it cites and its line in that file."""
    if not parts:
        return findings
    return tuple(
        evolve(finding, citations=tuple(_in_part(citation, parts) for citation in finding.citations))
        if finding.citations else finding
        for finding in findings
    )


def _in_part(citation: Citation, parts: Sequence[SourcePart]) -> Citation:
    part = part_of(parts, citation.line)
    if part is None:
        return citation
    return evolve(citation, path=part.path, line=citation.line - part.first_line + 1)
