"""Rule IDs as people type them: `bud-a08`, `ＢＵＤ－Ａ08`, `BUD-A8`, and where a rule of one's own is.

A rule ID is upper-case ASCII letters, digits and hyphens (`BUD-A08`, `MY-001`); typed through a
Chinese input method it often arrives full-width or lower-case. Rather than "no rule bud-a08",
the commands that take an ID (`rule`, `explain`) name the rule that was meant, and when an ID is
in none of the loaded rule files they say which files were searched and, if a `.rule` file
under the working folder declares it, how to pass that file.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")
RULE_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")
_SEARCH_LIMIT = 2000  # .rule files looked at under the working folder
_SKIPPED = {".git", "node_modules", "__pycache__", ".venv", "venv", "build", "dist"}


def canonical(code: str) -> str:
    """The ID as the grammar spells it: full-width forms folded (NFKC), dashes to '-', upper case."""
    return unicodedata.normalize("NFKC", code).translate(_DASHES).strip().upper()


def suggestions(code: str, known: Iterable[str]) -> list[str]:
    """IDs the user probably meant: the same ID written differently; else the parts of a split rule
    (`BUD-P01` → `BUD-P01-1`, `BUD-P01-2`), close spellings, then IDs of the same group."""
    known = list(known)
    wanted = canonical(code)
    if wanted in known:
        return [wanted]
    parts = [candidate for candidate in known if candidate.startswith(wanted + "-")]
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.8)
    stem = wanted.rstrip("0123456789")
    group = [candidate for candidate in known if stem and candidate.startswith(stem)]
    ordered: list[str] = []
    for candidate in parts + close + group:
        if candidate not in ordered:
            ordered.append(candidate)
    return ordered[:5]


def declaring_files(code: str, folder: Path) -> list[str]:
    """`.rule` files under `folder` (not hidden, not build folders) that declare rule `code`."""
    pattern = re.compile(rf"^\s*rule\s+{re.escape(code)}\s", re.MULTILINE)
    found: list[str] = []
    seen = 0
    for root, directories, files in os.walk(folder):
        directories[:] = sorted(name for name in directories if not name.startswith(".") and name not in _SKIPPED)
        for name in sorted(files):
            if not name.endswith(".rule"):
                continue
            seen += 1
            if seen > _SEARCH_LIMIT:
                return found
            path = Path(root) / name
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if pattern.search(text):
                found.append(os.path.relpath(path, folder))
    return found


def no_such_rule(code: str, known: Iterable[str], given: tuple[str, ...], folder: Optional[Path] = None) -> str:
    """The one-paragraph answer to an ID that none of the loaded rules has."""
    known = list(known)
    close = suggestions(code, known)
    searched = "the shipped rules (rules/)" + (f" and {', '.join(given)}" if given else "")
    if close and close[0] == canonical(code):
        return f"no rule {code}; did you mean {close[0]}? (rule IDs are upper-case ASCII: letters, digits, '-')"
    lines = [f"no rule {code} in {searched}" + (f"; similar: {', '.join(close)}" if close else "")]
    wanted = canonical(code) if RULE_ID.fullmatch(canonical(code)) else code
    elsewhere = (
        [path for path in declaring_files(wanted, folder or Path.cwd()) if path not in given]
        if RULE_ID.fullmatch(wanted)
        else []
    )
    if elsewhere:
        lines.append(
            f"  {wanted} is declared in {', '.join(elsewhere[:3])}: pass the file with --rules {elsewhere[0]} "
            "(or list it under `rules` in rulecheck.toml)"
        )
    elif not close:
        lines.append(
            "  a rule of your own is read from the file or folder given with --rules PATH (or listed under "
            "`rules` in rulecheck.toml); `rulecheck rules` lists the IDs"
        )
    return "\n".join(lines)
