"""Paragraphs from line geometry (engine/read/pdf/render.py), on made-up pages of 15 pt CJK lines.

A body of 30 characters a line between x = 72 and x = 522: a paragraph's wrapped lines start at
72, its first line at 102 when the document indents paragraphs. What ends a paragraph is the
geometry (a line well short of the margin, the next line indented) and, only where paragraphs
open flush, a sentence-ending character at the end of a full line.
"""

from engine.read.pdf.layout import PageLayout, TextLayout
from engine.read.pdf.lines import group_lines
from engine.read.pdf.page import Glyph
from engine.read.pdf.render import render_pages

SIZE = 15.0
LEFT, RIGHT = 72.0, 522.0
INDENT = 2 * SIZE


def _page(rows, number=1):
    """A page whose narrative lines are `rows`: (indented, text), one line per row, 31 pt apart.
    A line of 30 characters fills the measure."""
    glyphs = []
    for index, (indented, text) in enumerate(rows):
        top = 70.0 + 31.0 * index
        x = LEFT + (INDENT if indented else 0.0)
        for character in text:
            glyphs.append(Glyph(character, x, top, x + SIZE, top + SIZE, top + SIZE * 0.88))
            x += SIZE
    blocks = tuple(TextLayout(number, line) for line in group_lines(glyphs))
    return PageLayout(number, 595.0, 842.0, blocks, len(glyphs), 0)


def _paragraphs(rows):
    return [line for line in render_pages([_page(rows)])[0].splitlines() if line]


FULL = "甲" * 29 + "。"  # a full line that ends a sentence
INDENTED_FULL = "乙" * 27 + "。"  # an indented first line that fills the measure
SHORT = "丙" * 10 + "。"


def test_indented_document_a_full_line_ending_in_a_full_stop_runs_on_to_an_unindented_line():
    rows = [
        (True, INDENTED_FULL), (False, SHORT),  # three paragraphs ending short: the document indents
        (True, INDENTED_FULL), (False, SHORT),
        (True, INDENTED_FULL), (False, FULL), (False, "决算数小于预算数的主要原因是购房补贴发放减少。"),
        (True, "新的一段。"),
    ]
    paragraphs = _paragraphs(rows)
    assert paragraphs[2] == INDENTED_FULL + FULL + "决算数小于预算数的主要原因是购房补贴发放减少。"
    assert paragraphs[3] == "新的一段。"
    assert len(paragraphs) == 4


def test_flush_document_a_full_line_ending_in_a_full_stop_ends_the_paragraph():
    rows = [
        (False, FULL), (False, SHORT),  # paragraphs open flush: only the full stop can tell
        (False, FULL), (False, SHORT),
        (False, FULL), (False, SHORT),
        (False, FULL), (False, "下一段的第一行。"),
    ]
    paragraphs = _paragraphs(rows)
    assert paragraphs[-2:] == [FULL, "下一段的第一行。"]


def test_a_line_well_short_of_the_margin_ends_the_paragraph_whatever_follows():
    rows = [
        (True, INDENTED_FULL), (False, SHORT),
        (True, INDENTED_FULL), (False, SHORT),
        (True, INDENTED_FULL), (False, "丁" * 10 + "，"), (False, "没有缩进的下一行。"),
    ]
    assert _paragraphs(rows)[-2:] == ["乙" * 27 + "。" + "丁" * 10 + "，", "没有缩进的下一行。"]


def test_the_margin_is_where_wrapped_lines_start_on_a_page_of_short_indented_paragraphs():
    # most lines open a paragraph (at 102): the margin is still 72, so an indented line after a
    # full line ending in a full stop is a new paragraph, not a continuation
    rows = [(True, "一行的段落。")] * 4 + [
        (True, INDENTED_FULL), (False, "乙" * 29 + "，"), (False, SHORT),
        (True, INDENTED_FULL), (False, "乙" * 29 + "，"), (False, SHORT),
        (True, INDENTED_FULL), (False, FULL), (True, "另一段。"),
    ]
    paragraphs = _paragraphs(rows)
    assert paragraphs[-2:] == [INDENTED_FULL + FULL, "另一段。"]
