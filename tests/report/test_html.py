"""The HTML report without a browser: what the file holds, where it comes from, and that it streams.

What a reader sees is tested in a real browser (tests/report/browser/); here: the cited windows
and marks, the per-document data, the escaping that keeps data inside its <script>, the same bytes
whatever --jobs, and documents' parts spooled rather than kept.
"""

import json
import re

import pytest
from click.testing import CliRunner

from engine.cli.commands import main
from engine.language.compile.compiler import RuleInfo
from engine.model import Citation, Coverage, DocumentResult, Finding
from engine.report.html import HtmlReport, render_html, rule_group
from engine.report.html_places import CONTEXT_LINES, locate
from engine.report.summary import Summary
from tests.cli.documents import BALANCED, UNBALANCED, write


def details(page: str) -> dict[str, dict]:
    """Each document's detail JSON, by path."""
    found = re.findall(r'<script type="application/json" id="d\d+">(.*?)</script>', page, re.S)
    return {data["path"]: data for data in map(json.loads, found)}


def test_rule_group_is_the_id_up_to_its_letters():
    assert [rule_group(code) for code in ("BUD-A07-1", "BUD-C03", "BUD-P04-2", "ODD")] == ["BUD-A", "BUD-C", "BUD-P", "ODD"]
    assert rule_group("FA-038", "rules/final/balances.rule") == "FA balances"  # numbered IDs: by rule file


def test_a_cited_cell_is_marked_by_its_span_not_the_first_equal_figure(tmp_path):
    source = tmp_path / "doc.txt"
    lines = [f"line {number}" for number in range(1, 21)]
    lines[9] = "301\t工资福利支出\t586.04\t586.04"
    source.write_text("\n".join(lines), encoding="utf-8")
    second = lines[9].rindex("586.04") + 1
    cited = Citation(str(source), 10, "586.04", "586.04", "基本支出表", "工资福利支出", "合计", span=(second, second + 6))
    places = locate(str(source), [cited])
    window = places.places[places.locations[0]["place"]]
    assert window["first"] == 10 - CONTEXT_LINES and len(window["lines"]) == 2 * CONTEXT_LINES + 1
    start, end = places.locations[0]["mark"]
    assert (start, end) == (second - 1, second + 5) and lines[9][start:end] == "586.04"


def test_nearby_cited_lines_share_a_window_and_distant_ones_do_not(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text("\n".join(f"{number} 万元" for number in range(1, 101)), encoding="utf-8")
    citations = [Citation(str(source), line, f"{line} 万元") for line in (10, 14, 80)]
    places = locate(str(source), citations)
    assert [location["place"] for location in places.locations] == [0, 0, 1]
    assert places.places[0]["first"] == 7 and places.places[0]["first"] + len(places.places[0]["lines"]) - 1 == 17
    assert places.locations[1]["mark"] == [0, len("14 万元")]  # no span: the quote found in its line


def test_marks_count_utf16_units_as_javascript_does(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text("𠀀𠀀 合计 12.00\n", encoding="utf-8")  # two characters beyond the BMP before the figure
    places = locate(str(source), [Citation(str(source), 1, "12.00", "12.00", span=(7, 12))])
    assert places.locations[0]["mark"] == [8, 13]


def test_a_source_that_is_gone_is_a_missing_place_with_its_reason(tmp_path):
    places = locate(str(tmp_path / "gone.txt"), [Citation(str(tmp_path / "gone.txt"), 3, "1.00")])
    assert places.places[0]["kind"] == "missing" and "could not be read" in places.places[0]["reason"]


def test_a_pdf_that_cannot_be_opened_still_lists_its_citation(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    result = DocumentResult(str(broken), "checked", (Finding("BUD-A01", "error", "fail", "m", (
        Citation(str(broken), 1, "9.00", "9.00", page=2, bbox=(10.0, 10.0, 40.0, 20.0)),)),))
    data = details(render_html([result], []))[str(broken)]
    assert data["places"][0]["kind"] == "missing" and data["findings"][0]["cites"][0]["box"] == [10.0, 10.0, 40.0, 20.0]


def _info(code: str) -> RuleInfo:
    return RuleInfo(code=code, name="n", title=f"title of {code}", severity="error", citation="《预算法》", why="why",
                    message="m", path="x.rule", line=1, source="", examples=())


def test_data_cannot_close_its_script_element_and_the_overview_counts_documents(tmp_path):
    hostile = "</script><script>alert(1)</script><!--"
    result = DocumentResult("a.txt", "checked", (Finding("BUD-A01", "error", "fail", hostile),))
    unreadable = DocumentResult("b.txt", "error", error="cannot read: <bad>")
    page = render_html([result, unreadable], [_info("BUD-A01"), _info("BUD-C02")])
    assert page.count("</script>") == page.count("<script")  # only the report's own elements close
    assert "alert(1)" in page and "<script>alert" not in page
    assert details(page)["a.txt"]["findings"][0]["message"] == hostile
    assert "cannot read: &lt;bad&gt;" in page and "unreadable" in page
    assert re.search(r'<th class="heat-head" title="rule group BUD-A"><span>A</span>.*<span>C</span>', page)
    assert 'data-f="BUD-A01:e:1"' in page


def test_coverage_is_shown_when_a_result_carries_it():
    # the run's own Coverage record (a stand-in dict once hid that the page showed "–" for every document)
    coverage = Coverage((("三公经费表", 1), ("部门收支总表", 1)), ("x",), 12, pages=9, pages_without_text=(3,))
    result = DocumentResult("p.pdf", "checked", coverage=coverage)
    page = render_html([result], [])
    assert details(page)["p.pdf"]["coverage"]["statements"] == 12
    assert '<td class="n cov">2 <span class="warn">+1?</span></td>' in page and "(1 blank)" in page


def test_documents_are_spooled_until_the_overview_is_written(monkeypatch):
    """The overview comes first but needs the totals: documents' parts wait in spools, not in a list."""
    written = []
    report = HtmlReport(written.append, [_info("BUD-A01")])
    report.begin()
    for number in range(3):
        report.document(DocumentResult(f"d{number}.txt", "checked"))
    assert written == []  # nothing before the totals are known ...
    assert report.rows.file.tell() > 0 and report.details.file.tell() > 0  # ... and the parts are in the spools
    report.end(Summary(documents=3, checked=3))
    page = "".join(piece if isinstance(piece, str) else piece.decode() for piece in written)
    assert page.index("documents checked") < page.index('data-doc="0"') < page.index('id="rules"') < page.index('id="d0"')


@pytest.fixture
def documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for number in range(10):
        write(tmp_path / "docs", f"{number:02d}.txt", UNBALANCED if number % 3 else BALANCED)
    return tmp_path


def test_cli_html_is_the_same_bytes_whatever_the_jobs(documents):
    runner = CliRunner()
    one = runner.invoke(main, ["--format", "html", "--jobs", "1", "--output", "one.html", "docs"])
    two = runner.invoke(main, ["--format", "html", "--jobs", "2", "--output", "two.html", "docs"])
    assert one.exit_code == two.exit_code == 1, one.output
    first, second = (documents / "one.html").read_bytes(), (documents / "two.html").read_bytes()
    assert first == second and len(details(first.decode())) == 10
