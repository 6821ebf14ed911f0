"""Fuzz and abuse the rule language: parse_rule_text + compile_rules + evaluate never raise.

Bad rules become positioned diagnostics; rules that cannot be computed (division by zero,
absurd ranges, huge numbers) become a rule-level `error`/`not_applicable` status, never a
traceback or a hang.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.evaluate import evaluate
from engine.facts.tables import extract_facts
from engine.language.compile.compiler import compile_rules
from engine.language.syntax.parser import MAX_NESTING, parse_rule_text
from engine.model import Diagnostic, Source
from engine.parse import parse_document
from engine.resources import shipped_rules_dir
from engine.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parents[2]
COUNTER = {"tokens": 0, "mutations": 0}


@lru_cache(maxsize=1)
def vocabulary():
    return default_vocabulary()


@lru_cache(maxsize=1)
def corpus_facts():
    text = sorted((ROOT / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
    return extract_facts(parse_document(Source("c.txt", text), vocabulary()), vocabulary())


@lru_cache(maxsize=1)
def shipped_texts() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in sorted(shipped_rules_dir().glob("*.rule")))


def check_rules(text: str):
    """Parse, compile and (when clean) evaluate; return (diagnostics, statuses)."""
    parsed, problems = parse_rule_text(text, "fuzz.rule")
    for problem in problems:
        assert isinstance(problem, Diagnostic) and problem.span.line >= 1 and problem.message
    rule_set = compile_rules([parsed], vocabulary())
    diagnostics = tuple(problems) + tuple(rule_set.diagnostics)
    for diagnostic in rule_set.diagnostics:
        assert diagnostic.message
    statuses = ()
    if rule_set.rules:
        statuses = evaluate(rule_set, corpus_facts(), vocabulary()).statuses
        for status in statuses:
            assert status.status in ("pass", "fail", "not_applicable", "error")
    return diagnostics, statuses


def rule(assertion: str, extra: str = "") -> str:
    return (f'rule T-X01 test-rule\n  title "t"\n  severity error\n  cite "c"\n'
            f'  message "m {{left}} {{right}}"\n{extra}  assert {assertion}\nend\n')


TOKENS = ["rule", "define", "end", "title", "severity", "cite", "why", "message", "assert", "when", "in", "for",
          "each", "row", "table", "statement", "example", "pass", "fail", "na", "error", "warning", "info",
          "T-X01", "a-b", '"s"', '"""x"""', "{left}", "==", "===", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
          "(", ")", "[", "]", "..", ".", ",", "@", "@上年", "=", "#", "\n", "  ", "\t", "0", "1.5", "99999999",
          "sum", "present", "abs", "min", "max", "count", "and", "or", "not", "if", "合计", "收入总计",
          "部门收支总表", "基本支出表", "[301..399]", "[*]", ".人员经费", "支出总计", "%", "万元", "\\", "'", '"']


@settings(suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(TOKENS), max_size=60), st.booleans())
def test_random_token_sequences(tokens, wrap):
    COUNTER["tokens"] += 1
    text = " ".join(tokens)
    check_rules(rule(text) if wrap else text)


@st.composite
def mutated_rules(draw):
    text = draw(st.sampled_from(shipped_texts()))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 30)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap-lines", "replace"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.text(max_size=5)) + text[j:]
        else:
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


@settings(max_examples=max(10, settings().max_examples // 2) if settings().max_examples < 1000 else settings().max_examples,
          suppress_health_check=list(HealthCheck))
@given(mutated_rules())
def test_mutated_shipped_rules(text):
    COUNTER["mutations"] += 1
    check_rules(text)


def _timed(text: str):
    start = time.monotonic()
    result = check_rules(text)
    assert time.monotonic() - start < 10, "rule took too long"
    return result


def test_absurd_code_range_is_bounded():
    diagnostics, statuses = _timed(rule("sum(基本支出表[1..99999999]) == 0"))
    assert diagnostics or all(status.status in ("not_applicable", "error", "pass", "fail") for status in statuses)


def test_bare_absurd_range_is_a_diagnostic():
    diagnostics, _ = _timed(rule("sum(1..99999999) == 1"))
    assert diagnostics and diagnostics[0].span.line == 6


def test_division_by_zero_is_a_rule_error():
    diagnostics, statuses = _timed(rule("1/0 == 1"))
    assert not diagnostics
    assert [status.status for status in statuses] == ["error"]
    assert "zero" in statuses[0].reason


@pytest.mark.parametrize("number", ["9" * 5000, "9" * 60 + "." + "9" * 60, "0.000000000000000000000000000001"])
def test_huge_and_tiny_numbers(number):
    diagnostics, statuses = _timed(rule(f"{number} * {number} == {number}"))
    assert diagnostics or statuses


def test_exponent_notation_is_a_diagnostic():
    diagnostics, _ = _timed(rule("1e999999999 == 1"))
    assert diagnostics


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 10_000])
def test_deep_bracket_nesting_is_a_positioned_diagnostic(depth):
    diagnostics, _ = _timed(rule("(" * depth + "1" + ")" * depth + " == 1"))
    assert [d.code for d in diagnostics] == ["too-deep"]
    assert diagnostics[0].span.line == 6


def test_deep_bracket_nesting_inside_a_define():
    diagnostics, _ = _timed("define X = " + "[" * 10_000 + "\n" + rule("1 == 1"))
    assert diagnostics


@pytest.mark.parametrize("depth", [500, 10_000])
def test_deep_unary_minus_chain(depth):
    diagnostics, statuses = _timed(rule("-" * depth + "1 == 1"))
    assert [diagnostic.code for diagnostic in diagnostics] == ["too-deep"]
    assert diagnostics[0].span.line == 6  # the assert line, not the top of the rule


@pytest.mark.parametrize("terms", [2_000, 20_000])
def test_long_binary_chain(terms):
    diagnostics, statuses = _timed(rule("1" + " + 1" * terms + f" == {terms + 1}"))
    assert [diagnostic.code for diagnostic in diagnostics] == ["too-deep"]
    assert diagnostics[0].span.line == 6


def test_cyclic_and_unknown_definitions():
    diagnostics, _ = _timed("define A = B + 1\ndefine B = A * 2\n" + rule("A == 没有这个名字"))
    assert diagnostics


def test_report_fuzz_counts(capsys):
    with capsys.disabled():
        print(f"\n[hardening] rule fuzz examples run: {COUNTER}")


def test_cli_with_deep_rule_file_has_no_traceback(tmp_path):
    from click.testing import CliRunner

    from engine.cli.commands import main

    bad = tmp_path / "deep.rule"
    bad.write_text(rule("-" * 600 + "1 == 1"), encoding="utf-8")
    doc = sorted((ROOT / "corpus").glob("*.txt"))[0]
    result = CliRunner().invoke(main, ["check", "--isolated", "--rules", str(bad), "--format", "json", str(doc)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 2 and "Traceback" not in result.output
