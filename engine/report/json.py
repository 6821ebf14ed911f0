"""Findings -> the stable JSON report integrators depend on (documented in the README)."""

from __future__ import annotations

import json
from typing import Iterable

from engine import __version__
from engine.fingerprint import fingerprint
from engine.model import Citation, Finding
from engine.report.summary import Summary
from engine.run import DocumentResult

SCHEMA_VERSION = 1


def citation_data(citation: Citation) -> dict:
    data = {"path": citation.path, "line": citation.line, "quote": citation.quote, "value": citation.value}
    for key in ("table", "row", "column", "page"):
        value = getattr(citation, key)
        if value is not None:
            data[key] = value
    return data


def finding_data(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "status": finding.status,
        "message": finding.message,
        "expected": finding.expected,
        "found": finding.found,
        "legal_basis": finding.citation,
        "citations": [citation_data(citation) for citation in finding.citations],
        "fingerprint": fingerprint(finding),
    }


def document_data(result: DocumentResult, verbose: bool = False) -> dict:
    data: dict = {"path": result.path, "status": result.status}
    if result.error is not None:
        data["error"] = result.error
    data["findings"] = [finding_data(finding) for finding in result.findings]
    if verbose:
        data["rules"] = [
            {"rule": status.rule, "status": status.status, **({"reason": status.reason} if status.reason else {})}
            for status in result.statuses
        ]
    return data


def report_data(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> dict:
    return {
        "rulecheck_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "documents": [document_data(result, verbose) for result in results],
        "summary": summary.as_dict(),
    }


def render_json(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> str:
    return json.dumps(report_data(results, summary, verbose), ensure_ascii=False, indent=2) + "\n"
