"""Built-ins that read text and the document's shape: words, patterns, headings, annexes, codes.

Completeness and format checks (a required part is present, a term is defined, a project code
is well formed, a subject code exists in the year's classification) need text, not figures.
Patterns are regular expressions checked at load: they must be literal and may not nest
repetitions, so no rule can make the matcher backtrack exponentially.
"""

from __future__ import annotations

import re

import attrs
from typing import Optional

from engine.language.syntax import nodes
from engine.language.runtime.environment import Compiled
from engine.language.runtime.reading import as_text, to_quantity
from engine.language.runtime.values import PERCENT_UNIT, FALSE, TRUE, EvalError, Flag, Items, Missing, Quantity, Term, Text
from engine.language.runtime.references import StatementRef
from engine.errors import CompileError
from engine.language.runtime.selection import Selection
from engine.model import Amount, Diagnostic, Provenance
from engine.vocabulary import normalize

try:  # Python 3.11 ships the regex parser as re._parser; older names kept for safety
    from re import _parser as regex_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as regex_parser  # type: ignore[no-redef]

MAX_PATTERN = 200
_REPEATS = {regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT}


def _texts(functions, env):
    """The strings of the arguments, or the first Missing/EvalError among them."""
    values = []
    for function in functions:
        value = function(env)
        if type(value) is not Text:
            value = as_text(value, env)
            if isinstance(value, (Missing, EvalError)):
                return value
        values.append(value.value)
    return values


def _text_test(test):
    def build(arguments, compiler, node):
        functions = [argument.function for argument in arguments]

        def run(env):
            values = _texts(functions, env)
            return values if not isinstance(values, list) else (TRUE if test(*values) else FALSE)

        return Compiled(run, "flag")

    return build


def _length(arguments, compiler, node):
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        return values if not isinstance(values, list) else Quantity.exact(len(values[0]))

    return Compiled(run, "quantity")


def _number(arguments, compiler, node):
    """The first number written in a text ("截至 2023 年" -> 2023), as an exact figure."""
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        found = re.search(r"-?\d+(?:\.\d+)?", values[0])
        if not found:
            return Missing(f"no number in '{values[0][:30]}'")
        return Quantity.from_amount(Amount.from_text(found.group(0)), None, env.vocabulary.units)

    return Compiled(run, "quantity")


def _percent(arguments, compiler, node):
    """percent(text): the first percentage written in a text ("完成预算的 98.2%") as a figure in
    % with its printed precision (98.2 stands for [98.15, 98.25]); missing when it has none."""
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        found = re.search(r"(-?\d+(?:\.\d+)?)\s*[%％]", values[0])
        if not found:
            return Missing(f"no percentage in '{values[0][:30]}'")
        amount = Amount.from_text(found.group(1))
        return Quantity.from_amount(attrs.evolve(amount, unit=PERCENT_UNIT), None, env.vocabulary.units)

    return Compiled(run, "quantity")


def checked_pattern(node: nodes.Call, argument: nodes.Expression) -> re.Pattern:
    if not isinstance(argument, nodes.Text):
        raise CompileError(Diagnostic("pattern", "a pattern must be written as a quoted text", node.span))
    pattern = argument.value
    problem = None
    if len(pattern) > MAX_PATTERN:
        problem = f"pattern longer than {MAX_PATTERN} characters"
    else:
        try:
            parsed = regex_parser.parse(pattern)
            compiled = re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as error:
            problem = f"invalid pattern: {error}"
        else:
            if _nested_repeat(parsed, inside=False):
                problem = "a repetition inside a repetition could make matching take forever"
    if problem:
        raise CompileError(Diagnostic("pattern", problem, argument.span, hint="simplify the pattern"))
    return compiled


def _nested_repeat(parsed, inside: bool) -> bool:
    for operation, value in parsed:
        if operation in _REPEATS:
            looping = value[1] > 1  # `x?` repeats at most once: optional, not a loop
            if inside and looping:
                return True
            if _nested_repeat(value[2], inside or looping):
                return True
        elif operation == regex_parser.SUBPATTERN:
            if _nested_repeat(value[-1], inside):
                return True
        elif operation == regex_parser.BRANCH:
            if any(_nested_repeat(branch, inside) for branch in value[1]):
                return True
    return False


def _matches(arguments, compiler, node):
    pattern = checked_pattern(node, node.arguments[1])
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        return values if not isinstance(values, list) else (FALSE if pattern.search(values[0]) is None else TRUE)

    return Compiled(run, "flag")


def _capture(arguments, compiler, node):
    """The first group of a pattern in a text: capture(x.text, "截至\\s*(\\d{4})")."""
    pattern = checked_pattern(node, node.arguments[1])
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        found = pattern.search(values[0])
        if not found:
            return Missing("the pattern does not occur")
        return Text(found.group(1) if found.groups() else found.group(0))

    return Compiled(run, "text")


