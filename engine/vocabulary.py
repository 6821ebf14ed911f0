"""The concept vocabulary: rules/vocabulary.toml -> Vocabulary.

Every Chinese word the engine must recognise (table kinds, row and column concepts, layout
markers, change words, units) lives in the TOML file, so a policy writer extends recognition
without Python and the engine holds no domain term of its own.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Optional

import attrs

from engine.record import evolve, frozen
from engine.resources import shipped_rules_dir

LABEL_CACHE_LIMIT = 1 << 12

_QUOTES = "\"'“”‘’「」『』〝〞＂＇"


def fold_width(text: str) -> str:
    """Fold full-width ASCII (Ｕ+FF01..FF5E) and the ideographic space to ASCII.

    Publishers mix １２３．４５ and （境） with ASCII; folding once lets every later
    comparison and number parser see one form.
    """
    if text.isascii():  # ASCII is its own NFKC form
        return text
    # NFKC costs ~50 ns a character of Chinese text. Each full-width character folds to its own
    # NFKC form, so the folded text has the NFKC form of the text; when it is already in that
    # form (the usual case, checked in one quick pass) it is the answer.
    narrow = _FULL_WIDTH_RUN.sub(_nfkc_of_run, text)
    return narrow if unicodedata.is_normalized("NFKC", narrow) else unicodedata.normalize("NFKC", narrow)


_FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")


def _nfkc_of_run(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


@lru_cache(maxsize=1 << 12)
def normalize(text: str) -> str:
    """The comparison key of a label: width folded, no whitespace, no quote marks.

    Cached: the same few hundred labels are normalised for every rule reference of every
    document, which made this the hottest function of a run."""
    # split/join and replace rather than a regex and str.translate, ~2.7x faster on Chinese text:
    # a missing table is looked up in every sentence of the document, each a new key
    folded = "".join(fold_width(text).split())  # str.split() and re's \s agree on whitespace
    for quote in _QUOTES:
        if quote in folded:
            folded = folded.replace(quote, "")
    return folded


@frozen
class Vocabulary:
    table_aliases: tuple[tuple[str, str], ...]  # (normalised alias, kind), longest first
    concept_aliases: tuple[tuple[str, str], ...]  # (normalised alias, concept), longest first
    layout: dict
    periods: dict
    changes: dict
    units: dict
    phrasings: dict = attrs.field(factory=dict)  # [phrasings]: words around a narrative figure's label
    codes: dict = attrs.field(factory=dict)  # year -> {subject code: name}
    regions: dict = attrs.field(factory=dict)  # place name -> administrative division code
    concept_index: dict = attrs.field(factory=dict)  # alias -> concept, for exact lookups
    document_kinds: tuple[tuple[str, str], ...] = ()  # (normalised alias, document kind), longest first
    comparisons: tuple[tuple[str, int], ...] = ()  # (normalised comparison word, sign), longest first
    bundles: dict = attrs.field(factory=dict)  # [bundles]: words that tell which files are one disclosure
    label_cache: dict = attrs.field(factory=dict, eq=False, repr=False)  # label -> concept (memo)
    # of the files it was loaded from ("" if built in memory)
    digest: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def from_toml(cls, data: dict) -> "Vocabulary":
        tables = [
            (normalize(alias), kind)
            for kind, entry in data.get("tables", {}).items()
            for alias in [kind, *entry.get("aliases", [])]
        ]
        concepts = [
            (normalize(alias), concept)
            for concept, aliases in data.get("concepts", {}).items()
            for alias in [concept, *aliases]
        ]
        by_length = lambda pair: (-len(pair[0]), pair[0])  # noqa: E731 - sort key
        concept_aliases = tuple(sorted(set(concepts), key=by_length))
        index: dict[str, str] = {}
        for alias, concept in concept_aliases:
            index.setdefault(alias, concept)
        return cls(
            table_aliases=tuple(sorted(set(tables), key=by_length)),
            concept_aliases=concept_aliases,
            concept_index=index,
            layout=dict(data.get("layout", {})),
            periods=dict(data.get("periods", {})),
            changes=dict(data.get("changes", {})),
            phrasings=dict(data.get("phrasings", {})),
            units={unit: Decimal(factor) for unit, factor in data.get("units", {}).items()},
            codes=_code_years(data.get("codes", {})),
            regions=dict(data.get("regions", {})),
            bundles=dict(data.get("bundles", {})),
            document_kinds=tuple(
                sorted(
                    {
                        (normalize(alias), kind)
                        for kind, aliases in data.get("document_kinds", {}).items()
                        for alias in aliases
                    },
                    key=by_length,
                )
            ),
            comparisons=tuple(
                sorted(
                    {
                        (normalize(word), _COMPARISON_SIGNS[key])
                        for key, words in data.get("comparisons", {}).items()
                        if key in _COMPARISON_SIGNS
                        for word in words
                    },
                    key=by_length,
                )
            ),
        )

    @classmethod
    def load(cls, paths: Iterable[Path] = ()) -> "Vocabulary":
        """The shipped vocabulary merged with any extra vocabulary files (later wins per key)."""
        merged: dict = {}
        digest = hashlib.sha256()
        shipped = sorted(
            shipped_rules_dir().glob("*.toml"), key=lambda path: (path.name != "vocabulary.toml", path.name)
        )
        for path in [*shipped, *paths]:
            data = Path(path).read_bytes()
            digest.update(data + b"\0")
            _merge(merged, tomllib.loads(data.decode("utf-8")))
        return evolve(cls.from_toml(merged), digest=digest.hexdigest())

    # -- lookups ---------------------------------------------------------------------------

    # computed once per vocabulary: the compiler looks every name of the rule book up in them
    @cached_property
    def table_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({kind for _, kind in self.table_aliases}))

    @cached_property
    def concepts(self) -> tuple[str, ...]:
        return tuple(sorted({concept for _, concept in self.concept_aliases}))

    def table_kind(self, title: str) -> Optional[str]:
        """The kind whose longest alias occurs in the title (基本支出表 beats 支出表)."""
        key = normalize(title)
        for alias, kind in self.table_aliases:
            if alias and alias in key:
                return kind
        return None

    def document_kind(self, title: str, table_titles: Iterable[str] = ()) -> Optional[str]:
        """预算 or 决算 (the [document_kinds] keys): named by the document's title, else by the
        first table title that names one, else the layout's default_document_kind. Never by
        counting words: a 决算 says 预算 everywhere (年初预算, 一般公共预算)."""
        for text in (title, *table_titles):
            key = normalize(text)
            for alias, kind in self.document_kinds:
                if alias and alias in key:
                    return kind
        return self.layout.get("default_document_kind") or None

    def comparison_sign(self, text: str) -> Optional[int]:
        """The sign a comparison word of the text states (大于 1, 小于 -1, 持平 0: [comparisons]),
        the word found first in the text (the longest where several start at one place)."""
        key = normalize(text)
        best: Optional[tuple[int, int, int]] = None
        for word, sign in self.comparisons:
            where = key.find(word) if word else -1
            if where >= 0 and (best is None or (where, -len(word)) < (best[0], -best[1])):
                best = (where, len(word), sign)
        return best[2] if best else None

    def concept_of_label(self, label: str) -> Optional[str]:
        """Exact match of a row or column label (numbering removed) against concept aliases."""
        try:
            return self.label_cache[label]
        except KeyError:
            concept = self._alias_concept(label_key(label, self.numerals))
            if len(self.label_cache) >= LABEL_CACHE_LIMIT:  # project names are unique per document:
                self.label_cache.clear()  # a long run must not keep them all
            self.label_cache[label] = concept
            return concept

    def concept_in_text(self, text: str) -> Optional[str]:
        """The concept a narrative label names: the whole label must be an alias.

        A leading year ("2024 年") is dropped first; a label with a colon ("收入预算：年初预算数")
        names the topic before the colon. Matching a mere substring would bind
        "一般公共预算拨款政府采购" to 一般公共预算拨款, so it is not done: unknown wording keeps
        its own label, and rules then find no table row for it (not applicable, not wrong).
        """
        key = self._without_leading_year(normalize(text))
        for candidate in (key, key.split(":", 1)[0] if ":" in key else None):
            if candidate:
                concept = self._alias_concept(candidate)
                if concept is not None:
                    return concept
        return None

    def _alias_concept(self, key: str) -> Optional[str]:
        return self.concept_index.get(key)

    def _without_leading_year(self, key: str) -> str:
        suffix = self.year_suffix_pattern
        return re.sub(rf"^\d{{4}}(?:{suffix})", "", key) if suffix else key

    @cached_property
    def year_suffix_pattern(self) -> str:
        """The words that end a year ([layout] year_suffix, one word or several), longest first,
        as a regex alternation ('' when there are none)."""
        words = sorted((word for word in self.words("layout", "year_suffix") if word), key=len, reverse=True)
        return "|".join(re.escape(word) for word in words)

    def words(self, section: str, key: str) -> tuple[str, ...]:
        table = {
            "layout": self.layout,
            "periods": self.periods,
            "changes": self.changes,
            "phrasings": self.phrasings,
            "bundles": self.bundles,
        }[section]
        value = table.get(key, ())
        return tuple(value) if isinstance(value, (list, tuple)) else (value,)

    @property
    def numerals(self) -> str:
        return str(self.layout.get("numerals", ""))


@lru_cache(maxsize=1 << 12)
def label_key(label: str, numerals: str) -> str:
    """The comparison key of a row label: normalised, list numbering removed (cached)."""
    return strip_numbering(normalize(label), numerals)


def strip_numbering(label: str, numerals: str) -> str:
    """Remove a leading list marker: 一、 (一) 1. （1） 十二、 from a normalised label."""
    if not label:
        return label
    pattern = _numbering_pattern(numerals)
    return pattern.sub("", label, count=1)


@lru_cache(maxsize=8)
def _numbering_pattern(numerals: str) -> re.Pattern:
    digits = "0-9" + re.escape(numerals) if numerals else "0-9"
    return re.compile(rf"^(?:\(?[{digits}]+\)|[{digits}]+[、.．])")


_COMPARISON_SIGNS = {"greater": 1, "less": -1, "equal": 0}


def _code_years(listings: dict) -> dict[int, dict[str, str]]:
    """{"2021-2025": {...}, "2024": {...}} -> {2021: {...}, …}: a range key covers each year in it."""
    years: dict[int, dict[str, str]] = {}
    for key, listing in sorted(listings.items()):
        first, _, last = str(key).partition("-")
        for year in range(int(first), int(last or first) + 1):
            years.setdefault(year, {}).update({code: normalize(name) for code, name in listing.items()})
    return years


def _merge(into: dict, data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary.load()
