"""The HTML report in a real browser (issue 23): what an auditor sees and clicks.

The corpus report must show every finding of the JSON report, each citation leading to its
place with the cited characters marked; filters must narrow documents and findings; the file
must fetch nothing; a PDF citation must show its page with the cited box drawn where the figure
is. Screenshots go to each test's tmp_path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.commands import main
from engine.model import Citation, DocumentResult, Finding
from engine.report.html import render_html

ROOT = Path(__file__).resolve().parents[3]
REAL_PAGE = Path(__file__).parent / "data" / "shanghai-budget-page8.pdf"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus checked once, as JSON and as HTML."""
    folder = tmp_path_factory.mktemp("corpus-report")
    runner = CliRunner()
    for output_format in ("json", "html"):
        result = runner.invoke(main, ["corpus/", "--isolated", "--format", output_format,
                                      "--output", str(folder / f"report.{output_format}")])
        assert result.exit_code == 1, result.output
    return json.loads((folder / "report.json").read_text(encoding="utf-8")), folder / "report.html"


def open_document(report, number: int, path: str) -> None:
    report.page.evaluate(f"location.hash = 'd{number}'")
    report.page.wait_for_function("path => document.querySelector('#document .doc-head h2')?.textContent === path", arg=path)


def test_every_finding_of_the_json_report_is_shown(corpus, open_report, tmp_path):
    data, html_path = corpus
    report = open_report(html_path)
    report.shot(tmp_path, "overview")
    assert report.page.locator("#documents tbody tr").count() == len(data["documents"])
    shown = 0
    for number, document in enumerate(data["documents"]):
        open_document(report, number, document["path"])
        messages = report.page.eval_on_selector_all("#findings .finding .message", "nodes => nodes.map(n => n.textContent)")
        assert messages == [finding["message"] for finding in document["findings"]]
        codes = report.page.eval_on_selector_all("#findings .finding .code", "nodes => nodes.map(n => n.textContent)")
        assert codes == [finding["rule"] for finding in document["findings"]]
        shown += len(messages)
        report.shot(tmp_path, f"document-{number}")
    assert shown == sum(data["summary"]["findings"].values()) > 0
    assert report.errors == [] and report.outside() == []


CLICK_EVERY_CITATION = """() => Array.from(document.querySelectorAll('#findings button.cite')).map(button => {
  button.click();
  const viewer = document.querySelector('#viewer .scroll');
  const mark = viewer.querySelector('mark.current');
  if (!mark) return null;
  const shown = mark.getBoundingClientRect(), frame = viewer.getBoundingClientRect();
  const sup = mark.querySelector('sup');
  return {line: +mark.closest('.src-line').querySelector('.ln').textContent,
          text: mark.textContent.slice(0, mark.textContent.length - (sup ? sup.textContent.length : 0)),
          visible: shown.top >= frame.top && shown.bottom <= frame.bottom,
          current: button.classList.contains('current')};
})"""


def test_choosing_a_citation_shows_its_line_with_the_cited_text_marked(corpus, open_report, tmp_path):
    data, html_path = corpus
    report = open_report(html_path)
    checked = 0
    for number, document in enumerate(data["documents"]):
        if document["path"].endswith(".pdf"):
            continue  # a PDF citation shows its page: test_a_pdf_citation_shows_the_page_with_the_cited_box_where_the_figure_is
        open_document(report, number, document["path"])
        seen = report.page.evaluate(CLICK_EVERY_CITATION)
        cited = [citation for finding in document["findings"] for citation in finding["citations"]]
        assert len(seen) == len(cited)
        for citation, place in zip(cited, seen):
            assert place is not None, citation
            assert place["line"] == citation["line"] and place["current"] and place["visible"], (citation, place)
            if "table" in citation:  # a cell: exactly its text (blank cells too)
                assert place["text"] == citation["quote"], (citation, place)
            else:  # running text: the figure (or heading) within the quoted phrase
                assert place["text"] and place["text"] in citation["quote"], (citation, place)
                assert citation["value"] is None or citation["value"].lstrip("-") in place["text"], (citation, place)
            checked += 1
    assert checked > 100
    report.page.locator("#findings button.cite").nth(3).click()
    report.shot(tmp_path, "citation")
    assert report.outside() == []


def test_filters_narrow_documents_and_findings(corpus, open_report, tmp_path):
    data, html_path = corpus
    documents = data["documents"]
    report = open_report(html_path)
    page = report.page

    def visible_paths():
        return page.eval_on_selector_all("#documents tbody tr:not([hidden]) td.doc", "nodes => nodes.map(n => n.textContent)")

    page.uncheck("input[name=severity][value=error]")
    kept = [d["path"] for d in documents if any(f["severity"] != "error" for f in d["findings"])]
    assert visible_paths() == kept
    open_document(report, 1, documents[1]["path"])
    classes = page.eval_on_selector_all("#findings .finding", "nodes => nodes.map(n => n.className)")
    assert len(classes) == sum(f["severity"] != "error" for f in documents[1]["findings"]) and not any(" se" in c for c in classes)
    report.shot(tmp_path, "no-errors")
    page.click("#back")
    page.check("input[name=severity][value=error]")

    rule = "BUD-F07"
    page.select_option("#rule-filter", rule)
    assert visible_paths() == [d["path"] for d in documents if any(f["rule"] == rule for f in d["findings"])] != []
    page.select_option("#rule-filter", "")

    page.fill("#doc-filter", "003")
    page.wait_for_function("() => document.querySelectorAll('#documents tbody tr:not([hidden])').length === 1")
    assert visible_paths() == [d["path"] for d in documents if "003" in d["path"]]
    page.fill("#doc-filter", "")

    rules = json.loads(re.search(r'<script type="application/json" id="rules">(.*?)</script>',
                                 html_path.read_text(encoding="utf-8"), re.S).group(1))
    term = "卫生健康"
    expected = {d["path"]: sum(_mentions(f, d["path"], rules, term) for f in d["findings"]) for d in documents}
    page.fill("#text-filter", term)
    page.wait_for_function("() => /matching/.test(document.getElementById('shown').textContent)")
    assert visible_paths() == [path for path, count in expected.items() if count]
    assert f"{sum(expected.values())} matching finding(s)" in page.text_content("#shown")
    target = next(number for number, d in enumerate(documents) if expected[d["path"]])
    open_document(report, target, documents[target]["path"])
    assert page.locator("#findings .finding").count() == expected[documents[target]["path"]]
    report.shot(tmp_path, "search")
    assert report.errors == []


