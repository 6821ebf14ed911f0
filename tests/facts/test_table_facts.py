"""Table facts on synthetic snippets: header paths, periods, codes, runs, units, blanks."""

from decimal import Decimal

from engine.model import Cell, TableRow
from engine.parse.columns import header_paths
from tests.parse.snippets import facts_of, rows

TITLE = "某局 2024年部门预算情况说明\n\n"


def table_of(text):
    (table,) = facts_of(TITLE + text).tables
    return table


def by_label(table):
    return {row.label: row for row in table.rows}


def header_row(*texts):
    return TableRow(1, tuple(Cell(text, 1, 1, 1) for text in texts))


def test_spanning_headers_fill_right_within_their_parent():
    paths = header_paths(
        [header_row("科目", "", "2024年预算数", "", ""), header_row("编码", "名称", "合计", "基本支出", "项目支出")], 5
    )
    assert paths == (
        ("科目", "编码"),
        ("科目", "名称"),
        ("2024年预算数", "合计"),
        ("2024年预算数", "基本支出"),
        ("2024年预算数", "项目支出"),
    )


def test_group_labels_realigned_with_a_repeated_lower_row():
    # the upper label of the second group is printed one column early (as in S000's 三公 table)
    paths = header_paths(
        [header_row("2023年", "", "2024年", "", "", ""), header_row("合计", "甲", "乙", "合计", "甲", "乙")], 6
    )
    assert [path[0] for path in paths] == ["2023年"] * 3 + ["2024年"] * 3


def test_columns_periods_and_concepts():
    text = "\n".join(
        [
            "某局一般公共预算支出表",
            "单位：万元",
            rows("功能分类科目||2023 年预算数|本年预算数||"),
            rows("科目编码|科目名称||总计|基本支出|项目支出"),
            rows("|合计|9.00|10.00|8.00|2.00"),
        ]
    )
    table = table_of(text)
    assert [(column.header, column.period) for column in table.columns][2:4] == [
        (("2023 年预算数",), 2023),
        (("本年预算数", "总计"), 2024),
    ]
    assert table.columns[4].concepts == ("预算数", "基本支出")
    (total,) = table.rows
    assert total.label == "合计" and total.concept == "合计" and total.code is None
    assert [fact.concept for fact in total.facts] == ["预算数", "合计", "基本支出", "项目支出"]
    assert total.facts[1].provenance.column_label == "本年预算数/总计"


