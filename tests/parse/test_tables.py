"""Table assembly on synthetic snippets: title, unit, header/body split, notes, continuations."""

from engine.parse.columns import header_paths, table_width
from tests.parse.snippets import parse_text, rows

TITLE = "某局 2023年部门预算情况说明\n\n"


def only_table(text):
    (table,) = parse_text(TITLE + text).tables
    return table


def test_title_unit_header_body_and_notes():
    text = "\n".join(
        [
            "## 某局部门支出总表",
            "",
            "单位：元",
            "",
            rows("科目编码|科目名称|总计|基本支出|项目支出"),
            rows("|合计|3000|3000|0"),
            rows("201|一般公共服务支出|3000|3000|"),
            "",
            "备注：本表反映部门支出。",
            "（注：单位为元。）",
        ]
    )
    table = only_table(text)
    assert (table.title, table.title_line, table.unit, table.kind) == ("某局部门支出总表", 3, "元", "部门支出总表")
    assert [row.line for row in table.header] == [7]
    assert [row.line for row in table.body] == [8, 9]
    assert [note.line for note in table.notes] == [11, 12]
    blank, zero = table.body[1].cells[4], table.body[0].cells[4]
    assert (blank.text, zero.text) == ("", "0")
    cell = table.body[1].cells[2]
    assert (cell.text, cell.line, cell.column, cell.end_column) == ("3000", 9, 14, 18)


def test_default_unit_and_meta_lines():
    text = "\n".join(["某局项目支出表", "编制单位：某局（本级）", rows("项目|合计"), rows("甲|1.00")])
    table = only_table(text)
    assert table.unit == "万元"
    assert table.meta == (("编制单位", "某局（本级）", 4),)
    assert table.kind == "项目支出表"


def test_header_ends_at_first_row_with_a_number_or_code_or_nothing_after_two_cells():
    text = "\n".join(
        [
            "某局政府性基金预算支出表",
            "单位：万元",
            rows("科目编码|科目名称|2023年预算数||"),
            rows("||总计|基本支出|项目支出"),
            rows("|合计|||"),
        ]
    )
    table = only_table(text)
    assert [row.line for row in table.header] == [5, 6]
    assert [row.line for row in table.body] == [7]


def test_rows_continue_across_blank_lines_but_stop_at_text():
    text = "\n".join(["某局收支总表", "单位：万元", rows("项目|预算数"), rows("甲|1"), "", rows("乙|2"), "", "一段说明文字。"])
    document = parse_text(TITLE + text)
    (table,) = document.tables
    assert [row.line for row in table.body] == [6, 8]
    assert document.paragraphs[-1].text == "一段说明文字。"


def page(title_line_text, header_second_row, body):
    return "\n".join(
        ["", title_line_text, "", "单位：万元", "", rows("收入||支出|"), rows(header_second_row), *[rows(row) for row in body]]
    )


def test_page_break_continuation_is_merged_despite_truncated_header():
    text = "\n".join(
        [
            "附件 1",
            page("某局 2023 年财政拨款收支总表", "项目|预算数|支出科目|一般公共预算", ["一、本年收入|9.00|(一) 一般公共服务支出|9.00"]),
            page("某局2023年财政拨款收支总表", "项目|预算数|支出科目|一般公共预", ["||(二) 外交支出|", "收入总计|9.00|支出总计|9.00"]),
        ]
    )
    document = parse_text(TITLE + text)
    (table,) = document.tables
    assert table.annex == "1"
    assert [row.line for row in table.header] == [9, 10]
    assert [row.line for row in table.body] == [11, 19, 20]
    assert table.continuation_lines == (13,)


def test_tables_sharing_a_title_with_their_own_key_block_stay_apart():
    block = lambda name: "\n".join(  # noqa: E731
        [
            "## 2023年项目支出绩效目标表",
            "编制单位：某局",
            "单位：万元",
            rows(f"项目名称|{name}|业务主管部门|某局"),
            rows("当年预算（万元）|10.00|本级安排（万元）|10.00"),
            "",
        ]
    )
    document = parse_text(TITLE + block("甲项目") + "\n" + block("乙项目"))
    assert len(document.tables) == 2
    assert all(table.continuation_lines == () for table in document.tables)