def _mentions(finding: dict, path: str, rules: dict, term: str) -> bool:
    """What the page's search looks at, from the JSON report."""
    texts = [finding["rule"], finding["message"], rules.get(finding["rule"], {}).get("title"), finding["expected"],
             finding["found"], path]
    for citation in finding["citations"]:
        texts += [citation.get(key) for key in ("quote", "table", "row", "column", "value")]
    return term in "\n".join(text for text in texts if text)


def test_the_report_references_nothing_outside_itself(corpus, open_report):
    _, html_path = corpus
    text = html_path.read_text(encoding="utf-8")
    assert not re.search(r"""(?<![.\w])(?:src|href|action|srcset|poster|data)=["']?(?!data:|#)""", text, re.I)
    assert not re.search(r"url\(|@import|https?:|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    report = open_report(html_path)
    for number in range(report.page.locator("#documents tbody tr").count()):
        report.page.evaluate(f"location.hash = 'd{number}'")
        report.page.evaluate("() => document.querySelectorAll('#findings button.cite').forEach(b => b.click())")
    assert report.outside() == [] and report.errors == []


def test_the_overview_fits_1280_pixels_and_prints_without_controls(corpus, open_report, tmp_path):
    _, html_path = corpus
    report = open_report(html_path)
    assert report.page.evaluate("document.documentElement.scrollWidth") <= 1280
    report.page.emulate_media(media="print")
    assert report.page.evaluate("getComputedStyle(document.querySelector('nav.filters')).display") == "none"
    report.shot(tmp_path, "print")


def _figures(pdf_path: Path) -> tuple[float, float, list[dict]]:
    """The page's size and its printed figures (1,234,567), located by pdfplumber: a reference
    independent of pypdfium2, which draws the page in the report."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber locates the figures in the reference PDF")
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        words = [word for word in page.extract_words() if re.fullmatch(r"\d{1,3}(,\d{3})+", word["text"])]
        return float(page.width), float(page.height), words


def test_a_pdf_citation_shows_the_page_with_the_cited_box_where_the_figure_is(open_report, tmp_path):
    width, height, figures = _figures(REAL_PAGE)
    chosen, other = figures[0], figures[5]
    citations = tuple(Citation(str(REAL_PAGE), 1, word["text"], word["text"], "2026年预算单位收入预算总表", row, column,
                               page=1, bbox=(word["x0"], word["top"], word["x1"], word["bottom"]))
                      for word, row, column in ((chosen, "教育支出", "合计"), (other, "职业教育", "事业收入")))
    result = DocumentResult(str(REAL_PAGE), "checked", (Finding("BUD-X01", "error", "fail", "两表数字不一致", citations),))
    html_path = tmp_path / "pdf.html"
    html_path.write_text(render_html([result], []), encoding="utf-8")
    report = open_report(html_path)
    open_document(report, 0, str(REAL_PAGE))
    page = report.page
    page.wait_for_function("() => { const i = document.querySelector('#viewer .page img'); return i && i.complete && i.naturalWidth > 0; }")
    image = page.locator("#viewer .page img").bounding_box()
    natural = page.evaluate("(() => { const i = document.querySelector('#viewer .page img'); return [i.naturalWidth, i.naturalHeight]; })()")
    assert abs(natural[0] / natural[1] - width / height) < 0.01
    assert page.locator("#viewer .box").count() == 2
    box = page.locator("#viewer .box.current").bounding_box()
    for placed, start, size, cited in ((box["x"], image["x"], image["width"], chosen["x0"] / width),
                                       (box["y"], image["y"], image["height"], chosen["top"] / height),
                                       (box["x"] + box["width"], image["x"], image["width"], chosen["x1"] / width),
                                       (box["y"] + box["height"], image["y"], image["height"], chosen["bottom"] / height)):
        assert abs((placed - start) / size - cited) < 0.004, (placed, start, size, cited)
    assert page.get_attribute("#viewer .box.current .tag", "title") == chosen["text"]  # the label: its number, the figure on hover
    assert "row: 教育支出" in page.text_content("#viewer .caption") and "column: 合计" in page.text_content("#viewer .caption")
    page.locator("#viewer .box.current").scroll_into_view_if_needed()
    inside = page.screenshot(clip={"x": box["x"] + 3, "y": box["y"] + 3, "width": box["width"] - 6, "height": box["height"] - 6})
    assert _dark_share(inside) > 0.03  # the figure's glyphs are drawn inside the outline
    report.shot(tmp_path, "pdf-citation")
    assert report.outside() == [] and report.errors == []


def _dark_share(png: bytes) -> float:
    from io import BytesIO

    from PIL import Image

    data = Image.open(BytesIO(png)).convert("RGB").tobytes()
    pixels = len(data) // 3
    return sum(1 for at in range(0, len(data), 3) if max(data[at:at + 3]) < 110) / pixels
