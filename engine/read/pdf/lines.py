"""Glyphs -> text lines: grouped by baseline, in visual order, spaces only where the page has them.

Glyphs of one line share a baseline, not a top (Times digits and FangSong text on one baseline
differ ~5 pt in top), and some WPS pages store text out of visual order, so a line is the
glyphs whose baselines agree, sorted by x. Chinese has no spaces between words: two glyphs
are joined with none unless one side is a Latin letter or digit and the content stream has a
space there (tight boxes make gaps useless for this: a '1' is narrow);
a wide gap (tabular text, '编制单位：…      单位：万元') becomes a run of spaces the parser splits on.
A glyph drawn twice at almost the same place (fake bold) is kept once.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import NamedTuple

from engine.read.pdf.page import Glyph

BASELINE_SHARE = 0.4  # baselines closer than this share of the glyph height are one line
WORD_GAP = 0.1  # a space pdfium saw before a glyph counts only with a gap this wide (share of the height)
WIDE_GAP = 1.5  # gap (share of the height) that separates two pieces of text on one line
SPACE = " "
WIDE_SPACE = "    "  # four spaces: the parser's space-aligned split needs two or more
_WIDE_SOURCES = (None,) * len(WIDE_SPACE)


class TextLine(NamedTuple):
    """One line: `text` and, for each of its characters, the glyph it came from (None: a space we added)."""

    text: str
    glyphs: tuple[Glyph | None, ...]
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float  # median glyph height: pdfium's font size is unreliable (WPS reports 300)


def group_lines(glyphs: Sequence[Glyph], wide_gaps: bool = True) -> list[TextLine]:
    """Lines of `glyphs`, top to bottom. Without `wide_gaps` (text inside one cell), a wide gap
    is written as nothing between Chinese text and one space between Latin words."""
    if not glyphs:
        return []
    ordered = sorted(glyphs, key=_BASELINE)
    group = [ordered[0]]
    groups: list[list[Glyph]] = [group]
    anchor = ordered[0].baseline
    tallest = ordered[0].bottom - ordered[0].top
    for glyph in ordered[1:]:
        height = glyph.bottom - glyph.top
        # measured against the tallest glyph of the line so far as well: a full stop or comma is
        # ~2 pt tall, and its own height would cut the line at it when digits sit ~2 pt below
        # the text's baseline (重庆: '890.97' read as '890' and '.97' on a line of their own)
        reach = max(height, tallest, 1.0)
        if glyph.baseline - anchor <= BASELINE_SHARE * reach:
            group.append(glyph)
            tallest = max(tallest, height)
        else:
            group = [glyph]
            groups.append(group)
            anchor = glyph.baseline
            tallest = height
    return [_line(group, wide_gaps) for group in groups]


_BASELINE = attrgetter("baseline")
_X0 = attrgetter("x0")


def _line(group: list[Glyph], wide_gaps: bool) -> TextLine:
    group.sort(key=_X0)
    # the line's size: the median height of its CJK glyphs (digits and punctuation are shorter)
    heights = sorted(glyph.bottom - glyph.top for glyph in group if "\u4e00" <= glyph.text <= "\u9fff") or \
        [max(glyph.bottom - glyph.top for glyph in group)]
    size = max(heights[len(heights) // 2], 1.0)
    wide = WIDE_GAP * size if wide_gaps else float("inf")  # float-ok: glyph geometry in points
    twice, word = 0.3 * size, WORD_GAP * size
    previous = group[0]
    pieces: list[str] = [previous.text]
    sources: list[Glyph | None] = [previous]
    for glyph in group[1:]:
        if glyph.text == previous.text and abs(glyph.x0 - previous.x0) < twice:
            continue  # drawn twice (fake bold)
        gap = glyph.x0 - previous.x1
        if gap > wide:
            pieces.append(WIDE_SPACE)
            sources.extend(_WIDE_SOURCES)
        elif glyph.spaced and gap > word and (_latin(previous.text) or _latin(glyph.text)):
            pieces.append(SPACE)
            sources.append(None)
        pieces.append(glyph.text)
        sources.append(glyph)
        previous = glyph
    glyphs = [glyph for glyph in sources if glyph is not None]
    _, x0s, tops, x1s, bottoms, baselines, _ = zip(*glyphs)
    return TextLine(
        "".join(pieces),
        tuple(sources),
        min(x0s),
        min(tops),
        max(x1s),
        max(bottoms),
        sum(baselines) / len(baselines),
        size,
    )


def _latin(text: str) -> bool:
    return text.isascii() and text.isalnum()
