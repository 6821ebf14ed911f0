"""Numbers as printed, for table cells and running text alike: text -> `Amount`.

One parser for both places, so '1,234.56', '１２３．４５', '(12.30)' and '12.34 万元' mean the
same wherever they appear. Money stays `Decimal` with its printed decimals; a year ('2022 年')
is never an amount. Folding here is length-preserving (one character for one), so offsets in
the folded text are offsets in the source line and every figure keeps its column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Optional

from engine.model import Amount
from engine.parse.scan import matches_from
from engine.record import frozen

PERCENT = "%"
# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space, minus signs -> '-'.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NARROW.update({0x3000: 0x20, 0x2212: 0x2D, 0xFE63: 0x2D, 0x00A0: 0x20})
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A cell holds one figure, so its separators may be irregular where every group after the first
# has three digits ('125360,898': 上海 exports that drop all but the last separator); in running
# text a comma may end a clause, so there only regular grouping counts.
CELL_DIGITS = r"(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?"
_CELL_NUMBER = re.compile(
    rf"^(?P<open>\()?\s*(?P<sign>-)?\s*(?P<digits>{CELL_DIGITS})\s*(?P<close>\))?\s*(?P<unit>\S*)$"
)


_NARROW_TABLE = str.maketrans(_NARROW)
# Runs of characters that fold. str.translate costs ~700 instructions for every character of a
# Chinese line (a failed lookup each), so only these runs are translated.
_FOLDING_RUN = re.compile("[\uff01-\uff5e\u3000\u2212\ufe63\u00a0]+")


def _fold_run(match: re.Match) -> str:
    return match.group().translate(_NARROW_TABLE)


@lru_cache(maxsize=1 << 12)
def _fold_non_ascii(text: str) -> str:
    return _FOLDING_RUN.sub(_fold_run, text)


def fold_narrow(text: str) -> str:
    """Full-width digits, letters and punctuation folded to ASCII, keeping every offset.

    ASCII text is returned as is; other texts are folded once and remembered (cell and label
    texts recur on every row, page and document)."""
    if text.isascii():
        return text
    return _fold_non_ascii(text)


@frozen
class CellValue:
    """What a table cell holds: 'blank', 'number' (with its amount) or 'text'."""

    kind: str
    amount: Optional[Amount] = None


BLANK = CellValue("blank")
TEXT = CellValue("text")


def read_cell(text: str, unit: str, money_units: Sequence[str], blank_marks: Sequence[str]) -> CellValue:
    """Classify a cell. A number may carry its own unit ('12.34 万元', '90%'), else `unit` applies.

    '(12.30)' and '-12.30' are negative; '-', '—' and friends are blank, not zero. The result
    is a frozen value, remembered per (text, unit, units, blank marks): one cell is classified
    by several stages, and texts such as '0.00' recur everywhere.
    """
    try:
        return _read_cell_cached(text, unit, money_units, blank_marks)
    except TypeError:  # unhashable word lists (a caller passing lists): no memo
        return _read_cell(text, unit, money_units, blank_marks)


def _read_cell(text: str, unit: str, money_units: Sequence[str], blank_marks: Sequence[str]) -> CellValue:
    try:
        kind, digits, negative, written_unit = _cell_reading_memo(text, money_units, blank_marks)
    except TypeError:  # unhashable word lists: no memo
        kind, digits, negative, written_unit = _cell_reading(text, money_units, blank_marks)
    if kind == "number":
        return CellValue("number", signed_amount(digits, negative, unit if written_unit is None else written_unit))
    return BLANK if kind == "blank" else TEXT


def _cell_reading(
    text: str, money_units: Sequence[str], blank_marks: Sequence[str]
) -> tuple[str, str, bool, Optional[str]]:
    """What `read_cell` reads that does not depend on the table's unit: (kind, digits, negative,
    unit written in the cell or None), so a number is parsed once whatever unit applies."""
    folded = fold_narrow(text).strip()
    if not folded or folded in blank_marks or text.strip() in blank_marks:
        return _BLANK_READING
    match = _CELL_NUMBER.match(folded)
    if not match or bool(match.group("open")) != bool(match.group("close")):
        return _TEXT_READING
    written_unit = match.group("unit")
    if written_unit == PERCENT or written_unit in money_units:
        unit = written_unit
    elif written_unit:
        return _TEXT_READING
    else:
        unit = None
    negative = bool(match.group("sign")) != bool(match.group("open"))
    return "number", match.group("digits"), negative, unit


_BLANK_READING = ("blank", "", False, None)
_TEXT_READING = ("text", "", False, None)
_cell_reading_memo = lru_cache(maxsize=1 << 12)(_cell_reading)


def cell_amount(text: str, unit: str, money_units: tuple[str, ...], blank_marks: tuple[str, ...]) -> Optional[Amount]:
    """`read_cell(...).amount` without building the `CellValue` (the facts stage asks it of
    every figure)."""
    kind, digits, negative, written_unit = _cell_reading_memo(text, money_units, blank_marks)
    if kind != "number":
        return None
    return signed_amount(digits, negative, unit if written_unit is None else written_unit)


def cell_kind(text: str, money_units: tuple[str, ...], blank_marks: tuple[str, ...]) -> str:
    """'blank', 'number' or 'text': `read_cell(...).kind`, which no unit changes."""
    return _cell_reading_memo(text, money_units, blank_marks)[0]


_read_cell_cached = lru_cache(maxsize=1 << 12)(_read_cell)
# `read_cell` for callers whose word lists are tuples (the markers'): no wrapper frame.
read_cell_memo = _read_cell_cached


@lru_cache(maxsize=1 << 12)
def signed_amount(digits: str, negative: bool, unit: str) -> Amount:
    """Amount of printed digits (thousands separators allowed), keeping the printed decimals.

    Remembered (amounts are frozen values): running text repeats its figures."""
    plain = digits.replace(",", "")
    return Amount.from_text(("-" if negative else "") + plain, unit)


@frozen
class NumberInText:
    """A figure with a unit found in running text; offsets index the paragraph text."""

    start: int
    end: int
    amount: Amount
    unit_end: int


def find_amounts(text: str, units: Sequence[str]) -> Iterator[NumberInText]:
    """Every number directly followed by one of `units` ('12.34万元', '5.6 万元', '90%').

    A leading '-' counts as a sign only when it does not join two words ('010-1234' is a phone
    number, '111-name' a code), so hyphenated identifiers never become negative figures.
    """
    return find_folded_amounts(fold_narrow(text), units)


def find_folded_amounts(folded: str, units: Sequence[str]) -> Iterator[NumberInText]:
    """`find_amounts` in a text already folded by `fold_narrow`."""
    pattern = _amount_pattern(tuple(sorted(units, key=len, reverse=True)))
    for match in matches_from(pattern, _FIGURE_START, folded):
        start = match.start("digits")
        negative = False
        if match.group("sign"):
            before = folded[match.start("sign") - 1] if match.start("sign") > 0 else " "
            if before.isalnum():
                start = match.start("digits")
            else:
                negative, start = True, match.start("sign")
        amount = signed_amount(match.group("digits"), negative, match.group("unit"))
        yield NumberInText(start, match.end("digits"), amount, match.end("unit"))


# Where an amount can begin (see engine.parse.scan): a sign before a digit, or a digit that
# does not continue a number.
_FIGURE_START = re.compile(r"-(?=\d)|(?<![\d.,])\d")
_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def _amount_pattern(units: tuple[str, ...]) -> re.Pattern:
    if units not in _PATTERNS:
        alternatives = "|".join(re.escape(unit) for unit in units)
        _PATTERNS[units] = re.compile(
            rf"(?P<sign>-)?(?<![\d.,])(?P<digits>{DIGITS})(?![\d.])\s*(?P<unit>{alternatives})"
        )
    return _PATTERNS[units]
