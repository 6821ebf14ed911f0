"""Raw results -> what an auditor should act on: severity overrides, waivers, baseline, exit code.

Runs on each document as its result arrives, before its part of the report is written, in a
fixed order: severity overrides first (a waiver or baseline entry does not depend on the
severity, but the exit code does), then waivers (reviewed decisions), then the baseline (old
findings). Each step only removes or re-grades findings and counts what it removed, so the
summary can say what was set aside and why; nothing is hidden without a tally. Only counters,
sets of waiver numbers and the baseline being consumed are kept across documents.

A document's triage depends on nothing but the settings and its own baseline entries, so the
worker process that checked it can triage it (`sort`), with the entries lent to it (`lend`);
what it counted (`Marks`) and the entries it left are added back where the report is written.
"""

from __future__ import annotations

import copy
import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Optional, Union

import attrs

from engine.model import DocumentResult, Finding
from engine.record import evolve, frozen
from engine.workflow.baseline import Baseline, subtract
from engine.workflow.waivers import WaivedFinding, Waiver, WaiverMatcher

FAIL_THRESHOLDS = {
    "error": ("error",),
    "warning": ("error", "warning"),
    "info": ("error", "warning", "info"),
    "never": (),
}


@frozen
class Tally:
    """What triage set aside over a run; complete once every document has been through `Triager`."""

    waived: int = 0
    known: int = 0  # findings present in the baseline, not reported
    stale: tuple[Waiver, ...] = ()
    expired: tuple[Waiver, ...] = ()


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
    return evolve(finding, severity=overrides[finding.rule])


@attrs.define
class Marks:
    """What triage set aside from some documents and which waivers it touched; added up over a run."""

    waived: int = 0
    known: int = 0
    used: set[int] = attrs.field(factory=set)  # numbers of the waivers that set a finding aside
    checked: set[int] = attrs.field(
        factory=set
    )  # positions among the active waivers of those whose document was checked

    def add(self, other: "Marks") -> None:
        self.waived += other.waived
        self.known += other.known
        self.used |= other.used
        self.checked |= other.checked


class Triager:
    """Triage one document at a time: `apply(result)` for each, in order, then `tally()`."""

    def __init__(
        self,
        overrides: Optional[dict[str, str]] = None,
        waivers: tuple[Waiver, ...] = (),
        baseline: Union[Baseline, Counter, None] = None,
        today: Optional[datetime.date] = None,
    ):
        """A Baseline (as load_baseline reads it) is used up as findings match it; a Counter of
        (document, fingerprint) pairs is copied first."""
        self.overrides = overrides or {}
        self.waivers = WaiverMatcher(waivers, today or datetime.date.today())
        self.baseline = Baseline.of(baseline) if isinstance(baseline, Counter) else baseline
        self.marks = Marks()

    def apply(self, result: DocumentResult) -> tuple[DocumentResult, tuple[WaivedFinding, ...]]:
        """The result as reported, and the findings waivers set aside from it."""
        return self.sort(result, self.baseline, self.marks)

    def sort(
        self, result: DocumentResult, baseline: Optional[Baseline], marks: Marks
    ) -> tuple[DocumentResult, tuple[WaivedFinding, ...]]:
        """`apply` against the given baseline entries, counting in `marks`: what a worker runs on
        the documents it checked, with the entries `lend` took out for them."""
        if self.overrides:
            result = evolve(
                result, findings=tuple(override_severity(finding, self.overrides) for finding in result.findings)
            )
        result, waived = self.waivers.apply(result, marks.used, marks.checked)
        marks.waived += len(waived)
        if baseline is not None:
            result, known = subtract(result, baseline)
            marks.known += known
        return result, waived

    def lend(self, documents: Iterable[str]) -> Optional[Baseline]:
        """The baseline entries of these documents, taken out until `settle` gives back what is left."""
        return self.baseline.lend(documents) if self.baseline is not None else None

    def settle(self, marks: Marks, lent: Optional[Baseline]) -> None:
        """Count what `sort` counted elsewhere and take back the entries it did not use."""
        self.marks.add(marks)
        if lent is not None and self.baseline is not None:
            self.baseline.give_back(lent)

    def settings(self) -> "Triager":
        """This triager's overrides and waivers, without the baseline or any count: what `sort` needs in a worker."""
        settings = copy.copy(self)
        settings.baseline, settings.marks = None, Marks()
        return settings

    def tally(self) -> Tally:
        marks = self.marks
        return Tally(marks.waived, marks.known, self.waivers.stale(marks.used, marks.checked), self.waivers.expired)


def triage(
    results: Iterable[DocumentResult],
    overrides: Optional[dict[str, str]] = None,
    waivers: tuple[Waiver, ...] = (),
    baseline: Union[Baseline, Counter, None] = None,
    today: Optional[datetime.date] = None,
) -> Triage:
    triager = Triager(overrides, waivers, baseline, today)
    waived: list[WaivedFinding]
    kept, waived = [], []
    for result in results:
        reported, set_aside = triager.apply(result)
        kept.append(reported)
        waived.extend(set_aside)
    tally = triager.tally()
    return Triage(tuple(kept), tuple(waived), tally.stale, tally.expired, tally.known)


def failing(severities: Counter, fail_on: str) -> bool:
    """Whether findings counted by severity make the exit code 1 under `--fail-on`."""
    return any(severities.get(severity, 0) for severity in FAIL_THRESHOLDS[fail_on])


def fails(results: Iterable[DocumentResult], fail_on: str) -> bool:
    return failing(Counter(finding.severity for result in results for finding in result.findings), fail_on)
