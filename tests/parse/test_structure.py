"""Parse stage on small synthetic documents: metadata, headings, paragraphs, annexes."""

from tests.parse.snippets import parse_text


def test_title_year_and_unit_name():
    document = parse_text("\n\n# 某市某区财政局 2025 年部门预算情况说明\n\n正文。\n")
    assert document.title == "某市某区财政局 2025 年部门预算情况说明"
    assert document.budget_year == 2025
    assert document.unit_name == "某市某区财政局"
    assert document.diagnostics == ()


def test_title_without_year_is_reported():
    document = parse_text("部门预算情况说明\n\n正文。\n")
    assert document.budget_year is None
    assert [diagnostic.code for diagnostic in document.diagnostics] == ["no-budget-year"]


def test_empty_document_parses_with_a_diagnostic():
    document = parse_text("")
    assert document.title == "" and document.tables == () and document.paragraphs == ()
    assert document.diagnostics[0].code == "empty-document"


def test_plain_headings_and_their_levels():
    text = "\n".join(
        [
            "某局 2023 年部门预算情况说明",
            "一、单位基本情况",
            "（一）职能职责。",
            "(二) 单位构成",
            "1.收入预算",
            "（1）支出预算",
            "（一）收入预算：2023年年初预算数951.81万元，其中：拨款951.81万元。",
            "7.完成区委和区政府交办的其他任务。",
            "（三）基本支出：指为保障机构正常运转而发生的支出。",
        ]
    )
    document = parse_text(text)
    assert [(section.title, section.level, section.line) for section in document.sections] == [
        ("一、单位基本情况", 1, 2),
        ("（一）职能职责。", 2, 3),
        ("(二) 单位构成", 2, 4),
        ("1.收入预算", 3, 5),
        ("（1）支出预算", 3, 6),
    ]
    assert [paragraph.line_starts[0][1] for paragraph in document.paragraphs] == [7, 8, 9]


def test_markdown_heading_level_comes_from_its_marker_when_numbered():
    document = parse_text("# 某局 2023年部门预算情况说明\n\n### 三、部门预算情况说明\n\n#### 附注\n")
    assert [(section.title, section.level) for section in document.sections] == [
        ("三、部门预算情况说明", 1),
        ("附注", 4),
    ]


def test_sentence_broken_over_a_blank_line_is_one_paragraph():
    text = "标题 2023年部门预算情况说明\n\n二、支出\n\n其中：社会保障和就业支出101.02万元，\n\n卫生健康支出 39.01 万元。\n\n另一段。\n"
    document = parse_text(text)
    first, second = document.paragraphs
    assert first.text == "其中：社会保障和就业支出101.02万元，卫生健康支出 39.01 万元。"
    assert first.section == "二、支出"
    offset = first.text.index("39.01")
    assert first.place(offset) == (7, first.text.index("39.01") - first.text.index("卫生") + 1)
    assert second.text == "另一段。" and second.line_starts == ((0, 9, 1),)


def test_paragraph_place_maps_every_line():
    text = "标题 2023年部门预算情况说明\n\n  甲乙丙\n\n丁戊。\n"
    (paragraph,) = parse_text(text).paragraphs
    assert paragraph.text == "甲乙丙丁戊。"
    assert paragraph.place(0) == (3, 3)
    assert paragraph.place(3) == (5, 1)


def test_numbered_item_after_unfinished_line_starts_a_new_paragraph():
    text = "标题 2023年部门预算情况说明\n\n收入增加（本单位无基金）\n\n（二）支出预算：2023年年初预算数9万元。\n"
    first, second = parse_text(text).paragraphs
    assert first.text == "收入增加（本单位无基金）"
    assert second.text.startswith("（二）支出预算")


def test_annex_labels():
    text = "标题 2023年部门预算情况说明\n\n附件 1\n\n附件12-1\n\n## 附件 3：收支总表说明\n\n附表２\n"
    document = parse_text(text)
    assert document.annexes == (("1", 3), ("12-1", 5), ("3", 7), ("2", 9))


def test_title_broken_before_its_year():
    document = parse_text("某市某局\n2025年部门预算情况说明\n\n一、概况\n")
    assert (document.title, document.budget_year, document.unit_name) == ("某市某局 2025年部门预算情况说明", 2025, "某市某局")
    assert document.paragraphs == ()


def test_second_line_is_not_taken_into_the_title_when_the_first_has_a_year():
    document = parse_text("某局 2025年部门预算\n2024年决算说明\n")
    assert document.title == "某局 2025年部门预算"
    assert [paragraph.text for paragraph in document.paragraphs] == ["2024年决算说明"]


def test_part_headings_and_emphasised_headings():
    text = "某局 2025年部门预算\n\n第一部分 部门概况\n\n**一、单位职责**\n\n## **（二）机构设置**\n\n第二部分\n\n**强调的一句话。**\n"
    document = parse_text(text)
    assert [(section.title, section.level, section.line) for section in document.sections] == [
        ("第一部分 部门概况", 1, 3),
        ("一、单位职责", 1, 5),
        ("（二）机构设置", 2, 7),
        ("第二部分", 1, 9),
    ]
    assert [paragraph.text for paragraph in document.paragraphs] == ["**强调的一句话。**"]
