"""Narrative facts: paragraphs -> `Statement`s (figures with their labels), `Change`s and sentences.

A statement is a figure followed by a money unit, labelled by the clause written before it
('卫生健康支出 5.67 万元'). A change is a comparison phrase ('比 2024 年减少 1.2 万元',
'较上年增加3.4万元', '与上年持平', or a bare '基本支出增加 3.4 万元'); its amount is a delta,
never a statement. A change without a subject of its own refers to the statement just before it
in the same sentence, which is how these documents are written ('公务接待费 1.5 万元，比 2024 年
减少 0.5 万元'); a change right after another, with only a clause break between, is about the
same figure ('比上年减少 113.53 万元，下降 80.2%'); and a sentence that opens with its change
('…（项）28.00 万元，主要用于…。比上年执行数减少 113.53 万元') is about the figure its paragraph,
or else the paragraph just before, opened with.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Optional

from engine.facts.phrasing import phrased_concept
from engine.model import Amount, Change, Document, Paragraph, Provenance, Statement
from engine.parse import default_unit
from engine.parse.markers import CLAUSE_ENDS, COLONS, MISSING, SENTENCE_ENDS, Markers
from engine.parse.numbers import DIGITS, PERCENT, NumberInText, find_folded_amounts, fold_narrow, signed_amount
from engine.parse.scan import matches_from
from engine.record import frozen
from engine.vocabulary import normalize

_COMPARISON_SYMBOLS = "≥≤<>=≦≧＜＞＝"
_GAP = r"[^\d,;。、!?:]{0,8}?"
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_ENDS) + "]")
_DIGIT = re.compile(r"\d")


@frozen
class _Item:
    """A statement or change found in a paragraph, with its offsets there."""

    start: int
    end: int
    statement: Optional[Statement] = None


def narrative_facts(document: Document, markers: Markers):
    """(statements, changes, percentages, sentences) of every paragraph, in document order."""
    statements: list[Statement] = []
    changes: list[Change] = []
    percentages: list[Statement] = []
    sentences: list[tuple[str, int]] = []
    patterns = _ChangePatterns.of(markers)
    topic: Optional[Statement] = None
    sentence_count = 0
    measures_are_the_figure = _measures_are_the_figure(document, markers)
    for paragraph in document.paragraphs:
        reader = _ParagraphReader(
            paragraph, document, markers, patterns, measures_are_the_figure, topic, sentence_count
        )
        found_statements, found_changes, found_percentages = reader.read()
        topic = found_statements[0] if found_statements else None
        sentence_count += reader.sentence_count
        statements += found_statements
        changes += found_changes
        percentages += found_percentages
        sentences += reader.sentences()
    return tuple(statements), tuple(changes), tuple(percentages), tuple(sentences)


@frozen
class _ChangePatterns:
    """Change phrases compiled from the vocabulary's [changes] and [periods] words."""

    compared: re.Pattern
    bare: re.Pattern
    signs: dict
    # a clause that opens with a comparison ('比 2025 年财政拨款“三公”经费年初预算') names what the
    # figure is compared with, not the figure: it is no subject
    comparison_lead: re.Pattern
    # a bare zero after a copula ('政府性基金拨款支出预算为0；'): zero in any unit, so no unit
    # is written; it ends its clause, else it is a count ('为0辆') or the start of a figure
    zero: re.Pattern
    # one character where a match of each can begin (parse.scan): `re` alone tries the
    # alternations at every character of every paragraph
    compared_starts: re.Pattern
    bare_starts: re.Pattern

    @classmethod
    def of(cls, markers: Markers) -> "_ChangePatterns":
        """The patterns of a vocabulary's markers, built once."""
        memo = markers.memo_for("change_patterns")
        found = memo.get(None, MISSING)
        return found if found is not MISSING else memo.put(None, cls.build(markers))

    @classmethod
    def build(cls, markers: Markers) -> "_ChangePatterns":
        vocabulary = markers.vocabulary
        signs: dict[str, int] = {}
        for key, sign in (("increase", 1), ("decrease", -1), ("flat", 0)):
            for word in vocabulary.words("changes", key):
                signs.setdefault(fold_narrow(word), sign)
        standalone = set(vocabulary.words("changes", "standalone_comparators"))
        comparators = [word for word in vocabulary.words("changes", "comparators") if word not in standalone]
        year_suffix = _alternation(vocabulary.words("layout", "year_suffix"))
        relative = _alternation(markers.prior_words + markers.current_words)
        units = _alternation([*markers.money_units, PERCENT])
        words = _alternation(signs)
        moving = _alternation([word for word, sign in signs.items() if sign])
        particles = _alternation(vocabulary.words("changes", "particles"))
        amount = rf"(?:\s*(?:{particles})?\s*(?P<digits>{DIGITS})\s*(?P<unit>{units}))?"
        compared = re.compile(
            rf"(?:(?P<standalone>{_alternation(standalone)})"
            rf"|(?P<comparator>{_alternation(comparators)})\s*"
            rf"(?:(?P<year>(?:1[89]|2\d)\d\d)\s*(?:{year_suffix})|(?P<relative>{relative})))"
            rf"\s*{_GAP}\s*(?P<word>{words}){amount}"
        )
        bare = re.compile(
            rf"(?P<word>{moving})\s*(?:{particles})?\s*(?P<digits>(?<![\d.]){DIGITS})\s*(?P<unit>{units})"
        )
        comparison_lead = re.compile(
            rf"(?:{_alternation(comparators)})\s*(?:(?:1[89]|2\d)\d\d|{relative})"
        )
        copulas = _alternation(vocabulary.words("phrasings", "copulas"))
        zero = re.compile(
            rf"(?:{copulas})\s*(?P<digits>0(?:\.0+)?)(?![\d.])(?=\s*(?:[{re.escape(CLAUSE_ENDS)}]|$))"
        )
        return cls(
            compared=compared,
            bare=bare,
            signs=signs,
            comparison_lead=comparison_lead,
            zero=zero,
            compared_starts=_first_characters([*standalone, *comparators]),
            bare_starts=_first_characters([word for word, sign in signs.items() if sign]),
        )


