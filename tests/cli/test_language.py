"""`--lang` puts everything rulecheck itself prints in one language (issue 25): the lines of
`facts`, `explain` and `test` (with `-v`, a failing example and `--coverage`), not only the check
report. Rule titles, messages and the documents' own words stay as written, so the check is on
rulecheck's phrases: none of one language's may appear in a run in the other."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from engine.cli.commands import main
from tests.cli.documents import BASIC_SPENDING_TABLE

DOCUMENT = "某区某局 2024年部门预算\n一、收支预算总体情况\n2024年收入预算20.00万元，比上年增加5.00万元。\n" + BASIC_SPENDING_TABLE

NO_YEAR = """某局部门预算
基本支出预算表
单位：万元
| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |
| 合计 | | 20.00 | 7.50 | 12.50 |
"""

# what rulecheck says in English (as words, so a rule name such as `three-public` cannot match)
ENGLISH = (
    "budget year", "no unit name read", "unit", "rule at", "document", "binding", "interval", "from", "verdict",
    "holds", "FAILS", "blank", "collected", "example", "examples", "rule", "passed", "failed", "PASSED", "FAILED",
    "expected", "got", "detail", "has no", "have both", "line", "kind", "table", "row", "column", "period", "value",
    "concept", "cell", "statement", "change", "vs", "prior year", "finding", "not applicable", "None",
    "coverage", "recognised", "stated figure", "error", "warning", "documents checked", "summary",
    "does not hold", "is false", "in the document",
)
# ... and in Chinese (none of them occurs in the documents, rule titles or messages used here)
CHINESE = (
    "预算年度", "未读出", "单位名称", "规则位于", "文件", "绑定", "区间", "来自", "结论", "成立", "空白", "收集到", "示例",
    "通过", "失败", "条规则", "预期", "实际", "详情", "缺少", "行号", "类别", "概念", "单元格", "说明中的数", "增减",
    "与上年比", "条发现", "识别情况", "严重程度", "警告", "汇总", "不成立", "为假",
)


def _runs(folder) -> list[list[str]]:
    """Each command's arguments: every interface line these commands have is printed by one of them."""
    return [
        ["facts", "doc.txt"],
        ["facts", "no-year.txt"],
        ["explain", "MY-001", "doc.txt", "--rules", "my-rules/"],
        ["explain", "MY-001", "no-year.txt", "--rules", "my-rules/"],
        ["explain", "MY-001", "no-table.txt", "--rules", "my-rules/"],  # not applicable: the clause and what it saw
        ["test", "--rules", "my-rules/", "-v"],  # MY-002 and MY-003: failing examples, with their reports
        ["test", "--rules", "my-rules/", "--coverage"],  # MY-003 has no passing example
        ["check", "--rules", "my-rules/", "--select", "MY-001", "doc.txt", "wrong.txt"],
    ]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Every run's output in each language, from one scratch folder."""
    folder = tmp_path_factory.mktemp("lang")
    runner = CliRunner()
    printed = {"en": "", "zh": ""}
    with runner.isolated_filesystem(temp_dir=folder):
        with open("doc.txt", "w", encoding="utf-8") as file:
            file.write(DOCUMENT)
        with open("no-year.txt", "w", encoding="utf-8") as file:
            file.write(NO_YEAR)
        with open("no-table.txt", "w", encoding="utf-8") as file:
            file.write("某区某局 2024年部门预算\n")
        with open("wrong.txt", "w", encoding="utf-8") as file:  # a finding of MY-001 for the check report
            file.write(NO_YEAR.replace("| 20.00 |", "| 21.00 |"))
        assert runner.invoke(main, ["new", "MY-001", "basic-spending-not-sum"]).exit_code == 0
        assert runner.invoke(main, ["new", "MY-002", "basic-spending-differs"]).exit_code == 0
        assert runner.invoke(main, ["new", "MY-003", "basic-spending-mismatch"]).exit_code == 0
        with open("my-rules/MY-002.rule", encoding="utf-8") as file:  # the passing example now expects a finding
            text = file.read().replace("example pass", "example fail", 1)
        with open("my-rules/MY-002.rule", "w", encoding="utf-8") as file:
            file.write(text)
        with open("my-rules/MY-003.rule", encoding="utf-8") as file:
            text = file.read().replace("example pass", "example na", 1)
        with open("my-rules/MY-003.rule", "w", encoding="utf-8") as file:
            file.write(text)
        for language in printed:
            for arguments in _runs(folder):
                result = runner.invoke(main, [*arguments, "--lang", language], catch_exceptions=False)
                assert result.exit_code in (0, 1), f"{arguments}: {result.output}"
                printed[language] += f"$ {' '.join(arguments)}\n{result.output}\n"
    return printed


