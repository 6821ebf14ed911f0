"""stated(name, s): the first figure named so after the statement s, in s's paragraph."""

from engine.facts.tables import extract_facts
from engine.model import Source
from engine.parse import parse_document
from engine.vocabulary import default_vocabulary
from tests.evaluate.test_evaluate import run

HEAD = "某区某局 2024年部门预算\n"
RULE = ('  for each statement s where contains(s.label, "一般公共预算拨款政府采购")\n'
        '  assert s == first(stated("政府采购货物预算", s), 0) + first(stated("政府采购服务预算", s), 0)')


def facts_of(text: str):
    vocabulary = default_vocabulary()
    return extract_facts(parse_document(Source("doc.txt", HEAD + text), vocabulary), vocabulary)


def test_the_parts_after_the_statement_are_read_not_the_earlier_ones_of_the_same_name():
    text = ("政府采购预算总额 9 万元：政府采购货物预算 7 万元、政府采购服务预算 2 万元；"
            "其中一般公共预算拨款政府采购 5 万元：政府采购货物预算 3 万元、政府采购服务预算 2 万元。\n")
    result = run(RULE, facts_of(text))
    assert result.statuses[0].status == "pass"
    wrong = run(RULE, facts_of(text.replace("政府采购货物预算 3 万元", "政府采购货物预算 4 万元")))
    (finding,) = wrong.findings
    assert finding.message.split(" / ")[:2] == ["5", "6"]


def test_a_part_in_a_later_paragraph_is_not_the_statements_own():
    text = "其中一般公共预算拨款政府采购 5 万元。\n政府采购货物预算 5 万元。\n"
    result = run(RULE, facts_of(text))
    (finding,) = result.findings  # no part after it in its paragraph: both count as zero
    assert finding.message.split(" / ")[:2] == ["5", "0"]


def test_stated_after_something_that_is_not_a_statement_is_an_error_of_the_rule():
    result = run('  assert 1 == stated("政府采购货物预算", 2)', facts_of("政府采购货物预算 1 万元。\n"))
    assert result.statuses[0].status == "error"
    assert "needs a statement" in result.findings[0].message
