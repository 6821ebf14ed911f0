"""A bundle in the HTML report: the document names its parts, and each citation shows the file it
cites (the lines around it read from that file), so an auditor opens 附件2, not 附件1."""

from __future__ import annotations

from engine.model import Bundle, Citation, DocumentResult, Finding
from engine.report.html import render_html


def test_a_bundle_citation_shows_the_lines_of_the_part_it_cites(open_report, tmp_path):
    narrative = tmp_path / "附件1：某局2026年度部门预算情况说明.txt"
    tables = tmp_path / "附件2：某局2026年度部门预算报表.txt"
    narrative.write_text("某局 2026 年部门预算情况说明\n收入预算 12.00 万元\n", encoding="utf-8")
    tables.write_text("部门收支总表\n单位：万元\n收入总计\t11.00\n", encoding="utf-8")
    citations = (Citation(str(narrative), 2, "收入预算 12.00 万元", "12.00"),
                 Citation(str(tables), 3, "11.00", "11.00", "部门收支总表", "收入总计", "预算数"))
    result = DocumentResult(str(narrative), "checked",
                            (Finding("BUD-N08-1", "error", "fail", "情况说明与总表不一致", citations),),
                            bundle=Bundle((str(narrative), str(tables)), "titles", "某局", 2026, "预算"))
    html_path = tmp_path / "bundle.html"
    html_path.write_text(render_html([result], []), encoding="utf-8")
    report = open_report(html_path)
    page = report.page
    page.evaluate("location.hash = 'd0'")
    page.wait_for_function("path => document.querySelector('#document .doc-head h2')?.textContent === path",
                           arg=str(narrative))
    assert f"bundle of 2 files: {narrative.name} + {tables.name}" in page.text_content("#document .doc-head")
    page.locator("#findings button.cite").nth(1).click()
    assert tables.name in page.text_content("#viewer .caption")
    assert "收入总计" in page.text_content("#viewer") and "收入预算 12.00" not in page.text_content("#viewer")
    page.locator("#findings button.cite").nth(0).click()
    assert "收入预算 12.00 万元" in page.text_content("#viewer")
    assert tables.name not in page.text_content("#viewer .caption")  # the document's own first file: no name
    assert report.outside() == [] and report.errors == []
