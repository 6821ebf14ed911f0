"""Every command that takes rules finds them the same way (issue 25): the paths given (positional or
--rules), else the `rules` list of rulecheck.toml, else only the shipped rules; and `check-rules`
counts what it checked, not the shipped files read beside yours."""

from __future__ import annotations

import re

from click.testing import CliRunner

from engine.cli.commands import main

DOCUMENT = """某区某局 2024年部门预算
基本支出预算表
单位：万元
| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |
| 合计 | | 20.00 | 7.50 | 12.50 |
"""


def invoke(*arguments):
    return CliRunner().invoke(main, list(arguments), catch_exceptions=False)


def test_check_rules_counts_the_rules_and_files_it_was_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("new", "MY-001", "basic-spending-not-sum")
    invoke("new", "MY-003", "basic-spending-mismatch")
    assert invoke("check-rules", "my-rules/MY-001.rule").output == "1 rule(s) in 1 file(s): no problems\n"
    assert invoke("check-rules", "--rules", "my-rules/").output == "2 rule(s) in 2 file(s): no problems\n"
    (tmp_path / "bad.rule").write_text("rule MY-009 broken-rule\n  assert 1 = 1\nend\n", encoding="utf-8")
    broken = invoke("check-rules", "bad.rule")
    assert broken.exit_code == 2 and broken.output.rstrip().endswith("in 1 rule file(s)")


def test_commands_read_the_rules_of_rulecheck_toml_unless_given_others(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("new", "MY-001", "basic-spending-not-sum", "--file", "mine/MY-001.rule")
    invoke("new", "MY-002", "basic-spending-differs", "--file", "other/MY-002.rule")
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "rulecheck.toml").write_text('rules = ["mine/"]\n', encoding="utf-8")

    assert invoke("rule", "MY-001").exit_code == 0
    assert invoke("explain", "MY-001", "doc.txt").output.splitlines()[1].startswith("rule at mine/MY-001.rule:")
    tested = invoke("test")
    assert tested.exit_code == 0 and "collected 2 example(s) from 1 rule(s)" in tested.output
    assert invoke("check-rules").output == "1 rule(s) in 1 file(s): no problems\n"

    # paths given on the command line replace the settings' list, for every command alike
    for arguments in (("rule", "MY-001", "--rules", "other/"), ("explain", "MY-001", "doc.txt", "--rules", "other/")):
        result = invoke(*arguments)
        assert result.exit_code == 2 and "no rule MY-001" in result.output
    assert "from 1 rule(s)" in invoke("test", "other/", "-k", "MY-002").output
    assert invoke("check-rules", "other/").output == "1 rule(s) in 1 file(s): no problems\n"

    # --isolated: the shipped rules only, and check-rules counts them when nothing else was given
    assert invoke("rule", "MY-001", "--isolated").exit_code == 2
    shipped = re.fullmatch(r"(\d+) rule\(s\) in (\d+) file\(s\): no problems\n", invoke("check-rules", "--isolated").output)
    assert shipped and int(shipped.group(1)) > 100 and int(shipped.group(2)) > 5
