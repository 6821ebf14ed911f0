"""Every shipped rule carries a passing and a failing example, and each behaves as stated."""

import pytest

from engine.language.rulebook import load_rulebook
from engine.testing.examples import run_example
from engine.vocabulary import default_vocabulary

VOCABULARY = default_vocabulary()
BOOK = load_rulebook([], VOCABULARY)
CASES = [(rule, example) for rule in BOOK.rule_set.rules for example in rule.info.examples]


def test_shipped_rules_compile_cleanly():
    assert BOOK.diagnostics == ()
    assert len(BOOK.rule_set.rules) >= 18


@pytest.mark.parametrize("rule", BOOK.rule_set.rules, ids=lambda rule: rule.info.code)
def test_every_rule_is_documented_and_has_both_examples(rule):
    info = rule.info
    assert info.title and info.citation and info.message and info.why
    outcomes = {example.outcome for example in info.examples}
    assert {"pass", "fail"} <= outcomes


@pytest.mark.parametrize(
    "rule,example", CASES, ids=[f"{rule.info.code}-{example.outcome}-L{example.span.line}" for rule, example in CASES]
)
def test_rule_example(rule, example):
    result = run_example(rule, example, BOOK.rule_set, VOCABULARY)
    assert result.got == result.expected, result.detail
