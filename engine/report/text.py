"""Findings -> a report for people: per document a table of findings, each with its citations.

Written document by document; the summary line (and, from the CLI, the overview table) ends it.
"""

from __future__ import annotations

from typing import Iterable, Optional

from engine.util.jsonstream import Piece, Write, joined
from engine.model import Citation
from engine.record import frozen
from engine.report.layout import simple_table
from engine.util.terminal_text import for_terminal
from engine.report.stream import ReportWriter, render_with
from engine.report.summary import Summary
from engine.model import DocumentResult
from engine.workflow.triage import Tally


def citation_line(citation: Citation) -> str:
    place = " / ".join(part for part in (citation.table, citation.row, citation.column) if part)
    value = f" = {citation.value}" if citation.value else ""
    where = f" [{place}]" if place else ""
    quote = citation.quote if len(citation.quote) <= 80 else citation.quote[:77] + "…"
    return f"{citation.path}:{citation.line}: {quote}{where}{value}"


def render_document(result: DocumentResult, verbose: bool = False) -> str:
    if result.status == "error":
        return f"{result.path}: error: {result.error}\n"
    lines = [f"{result.path}: {len(result.findings)} finding(s)"]
    rows = []
    for finding in result.findings:
        cited = "\n".join(citation_line(citation) for citation in finding.citations)
        rows.append([finding.rule, finding.severity, f"{finding.message}\n{cited}".strip()])
    if rows:
        lines.append(simple_table(rows, ["rule", "severity", "finding and citations"]))
    if verbose:
        for status in result.statuses:
            if status.status == "not_applicable":
                lines.append(f"  not applicable: {status.rule}: {status.reason}")
    return "\n".join(lines) + "\n"


@frozen
class TextRendering:
    verbose: bool = False

    def __call__(self, result: DocumentResult, waived=()) -> str:
        return for_terminal(render_document(result, self.verbose))  # document text and names may hold escapes


class TextReport(ReportWriter):
    """Each document's section as it arrives, sections separated by a blank line, then the summary line."""

    def __init__(self, write: Write, verbose: bool = False):
        super().__init__(write)
        self.render, self.count = TextRendering(verbose), 0

    def put(self, part: Piece) -> None:
        self.write(joined("\n" if self.count else "", part))
        self.count += 1

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        self.write(("\n" if self.count else "") + (summary or Summary()).line() + "\n")


def render_text(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> str:
    return render_with(lambda write: TextReport(write, verbose), results, summary)
