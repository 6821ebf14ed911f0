"""Raw results -> what an auditor should act on: severity overrides, waivers, baseline, exit code.

Runs after every document is checked and before any report is written, in a fixed order:
severity overrides first (a waiver or baseline entry does not depend on the severity, but the
exit code does), then waivers (reviewed decisions), then the baseline (old findings). Each step
only removes or re-grades findings and counts what it removed, so the summary can say what was
set aside and why; nothing is hidden without a tally.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Optional

import attrs
from attrs import frozen

from engine.baseline import subtract_baseline
from engine.model import Finding
from engine.run import DocumentResult
from engine.waivers import WaivedFinding, Waiver, apply_waivers

FAIL_THRESHOLDS = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info"), "never": ()}


@frozen
class Triage:
    results: tuple[DocumentResult, ...]
    waived: tuple[WaivedFinding, ...] = ()
    stale: tuple[Waiver, ...] = ()
    expired: tuple[Waiver, ...] = ()
    known: int = 0


def override_severity(finding: Finding, overrides: dict[str, str]) -> Finding:
    """Only violations take the configured severity: a residue stays info, a rule error stays error."""
    if finding.status != "fail" or finding.rule not in overrides:
        return finding
    return attrs.evolve(finding, severity=overrides[finding.rule])


def triage(
    results: tuple[DocumentResult, ...],
    overrides: Optional[dict[str, str]] = None,
    waivers: tuple[Waiver, ...] = (),
    baseline: Optional[Counter] = None,
    today: Optional[datetime.date] = None,
) -> Triage:
    if overrides:
        results = tuple(attrs.evolve(result, findings=tuple(override_severity(finding, overrides) for finding in result.findings))
                        for result in results)
    outcome = apply_waivers(results, waivers, today or datetime.date.today())
    results, known = outcome.results, 0
    if baseline is not None:
        subtracted = subtract_baseline(results, baseline)
        results, known = subtracted.results, subtracted.known
    return Triage(results, outcome.waived, outcome.stale, outcome.expired, known)


def fails(results: tuple[DocumentResult, ...], fail_on: str) -> bool:
    severities = FAIL_THRESHOLDS[fail_on]
    return any(finding.severity in severities for result in results for finding in result.findings)
