"""Findings -> CSV, one row per finding per citation, for auditors who triage in a spreadsheet.

A finding citing a total and three items gives four rows sharing the finding's columns, so a
filter on a table, row or line shows every finding touching it. A finding with no citation
(a rule that could not be evaluated) still gets one row.

A cell is text from a document (labels, quotes, messages quoting them), and a spreadsheet runs
a cell that starts with = + - @ (or a tab or carriage return before one) as a formula:
`=HYPERLINK(...)` in a row label would become a live link. Such a cell is written with a leading
`'` (OWASP's CSV-injection advice); a plain number such as -12.50 stays as it is. The CLI starts
the file with a UTF-8 byte order mark (`--csv-bom no` leaves it out), without which Excel on a
Chinese Windows reads the file as GBK and shows mojibake.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from engine.model import DocumentResult
from engine.report.stream import ReportWriter, render_with
from engine.workflow.fingerprint import fingerprint

COLUMNS = ("document", "rule", "name", "severity", "status", "message", "expected", "found", "legal_basis",
           "fingerprint", "citation_path", "line", "table", "row", "column", "value", "quote", "page", "bbox")


def document_rows(result: DocumentResult, waived=()) -> str:
    """A document's rows, as CSV text."""
    rows = []
    for finding in result.findings:
        shared: list[object]  # texts, and a citation's line and page numbers
        shared = [result.path, finding.rule, finding.name, finding.severity, finding.status, finding.message,
                  finding.expected or "", finding.found or "", finding.citation, fingerprint(finding)]
        if not finding.citations:
            rows.append(shared + [""] * 9)
        rows.extend(shared + [citation.path, citation.line, citation.table or "", citation.row or "",
                              citation.column or "", citation.value or "", citation.quote,
                              "" if citation.page is None else citation.page,
                              "" if citation.bbox is None else " ".join(f"{value:g}" for value in citation.bbox)]
                    for citation in finding.citations)
    return _rows(rows)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")
BOM = "\ufeff"


def neutralised(cell):
    """The cell as a spreadsheet shows it but never runs it."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _rows(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([neutralised(cell) for cell in row] for row in rows)
    return buffer.getvalue()


class CsvReport(ReportWriter):
    """The header row, then each document's rows as it arrives."""

    render = staticmethod(document_rows)

    def __init__(self, write, bom: bool = False):
        super().__init__(write)
        self.bom = bom

    def begin(self) -> None:
        self.write((BOM if self.bom else "") + _rows([COLUMNS]))

    def put(self, part: str) -> None:
        if part:
            self.write(part)


def render_csv(results: Iterable[DocumentResult]) -> str:
    return render_with(CsvReport, results)
