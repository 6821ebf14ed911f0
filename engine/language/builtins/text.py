"""Built-ins on texts: words, lengths, numbers and patterns written in a cell, a label or a sentence.

Format checks (a project code is well formed, a date names the right year, a term is used) read
text, not figures. Patterns are literals checked at load (engine/language/builtins/patterns.py).
"""

from __future__ import annotations

import re

from engine.language.builtins.linear_regex import LinearPattern
from engine.language.builtins.registry import Parameter, builtin
from engine.language.runtime.reading import row_text
from engine.language.runtime.selection import Selection
from engine.language.runtime.values import FALSE, PERCENT_UNIT, TRUE, Items, Missing, Quantity, Term, Text, total
from engine.model import Amount, Provenance
from engine.record import evolve

TEXT = Parameter("text", "text")
PATTERN = Parameter("pattern", "pattern")

# spacing a PDF prints between Chinese and figures ('增长 35.74%', '22066.59 万元'): patterns are
# written as the template reads ('增长([0-9.]+%)'), so they see the text without spaces next to a
# non-ASCII character ('1 234' keeps its space; tabs and line breaks are structure and stay);
# a text export without such spaces reads as before
_CJK_SPACING = re.compile(r"[ \u00a0\u3000]+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])[ \u00a0\u3000]+")


def pattern_search(pattern: LinearPattern, text: str):
    """`pattern.search` in the text without its CJK spacing (shared with the where-clause
    pushdown, so a prefiltered `matches` agrees with the function)."""
    return pattern.search(_CJK_SPACING.sub("", text))


# the two-text tests, shared with the where-clause pushdown (engine/language/compile/prefilter.py)
TEXT_TESTS = {
    "contains": lambda text, part: part in text,
    "startswith": lambda text, start: text.startswith(start),
}


@builtin("contains", (TEXT, Parameter("part", "text")), "flag", "text",
         "Whether the text contains the part.", 'contains(r.项目名称, "专项")')
def contains(text: str, part: str):
    return TRUE if TEXT_TESTS["contains"](text, part) else FALSE


@builtin("startswith", (TEXT, Parameter("start", "text")), "flag", "text",
         "Whether the text starts with the given start.", 'startswith(r.code, "301")')
def startswith(text: str, start: str):
    return TRUE if TEXT_TESTS["startswith"](text, start) else FALSE


@builtin("length", (TEXT,), "quantity", "text",
         "The number of characters of the text.", "length(r.code) == 7")
def length(text: str):
    return Quantity.exact(len(text))


@builtin("number", (TEXT,), "quantity", "text",
         "The first number written in the text, as an exact figure (\"截至 2023 年\" gives 2023).",
         "number(x.text) == budget_year() - 1", uses_env=True)
def number(env, text: str):
    return _first_figure(env, text, _NUMBER, "", "number")


@builtin("percent", (TEXT,), "quantity", "text",
         "The first percentage written in the text, in % with its printed precision "
         "(\"完成预算的 98.2%\" gives 98.2, which stands for [98.15, 98.25]).",
         "percent(x.text) == 决算数 / 预算数 * 100", uses_env=True)
def percent(env, text: str):
    return _first_figure(env, text, _PERCENT, PERCENT_UNIT, "percentage")


@builtin("number_in", (Parameter("table", "table"), PATTERN), "quantity", "text",
         "The number the pattern's first group captures in a table (its title, header cells, then rows, "
         "as `t.text` reads them), as an exact figure cited at the line and cell that print it: a "
         "project code in a 绩效 table's header is cited there, not at the title.",
         'number_in(t, "(\\d{6})\\d*[A-Z]\\d{5,}") === number(region_code(unit_name()))', uses_env=True)
