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

from typing import NamedTuple, Sequence

from engine.read.pdf.page import Glyph

BASELINE_SHARE = 0.4  # baselines closer than this share of the glyph height are one line
WORD_GAP = 0.1  # a space pdfium saw before a glyph counts only with a gap this wide (share of the height)
WIDE_GAP = 1.5  # gap (share of the height) that separates two pieces of text on one line
SPACE = " "
WIDE_SPACE = "    "  # four spaces: the parser's space-aligned split needs two or more


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
    ordered = sorted(glyphs, key=lambda glyph: glyph.baseline)
    groups: list[list[Glyph]] = [[ordered[0]]]
    anchor = ordered[0].baseline
    for glyph in ordered[1:]:
        height = max(glyph.bottom - glyph.top, 1.0)
        if glyph.baseline - anchor <= BASELINE_SHARE * height:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
            anchor = glyph.baseline
    return [_line(group, wide_gaps) for group in groups]


def _line(group: list[Glyph], wide_gaps: bool) -> TextLine:
    group.sort(key=lambda glyph: glyph.x0)
    # the line's size: the median height of its CJK glyphs (digits and punctuation are shorter)
    heights = sorted(glyph.bottom - glyph.top for glyph in group if "\u4e00" <= glyph.text <= "\u9fff") or \
        [max(glyph.bottom - glyph.top for glyph in group)]
    size = max(heights[len(heights) // 2], 1.0)
    pieces: list[str] = []
    sources: list[Glyph | None] = []
    previous: Glyph | None = None
    for glyph in group:
        if previous is not None:
            if glyph.text == previous.text and abs(glyph.x0 - previous.x0) < 0.3 * size:
                continue  # drawn twice (fake bold)
            gap = glyph.x0 - previous.x1
            if wide_gaps and gap > WIDE_GAP * size:
                pieces.append(WIDE_SPACE)
                sources.extend([None] * len(WIDE_SPACE))
            elif glyph.spaced and gap > WORD_GAP * size and (_latin(previous.text) or _latin(glyph.text)):
                pieces.append(SPACE)
                sources.append(None)
        pieces.append(glyph.text)
        sources.append(glyph)
        previous = glyph
    glyphs = [glyph for glyph in sources if glyph is not None]
    return TextLine(
        text="".join(pieces),
        glyphs=tuple(sources),
        x0=min(glyph.x0 for glyph in glyphs),
        top=min(glyph.top for glyph in glyphs),
        x1=max(glyph.x1 for glyph in glyphs),
        bottom=max(glyph.bottom for glyph in glyphs),
        baseline=sum(glyph.baseline for glyph in glyphs) / len(glyphs),
        size=size,
    )


def _latin(text: str) -> bool:
    return text.isascii() and text.isalnum()
