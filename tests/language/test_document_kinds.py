"""Rule packs by document kind (`applies when`, document_kind()), comparison words and percentages.

The 决算 pack and the 预算 pack share one language and one vocabulary; each applies only to its
kind of document, so a 决算 is never judged by budget rules (and the reverse)."""

from decimal import Decimal
from pathlib import Path

import pytest

from engine.evaluate import evaluate
from engine.facts.tables import extract_facts
from engine.language.rulebook import load_rulebook
from engine.language.runtime.values import Quantity, compare
from engine.parse import parse_document
from engine.read import read_source
from engine.vocabulary import default_vocabulary

VOCABULARY = default_vocabulary()

PACK = '''
applies when document_kind() == "决算"
rule TST-01 final-only-check
  title "t"
  severity error
  cite "c"
  message "{left}"
  assert 1 == 2
end
'''


def _facts(text: str, tmp_path: Path):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return extract_facts(parse_document(read_source(path, "doc.txt"), VOCABULARY), VOCABULARY)


@pytest.mark.parametrize("title, tables, kind", [
    ("某局2024年度部门决算", (), "决算"),
    ("某单位2024年度单位决算", (), "决算"),
    ("重庆市某办公室 2024年部门预算情况说明", (), "预算"),
    ("某局", ("某局收入支出决算总表",), "决算"),
    ("某局", ("一般公共预算财政拨款支出决算表",), "决算"),  # says 预算 too: the longest word decides
    ("某局", (), "预算"),  # nothing names a kind: the vocabulary's default
])
def test_document_kind_comes_from_the_title_then_the_table_titles(title, tables, kind):
    assert VOCABULARY.document_kind(title, tables) == kind


@pytest.mark.parametrize("text, sign", [
    ("决算数小于预算数的主要原因", -1), ("决算数大于预算数", 1), ("决算数与预算数持平", 0),
    ("决算数与预算数基本持平", 0), ("主要用于办公", None),
])
def test_comparison_words_are_vocabulary_data(text, sign):
    assert VOCABULARY.comparison_sign(text) == sign


def test_a_pack_applies_only_to_its_kind(tmp_path):
    rules = tmp_path / "pack.rule"
    rules.write_text(PACK, encoding="utf-8")
    book = load_rulebook([rules], VOCABULARY, include_shipped=False)
    assert book.ok
    final = evaluate(book.rule_set, _facts("某局2024年度部门决算\n\n正文。\n", tmp_path), VOCABULARY)
    budget = evaluate(book.rule_set, _facts("某局2024年部门预算\n\n正文。\n", tmp_path), VOCABULARY)
    assert [status.status for status in final.statuses] == ["fail"]
    assert [status.status for status in budget.statuses] == ["not_applicable"]


def test_no_budget_rule_fires_on_a_final_account(tmp_path):
    book = load_rulebook([], VOCABULARY)
    text = "某局2024年度部门决算\n\n收入支出决算总表\n单位：万元\n| 项目 | 决算数 | 项目 | 决算数 |\n| 总计 | 10.00 | 总计 | 9.00 |\n"
    result = evaluate(book.rule_set, _facts(text, tmp_path), VOCABULARY)
    fired = {finding.rule for finding in result.findings}
    assert fired and all(code.startswith("FA-") for code in fired)  # FA-033 finds the imbalance


def test_a_percentage_differing_only_by_its_printing_is_no_residue():
    printed = Quantity(Decimal("90.91"), Decimal("90.905"), Decimal("90.915"), 2, "%")
    ratio = Quantity(Decimal("90.9090"), Decimal("90.9004"), Decimal("90.9177"), None, "")
    verdict = compare("==", printed, ratio)
    assert verdict.holds and not verdict.residue
    money = Quantity(Decimal("90.91"), Decimal("90.905"), Decimal("90.915"), 2, "万元")
    assert compare("==", money, ratio).residue  # a sum of printed amounts keeps its residue


def test_two_panel_table_with_two_code_columns_reads_each_panel(tmp_path):
    text = ("某局2024年度部门决算\n\n一般公共预算财政拨款基本支出决算表\n单位：万元\n"
            "| 科目编码 | 科目名称 | 决算数 | 科目编码 | 科目名称 | 决算数 |\n"
            "| 301 | 工资福利支出 | 50.00 | 302 | 商品和服务支出 | 20.00 |\n")
    rows = _facts(text, tmp_path).tables[0].rows
    assert [(row.code, str(row.facts[0].amount.value)) for row in rows] == [("301", "50.00"), ("302", "20.00")]
