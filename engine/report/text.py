"""Findings -> a report for people: per document a table of findings, each with its citations.

Written document by document; the summary line (and, from the CLI, the overview table) ends it.
Each document's header counts its findings by severity. A finding citing several cells of one
table names the table once, above them, instead of on every line (long official titles made
lines of 200 columns); a cell whose quote is its value is not printed twice. The frame is in
the run's language (engine.util.wording).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Optional

from engine.model import Bundle, Citation, Coverage, DocumentResult
from engine.record import frozen
from engine.report.layout import simple_table
from engine.report.stream import ReportWriter, render_with
from engine.report.summary import Summary
from engine.util.jsonstream import Piece, Write, joined
from engine.util.reasons import reason_in
from engine.util.terminal_text import for_terminal
from engine.util.wording import INTERFACE_DEFAULT, say, severity_counts, word
from engine.workflow.triage import Tally


def citation_line(citation: Citation, with_table: bool = True) -> str:
    place = " / ".join(part for part in (citation.table if with_table else None, citation.row, citation.column) if part)
    value = f" = {citation.value}" if citation.value and citation.value != citation.quote.strip() else ""
    where = f" [{place}]" if place else ""
    quote = citation.quote if len(citation.quote) <= 80 else citation.quote[:77] + "…"
    line = f"p{citation.page}" if citation.page is not None else citation.line  # a PDF is cited by page
    return f"{citation.path}:{line}: {quote}{where}{value}"


def citation_lines(citations: Sequence[Citation], language: str = INTERFACE_DEFAULT) -> list[str]:
    """One line per citation; consecutive citations of one table under one line naming it."""
    lines: list[str] = []
    index = 0
    while index < len(citations):
        table = citations[index].table
        end = index + 1
        while table and end < len(citations) and citations[end].table == table:
            end += 1
        if end - index > 1:
            lines.append(say("table-of-citations", language, table=table))
            lines.extend("  " + citation_line(citation, with_table=False) for citation in citations[index:end])
        else:
            lines.append(citation_line(citations[index]))
        index = end
    return lines


def bundle_line(bundle: Bundle, language: str = INTERFACE_DEFAULT) -> str:
    """The files of a bundle and why they are one: the unit, year and kind they share, or the manifest."""
    shared = " ".join(str(part) for part in (bundle.unit, bundle.year, bundle.kind) if part is not None)
    what = bundle.by if bundle.by != "titles" else shared or bundle.by
    pages = bundle.pages if len(bundle.pages) == len(bundle.parts) else (None,) * len(bundle.parts)
    parts = ", ".join(f"{path} ({count}p)" if count is not None else path for path, count in zip(bundle.parts, pages))
    return say("bundle-parts", language, count=len(bundle.parts), what=what, parts=parts)


def render_document(result: DocumentResult, verbose: bool = False, language: str = INTERFACE_DEFAULT) -> str:
    if result.status == "error":
        parts = f"\n{bundle_line(result.bundle, language)}" if result.bundle is not None else ""
        return say("document-error", language, path=result.path, error=result.error) + parts + "\n"
    if result.status == "unsupported":
        return f"{result.path}: {result.error}\n"
    header = say("document-findings", language, path=result.path, count=len(result.findings))
    if result.findings:
        header += say(
            "by-severity", language, counts=severity_counts(Counter(f.severity for f in result.findings), language)
        )
    lines = [header]
    if result.bundle is not None:
        lines.append(bundle_line(result.bundle, language))
    if result.coverage is not None:
        lines.append(coverage_line(result.coverage, language))
    rows = []
    for finding in result.findings:
        cited = "\n".join(citation_lines(finding.citations, language))
        rows.append([finding.rule, word(finding.severity, language), f"{finding.message}\n{cited}".strip()])
    if rows:
        lines.append(simple_table(rows, say("finding-headers", language).split("|")))
    if verbose:
        for status in result.statuses:
            if status.status == "not_applicable":
                reason = reason_in(status.reason, language)
                lines.append(say("not-applicable", language, rule=status.rule, reason=reason))
    return "\n".join(lines) + "\n"


def coverage_line(coverage: Coverage, language: str = INTERFACE_DEFAULT) -> str:
    """What was recognised in a document, in one line: tells "0 findings" from "nothing read"."""
    tables = sum(count for _, count in coverage.tables)
    parts = [say("coverage-tables", language, tables=tables, kinds=len(coverage.tables))]
    if coverage.unrecognized_tables:
        parts.append(say("coverage-unrecognised", language, count=len(coverage.unrecognized_tables)))
    parts.append(say("coverage-statements", language, count=coverage.statements))
    if coverage.pages is not None:
        parts.append(say("coverage-pages", language, count=coverage.pages))
        if coverage.pages_without_text:
            listed = ", ".join(str(page) for page in coverage.pages_without_text[:10])
            more = "…" if len(coverage.pages_without_text) > 10 else ""
            parts.append(say("coverage-no-text", language, pages=listed + more))
    return say("coverage", language, parts=say("coverage-separator", language).join(parts))


@frozen
class TextRendering:
    verbose: bool = False
    language: str = INTERFACE_DEFAULT

    def __call__(self, result: DocumentResult, waived=()) -> str:
        return for_terminal(
            render_document(result, self.verbose, self.language)
        )  # document text and names may hold escapes


class TextReport(ReportWriter):
    """Each document's section as it arrives, sections separated by a blank line, then the summary line."""

    def __init__(self, write: Write, verbose: bool = False, language: str = INTERFACE_DEFAULT):
        super().__init__(write)
        self.render, self.count = TextRendering(verbose, language), 0
        self.language = language

    def put(self, part: Piece) -> None:
        self.write(joined("\n" if self.count else "", part))
        self.count += 1

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        self.write(("\n" if self.count else "") + (summary or Summary()).line(self.language) + "\n")


def render_text(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> str:
    return render_with(lambda write: TextReport(write, verbose), results, summary)
