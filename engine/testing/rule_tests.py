"""`rulecheck test`: run the examples attached to rules and report like pytest.

Each example is one test named `CODE-outcome-Lline` (the same ids as the parametrised test in
tests/rules), so `-k BUD-A01`, `-k "fail and not A04"` or `-k income-expenditure` select the
same cases in both places. The keyword language is pytest's: words matched as substrings of
the test id or the rule's name, combined with `and`, `or`, `not` and parentheses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from engine.errors import KeywordError
from engine.language.compile.compiler import CompiledRule, RuleSet
from engine.language.syntax.nodes import Example
from engine.record import frozen
from engine.testing.examples import ExampleResult, run_example
from engine.util.reasons import reason_in
from engine.util.wording import INTERFACE_DEFAULT, say, word
from engine.vocabulary import Vocabulary


@frozen
class Case:
    rule: CompiledRule
    example: Example

    @property
    def id(self) -> str:
        return f"{self.rule.info.code}-{self.example.outcome}-L{self.example.span.line}"

    @property
    def words(self) -> str:
        return f"{self.id} {self.rule.info.name}"


def collect_cases(rules: Iterable[CompiledRule]) -> list[Case]:
    return [Case(rule, example) for rule in rules for example in rule.info.examples]


def keyword_matcher(expression: str) -> Callable[[str], bool]:
    """Compile a pytest-style -k expression into a predicate over a case's words."""
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def either():
        left = both()
        while peek() == "or":
            take()
            right = both()
            left = (lambda a, b: lambda words: a(words) or b(words))(left, right)
        return left

    def both():
        left = negated()
        while peek() == "and":
            take()
            right = negated()
            left = (lambda a, b: lambda words: a(words) and b(words))(left, right)
        return left

    def negated():
        if peek() == "not":
            take()
            inner = negated()
            return lambda words: not inner(words)
        return atom()

    def atom():
        token = peek()
        if token is None or token in ("and", "or", ")"):
            raise KeywordError(f"-k {expression!r}: expected a word at position {position + 1}")
        take()
        if token == "(":
            inner = either()
            if peek() != ")":
                raise KeywordError(f"-k {expression!r}: missing ')'")
            take()
            return inner
        word = token.lower()
        return lambda words: word in words.lower()

    if not tokens:
        return lambda words: True
    predicate = either()
    if position != len(tokens):
        raise KeywordError(f"-k {expression!r}: unexpected {tokens[position]!r}")
    return predicate


def run_cases(cases: list[Case], rule_set: RuleSet, vocabulary: Vocabulary) -> Iterable[tuple[Case, ExampleResult]]:
    for case in cases:
        try:
            result = run_example(case.rule, case.example, rule_set, vocabulary)
        except Exception as error:  # a crash in one example is that example's failure, not the run's
            result = ExampleResult(case.rule.info.code, case.example.outcome, "crash", case.example.span.line,
                                   f"{type(error).__name__}: {error}")
        yield case, result


def failure_report(case: Case, result: ExampleResult, language: str = INTERFACE_DEFAULT) -> str:
    """What a failing example expected, what it got and its document, the frame in `language`."""
    info = case.rule.info
    lines = [f"___ {case.id} ___",
             say("failure-title", language, place=f"{info.path}:{case.example.span.line}",
                 outcome=word(case.example.outcome, language), code=info.code, name=info.name),
             say("failure-expected", language, outcome=word(result.expected, language)),
             say("failure-got", language, outcome=word(result.got, language))]
    if result.detail:  # the findings' messages as written, or the reason the rule did not apply
        detail = reason_in(result.detail, language) if result.got == "na" else result.detail
        lines.append(say("failure-detail", language, detail=detail))
    lines.append(say("failure-document", language))
    lines.extend(f"    | {line}" for line in case.example.text.strip("\n").split("\n"))
    return "\n".join(lines)


def uncovered(rules: Iterable[CompiledRule]) -> list[tuple[CompiledRule, tuple[str, ...]]]:
    """Rules lacking a passing or a failing example, with what they lack."""
    missing = []
    for rule in rules:
        outcomes = {example.outcome for example in rule.info.examples}
        lacking = tuple(outcome for outcome in ("pass", "fail") if outcome not in outcomes)
        if lacking:
            missing.append((rule, lacking))
    return missing
