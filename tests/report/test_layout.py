"""The text report's columns: display widths of CJK text and the `simple` table layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tabulate import tabulate

from engine.model import Citation, DocumentResult, Finding
from engine.report.layout import simple_table
from engine.report.text import render_document
from engine.util.display_width import display_width

_WIDE_KNOWN = "".join(chr(code) for code in range(0x4E00, 0x4E40)) + "（），：“”、。"
_cell_text = st.text(alphabet=st.sampled_from("abc XYZ.-_/0123456789" + _WIDE_KNOWN), max_size=12)
_cells = st.lists(_cell_text, min_size=1, max_size=3).map(lambda lines: "r" + "\n".join(lines))  # never a number


@given(st.lists(st.tuples(_cells, _cells, _cells), min_size=1, max_size=5))
def test_the_layout_is_tabulates_simple_layout(rows):
    pytest.importorskip("wcwidth")  # without it tabulate counts a CJK character as one cell
    headers = ["rule", "severity", "finding and citations"]
    assert simple_table(rows, headers) == tabulate(rows, headers=headers, tablefmt="simple")


_label = st.text(alphabet=st.sampled_from("abcXYZ-_:. "), min_size=1, max_size=20).map(lambda text: "r" + text.strip())


@given(st.lists(st.tuples(_label, st.integers(0, 10**7), _label), min_size=1, max_size=6))
def test_a_right_aligned_column_is_laid_out_as_tabulate_lays_out_numbers(rows):
    headers = ["top rules", "findings", "title"]
    texts = [[label, str(count), title] for label, count, title in rows]
    assert simple_table(texts, headers, right=(1,)) == tabulate(rows, headers=headers, tablefmt="simple")


def test_the_run_summary_right_aligns_its_counts():
    from engine.report.overview import render_overview
    from engine.report.summary import Summary
    from engine.workflow.triage import Tally

    summary = Summary()
    summary.add(DocumentResult("a.txt", "checked", (Finding("BUD-A01", "error", "fail", "不平衡"),)))
    lines = render_overview(summary, Tally(), {"BUD-A01": "部门收支总表收入总计与支出总计不相等"}).splitlines()
    assert lines[0] == "summary                             count"
    assert lines[2] == "documents checked                       1"
    assert lines[9] == "top rules      findings  title"
    assert lines[10] == "-----------  ----------  " + "-" * 36  # 18 characters two cells wide
    assert lines[11] == "BUD-A01               1  部门收支总表收入总计与支出总计不相等"


def test_columns_line_up_in_display_cells_and_a_tab_in_a_quote_does_not_break_them():
    citation = Citation(path="a.txt", line=3, quote="项目名称\t50015222T0000011", table="项目支出表")
    finding = Finding("BUD-F04-1", "error", "fail", "项目编码不符合格式", citations=(citation,))
    text = render_document(DocumentResult("a.txt", "checked", (finding,)))
    lines = text.splitlines()
    assert "\t" not in text
    rule_line = lines[3]
    dashes = lines[2].split("  ")
    assert [len(dash) for dash in dashes[:2]] == [9, 10]
    widest = max(display_width(line[len("BUD-F04-1  error       "):]) for line in lines[3:])
    assert len(dashes[2]) == widest  # the rule under the widest line, counted in cells
    assert rule_line.startswith("BUD-F04-1  error       项目编码")
    assert lines[4] == " " * len("BUD-F04-1  error       ") + "a.txt:3: 项目名称 50015222T0000011 [项目支出表]"