def _sentence_term(env, sentence: tuple[str, int], text: str) -> Term:
    return Term(Provenance(env.facts.path, sentence[1], 1, None, sentence[0][:80]), text)


def _mentions(arguments, compiler, node):
    """Whether the narrative says a word; when it does, the first sentence is cited."""
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        word = values[0]
        for sentence in env.facts.texts:
            if word in sentence[0]:
                return Flag(True, (_sentence_term(env, sentence, word),))
        return Flag(False)

    return Compiled(run, "flag")


def _heading(arguments, compiler, node):
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        for section in env.facts.sections:
            if values[0] in section.title:
                return Flag(True, (Term(Provenance(env.facts.path, section.line, 1, None, section.title), ""),))
        return Flag(False)

    return Compiled(run, "flag")


def _annex_exists(arguments, compiler, node):
    function = arguments[0].function

    def run(env):
        number = to_quantity(function(env), env)
        if not isinstance(number, Quantity):
            return number
        wanted = str(int(number.value))
        return Flag(any(re.match(rf"{wanted}(\D|$)", label) for label, _ in env.facts.annexes))

    return Compiled(run, "flag")


def _document_text(field: str):
    def build(arguments, compiler, node):
        def run(env):
            value: Optional[str] = getattr(env.facts, field)
            return Text(value) if value else Missing(f"the document has no {field.replace('_', ' ')}")

        return Compiled(run, "text")

    return build


def _code_lookup(want_name: bool):
    """code_known(code, year) / code_name(code, year) against the code lists in rules/codes.toml."""

    def build(arguments, compiler, node):
        code_function, year_function = arguments[0].function, arguments[1].function
        codes = compiler.vocabulary.codes

        def run(env):
            code = as_text(code_function(env), env)
            year = to_quantity(year_function(env), env)
            for value in (code, year):
                if isinstance(value, (Missing, EvalError)):
                    return value
            listing = codes.get(int(year.value))
            if listing is None:
                return Missing(f"no code list for {int(year.value)} in rules/codes.toml")
            name = listing.get(code.value)
            if want_name:
                return Text(name) if name is not None else Missing(f"code {code.value} is not in the {int(year.value)} list")
            return Flag(name is not None)

        return Compiled(run, "text" if want_name else "flag")

    return build


def _meta(arguments, compiler, node):
    """A key/value line printed with a table: meta(t, "编制单位")."""
    table_function, key_function = arguments[0].function, arguments[1].function

    def run(env):
        selection = table_function(env)
        key = as_text(key_function(env), env)
        if not isinstance(selection, Selection) or not selection.tables:
            return Missing("no table")
        if not isinstance(key, Text):
            return key
        for meta_key, value, _ in selection.tables[0].meta:
            if meta_key == key.value:
                return Text(value)
        return Missing(f"the table prints no {key.value}")

    return Compiled(run, "text")


def _narrative_lookup(changes: bool):
    """stated(name) / stated_change(name): the first figure (or signed change) the narrative
    states for a concept or label, cited at its line; missing when it states none.

    stated(name, s) takes the first one after the statement s in its paragraph ("其中一般公共预算
    拨款政府采购 5 万元：货物 3 万元……" lists its own parts after it); stated_change(name, line) the
    first change on or after a line."""

    def build(arguments, compiler, node):
        function = arguments[0].function
        near_function = arguments[1].function if len(arguments) > 1 else None

        def run(env):
            values = _texts([function], env)
            if not isinstance(values, list):
                return values
            wanted, name = normalize(values[0]), values[0]
            near = near_function(env) if near_function else None
            if isinstance(near, (Missing, EvalError)):
                return near
            if changes:
                line = to_quantity(near, env) if near is not None else None
                if isinstance(line, (Missing, EvalError)):
                    return line
                return _first_change(wanted, name, line, env)
            if near is not None and not isinstance(near, StatementRef):
                return EvalError("stated(name, s) needs a statement s")
            return _first_statement(wanted, name, near.statement if near is not None else None, env)

        return Compiled(run, "quantity")

    return build


def _first_statement(wanted: str, name: str, anchor, env):
    """The first figure stated for `wanted`; after an anchor statement, the first to its right on its line."""
    place = anchor.provenance if anchor is not None else None
    for statement in env.facts.statements:
        where = statement.provenance
        if place is not None and (where.line != place.line or where.column <= place.column):
            continue
        if wanted in (statement.concept, normalize(statement.label)):
            return to_quantity(StatementRef(statement), env)
    return Missing(f"the text states no figure for {name}" + (f" after {anchor.label}" if anchor is not None else ""))


