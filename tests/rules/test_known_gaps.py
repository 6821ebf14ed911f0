"""False findings of shipped rules found by the long hypothesis profile: each test states the
correct outcome. One not yet fixed is marked xfail (strict) with its cause, so a fix shows up as
XPASS and the mark must then come off; the fixed ones stay as regression tests."""

from tests.properties.documents import check

# 财政拨款收入支出决算总表 of a 决算 whose 政府性基金 fund had no income of the year (its spending
# came from the opening balance): the income row is blank, the 年初结转 row of the same name is not
FUND_WITHOUT_INCOME = """某局 2023年度部门决算
财政拨款收入支出决算总表
单位：万元
| 收入 | | 支出 | | | | |
| 项目 | 决算数 | 项目 | 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 | 国有资本经营预算财政拨款 |
| 一、一般公共预算财政拨款 | 1103.08 | 一、一般公共服务支出 | 956.30 | 956.30 | | |
| 二、政府性基金预算财政拨款 | | 二、社会保障和就业支出 | 109.60 | 109.60 | | |
| 三、国有资本经营预算财政拨款 | | 三、城乡社区支出 | 58.66 | | 58.66 | |
| | | 四、住房保障支出 | 43.88 | 43.88 | | |
| 本年收入合计 | 1103.08 | 本年支出合计 | 1168.44 | 1109.78 | 58.66 | |
| 年初财政拨款结转和结余 | 92.29 | 年末财政拨款结转和结余 | 26.93 | | 26.93 | |
| 一、一般公共预算财政拨款 | 6.70 | | | | | |
| 二、政府性基金预算财政拨款 | 85.59 | | | | | |
| 三、国有资本经营预算财政拨款 | | | | | | |
| 总计 | 1195.37 | 总计 | 1195.37 | 1109.78 | 85.59 | |
"""


def test_a_blank_income_row_is_not_read_from_the_opening_balance_rows():
    assert "FA-039" not in {finding.rule for finding in check(FUND_WITHOUT_INCOME).findings}