def _first_characters(words) -> re.Pattern:
    """A pattern matching one character that begins one of `words` (as `_alternation` folds them)."""
    firsts = sorted({fold_narrow(word)[0] for word in words if word})
    return re.compile("[" + re.escape("".join(firsts)) + "]" if firsts else r"(?!x)x")


def _alternation(words) -> str:
    ordered = sorted({fold_narrow(word) for word in words if word}, key=len, reverse=True)
    return "|".join(re.escape(word) for word in ordered) or r"(?!x)x"


class _ParagraphReader:
    def __init__(
        self,
        paragraph: Paragraph,
        document: Document,
        markers: Markers,
        patterns: _ChangePatterns,
        measures_are_the_figure: bool,
        topic: Optional[Statement] = None,
        first_sentence: int = 0,
    ):
        self.paragraph = paragraph
        self.measures_are_the_figure = measures_are_the_figure
        self.topic = topic  # the figure the paragraph just before opened with
        self.first_sentence = first_sentence  # the document-wide ordinal of its first sentence
        self.text = paragraph.text
        self.folded = folded_text(paragraph)
        self.document = document
        self.markers = markers
        self.patterns = patterns
        self._spans = self._sentence_spans()
        self._starts = [start for start, _ in self._spans] or [0]
        self.sentence_count = len(self._starts)

    # -- sentences -------------------------------------------------------------------------

    def sentences(self) -> list[tuple[str, int]]:
        found = []
        for start, end in self._spans:
            sentence = self.text[start:end].strip()
            if sentence:
                offset = start + (len(self.text[start:end]) - len(self.text[start:end].lstrip()))
                found.append((sentence, self.paragraph.place(offset)[0]))
        return found

    def _sentence_spans(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for match in _SENTENCE_END.finditer(self.folded):
            spans.append((start, match.end()))
            start = match.end()
        if start < len(self.folded):
            spans.append((start, len(self.folded)))
        return spans

    def _sentence_ordinal(self, offset: int) -> int:
        return self.first_sentence + max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def _sentence_start(self, offset: int) -> int:
        starts = self._starts
        return starts[bisect.bisect_right(starts, offset) - 1]

    def _clause_start(self, offset: int, floor: int) -> int:
        index = offset - 1
        while index >= floor and self.folded[index] not in CLAUSE_ENDS:
            index -= 1
        return max(index + 1, floor)

    def _figure_clause_start(self, offset: int, floor: int) -> int:
        """Start of the clause that labels a figure at `offset`: a parenthesis still open before
        the figure opens a clause of its own ('2017 年度部门支出预算安排与 2016 年度相比（2016 年度
        部门支出预算安排为8,648.07万元）' states 2016's budget, not 2017's)."""
        start = self._clause_start(offset, floor)
        depth = 0
        for index in range(offset - 1, start - 1, -1):
            character = self.folded[index]
            if character == ")":
                depth += 1
            elif character == "(":
                if depth == 0:
                    return index + 1
                depth -= 1
        return start

    # -- reading ---------------------------------------------------------------------------

    def read(self):
        figures = _DIGIT.search(self.folded) is not None  # else no amount and no bare change
        spans = self._change_spans(figures)
        amounts = [
            amount
            for amount in find_folded_amounts(self.folded, [*self.markers.money_units, PERCENT])
            if not _inside(amount.start, spans)
        ] if figures else []
        if figures and "0" in self.folded:
            amounts += [zero for zero in self._bare_zeros() if not _inside(zero.start, spans)]
        events = [(start, "change", match) for start, _, match in spans]
        events += [(found.start, "amount", found) for found in amounts]
        events.sort(key=lambda event: event[0])
        statements: list[_Item] = []
        changes: list[Change] = []
        percentages: list[Statement] = []
        floor = changes_end = 0
        for _start, kind, payload in events:
            if kind == "amount":
                statement = self._statement(payload, floor)
                if payload.amount.unit == PERCENT:
                    percentages.append(statement)
                else:
                    statements.append(_Item(payload.start, payload.unit_end, statement=statement))
                floor = payload.unit_end
            else:
                earlier = (changes[-1], floor) if changes and floor == changes_end else None
                changes.append(self._change(payload, floor, statements, earlier))
                floor = changes_end = payload.end()
        return [item.statement for item in statements], changes, percentages

    def _bare_zeros(self) -> list[NumberInText]:
        """Zeros written without a unit right after a copula ('国有资本经营预算拨款支出预算为0；'):
        a zero amount whatever the unit, so it is exact, in the unit rules compute in."""
        unit = default_unit(self.markers.vocabulary)
        return [
            NumberInText(match.start("digits"), match.end("digits"), Amount(Decimal(0), None, unit), match.end())
            for match in self.patterns.zero.finditer(self.folded)
        ]

    def _change_spans(self, figures: bool) -> list[tuple[int, int, re.Match]]:
        patterns = self.patterns
        compared = [
            (match.start(), match.end(), match)
            for match in matches_from(patterns.compared, patterns.compared_starts, self.folded)
        ]
        if not figures:  # a bare change states its amount
            return compared
        bare = [
            (match.start(), match.end(), match)
            for match in matches_from(patterns.bare, patterns.bare_starts, self.folded)
            if not _inside(match.start(), compared)
        ]
        return sorted(compared + bare, key=lambda span: span[0])

    def _statement(self, found: NumberInText, floor: int) -> Statement:
        start = self._figure_clause_start(found.start, floor)
        label = self._label(self.text[start:found.start])
        line, column = self.paragraph.place(found.start)
        end_line, end_column = self.paragraph.place(max(found.unit_end - 1, found.start))
        quote = self.text[start:found.unit_end].strip().lstrip(":：,，、 ")
        return Statement(
            label=label,
            concept=self._concept(label),
            amount=found.amount,
            period=self._period(label),
            provenance=Provenance(
                path=self.document.path,
                line=line,
                column=column,
                end_column=end_column + 1 if end_line == line else None,
                quote=quote,
                row=label or None,
            ),
            sentence=self._sentence_ordinal(found.start),
        )

    def _change(
        self, match: re.Match, floor: int, statements: list[_Item], earlier: Optional[tuple[Change, int]]
    ) -> Change:
        start = self._clause_start(match.start(), floor)
        subject_label = self._label(self.text[start:match.start()])
        if subject_label and self.patterns.comparison_lead.match(fold_narrow(subject_label)):
            subject_label = ""
        sentence_start = self._sentence_start(match.start())
        current = None
        if not subject_label:
            if earlier is not None and self._follows(earlier[1], start, sentence_start):
                subject_label, current = earlier[0].subject_label, earlier[0].current
            elif statements and statements[-1].start >= sentence_start:
                current = statements[-1].statement
            elif start - 1 > sentence_start:
                previous = self._clause_start(start - 1, sentence_start)
                subject_label = self._label(self.text[previous:start - 1])
            elif start <= sentence_start:
                # a sentence that opens with its change ('…28.00 万元，主要用于…。比上年增加 3.4 万元')
                # is about the figure its paragraph opened with, or the paragraph just before
                current = statements[0].statement if statements else self.topic
        word = self.text[match.start("word"):match.end("word")]
        direction = self.patterns.signs.get(fold_narrow(word), 0)
        delta = None
        if match.group("digits"):
            delta = signed_amount(match.group("digits"), direction < 0, match.group("unit"))
        elif direction == 0:
            delta = Amount(Decimal(0), None, default_unit(self.markers.vocabulary))
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        line, column = self.paragraph.place(match.start())
        end_line, end_column = self.paragraph.place(match.end() - 1)
        subject = current.concept if current is not None else self._concept(subject_label)
        return Change(
            subject_label=subject_label if current is None else current.label,
            subject=subject,
            direction=direction,
            word=word,
            delta=delta,
            year=year,
            current=current,
            provenance=Provenance(
                path=self.document.path,
                line=line,
                column=column,
                end_column=end_column + 1 if end_line == line else None,
                quote=self.text[match.start():match.end()],
                row=(current.label if current else subject_label) or None,
            ),
            sentence=self._sentence_ordinal(match.start()),
        )

    def _follows(self, end: int, start: int, sentence_start: int) -> bool:
        """Whether a subjectless change whose clause starts at `start` follows, in its sentence and
        after only a clause break, the change ending at `end` ('比上年减少 113.53 万元，下降 80.2%'):
        then both are about one figure."""
        return sentence_start < end <= start and self.folded[end:start].strip(CLAUSE_ENDS + " \u3000") == ""

    # -- labels ----------------------------------------------------------------------------

    def _label(self, raw: str) -> str:
        """The clause before a figure, without leading fillers and list markers, or trailing ≥."""
        label = self.markers.strip_fillers(raw)
        return label.rstrip(_COMPARISON_SYMBOLS + " \u3000").strip()

    def _concept(self, label: str) -> Optional[str]:
        """Concept of a label: for 'topic：measure' the topic's; else the one the text names;
        else the label itself, normalised and without a leading year ('卫生健康支出')."""
        if not label:
            return None
        label = self._without_unit_name(label)
        memo = self.markers.memo_for("narrative_concept")
        found = memo.get(label, MISSING)
        return found if found is not MISSING else memo.put(label, self._concept_of(label))

    def _without_unit_name(self, label: str) -> str:
        """The label without the document's own unit name in front ('2026 年深圳市…监管局部门预算
        收入' -> '部门预算收入'): the unit speaking names no concept."""
        unit = self.document.unit_name
        if not unit or len(unit) < 2:
            return label
        plain = self.markers.leading_year.sub("", fold_narrow(label)).lstrip("，,、 \u3000")
        folded_unit = fold_narrow(unit)
        if plain.startswith(folded_unit) and len(plain) > len(folded_unit):
            return plain[len(folded_unit):]
        return label

    def _concept_of(self, label: str) -> Optional[str]:
        vocabulary = self.markers.vocabulary
        folded = fold_narrow(label)
        if any(colon in folded for colon in COLONS):
            cut = max(folded.rfind(colon) for colon in COLONS)
            topic = vocabulary.concept_in_text(label[:cut])
            if topic:
                return topic
            label = label[cut + 1:]
        measures = self.measures_are_the_figure
        concept = vocabulary.concept_in_text(label) or phrased_concept(label, vocabulary, measures)
        if concept:
            return concept
        plain = normalize(self.markers.leading_year.sub("", fold_narrow(label)))
        for word in sorted(vocabulary.words("layout", "none_words"), key=len, reverse=True):
            if word and plain.startswith(normalize(word)) and len(plain) > len(normalize(word)):
                concept = vocabulary.concept_in_text(plain[len(normalize(word)) :])
                if concept:
                    return concept  # '无因公出国（境）费用' is about 因公出国费: it says there is none
        return plain or None

    def _period(self, label: str) -> Optional[int]:
        return self.markers.period_of(label, self.document.budget_year) or self.document.budget_year


def _measures_are_the_figure(document: Document, markers: Markers) -> bool:
    """Whether a measure word after a concept (预算, 年初预算) names the figure itself: in a 预算
    it does; in a 决算, 年初预算 is another figure than the 决算数 ([phrasings] measure_kinds).
    Decided once per document: the kind depends on the title and every table title, so asking
    it per label cost a pass over the tables for every figure of the narrative."""
    vocabulary = markers.vocabulary
    kind = vocabulary.document_kind(document.title, (table.title for table in document.tables))
    return kind in vocabulary.words("phrasings", "measure_kinds")


def folded_text(paragraph: Paragraph) -> str:
    """`fold_narrow` of a paragraph's text, joined from the folds of its lines (remembered when
    the lines were classified): folding is one character for one, so it commutes with joining."""
    text, starts = paragraph.text, paragraph.line_starts
    bounds = [begin for begin, _, _ in starts[1:]] + [len(text)]
    return "".join([fold_narrow(text[begin:end]) for (begin, _, _), end in zip(starts, bounds)])


def _inside(position: int, spans: list[tuple[int, int, re.Match]]) -> bool:
    """Whether `position` falls in one of `spans` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]
