"""Findings + rule metadata -> a SARIF 2.1.0 log, for code-scanning dashboards and review tools.

One run; `tool.driver.rules` describes every rule that was checked (title, why, legal basis,
so a reviewer reads the regulation next to the finding); each result lists a physicalLocation
for every cited operand (the total and each item), because in a budget table the defect is
the disagreement between places, not one place. Table, row and column go to `properties`:
SARIF has no notion of a table cell. A document that could not be read becomes a tool
execution notification, not a result: it is a failure of the run, not of the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional
from urllib.parse import quote

from engine import __version__
from engine.language.compile.compiler import RuleInfo
from engine.model import Citation, DocumentResult, Finding
from engine.report.stream import ReportWriter, render_with
from engine.report.summary import Summary
from engine.util.jsonstream import JsonArray, Spool, Write, array_items_text, json_members
from engine.workflow.fingerprint import fingerprint
from engine.workflow.triage import Tally
from engine.workflow.waivers import WaivedFinding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/rulecheck/rulecheck"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(info: RuleInfo) -> dict:
    help_text = "\n\n".join(
        part for part in (info.why, f"Legal basis: {info.citation}" if info.citation else "") if part
    )
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.why or info.title},
        "help": {"text": help_text or info.title},
        "defaultConfiguration": {"level": _LEVELS.get(info.severity, "warning")},
        "properties": {"legal_basis": info.citation, "source": f"{info.path}:{info.line}"},
    }


def artifact_uri(path: str) -> str:
    """A document's path as a URI reference (RFC 3986): each byte outside the unreserved set and
    `/` percent-encoded as UTF-8, so Chinese names, spaces, `%` and a `:` that would read as a
    scheme stay one valid reference a SARIF viewer resolves back to the file."""
    return quote(path, safe="/")


def location(citation: Citation) -> dict:
    data: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(citation.path)},
            "region": {"startLine": citation.line, "snippet": {"text": citation.quote}},
        }
    }
    properties = {
        key: getattr(citation, key)
        for key in ("table", "row", "column", "value", "page")
        if getattr(citation, key) is not None
    }
    if citation.bbox is not None:
        properties["bbox"] = list(citation.bbox)
    if properties:
        data["properties"] = properties
    return data


def result_data(finding: Finding, document: str, rule_index: dict) -> dict:
    locations = [location(citation) for citation in finding.citations]
    if not locations:
        locations = [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(document)}}}]
    data: dict = {
        "ruleId": finding.rule,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": locations,
        "partialFingerprints": {"rulecheck/v1": fingerprint(finding)},
        "properties": {
            "status": finding.status,
            "expected": finding.expected,
            "found": finding.found,
            "legal_basis": finding.citation,
        },
    }
    if finding.rule in rule_index:
        data["ruleIndex"] = rule_index[finding.rule]
    return data


def _driver(infos: list[RuleInfo]) -> dict:
    return {
        "driver": {
            "name": "rulecheck",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(info) for info in infos],
        }
    }


class SarifRendering:
    """A document's part of the SARIF log: its artifact, its notification if it could not be read, its results."""

    def __init__(self, rule_index: dict[str, int]):
        self.rule_index = rule_index

    def __call__(self, result: DocumentResult, waived: tuple[WaivedFinding, ...] = ()) -> tuple[str, str, str, int]:
        artifact = array_items_text(({"location": {"uri": artifact_uri(result.path)}},), 4)
        notification = (
            array_items_text(
                (
                    {
                        "level": "error" if result.status == "error" else "note",
                        "message": {"text": f"{result.path}: {result.error}"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(result.path)}}}],
                    },
                ),
                6,
            )
            if result.status in ("error", "unsupported")
            else ""
        )
        results = array_items_text(
            [result_data(finding, result.path, self.rule_index) for finding in result.findings], 4
        )
        return artifact, notification, results, len(result.findings)


class SarifReport(ReportWriter):
    """The SARIF log written as documents arrive, byte-identical to json.dumps of the whole log.

    The log's order is fixed: tool, artifacts, invocations (whose notifications and success flag
    are known only at the end), results. Tool and artifacts go straight out; notifications and
    results are spooled and copied into place by `end`.
    """

    def __init__(self, write: Write, infos: Iterable[RuleInfo]):
        super().__init__(write)
        self.infos = sorted(infos, key=lambda info: info.code)
        self.render = SarifRendering({info.code: index for index, info in enumerate(self.infos)})
        self.artifacts = JsonArray(write, 4)
        self.notification_spool, self.result_spool = Spool(), Spool()
        self.notifications = JsonArray(self.notification_spool.write, 6)
        self.results = JsonArray(self.result_spool.write, 4)

    def begin(self) -> None:
        self.write(
            "{\n"
            + json_members({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION}, 1)
            + ',\n  "runs": [\n    {\n'
            + json_members({"tool": _driver(self.infos)}, 3)
            + ',\n      "artifacts": '
        )

    def put(self, part: tuple[str, str, str, int]) -> None:
        artifact, notification, results, count = part
        self.artifacts.add_text(artifact, 1)
        if notification:
            self.notifications.add_text(notification, 1)
        self.results.add_text(results, count)

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        self.artifacts.close()
        self.write(
            ',\n      "invocations": [\n        {\n'
            + json_members({"executionSuccessful": not self.notifications.count}, 5)
            + ',\n          "toolExecutionNotifications": '
        )
        self.notifications.close()
        self.notification_spool.copy_to(self.write)
        self.write('\n        }\n      ],\n      "results": ')
        self.results.close()
        self.result_spool.copy_to(self.write)
        self.write(",\n" + json_members({"columnKind": "unicodeCodePoints"}, 3) + "\n    }\n  ]\n}\n")


def render_sarif(results: Iterable[DocumentResult], infos: Iterable[RuleInfo]) -> str:
    return render_with(lambda write: SarifReport(write, infos), results)
