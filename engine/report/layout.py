"""Plain-text columns for terminals: display widths of CJK text and the `simple` table layout.

The text report is a table per document (rule, severity, finding with its citations). Laying it
out with tabulate cost 6-7 ms per document, three quarters of it in wcwidth's per-character
width, and the layout changed with whether wcwidth happened to be installed. Here the width of a
line is its length plus one per East Asian Wide or Fullwidth character (UAX #11, the characters
a terminal shows two cells wide), counted by one regular expression; the table is tabulate's
`simple` layout, so the report reads as before.
"""

from __future__ import annotations

import re
from typing import Sequence

# East Asian Width W or F (Unicode 14, as Python 3.11's unicodedata has it), without the
# combining and format characters among them; planes 2 and 3 are wide as a whole.
# tests/report/test_layout.py checks this against unicodedata for every code point.
_WIDE_RANGES = (
    (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
    (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
    (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
    (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
    (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
    (0x2E80, 0x3029), (0x302E, 0x303E), (0x3041, 0x3096), (0x309B, 0x3247), (0x3250, 0x4DBF),
    (0x4E00, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xF900, 0xFAD9), (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x16FE3), (0x16FF0, 0x1B2FB),
    (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F200, 0x1F320),
    (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FAF6), (0x20000, 0x3FFFD),
)
# the basic plane and the rest apart: a class of basic-plane characters only is one table lookup
# per character, one with any character beyond it a search through every range
_WIDE_BASIC = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _WIDE_RANGES if high <= 0xFFFF) + "]")
_WIDE_ASTRAL = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _WIDE_RANGES if low > 0xFFFF) + "]")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # a tab in a quote would break the columns

GAP = "  "  # between columns
HEADER_PADDING = 2  # a column is at least its header and two more


def display_width(text: str) -> int:
    """Terminal cells the text takes on one line."""
    if text.isascii():
        return len(text)
    wide = len(_WIDE_BASIC.findall(text))
    if max(text) > "\uffff":
        wide += len(_WIDE_ASTRAL.findall(text))
    return len(text) + wide


def simple_table(rows: Sequence[Sequence[str]], headers: Sequence[str], right: Sequence[int] = ()) -> str:
    """Text columns under their headers and a dashed rule, a cell's lines stacked in its row; no
    line ends in spaces (tabulate's `simple` layout). Columns are left-aligned, those whose index
    is in `right` (counts) right-aligned, header included, as tabulate aligns numbers."""
    cells = [[[_measured(line) for line in cell.strip().splitlines() or [""]] for cell in row] for row in rows]
    widths = [display_width(header) + HEADER_PADDING for header in headers]
    for row in cells:
        for index, lines in enumerate(row):
            widths[index] = max(widths[index], *(width for _, width in lines))
    flush_right = [index in right for index in range(len(headers))]
    out = [_line([_measured(header) for header in headers], widths, flush_right),
           GAP.join("-" * width for width in widths)]
    empty = ("", 0)
    for row in cells:
        for depth in range(max(len(lines) for lines in row)):
            out.append(_line([lines[depth] if depth < len(lines) else empty for lines in row], widths, flush_right))
    return "\n".join(out)


def _measured(line: str) -> tuple[str, int]:
    text = _CONTROL.sub(" ", line)
    return text, display_width(text)


def _line(texts: Sequence[tuple[str, int]], widths: Sequence[int], flush_right: Sequence[bool]) -> str:
    return GAP.join(
        " " * (width - used) + text if right else text + " " * (width - used)
        for (text, used), width, right in zip(texts, widths, flush_right)
    ).rstrip()
