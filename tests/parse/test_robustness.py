"""Arbitrary text parses and yields facts without an exception, and every cell stays citable."""

from hypothesis import given
from hypothesis import strategies as st

from tests.parse.snippets import STYLE_A, STYLE_B, corpus_lines, facts_of, parse_text

PIECES = [
    "\t", "\n", "\n\n", "|", " ", "  ", "-", "（", "）", "(", ")", "：", "，", "。", "、", "%", "#", "## ",
    "一、", "（一）", "1.", "附件 1", "单位：万元", "编制单位：某局", "备注：无", "合计", "总计", "项目", "预算数",
    "2024年", "比上年增加", "与2023年持平", "万元", "元", "12.30", "(1.50)", "０.４", "1,234", "201", "20101",
    "某局部门收支总表", "基本支出", "类", "款", "项", "序号", "计量单位", "指标值", "权重",
]


@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_snippets_of_layout_pieces(text):
    _check(text)


@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    _check(text)


@given(st.data())
def test_shuffled_corpus_lines(data):
    lines = corpus_lines(STYLE_A) + corpus_lines(STYLE_B)
    chosen = data.draw(st.lists(st.sampled_from(lines), max_size=60))
    _check("\n".join(chosen))


def _check(text):
    document = parse_text(text)
    lines = text.split("\n")
    for table in document.tables:
        for row in table.header + table.body:
            for cell in row.cells:
                if cell.text:
                    assert lines[cell.line - 1][cell.column - 1:cell.end_column - 1] == cell.text
    facts = facts_of(text)
    for table in facts.tables:
        for item in table.rows:
            for fact in item.facts:
                assert fact.provenance.line >= 1
    for statement in facts.statements:
        assert statement.provenance.line <= len(lines)
