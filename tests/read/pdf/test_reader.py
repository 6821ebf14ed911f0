"""The PDF reader on small made-up inputs: grids from rulings, lines by baseline, formats by content."""

import io
import json
from pathlib import Path

from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from engine.cli.commands import main
from engine.read.pdf import lay_out_pdf
from engine.read.pdf.grid import find_grids
from engine.read.pdf.layout import _is_furniture, lay_out_page
from engine.read.pdf.lines import group_lines
from engine.read.pdf.page import Glyph, PageContents, Rule
from engine.read.pdf.render import render_pages

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _lattice(xs, ys, skip=()):
    """Rulings of a grid over xs × ys; `skip` names vertical pieces (x index, row) left out."""
    rules = [Rule(xs[0], y, xs[-1], y) for y in ys]
    for index, x in enumerate(xs):
        for row in range(len(ys) - 1):
            if (index, row) not in skip:
                rules.append(Rule(x, ys[row], x, ys[row + 1]))
    return rules


def test_a_missing_line_merges_two_cells_and_nearby_lines_snap():
    rules = _lattice([10, 60, 110, 160], [10, 30, 50], skip={(1, 0)})
    rules.append(Rule(10, 51.5, 160, 51.5))  # drawn twice, 1.5 pt apart: one line
    (grid,) = find_grids(rules)
    assert grid.columns == 3 and grid.rows == 2
    header = grid.cells[grid.cell_at(30, 20)]
    assert (header.row, header.column, header.column_span) == (0, 0, 2)
    assert grid.cell_at(80, 20) == grid.cell_at(30, 20)
    assert grid.cell_at(80, 40) != grid.cell_at(30, 40)


def test_per_cell_segments_with_small_gaps_are_joined():
    rules = [Rule(x0, y, x0 + 49, y) for y in (10, 30, 50) for x0 in (10, 60, 110)]
    rules += [Rule(x, y0, x, y0 + 19) for x in (10, 60, 110, 160) for y0 in (10, 30)]
    (grid,) = find_grids(rules)
    assert (grid.rows, grid.columns) == (2, 3) and len(grid.cells) == 6


def test_glyphs_on_one_baseline_are_one_line_whatever_their_tops():
    glyphs = [Glyph("预", 10, 100, 20, 112, 110), Glyph("算", 21, 100, 31, 112, 110),
              Glyph("1", 40, 104, 44, 110, 110, True), Glyph("2", 45, 104, 49, 110, 110)]
    (line,) = group_lines(list(reversed(glyphs)))
    assert line.text == "预算 12"


def test_a_folder_reports_other_formats_and_reads_pdfs(tmp_path):
    (tmp_path / "a.pdf").write_bytes((CORPUS / "103_shanghai_excel_pdfmaker.pdf").read_bytes())
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04rest")
    (tmp_path / "c.txt").write_text("某单位 2024年部门预算\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", str(tmp_path)])
    report = json.loads(result.stdout)
    statuses = {Path(d["path"]).name: d["status"] for d in report["documents"]}
    assert statuses == {"a.pdf": "checked", "b.xlsx": "unsupported", "c.txt": "checked"}
    assert report["summary"]["unsupported"] == 1 and report["summary"]["errors"] == 0
    pdf = next(d for d in report["documents"] if d["path"].endswith("a.pdf"))
    assert pdf["coverage"]["pages"] == 20 and pdf["coverage"]["tables"]
    cited = [c for f in pdf["findings"] for c in f["citations"]]
    assert cited and all(c["page"] >= 1 and len(c["bbox"]) == 4 for c in cited)


def test_layout_shows_pages_and_tables_with_header_paths():
    result = CliRunner().invoke(main, ["layout", str(CORPUS / "106_jiangsu_distiller.pdf")])
    assert result.exit_code == 0
    assert "== page 2" in result.output
    assert "[table] 收入预算总表 — kind: 部门收入总表" in result.output
    assert "column 2: 收入 / 金额" in result.output or "column 2: 收入" in result.output


def test_text_report_cites_pages():
    result = CliRunner().invoke(main, [str(CORPUS / "104_shenzhen_itext_forms.pdf")])
    assert "104_shenzhen_itext_forms.pdf:p" in result.output
    assert "coverage:" in result.output


def test_a_full_stop_does_not_cut_digits_below_the_text_baseline_into_a_line_of_their_own():
    # 重庆: CJK on baseline 333.8, digits (and their full stop, 2 pt tall) on 335.7; the stop's own
    # height used to be the measure, so '890.97' came out as '890' and '.97' on another line
    glyphs = [Glyph("算", 246.5, 322.3, 257.9, 335.5, 333.8), Glyph("8", 263.3, 324.3, 268.7, 334.0, 335.7),
              Glyph("9", 270.5, 324.6, 275.5, 334.0, 335.7), Glyph("0", 277.2, 324.7, 282.7, 333.9, 335.7),
              Glyph(".", 284.2, 331.8, 286.0, 333.7, 335.7), Glyph("9", 291.5, 324.6, 296.4, 334.0, 335.7),
              Glyph("7", 298.4, 324.4, 303.5, 333.8, 335.7), Glyph("万", 309.5, 323.8, 320.4, 335.1, 333.8)]
    (line,) = group_lines(glyphs)
    assert line.text == "算890.97万"


def test_lines_a_row_apart_stay_apart():
    glyphs = [Glyph("甲", 10, 100, 20, 111, 110), Glyph("乙", 10, 122, 20, 133, 132)]
    assert [line.text for line in group_lines(glyphs)] == ["甲", "乙"]


