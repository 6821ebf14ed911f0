"""Built-ins on texts: words, lengths, numbers and patterns written in a cell, a label or a sentence.

Format checks (a project code is well formed, a date names the right year, a term is used) read
text, not figures. Patterns are literals checked at load (engine/language/builtins/patterns.py).
"""

from __future__ import annotations

import re

import attrs

from engine.language.builtins.linear_regex import LinearPattern
from engine.language.builtins.registry import Parameter, builtin
from engine.language.runtime.values import FALSE, PERCENT_UNIT, TRUE, Items, Missing, Quantity, Text
from engine.model import Amount

TEXT = Parameter("text", "text")
PATTERN = Parameter("pattern", "pattern")

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
    found = re.search(r"-?\d+(?:\.\d+)?", text)
    if not found:
        return Missing(f"no number in '{text[:30]}'")
    return Quantity.from_amount(Amount.from_text(found.group(0)), None, env.vocabulary.units)


@builtin("percent", (TEXT,), "quantity", "text",
         "The first percentage written in the text, in % with its printed precision "
         "(\"完成预算的 98.2%\" gives 98.2, which stands for [98.15, 98.25]).",
         "percent(x.text) == 决算数 / 预算数 * 100", uses_env=True)
def percent(env, text: str):
    found = re.search(r"(-?\d+(?:\.\d+)?)\s*[%％]", text)
    if not found:
        return Missing(f"no percentage in '{text[:30]}'")
    amount = Amount.from_text(found.group(1))
    return Quantity.from_amount(attrs.evolve(amount, unit=PERCENT_UNIT), None, env.vocabulary.units)


@builtin("matches", (TEXT, PATTERN), "flag", "text",
         "Whether the pattern (a regular expression, checked at load) occurs in the text.",
         'matches(r.项目名称, "^\\d{8}[A-Z]\\d{12}")')
def matches(text: str, pattern: LinearPattern):
    return FALSE if pattern.search(text) is None else TRUE


@builtin("capture", (TEXT, PATTERN), "text", "text",
         "The first group of the pattern in the text (the whole match when it has no group).",
         'capture(x.text, "截至\\s*(\\d{4})")')
def capture(text: str, pattern: LinearPattern):
    found = pattern.search(text)
    if not found:
        return Missing("the pattern does not occur")
    return Text(found.group(1) if found.groups() else found.group(0))


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


TEXT_BUILTINS = (contains, startswith, length, number, percent, matches, capture, split, comparison)
