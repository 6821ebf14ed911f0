"""Today's findings -> a baseline file; a later run against it reports only what is new.

For adopting rulecheck on a backlog of published documents: record the current findings once
(`--write-baseline`), then fail only on findings that appear afterwards (`--baseline`). Entries
are (document, fingerprint) with a count, so two identical findings in one document need two
entries, and line shifts do not make old findings look new. The file is JSON, sorted, so its
diff is reviewable like code.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import attrs
from attrs import frozen

from engine.fingerprint import fingerprint
from engine.run import DocumentResult

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; reported as a usage error (exit 2)."""


@frozen
class BaselineOutcome:
    results: tuple[DocumentResult, ...]
    known: int = 0  # findings present in the baseline, not reported


def render_baseline(results: tuple[DocumentResult, ...]) -> str:
    entries = sorted(
        ({"document": result.path, "rule": finding.rule, "fingerprint": fingerprint(finding), "message": finding.message}
         for result in results for finding in result.findings if finding.status != "error"),
        key=lambda entry: (entry["document"], entry["rule"], entry["fingerprint"], entry["message"]),
    )
    return json.dumps({"rulecheck_baseline": BASELINE_VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["findings"]
        return Counter((Path(entry["document"]).as_posix(), entry["fingerprint"]) for entry in entries)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BaselineError(f"{path.as_posix()}: not a rulecheck baseline ({type(error).__name__}: {error})") from error


def subtract_baseline(results: tuple[DocumentResult, ...], baseline: Counter) -> BaselineOutcome:
    remaining = Counter(baseline)
    known = 0
    new_results = []
    for result in results:
        kept = []
        for finding in result.findings:
            key = (result.path, fingerprint(finding))
            if finding.status != "error" and remaining[key] > 0:
                remaining[key] -= 1
                known += 1
            else:
                kept.append(finding)
        new_results.append(attrs.evolve(result, findings=tuple(kept)))
    return BaselineOutcome(tuple(new_results), known)
