"""A reviewed waivers file -> findings set aside, with the reason, and waivers that no longer apply.

An auditor who accepts a finding (the figure is right, the table template is odd) records it in
`rulecheck-waivers.toml`:

    [[waiver]]
    rule = "BUD-A04"
    document = "corpus/002_9d3ba407454daa6c.txt"   # a path or a glob, as the run names documents
    fingerprint = "3f1c2a9b0d4e5f67"               # optional: without it, every finding of the rule
    reason = "科目 2080505 is split across two pages in the original"
    expires = 2025-06-30                           # optional: after this date the finding is back

Waived findings are not failures, but they are counted, never hidden. A waiver whose document
was checked and which matched nothing is *stale* (the defect was fixed or the figures changed,
and the fingerprint with them), so the file cannot silently accumulate dead entries. An expired
waiver is reported and no longer applies.
"""

from __future__ import annotations

import datetime
import fnmatch
import tomllib
from pathlib import Path
from typing import Optional

from engine.errors import WaiverError
from engine.model import DocumentResult, Finding
from engine.record import evolve, frozen
from engine.workflow.fingerprint import fingerprint


@frozen
class Waiver:
    rule: str
    document: str
    reason: str
    fingerprint: Optional[str] = None
    expires: Optional[datetime.date] = None
    index: int = 0  # position in the file, to point the reader at the entry

    def covers_document(self, document: str) -> bool:
        return document == self.document or fnmatch.fnmatchcase(document, self.document)

    def covers(self, document: str, finding: Finding) -> bool:
        return (finding.rule == self.rule and self.covers_document(document)
                and (self.fingerprint is None or self.fingerprint == fingerprint(finding)))

    def describe(self) -> str:
        which = f" {self.fingerprint}" if self.fingerprint else ""
        return f"waiver #{self.index} ({self.rule} {self.document}{which})"


@frozen
class WaivedFinding:
    document: str
    finding: Finding
    waiver: Waiver


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WaiverError(f"{path.as_posix()}: cannot read waivers: {error}") from None
    except RecursionError:
        raise WaiverError(f"{path.as_posix()}: cannot read waivers: arrays or tables nested too deeply") from None
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise WaiverError(f"{path.as_posix()}: waivers are written as [[waiver]] tables")
    return tuple(_waiver(entry, number, path.as_posix()) for number, entry in enumerate(entries, start=1))


def _waiver(entry: dict, number: int, where: str) -> Waiver:
    if not isinstance(entry, dict):
        raise WaiverError(f"{where}: waiver #{number} must be a [[waiver]] table")
    wrong = [
        key for key in ("rule", "document", "reason", "fingerprint") if key in entry and not isinstance(entry[key], str)
    ]
    if wrong:
        raise WaiverError(f"{where}: waiver #{number}: {', '.join(wrong)} must be text (in quotes)")
    missing = [key for key in ("rule", "document", "reason") if not entry.get(key)]
    if missing:
        raise WaiverError(
            f"{where}: waiver #{number} has no {', '.join(missing)} (a waiver needs a rule, a document and a reason)"
        )
    unknown = sorted(set(entry) - {"rule", "document", "reason", "fingerprint", "expires"})
    if unknown:
        raise WaiverError(f"{where}: waiver #{number} has unknown key(s) {', '.join(unknown)}")
    expires = entry.get("expires")
    if isinstance(expires, str):
        try:
            expires = datetime.date.fromisoformat(expires)
        except ValueError as error:
            raise WaiverError(f"{where}: waiver #{number}: expires must be a date like 2025-06-30") from error
    if isinstance(expires, datetime.datetime) or (expires is not None and not isinstance(expires, datetime.date)):
        raise WaiverError(f"{where}: waiver #{number}: expires must be a date like 2025-06-30")
    return Waiver(
        str(entry["rule"]),
        Path(str(entry["document"])).as_posix(),
        str(entry["reason"]),
        entry.get("fingerprint"),
        expires,
        number,
    )


class WaiverMatcher:
    """Waivers applied one document at a time; which waivers matched or could have is noted in two
    sets the caller keeps (`used`, `checked`), so documents triaged in different processes add up.

    `apply` returns the document's result without its waived findings, and those findings;
    `stale` is known once every document has been noted. The running state is two sets of waiver
    indices, so a run over any number of documents holds no more than the waivers file.
    """

    def __init__(self, waivers: tuple[Waiver, ...], today: datetime.date):
        self.active = tuple(waiver for waiver in waivers if waiver.expires is None or waiver.expires >= today)
        self.expired = tuple(waiver for waiver in waivers if waiver.expires is not None and waiver.expires < today)
        # indexed so that 20,000 waivers cost a look-up per finding, not a scan (positions ascend:
        # the first waiver in the file that covers a finding still wins)
        self._by_rule: dict[str, list[int]] = {}
        self._by_document: dict[str, list[int]] = {}
        self._patterns: list[int] = []
        for position, waiver in enumerate(self.active):
            self._by_rule.setdefault(waiver.rule, []).append(position)
            if any(mark in waiver.document for mark in "*?["):
                self._patterns.append(position)
            else:
                self._by_document.setdefault(waiver.document, []).append(position)

    def _covering_document(self, document: str) -> list[int]:
        return self._by_document.get(document, []) + [
            position for position in self._patterns if self.active[position].covers_document(document)
        ]

    def apply(
        self, result: DocumentResult, used: set[int], checked: set[int]
    ) -> tuple[DocumentResult, tuple[WaivedFinding, ...]]:
        """`used` gains the numbers of the waivers that set a finding aside; `checked` the positions
        in `active` of the waivers whose document was checked."""
        if result.status == "checked":
            checked.update(self._covering_document(result.path))
        if not self.active:
            return result, ()
        kept, waived = [], []
        for finding in result.findings:
            waiver = next(
                (
                    self.active[position]
                    for position in self._by_rule.get(finding.rule, ())
                    if self.active[position].covers(result.path, finding)
                ),
                None,
            )
            if waiver is None or finding.status == "error":
                kept.append(finding)
                continue
            used.add(waiver.index)
            waived.append(WaivedFinding(result.path, finding, waiver))
        return evolve(result, findings=tuple(kept)), tuple(waived)

    def stale(self, used: set[int], checked: set[int]) -> tuple[Waiver, ...]:
        return tuple(
            waiver for position, waiver in enumerate(self.active) if waiver.index not in used and position in checked
        )
