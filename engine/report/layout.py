"""Plain-text columns for terminals: display widths of CJK text and the `simple` table layout.

The text report is a table per document (rule, severity, finding with its citations). Laying it
out with tabulate cost 6-7 ms per document, three quarters of it in wcwidth's per-character
width, and the layout changed with whether wcwidth happened to be installed. Here widths come
from `engine.util.display_width` and the table is tabulate's `simple` layout, so the report reads as
before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.util.display_width import display_width

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # a tab in a quote would break the columns

GAP = "  "  # between columns
HEADER_PADDING = 2  # a column is at least its header and two more


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