def _first_change(wanted: str, name: str, line, env):
    """The first change stated for `wanted`; with a line, the first on or after it (the same
    paragraph's figures)."""
    candidates = [change for change in env.facts.changes
                  if wanted in (change.subject, normalize(change.subject_label)) and change.delta is not None
                  and (line is None or change.provenance.line >= line.value)]
    candidates.sort(key=lambda change: change.provenance.line if line is not None else 0)
    for change in candidates[:1]:
        return Quantity.from_amount(change.delta, change.provenance, env.vocabulary.units)
    return Missing(f"the text states no change of {name}")


def _mentions_in(arguments, compiler, node):
    """mentions_in(section word, term): a sentence under a heading containing the word says the term."""
    section_function, term_function = arguments[0].function, arguments[1].function

    def run(env):
        values = _texts([section_function, term_function], env)
        if not isinstance(values, list):
            return values
        section_word, term = values
        current = ""
        sections = list(env.facts.sections)
        for text, line in env.facts.texts:
            while sections and sections[0].line <= line:
                current = sections.pop(0).title
            if section_word in current and term in text:
                return Flag(True, (_sentence_term(env, (text, line), term),))
        return Flag(False)

    return Compiled(run, "flag")


def _region_code(arguments, compiler, node):
    """The administrative division code of the place a text names (rules/vocabulary.toml [regions])."""
    function = arguments[0].function

    def run(env):
        values = _texts([function], env)
        if not isinstance(values, list):
            return values
        for name, code in sorted(env.vocabulary.regions.items(), key=lambda item: -len(item[0])):
            if name in values[0]:
                return Text(code)
        return Missing(f"no region code known for '{values[0][:20]}'")

    return Compiled(run, "text")


def _split(arguments, compiler, node):
    """split(text, "、，") -> the non-empty pieces between any of the separator characters."""
    functions = [argument.function for argument in arguments]

    def run(env):
        values = _texts(functions, env)
        if not isinstance(values, list):
            return values
        text, separators = values
        pieces = re.split("[" + re.escape(separators) + "]", text) if separators else [text]
        return Items(tuple(piece.strip() for piece in pieces if piece.strip()))

    return Compiled(run, "items")


def _document_kind(arguments, compiler, node):
    """document_kind(): 预算 or 决算, from the title (else the table titles) by [document_kinds]:
    what a rule file's `applies when` tests to be a pack for one kind of document."""

    def run(env):
        memo = env.frame.cache.domains
        kind = memo.get("document_kind")
        if kind is None:
            found = env.vocabulary.document_kind(env.facts.title, (table.title for table in env.facts.tables))
            kind = memo["document_kind"] = Text(found) if found else Missing("the document names no kind (预算/决算)")
        return kind

    return Compiled(run, "text")


def _comparison(arguments, compiler, node):
    """comparison(text): the sign its comparison word states, 1 (大于), -1 (小于), 0 (持平), by
    [comparisons] in the vocabulary; missing when the text has none. `sign(决算 - 预算) ==
    comparison(x.text)` checks that the word agrees with the figures."""
    function = arguments[0].function

    def run(env):
        text = as_text(function(env), env)
        if not isinstance(text, Text):
            return text
        sign = env.vocabulary.comparison_sign(text.value)
        return Quantity.exact(sign) if sign is not None else Missing("the text has no comparison word")

    return Compiled(run, "quantity")


# the two-text tests, shared with the where-clause pushdown (engine/language/prefilter.py)
TEXT_TESTS = {
    "contains": lambda text, part: part in text,
    "startswith": lambda text, start: text.startswith(start),
}

DOCUMENT_BUILTINS = {
    "split": (2, 2, _split),
    "stated": (1, 2, _narrative_lookup(False)),
    "stated_change": (1, 2, _narrative_lookup(True)),
    "mentions_in": (2, 2, _mentions_in),
    "region_code": (1, 1, _region_code),
    "contains": (2, 2, _text_test(TEXT_TESTS["contains"])),
    "startswith": (2, 2, _text_test(TEXT_TESTS["startswith"])),
    "length": (1, 1, _length),
    "number": (1, 1, _number),
    "percent": (1, 1, _percent),
    "matches": (2, 2, _matches),
    "capture": (2, 2, _capture),
    "mentions": (1, 1, _mentions),
    "heading": (1, 1, _heading),
    "annex_exists": (1, 1, _annex_exists),
    "unit_name": (0, 0, _document_text("unit_name")),
    "title": (0, 0, _document_text("title")),
    "document_kind": (0, 0, _document_kind),
    "comparison": (1, 1, _comparison),
    "code_known": (2, 2, _code_lookup(False)),
    "code_name": (2, 2, _code_lookup(True)),
    "meta": (2, 2, _meta),
}
