"""A disk cache of parsed rule files, so a run does not re-parse rules that have not changed.

Parsing the shipped rule book with lark's pure-Python LALR parser (and building that parser)
is most of the start-up of a one-document run; the parsed AST depends only on the file's text,
its display path, the grammar and the parser code, so it is stored (engine.util.disk_cache) under a
digest of exactly those and reused until one of them changes. A hit never imports lark.

An installed package also ships the parses of its own rule files (`engine/data/parsed/`, written
by `pip install`'s build step, see setup.py), so even the first run on a fresh machine, the usual
CI job, parses nothing. Those entries are keyed the same way: an edited rule file simply misses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from engine import __version__
from engine.language.syntax import nodes
from engine.model import Diagnostic
from engine.resources import grammar_path, shipped_parses_dir, shipped_rule_name
from engine.util.disk_cache import cache_dir, caching_off, load_entry, store_entry

FORMAT = "3"  # 3: values pickled as calls of their class (engine.record)
_AST_MODULES = frozenset({"engine.language.syntax.nodes", "engine.model"})
_PARSER_SOURCES = ("parser.py", "nodes.py", "hints.py")  # hints.py words the cached diagnostics

Parsed = tuple  # (nodes.RuleFile, tuple[Diagnostic, ...])
# An entry's types are checked this many levels deep (the file, its blocks and their fields):
# all of a rule book's AST would take ~0.2 s, more than parsing saves; deeper damage trips the
# compiler, and the rule book is then parsed again without the cache (engine.language.rulebook).
_CHECKED_LEVELS = 4
SHIPPED_PARSES = shipped_parses_dir()
_PARSED = tuple[nodes.RuleFile, tuple[Diagnostic, ...]]


@lru_cache(maxsize=1)
def _salt() -> bytes:
    """What else a parse depends on: grammar, parser code, cache format, engine version."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    digest.update(grammar_path().read_bytes())
    here = Path(__file__).resolve().parent
    for name in _PARSER_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def entry_key(text: str, path: str) -> str:
    digest = hashlib.sha256(_salt())
    digest.update(path.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cached_parse(text: str, path: str, parse: Callable[[str, str], Parsed]) -> Parsed:
    """parse(text, path), from the shipped parses or the cache when an entry for exactly these
    inputs exists."""
    name = f"{entry_key(text, path)}.pickle"
    if caching_off():  # --no-cache: not even the parses shipped with the package
        return parse(text, path)
    shipped = _usable(load_entry(SHIPPED_PARSES / name, _AST_MODULES))
    if shipped is not None:
        return shipped
    folder = cache_dir()
    if folder is None:
        return parse(text, path)
    entry = folder / "ast" / name
    found = _usable(load_entry(entry, _AST_MODULES, _PARSED, depth=_CHECKED_LEVELS))
    if found is not None:
        return found
    parsed = parse(text, path)
    store_entry(entry, parsed)
    return parsed


def _usable(found) -> Parsed | None:
    return found if isinstance(found, tuple) and len(found) == 2 else None


def write_shipped_parses(rules_dir: Path, target: Path) -> int:
    """Parse every rule file under rules_dir as the engine will name it once installed
    (`rules/…`) and store the entries in target; returns how many were written."""
    from engine.language.syntax.parser import parse_rule_text

    written = 0
    for path in sorted(rules_dir.rglob("*.rule")):
        text = path.read_text(encoding="utf-8-sig")
        display = shipped_rule_name(path.relative_to(rules_dir))
        store_entry(target / f"{entry_key(text, display)}.pickle", parse_rule_text(text, display))
        written += 1
    return written
