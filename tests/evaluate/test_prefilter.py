"""Where-clause pushdown: the same bindings with and without it, and pushed only where safe."""

from pathlib import Path

import attrs
import pytest

from engine.evaluate import rule_bindings
from engine.facts.tables import extract_facts
from engine.language.rulebook import load_rulebook
from engine.language.runtime.environment import Env
from engine.parse import parse_document
from engine.read import read_source
from engine.vocabulary import default_vocabulary
from tests.builders import compile_text, facts, rule_text, statement, table

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

ROWS = [
    ("", "合计", ["9.00"]),
    ("301", "工资福利支出", ["5.00"]),
    ("", "", ["5.00"]),
    ("", "", ["5.00"]),
    ("30101", "基本工资", ["3.00"]),
    ("302", "商品和服务支出", ["4.00"]),
    ("", "其他", [""]),
]


def compile_one(quantifiers: str):
    return compile_text(rule_text(f"{quantifiers}\n  assert 1 == 1")).rules[0]


def without_prefilters(rule):
    return attrs.evolve(rule, quantifiers=tuple(attrs.evolve(q, prefilters=()) for q in rule.quantifiers))


def bindings(rule, fact_set) -> list[tuple]:
    base = Env(fact_set, default_vocabulary(), {})
    return [tuple(sorted((name, repr(value)) for name, value in env.bindings.items())) for env in rule_bindings(rule, base)]


STATEMENTS = (statement("基本支出", "5.00", line=3), statement("基本支出", "4.00", line=5, year=2023),
              statement("项目支出", "1.00", line=7, year=None), statement("项目支出", "2.00", line=9))
BASIC = facts(table("基本支出表", [("合计",)], ROWS), statements=STATEMENTS)

PUSHED = [
    ('for each row r in 基本支出表 where r.label == ""', 2),
    ('for each row r in 基本支出表 where "" == r.label', 2),
    ('for each row r in 基本支出表 where exists(r.code) and startswith(r.code, "30")', 3),
    ('for each row r in 基本支出表 where contains(r.label, "支出") and r > 1', 2),
    ('for each row r in 基本支出表 where matches(r.label, "^工资")', 1),
    ('for each row r in 基本支出表 where r.label == ""\n  for each row u in 基本支出表 where u.line == r.line + 1 and u.label == ""', 1),
    ('for each row r in 基本支出表 where exists(r.code)\n  for each row u in 基本支出表 where u.label == r.label and u.line > r.line', 0),
    ('for each row r in 基本支出表 where r.label == "合计"\n  for each row u in 基本支出表 where u.line == r.code', 0),
    ('for each row r in 基本支出表 where exists(r.code) and length(r.code) == 3', 2),
    ('for each row r in 基本支出表 where 5 == length(r.code) and r > 1', 1),
    ('for each row r in 基本支出表 where length(r.label) == 0', 2),
    ('for each statement s where s.period == budget_year()', 2),
    ('for each statement s where s.period == budget_year() - 1 and s.label == "基本支出"', 1),
    ('for each statement s where exists(s.period) and contains(s.label, "项目")', 1),
    ('for each statement s where s.concept == "基本支出" and s.period == budget_year()', 1),
    ('for each row r in 基本支出表 where matches(r.text, "支出$")', 2),
]


@pytest.mark.parametrize("quantifiers, expected", PUSHED)
def test_pushed_down_tests_keep_exactly_the_bindings_of_the_where(quantifiers, expected):
    rule = compile_one(quantifiers)
    assert any(q.prefilters for q in rule.quantifiers)
    found = bindings(rule, BASIC)
    assert found == bindings(without_prefilters(rule), BASIC)
    assert len(found) == expected


