"""Expressions that read no rule variable are computed once per document and period."""

from engine.evaluate import evaluate, evaluate_rule
from engine.language.runtime.environment import Env
from engine.language.syntax.nodes import free_names
from engine.language.syntax.parser import parse_expression
from engine.vocabulary import default_vocabulary
from tests.builders import HEAD, compile_text, facts, table


def two_year_table(current, prior):
    return table("基本支出表", [("2024年", "合计"), ("2023年", "合计")],
                 [("", "合计", [current, prior]), ("301", "工资福利支出", [current, prior])])


def test_free_names_leave_out_what_an_aggregate_binds():
    expression = parse_expression("sum(r.合计 for r in 基本支出表[*] where r.合计 > a) + b[c]")
    assert free_names(expression) == {"基本支出表", "a", "b", "c"}
    assert free_names(parse_expression("1 + 2")) == frozenset()


def test_the_same_closed_expression_in_two_rules_is_computed_once():
    rule_set = compile_text(
        f"rule T-1 a-b\n{HEAD}  assert 基本支出表[合计] >= 0\nend\n"
        f"rule T-2 a-c\n{HEAD}  assert 基本支出表[合计] == 基本支出表[301]\nend\n"
        f"rule T-3 a-d\n{HEAD}  for each row r in 基本支出表\n  assert r.合计 >= 0\nend\n")
    env = Env(facts(two_year_table("5.00", "4.00")), default_vocabulary(), rule_set.defines)
    for rule in rule_set.rules:
        evaluate_rule(rule, env)
    sources = [source for (_, source), _ in env.frame.cache.closed]
    assert sources.count("基本支出表[合计]") == 1
    assert "基本支出表[301]" in sources
    assert not any("r." in source for source in sources)  # depends on the binding: never memoised


def test_a_memoised_definition_is_read_again_for_another_period():
    rule_set = compile_text(f"define d = 基本支出表[合计].合计 + 0\nrule T-1 a-b\n{HEAD}  assert d == d@上年\nend\n")
    changed = evaluate(rule_set, facts(two_year_table("5.00", "4.00")), default_vocabulary())
    assert [finding.status for finding in changed.findings] == ["fail"]
    same = evaluate(rule_set, facts(two_year_table("5.00", "5.00")), default_vocabulary())
    assert same.findings == () and same.statuses[0].status == "pass"


def test_the_memo_does_not_outlive_the_document():
    rule_set = compile_text(f"rule T-1 a-b\n{HEAD}  assert 基本支出表[合计].合计 == 5\nend\n")
    vocabulary = default_vocabulary()
    assert evaluate(rule_set, facts(two_year_table("5.00", "1.00")), vocabulary).statuses[0].status == "pass"
    assert evaluate(rule_set, facts(two_year_table("6.00", "1.00")), vocabulary).statuses[0].status == "fail"


def test_a_figure_is_read_once_per_selection_and_period():
    body = "  for each row r in 基本支出表\n  assert r.合计 >= 0\nend\n"
    rule_set = compile_text(f"rule T-1 a-b\n{HEAD}{body}rule T-2 a-c\n{HEAD}{body.replace('>= 0', '< 100')}")
    env = Env(facts(two_year_table("5.00", "4.00")), default_vocabulary(), rule_set.defines)
    for rule in rule_set.rules:
        findings, status = evaluate_rule(rule, env)
        assert status.status == "pass" and findings == []
    assert len(env.frame.cache.scalars) == 2  # one figure per row, shared by both rules
