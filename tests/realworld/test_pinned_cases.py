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
