"""Parse stage on the two corpus documents (style A: '#' headings; style B: plain, 附件, page breaks).

Expected lines were read off the documents by hand; structural checks (every cell quotes its
source span, every annex line is found) are computed from the raw text.
"""

import pytest

from engine.vocabulary import default_vocabulary
from tests.parse.snippets import STYLE_A, STYLE_B, corpus_document, corpus_lines, table_at


@pytest.mark.parametrize(
    "name, title, year, unit",
    [
        (STYLE_A, "重庆市北碚区信访办公室 2024年部门预算情况说明", 2024, "重庆市北碚区信访办公室"),
        (STYLE_B, "重庆市潼南区信访办公室 2022 年部门预算情况说明", 2022, "重庆市潼南区信访办公室"),
    ],
)
def test_metadata(name, title, year, unit):
    document = corpus_document(name)
    assert (document.title, document.budget_year, document.unit_name) == (title, year, unit)
    assert document.diagnostics == ()


@pytest.mark.parametrize(
    "name, expected",
    [
        (STYLE_A, [("一、单位基本情况", 1, 5), ("（一）职能职责", 2, 7), ("三、部门预算情况说明", 1, 25), ("四、“三公”经费情况说明", 1, 31)]),
        (STYLE_B, [("一、单位基本情况", 1, 5), ("（一）职能职责。", 2, 7), ("（二）单位构成。", 2, 27), ("六、专业性名词解释", 1, 59)]),
    ],
)
def test_sections_in_both_styles(name, expected):
    sections = {(section.title, section.level, section.line) for section in corpus_document(name).sections}
    assert set(expected) <= sections


def test_duties_and_definitions_are_paragraphs_not_headings():
    document = corpus_document(STYLE_B)
    heading_lines = {section.line for section in document.sections}
    paragraph_lines = {line for paragraph in document.paragraphs for _, line, _ in paragraph.line_starts}
    for line in (11, 25, 33, 51, 61, 67):  # '1.组织…' '7.完成…' '（一）收入预算：…' '1.机关运行经费。…' definitions
        assert line not in heading_lines
        assert line in paragraph_lines
    assert len(document.sections) == 8
    assert not {table.title_line for table in document.tables} & heading_lines


def test_style_a_tables_and_kinds():
    document = corpus_document(STYLE_A)
    expected = {
        61: "财政拨款收支总表",
        78: "一般公共预算支出表",
        109: "基本支出表",
        147: "三公经费表",
        156: "政府性基金支出表",
        166: "部门收支总表",
        185: "部门支出总表",
        211: "政府采购预算表",
        223: "整体绩效目标表",
        239: "项目绩效目标表",
        260: "项目绩效目标表",
        282: "项目绩效目标表",
    }
    assert {table.title_line: table.kind for table in document.tables} == expected
    assert all(table.unit == "万元" for table in document.tables)
    assert [note.line for note in table_at(document, 78).notes] == [107]
    assert [row.line for row in table_at(document, 147).header] == [151, 152, 153]
    empty_fund = table_at(document, 156)
    assert [row.line for row in empty_fund.body] == [162]
    assert [note.line for note in empty_fund.notes] == [164]
    assert table_at(document, 260).meta[0][0] == "编制单位"


def test_style_b_page_breaks_are_merged():
    document = corpus_document(STYLE_B)
    merged = {table.title_line: table for table in document.tables if table.continuation_lines}
    assert {line: table.continuation_lines for line, table in merged.items()} == {77: (100,), 152: (178,), 227: (253,)}
    for line, last in ((77, 120), (152, 199), (227, 270)):
        table = merged[line]
        header_lines = {row.line for row in table.header}
        assert header_lines and max(header_lines) < table.body[0].line
        assert table.body[-1].line == last
    revenue = merged[77]
    body_lines = [row.line for row in revenue.body]
    assert 104 not in body_lines and 105 not in body_lines  # the repeated (truncated) header
    assert body_lines == list(range(83, 99)) + list(range(106, 121))
    basic = merged[152]
    assert [row.line for row in basic.body] == list(range(158, 177)) + list(range(184, 200))


def test_style_b_annexes_label_their_tables():
    document = corpus_document(STYLE_B)
    prefixes = default_vocabulary().words("layout", "annex_prefixes")
    raw_annex_lines = [
        number for number, line in enumerate(corpus_lines(STYLE_B), start=1) if line.strip().startswith(prefixes)
    ]
    assert [line for _, line in document.annexes] == raw_annex_lines
    labels = [label for label, _ in document.annexes]
    assert labels == ["1", "2", "3", "4", "5", "6", "8", "10", "11"] + [f"12-{n}" for n in range(1, 10)]
    assert [table.annex for table in document.tables] == labels
    assert len(document.tables) == 21 - 3  # 18 annexes; no table without its annex


@pytest.mark.parametrize("name", [STYLE_A, STYLE_B])
def test_every_cell_quotes_its_source_span(name):
    lines = corpus_lines(name)
    for table in corpus_document(name).tables:
        for row in table.header + table.body:
            for cell in row.cells:
                assert lines[cell.line - 1][cell.column - 1:cell.end_column - 1] == cell.text


def test_blank_and_zero_cells_are_kept_apart():
    document = corpus_document(STYLE_A)
    three_public = table_at(document, 147).body[0]
    assert [cell.text for cell in three_public.cells][:3] == ["6.00", "", "5.50"]
    budget = table_at(document, 223)
    purchase = table_at(corpus_document(STYLE_A), 211)
    assert all(cell.text == "" for row in purchase.body for cell in row.cells[1:])
    subsidy = table_at(document, 239).body[1]  # 当年预算金额 | 40.00 | | 补助街镇 | 0
    assert [cell.text for cell in subsidy.cells][3:5] == ["补助街镇", "0"]
    assert budget.header == ()
