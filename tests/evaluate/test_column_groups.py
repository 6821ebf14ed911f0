"""`for each group g in r` and subtotal(g): each header group with a total column of its own
checked against its items, the row's own total and nested groups kept apart."""

from tests.builders import compile_text, facts, rule_text, table
from tests.builders import run as run_rule

RULE = "  for each row r in 项目支出表\n  for each group g in r\n  assert subtotal(g) == across(g)"


def run(body, fact_set, message="{r.label}（{g.header}）"):
    """The rule with a message naming the row and the group (the shared default names neither)."""
    return run_rule(body, fact_set, message=message)

# two header levels as in a Chongqing 项目支出明细表: each funding group with its own 小计
GROUPED = [("合计",), ("年初特定目标", "小计"), ("年初特定目标", "人员性项目"), ("年初特定目标", "一般性项目"),
           ("上级专项", "小计"), ("上级专项", "市级专项")]


def test_every_group_of_every_row_is_checked_and_consistent_groups_pass():
    fact_set = facts(table("项目支出表", GROUPED, [("", "合计", ["319.00", "309.00", "13.00", "296.00", "10.00", "10.00"]),
                                                 ("", "安保专项", ["13", "13", "13", "", "", ""])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"


def test_a_wrong_subtotal_is_a_finding_naming_its_group_and_citing_subtotal_and_items():
    fact_set = facts(table("项目支出表", GROUPED, [("", "安保专项", ["23.00", "13.00", "6.00", "7.00", "11.00", "10.00"])]))
    (finding,) = run(RULE, fact_set).findings
    assert finding.status == "fail"
    assert finding.message.startswith("安保专项（上级专项）")
    assert sorted(citation.value for citation in finding.citations) == ["10.00", "11.00"]


def test_the_total_column_of_the_row_is_not_a_group_of_its_own():
    # 合计 disagrees with its items (BUD-A15's business), every group agrees: nothing to say here
    fact_set = facts(table("项目支出表", GROUPED, [("", "安保专项", ["99", "13", "6", "7", "10", "10"])]))
    assert run(RULE, fact_set).findings == ()


def test_a_nested_group_is_checked_apart_and_its_subtotal_is_not_an_item_of_the_outer_group():
    headers = [("2024年预算数", "合计"), ("2024年预算数", "因公出国（境）费"),
               ("2024年预算数", "公务用车购置及运行费", "小计"), ("2024年预算数", "公务用车购置及运行费", "公务用车购置费"),
               ("2024年预算数", "公务用车购置及运行费", "公务用车运行费"), ("2024年预算数", "公务接待费")]
    consistent = facts(table("项目支出表", headers, [("", "三公", ["3.90", "0.00", "3.50", "0.00", "3.50", "0.40"])]))
    result = run(RULE, consistent)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"
    wrong_car = facts(table("项目支出表", headers, [("", "三公", ["3.90", "0.00", "3.50", "0.10", "3.50", "0.40"])]))
    messages = sorted(finding.message for finding in run(RULE, wrong_car).findings)
    # the car group's 小计 misses 购置费, and the year's 合计 misses it too: two groups, two findings
    assert messages == ["三公（2024年预算数/公务用车购置及运行费）", "三公（2024年预算数）"]


def test_a_group_of_the_prior_year_is_read_in_the_prior_year():
    headers = [("2023年预算数", "合计"), ("2023年预算数", "出国"), ("2023年预算数", "接待"),
               ("2024年预算数", "合计"), ("2024年预算数", "出国"), ("2024年预算数", "接待")]
    fact_set = facts(table("项目支出表", headers, [("", "三公", ["5.00", "2.00", "2.00", "3.00", "1.00", "2.00"])]))
    (finding,) = run(RULE, fact_set).findings
    assert finding.message == "三公（2023年预算数）"


def test_a_row_without_groups_has_nothing_to_check():
    fact_set = facts(table("项目支出表", [("合计",), ("一般公共预算拨款",)], [("", "安保专项", ["13", "13"])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "not_applicable"


def test_subtotal_of_something_other_than_rows_is_refused_at_load():
    text = rule_text("  for each row r in 项目支出表\n  for each group g in r\n  assert 1 == subtotal(2)")
    (diagnostic,) = compile_text(text, clean=False).diagnostics
    assert diagnostic.code == "type" and "subtotal() needs table rows" in diagnostic.message


def test_the_groups_of_chosen_columns_are_only_those_under_them():
    body = "  for each row r in 项目支出表\n  for each group g in r.\"年初特定目标\"\n  assert subtotal(g) == across(g)"
    wrong_elsewhere = facts(table("项目支出表", GROUPED, [("", "安保专项", ["23.00", "13.00", "6.00", "7.00", "11.00", "10.00"])]))
    assert run(body, wrong_elsewhere).findings == ()
    wrong_here = facts(table("项目支出表", GROUPED, [("", "安保专项", ["23.00", "14.00", "6.00", "7.00", "10.00", "10.00"])]))
    (finding,) = run(body, wrong_here).findings
    assert finding.message == "安保专项（年初特定目标）"


def test_a_group_path_matches_header_text_exactly_from_the_top_not_by_substring_or_depth():
    # 上级专项 also appears one level down, inside 年初特定目标: it is not the top-level group 上级专项
    headers = [("合计",), ("年初特定目标", "小计"), ("年初特定目标", "上级专项"), ("年初特定目标", "一般性项目"),
               ("上级专项", "小计"), ("上级专项", "市级专项")]
    fact_set = facts(table("项目支出表", headers, [("", "安保专项", ["23.00", "13.00", "6.00", "7.00", "10.00", "10.00"])]))
    result = run(RULE, fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"


def test_groups_of_a_table_with_no_row_chosen_are_those_of_its_total_row():
    body = "  for each group g in 项目支出表\n  assert subtotal(g) == across(g)"
    fact_set = facts(table("项目支出表", GROUPED, [("", "合计", ["33.00", "24.00", "13.00", "10.00", "10.00", "10.00"]),
                                                 ("", "安保专项", ["13.00", "14.00", "13.00", "", "", ""])]))
    result = run(body, fact_set, message="{g.header}")
    # the 合计 row's 年初特定目标 小计 is 24 against 23; the project row (also wrong) is not visited
    assert [finding.status for finding in result.findings] == ["fail"]
    assert [citation.line for citation in result.findings[0].citations] == [4, 4, 4]  # the 合计 row, the first
