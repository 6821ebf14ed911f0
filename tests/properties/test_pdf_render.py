"""The PDF renderer of generated documents (engine/testing/synth/pdf.py), checked against pdfplumber.

pdfplumber is the reference the issue names for tables (a test-time tool only): the tables it
finds in a rendered PDF, page by page, must be the tables the renderer says it drew, cell for
cell. That guards the round-trip property (test_pdf_roundtrip.py): a mismatch there must be the
reader's, not the renderer's. pdfplumber reads ~20 pages/s, so three examples run by default
(48 documents, every style and grid, matched when this was written).
"""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import given, settings

from engine.testing.synth import generate_budget, render
from engine.testing.synth.pdf_grid import Span, edges, header_spans, wrap
from tests.properties.pdf import missing_renderer
from tests.strategies import Generated, documents, grid_styles

pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber (test extra) is the reference for the rendered tables")
needs_renderer = pytest.mark.skipif(missing_renderer() is not None, reason=str(missing_renderer()))


def compact(text) -> str:
    """A cell's text without whitespace: the renderer wraps long cells, pdfplumber joins lines with
    newlines, and a space where a line broke is not drawn."""
    return "".join((text or "").split())


def extracted_tables(data: bytes) -> list[tuple[int, bool, tuple[tuple[str, ...], ...]]]:
    """(page, landscape, rows) of every table pdfplumber finds, in page order."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for table in page.extract_tables():
                found.append((number, page.width > page.height, tuple(tuple(compact(cell) for cell in row) for row in table)))
    return found


def render_one(seed: int, style: str, grid: str):
    from engine.testing.synth.pdf import render_pdf

    return render_pdf(render(generate_budget(random.Random(seed)), style, seed), grid)


@needs_renderer
@settings(max_examples=3 if settings().max_examples < 1000 else 300)  # ~0.9 s each; the long profile runs 300
@given(documents(), grid_styles())
def test_pdfplumber_finds_the_tables_the_renderer_drew(generated: Generated, grid: str):
    from engine.testing.synth.pdf import render_pdf

    drawn = render_pdf(generated.rendered, grid)
    expected = [(table.page, table.landscape, tuple(tuple(compact(cell) for cell in row) for row in table.rows))
                for table in drawn.tables]
    assert extracted_tables(drawn.data) == expected
    assert len(drawn.tables) >= len(generated.rendered.layouts)


@needs_renderer
def test_a_continuation_page_carries_grid_rows_only():
    """Style B's 财政拨款收支总表 (30+ rows) goes on over a page that has no title and no header."""
    drawn = render_one(3, "B", "strokes")
    continued = [table for table in drawn.tables if table.header_rows == 0]
    assert continued, "expected a table split over pages"
    with pdfplumber.open(io.BytesIO(drawn.data)) as pdf:
        for table in continued:
            page = pdf.pages[table.page - 1]
            grid_top = min(found.bbox[1] for found in page.find_tables())
            above = [word["text"] for word in page.extract_words() if word["bottom"] <= grid_top]
            assert above == []


@needs_renderer
def test_each_grid_style_rules_its_tables_its_own_way():
    """strokes: line operators only; rectangles: filled rectangles only; segments: one short line per
    cell side, stopping short of the corners: many more lines than long strokes, none across the table."""
    counts = {}
    for grid in ("strokes", "rectangles", "segments"):
        with pdfplumber.open(io.BytesIO(render_one(3, "A", grid).data)) as pdf:
            page = next(page for page in pdf.pages if page.find_tables())
            counts[grid] = (len(page.lines), len(page.rects), max((line["width"] for line in page.lines), default=0),
                            float(page.find_tables()[0].bbox[2] - page.find_tables()[0].bbox[0]))
    assert counts["strokes"][1] == 0 and counts["strokes"][0] > 0
    assert counts["strokes"][2] == pytest.approx(counts["strokes"][3], abs=1)  # a stroke spans the table
    assert counts["rectangles"][0] == 0 and counts["rectangles"][1] > 0
    assert counts["segments"][1] == 0 and counts["segments"][0] > 2 * counts["strokes"][0]
    assert counts["segments"][2] < counts["segments"][3] - 1  # none reaches both table edges


def test_header_groups_become_merged_cells():
    """The 三公 header: a year over six columns, 公务用车购置及运行费 over three, 合计 over two rows."""
    header = [["2023年预算数", "", "", "", "", ""],
              ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
              ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]]
    spans = {(span.row, span.column): (span.rows, span.columns, span.text) for span in header_spans(header)}
    assert spans == {
        (0, 0): (1, 6, "2023年预算数"),
        (1, 0): (2, 1, "合计"), (1, 1): (2, 1, "因公出国（境）费"), (1, 2): (1, 3, "公务用车购置及运行费"),
        (1, 5): (2, 1, "公务接待费"),
        (2, 2): (1, 1, "小计"), (2, 3): (1, 1, "公务用车购置费"), (2, 4): (1, 1, "公务用车运行费"),
    }


def test_blank_cells_of_the_last_header_row_stay_cells():
    spans = header_spans([["项目名称", "某项目", "业务主管部门", "某局", ""]])
    assert [(span.columns, span.text) for span in spans] == [(1, "项目名称"), (1, "某项目"), (1, "业务主管部门"), (1, "某局"), (1, "")]


@pytest.mark.parametrize("text", ["一般公共服务支出 685.46 万元，比 2023 年增加 44.2 万元", "50010525T145912053966-后勤保障经费",
                                  "公务用车 运行维护 费", "（二）支出预算：2026年年初预算数599.59万元"])
@pytest.mark.parametrize("width", [12.0, 30.0, 55.0, 400.0])
def test_wrapping_keeps_every_character_and_never_splits_a_short_figure(text: str, width: float):
    lines = wrap(text, width, len)  # one point per character
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # only spaces at breaks are dropped
    assert all(len(line) <= width for line in lines)
    for figure in ("685.46", "44.2", "599.59"):
        if figure in text and len(figure) <= width:
            assert any(figure in line for line in lines)


def test_segments_stop_short_of_the_corners_and_strokes_join_them():
    spans = [Span(0, 0, 1, 2, "a"), Span(1, 0, 1, 1, "b"), Span(1, 1, 1, 1, "c")]
    xs, ys = [0.0, 10.0, 20.0], [0.0, 5.0, 10.0]
    strokes = list(edges(spans, xs, ys, "strokes"))
    assert sum(1 for edge in strokes if edge.y0 == edge.y1) == 3  # three full-width horizontal rules
    assert all(edge.x1 - edge.x0 == 20 for edge in strokes if edge.y0 == edge.y1)
    segments = list(edges(spans, xs, ys, "segments", gap=1.0))
    assert len(segments) == 12 and all(edge.x1 - edge.x0 in (8.0, 18.0) for edge in segments if edge.y0 == edge.y1)
