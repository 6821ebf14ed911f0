"""Findings + rule metadata -> a SARIF 2.1.0 log, for code-scanning dashboards and review tools.

One run; `tool.driver.rules` describes every rule that was checked (title, why, legal basis,
so a reviewer reads the regulation next to the finding); each result lists a physicalLocation
for every cited operand (the total and each item), because in a budget table the defect is
the disagreement between places, not one place. Table, row and column go to `properties`:
SARIF has no notion of a table cell. A document that could not be read becomes a tool
execution notification, not a result: it is a failure of the run, not of the document.
"""

from __future__ import annotations

import json
from typing import Iterable

from engine import __version__
from engine.fingerprint import fingerprint
from engine.language.compiler import RuleInfo
from engine.model import Citation, Finding
from engine.run import DocumentResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/rulecheck/rulecheck"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(info: RuleInfo) -> dict:
    help_text = "\n\n".join(part for part in (info.why, f"Legal basis: {info.citation}" if info.citation else "") if part)
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.why or info.title},
        "help": {"text": help_text or info.title},
        "defaultConfiguration": {"level": _LEVELS.get(info.severity, "warning")},
        "properties": {"legal_basis": info.citation, "source": f"{info.path}:{info.line}"},
    }


def location(citation: Citation) -> dict:
    data: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": citation.path},
            "region": {"startLine": citation.line, "snippet": {"text": citation.quote}},
        }
    }
    properties = {key: getattr(citation, key) for key in ("table", "row", "column", "value", "page")
                  if getattr(citation, key) is not None}
    if properties:
        data["properties"] = properties
    return data


def result_data(finding: Finding, document: str, rule_index: dict) -> dict:
    locations = [location(citation) for citation in finding.citations]
    if not locations:
        locations = [{"physicalLocation": {"artifactLocation": {"uri": document}}}]
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


def render_sarif(results: Iterable[DocumentResult], infos: Iterable[RuleInfo]) -> str:
    infos = sorted(infos, key=lambda info: info.code)
    rule_index = {info.code: index for index, info in enumerate(infos)}
    sarif_results, notifications, artifacts = [], [], []
    for result in results:
        artifacts.append({"location": {"uri": result.path}})
        if result.status == "error":
            notifications.append({
                "level": "error",
                "message": {"text": f"{result.path}: {result.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": result.path}}}],
            })
        sarif_results.extend(result_data(finding, result.path, rule_index) for finding in result.findings)
    run = {
        "tool": {"driver": {"name": "rulecheck", "version": __version__, "informationUri": INFORMATION_URI,
                            "rules": [rule_descriptor(info) for info in infos]}},
        "artifacts": artifacts,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
