"""The grammar: valid rules parse to nodes with positions; invalid ones give positioned diagnostics."""

import pytest

from engine.language.syntax import nodes
from engine.language.syntax.parser import SyntaxIssue, parse_expression, parse_rule_text

RULE = '''# a comment
define 车 = 三公经费表.公务用车购置及运行费

rule BUD-T01 sample-rule
  title    "标题"
  severity warning
  cite     "《预算法》第十二条"
  message  "{left} vs {right}"
  in       基本支出表
  for each row r in 一般公共预算支出表 where count(children(r)) > 0
  assert   sum(301..303) == 合计
  example pass """
    | a | b |
    """
end
'''


def test_rule_fields_and_positions():
    parsed, diagnostics = parse_rule_text(RULE, "x.rule")
    assert diagnostics == ()
    (define,) = parsed.defines
    assert define.name == "车" and define.span.line == 2
    (rule,) = parsed.rules
    assert (rule.code, rule.name, rule.severity, rule.title) == ("BUD-T01", "sample-rule", "warning", "标题")
    assert rule.context.name == "基本支出表"
    assert rule.quantifiers[0].kind == "row" and rule.quantifiers[0].variable == "r"
    assert isinstance(rule.assertion, nodes.Compare) and rule.assertion.operator == "=="
    assert rule.assertion.span.line == 11
    assert isinstance(rule.assertion.left, nodes.Call) and rule.assertion.left.function == "sum"
    assert rule.examples[0].outcome == "pass" and rule.examples[0].text == "| a | b |\n"


def test_every_bad_block_is_reported_with_its_line():
    text = RULE + "\nrule BUD-T02 broken-rule\n  assert 1 + == 2\nend\n\nrule BUD-T03 other-rule\n  assert (1\nend\n"
    parsed, diagnostics = parse_rule_text(text, "x.rule")
    assert [rule.code for rule in parsed.rules] == ["BUD-T01"]
    assert [diagnostic.span.line for diagnostic in diagnostics] == [18, 23]
    assert diagnostics[0].span.column == 14
    assert "==" in diagnostics[0].message
    assert "expected" in diagnostics[0].hint


def test_bad_rule_id_names_what_was_expected():
    _, diagnostics = parse_rule_text("rule bud-1 x-y\nend\n", "x.rule")
    assert diagnostics and diagnostics[0].span.line == 1 and diagnostics[0].span.column == 6
    assert "rule ID" in diagnostics[0].hint


def test_unexpected_character():
    _, diagnostics = parse_rule_text("define x = 1 $ 2\n", "x.rule")
    assert diagnostics[0].span.column == 14 and "'$'" in diagnostics[0].message


def test_deep_nesting_is_refused_not_crashing():
    text = "define x = " + "(" * 10_000 + "1" + ")" * 10_000
    _, diagnostics = parse_rule_text(text, "x.rule")
    assert diagnostics[0].code == "too-deep"


@pytest.mark.parametrize("source", [
    "a + b * c",
    "(a + b) * c",
    "a - (b - c)",
    "-a.总计@上年",
    "not present(三公经费表) or x === 3.90",
    'T[301..303].人员经费 + T["卫生健康支出"] + T[*] + T[30217]',
    "sum(301..303) == 合计",
])
def test_print_then_parse_is_stable(source):
    tree = parse_expression(source)
    printed = nodes.to_source(tree)
    assert nodes.to_source(parse_expression(printed)) == printed


def test_parse_expression_raises_on_error():
    with pytest.raises(SyntaxIssue):
        parse_expression("a +")


def test_spans_run_from_the_first_token_to_the_last_brackets_included():
    """`define _ = ` is 11 characters, so the expression starts at column 12; end columns are
    exclusive. A bracketed operand widens the node around it, not itself."""
    product = parse_expression("(a + b) * c")
    assert (product.span.column, product.span.end_column) == (12, 23)
    assert (product.left.span.column, product.left.span.end_column) == (13, 18)
    total = parse_expression("-(x) + (表[301]).合计")
    assert (total.left.span.column, total.left.span.end_column) == (12, 16)
    assert (total.right.span.column, total.right.span.end_column) == (19, 30)
    assert (total.right.base.span.column, total.right.base.span.end_column) == (20, 26)
