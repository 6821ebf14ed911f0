"""Preambles seen in published PDFs: a table label under its title, and 编制部门 as a meta line.

江苏 省级 sheets print the title, then the label '公开表一' on its own line, then the unit line; 上海
普陀区 sheets print '编制部门：某街道办事处    单位：元' above the grid. Both words are vocabulary
([layout] annex_prefixes and meta_prefixes); the parser passes over a label standing alone under
the line naming the table.
"""

from tests.parse.snippets import parse_text, rows

TITLE = "某局 2019年部门预算公开表\n\n"


def test_a_label_alone_under_its_title_leaves_the_title_to_the_table():
    text = "\n".join(["收支预算总表", "", "公开表一", "", "部门：    某局    单位：万元", "",
                      rows("收入|金额|支出|金额"), rows("一、财政拨款|10.00|一、基本支出|10.00")])
    (table,) = parse_text(TITLE + text).tables
    assert (table.title, table.kind, table.unit) == ("收支预算总表", "部门收支总表", "万元")
    assert table.meta[0][:2] == ("部门", "某局")


def test_a_label_with_no_table_named_above_it_is_no_title():
    text = "\n".join(["本部门预算如下。", "", "公开表一", "", rows("收入|金额"), rows("一、财政拨款|10.00")])
    (table,) = parse_text(TITLE + text).tables
    assert table.title == "" and table.kind is None


def test_the_compiling_department_line_is_meta_and_carries_the_unit():
    text = "\n".join(["2024年部门收入预算总表", "", "编制部门：某街道办事处    单位：元", "",
                      rows("项目|合计"), rows("合计|1000")])
    (table,) = parse_text(TITLE + text).tables
    assert (table.title, table.kind, table.unit) == ("2024年部门收入预算总表", "部门收入总表", "元")
    assert table.meta[0][:2] == ("编制部门", "某街道办事处")


def test_a_title_broken_before_its_last_word_is_joined_to_the_line_above():
    text = "\n".join(["“三公”经费、会议费、培训费支出预算", "", "表", "", "部门：    某局    单位：万元", "",
                      rows("合计|“三公”经费|会议费"), rows("10.00|6.00|4.00")])
    (table,) = parse_text(TITLE + text).tables
    assert (table.title, table.kind, table.unit) == ("“三公”经费、会议费、培训费支出预算表", "三公经费表", "万元")


def test_a_fragment_is_not_joined_to_a_line_that_names_no_table_with_it():
    text = "\n".join(["本部门预算如下", "", "表", "", "单位：万元", "", rows("收入|金额"), rows("一、财政拨款|10.00")])
    (table,) = parse_text(TITLE + text).tables
    assert table.title == "表" and table.kind is None


def test_a_unit_line_broken_before_its_last_character_does_not_hide_the_title():
    # 江苏 高级人民法院 2019: '单位：万' with its '元' printed at the end of the next line
    text = "\n".join(["“三公”经费、会议费、培训费支出预算表", "", "单位：万", "", "部门名称：某院    元", "",
                      rows("合计|“三公”经费|会议费"), rows("10.00|6.00|4.00")])
    (table,) = parse_text(TITLE + text).tables
    assert (table.title, table.kind, table.unit) == ("“三公”经费、会议费、培训费支出预算表", "三公经费表", "万元")


def test_the_end_of_a_meta_value_printed_under_the_unit_line_does_not_hide_the_title():
    # 江苏 人大办公厅 2018 公开 01 表: '部门名称：江苏省人大' / '单位:万元' / '常委会办公厅'
    text = "\n".join(["收支预算总表", "", "部门名称：某省人大", "", "单位:万元", "", "常委会办公厅", "",
                      rows("收入|金额|支出|金额"), rows("一、财政拨款|10.00|一、基本支出|10.00")])
    (table,) = parse_text(TITLE + text).tables
    assert (table.title, table.kind, table.unit) == ("收支预算总表", "部门收支总表", "万元")
    assert table.meta[0][:2] == ("部门名称", "某省人大常委会办公厅")