def test_identical_repeated_table_is_a_duplicate_not_a_continuation():
    table = "\n".join(["某局部门支出总表", "单位：万元", rows("项目|合计"), rows("甲|1.00"), ""])
    document = parse_text(TITLE + table + "\n" + table)
    assert len(document.tables) == 2


def test_header_repeated_inside_the_body_is_dropped():
    text = "\n".join(
        ["某局部门支出总表", "单位：万元", rows("科目编码|科目名称|合计"), rows("201|甲|1.00"), "", rows("科目编码|科目名称|合计"), rows("202|乙|2.00")]
    )
    table = only_table(text)
    assert [row.line for row in table.body] == [6, 9]
    assert table.continuation_lines == (8,)


def test_markdown_pipe_table():
    text = "\n".join(
        [
            "### 某局部门收支总表",
            "",
            "单位：万元",
            "",
            "| 项目 | 预算数 |",
            "|------|-------:|",
            "| 收入合计 | 1,234.50 |",
            "| 上年结转 |  |",
        ]
    )
    table = only_table(text)
    assert table.kind == "部门收支总表"
    assert [row.line for row in table.header] == [7]
    assert [[cell.text for cell in row.cells] for row in table.body] == [["收入合计", "1,234.50"], ["上年结转", ""]]
    cell = table.body[0].cells[1]
    assert TITLE.split("\n") + text.split("\n") and cell.column == text.split("\n")[6].index("1,234.50") + 1


def test_space_aligned_table_after_a_unit_line():
    text = "\n".join(["某局部门收支总表", "单位：万元", "项目      预算数", "收入合计    12.00", "", "说明文字。"])
    table = only_table(text)
    assert [[cell.text for cell in row.cells] for row in table.header + table.body] == [["项目", "预算数"], ["收入合计", "12.00"]]


def test_title_exported_into_the_first_row():
    text = "\n".join(["说明文字。", "", rows("某局部门支出总表||"), rows("单位：万元||"), rows("项目|合计|基本支出"), rows("甲|1|1")])
    table = only_table(text)
    assert (table.title, table.unit, [row.line for row in table.header]) == ("某局部门支出总表", "万元", [7])


def test_table_without_title_is_kept_and_reported():
    document = parse_text(TITLE + "一段话。\n" + rows("项目|合计", "甲|1"))
    (table,) = document.tables
    assert table.title == "" and table.kind is None and table.title_line == 4
    assert [diagnostic.code for diagnostic in document.diagnostics] == ["untitled-table"]


def test_title_and_unit_in_the_first_sheet_rows():
    text = "\n".join(
        ["说明文字。", "", rows("某局部门收支总表|||金额单位：元"), rows("编制单位：某局|||"), rows("项目|预算数|项目|预算数"), rows("收入|1|支出|1")]
    )
    table = only_table(text)
    assert (table.title, table.title_line, table.unit) == ("某局部门收支总表", 5, "元")
    assert table.meta == (("编制单位", "某局", 6),)
    assert [row.line for row in table.header] == [7]


def test_continued_title_marked_as_such_is_merged():
    first = "\n".join(["某局部门支出总表", "单位：万元", rows("科目编码|科目名称|合计"), rows("201|甲|1.00")])
    second = "\n".join(["某局部门支出总表（续）", "单位：万元", rows("科目编码|科目名称|合计"), rows("202|乙|2.00")])
    (table,) = parse_text(TITLE + first + "\n\n" + second).tables
    assert [row.line for row in table.body] == [6, 11]
    assert table.continuation_lines == (8,)


def test_column_number_row_stays_in_the_header():
    text = "\n".join(["某局部门支出决算表", rows("项目|合计|基本支出|项目支出"), rows("栏次|1|2|3"), rows("合计|6|5|1")])
    table = only_table(text)
    assert [row.line for row in table.header] == [4, 5]
    assert [row.line for row in table.body] == [6]


def test_meta_line_that_also_states_the_unit():
    text = "\n".join(["某局部门收入总表", "编制单位：某局                单位：元", rows("项目|合计"), rows("甲|1,000.00")])
    table = only_table(text)
    assert (table.unit, table.meta) == ("元", (("编制单位", "某局", 4),))


