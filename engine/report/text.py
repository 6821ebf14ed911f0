"""Findings -> a report for people: per document a table of findings, each with its citations."""

from __future__ import annotations

from typing import Iterable

from tabulate import tabulate

from engine.model import Citation
from engine.report.summary import Summary
from engine.run import DocumentResult


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
        lines.append(tabulate(rows, headers=["rule", "severity", "finding and citations"], tablefmt="simple"))
    if verbose:
        for status in result.statuses:
            if status.status == "not_applicable":
                lines.append(f"  not applicable: {status.rule}: {status.reason}")
    return "\n".join(lines) + "\n"


def render_text(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> str:
    parts = [render_document(result, verbose) for result in results]
    parts.append(summary.line() + "\n")
    return "\n".join(parts)
