"""Read stage, HTML: a web page becomes the text layout the parser reads (engine/read/html.py)."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest

from engine.facts.tables import extract_facts
from engine.parse import parse_document
from engine.read import ReadError
from engine.read.html import decode_html, looks_like_html, read_html
from engine.vocabulary import default_vocabulary

REAL_PDF = Path(__file__).resolve().parents[3] / "shared" / "real-pdf"

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某区某局2024年部门预算-某区政府网</title>
<style>p { margin: 0 }</style><script>var year = "2023年";</script></head>
<body>
<nav><a href="/">首页</a> | <a href="/gk">政务公开</a></nav>
<div class="crumbs">首页 &gt; 预算公开</div>
<h1>重庆市某区某局 2024年部门预算情况说明</h1>
<div class="article">
<p>　　<b>一、部门收支总体情况</b></p>
<p>　　（一）收入预算：2024年年初预算数951.81万元，其中一般公共预算拨款951.81万元。<br>
　　（二）支出预算：2024年年初预算数951.81万元，比2023年增加
13.66万元。</p>
<p>重庆市某区某局一般公共预算财政拨款基本支出预算表</p>
<p style="text-align:right">单位：万元</p>
<table border="1">
<thead>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">2024年基本支出</th></tr>
<tr><th>合计</th><th>人员经费</th><th>公用经费</th></tr>
</thead>
<tbody>
<tr><td></td><td>合计</td><td>632.81</td><td>493.65</td><td>139.16</td></tr>
<tr><td>301</td><td>工资福利<br>支出</td><td>493.65</td><td>493.65</td><td></td></tr>
<tr><td>302</td><td>商品和服务支出</td><td>139.16</td><td></td><td>139.16</td></tr>
<tr><td></td><td></td><td></td><td></td><td></td></tr>
</tbody>
</table>
</div>
<footer>版权所有 某区政府网</footer>
</body></html>
"""

EXPECTED = """重庆市某区某局 2024年部门预算情况说明

一、部门收支总体情况

（一）收入预算：2024年年初预算数951.81万元，其中一般公共预算拨款951.81万元。

（二）支出预算：2024年年初预算数951.81万元，比2023年增加 13.66万元。

重庆市某区某局一般公共预算财政拨款基本支出预算表

单位：万元

科目编码\t科目名称\t2024年基本支出\t\t
\t\t合计\t人员经费\t公用经费
\t合计\t632.81\t493.65\t139.16
301\t工资福利支出\t493.65\t493.65\t
302\t商品和服务支出\t139.16\t\t139.16

"""


def facts_of(source):
    vocabulary = default_vocabulary()
    return extract_facts(parse_document(source, vocabulary), vocabulary)


def test_a_page_becomes_the_text_layout_with_spans_expanded():
    source = read_html(PAGE.encode("gb18030"), "budget/page.pdf")
    assert source.text == EXPECTED
    assert (source.path, source.encoding) == ("budget/page.pdf", "gb18030")


def test_the_table_of_a_page_yields_its_facts():
    facts = facts_of(read_html(PAGE.encode("gb18030"), "page.html"))
    (table,) = facts.tables
    assert table.kind == "基本支出表"
    assert [column.header for column in table.columns][-3:] == [
        ("2024年基本支出", "合计"), ("2024年基本支出", "人员经费"), ("2024年基本支出", "公用经费")]
    wages = next(row for row in table.rows if row.code == "301")
    assert wages.label == "工资福利支出"
    assert [fact.amount.value if fact.amount else None for fact in wages.facts] == [Decimal("493.65"), Decimal("493.65"), None]
    assert {statement.amount.value for statement in facts.statements} >= {Decimal("951.81")}