def test_annex_line_carrying_the_title():
    document = parse_text(TITLE + "附件2：某局部门支出总表\n单位：万元\n" + rows("项目|合计", "甲|1"))
    (table,) = document.tables
    assert (table.title, table.title_line, table.annex, table.kind) == ("某局部门支出总表", 3, "2", "部门支出总表")
    assert document.annexes == (("2", 3),)


def test_three_public_items_over_budget_and_actual_pairs_with_a_spanning_group_label():
    """The Shanghai 决算 template's 三公 table: a label spanning the header, the items, the car
    items' own row, 预算数 | 决算数 under each; every label stays over its own pair."""
    text = "\n".join(
        [
            "某局财政拨款“三公”经费支出决算表",
            "单位：万元",
            rows("财政拨款“三公”经费|||||||||||"),
            rows("合计||因公出国（境）费||公务用车购置及运行维护费||||||公务接待费|"),
            rows("||||小计||公务用车购置费||公务用车运行维护费|||"),
            rows("预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数"),
            rows("5.00|4.00|0.00|0.00|3.00|2.50|0.00|0.00|3.00|2.50|2.00|1.50"),
        ]
    )
    table = only_table(text)
    assert len(table.header) == 4 and len(table.body) == 1
    paths = [path[1:] for path in header_paths(table.header, table_width(table))]
    assert paths == [
        ("合计", "预算数"),
        ("合计", "决算数"),
        ("因公出国（境）费", "预算数"),
        ("因公出国（境）费", "决算数"),
        ("公务用车购置及运行维护费", "小计", "预算数"),
        ("公务用车购置及运行维护费", "小计", "决算数"),
        ("公务用车购置及运行维护费", "公务用车购置费", "预算数"),
        ("公务用车购置及运行维护费", "公务用车购置费", "决算数"),
        ("公务用车购置及运行维护费", "公务用车运行维护费", "预算数"),
        ("公务用车购置及运行维护费", "公务用车运行维护费", "决算数"),
        ("公务接待费", "预算数"),
        ("公务接待费", "决算数"),
    ]


def test_next_page_merged_across_a_page_number_and_a_repeated_table_number():
    first = "\n".join(["表 8", "", "某局一般公共预算支出表", "单位：万元", rows("科目编码|科目名称|合计"), rows("302|甲|3.00"),
                       rows("30201|乙|1.00")])
    second = "\n".join(["— 12 —", "", "表 8", "", "某局一般公共预算支出表", "单位：万元", rows("科目编码|科目名称|合计"),
                        rows("30202|丙|2.00")])
    (table,) = parse_text(TITLE + first + "\n\n" + second).tables
    assert [row.cells[0].text for row in table.body] == ["302", "30201", "30202"]


def test_a_sentence_between_two_tables_of_one_title_keeps_them_apart():
    first = "\n".join(["某局一般公共预算支出表", "单位：万元", rows("科目编码|科目名称|合计"), rows("302|甲|3.00")])
    second = "\n".join(["本表无数据的原因如下。", "", "某局一般公共预算支出表", "单位：万元", rows("科目编码|科目名称|合计"),
                        rows("30202|丙|2.00")])
    assert len(parse_text(TITLE + first + "\n\n" + second).tables) == 2


def test_a_line_that_is_only_名词解释_is_a_heading():
    document = parse_text(TITLE + "目录\n\n三、名词解释\n\n正文。\n\n名词解释\n\n（一）机关运行经费：指……。\n")
    assert [section.title for section in document.sections][-1] == "名词解释"


def test_a_short_line_ending_with_a_part_name_is_a_heading():
    # 上海 template: the unit's name and the part's, no number ('上海市普陀区财政局主要职能')
    document = parse_text(
        TITLE
        + "上海市普陀区财政局主要职能\n\n主要职能包括：\n\n（一）贯彻执行财政工作的方针。\n\n"
        + "上海市普陀区人民政府万里街道办事处（部门）机构设置\n\n本部门包括本部。\n\n"
        + "本部门的主要职能，是负责财政工作，并承担相关机构设置\n"
    )
    titles = [section.title for section in document.sections]
    assert "上海市普陀区财政局主要职能" in titles
    assert "上海市普陀区人民政府万里街道办事处（部门）机构设置" in titles
    assert not any(title.startswith("本部门的主要职能") for title in titles)  # a sentence, not a heading


