"""`rulecheck new RULE-ID NAME`: a rule of one's own, started in the right shape.

A first rule goes wrong on form more than on substance: the ID's and name's spelling, the
fields a rule needs, and above all what an `example` document looks like (a title line with the
year, a table title, `单位：万元`, then `|` rows). The scaffold writes a complete rule that compiles
and whose two examples pass as written, with a comment on each field, so `rulecheck test` works
before anything is edited and every later step changes one working rule into another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from engine.cli.rule_ids import RULE_ID, RULE_NAME, canonical

TEMPLATE = '''\
# A rule of your own, written by `rulecheck new`. Check it with `rulecheck test FILE`; the
# tutorial (docs/tutorial.md) changes this very rule into a real one, step by step.
# ID: upper-case letters and digits in hyphen-separated parts (MY-001); it never changes meaning.
# Name: lower-case words joined by hyphens that name the problem found (public-funds-not-sum).

rule {code} {name}
  title    "基本支出合计不等于人员经费与公用经费之和"   # one line: what is wrong
  severity warning                                   # error | warning | info
  cite     "TODO 法规依据，如《预算法》第十四条"       # the legal basis, shown with every finding
  why      "基本支出＝人员经费＋公用经费。"             # optional: why it matters
  message  "基本支出合计 {{left}} 万元，人员经费与公用经费之和 {{right}} 万元"
  when     present(基本支出表)                       # otherwise: not applicable to the document
  assert   基本支出表.合计 == 基本支出表.人员经费 + 基本支出表.公用经费
  # An example is a small document: a title line with the year, a table title (as the
  # vocabulary knows it), a unit line, then the table's rows between | bars. A total row
  # puts its label in the first cell and leaves the name cell empty: | 合计 | | …
  example pass """
    某区某局 2024年部门预算
    基本支出预算表
    单位：万元
    | 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |
    | 合计 | | 701.25 | 607.41 | 93.84 |
    """
  example fail """
    某区某局 2024年部门预算
    基本支出预算表
    单位：万元
    | 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |
    | 合计 | | 711.25 | 607.41 | 93.84 |
    """
end
'''


def rule_text(code: str, name: str) -> str:
    return TEMPLATE.format(code=code, name=name)


def id_problem(code: str) -> Optional[str]:
    """Why `code` cannot be a rule ID, with the spelling to use; None when it can."""
    if RULE_ID.fullmatch(code):
        return None
    fixed = canonical(code)
    if RULE_ID.fullmatch(fixed):
        return f"rule IDs are upper-case ASCII: write {fixed}"
    return (f"'{code}' is not a rule ID: upper-case letters and digits in parts joined by '-', "
            "at least two parts (MY-001, TAX-A01)")


def name_problem(name: str) -> Optional[str]:
    """Why `name` cannot be a rule name, with a spelling to use; None when it can."""
    if RULE_NAME.fullmatch(name):
        return None
    guess = "-".join(part for part in "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in name).split())
    better = f" (e.g. {guess})" if RULE_NAME.fullmatch(guess) else ""
    return (f"'{name}' is not a rule name: lower-case ASCII words joined by '-', at least two words, "
            f"naming the problem found{better}")


def add_rule(path: Path, code: str, name: str) -> str:
    """Write the new rule to `path` (created with its folder, or appended to); what was done."""
    text = rule_text(code, name)
    if path.exists():
        existing = path.read_text(encoding="utf-8")
        path.write_text(existing.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return f"added {code} to {path.as_posix()}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"wrote {code} to {path.as_posix()}"
