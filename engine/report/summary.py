"""Counts over a run, added to as each result is reported: documents, findings by severity, rule statuses."""

from __future__ import annotations

from collections import Counter

import attrs

from engine.model import DocumentResult
from engine.util.wording import say


@attrs.define
class Summary:
    documents: int = 0
    checked: int = 0
    errors: int = 0
    unsupported: int = 0  # files in a format rulecheck does not read: reported, not an error
    with_findings: int = 0  # documents with at least one finding
    findings: Counter = attrs.field(factory=Counter)
    rule_statuses: Counter = attrs.field(factory=Counter)
    rules: Counter = attrs.field(factory=Counter)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        if result.status == "checked":
            self.checked += 1
        elif result.status == "unsupported":
            self.unsupported += 1
        else:
            self.errors += 1
        if result.findings:
            self.with_findings += 1
        for finding in result.findings:
            self.findings[finding.severity] += 1
            if finding.status == "fail":
                self.rules[finding.rule] += 1
        for status in result.statuses:
            self.rule_statuses[status.status] += 1

    def merge(self, other: "Summary") -> None:
        """Add the counts of other documents (counted where they were checked)."""
        self.documents += other.documents
        self.checked += other.checked
        self.errors += other.errors
        self.unsupported += other.unsupported
        self.with_findings += other.with_findings
        self.findings.update(other.findings)
        self.rule_statuses.update(other.rule_statuses)
        self.rules.update(other.rules)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "checked": self.checked,
            "errors": self.errors,
            **({"unsupported": self.unsupported} if self.unsupported else {}),
            "findings": {severity: self.findings.get(severity, 0) for severity in ("error", "warning", "info")},
            "rule_results": {
                status: self.rule_statuses.get(status, 0) for status in ("fail", "pass", "not_applicable", "error")
            },
            "top_rules": [
                {"rule": rule, "findings": count}
                for rule, count in sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))[:10]
            ],
        }

    def line(self, language: str = "en") -> str:
        separator = "，" if language == "zh" else ", "
        found = separator.join(
            say("severity-count", language, count=self.findings.get(severity, 0), severity=severity)
            for severity in ("error", "warning", "info")
        )
        unsupported = say("unsupported", language, count=self.unsupported) if self.unsupported else ""
        return say(
            "summary-line",
            language,
            documents=self.documents,
            checked=self.checked,
            errors=self.errors,
            unsupported=unsupported,
            found=found,
            not_applicable=self.rule_statuses.get("not_applicable", 0),
        )
