"""Results of documents already checked with the same rules, vocabulary and engine, reused.

Published disclosures do not change, and an audit re-runs the same corpus many times (after a
waiver, with another report format, with a baseline). A document's result depends only on its
text, the name it is reported under, the compiled rules, the vocabulary and the engine's own
code, so it is stored (engine.util.disk_cache) under a digest of exactly those: a second run over an
unchanged corpus reads each document, hashes it and reads its result back instead of parsing
and evaluating it. Any change to a rule file, the --select/--ignore choice, a vocabulary file or
any engine source file gives a new run digest, so nothing stale is ever reported.

Only checked documents are stored; one that could not be read or tripped an internal error is
tried again next time. The newest KEEP_RUNS run folders are kept, older ones are removed.
`--no-cache`, `RULECHECK_RESULT_CACHE=0` or `RULECHECK_CACHE_DIR=` turns it off (the test suite
does, since its tests patch engine functions, which no digest of the source can see).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Optional

from engine import __version__
from engine.model import DocumentResult, Source
from engine.record import frozen
from engine.resources import grammar_path
from engine.util.disk_cache import cache_dir, load_entry, store_entry

FORMAT = "4"  # 3: values pickled as calls of their class (engine.record); 4: a result may name its bundle
KEEP_RUNS = 4
_RESULT_MODULES = frozenset({"engine.model"})


@frozen
class ResultCache:
    folder: Path  # <cache dir>/results/<run digest>

    @classmethod
    def for_run(cls, rulebook, vocabulary) -> Optional["ResultCache"]:
        """The cache of this run's configuration, or None when caching is off or an input
        (a vocabulary built in memory) has no digest to key it by."""
        base = cache_dir()
        if base is None or not vocabulary.digest or os.environ.get("RULECHECK_RESULT_CACHE") == "0":
            return None
        folder = base / "results" / run_digest(rulebook, vocabulary)
        _keep_recent(folder)
        return cls(folder)

    def entry(self, source: Source) -> Path:
        digest = hashlib.sha256(source.path.encode("utf-8", "surrogatepass"))
        digest.update(b"\0" + source.encoding.encode() + b"\0")
        digest.update(source.text.encode("utf-8", "surrogatepass"))
        for part in source.parts:  # a bundle: its files' names are in its citations
            digest.update(b"\0" + part.path.encode("utf-8", "surrogatepass"))
        return self.folder / f"{digest.hexdigest()}.pickle"

    def lookup(self, source: Source) -> tuple[Path, object]:
        """(where this document's result lives, what an earlier run stored there for the same name,
        else None). The caller checks the stored value's type and keeps the path for `store`, so
        the document is hashed once."""
        entry = self.entry(source)
        found = load_entry(entry, _RESULT_MODULES, DocumentResult)
        return entry, found if getattr(found, "path", None) == source.path else None

    @staticmethod
    def store(entry: Path, result) -> None:
        if result.status == "checked":
            store_entry(entry, result)


def run_digest(rulebook, vocabulary) -> str:
    """Everything besides the document that decides its result."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    digest.update(engine_code_digest())
    digest.update(vocabulary.digest.encode())
    for path, text in sorted(rulebook.texts.items()):
        digest.update(f"\0{path}\0".encode("utf-8", "surrogatepass"))
        digest.update(text.encode("utf-8", "surrogatepass"))
    digest.update("\0".join(rule.info.code for rule in rulebook.rule_set.rules).encode())
    digest.update(f"\0{rulebook.rule_set.language}".encode())  # the language of what findings add to messages
    return digest.hexdigest()[:40]


@lru_cache(maxsize=1)
def engine_code_digest() -> bytes:
    """Every source file of the engine and the grammar: a changed engine never reuses a result."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    digest.update(grammar_path().read_bytes())
    return digest.digest()


def _keep_recent(current: Path) -> None:
    """Mark this run's folder as used now and remove all but the KEEP_RUNS most recent ones."""
    try:
        current.mkdir(parents=True, exist_ok=True)
        os.utime(current)
        runs = sorted((path for path in current.parent.iterdir() if path.is_dir()),
                      key=lambda path: path.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in runs[KEEP_RUNS:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
