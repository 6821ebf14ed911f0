"""Syntax errors for the mistakes rule writers actually make, said in their terms.

The parser's generic diagnostic names the token it did not expect and the tokens it would have
taken ("expected '(', '*', '+' …"), which is right but does not say what to type. This module
recognises the common slips and rewrites that diagnostic: `=` written for `==`, a rule block
with no `end`, full-width punctuation from a Chinese input method (＝＝, ＋, （ ）, “ ”), and a
lower-case rule ID. Everything it needs is in the diagnostic, the set of expected terminals and
the block's text, so it is a pure function and testable without lark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.model import Diagnostic, Span

# full-width characters an input method produces, and the ASCII character the grammar wants
FULL_WIDTH = {
    "＝": "=", "＋": "+", "－": "-", "＊": "*", "／": "/", "＜": "<", "＞": ">", "！": "!", "［": "[", "］": "]",
    "，": ",", "＠": "@", "．": ".", "（": "(", "）": ")", "“": '"', "”": '"', "＂": '"', "＃": "#", "　": " ",
    "≤": "<=", "≥": ">=", "≠": "!=",
}
# （ ） and “ ” are also legitimate inside names (因公出国（境）费, “三公”经费): suspect them only next to
# ASCII letters or digits, as in sum（301..303） or 3 ） — or when they are the offending character itself
_NAME_PUNCTUATION = frozenset("（）“”")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
_END_LINE = re.compile(r"^[ \t]*end[ \t]*(#.*)?$", re.MULTILINE)
_WORD = re.compile(r"[^\s]+")
_BLOCK_HEAD = re.compile(r"^[ \t]*(rule)[ \t]+(\S+)", re.MULTILINE)


def friendlier(diagnostic: Diagnostic, expected: Iterable[str], found: str | None, block: str) -> Diagnostic:
    """The diagnostic rewritten for a recognised mistake, else unchanged. `expected` holds the
    terminal names the parser would have taken, `found` the terminal name it met (None for an
    unexpected character), `block` the block's text padded to file positions."""
    expected = frozenset(expected)
    for recognise in (_full_width, _single_equals, _missing_end, _lower_case_id):
        better = recognise(diagnostic, expected, found, block)
        if better is not None:
            return better
    return diagnostic


def _line(block: str, number: int) -> str:
    lines = block.split("\n")
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _full_width(diagnostic, expected, found, block) -> Diagnostic | None:
    span = diagnostic.span
    line = _line(block, span.line)
    at = line[span.column - 1] if 0 < span.column <= len(line) else ""
    suspects = [(span.column, at)] if at in FULL_WIDTH else []
    suspects += [(index + 1, character) for index, character in enumerate(_code_part(line))
                 if character in FULL_WIDTH and (character not in _NAME_PUNCTUATION or _beside_ascii(line, index))
                 and index + 1 != span.column]
    if not suspects:
        return None
    column, character = suspects[0]
    ascii_text = FULL_WIDTH[character]
    if line[column - 1: column + 1] == character * 2 and character == "＝":
        character, ascii_text = "＝＝", "=="
    described = "a full-width space" if character == "　" else f"full-width '{character}'"
    return Diagnostic(
        "syntax",
        f"{described} in rule code: type the ASCII '{ascii_text}'",
        Span(span.path, span.line, column, span.line, column + len(character)),
        hint=f"switch the input method to half-width (英文标点) outside quoted texts; {diagnostic.message}",
    )


def _code_part(line: str) -> str:
    """The line up to a comment, with quoted texts blanked (full-width text inside them is fine)."""
    kept, quoted = [], False
    for character in line:
        if character == '"':
            quoted = not quoted
            kept.append(character)
        elif quoted:
            kept.append(" ")
        elif character == "#":
            break
        else:
            kept.append(character)
    return "".join(kept)


def _beside_ascii(line: str, index: int) -> bool:
    neighbours = (line[index - 1] if index > 0 else "") + (line[index + 1] if index + 1 < len(line) else "")
    return any(character.isascii() and character.isalnum() for character in neighbours)


def _single_equals(diagnostic, expected, found, block) -> Diagnostic | None:
    if found != "EQUAL" or "EQUAL" in expected:
        return None
    span = diagnostic.span
    return Diagnostic(
        "syntax",
        "'=' is not a comparison: write '==' (rounding-aware) or '===' (exact)",
        Span(span.path, span.line, span.column, span.line, span.column + 1),
        hint="`==` allows the printed rounding, `===` compares at the printed precision; "
        "a single '=' only names a definition (define NAME = …)",
    )


def _missing_end(diagnostic, expected, found, block) -> Diagnostic | None:
    if found != "$END" or "END" not in expected:
        return None
    head = _BLOCK_HEAD.search(block)
    if head is None or _END_LINE.search(block):
        return None  # an `end` written but swallowed (`X @` then `end` reads `end` as a period) is another mistake
    start_line = block.count("\n", 0, head.start(1)) + 1
    last_line = len(block.rstrip().split("\n"))
    return Diagnostic(
        "syntax",
        f"rule {head.group(2)} (line {start_line}) is not closed: `end` is missing",
        Span(
            diagnostic.span.path,
            start_line,
            _column_of(block, head.start(1)),
            start_line,
            _column_of(block, head.end(2)),
        ),
        hint=f"write `end` after its last field (line {last_line}), before the next `rule` or `define`",
    )


def _column_of(block: str, offset: int) -> int:
    return offset - block.rfind("\n", 0, offset)


def _lower_case_id(diagnostic, expected, found, block) -> Diagnostic | None:
    if "RULE_ID" not in expected:
        return None
    span = diagnostic.span
    word = _WORD.match(_line(block, span.line), span.column - 1)
    if word is None or not _RULE_ID.fullmatch(word.group().upper()) or word.group() == word.group().upper():
        return None
    written = word.group()
    return Diagnostic(
        "syntax",
        f"rule ID '{written}' is not upper case",
        Span(span.path, span.line, span.column, span.line, span.column + len(written)),
        hint=f"rule IDs are upper case, like BUD-A01: write {written.upper()}",
    )
