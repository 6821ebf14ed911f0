"""across(r): a row's item columns added up, total, subtotal and of-which columns left out."""

from engine.language.compile.compiler import compile_rules
from engine.language.syntax.parser import parse_rule_text
from engine.vocabulary import default_vocabulary
from tests.builders import facts, run, table

RULE = "  for each row r in 项目支出表 where exists(r.合计)\n  assert r.合计 == across(r)"

# two header levels as in a Chongqing 项目支出明细表: each funding group with its own 小计
GROUPED = [("合计",), ("年初特定目标", "小计"), ("年初特定目标", "人员性项目"), ("年初特定目标", "一般性项目"),
           ("上级专项", "小计"), ("上级专项", "市级专项")]


def test_the_items_of_every_group_add_up_to_the_total_without_the_subtotals():
    fact_set = facts(table("项目支出表", GROUPED, [("", "合计", ["319.00", "309.00", "13.00", "296.00", "10.00", "10.00"]),
                                                 ("", "安保专项", ["13", "13", "13", "", "", ""]),
                                                 ("", "疑难案件专项", ["10", "", "", "", "10", "10"])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"


def test_a_changed_item_is_a_finding_on_its_row_citing_the_total_and_each_item():
    fact_set = facts(table("项目支出表", GROUPED, [("", "安保专项", ["13", "13", "15", "", "", ""])]))
    (finding,) = run(RULE, fact_set).findings
    assert (finding.status, finding.message.split(" / ")[:3]) == ("fail", ["13", "15", "-2"])
    # the blank items (一般性项目, 市级专项) add as zero and are cited as blank, as in any sum
    assert sorted((citation.line, citation.value or "") for citation in finding.citations) == [
        (4, ""), (4, ""), (4, "13"), (4, "15")]


def test_of_which_columns_and_other_years_are_not_items():
    headers = [("2024年预算数", "合计"), ("2024年预算数", "一般公共预算拨款"), ("2024年预算数", "其中：货物"),
               ("2023年预算数", "合计"), ("2023年预算数", "一般公共预算拨款")]
    fact_set = facts(table("项目支出表", headers, [("", "采购", ["7.08", "7.08", "5.08", "3.00", "1.00"])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"


def test_a_row_with_only_a_total_column_is_not_applicable():
    fact_set = facts(table("项目支出表", [("合计",)], [("", "安保专项", ["13"])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "not_applicable"
    assert "no item column" in result.statuses[0].reason


def test_across_of_something_other_than_rows_is_refused_at_load():
    parsed, _ = parse_rule_text('rule T-1 test-rule\n  title "t"\n  severity error\n  cite "c"\n  message "m"\n'
                                '  assert 1 == across(2)\nend\n', "t.rule")
    (diagnostic,) = compile_rules([parsed], default_vocabulary()).diagnostics
    assert diagnostic.code == "type" and "across() needs table rows" in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column) == (6, 22)  # at the argument


def test_a_header_group_chosen_as_a_column_adds_its_own_items_against_its_subtotal():
    rule = ('  for each row r in 项目支出表 where exists(r."年初特定目标"."小计")\n'
            '  assert r."年初特定目标"."小计" == across(r."年初特定目标")')
    consistent = facts(table("项目支出表", GROUPED, [("", "安保专项", ["23", "13", "6", "7", "10", "10"])]))
    assert run(rule, consistent).statuses[0].status == "pass"
    changed = facts(table("项目支出表", GROUPED, [("", "安保专项", ["23", "13", "6", "8", "10", "10"])]))
    (finding,) = run(rule, changed).findings
    assert finding.message.split(" / ")[:2] == ["13", "14"]
