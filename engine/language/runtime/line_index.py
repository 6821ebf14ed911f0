"""Where a line falls in a document's sentences and sections, found by bisection, not by a scan.

`sentence_at` and `section_at` scanned every sentence (every heading) for every figure: time
quadratic in the narrative (a 1.2 MB narrative took a minute). The sentences and headings are
in document order, so the last one starting at or before a line is found by bisection; the index
of one document's tuples is built once and kept while the evaluator works on that document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

_KEPT: list = [None, None, None, None]  # sentences, their index; sections, their lines


def _sentence_index(sentences):
    if _KEPT[0] is not sentences:
        starts = [start for _, start in sentences]
        first_by_text: dict[str, int] = {}
        by_start: dict[int, list[str]] = {}
        for text, start in sentences:
            first_by_text.setdefault(text, start)
            by_start.setdefault(start, []).append(text)
        _KEPT[0], _KEPT[1] = sentences, (starts, first_by_text, by_start)
    return _KEPT[1]


def sentence_at(sentences, line: int, words: str) -> str:
    """The last sentence starting at or before `line` that contains `words` ('' if none)."""
    starts, _, _ = _sentence_index(sentences)
    position = bisect_right(starts, line)
    for index in range(position - 1, -1, -1):  # the figure's own sentence, in practice the first tried
        text = sentences[index][0]
        if words in text:
            return text
    return ""


def paragraph_at(sentences, line: int, words: str, paragraph_starts: tuple[int, ...] = ()) -> str:
    """The sentences of the figure's paragraph: "其中：…" refers back to the sentence before it,
    which is where a figure's fund or year is usually named, and a reason ("主要原因：…") may
    start on the next line of a paragraph wrapped in the source. Without paragraph starts, the
    sentences that start on the line of the figure's sentence."""
    starts, first_by_text, by_start = _sentence_index(sentences)
    sentence = sentence_at(sentences, line, words)
    start = first_by_text.get(sentence, line)
    index = bisect_right(paragraph_starts, start)
    if not index:
        return "".join(by_start.get(start, ()))
    first = paragraph_starts[index - 1]
    low = bisect_left(starts, first)
    high = bisect_left(starts, paragraph_starts[index]) if index < len(paragraph_starts) else len(starts)
    return "".join(text for text, _ in sentences[low:high])


def section_at(sections, line: int) -> str:
    """The title of the heading a line falls under ('' before the first heading)."""
    if _KEPT[2] is not sections:
        _KEPT[2], _KEPT[3] = sections, [section.line for section in sections]
    position = bisect_right(_KEPT[3], line)
    return sections[position - 1].title if position else ""