@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF8 + "<html><body><p>预算</p></body></html>".encode(), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "<html><body><p>预算</p></body></html>".encode("utf-16-le"), "utf-16"),
    ('<html><head><meta charset="utf-8"></head><body><p>预算</p></body></html>'.encode(), "utf-8"),
    ("<html><body><p>预算</p></body></html>".encode("gbk"), "gb18030"),  # undeclared, not UTF-8
    ('<meta charset="GBK"><p>预算</p>'.encode("gbk"), "gb18030"),
])
def test_encodings_from_mark_charset_or_fallback(data, encoding):
    text, found = decode_html(data, "a.html")
    assert "预算" in text and found == encoding


def test_sniffing_tells_pages_from_text_and_pdf():
    assert looks_like_html(b"  \n<!DOCTYPE html><html>")
    assert looks_like_html(codecs.BOM_UTF8 + b"<html lang='zh'>")
    assert looks_like_html(b"<!-- saved page --><html>")
    assert looks_like_html(codecs.BOM_UTF16_LE + "<!doctype html>".encode("utf-16-le"))
    assert not looks_like_html(b"%PDF-1.7\n")
    assert not looks_like_html("重庆市某局 2024年部门预算情况说明\n<附件>".encode())
    assert not looks_like_html(b"")


def test_layout_tables_are_read_as_text_and_their_inner_tables_as_tables():
    page = ("<html><body><table><tr><td><h2>某局2024年部门预算</h2><p>说明文字。</p>"
            "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>"
            "</td></tr></table></body></html>")
    assert read_html(page.encode("utf-8"), "a.html").text == "某局2024年部门预算\n\n说明文字。\n\n项目\t金额\n合计\t1.00\n\n"


def test_spans_that_overlap_or_run_past_the_table_are_contained():
    page = ("<table><tr><td rowspan='99'>甲</td><td colspan='2'>乙</td></tr>"
            "<tr><td>1</td><td>2</td></tr><tr><td colspan='x'>3</td></tr></table>")
    assert read_html(page.encode("utf-8"), "a.html").text == "甲\t乙\t\n\t1\t2\n\t3\t\n\n"


def test_deeply_nested_elements_give_their_text_not_a_recursion_error():
    page = "<div>" * 5000 + "预算说明" + "</div>" * 5000
    assert read_html(page.encode("utf-8"), "deep.html").text == "预算说明\n\n"


@pytest.mark.parametrize("data, reason", [
    (b"<html><head><script>x()</script></head><body> </body></html>", "an HTML page with no text in it"),
    (codecs.BOM_UTF8 + b"<html>\xff\xfe</html>", "invalid utf-8-sig bytes despite its byte-order mark"),
])
def test_pages_without_text_or_with_bad_bytes_are_refused_in_one_line(data, reason):
    with pytest.raises(ReadError) as raised:
        read_html(data, "bad.pdf")
    assert str(raised.value) == f"bad.pdf: {reason}"


def _real_page() -> Path:
    if not REAL_PDF.is_dir():
        pytest.skip(f"the real published files are not on this host ({REAL_PDF})")
    pages = [path for path in sorted((REAL_PDF / "budget").rglob("*")) if path.is_file()
             and looks_like_html(path.read_bytes()[:2048])]
    if not pages:
        pytest.skip(f"no web page among the files under {REAL_PDF / 'budget'}")
    return pages[0]


def test_the_real_web_page_saved_as_pdf_is_read_as_a_disclosure():
    """The 重庆 page holds no <table> (its tables are linked files): what it must yield is the
    title with year and unit, the sections, and the figures of its 情况说明 as statements."""
    path = _real_page()
    source = read_html(path.read_bytes(), path.name)
    vocabulary = default_vocabulary()
    document = parse_document(source, vocabulary)
    assert document.unit_name and document.title.startswith(document.unit_name)  # not the site's navigation
    assert document.budget_year is not None and str(document.budget_year) in document.title
    assert document.diagnostics == ()
    facts = extract_facts(document, vocabulary)
    concepts = {statement.concept for statement in facts.statements}
    assert {"三公经费", "基本支出", "项目支出", "公务接待费"} <= concepts
    assert len(facts.statements) >= 20 and len(facts.changes) >= 5
    assert len(document.sections) >= 6