def _text_line(text, x0, top, size=9.6):
    glyphs = [Glyph(character, x0 + 6 * index, top, x0 + 6 * index + 5, top + size, top + size - 1, character == " ")
              for index, character in enumerate(text) if character != " "]
    return group_lines(glyphs)[0]


def test_a_letter_spaced_page_number_straddling_the_bottom_margin_is_furniture():
    # 重庆 landscape pages (595 pt high): '— 1 2 —' from 532.6 to 542.3, the margin starts at 535.8
    line = _text_line("— 1 2 —", 400, 532.6)
    assert line.text.replace(" ", "") == "—12—"
    assert _is_furniture(line, 595.3)
    assert not _is_furniture(_text_line("— 1 2 —", 400, 300), 595.3)  # mid-page: not furniture
    assert not _is_furniture(_text_line("合计 12", 400, 532.6), 595.3)


def _spaced_glyphs(text, x0, top, spaced=True):
    """Glyphs of `text` on one line, 5 pt wide with 1.5 pt between: character-spaced digits."""
    return [Glyph(character, x0 + 6.5 * index, top, x0 + 6.5 * index + 5, top + 7, top + 7, spaced)
            for index, character in enumerate(text)]


def test_on_a_letter_spaced_page_the_space_marks_do_not_split_figures():
    # 重庆 气象局 p14, 北京 宣传部 p15: pdfium marks every glyph of the page as following a space
    rules = _lattice([10, 100, 200, 300], [10, 30, 50, 70])
    rows = [("30114", "医疗费", "3.36"), ("30199", "其他工资福利支出", "3.40"), ("302", "商品和服务支出", "137.34")]
    glyphs = [glyph for row, texts in enumerate(rows) for column, text in enumerate(texts)
              for glyph in _spaced_glyphs(text, 12 + 100 * column, 16 + 20 * row)]
    page = PageContents(1, 400, 600, tuple(glyphs), tuple(rules), 0)
    (table,) = lay_out_page(page).blocks
    assert [[cell.text for cell in row] for row in table.rows] == [list(row) for row in rows]
    # the same marks on a page where few glyphs carry them are word spaces between Latin glyphs
    few = [glyph._replace(spaced=False) for glyph in glyphs[1:]] + [glyphs[0]] + _spaced_glyphs("12", 320, 300)
    lines = [block.line.text for block in lay_out_page(page._replace(glyphs=tuple(few))).blocks[1:]]
    assert lines == ["1 2"]


def test_a_grid_drawn_as_one_filled_path_of_thin_rectangles_is_a_grid():
    # 上海 福利彩票发行中心 p8: every horizontal line of the grid is a subpath of one filled path,
    # every vertical one of another; the path's box is the whole table, yet it is no background
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 300))
    xs, ys = (50, 150, 250, 350), (250, 220, 190)
    for lines in ([(xs[0], y - 0.6, xs[-1] - xs[0], 1.2) for y in ys], [(x - 0.6, ys[-1], 1.2, ys[0] - ys[-1]) for x in xs]):
        path = canvas.beginPath()
        for rectangle in lines:
            path.rect(*rectangle)
        canvas.drawPath(path, stroke=0, fill=1)
    for row, texts in enumerate([("229", "08", "1,781,570"), ("229", "99", "215,020,000")]):
        for column, text in enumerate(texts):
            canvas.drawString(xs[column] + 5, ys[row] - 20, text)
    canvas.save()
    (page,) = lay_out_pdf(buffer.getvalue())
    (table,) = page.blocks
    assert [[cell.text for cell in row] for row in table.rows] == [["229", "08", "1,781,570"], ["229", "99", "215,020,000"]]


def _grid_page(number, xs, ys, cells):
    """A page holding one ruled grid over xs × ys, with `cells` {(row, column): text} in it."""
    glyphs = [glyph for (row, column), text in cells.items() for glyph in _spaced_glyphs(text, xs[column] + 2, ys[row] + 5, False)]
    return lay_out_page(PageContents(number, 400, 600, tuple(glyphs), tuple(_lattice(xs, ys)), 0))


def test_a_last_page_whose_total_spans_the_code_columns_keeps_its_figures_under_their_headers():
    # 上海普陀区 万里街道 2024 p15: the 合计 row alone on its page, one cell over 类 | 款 | 名称
    xs = [10, 40, 70, 200, 300]
    first = _grid_page(1, xs, [100, 120, 140], {(0, 0): "类", (0, 1): "款", (0, 2): "名称", (0, 3): "合计",
                                                (1, 0): "201", (1, 1): "05", (1, 2): "统计", (1, 3): "7.00"})
    last = _grid_page(2, [10, 200, 300], [100, 120], {(0, 0): "合计", (0, 1): "7.00"})
    text, _ = render_pages([first, last])
    assert text.splitlines()[-1] == "合计\t\t\t7.00"
    other = _grid_page(2, [10, 150, 300], [100, 120], {(0, 0): "合计", (0, 1): "7.00"})  # an edge of its own
    assert render_pages([first, other])[0].splitlines()[-2:] == ["", "合计\t7.00"]


def test_an_empty_sliver_left_of_a_continuation_grid_does_not_keep_it_apart():
    # 北京 水务局 附件2 p17: the 合计 row's box starts 8.6 pt left of the table's edge
    xs = [74, 187, 308, 430]
    first = _grid_page(1, xs, [100, 120, 140], {(0, 0): "科目", (0, 1): "合计", (0, 2): "基本支出",
                                                (1, 0): "2050302", (1, 1): "7.00", (1, 2): "7.00"})
    last = _grid_page(2, [65.4] + xs, [100, 120], {(0, 1): "合计", (0, 3): "7.00"})  # its 合计 cell blank
    assert render_pages([first, last])[0].splitlines()[-1] == "合计\t\t7.00"
