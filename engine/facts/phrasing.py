"""Narrative phrasing: the concept a figure's label names once the words around it are set aside.

Real 情况说明 write the same figure in many ways: '“三公”经费预算为 25 万元', '2026 年机关运行经费
财政拨款预算 79.57 万元', '一般公共预算财政拨款机关运行经费 20.00 万元', '本部门 2026 年度机关运行
经费共计 …'. A label names a concept only when its whole text is an alias (`Vocabulary.
concept_in_text`: a substring match would bind '一般公共预算拨款政府采购' to 一般公共预算拨款), so the
words that carry no meaning of their own are listed in `[phrasings]` of `rules/vocabulary.toml` and
peeled off here, one at a time, until what is left is an alias:

- `scope_prefixes`: the speaker named before the concept (本单位, 本部门);
- `speaker_endings`: the words a speaker's name ends with (局, 委员会, 办, 部门, 本级, 单位的), so
  '市国资委本级机关运行经费' and '本部门杭州市交通运输局…单位的机关运行经费' name 机关运行经费
  whatever the unit calls itself;
- `source_prefixes` / `source_suffixes`: the money source (财政拨款), dropped only before or after
  a concept that is that money by definition (`source_concepts`: 三公经费, 机关运行经费);
- `copulas`: the verb between the label and its figure (为, 是, 共计, 安排, 预算数为);
- `measure_suffixes`: the measure named after the concept (预算, 年初预算, 财政拨款预算).

Only a result that is an alias counts, so an unknown phrase keeps its own label (and rules find
no table row for it) rather than being bound to a wrong concept.
"""

from __future__ import annotations

import re
from typing import Optional

from engine.vocabulary import Vocabulary, normalize

_LEADING_YEAR = re.compile(r"^(?:\d{4}年度?|本年度|本年)")
MAX_STEPS = 6  # words peeled off one label at most


def phrased_concept(label: str, vocabulary: Vocabulary, measures: bool = True) -> Optional[str]:
    """The concept `label` names after scope words, copulas and (with `measures`) measure words
    are removed, or None."""
    memo = vocabulary.label_cache
    key = ("phrasing", label, measures)
    if key in memo:
        return memo[key]
    found = _search(normalize(label), _Words.of(vocabulary, measures), vocabulary)
    memo[key] = found
    return found


class _Words:
    """The [phrasings] word lists, normalised, longest first."""

    def __init__(self, vocabulary: Vocabulary, measures: bool = True):
        def ordered(key: str) -> tuple[str, ...]:
            words = {normalize(word) for word in vocabulary.words("phrasings", key) if word}
            return tuple(sorted(words, key=len, reverse=True))

        self.prefixes = ordered("scope_prefixes")
        self.speaker_endings = ordered("speaker_endings")
        self.copulas = ordered("copulas")
        self.suffixes = ordered("measure_suffixes") if measures else ()
        self.source_prefixes = ordered("source_prefixes")
        self.source_suffixes = ordered("source_suffixes")
        self.source_concepts = frozenset(vocabulary.words("phrasings", "source_concepts"))

    @classmethod
    def of(cls, vocabulary: Vocabulary, measures: bool = True) -> "_Words":
        memo = vocabulary.label_cache
        found = memo.get(("phrasing-words", measures))
        if found is None:
            found = memo[("phrasing-words", measures)] = cls(vocabulary, measures)
        return found


def _search(text: str, words: _Words, vocabulary: Vocabulary) -> Optional[str]:
    """Breadth-first over the texts left by peeling one word at a time; the first alias wins.
    A money-source word (财政拨款) may only be peeled off a concept that is such money by
    definition (source_concepts: 三公经费, 机关运行经费): '财政拨款支出预算' is not 支出预算."""
    frontier, seen = [(text, False)], {(text, False)}
    for _ in range(MAX_STEPS):
        following = []
        for candidate, sourced in frontier:
            concept = vocabulary.concept_index.get(candidate)
            if concept is not None and candidate != text and (not sourced or concept in words.source_concepts):
                return concept
            for shorter in _peeled(candidate, sourced, words):
                if shorter[0] and shorter not in seen:
                    seen.add(shorter)
                    following.append(shorter)
        if not following:
            return None
        frontier = following
    return None


def _peeled(text: str, sourced: bool, words: _Words):
    """Each (text, source word removed) one removal shorter: a leading year, a scope word, a
    speaker's name (up to one of its endings), a copula, a measure word, or a money-source word."""
    year = _LEADING_YEAR.sub("", text)
    if year != text:
        yield year, sourced
    for word in words.prefixes:
        if text.startswith(word) and len(text) > len(word):
            yield text[len(word):], sourced
    for word in words.speaker_endings:
        end = text.find(word)
        while end >= 0 and end + len(word) < len(text):
            yield text[end + len(word):], sourced
            end = text.find(word, end + 1)
    for word in (*words.copulas, *words.suffixes):
        if text.endswith(word) and len(text) > len(word):
            yield text[: -len(word)], sourced
    for word in words.source_prefixes:
        if text.startswith(word) and len(text) > len(word):
            yield text[len(word):], True
    for word in words.source_suffixes:
        if text.endswith(word) and len(text) > len(word):
            yield text[: -len(word)], True
