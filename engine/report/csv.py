"""Findings -> CSV, one row per finding per citation, for auditors who triage in a spreadsheet.

A finding citing a total and three items gives four rows sharing the finding's columns, so a
filter on a table, row or line shows every finding touching it. A finding with no citation
(a rule that could not be evaluated) still gets one row. A UTF-8 byte order mark is not
written: spreadsheet users can import as UTF-8; programs should not have to strip it.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from engine.workflow.fingerprint import fingerprint
from engine.report.stream import ReportWriter, render_with
from engine.model import DocumentResult

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


def _rows(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


class CsvReport(ReportWriter):
    """The header row, then each document's rows as it arrives."""

    render = staticmethod(document_rows)

    def begin(self) -> None:
        self.write(_rows([COLUMNS]))

    def put(self, part: str) -> None:
        if part:
            self.write(part)


def render_csv(results: Iterable[DocumentResult]) -> str:
    return render_with(CsvReport, results)
