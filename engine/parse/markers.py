"""Layout markers compiled from the vocabulary: `Vocabulary` -> `Markers` (regexes and word lists).

Every Chinese word the parser and fact extractor recognise (单位, 附件, 年, 备注, heading
numerals, units ...) comes from rules/vocabulary.toml; this module turns those words into
patterns once per vocabulary so the stage code only ever asks questions such as "is this a
unit line?". Patterns run on width-folded text (see `numbers.fold_narrow`), so （ and ( are one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import attrs

from engine.parse.numbers import cell_kind, fold_narrow
from engine.record import frozen
from engine.vocabulary import Vocabulary, normalize

# Punctuation is not vocabulary: it is the same in every document and every domain.
SENTENCE_ENDS = "。!?;"
CLAUSE_ENDS = SENTENCE_ENDS + ",、"
COLONS = ":"


MEMO_LIMIT = 1 << 12  # entries a per-question memo holds before it starts afresh
MISSING = object()  # what `Memo.get` answers for a question not asked yet (misses are frequent:
# a raised KeyError costs more than the lookup)


class Memo(dict):
    """A dict that empties itself when full: answers recur within and across documents, but
    a run over 100,000 documents must not keep every label it ever saw."""

    def put(self, key, value):
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[key] = value
        return value


def _alternation(words) -> str:
    ordered = sorted({word for word in words if word}, key=len, reverse=True)
    return "|".join(re.escape(fold_narrow(word)) for word in ordered) or r"(?!x)x"


@frozen
class Markers:
    """The vocabulary's layout words as ready-to-use patterns and tuples."""

    vocabulary: Vocabulary
    money_units: tuple[str, ...]
    blank_cells: tuple[str, ...]
    year: re.Pattern
    unit_line: re.Pattern
    unit_anywhere: re.Pattern
    unit_begun: re.Pattern
    meta_line: re.Pattern
    note_line: re.Pattern
    annex_line: re.Pattern
    table_label: re.Pattern
    heading_part: re.Pattern
    heading_level_one: re.Pattern
    heading_level_two: re.Pattern
    heading_level_three: re.Pattern
    leading_year: re.Pattern
    fillers: re.Pattern
    title_marks: tuple[str, ...]
    code_headers: tuple[str, ...]
    code_part_headers: tuple[str, ...]
    code_two_digit_part_headers: tuple[str, ...]
    index_headers: tuple[str, ...]
    attribute_headers: tuple[str, ...]
    plain_number_headers: tuple[str, ...]
    measured_value_headers: tuple[str, ...]
    unit_attribute_headers: tuple[str, ...]
    continuation_marks: tuple[str, ...]
    column_number_rows: tuple[str, ...]
    unnumbered_headings: frozenset[str]
    unnumbered_heading_suffixes: tuple[str, ...]
    current_words: tuple[str, ...]
    prior_words: tuple[str, ...]
    concepts: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # label -> concept, a cache
    periods: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> (year, offset)
    levels: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> heading level
    unfilled: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> strip_fillers(text)
    units_named: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> unit_of(text)
    kinds: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # title -> table kind
    cell_kind_memo: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # cell text -> kind
    # memos of the parse stage's per-cell and per-column questions (lines, tables, columns)
    sheet_heads: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> sheet_head_kind
    body_cells: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> a body row's cell?
    heading_cells: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # text -> a subheader's cell?
    header_roles: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # header path -> role
    column_units: Memo = attrs.field(factory=Memo, eq=False, repr=False)  # header path -> unit
    memo: dict = attrs.field(factory=dict, eq=False, repr=False)  # name -> Memo, for other stages

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> "Markers":
        words = vocabulary.words
        numerals = re.escape(vocabulary.numerals)
        year_suffix = _alternation(words("layout", "year_suffix"))
        money = _alternation(vocabulary.units)
        unit_prefix = _alternation(words("layout", "unit_prefixes"))
        fillers = [*words("layout", "label_fillers"), *words("layout", "reason_fillers")]
        return cls(
            vocabulary=vocabulary,
            money_units=tuple(sorted(vocabulary.units, key=len, reverse=True)),
            blank_cells=tuple(fold_narrow(word) for word in words("layout", "blank_cells")),
            year=re.compile(rf"(?<!\d)(?P<year>(?:1[89]|2\d)\d\d)\s*(?:{year_suffix})"),
            unit_line=re.compile(rf"^\(?\s*(?:{unit_prefix})\s*[:]\s*(?P<unit>{money})\s*\)?\s*$"),
            unit_anywhere=re.compile(rf"(?:{unit_prefix})\s*[:]\s*(?P<unit>{money})"),
            unit_begun=re.compile(rf"^\(?\s*(?:{unit_prefix})\s*[:]\s*(?P<begun>[^\s\d]{{1,3}})\s*$"),
            meta_line=re.compile(
                rf"^(?P<key>{_alternation(words('layout', 'meta_prefixes'))})\s*[:]\s*(?P<value>.*)$"
            ),
            note_line=re.compile(
                rf"^[(\[]?\s*(?:{_alternation(words('layout', 'note_prefixes'))})\s*\d*\s*[:]"
            ),
            annex_line=re.compile(
                rf"^(?:{_alternation(words('layout', 'annex_prefixes'))})\s*"
                rf"(?P<label>[0-9{numerals}]+(?:\s*[-—–]\s*[0-9]+)*)\s*(?:[:.、]\s*(?P<rest>.*))?$"
            ),
            table_label=re.compile(
                rf"^(?:{_alternation(words('layout', 'table_label_prefixes'))})\s*"
                rf"[0-9{numerals}]+(?:\s*[-—–]\s*[0-9{numerals}]+)*\s*"
                rf"(?:{_alternation(words('layout', 'table_label_suffixes'))})?$"
            ),
            heading_part=re.compile(
                rf"^(?:{_alternation(words('layout', 'part_heading_prefixes'))})\s*[0-9{numerals}]+\s*"
                rf"(?:{_alternation(words('layout', 'part_heading_suffixes'))})\s*"
            ),
            heading_level_one=re.compile(rf"^[{numerals}]+\s*、\s*"),
            heading_level_two=re.compile(rf"^\(\s*[{numerals}]+\s*\)\s*"),
            heading_level_three=re.compile(r"^(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.、](?!\d))\s*"),
            leading_year=re.compile(rf"^\s*(?:(?:1[89]|2\d)\d\d)\s*(?:{year_suffix})"),
            fillers=re.compile(rf"^(?:\s*(?:{_alternation(fillers)})\s*[:,]?)+"),
            title_marks=words("layout", "table_title_marks"),
            code_headers=tuple(normalize(word) for word in words("layout", "code_headers")),
            code_part_headers=tuple(normalize(word) for word in words("layout", "code_part_headers")),
            code_two_digit_part_headers=tuple(
                normalize(word) for word in words("layout", "code_two_digit_part_headers")
            ),
            index_headers=tuple(normalize(word) for word in words("layout", "index_headers")),
            attribute_headers=tuple(normalize(word) for word in words("layout", "attribute_headers")),
            plain_number_headers=tuple(normalize(word) for word in words("layout", "plain_number_headers")),
            measured_value_headers=tuple(normalize(word) for word in words("layout", "measured_value_headers")),
            unit_attribute_headers=tuple(normalize(word) for word in words("layout", "unit_attribute_headers")),
            continuation_marks=tuple(
                sorted((normalize(word) for word in words("layout", "continuation_marks") if word), key=len)[::-1]
            ),
            column_number_rows=tuple(normalize(word) for word in words("layout", "column_number_rows")),
            unnumbered_headings=frozenset(normalize(word) for word in words("layout", "unnumbered_headings")),
            unnumbered_heading_suffixes=tuple(
                normalize(word) for word in words("layout", "unnumbered_heading_suffixes") if word
            ),
            current_words=tuple(sorted(words("periods", "current"), key=len, reverse=True)),
            prior_words=tuple(sorted(words("periods", "prior"), key=len, reverse=True)),
        )

    # -- questions -------------------------------------------------------------------------

    def label_concept(self, label: str) -> Optional[str]:
        """`Vocabulary.concept_of_label`, remembered: the same labels recur on every page."""
        found = self.concepts.get(label, MISSING)
        if found is MISSING:
            found = self.concepts.put(label, self.vocabulary.concept_of_label(label))
        return found

    def cell_kind(self, text: str) -> str:
        """'blank', 'number' or 'text': what a table cell holds. The kind of a text does not
        depend on the table's unit, so it is remembered per text: every stage asks it."""
        found = self.cell_kind_memo.get(text, MISSING)
        if found is MISSING:
            found = self.cell_kind_memo.put(text, cell_kind(text, self.money_units, self.blank_cells))
        return found

    def cell_kinds(self, cells) -> list[str]:
        """`cell_kind` of each cell (one call per row; the memo is read inline)."""
        get = self.cell_kind_memo.get
        return [get(cell.text) or self.cell_kind(cell.text) for cell in cells]

    def table_kind(self, title: str) -> Optional[str]:
        """`Vocabulary.table_kind`, remembered: titles recur on every page and document."""
        found = self.kinds.get(title, MISSING)
        return found if found is not MISSING else self.kinds.put(title, self.vocabulary.table_kind(title))

    def memo_for(self, name: str) -> Memo:
        """A named memo living as long as these markers (one per vocabulary)."""
        try:
            return self.memo[name]
        except KeyError:
            return self.memo.setdefault(name, Memo())

    def first_year(self, text: str) -> Optional[re.Match]:
        return self.year.search(fold_narrow(text))

    def unit_of(self, text: str) -> Optional[str]:
        """The money unit named by a '单位：万元' phrase anywhere in `text`."""
        found = self.units_named.get(text, MISSING)
        return found if found is not MISSING else self.units_named.put(text, self._unit_of(text))

    def _unit_of(self, text: str) -> Optional[str]:
        match = self.unit_anywhere.search(fold_narrow(text))
        return match.group("unit") if match else None

    def broken_unit(self, text: str) -> Optional[str]:
        """The money unit a unit line broken before its end begins ('单位：万', the '元' printed on the
        next line): the one unit that starts so, else None."""
        match = self.unit_begun.match(fold_narrow(text).strip())
        if not match:
            return None
        begun = [unit for unit in self.money_units if unit.startswith(match.group("begun"))]
        return begun[0] if len(begun) == 1 and begun[0] != match.group("begun") else None

    def heading_level(self, text: str) -> Optional[tuple[int, int]]:
        """(level, marker length) of a leading list marker: 第一部分 or 一、=1, (一)=2, 1. or (1)=3."""
        found = self.levels.get(text, MISSING)
        return found if found is not MISSING else self.levels.put(text, self._heading_level(text))

    def _heading_level(self, text: str) -> Optional[tuple[int, int]]:
        folded = fold_narrow(text)
        levels = (
            (1, self.heading_part),
            (1, self.heading_level_one),
            (2, self.heading_level_two),
            (3, self.heading_level_three),
        )
        for level, pattern in levels:
            match = pattern.match(folded)
            if match:
                return level, match.end()
        return None

    def strip_fillers(self, text: str) -> str:
        """'其中：基本支出' -> '基本支出': filler words and list markers removed from the front."""
        found = self.unfilled.get(text, MISSING)
        return found if found is not MISSING else self.unfilled.put(text, self._strip_fillers(text))

    def _strip_fillers(self, text: str) -> str:
        stripped = text.strip()
        while True:
            before = stripped
            match = self.fillers.match(fold_narrow(stripped))
            if match:
                stripped = stripped[match.end():].strip()
            marker = self.heading_level(stripped)
            if marker:
                stripped = stripped[marker[1]:].strip()
            stripped = stripped.lstrip(":：,，、 ").strip()
            if stripped == before:
                return stripped

    def period_of(self, text: str, budget_year: Optional[int]) -> Optional[int]:
        """The year a label or header names: '2023年预算数' -> 2023, '上年' -> budget year - 1.

        Period words inside a concept name (上年结转 is this year's money) do not count. What a
        text says is remembered apart from the budget year, which changes from document to
        document while labels and headers recur.
        """
        found = self.periods.get(text, MISSING)
        year, offset = found if found is not MISSING else self.periods.put(text, self._period_words(text))
        if year is not None:
            return year
        if budget_year is None or offset is None:
            return None
        return budget_year + offset

    def _period_words(self, text: str) -> tuple[Optional[int], Optional[int]]:
        """(year written in `text`, else None; offset from the budget year its period words
        name: -1 prior, 0 current, None neither)."""
        match = self.first_year(text)
        if match:
            return int(match.group("year")), None
        key = text_key(text)
        for alias, _ in self.vocabulary.concept_aliases:
            if alias and alias in key:
                key = key.replace(alias, "\0")
        if any(word and text_key(word) in key for word in self.prior_words):
            return None, -1
        if any(word and text_key(word) in key for word in self.current_words):
            return None, 0
        return None, None

    def is_title_like(self, text: str) -> bool:
        """A table title: short, no sentence punctuation."""
        folded = fold_narrow(text).strip()
        return bool(folded) and len(folded) <= 80 and not any(mark in folded for mark in "。;,")

    def title_key(self, title: str) -> str:
        """A title as compared across page breaks: no whitespace, no '(续)' or trailing '续表'."""
        key = text_key(title)
        for mark in self.continuation_marks:
            key = key.replace(f"({mark})", "")
        for mark in self.continuation_marks:
            if key.endswith(mark) and len(key) > len(mark):
                key = key[: -len(mark)]
                break
        return key

    def is_table_label(self, text: str) -> bool:
        """A line that only numbers a table ('公开 01 表', '表一'): a label, not a title."""
        return bool(self.table_label.match(fold_narrow(text).strip()))

    def names_table(self, text: str) -> bool:
        return any(mark and mark in text for mark in self.title_marks)


@lru_cache(maxsize=1 << 12)
def text_key(text: str) -> str:
    """`normalize` remembered: header and label texts repeat on every row and page."""
    return normalize(text)


_CACHE: dict[int, tuple[Vocabulary, Markers]] = {}


def markers_for(vocabulary: Vocabulary) -> Markers:
    """Markers of a vocabulary, compiled once (vocabularies hold dicts, so key on identity)."""
    cached = _CACHE.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        cached = (vocabulary, Markers.from_vocabulary(vocabulary))
        _CACHE[id(vocabulary)] = cached
    return cached[1]