def _words(text: str, phrases: tuple[str, ...]) -> list[str]:
    return [phrase for phrase in phrases if re.search(rf"(?<![A-Za-z_./-]){re.escape(phrase)}(?![A-Za-z_./-])", text)]


def _without_commands(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("$ "))


def test_chinese_run_prints_no_english_interface_words(outputs):
    assert not _words(_without_commands(outputs["zh"]), ENGLISH), outputs["zh"]
    for phrase in ("未读出预算年度", "预算年度 2024", "绑定 1", "结论：", "收集到", "通过 4，失败 2", "失败 MY-002-fail-L17", "缺少通过示例",
                   "单元格", "说明中的数", "增减", "与上年比", "来自 doc.txt:", "识别情况：表格 1 张", "警告 1",
                   "不适用：`when present(基本支出表)` 不成立"):
        assert phrase in outputs["zh"], phrase


def test_english_run_prints_no_chinese_interface_words(outputs):
    assert not _words(outputs["en"], CHINESE), outputs["en"]
    for phrase in ("no budget year read", "budget year 2024", "binding 1", "verdict: ", "collected", "4 passed, 2 failed",
                   "has no pass example", "cell", "statement", "change", "vs prior year", "from doc.txt:",
                   "coverage: 1 table(s)", "1 warning",
                   "not applicable: `when present(基本支出表)` does not hold"):
        assert phrase in outputs["en"], phrase


def test_the_rules_own_words_are_the_same_in_both_languages(outputs):
    for output in outputs.values():
        assert "基本支出合计不等于人员经费与公用经费之和" in output  # the rule's title, as its author wrote it
        assert "None" not in output


def test_reasons_are_put_into_chinese_by_their_templates_and_rule_text_stays():
    from engine.util.reasons import reason_in

    assert reason_in("no 三公经费表 in the document (`for each row r in 三公经费表`)", "zh") == \
        "文件中没有 三公经费表（`for each row r in 三公经费表`）"
    assert reason_in("`when a > 1 and present(T)` does not hold: a: the text states no figure for 收入; present(T) is false",
                     "zh") == "`when a > 1 and present(T)` 不成立：a：正文没有写出 收入 的数字；present(T) 为假"
    assert reason_in("the rule file's `applies when document_kind() == \"决算\"` does not hold: document_kind() is 预算",
                     "zh") == "规则文件的 `applies when document_kind() == \"决算\"` 不成立：document_kind() 为 预算"
    assert reason_in("a reason nobody wrote a template for", "zh") == "a reason nobody wrote a template for"
    assert reason_in("no row 合计", "en") == "no row 合计"


def test_rulecheck_lang_in_the_environment_chooses_like_the_option(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["--isolated", "--select", "BUD-A01", str(document)], env={"RULECHECK_LANG": "zh"})
    assert "识别情况：" in result.output and "coverage:" not in result.output


def test_rules_rule_and_check_rules_follow_the_language(tmp_path):
    """The listing, one rule's page and check-rules' count: their labels in the run's language (the
    rule's source on the page stays as written, keywords and all)."""
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        assert runner.invoke(main, ["new", "MY-001", "basic-spending-not-sum"]).exit_code == 0
        printed = {}
        for language in ("en", "zh"):
            printed[language] = "".join(
                runner.invoke(main, [*arguments, "--lang", language], catch_exceptions=False).output
                for arguments in (["rule", "MY-001", "--rules", "my-rules/"], ["check-rules", "my-rules/"],
                                  ["rules", "--rules", "my-rules/"])
            )
    for label in ("严重程度  ", "法规依据  ", "理由      ", "定义位置  ", "规则原文：", "示例：通过 1，不通过 1", "  示例 通过（第 ",
                  "1 个文件中 1 条规则：没有问题", "规则       名称", "条规则"):
        assert label in printed["zh"] or label.replace("，", ", ") in printed["zh"], label
    for label in ("severity     ", "legal basis  ", "defined at   ", "source:", "examples:", "rule(s) in"):
        assert label not in printed["zh"], label
        assert label in printed["en"], label
