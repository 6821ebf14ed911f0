"""Narrative: the lines no table consumed -> sections, paragraphs and annex markers.

Converted disclosures break sentences anywhere, often with a blank line in the middle
('…社会保障和就业支出12.34万元，' / '' / '卫生健康支出 5.67 万元…'). A paragraph therefore runs on
across blank lines until a line ends a sentence, the next line opens a numbered item, or a
heading, annex line or table interrupts;
`line_starts` keeps every character citable by its own line and column.
"""

from __future__ import annotations

from typing import Optional

from engine.model import Paragraph, Section
from engine.parse.lines import ANNEX, BLANK, HEADING, Line
from engine.parse.markers import Markers
from engine.parse.numbers import fold_narrow

_SENTENCE_FINAL = "。!?"
_CLOSERS = ")]}\"'”’」』》"


def read_narrative(
    lines: tuple[Line, ...], taken: frozenset[int], title_lines: frozenset[int], markers: Markers
) -> tuple[tuple[Section, ...], tuple[Paragraph, ...], tuple[tuple[str, int], ...]]:
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    annexes: list[tuple[str, int]] = []
    pending: list[Line] = []
    section: Optional[str] = None

    def flush() -> None:
        if pending:
            paragraphs.append(join_lines(pending, section))
            pending.clear()

    for line in lines:
        if line.number in title_lines:
            continue
        if line.kind == ANNEX:
            annexes.append((line.key, line.number))
        if line.number in taken or line.kind in (HEADING, ANNEX):
            if pending:
                flush()
            if line.kind == HEADING and line.number not in taken:
                sections.append(Section(line.text.strip(), line.level, line.number))
                section = line.text.strip()
            continue
        if line.kind == BLANK:
            continue
        if pending and (ends_sentence(pending[-1].text) or markers.heading_level(line.text) is not None):
            flush()
        pending.append(line)
    flush()
    return tuple(sections), tuple(paragraphs), tuple(annexes)


def ends_sentence(text: str) -> bool:
    """True when `text` ends with 。！？, possibly followed by closing quotes or brackets."""
    stripped = fold_narrow(text).rstrip().rstrip(_CLOSERS)
    return stripped.endswith(tuple(_SENTENCE_FINAL))


def join_lines(lines: list[Line], section: Optional[str]) -> Paragraph:
    """One paragraph from several source lines; lines join without a space (Chinese has none),
    except between two ASCII letters or digits, where a space keeps '2023' and '12' apart."""
    text = ""
    starts: list[tuple[int, int, int]] = []
    for line in lines:
        piece = line.raw.strip()
        column = len(line.raw) - len(line.raw.lstrip()) + 1
        if text and piece and _ascii_word(text[-1]) and _ascii_word(piece[0]):
            text += " "
        starts.append((len(text), line.number, column))
        text += piece
    return Paragraph(text=text, line_starts=tuple(starts), section=section)


def _ascii_word(character: str) -> bool:
    folded = fold_narrow(character)
    return folded.isascii() and folded.isalnum()