def number_in(env, table: Selection, pattern: LinearPattern):
    if not table.tables:
        return Missing(f"no {table.label} in the document")
    facts = table.tables[0]
    places = [(facts.title, facts.line, 1)]
    places += [(cell.text, cell.line, cell.column) for row in facts.header for cell in row.cells if cell.text]
    places += [(row_text(row), row.line, 1) for row in facts.rows]
    for text, line, column in places:
        found = pattern_search(pattern, text)
        if found is None:
            continue
        piece = found.group(1) if found.groups() else found.group(0)
        digits = _NUMBER.search(piece or "")
        if digits is None:
            continue
        where = Provenance(env.facts.path, line, column, None, text[:80], facts.title)
        exact = Quantity.exact(digits.group(1))
        return evolve(exact, terms=(Term(where, piece),))
    return Missing("the pattern does not occur")


_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s*[%％]")


def _first_figure(env, text: str, pattern: re.Pattern, unit: str, what: str):
    """The first match of a number pattern in a text, as a figure with its printed precision."""
    found = pattern.search(text)
    if not found:
        return Missing(f"no {what} in '{text[:30]}'")
    amount = Amount.from_text(found.group(1))
    if unit:
        amount = evolve(amount, unit=unit)
    return Quantity.from_amount(amount, None, env.vocabulary.units)


@builtin("matches", (TEXT, PATTERN), "flag", "text",
         "Whether the pattern (a regular expression, checked at load) occurs in the text, read "
         "without the spaces a PDF puts between Chinese and figures.",
         'matches(r.项目名称, "^\\d{8}[A-Z]\\d{12}")')
def matches(text: str, pattern: LinearPattern):
    return FALSE if pattern_search(pattern, text) is None else TRUE


@builtin("capture", (TEXT, PATTERN), "text", "text",
         "The first group of the pattern in the text (the whole match when it has no group), "
         "read without the spaces a PDF puts between Chinese and figures ('增长 35.74%' matches "
         "'增长([0-9.]+%)').",
         'capture(x.text, "截至\\s*(\\d{4})")')
def capture(text: str, pattern: LinearPattern):
    found = pattern_search(pattern, text)
    if not found:
        return Missing("the pattern does not occur")
    return Text(found.group(1) if found.groups() else found.group(0))


@builtin("number_sum", (TEXT, PATTERN), "quantity", "text",
         "The sum of the numbers the pattern's first group captures at each of its matches in the text "
         "(a sentence that lists several parts: 一般公务用车 1 辆、执法执勤用车 2 辆); missing when none matches.",
         'number_sum(x.text, "用车\\s*(\\d+)\\s*辆")', uses_env=True)
def number_sum(env, text: str, pattern: LinearPattern):
    amounts = []
    for found in pattern.finditer(text):
        piece = found.group(1) if found.groups() else found.group(0)
        number_found = _NUMBER.search(piece or "")
        if number_found:
            amounts.append(Amount.from_text(number_found.group(1)))
    if not amounts:
        return Missing("the pattern does not occur")
    return total([Quantity.from_amount(amount, None, env.vocabulary.units) for amount in amounts])


@builtin("split", (TEXT, Parameter("separators", "text")), "items", "text",
         "The non-empty pieces of the text between any of the separator characters; "
         "`for each item i in split(…)` visits them.", 'split(x.text, "、，")')
def split(text: str, separators: str):
    pieces = re.split("[" + re.escape(separators) + "]", text) if separators else [text]
    return Items(tuple(piece.strip() for piece in pieces if piece.strip()))


@builtin("comparison", (TEXT,), "quantity", "text",
         "The sign the text's comparison word states: 1 (大于, 增加), -1 (小于, 减少), 0 (持平), by "
         "[comparisons] in the vocabulary; missing when it has none.",
         "sign(决算数 - 预算数) == comparison(x.text)", uses_env=True)
def comparison(env, text: str):
    sign = env.vocabulary.comparison_sign(text)
    return Quantity.exact(sign) if sign is not None else Missing("the text has no comparison word")


TEXT_BUILTINS = (contains, startswith, length, number, percent, matches, capture, number_sum, split, comparison,
                 number_in)
