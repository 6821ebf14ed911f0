"""Scanning running text with a pattern only where a match can begin.

`re` searches a pattern that opens with an optional or grouped part by trying a match at every
character (~1,100 instructions a character for the amount pattern). When every match begins
where a cheap pattern matches (a digit, a sign before one), the pattern is tried only there:
the same matches as `finditer`, for a fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def matches_from(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, trying `pattern` only where `starts` matches, in order and past
    the last match. Every match of `pattern` must begin at a match of `starts`, and `starts`
    must match one character (so its matches are every such position) and `pattern` none empty."""
    end = 0
    for candidate in starts.finditer(text):
        position = candidate.start()
        if position >= end:
            match = pattern.match(text, position)
            if match is not None:
                end = match.end()
                yield match
