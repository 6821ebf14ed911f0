"""Finding -> a short, stable fingerprint used by waivers and baselines.

A fingerprint names *what* is wrong, not *where it was printed*: the rule, the finding's status
and, for each cited operand, its table, row, column and printed value (or, for a figure in the
running text, the quoted sentence and value). Line numbers and file paths are left out on
purpose, so inserting a paragraph above a table, or renaming the file, keeps every waiver and
baseline entry valid; changing a cited figure makes a new finding, which deserves a new review.
Findings that cite the same operands on repeated tables (one 绩效 table per project, all titled
alike) are told apart by their order among those (`Finding.repeat`), not by their lines.
"""

from __future__ import annotations

import hashlib
import json

from engine.model import Citation, Finding, finding_identity
from engine.model import citation_key as model_citation_key

FINGERPRINT_LENGTH = 16


def citation_key(citation: Citation) -> list:
    """The parts of a citation that identify the operand independently of its line."""
    return list(model_citation_key(citation))


def fingerprint(finding: Finding) -> str:
    rule, status, keys, message = finding_identity(finding)
    payload = [rule, status, [list(key) for key in keys]]
    if message is not None:
        payload.append(message)  # a rule error cites nothing: its message is its identity
    if finding.repeat:
        payload.append(finding.repeat)  # the same operands again, on a repeated table or row
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()
    return digest[:FINGERPRINT_LENGTH]
