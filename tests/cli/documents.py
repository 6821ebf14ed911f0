"""Small documents and rule files written into tmp_path for CLI tests."""

import textwrap

# a 基本支出表 whose columns add up: the table the `rulecheck new` rule checks
BASIC_SPENDING_TABLE = """基本支出预算表
单位：万元
| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |
| 合计 | | 20.00 | 7.50 | 12.50 |
| 301 | 工资福利支出 | 7.50 | 7.50 | |
| 302 | 商品和服务支出 | 12.50 | | 12.50 |
"""

BALANCED = """
某单位 2024年部门预算
部门收支总表
单位：万元
| 项目 | 预算数 | 项目 | 预算数 |
| 收入总计 | 10.00 | 支出总计 | 10.00 |
"""

UNBALANCED = """
某单位 2024年部门预算
部门收支总表
单位：万元
| 项目 | 预算数 | 项目 | 预算数 |
| 收入总计 | 10.00 | 支出总计 | 9.99 |
"""

WARNING_RULE = '''
rule TST-W01 income-expenditure-differ
  title    "收入总计与支出总计不相等（提示）"
  severity warning
  cite     "测试依据 第一条"
  why      "测试用规则。"
  message  "收入总计 {left} 万元，支出总计 {right} 万元"
  when     present(部门收支总表)
  assert   收入总计 === 支出总计
  example pass """
    某单位 2024年部门预算
    部门收支总表
    单位：万元
    | 项目 | 预算数 | 项目 | 预算数 |
    | 收入总计 | 10.00 | 支出总计 | 10.00 |
    """
  example fail """
    某单位 2024年部门预算
    部门收支总表
    单位：万元
    | 项目 | 预算数 | 项目 | 预算数 |
    | 收入总计 | 10.00 | 支出总计 | 10.00 |
    """
end
'''


def write(directory, name, text):
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def waivers_file(*entries: tuple) -> str:
    """A waivers file: one [[waiver]] per (rule, document, reason[, expires])."""
    blocks = []
    for rule, document, reason, *expires in entries:
        block = f'[[waiver]]\nrule = "{rule}"\ndocument = "{document}"\nreason = "{reason}"\n'
        blocks.append(block + "".join(f"expires = {date}\n" for date in expires))
    return "\n".join(blocks)
