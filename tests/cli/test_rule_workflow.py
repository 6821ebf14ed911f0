"""Policy writers' commands through the CLI: test, check-rules, rule, explain."""

import json

from click.testing import CliRunner

from engine.cli.commands import main
from tests.cli.documents import UNBALANCED, WARNING_RULE, write


def invoke(*arguments):
    return CliRunner().invoke(main, list(arguments))


def test_rule_test_runs_examples_and_reports_expected_versus_got(tmp_path):
    rules = write(tmp_path, "mine.rule", WARNING_RULE)  # its "fail" example is balanced: it must fail
    result = invoke("test", str(rules))
    assert result.exit_code == 1, result.output
    assert ".F" in result.output
    assert "TST-W01-fail-L" in result.output
    assert "expected: fail" in result.output and "got:      pass" in result.output
    assert "1 passed, 1 failed" in result.output


def test_rule_test_keyword_selects_examples(tmp_path):
    rules = write(tmp_path, "mine.rule", WARNING_RULE)
    result = invoke("test", str(rules), "-k", "TST-W01 and pass")
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output
    result = invoke("test", str(rules), "-k", "not fail or nothing")
    assert "1 passed, 0 failed" in result.output
    assert invoke("test", "-k", "(BUD-A01", str(rules)).exit_code == 2


def test_shipped_balance_rule_examples_pass():
    result = invoke("test", "-k", "BUD-A01")
    assert result.exit_code == 0, result.output
    assert "2 passed, 0 failed" in result.output


def test_coverage_lists_rules_without_both_examples(tmp_path):
    only_pass = WARNING_RULE.replace("example fail", "example na")
    rules = write(tmp_path, "mine.rule", only_pass)
    result = invoke("test", "--coverage", str(rules))
    assert result.exit_code == 1
    assert "TST-W01 has no fail example" in result.output
    assert "0 of 1 rule(s)" in result.output


def test_check_rules_reports_every_problem_with_caret_and_exits_two(tmp_path):
    bad = write(tmp_path, "bad.rule", WARNING_RULE.replace("收入总计 ===", "收入总记 ===").replace("\nend", "\nend\n" + WARNING_RULE))
    result = invoke("check-rules", str(bad))
    assert result.exit_code == 2
    assert f"{bad.as_posix()}:8:12: error[unknown-name]: unknown name '收入总记'" in result.output
    assert "^^^^ did you mean '收入总计'?" in result.output
    assert "error[duplicate-rule]: rule TST-W01 is declared twice" in result.output
    assert "error(s) in" in result.output


def test_check_rules_clean():
    result = invoke("check-rules")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_rule_shows_title_citation_source_and_examples():
    result = invoke("rule", "BUD-A01")
    assert result.exit_code == 0, result.output
    for expected in ("BUD-A01 income-expenditure-imbalance", "severity     error", "《预算法》第十二条",
                     "assert   收入总计 === 支出总计", "example pass (line", "example fail (line", "rules/balances.rule:"):
        assert expected in result.output
    data = json.loads(invoke("rule", "BUD-A01", "--format", "json").output)
    assert data["rule"] == "BUD-A01" and {e["outcome"] for e in data["examples"]} == {"pass", "fail"}
    missing = invoke("rule", "BUD-A99")
    assert missing.exit_code == 2 and "no rule BUD-A99" in missing.output


def explain(tmp_path, code: str, text: str, *options: str):
    """`rulecheck explain CODE doc.txt`, the document written from text; it must succeed."""
    result = invoke("explain", code, str(write(tmp_path, "doc.txt", text)), *options)
    assert result.exit_code == 0, result.output
    return result


def test_explain_traces_operands_with_values_intervals_and_lines(tmp_path):
    result = explain(tmp_path, "BUD-A01", UNBALANCED)
    document = tmp_path / "doc.txt"
    assert "收入总计 === 支出总计" in result.output
    assert "10.00  interval [9.995, 10.005]" in result.output
    assert "9.99  interval [9.985, 9.995]" in result.output
    assert f"{document.as_posix()}:5: '10.00'" in result.output
    assert "verdict: fail" in result.output


def test_explain_shows_each_binding_and_not_applicable(tmp_path):
    result = explain(tmp_path, "BUD-A01", "某单位 2024年部门预算\n没有表格。\n")
    assert "not applicable" in result.output
    assert "verdict: not_applicable" in result.output


GROUPED_PROJECTS = """某区某局 2024年部门预算
项目支出明细表
单位：万元
| 项目名称 | 合计 | 年初特定目标 | | | 上级专项 | |
| | | 小计 | 人员性项目 | 一般性项目 | 小计 | 提前下达专项 |
| 安保人员专项 | 30.00 | 21.00 | 5.00 | 15.00 | 10.00 | 10.00 |
"""


def test_explain_names_each_column_group_and_shows_its_subtotal_and_items_not_the_group_as_a_figure(tmp_path):
    result = explain(tmp_path, "BUD-A16", GROUPED_PROJECTS)
    assert "g = 项目支出表[安保人员专项].年初特定目标" in result.output
    assert "g = 项目支出表[安保人员专项].上级专项" in result.output
    assert "= 21.00 == 20.00: FAILS" in result.output
    assert "\n      g\n" not in result.output  # the bound group is not read as one figure
    assert "verdict: fail, 1 finding(s)" in result.output


GROUP_RULE = """rule TST-G01 group-items
  title    "年初特定目标小计等于其明细"
  severity error
  cite     "test"
  message  "{r.label}"
  for each row r in 项目支出表 where exists(r.合计)
  assert   r."年初特定目标"."小计" == across(r."年初特定目标")
end
"""


def test_explain_shows_the_cells_a_function_adds_up_not_its_column_argument_as_one_figure(tmp_path):
    result = explain(tmp_path, "TST-G01", GROUPED_PROJECTS, "--rules", str(write(tmp_path, "group.rule", GROUP_RULE)))
    trace = result.output.splitlines()
    across_line = next(index for index, line in enumerate(trace) if line.strip() == 'across(r."年初特定目标")')
    shown = trace[across_line + 1:]
    assert shown[0].strip().startswith("= 20.00")  # 5.00 + 15.00: the items, not the 小计 beside them
    cited = [line for line in shown if line.strip().startswith("from ")]
    assert [line.rsplit("= ", 1)[1] for line in cited] == ["5.00", "15.00"]
    # the argument alone would read as its leftmost cell (21.00, the 小计): it is not shown as a figure
    assert not any(line.strip() == 'r."年初特定目标"' for line in trace)
    assert "verdict: fail" in result.output
