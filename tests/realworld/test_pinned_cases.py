"""Cases issue 21 names, pinned: phrasings real documents use and a long-profile failure.

Each builds a small document and asserts what a rule must (or must not) report, so a change in
the phrasing vocabulary or the narrative reader that loses one of them fails here.
"""

import random

from engine.testing.synth import generate_budget, render
from tests.properties.documents import check
from tests.properties.test_documents import flagged

HEAD = "某区某局 2024年部门预算\n"
THREE_PUBLIC = """“三公”经费支出表
单位：万元
| 2023年预算数 | | 2024年预算数 | |
| 合计 | 公务接待费 | 合计 | 公务接待费 |
| 6.00 | 6.00 | 3.90 | 3.90 |
"""


def failing(text: str) -> set[str]:
    return {finding.rule for finding in check(text).findings if finding.status == "fail"}


def test_a_three_public_figure_written_with_wei_is_still_checked():
    """'“三公”经费预算为 25 万元' raises the N03 and Y03 errors '预算 25 万元' raises."""
    plain = failing(HEAD + "2024 年“三公”经费预算 25 万元，比 2022 年增加 1 万元。\n" + THREE_PUBLIC)
    with_wei = failing(HEAD + "2024 年“三公”经费预算为 25 万元，比 2022 年增加 1 万元。\n" + THREE_PUBLIC)
    assert {"BUD-N03", "BUD-Y03"} <= plain
    assert {"BUD-N03", "BUD-Y03"} <= with_wei


def test_operating_cost_phrasings_state_the_amount():
    for sentence in ("2024年一般公共预算财政拨款机关运行经费 20.00 万元。",
                     "2024年机关运行经费预算为 20 万元。",
                     "2026 年机关运行经费财政拨款预算 79.57 万元。",
                     "本部门2024年度机关运行经费共计 20 万元。"):
        assert "BUD-J01" not in failing(HEAD + "（一）机关运行经费\n" + sentence + "\n"), sentence


def test_funding_words_do_not_turn_a_share_into_the_total():
    """'财政拨款支出预算' is a share of 支出预算: no N08-2 comparing it with the table total."""
    text = HEAD + """（二）支出预算 40 万元，其中：财政拨款支出预算 30 万元。
部门收支总表
单位：万元
| 项目 | 预算数 | 项目 | 预算数 |
| 一般公共预算资金 | 30.00 | 卫生健康支出 | 40.00 |
| 事业收入 | 10.00 | | |
| 收入总计 | 40.00 | 支出总计 | 40.00 |
"""
    assert "BUD-N08-2" not in failing(text)


def test_flipped_total_expenditure_change_of_seed_2915577355_is_flagged():
    """The long profile's failure: '支出比2022年增加0.3万元' in a sentence of its own after the
    paragraph that gives the total; flipped to 减少, BUD-Y06 reports it on its line."""
    seed = 2915577355
    budget = generate_budget(random.Random(seed), 4)
    rendered = render(budget, "A", seed, True)
    word = next(word for word in rendered.words if word.role == "yoy-word" and
                rendered.text.split("\n")[word.line - 1].startswith("支出比"))
    assert not flagged(check(rendered.text), word.line)
    flipped = rendered.replace(word.line, word.column, word.text, {"增加": "减少", "减少": "增加"}[word.text])
    assert flagged(check(flipped), word.line)


def test_vehicles_of_every_category_add_up():
    text = HEAD + "截至 2023 年 12 月 31 日，本部门共有车辆 5 辆，其中，一般公务用车 0 辆、执法执勤用车 0 辆、特种专业技术用车 5 辆、其他用车 0 辆。\n"
    assert "BUD-R01" not in failing(text)
    assert "BUD-R01" in failing(text.replace("共有车辆 5 辆", "共有车辆 6 辆"))


INCOME = ("（一）收入预算：2026年年初预算数45,369.18万元，其中：一般公共预算拨款37,891.58万元，政府性基金预算拨款"
          "4,066.60万元，事业收入资金2,898.00万元，其他收入资金513.00万元；收入比2025年增加2,734.52万元，主要是一般"
          "公共预算拨款增加800.94万元，政府性基金预算拨款增加1,066.60万元，事业收入资金增加353.98万元，其他收入资金增加"
          "513.00万元。\n")


def test_a_stated_income_change_is_checked_against_its_listed_sources():
    """重庆's template lists the change of every source after the income change: they add up."""
    head = "某单位 2026年部门预算\n"
    assert "BUD-Y07-2" not in failing(head + INCOME)
    assert "BUD-Y07-2" in failing(head + INCOME.replace("其他收入资金增加513.00", "其他收入资金增加531.00"))


def test_a_list_of_main_reasons_only_is_not_added_up():
    """'主要是 A 增加…' naming fewer sources than the income lists (重庆 规划和自然资源局) is no defect."""
    text = "某单位 2026年部门预算\n" + INCOME.replace("政府性基金预算拨款增加1,066.60万元，", "")
    assert "BUD-Y07-2" not in failing(text)


SUBORDINATE = """重庆市某区某局 2024年部门预算
部门收支总表
编制单位：205-重庆市某区某局
单位：万元
| 收入项目 | 预算数 | 支出项目 | 预算数 |
| 收入总计 | 10.00 | 支出总计 | 10.00 |
2024年项目支出绩效目标表
编制单位：205001-重庆市某区某服务中心
单位：万元
| 项目名称 | 50010924T000004206760-某经费 | 业务主管部门 | 重庆市某区某局 |
| 当年预算（万元） | 10.00 | 本级安排（万元） | 10.00 |
"""


def test_a_subordinate_units_table_is_part_of_the_department():
    """编制单位 205001-… under a department printed as 205-…: a unit of the department (issue 21 item 3)."""
    assert "BUD-M02-1" not in failing(SUBORDINATE)
    assert "BUD-M02-1" in failing(SUBORDINATE.replace("205001-重庆市某区某服务中心", "306001-重庆市某区某服务中心"))


def test_a_project_code_in_a_table_header_is_cited_at_its_line():
    text = ("重庆市沙坪坝区某局 2024年部门预算\n2024年项目支出绩效目标表\n单位：万元\n"
            "| 项目名称 | 50010724T000000412624-某经费 | 业务主管部门 | 某局 |\n"
            "| 当年预算（万元） | 10.00 | 本级安排（万元） | 10.00 |\n")
    (finding,) = [finding for finding in check(text).findings
                  if finding.rule == "BUD-F04-4" and finding.status == "fail"]
    lines = {citation.line for citation in finding.citations}
    assert 4 in lines, lines
