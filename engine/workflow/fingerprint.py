"""Finding -> a short, stable fingerprint used by waivers and baselines.

A fingerprint names *what* is wrong, not *where it was printed*: the rule, the finding's status
and, for each cited operand, its table, row, column and printed value (or, for a figure in the
running text, the quoted sentence and value). Line numbers and file paths are left out on
purpose, so inserting a paragraph above a table, or renaming the file, keeps every waiver and
baseline entry valid; changing a cited figure makes a new finding, which deserves a new review.
"""

from __future__ import annotations

import hashlib
import json

from engine.model import Citation, Finding

FINGERPRINT_LENGTH = 16


def citation_key(citation: Citation) -> list:
    """The parts of a citation that identify the operand independently of its line."""
    if citation.table is not None:
        return [citation.table, citation.row or "", citation.column or "", citation.value or ""]
    return ["", "", citation.quote, citation.value or ""]


def fingerprint(finding: Finding) -> str:
    keys = sorted(citation_key(citation) for citation in finding.citations)
    payload = [finding.rule, finding.status, keys]
    if not keys:
        payload.append(finding.message)  # a rule error cites nothing: its message is its identity
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()
    return digest[:FINGERPRINT_LENGTH]