@pytest.mark.parametrize("where, left", [
    ('exists(r.code) and startswith(r.code, "30")', None),
    ('exists(r.code) and length(r.code) == 3 and r > 1', "r > 1"),
    ('contains(r.label, "支出") and r > 1 and matches(r.label, "^工")', "r > 1"),
    ('r.label == "" and exists(r.code)', None),  # a text literal decides a text property
    ('r.line == 7 and exists(r.code)', "r.line == 7"),  # an equality of figures may leave the decision to the where
])
def test_what_the_pushdown_decides_is_not_evaluated_again(where, left):
    rule = compile_one(f"for each row r in 基本支出表 where {where}")
    (quantifier,) = rule.quantifiers
    assert quantifier.prefilters
    if left is None:
        assert quantifier.residual is None
    else:
        probe = compile_one(f"for each row r in 基本支出表 where {left}").quantifiers[0]
        assert quantifier.residual is not None and quantifier.residual is not quantifier.where
        assert bindings(rule, BASIC) == bindings(without_prefilters(rule), BASIC)
        residual_only = attrs.evolve(quantifier, prefilters=(), where=quantifier.residual)
        assert bindings(attrs.evolve(rule, quantifiers=(residual_only,)), BASIC) == \
            bindings(attrs.evolve(rule, quantifiers=(probe,)), BASIC)


NOT_PUSHED = [
    'for each row r in 基本支出表 where r.label == "" or exists(r.code)',  # a disjunction decides nothing alone
    'for each row r in 基本支出表 where r.label == r.code',                # both sides depend on r
    'for each row r in 基本支出表 where not (r.label == "")',
    'for each row r in 基本支出表 where contains(r.label, r.code)',        # not a literal
    'for each row r in 基本支出表 where r.合计 == 5',                       # a column, not a property
    'for each row r in 基本支出表 where exists(r.合计)',                     # a column's figure, not its text
]


@pytest.mark.parametrize("quantifiers", NOT_PUSHED)
def test_other_conditions_are_left_to_the_where(quantifiers):
    rule = compile_one(quantifiers)
    assert all(q.prefilters == () for q in rule.quantifiers)


def test_shipped_rules_bind_the_same_rows_with_and_without_pushdown():
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    pushed = [rule for rule in rulebook.rule_set.rules if any(q.prefilters for q in rule.quantifiers)]
    assert len(pushed) >= 10
    documents = sorted(CORPUS.glob("*.txt"))
    assert documents
    kept = 0
    for path in documents:
        fact_set = extract_facts(parse_document(read_source(path, path.name), vocabulary), vocabulary)
        for rule in pushed:
            found = bindings(rule, fact_set)
            assert found == bindings(without_prefilters(rule), fact_set), (path.name, rule.info.code)
            kept += len(found)
    assert kept > 0


INDICATORS = """某区某局 2024年部门预算
一、部门收支总体情况
2024年收入预算 40.00 万元。
二、项目绩效目标
2024年区级预算绩效目标申报表
单位：万元
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标性质 | 度量单位 | 权重 |
| | 产出指标 | 数量指标 | 宣传册 | 4000 | = | 册 | 30 |
| | 成本指标 | 经济成本指标 | 宣传费 | 15.5 | = | 万元 | 30 |
| | 成本指标 | 经济成本指标 | 场地租金 | 24.5 | ≥ | 万元/年 | 20 |
| | 效益指标 | 社会效益指标 | 满意度 | 95 | ≥ | % | 20 |
| 资金总额（万元） | 40 | | | | | | |
"""


@pytest.mark.parametrize("quantifiers, expected", [
    ('for each row r in 项目绩效目标表 where r.指标性质 == "="', 2),
    ('for each row r in 项目绩效目标表 where "%" == r.计量单位', 1),
    ('for each row r in 项目绩效目标表 where contains(r.一级指标, "成本") and r.指标值 > 20', 1),
    ('for each row r in 项目绩效目标表 where matches(r.计量单位, "^万元") and startswith(r.二级指标, "经济")', 2),
    ('for each row r in 项目绩效目标表 where length(r.指标性质) == 1', 4),
    ('for each row r in 项目绩效目标表 where r.权重 == "30"', 2),  # a figure read as text, as the where reads it
    ('for each statement s where contains(s.section, "收支总体")', 1),
    ('for each statement s where s.section == "二、项目绩效目标"', 0),
    ('for each statement s where contains(s.paragraph, "收入") and contains(s.sentence, "40")', 1),
])
def test_columns_of_a_row_and_the_text_around_a_statement_are_pushed_down_exactly(quantifiers, expected):
    from engine.model import Source
    vocabulary = default_vocabulary()
    fact_set = extract_facts(parse_document(Source("indicators.txt", INDICATORS), vocabulary), vocabulary)
    rule = compile_one(quantifiers)
    assert all(q.prefilters for q in rule.quantifiers)
    assert all(q.residual is None or q.residual is not q.where for q in rule.quantifiers)
    found = bindings(rule, fact_set)
    assert found == bindings(without_prefilters(rule), fact_set)
    assert len(found) == expected


