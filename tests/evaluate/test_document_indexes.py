"""The per-document indexes (`env.frame.cache.indexes`) that replaced scans per call and global
one-entry caches: `stated`, `stated_change` and where a line falls give the same answers as a scan
would, and two documents evaluated in turn each get their own."""

from engine.evaluate import evaluate_rule
from engine.facts.tables import extract_facts
from engine.language.runtime.environment import Env
from engine.language.runtime.line_index import section_at, sentence_at
from engine.model import Source
from engine.parse import parse_document
from engine.record import evolve
from engine.vocabulary import default_vocabulary
from tests.builders import change, compile_text, facts, rule_text, run, statement

VOCABULARY = default_vocabulary()


def env_of(fact_set) -> Env:
    return Env(fact_set, VOCABULARY, {})


def document_env(text: str) -> Env:
    source = Source("doc.txt", "某区某局 2024年部门预算\n" + text)
    return env_of(extract_facts(parse_document(source, VOCABULARY), VOCABULARY))


def passes(body: str, fact_set) -> bool:
    return run(body, fact_set).statuses[0].status == "pass"


def test_stated_is_the_first_statement_of_the_name_in_document_order():
    fact_set = facts(statements=[statement("三公经费", "3.00", line=9), statement("三公经费", "5.00", line=4)])
    assert passes('  assert stated("三公经费") == 3', fact_set)  # the order of the facts, not of the lines
    assert not passes('  assert stated("三公经费") == 5', fact_set)
    assert run('  assert stated("培训费") == 5', fact_set).statuses[0].status == "not_applicable"


def test_stated_change_with_a_line_is_the_first_at_or_after_it_ties_in_document_order():
    fact_set = facts(changes=[change("支出", 1, "1.00", line=10), change("支出", 1, "2.00", line=5),
                              change("支出", 1, "3.00", line=10), change("收入", 1, "4.00", line=7)])
    assert passes('  assert stated_change("支出") == 1', fact_set)  # no line: the first in document order
    assert passes('  assert stated_change("支出", 5) == 2', fact_set)
    assert passes('  assert stated_change("支出", 6) == 1', fact_set)  # line 10 twice: the first written
    assert not passes('  assert stated_change("支出", 6) == 3', fact_set)
    assert run('  assert stated_change("支出", 11) == 1', fact_set).statuses[0].status == "not_applicable"
    assert passes('  assert stated_change("收入", 1) == 4', fact_set)


def test_two_documents_read_in_turn_each_answer_from_their_own_index():
    first = document_env("一、部门职责\n本部门负责教育工作。\n二、收支预算\n收入预算 5 万元。\n")
    second = document_env("一、机构设置\n本部门下设三个科室。\n")
    last_line_of_first = first.facts.texts[-1][1]
    for _ in range(2):  # interleaved: a one-entry cache would answer one document from the other's index
        assert sentence_at(first, last_line_of_first, "收入") == "收入预算 5 万元。"
        assert section_at(first, last_line_of_first).endswith("收支预算")
        assert sentence_at(second, second.facts.texts[-1][1], "科室") == "本部门下设三个科室。"
        assert section_at(second, second.facts.texts[-1][1]).endswith("机构设置")
    assert "lines" in first.frame.cache.indexes and first.frame.cache.indexes is not second.frame.cache.indexes


def test_annex_exists_answers_from_the_annex_numbers_read_once():
    fact_set = evolve(facts(), annexes=(("1", 3), ("3-1", 9), ("12", 20)))
    for number, found in ((1, True), (2, False), (3, True), (12, True), (4, False)):
        assert passes(f"  assert annex_exists({number})", fact_set) is found
    env = env_of(fact_set)
    evaluate_rule(compile_text(rule_text("  assert annex_exists(3)")).rules[0], env)
    assert env.frame.cache.indexes["annex numbers"] == frozenset({1, 3, 12})
