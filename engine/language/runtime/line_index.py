"""Where a line falls in a document's sentences and sections, found by bisection, not by a scan.

`sentence_at` and `section_at` scanned every sentence (every heading) for every figure: time
quadratic in the narrative (a 1.2 MB narrative took a minute). The sentences and headings are
in document order, so the last one starting at or before a line is found by bisection. The index
is built once per document and kept in the evaluation's document cache (`env.frame.cache`), so
it lives exactly as long as the document's evaluation: a module-level "last document" slot would
be rebuilt at every switch between interleaved documents and would keep the last one alive.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class LineIndex:
    """A document's sentences by starting line and its headings by line."""

    __slots__ = ("sentences", "starts", "first_by_text", "by_start", "section_lines", "section_titles",
                 "paragraph_starts")

    def __init__(self, facts) -> None:
        self.sentences = facts.texts
        self.starts = [start for _, start in facts.texts]
        self.first_by_text: dict[str, int] = {}
        self.by_start: dict[int, list[str]] = {}
        for text, start in facts.texts:
            self.first_by_text.setdefault(text, start)
            self.by_start.setdefault(start, []).append(text)
        self.section_lines = [section.line for section in facts.sections]
        self.section_titles = [section.title for section in facts.sections]
        self.paragraph_starts = facts.paragraph_starts


def line_index(env) -> LineIndex:
    """The index of the document `env` evaluates, built on first use."""
    indexes = env.frame.cache.indexes
    found = indexes.get("lines")
    if found is None:
        found = indexes["lines"] = LineIndex(env.facts)
    return found


def sentence_at(env, line: int, words: str) -> str:
    """The last sentence starting at or before `line` that contains `words` ('' if none)."""
    index = line_index(env)
    sentences = index.sentences
    for position in range(bisect_right(index.starts, line) - 1, -1, -1):  # the figure's own sentence, in practice
        text = sentences[position][0]
        if words in text:
            return text
    return ""


def paragraph_at(env, line: int, words: str) -> str:
    """The sentences of the figure's paragraph: "其中：…" refers back to the sentence before it,
    which is where a figure's fund or year is usually named, and a reason ("主要原因：…") may
    start on the next line of a paragraph wrapped in the source. Without paragraph starts, the
    sentences that start on the line of the figure's sentence."""
    index = line_index(env)
    start = index.first_by_text.get(sentence_at(env, line, words), line)
    paragraph_starts = index.paragraph_starts
    position = bisect_right(paragraph_starts, start)
    if not position:
        return "".join(index.by_start.get(start, ()))
    low = bisect_left(index.starts, paragraph_starts[position - 1])
    high = (bisect_left(index.starts, paragraph_starts[position]) if position < len(paragraph_starts)
            else len(index.starts))
    return "".join(text for text, _ in index.sentences[low:high])


def section_at(env, line: int) -> str:
    """The title of the heading a line falls under ('' before the first heading)."""
    index = line_index(env)
    position = bisect_right(index.section_lines, line)
    return index.section_titles[position - 1] if position else ""