def _indicator_facts():
    from engine.model import Source
    vocabulary = default_vocabulary()
    return extract_facts(parse_document(Source("indicators.txt", INDICATORS), vocabulary), vocabulary)


def _aggregate_rule(assertion: str):
    return compile_text(rule_text(f"  for each table t in 项目绩效目标表\n  assert {assertion}")).rules[0]


@pytest.mark.parametrize("where, safe", [
    ('r.指标性质 == "="', True),
    ('contains(r.一级指标, "成本") and not (r.label == "" or startswith(r.计量单位, "万"))', True),
    ('exists(r.code) and r.concept != "合计"', True),
    ('r.指标值 / 0 > 1 and r.指标性质 == "="', False),   # an error for a row the test would drop
    ('r.指标性质 == budget_year()', False),             # not a literal
    ('exists(r.指标值)', False),                         # a figure, which a raw reader cannot read
])
def test_only_a_where_that_cannot_fail_is_pushed_into_an_aggregate(where, safe):
    from engine.language.compile.prefilter import cannot_fail
    from engine.language.syntax.parser import parse_expression
    assert cannot_fail(parse_expression(where), "r") is safe


@pytest.mark.parametrize("assertion, status", [
    ('sum(r.指标值 for r in t[*] where r.指标性质 == "=" and (r.计量单位 == "万元" or r.计量单位 == "万元/年")) == 15.5', "pass"),
    ('count(r for r in t[*] where contains(r.一级指标, "成本")) == 2', "pass"),
    ('count(r for r in t[*] where contains(r.一级指标, "成本")) == 3', "fail"),
    ('any(r.计量单位 == "%" for r in t[*] where startswith(r.二级指标, "社会"))', "pass"),
    # the pushed-down test would drop every row before the division fails: not pushed, so an error
    ('sum(r.指标值 for r in t[*] where r.指标值 / 0 > 1 and r.指标性质 == "无") == 0', "error"),
])
def test_an_aggregate_reads_the_same_rows_with_and_without_pushdown(assertion, status):
    from engine.evaluate import evaluate_rule
    fact_set = _indicator_facts()
    rule = _aggregate_rule(assertion)
    findings, outcome = evaluate_rule(rule, Env(fact_set, default_vocabulary(), {}))
    assert outcome.status == status, (outcome, findings)


def test_a_join_on_a_value_known_before_the_loop_is_answered_through_one_index_per_document():
    """`u.line == r.line + 1` inside `for each row r` looks u up instead of scanning the table once
    per r (quadratic in the table): one index of the table's rows by line, built once."""
    rows = [(f"30{index:03d}", f"科目{index}", ["1.00"]) for index in range(1, 301)]
    fact_set = facts(table("基本支出表", [("合计",)], rows))
    rule = compile_one("for each row r in 基本支出表\n  for each row u in 基本支出表 where u.line == r.line + 1")
    base = Env(fact_set, default_vocabulary(), {})
    pairs = [(env.bindings["r"], env.bindings["u"]) for env in rule_bindings(rule, base)]
    assert len(pairs) == 299  # every row but the last has a next one
    assert pairs == [(r, u) for env in rule_bindings(without_prefilters(rule), Env(fact_set, default_vocabulary(), {}))
                     for r, u in [(env.bindings["r"], env.bindings["u"])]]
    indexes = [key for key in base.frame.cache.indexes if key[0] == "equality"]
    assert len(indexes) == 1


def test_a_join_on_text_finds_the_rows_with_that_text_in_document_order():
    rows = [("", name, ["1.00"]) for name in ("甲", "乙", "甲", "丙", "甲")]
    fact_set = facts(table("基本支出表", [("合计",)], rows))
    rule = compile_one('for each row r in 基本支出表 where r.label == "乙"\n'
                       "  for each row u in 基本支出表 where u.label != r.label\n"
                       '  for each row v in 基本支出表 where v.label == u.label')
    found = bindings(rule, fact_set)
    assert found == bindings(without_prefilters(rule), fact_set)
    assert len(found) == 3 * 3 + 1  # three 甲 pair with three 甲, one 丙 with itself
