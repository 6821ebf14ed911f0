"""Findings -> the stable JSON report integrators depend on (documented in the README).

`report_data` is the report as a value; `JsonReport` writes the same report as documents arrive.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from engine import __version__
from engine.model import Citation, DocumentResult, Finding
from engine.record import frozen
from engine.report.stream import ReportWriter, render_with
from engine.report.summary import Summary
from engine.util.jsonstream import JsonArray, Spool, Write, array_items_text, json_members
from engine.workflow.fingerprint import fingerprint
from engine.workflow.triage import Tally
from engine.workflow.waivers import WaivedFinding

SCHEMA_VERSION = 1


def citation_data(citation: Citation) -> dict:
    data = {"path": citation.path, "line": citation.line, "quote": citation.quote, "value": citation.value}
    for key in ("table", "row", "column", "page"):
        value = getattr(citation, key)
        if value is not None:
            data[key] = value
    if citation.bbox is not None:
        data["bbox"] = list(citation.bbox)
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
    if result.coverage is not None:
        data["coverage"] = result.coverage.as_dict()
    if result.bundle is not None:  # one disclosure published as several files: `path` is the first of `parts`
        data["bundle"] = result.bundle.as_dict()
    data["findings"] = [finding_data(finding) for finding in result.findings]
    if verbose:
        data["rules"] = [
            {"rule": status.rule, "status": status.status, **({"reason": status.reason} if status.reason else {})}
            for status in result.statuses
        ]
    return data


def waived_data(item: WaivedFinding) -> dict:
    return {"document": item.document, "rule": item.finding.rule, "fingerprint": fingerprint(item.finding),
            "reason": item.waiver.reason, "waiver": item.waiver.index}


def summary_data(summary: Summary, tally: Optional[Tally] = None) -> dict:
    data = summary.as_dict()
    if tally is not None:
        data.update({
            "waived": tally.waived, "baseline_known": tally.known,
            "stale_waivers": [waiver.index for waiver in tally.stale],
            "expired_waivers": [waiver.index for waiver in tally.expired],
        })
    return data


def _head() -> dict:
    return {"rulecheck_version": __version__, "schema_version": SCHEMA_VERSION}


def report_data(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> dict:
    return {
        **_head(),
        "documents": [document_data(result, verbose) for result in results],
        "summary": summary.as_dict(),
    }


@frozen
class JsonRendering:
    """A document's part of the JSON report: its entry in `documents`, and its waived findings (with `triaged`)."""

    verbose: bool = False
    triaged: bool = False

    def __call__(self, result: DocumentResult, waived: tuple[WaivedFinding, ...] = ()) -> tuple[str, str, int]:
        document = array_items_text((document_data(result, self.verbose),), 2)
        if not (self.triaged and waived):
            return document, "", 0
        return document, array_items_text([waived_data(item) for item in waived], 2), len(waived)


class JsonReport(ReportWriter):
    """The JSON report written as documents arrive: the same bytes as json.dumps(report_data(...), indent=2).

    `documents` precedes `summary`, so each document is written when it arrives. With `triaged`
    (the CLI), the summary also counts what triage set aside and a `waived` list follows it; the
    waived entries are spooled until then.
    """

    def __init__(self, write: Write, verbose: bool = False, triaged: bool = False):
        super().__init__(write)
        self.render = JsonRendering(verbose, triaged)
        self.documents = JsonArray(write, 2)
        self.spool = Spool() if triaged else None
        self.waived_items = JsonArray(self.spool.write, 2) if self.spool else None

    def begin(self) -> None:
        self.write("{\n" + json_members(_head(), 1) + ',\n  "documents": ')

    def put(self, part: tuple[str, str, int]) -> None:
        document, waived, count = part
        self.documents.add_text(document, 1)
        if count:
            assert self.waived_items is not None  # waived findings are rendered only when triaged
            self.waived_items.add_text(waived, count)

    def waived(self, items: tuple[WaivedFinding, ...]) -> None:
        if self.waived_items is None:
            return
        for item in items:
            self.waived_items.add(waived_data(item))

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        self.documents.close()
        self.write(",\n" + json_members({"summary": summary_data(summary or Summary(), tally)}, 1))
        if self.spool is not None:
            self.write(',\n  "waived": ')
            assert self.waived_items is not None  # made with the spool
            self.waived_items.close()
            self.spool.copy_to(self.write)
        self.write("\n}\n")


def render_json(results: Iterable[DocumentResult], summary: Summary, verbose: bool = False) -> str:
    return render_with(lambda write: JsonReport(write, verbose), results, summary)
