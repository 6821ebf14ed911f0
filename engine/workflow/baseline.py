"""Today's findings -> a baseline file; a later run against it reports only what is new.

For adopting rulecheck on a backlog of published documents: record the current findings once
(`--write-baseline`), then fail only on findings that appear afterwards (`--baseline`). Entries
are (document, fingerprint) with a count, so two identical findings in one document need two
entries, and line shifts do not make old findings look new. The file is JSON, sorted, so its
diff is reviewable like code.
"""

from __future__ import annotations

import io
import itertools
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from engine.errors import BaselineError
from engine.model import DocumentResult
from engine.record import evolve
from engine.util.jsonstream import SPOOL_BYTES, JsonArray, Write, array_items, json_members
from engine.workflow.fingerprint import fingerprint

BASELINE_VERSION = 1


def baseline_entries(result: DocumentResult) -> list[dict]:
    """One document's baseline entries, in the file's order (a rule error cites nothing stable: not recorded)."""
    return sorted(
        (
            {
                "document": result.path,
                "rule": finding.rule,
                "fingerprint": fingerprint(finding),
                "message": finding.message,
            }
            for finding in result.findings
            if finding.status != "error"
        ),
        key=_entry_key,
    )


def _entry_key(entry: dict) -> tuple:
    return entry["document"], entry["rule"], entry["fingerprint"], entry["message"]


def recorded_entries(result: DocumentResult) -> tuple[int, bytes]:
    """What a recorder keeps of a document: its number of findings and its entries, encoded (empty without any)."""
    entries = baseline_entries(result)
    return len(result.findings), json.dumps(entries, ensure_ascii=False).encode("utf-8") if entries else b""


class BaselineRecorder:
    """Baseline entries recorded one document at a time, written out sorted by `write_to`.

    The file is sorted by document, and documents may arrive in any order (several paths on
    the command line), so each document's entries go to a spool file and only (document,
    offset, size) is kept per document; `write_to` copies them out document by document.
    """

    def __init__(self) -> None:
        self.recorded = 0  # findings of the documents seen, as the CLI reports it
        self.spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115 (lives with the writer)
        self.index: list[tuple[str, int, int]] = []

    def document(self, result: DocumentResult) -> None:
        self.add(result.path, *recorded_entries(result))

    def add(self, document: str, findings: int, data: bytes) -> None:
        """A document's entries as `recorded_entries` encodes them (in the worker that checked it)."""
        self.recorded += findings
        if not data:
            return
        self.index.append((document, self.spool.tell(), len(data)))
        self.spool.write(data)

    def _entries(self, places: list[tuple[str, int, int]]) -> list[dict]:
        entries = []
        for _, offset, size in places:
            self.spool.seek(offset)
            entries.extend(json.loads(self.spool.read(size).decode("utf-8")))
        return sorted(entries, key=_entry_key) if len(places) > 1 else entries

    def write_to(self, write: Callable[[str], object]) -> None:
        """The baseline file's text, in pieces; the recorder is spent afterwards."""
        write("{\n" + json_members({"rulecheck_baseline": BASELINE_VERSION}, 1) + ',\n  "findings": ')
        findings = JsonArray(cast(Write, write), 2)  # text only: add() renders each item as text
        self.index.sort(key=lambda place: place[0])
        for _, places in itertools.groupby(self.index, key=lambda place: place[0]):
            for entry in self._entries(list(places)):
                findings.add(entry)
        findings.close()
        write("\n}\n")
        self.spool.close()


def render_baseline(results: Iterable[DocumentResult]) -> str:
    recorder = BaselineRecorder()
    for result in results:
        recorder.document(result)
    buffer = io.StringIO()
    recorder.write_to(buffer.write)
    return buffer.getvalue()


class Baseline:
    """The findings a baseline file records, grouped by document: what a run subtracts.

    A baseline lists every finding of the run that recorded it, so it is held compactly: per
    document one string of its fingerprints, each between line breaks and repeated as often as
    recorded ("\\nfp1\\nfp1\\nfp2\\n"), rather than a Counter of (document, fingerprint) pairs,
    which costs ~6x more (~2 KB per document of the synthetic corpus). `take` uses an entry up,
    and a document's string is dropped with its last entry.
    """

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}

    @classmethod
    def of(cls, counts: Counter) -> "Baseline":
        """From a Counter of (document, fingerprint) pairs; the Counter is not changed."""
        baseline = cls()
        for (document, key), count in counts.items():
            baseline.add(document, [key] * max(count, 0))
        return baseline

    def add(self, document: str, keys: list[str]) -> None:
        for key in keys:
            if not isinstance(key, str) or not key or "\n" in key:
                raise TypeError(f"a fingerprint is a string of one line, not {key!r}")
        if keys:
            self.documents[document] = self.documents.get(document, "\n") + "\n".join(keys) + "\n"

    def take(self, document: str, key: str) -> bool:
        """Use up one entry for this finding, if one is left."""
        packed = self.documents.get(document, "")
        at = packed.find(f"\n{key}\n") if packed else -1
        if at < 0:
            return False
        packed = packed[:at] + packed[at + len(key) + 1 :]
        if packed == "\n":
            del self.documents[document]
        else:
            self.documents[document] = packed
        return True

    def lend(self, documents: Iterable[str]) -> "Baseline":
        """The entries of these documents, moved to a Baseline of their own (for the worker process
        checking them); `give_back` returns what is left of them."""
        lent = Baseline()
        for document in documents:
            packed = self.documents.pop(document, None)
            if packed is not None:
                lent.documents[document] = packed
        return lent

    def give_back(self, lent: "Baseline") -> None:
        for document, packed in lent.documents.items():
            self.documents[document] = self.documents.get(document, "\n") + packed[1:]

    def counts(self) -> Counter:
        """The entries left, as (document, fingerprint) -> count."""
        return Counter(
            (document, key) for document, packed in self.documents.items() for key in packed.strip("\n").split("\n")
        )


def load_baseline(path: Path) -> Baseline:
    """The baseline file read one entry at a time: a baseline of a large run is as large as its report."""
    baseline = Baseline()
    given: Any  # an entry's document as the JSON has it: Path() refuses a non-string (TypeError)
    keys: list[str]
    given, keys = None, []
    try:
        with path.open(encoding="utf-8-sig") as file:
            for entry in array_items(file, "findings"):
                if entry["document"] != given:  # the file lists entries grouped by document
                    if keys:
                        baseline.add(Path(given).as_posix(), keys)
                    given, keys = entry["document"], []
                keys.append(entry["fingerprint"])
        if keys:
            baseline.add(Path(given).as_posix(), keys)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise BaselineError(
            f"{path.as_posix()}: not a rulecheck baseline ({type(error).__name__}: {error})"[:300]
        ) from None
    return baseline


def subtract(result: DocumentResult, baseline: Baseline) -> tuple[DocumentResult, int]:
    """The result without the findings the baseline records (each entry sets aside one equal finding,
    and is used up), and how many those were."""
    if result.path not in baseline.documents:
        return result, 0
    kept = []
    for finding in result.findings:
        if finding.status == "error" or not baseline.take(result.path, fingerprint(finding)):
            kept.append(finding)
    return evolve(result, findings=tuple(kept)), len(result.findings) - len(kept)
