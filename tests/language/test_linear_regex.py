"""Rule patterns run on RE2 (engine/language/builtins/linear_regex.py): the meaning of Python `re`,
in time linear in the text, and a clear refusal of what only a backtracking matcher can run."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import PatternError
from engine.language.builtins import patterns as patterns_module
from engine.language.builtins.linear_regex import SPACES, compile_linear
from engine.language.rulebook import load_rulebook
from engine.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[2]


def _shipped_patterns() -> list[str]:
    seen: list[str] = []
    original = patterns_module.compile_linear

    def recording(pattern):
        seen.append(pattern)
        return original(pattern)

    patterns_module.compile_linear = recording
    try:
        load_rulebook([], Vocabulary.load([]))
    finally:
        patterns_module.compile_linear = original
    return sorted(set(seen))


SHIPPED = _shipped_patterns()
CORPUS_LINES = sorted({line for path in sorted((ROOT / "corpus").glob("*.txt"))
                       for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


def _outcome(found):
    return None if found is None else (found.span(), found.groups())


def test_the_shipped_rules_use_patterns():
    assert len(SHIPPED) >= 40


@pytest.mark.parametrize("pattern", SHIPPED)
def test_a_shipped_pattern_means_on_re2_what_it_means_in_python(pattern):
    python, linear = re.compile(pattern), compile_linear(pattern)
    texts = CORPUS_LINES + ["截至 2024 年 12 月", "共有车辆\u30003辆", "１２３４", "项目终止时间\t 3 年\n", "a\n", "\u3000"]
    for text in texts:
        assert _outcome(linear.search(text)) == _outcome(python.search(text)), text


_ALPHABET = st.sampled_from(list("0123456789０１２３ \t\n\u3000年月万元为个辆、，。；%-（）ABXxa") + ["截至", "共有车辆", "增长"])


@given(st.sampled_from(SHIPPED), st.lists(_ALPHABET, max_size=30).map("".join))
def test_shipped_patterns_agree_on_generated_texts(pattern, text):
    assert _outcome(compile_linear(pattern).search(text)) == _outcome(re.compile(pattern).search(text))


def test_python_whitespace_is_spelled_out_exactly():
    assert "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()) == SPACES


@pytest.mark.parametrize("pattern, why", [
    ("(?=(a+)+b)", "lookahead"), ("(?<=a)b", "lookahead or lookbehind"), ("(?!a)b", "negative"),
    ("(a)\\1", "backreference"), ("(x)?(?(1)x|(a+)+b)", "conditional"),
    ("(?>(a+)+b)", "atomic"), ("(?:(a+)+b)*+", "possessive"), (r"\bword", r"\b"), ("(?a)\\d", "flags"),
    ("a{2000}", "too large"), ("(", "invalid"),
])
def test_what_needs_backtracking_is_refused_with_the_reason(pattern, why):
    with pytest.raises(PatternError, match=re.escape(why)):
        compile_linear(pattern)


def test_the_refusal_is_a_diagnostic_of_check_rules(tmp_path):
    rule = tmp_path / "mine.rule"
    rule.write_text('rule T-1 hostile-pattern\n  title "t"\n  severity error\n  cite "c"\n  message "m"\n'
                    '  for each sentence x where matches(x.text, "(?=(a+)+b)")\n  assert 1 == 2\nend\n', encoding="utf-8")
    rulebook = load_rulebook([rule], Vocabulary.load([]))
    assert [diagnostic.code for diagnostic in rulebook.diagnostics] == ["pattern"]
    assert "lookahead" in rulebook.diagnostics[0].message


# ---- bounded time, whatever the pattern -----------------------------------------------------

_ATOMS = st.sampled_from(["a", "aa", "b", ".", "[ab]", r"\d", r"\s", "(a)", "\\1", "(?=a)", "(?!b)", "(?<=a)"])


@st.composite
def hostile_patterns(draw, depth: int = 3) -> str:
    if depth == 0:
        return draw(_ATOMS)
    kind = draw(st.sampled_from(["atom", "repeat", "alternate", "sequence", "group", "lookaround"]))
    inner = draw(hostile_patterns(depth=depth - 1))
    if kind == "atom":
        return inner
    if kind == "repeat":
        return f"(?:{inner}){draw(st.sampled_from(['*', '+', '{1,9}', '*?', '+?', '*+']))}"
    if kind == "alternate":
        return f"(?:{inner}|{draw(hostile_patterns(depth=depth - 1))})"
    if kind == "sequence":
        return inner + draw(hostile_patterns(depth=depth - 1))
    if kind == "group":
        return f"({inner})"
    return f"(?{draw(st.sampled_from(['=', '!', '<=', '>']))}{inner})"


@settings(max_examples=150)
@given(hostile_patterns(), st.integers(min_value=20, max_value=30))
def test_every_pattern_is_refused_or_matches_in_bounded_time(pattern, length):
    try:
        compiled = compile_linear(pattern + "b")
    except PatternError:
        return
    text = "a" * length + "c"  # exponential backtracking on such patterns shows at 25-30 characters
    started = time.perf_counter()
    for _ in range(20):
        compiled.search(text)
    assert time.perf_counter() - started < 0.5, pattern


@pytest.mark.parametrize("pattern", ["(a|a)*b", "(a|aa)+b", "a*a*a*a*a*a*a*a*b", "(a+)+b", "(.*a){12}b"])
def test_the_classic_blow_ups_run_in_linear_time(pattern):
    compiled = compile_linear(pattern)
    started = time.perf_counter()
    assert compiled.search("a" * 5000) is None
    assert time.perf_counter() - started < 0.5
