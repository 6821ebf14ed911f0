"""A newcomer's first hour (issue 25): the scaffold, rule IDs as typed, one way to pass rule
files, reasons that name the clause, and a display that keeps printed figures and CJK columns."""

from __future__ import annotations

from click.testing import CliRunner

from engine.cli.commands import main
from engine.cli.rule_ids import canonical, suggestions
from engine.util.display_width import display_width
from tests.cli.documents import BASIC_SPENDING_TABLE

DOCUMENT = "某区某局 2024年部门预算\n" + BASIC_SPENDING_TABLE


def invoke(*arguments, folder=None):
    runner = CliRunner()
    if folder is None:
        return runner.invoke(main, list(arguments))
    with runner.isolated_filesystem(temp_dir=folder):
        return runner.invoke(main, list(arguments))


def test_new_writes_a_rule_whose_examples_pass_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("new", "MY-001", "public-funds-not-sum")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my-rules" / "MY-001.rule").is_file()
    tested = invoke("test", "--rules", "my-rules/MY-001.rule")
    assert tested.exit_code == 0, tested.output
    assert "2 passed, 0 failed" in tested.output
    again = invoke("new", "MY-001", "public-funds-not-sum")  # run twice: refused, the file is left alone
    assert again.exit_code == 2 and "MY-001 is already a rule (my-rules/MY-001.rule:6)" in again.output
    assert (tmp_path / "my-rules" / "MY-001.rule").read_text(encoding="utf-8").count("rule MY-001") == 1
    other = invoke("new", "MY-002", "other-problem-found", "--file", "my-rules/MY-001.rule")
    assert other.exit_code == 0 and "added MY-002 to my-rules/MY-001.rule" in other.output
    assert "2 passed" not in invoke("test", "--rules", "my-rules/").output  # both rules: 4 examples


def test_new_explains_id_and_name_conventions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "write MY-001" in invoke("new", "my-001", "a-b").output
    assert "not a rule ID" in invoke("new", "MY001", "a-b").output
    assert "not a rule name" in invoke("new", "MY-001", "OperatingCost").output
    assert "BUD-A08 is already a rule" in invoke("new", "BUD-A08", "a-b").output
    assert not (tmp_path / "my-rules").exists()


def test_rule_ids_as_typed_get_a_did_you_mean():
    assert canonical("ＢＵＤ－Ａ08") == "BUD-A08" and canonical(" bud-a08 ") == "BUD-A08"
    assert suggestions("BUD-P01", ["BUD-P01-1", "BUD-P01-2", "BUD-A01"])[:2] == ["BUD-P01-1", "BUD-P01-2"]
    for typed in ("bud-a08", "ＢＵＤ－Ａ08"):
        result = invoke("rule", typed)
        assert result.exit_code == 2
        assert "did you mean BUD-A08?" in result.output


def test_explain_without_the_rule_file_says_where_it_looked_and_how_to_pass_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("new", "MY-001", "public-funds-not-sum")
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    result = invoke("explain", "MY-001", "doc.txt")
    assert result.exit_code == 2
    assert "no rule MY-001 in the shipped rules (rules/)" in result.output
    assert "pass the file with --rules my-rules/MY-001.rule" in result.output
    assert invoke("explain", "MY-001", "doc.txt", "--rules", "my-rules/").exit_code == 0


def test_test_and_check_rules_take_rules_like_the_other_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("new", "MY-001", "public-funds-not-sum")
    for command in ("test", "check-rules"):
        by_option = invoke(command, "--rules", "my-rules/")
        positional = invoke(command, "my-rules/")
        assert by_option.exit_code == positional.exit_code == 0, by_option.output
        assert by_option.output == positional.output
    assert "MY-001" in invoke("rules", "--rules", "my-rules/").output


def test_unquoted_name_in_stated_gets_the_quoted_form(tmp_path):
    rule = (tmp_path / "u.rule")
    rule.write_text('rule MY-001 operating-cost-differs\n  title "t"\n  severity warning\n  cite "c"\n'
                    '  message "m"\n  assert stated(机关运行经费) == 1\nend\n', encoding="utf-8")
    result = invoke("check-rules", str(rule))
    assert result.exit_code == 2
    assert 'error[unquoted-name]: stated() takes words in quotes: stated("机关运行经费")' in result.output
    assert "say which table" not in result.output


def test_not_applicable_names_the_clause_and_what_it_saw():
    result = invoke("explain", "FA-008", "corpus/002_9d3ba407454daa6c.txt")
    assert result.exit_code == 0
    assert 'applies when document_kind() == "决算"` does not hold: document_kind() is 预算' in result.output
    verbose = invoke("--verbose", "--no-cache", "--select", "BUD-J02", "corpus/000_40cb785ac2653fa6.txt")
    assert "verdict" not in verbose.output  # a check run, not explain
    shown = invoke("explain", "BUD-J01", "corpus/000_40cb785ac2653fa6.txt")
    assert "verdict: pass" in shown.output


def test_facts_keep_printed_precision_and_line_up_cjk_columns(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    result = invoke("facts", str(document), "--find", "公用经费")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()[1:]
    assert any(line.endswith("12.50  合计") or " 12.50 " in line for line in lines)
    assert not any(" 12.5 " in line or line.endswith(" 12.5") for line in lines)
    assert all("公用经费" in line for line in lines[2:])  # --find kept only those
    starts = {display_width(line[:line.index("公用经费")]) for line in lines[2:]}
    assert len(starts) == 1  # the column starts at one display column on every row


def test_text_report_counts_by_severity_and_names_a_table_once_per_finding():
    result = invoke("--no-cache", "corpus/002_9d3ba407454daa6c.txt")
    header = result.output.splitlines()[0]
    assert header.startswith("corpus/002_9d3ba407454daa6c.txt: 51 finding(s): ")
    assert " error, " in header and " warning, " in header and header.endswith(" info")
    title = "重庆市潼南区信访办公室 2022 年一般公共预算财政拨款支出预算表"
    a05 = result.output.split("BUD-A05")[1]
    assert a05.count(title) == 1  # once above its five cells, not on each
    assert "（舍入误差范围内：差额 0.01" in result.output  # findings in Chinese by default


def test_lang_puts_the_report_and_the_findings_in_one_language():
    english = invoke("--no-cache", "--lang", "en", "--select", "BUD-A05", "corpus/002_9d3ba407454daa6c.txt")
    assert "(within rounding: residue 0.01" in english.output and "舍入" not in english.output
    chinese = invoke("--no-cache", "--lang", "zh", "--select", "BUD-A05", "corpus/002_9d3ba407454daa6c.txt")
    assert "（舍入误差范围内" in chinese.output
    assert "条发现（提示" in chinese.output and "发现：错误 0" in chinese.output
    assert "finding(s)" not in chinese.output and "documents checked" not in chinese.output
