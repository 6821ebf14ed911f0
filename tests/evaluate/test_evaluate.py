"""The evaluator on hand-built facts: verdicts, residues, not-applicable, citations."""

from tests.builders import change, facts, run, statement, table

BASIC = [("总计",), ("人员经费",), ("公用经费",)]


def basic_table(total_row, items):
    rows = [("", "合计", total_row)] + items
    return table("基本支出表", BASIC, rows)


def test_range_sum_equals_total_in_every_column():
    fact_set = facts(basic_table(["3.00", "2.00", "1.00"], [("301", "工资福利支出", ["2.00", "2.00", ""]),
                                                           ("302", "商品和服务支出", ["1.00", "", "1.00"])]))
    result = run("  in 基本支出表\n  assert sum(301..303) == 合计", fact_set)
    assert result.findings == ()
    assert result.statuses[0].status == "pass"


def test_each_failing_column_is_its_own_finding_citing_every_operand():
    fact_set = facts(basic_table(["3.50", "2.00", "1.50"], [("301", "工资福利支出", ["2.00", "2.00", ""]),
                                                           ("302", "商品和服务支出", ["1.00", "", "1.00"])]))
    result = run("  in 基本支出表\n  assert sum(301..303) == 合计", fact_set)
    assert [finding.status for finding in result.findings] == ["fail", "fail"]
    first = next(finding for finding in result.findings if finding.message.endswith("总计"))
    assert first.message == "3.00 / 3.50 / -0.50 / 总计"
    assert sorted(citation.line for citation in first.citations) == [4, 5, 6]
    assert {citation.value for citation in first.citations} == {"2.00", "1.00", "3.50"}


def test_rounding_residue_is_info_not_error():
    items = ["124.93", "67.91", "104.83", "114.04", "54.03", "27.02", "33.77", "1.46", "47.76", "3.84", "6.46"]
    rows = [("301", "工资福利支出", ["586.04"])] + [(f"301{index:02d}", "x", [item]) for index, item in enumerate(items, 1)]
    fact_set = facts(table("基本支出表", [("总计",)], rows))
    result = run("  for each row r in 基本支出表 where count(children(r)) > 0\n  assert r == sum(children(r))", fact_set)
    (finding,) = result.findings
    assert (finding.status, finding.severity) == ("residue", "info")
    # what the engine adds to a finding is in the run's language, Chinese unless --lang en
    assert finding.message.endswith("（舍入误差范围内：差额 -0.01，区间 [586.035, 586.045] 与 [585.995, 586.105]）")


def test_absent_table_is_not_applicable():
    result = run("  assert 三公经费表.合计 == 1", facts())
    assert result.findings == ()
    assert result.statuses[0].status == "not_applicable"
    assert "三公经费表" in result.statuses[0].reason


def test_blank_cells_are_not_zero_against_each_other():
    fact_set = facts(basic_table(["", "", ""], [("301", "工资福利支出", ["", "", ""])]))
    result = run("  in 基本支出表\n  assert sum(301..303) == 合计", fact_set)
    assert result.statuses[0].status == "not_applicable"


def test_blank_adds_as_zero_when_something_is_reported():
    fact_set = facts(basic_table(["2.00", "2.00", ""], [("301", "工资福利支出", ["2.00", "2.00", ""]),
                                                       ("302", "商品和服务支出", ["", "", ""])]))
    result = run("  in 基本支出表\n  assert sum(301..303) == 合计", fact_set)
    assert result.findings == () and result.statuses[0].status == "pass"


def test_narrative_statement_is_compared_strictly_with_its_row():
    summary = table("部门收支总表", [("预算数",)], [("", "卫生健康支出", ["32.63"])])
    fact_set = facts(summary, statements=[statement("卫生健康支出", "32.64", line=37)])
    result = run("  for each statement s\n  for each row r in 部门收支总表[s]\n  assert s === r", fact_set)
    (finding,) = result.findings
    assert finding.found == "32.64" and finding.expected == "32.63"
    assert sorted(citation.line for citation in finding.citations) == [4, 37]


def test_stated_change_against_prior_year_column():
    three = table("三公经费表", [("2023年预算数", "合计"), ("2024年预算数", "合计")], [("", "", ["6.00", "3.90"])])
    defines = "define 三公经费 = 三公经费表.合计"
    good = facts(three, changes=[change("三公经费", -1, "-2.1", word="减少")])
    bad = facts(three, changes=[change("三公经费", -1, "-1.1", word="减少")])
    body = "  for each change c where defined(c.subject)\n  assert c.delta == value(c.subject) - prior(c.subject)"
    assert run(body, good, defines).findings == ()
    (finding,) = run(body, bad, defines).findings
    assert (finding.found, finding.expected) == ("-1.1", "-2.10")


def test_division_by_zero_is_a_rule_error_not_a_crash():
    result = run("  assert 1 / 0 == 1", facts())
    (finding,) = result.findings
    assert finding.status == "error" and "division by zero" in finding.message


def test_findings_do_not_depend_on_row_order():
    items = [("301", "工资福利支出", ["2.00", "2.00", ""]), ("302", "商品和服务支出", ["1.20", "", "1.20"])]
    forward = run("  in 基本支出表\n  assert sum(301..303) == 合计", facts(basic_table(["3.00", "2.00", "1.00"], items)))
    backward = run("  in 基本支出表\n  assert sum(301..303) == 合计", facts(basic_table(["3.00", "2.00", "1.00"], items[::-1])))
    assert [f.message for f in forward.findings] == [f.message for f in backward.findings]


def test_a_missing_table_is_cited_where_the_text_promises_it():
    from engine.model import FactSet

    promised = FactSet("doc.txt", 2024, "某单位", "某单位2024年部门预算", (), (), (),
                       texts=(("本部门公开表共 9 个附件：附件 8 部门支出总表；", 7),))
    (finding,) = run("  assert present(部门支出总表)", promised).findings
    assert [(citation.line, citation.quote) for citation in finding.citations] == [(7, "本部门公开表共 9 个附件：附件 8 部门支出总表；")]
    (silent,) = run("  assert present(部门支出总表)", facts()).findings
    assert silent.citations == ()


def test_a_row_against_a_literal_is_checked_column_by_column_on_either_side():
    fact_set = facts(basic_table(["1.00", "-2.00", ""], [("301", "工资福利支出", ["", "", ""])]))
    for assertion in ("r >= 0", "0 <= r"):
        result = run(f"  for each row r in 基本支出表 where r.label == \"合计\"\n  assert {assertion}", fact_set)
        (finding,) = result.findings  # 总计 holds, 人员经费 fails, the blank 公用经费 holds as 0
        assert finding.status == "fail" and finding.message.endswith("人员经费")
        assert "-2.00" in finding.message