def test_codes_split_over_class_section_item_columns_are_joined_and_carried_down():
    text = "\n".join(
        [
            "某局一般公共预算支出表",
            "单位：万元",
            rows("科目编码|||科目名称|合计"),
            rows("类|款|项||"),
            rows("201|||一般公共服务支出|5.00"),
            rows("|06||财政事务|5.00"),
            rows("||01|行政运行|3.00"),
            rows("||02|一般行政管理事务|2.00"),
            rows("208|05|05|机关事业单位基本养老保险缴费支出|1.00"),
        ]
    )
    codes = [(row.code, row.label) for row in table_of(text).rows]
    assert codes == [
        ("201", "一般公共服务支出"),
        ("20106", "财政事务"),
        ("2010601", "行政运行"),
        ("2010602", "一般行政管理事务"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
    ]


def test_a_one_digit_section_cell_is_the_section_without_its_leading_zero():
    # 普陀 基本支出表 prints 301 | 2 津贴补贴 for 30102: under a 款 header a lone digit is a code
    # part, not a figure, so 301 keeps its children and no figure 2 appears
    text = "\n".join(
        [
            "某局基本支出表",
            "单位：元",
            rows("经济分类科目编码||经济分类科目名称|合计"),
            rows("类|款||"),
            rows("301||工资福利支出|30"),
            rows("301|01|基本工资|10"),
            rows("301|2|津贴补贴|15"),
            rows("301|7|绩效工资|5"),
        ]
    )
    table = table_of(text)
    assert [(row.code, row.label) for row in table.rows] == [
        ("301", "工资福利支出"),
        ("30101", "基本工资"),
        ("30102", "津贴补贴"),
        ("30107", "绩效工资"),
    ]
    assert [[fact.amount.value for fact in row.facts] for row in table.rows][2:] == [[Decimal("15")], [Decimal("5")]]


def test_a_one_digit_class_cell_stays_a_figure():
    # only the two-digit parts (款, 项) drop a zero; under 类 a lone digit is no code
    text = "\n".join(
        [
            "某局基本支出表",
            "单位：元",
            rows("经济分类科目编码||经济分类科目名称|合计"),
            rows("类|款||"),
            rows("301|01|基本工资|10"),
            rows("3|02|津贴补贴|15"),
        ]
    )
    second = table_of(text).rows[1]
    assert second.code != "30102"


def test_code_written_in_the_label_cell():
    text = "\n".join(
        ["某局基本支出表", "单位：万元", rows("科目|合计"), rows("301 工资福利支出|5.00"), rows("30101 基本工资|5.00")]
    )
    first, second = table_of(text).rows
    assert (first.code, first.label, second.code) == ("301", "工资福利支出", "30101")
    assert first.facts[0].provenance.row == "301 工资福利支出"


def test_two_panel_rows_give_two_runs_and_blank_is_not_zero():
    text = "\n".join(
        [
            "某局部门收支总表",
            "单位：万元",
            rows("收入||支出|"),
            rows("项目|预算数|项目|预算数"),
            rows("一般公共预算拨款收入|10.00|一、一般公共服务支出|10.00"),
            rows("事业收入|0|二、外交支出|"),
            rows("||三、国防支出|-"),
            rows("收入总计|10.00|支出总计|10.00"),
        ]
    )
    table = table_of(text)
    labels = [row.label for row in table.rows]
    assert labels == [
        "一般公共预算拨款收入", "一、一般公共服务支出", "事业收入", "二、外交支出", "三、国防支出", "收入总计", "支出总计"
    ]
    rows_by_label = by_label(table)
    assert rows_by_label["事业收入"].facts[0].amount.value == Decimal(0)
    assert rows_by_label["二、外交支出"].facts[0].amount is None
    assert rows_by_label["三、国防支出"].facts[0].amount is None
    assert rows_by_label["三、国防支出"].facts[0].provenance.quote == "-"
    assert rows_by_label["支出总计"].concept == "支出总计"
    assert rows_by_label["一般公共预算拨款收入"].concept == "一般公共预算收入"
    assert rows_by_label["支出总计"].facts[0].header == ("支出", "预算数")


def test_a_total_label_spanning_a_blank_amount_owns_the_figure_at_the_row_end():
    # 江苏 2017–2019 收支预算总表: '支出合计' is one cell over 功能科目名称 | 金额 | 项目名称, and its
    # figure stands under 支出用途's 金额; the 功能分类 金额 cell it covers is not a blank total
    text = "\n".join(
        [
            "某局收支预算总表",
            "单位：万元",
            rows("收入||支出|||"),
            rows("项目名称|金额|功能分类||支出用途|"),
            rows("||功能科目名称|金额|项目名称|金额"),
            rows("一、财政拨款|10.00|一、一般公共服务支出|10.00|一、基本支出|10.00"),
            rows("收入合计|10.00|支出合计|||10.00"),
        ]
    )
    total = by_label(table_of(text))["支出合计"]
    assert [(fact.amount.value if fact.amount else None) for fact in total.facts] == [Decimal("10.00")]
    assert total.facts[0].header[-1] == "金额" and total.facts[0].column == 5


def test_table_in_yuan_negative_and_full_width_figures():
    text = "\n".join(
        [
            "某局部门支出总表",
            "单位：元",
            rows("项目|合计|基本支出"),
            rows("甲|（1,200.50）|－3"),
            rows("乙|１２３４|０"),
        ]
    )
    first, second = table_of(text).rows
    assert [fact.amount for fact in first.facts][0].value == Decimal("-1200.50")
    assert first.facts[0].amount.decimals == 2 and first.facts[0].amount.unit == "元"
    assert first.facts[1].amount.value == Decimal(-3)
    assert [fact.amount.value for fact in second.facts] == [Decimal(1234), Decimal(0)]


def test_row_without_label_keeps_its_figures():
    text = "\n".join(["某局三公经费支出表", "单位：万元", rows("合计|公务接待费"), rows("6.00|0.50")])
    (row,) = table_of(text).rows
    assert (row.label, row.code, row.concept) == ("", None, None)
    assert [fact.concept for fact in row.facts] == ["合计", "公务接待费"]


def test_index_and_attribute_columns_become_texts():
    text = "\n".join(
        [
            "某局项目支出明细表",
            "单位：万元",
            rows("序号|预算单位|项目名称|合计"),
            rows("1|某局|甲项目|40"),
            "",
            "## 某局项目支出绩效目标表",
            rows("项目名称|甲项目|业务主管部门|某局"),
            rows("预算执行率权重|10||部门留用|40.00"),
            rows("绩效指标|一级指标|二级指标|三级指标|计量单位|指标性质|指标值|权重|是否核心指标"),
            rows("|产出指标|数量指标|群体性事件发生量|批次|≤|1|15|是"),
            rows("|效益指标|社会效益指标|覆盖率|%|=|100|30|否"),
        ]
    )
    details, targets = facts_of(TITLE + text).tables
    (project,) = details.rows
    assert (project.label, project.texts) == ("甲项目", (("序号", "1"), ("预算单位", "某局")))
    assert project.facts[0].amount.value == Decimal(40)
    weight, kept, events, coverage = targets.rows
    assert [(weight.label, weight.facts[0].amount.unit), (kept.label, kept.facts[0].amount.unit)] == [
        ("预算执行率权重", ""),
        ("部门留用", "万元"),
    ]
    assert events.label == "群体性事件发生量"
    assert ("计量单位", "批次") in events.texts and ("是否核心指标", "是") in events.texts
    assert [(fact.header, fact.amount.value, fact.amount.unit) for fact in events.facts] == [
        (("指标值",), Decimal(1), "批次"),
        (("权重",), Decimal(15), ""),
    ]
    assert coverage.facts[0].amount.unit == "%"


def test_provenance_of_a_cell_fact():
    text = "\n".join(["某局基本支出表", "单位：万元", rows("科目编码|科目名称|合计"), rows("301|工资福利支出|586.04")])
    (row,) = table_of(text).rows
    (fact,) = row.facts
    provenance = fact.provenance
    assert (provenance.path, provenance.line, provenance.column, provenance.end_column) == ("snippet.txt", 6, 12, 18)
    assert (provenance.quote, provenance.table, provenance.row, provenance.column_label) == (
        "586.04", "某局基本支出表", "301 工资福利支出", "合计"
    )


def test_rows_labelled_by_a_year_date_their_figures():
    table = table_of("\n".join(["财政拨款“三公”经费支出表", "单位：万元", rows("年度|总计|公务接待费"),
                                rows("2023 年|0.18|0.18"), rows("2024 年|0.16|0.16"), rows("增减变化金额|-0.02|-0.02")]))
    rows_ = by_label(table)
    assert {fact.period for fact in rows_["2023 年"].facts} == {2023}
    assert {fact.period for fact in rows_["2024 年"].facts} == {2024}
    assert {fact.period for fact in rows_["增减变化金额"].facts} == {None}

