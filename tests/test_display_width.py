"""Display widths: the fixed table of wide characters against the running Python's unicodedata."""

from __future__ import annotations

import unicodedata

import pytest

from engine.model import Diagnostic, Span
from engine.report.diagnostics import render
from engine.util.display_width import _WIDE_RANGES, UNICODE_VERSION, display_width

_SKIPPED = {"Cn", "Mn", "Me", "Cf"}  # unassigned, combining and format characters: not checked


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def wide_ranges() -> list[tuple[int, int]]:
    """The table as the running Python's unicodedata gives it (how engine/display_width.py's was made)."""
    ranges, start, last = [], None, None
    for code in range(0x20000):
        character = chr(code)
        category = unicodedata.category(character)
        if category == "Cn":
            continue  # unassigned: inside a run of wide characters, or outside any
        if unicodedata.east_asian_width(character) in "WF" and category not in ("Mn", "Me", "Cf"):
            start = code if start is None else start
            last = code
        elif start is not None:
            ranges.append((start, last))
            start = None
    if start is not None:
        ranges.append((start, last))
    return ranges + [(0x20000, 0x3FFFD)]


def _table(ranges) -> str:
    return ", ".join(f"(0x{low:04X}, 0x{high:04X})" for low, high in ranges)


def test_every_wide_or_fullwidth_character_takes_two_cells_and_every_other_one():
    """Exact on a Python whose Unicode is the table's or older (a character it does not have yet is
    unassigned there). On a newer one, a character the table does not know may be wide: only a
    narrow character counted wide fails, and the message gives the table to paste."""
    newer = _version(unicodedata.unidata_version) > _version(UNICODE_VERSION)
    wrong = []
    for code in range(0x40000):
        character = chr(code)
        if unicodedata.category(character) in _SKIPPED:
            continue
        expected = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if display_width(character) != expected and not (newer and expected == 2):
            wrong.append(f"U+{code:04X}")
    assert not wrong, (
        f"{wrong[:20]}: with Unicode {unicodedata.unidata_version} the table reads "
        f"UNICODE_VERSION = {unicodedata.unidata_version!r}; _WIDE_RANGES = ({_table(wide_ranges())},)"
    )


def test_the_table_is_the_one_its_unicode_version_gives():
    running = _version(unicodedata.unidata_version)
    if running > _version(UNICODE_VERSION):
        pytest.skip(f"Unicode {unicodedata.unidata_version} is newer than the table's {UNICODE_VERSION}")
    if running == _version(UNICODE_VERSION):
        assert list(_WIDE_RANGES) == wide_ranges()
    else:  # an older Unicode: each of its runs lies within one of the table's, which may reach further
        assert all(any(low <= start and end <= high for low, high in _WIDE_RANGES) for start, end in wide_ranges())


def test_a_line_is_its_characters_widths_added_up():
    assert display_width("") == 0
    assert display_width("BUD-A01") == 7
    assert display_width("合计 12.50 万元") == 15
    assert display_width("ｶﾀｶﾅ（全角）") == 4 + 8  # halfwidth katakana is narrow, fullwidth brackets are wide
    assert display_width("𠀀a") == 3  # beyond the basic plane


def test_the_caret_under_a_rule_error_stands_under_the_cjk_text_it_points_at():
    source = "rule X\n  assert 合计 == 基本支出 + 项目\n"
    span = Span("a.rule", 2, 16, 2, 20)  # 基本支出
    text = render(Diagnostic("E100", "unknown name", span), source)
    source_line, caret_line = text.splitlines()[1:3]
    prefix = source_line[: source_line.index("基本支出")]
    assert caret_line.index("^") == display_width(prefix)
    assert caret_line.rstrip().endswith("^" * 8)