def test_a_name_over_figure_headers_is_header_and_dropped_when_repeated():
    # 广州 表5: '功能科目名称 | 一般公共预算支出 | |' looks like an empty table's 合计 row, but the
    # row below names figures only; the two rows repeated at the page break are no body rows
    header = [rows("功能科目名称|一般公共预算支出||"), rows("|小计|其中：基本支出|项目支出")]
    text = "\n".join(
        ["一般公共预算支出情况表（按功能分类科目）", "单位：万元", *header, rows("合计|6.00|6.00|0.00"),
         rows("[221]住房保障支出|6.00|6.00|0.00"), rows("[22102]住房改革支出|6.00|6.00|0.00"),
         rows("[2210201]住房公积金|2.00|2.00|0.00"), *header, rows("[2210203]购房补贴|4.00|4.00|0.00")]
    )
    table = only_table(text)
    assert len(table.header) == 2
    assert [row.cells[0].text for row in table.body] == [
        "合计", "[221]住房保障支出", "[22102]住房改革支出", "[2210201]住房公积金", "[2210203]购房补贴"
    ]


def test_a_key_value_first_row_stays_body():
    # a 绩效 table's '项目名称 | 某项目' names no figure: it is not taken for a header row
    text = "\n".join(
        ["项目支出绩效目标表", "单位：万元", rows("项目名称|城市更新项目||"), rows("主管部门|某局|实施单位|某中心"),
         rows("资金总额|10.00|财政拨款|10.00")]
    )
    table = only_table(text)
    assert "项目名称" in [cell.text for row in table.body for cell in row.cells]


def test_an_untitled_next_page_after_a_letter_spaced_page_number_continues_the_table():
    first = "\n".join(["某局部门支出总表", "单位：万元", rows("科目编码|科目名称|总计"), rows("|合计|6.00"),
                       rows("208|社会保障和就业支出|6.00"), rows("20805|行政事业单位养老支出|6.00")])
    second = "\n".join(["— 1 2 —", "", rows("科目编码|科目名称|总计"), rows("2080501|行政单位离退休|6.00")])
    (table,) = parse_text(TITLE + first + "\n\n" + second).tables
    assert [row.cells[0].text for row in table.body] == ["", "208", "20805", "2080501"]


def test_an_untitled_block_of_another_width_after_a_page_number_stays_apart():
    first = "\n".join(["某局部门支出总表", "单位：万元", rows("科目编码|科目名称|总计"), rows("208|社会保障和就业支出|6.00")])
    second = "\n".join(["— 12 —", "", rows("项目|金额|备注|说明"), rows("甲|1.00|无|无")])
    assert len(parse_text(TITLE + first + "\n\n" + second).tables) == 2


def income_table(*lines: str):
    return only_table("\n".join(["## 某局收入预算总表", "", "单位：万元", "", *map(rows, lines)]))


def test_a_row_cut_by_the_page_break_is_joined_again():
    """'杭州市机动' | … | '12,437.3' then '车驾驶员考试服务中心' | … | '6' (杭州 公安局 p21-22): one row."""
    table = income_table("单位名称|合计|财政拨款|事业收入", "某局本级|100.00|100.00|",
                         "杭州市机动|14,549.64|2,112.28|12,437.3", "车驾驶员考试服务中心|||6", "某中心|8.00|8.00|")
    assert [[cell.text for cell in row.cells] for row in table.body] == [
        ["某局本级", "100.00", "100.00", ""],
        ["杭州市机动车驾驶员考试服务中心", "14,549.64", "2,112.28", "12,437.36"],
        ["某中心", "8.00", "8.00", ""],
    ]


def test_a_row_of_its_own_after_a_figure_of_one_decimal_stays_apart():
    table = income_table("单位名称|合计|人数", "某局本级|100.5|3", "某中心|8.0|6", "其他|6|")
    assert len(table.body) == 3
