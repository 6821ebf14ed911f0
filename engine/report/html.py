"""Findings -> one self-contained HTML file an auditor opens in a browser, offline.

The overview (counts, top rules, the run's settings, a documents x rule-group heat map) is plain
HTML, so a run of a thousand documents opens at once; each document's findings, with the windows
and page images their citations point to, travel as JSON in a `<script type="application/json">`
that the page's script turns into elements only when the document is opened. Everything is
inline (style, script, images as data: URIs): the file references nothing outside itself.

Written like the other reports, a document at a time: its overview row and its detail are
rendered where it was checked (`HtmlRendering`) and spooled (in memory while small, then a
temporary file), because the overview that comes first in the file needs the run's totals, known
only at the end. The bytes depend only on the results, never on --jobs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from engine.language.compile.compiler import RuleInfo
from engine.model import Citation, DocumentResult, Finding
from engine.record import frozen
from engine.report.html_page import RunSettings, page_end, page_middle, page_start, script_json, table_start
from engine.report.html_places import locate
from engine.report.stream import ReportWriter, render_with
from engine.report.summary import Summary
from engine.util.jsonstream import Spool, Write
from engine.workflow.triage import Tally

__all__ = ["HtmlReport", "HtmlRendering", "RunSettings", "render_html", "rule_group"]

_GROUP = re.compile(r"^[^-]*-[A-Za-z]+")
SEVERITY_LETTERS = {"error": "e", "warning": "w", "info": "i"}
HEAT_LEVELS = (1, 2, 4, 8, 16)  # a heat-map cell's shade: findings at or above each bound


def rule_group(code: str, path: str = "") -> str:
    """A rule's group for the heat map: its ID up to the letters after the first dash (BUD-A07-1 ->
    BUD-A); an ID without letters there (the 决算 catalog's FA-038) is grouped by its rule file
    (FA balances), so a pack of numbered rules gives a column per file, not one per rule."""
    match = _GROUP.match(code)
    if match:
        return match.group(0)
    if path:
        return f"{code.split('-', 1)[0]} {Path(path).stem}"
    return code


@frozen
class HtmlRendering:
    """A document's part of the HTML report: its overview row, its detail JSON and its page images."""

    groups: tuple[str, ...]  # the heat map's columns
    cites: tuple[tuple[str, str], ...] = ()  # (rule, legal basis): a finding repeats its basis only when it differs
    group_of: tuple[tuple[str, str], ...] = ()  # (rule, its heat-map group)

    def __call__(self, result: DocumentResult, waived=()) -> tuple[str, str, str, tuple[str, ...]]:
        citations = [citation for finding in result.findings for citation in finding.citations]
        places = locate(result.path, citations)
        locations = iter(places.locations)
        basis = dict(self.cites)
        detail = {
            "path": result.path,
            "status": result.status,
            "error": result.error,
            "coverage": _coverage(result),
            **({"bundle": result.bundle.as_dict()} if result.bundle is not None else {}),
            "findings": [_finding_data(finding, locations, basis.get(finding.rule)) for finding in result.findings],
            "places": places.places,
        }
        unreadable = (
            "" if result.status != "error" else f"<li><b>{_e(result.path)}</b>: {_e(result.error or '')}</li>\n"
        )
        return (
            document_row(result, self.groups, dict(self.group_of)),
            unreadable,
            script_json(detail),
            tuple(places.images),
        )


def _finding_data(finding: Finding, locations, rule_basis: Optional[str]) -> dict:
    data: dict[str, object]
    data = {"rule": finding.rule, "severity": finding.severity, "status": finding.status, "message": finding.message}
    for key, value in (("expected", finding.expected), ("found", finding.found)):
        if value is not None:
            data[key] = value
    if finding.citation and finding.citation != rule_basis:
        data["basis"] = finding.citation
    data["cites"] = [{**_citation_data(citation), **next(locations)} for citation in finding.citations]
    return data


def _citation_data(citation: Citation) -> dict:
    data = {"line": citation.line, "quote": citation.quote}
    for key in ("value", "table", "row", "column", "page"):
        value = getattr(citation, key)
        if value is not None:
            data[key] = value
    return data


def _coverage(result: DocumentResult) -> Optional[dict]:
    """What the reader recognised in the document (the JSON report's `coverage`), when it was read."""
    return result.coverage.as_dict() if result.coverage is not None else None


def document_row(result: DocumentResult, groups: tuple[str, ...], group_of: Optional[dict[str, str]] = None) -> str:
    """The document's row of the overview table, without its opening `<tr` (the writer numbers it)."""
    counts: dict[tuple[str, str], int] = {}
    by_group: dict[str, dict[str, int]] = {}
    for finding in result.findings:
        letter = SEVERITY_LETTERS.get(finding.severity, "i")
        counts[(finding.rule, letter)] = counts.get((finding.rule, letter), 0) + 1
        group = by_group.setdefault((group_of or {}).get(finding.rule) or rule_group(finding.rule), {})
        group[letter] = group.get(letter, 0) + 1
    index = " ".join(f"{rule}:{letter}:{count}" for (rule, letter), count in sorted(counts.items()))
    totals = {letter: sum(count for (_, each), count in counts.items() if each == letter) for letter in "ewi"}
    if result.status == "error":
        status = f'<td class="status bad" title="{_e(result.error or "")}">unreadable</td>'
    else:
        status = '<td class="status">checked</td>'
    cells = [f'<td class="doc"><button class="open" type="button">{_e(result.path)}</button></td>', status]
    cells += [f'<td class="n s{letter}">{totals[letter] or ""}</td>' for letter in "ewi"]
    cells += _coverage_cells(_coverage(result))
    cells += [_heat_cell(group, by_group.get(group, {})) for group in groups]
    return f' data-f="{_e(index)}" data-s="{_e(result.status)}">' + "".join(cells) + "</tr>\n"


def _coverage_cells(coverage: Optional[dict]) -> list[str]:
    if coverage is None:
        return ['<td class="n cov" title="not reported for this document">–</td>'] * 3
    tables = coverage.get("tables") or {}
    recognised = sum(tables.values()) if isinstance(tables, dict) else 0
    unrecognised = len(coverage.get("unrecognized_tables") or ())
    blank = len(coverage.get("pages_without_text") or ())
    table_text = f"{recognised}" + (f' <span class="warn">+{unrecognised}?</span>' if unrecognised else "")
    pages = coverage.get("pages")
    page_text = "" if pages is None else f"{pages}" + (f' <span class="warn">({blank} blank)</span>' if blank else "")
    return [
        f'<td class="n cov">{table_text}</td>',
        f'<td class="n cov">{coverage.get("statements", "")}</td>',
        f'<td class="n cov">{page_text}</td>',
    ]


def _heat_cell(group: str, found: dict[str, int]) -> str:
    total = sum(found.values())
    if not total:
        return '<td class="heat"></td>'
    level = sum(1 for bound in HEAT_LEVELS if total >= bound)
    worst = next(letter for letter in "ewi" if found.get(letter))
    detail = ", ".join(f"{found[letter]} {name}" for name, letter in SEVERITY_LETTERS.items() if found.get(letter))
    return f'<td class="heat h{level} s{worst}" title="{_e(group)}: {detail}">{total}</td>'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class HtmlReport(ReportWriter):
    """Rows, unreadable documents and details spooled as documents arrive; the page written at the end."""

    def __init__(self, write: Write, infos: Iterable[RuleInfo], settings: Optional[RunSettings] = None):
        super().__init__(write)
        self.infos = sorted(infos, key=lambda info: info.code)
        group_of = tuple((info.code, rule_group(info.code, info.path)) for info in self.infos)
        self.groups = tuple(sorted({group for _, group in group_of}))
        self.render = HtmlRendering(self.groups, tuple((info.code, info.citation) for info in self.infos), group_of)
        self.settings = settings or RunSettings()
        self.rows, self.unreadable, self.details = Spool(), Spool(), Spool()
        self.count = 0

    def put(self, part: tuple) -> None:
        row, unreadable, detail, images = part
        number = self.count
        self.count += 1
        self.rows.write(f'<tr data-doc="{number}"')
        self.rows.write(row)
        if unreadable:
            self.unreadable.write(unreadable)
        self.details.write(f'<script type="application/json" id="d{number}">')
        self.details.write(detail)
        self.details.write("</script>\n")
        for index, image in enumerate(images):
            self.details.write(f'<script type="text/plain" id="d{number}i{index}">')
            self.details.write(image)
            self.details.write("</script>\n")

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        self.write(page_start(summary or Summary(), tally, self.infos, self.settings))
        self.unreadable.copy_to(self.write)
        self.write(table_start(self.groups))
        self.rows.copy_to(self.write)
        self.write(page_middle(self.infos))
        self.details.copy_to(self.write)
        self.write(page_end())


def render_html(
    results: Iterable[DocumentResult],
    infos: Iterable[RuleInfo],
    settings: Optional[RunSettings] = None,
    summary: Optional[Summary] = None,
) -> str:
    """The whole report as one string, from the same writer a run streams into; without `summary`
    the counts are taken from `results` (kept here, so pass a list)."""
    results = list(results)
    if summary is None:
        summary = Summary()
        for result in results:
            summary.add(result)
    return render_with(lambda write: HtmlReport(write, infos, settings), results, summary)
