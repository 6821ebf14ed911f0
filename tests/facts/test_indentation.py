"""Row depth from indentation (engine/facts/indentation.py): 类/款/项 rows without codes, told
apart by how far a PDF indents their labels, and the 部门收支总表 sum that needs it (BUD-A12-1).

The drawn table is the shape of 杭州's 收支预算总表 (表1): each class is followed by its 款 one
character in and its 项 two characters in, all with figures; the classes alone add up to the total.
"""

import io

import pytest

from engine.evaluate import evaluate
from engine.facts.indentation import column_levels
from engine.facts.tables import extract_facts
from engine.parse import parse_document
from engine.read import read_source
from tests.properties.documents import shipped
from tests.properties.pdf import missing_renderer

SIZE = 9.0


def _extents(lefts, lengths, height=SIZE):
    return [(left, left + length * SIZE, height) for left, length in zip(lefts, lengths)]


def test_labels_stepping_in_get_their_level():
    extents = _extents([306.4, 316.5, 326.4, 306.6, 316.4, 326.3, 308.2], [6, 7, 8, 9, 10, 7, 11])
    assert column_levels(extents) == [0, 1, 2, 0, 1, 2, 0]


def test_a_glyph_that_starts_a_little_in_is_no_level_of_its_own():
    # 杭州 p15: '一、财政拨款' is drawn 5 pt right of '二、财政专户管理资金'; its parts are 40 pt in
    extents = _extents([48.0, 83.0, 82.6, 42.9, 43.1], [6, 6, 7, 10, 5], height=9.6)
    assert column_levels(extents) == [0, 1, 1, 0, 0]


def test_flush_labels_are_all_level_zero():
    assert column_levels(_extents([40.0, 40.3, 39.8], [4, 9, 6])) == [0, 0, 0]


def test_centred_labels_tell_no_level():
    # centred on x = 100: the left edges differ by the length of the text, not by its level
    lengths = [2, 6, 10, 4]
    extents = [(100 - n * SIZE / 2, 100 + n * SIZE / 2, SIZE) for n in lengths]
    assert column_levels(extents) is None


def test_right_aligned_labels_tell_no_level():
    lengths = [2, 6, 10]
    assert column_levels([(200 - n * SIZE, 200.0, SIZE) for n in lengths]) is None


ROWS = (  # label, depth (characters of indentation), figure
    ("科学技术支出", 0, "28.00"),
    ("技术研究与开发", 1, "28.00"),
    ("科技成果转化与扩散", 2, "28.00"),
    ("卫生健康支出", 0, "80.52"),
    ("行政事业单位医疗", 1, "80.52"),
    ("行政单位医疗", 2, "61.17"),
    ("事业单位医疗", 2, "19.35"),
    ("本年支出合计", 0, "108.52"),
)


def _summary_pdf(rows) -> bytes:
    """A ruled 收支预算总表 whose 支出 labels are indented one character per level."""
    from reportlab.pdfgen import canvas

    from engine.testing.synth.pdf import _register_font

    font = _register_font()
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(595.0, 842.0))
    sheet.setFont(font, 14)
    sheet.drawString(200, 790, "某局2026年部门收支预算总表")
    sheet.setFont(font, SIZE)
    sheet.drawString(60, 765, "部门名称：某局")
    sheet.drawString(460, 765, "单位：万元")
    xs = (50.0, 170.0, 250.0, 420.0, 520.0)
    height = 18.0
    body = [("一般公共预算", "108.52") if index == 0 else ("", "") for index in range(len(rows))]
    lines = [("收入", "", (0, "支出"), ""), ("项目", "预算数", (0, "项目"), "预算数")]
    for (income, income_figure), (label, depth, figure) in zip(body, rows):
        lines.append((income, income_figure, (depth, label), figure))
    lines.append(("本年收入合计", "108.52", (0, "支出总计"), "108.52"))
    top = 750.0
    bottom = top - height * len(lines)
    for index in range(len(lines) + 1):
        sheet.line(xs[0], top - index * height, xs[-1], top - index * height)
    for index, x in enumerate(xs):  # the first header row: 收入 and 支出 each over two columns
        sheet.line(x, top if index % 2 == 0 else top - height, x, bottom)
    for index, (income, income_figure, (depth, label), figure) in enumerate(lines):
        baseline = top - index * height - 13
        sheet.drawString(xs[0] + 3, baseline, income)
        sheet.drawRightString(xs[2] - 3, baseline, income_figure)
        sheet.drawString(xs[2] + 3 + depth * SIZE * 1.1, baseline, label)
        sheet.drawRightString(xs[4] - 3, baseline, figure)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def summary_facts(tmp_path_factory):
    reason = missing_renderer()
    if reason:
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("indentation") / "summary.pdf"
    path.write_bytes(_summary_pdf(ROWS))
    _, vocabulary = shipped()
    source = read_source(path, "summary.pdf")
    return extract_facts(parse_document(source, vocabulary), vocabulary)


def test_a_pdf_tables_indented_rows_carry_their_depth(summary_facts):
    (table,) = [table for table in summary_facts.tables if table.kind == "部门收支总表"]
    depths = {row.label: row.depth for row in table.rows if row.label in {label for label, _, _ in ROWS}}
    assert depths == {label: depth for label, depth, _ in ROWS}


def test_only_the_outermost_rows_add_up_to_the_spending_total(summary_facts):
    rulebook, vocabulary = shipped()
    evaluation = evaluate(rulebook.rule_set, summary_facts, vocabulary)
    (status,) = [status for status in evaluation.statuses if status.rule == "BUD-A12-1"]
    assert status.status == "pass", [finding.message for finding in evaluation.findings]
