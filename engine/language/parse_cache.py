"""A disk cache of parsed rule files, so a run does not re-parse rules that have not changed.

Parsing the shipped rule book with lark's pure-Python LALR parser (and building that parser)
is most of the start-up of a one-document run; the parsed AST depends only on the file's text,
its display path, the grammar and the parser code, so it is stored (engine.disk_cache) under a
digest of exactly those and reused until one of them changes. A hit never imports lark.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Callable

from engine import __version__
from engine.disk_cache import cache_dir, load_entry, store_entry
from engine.resources import grammar_path

FORMAT = "2"
_AST_MODULES = frozenset({"engine.language.nodes", "engine.model"})
_PARSER_SOURCES = ("syntax.py", "nodes.py")

Parsed = tuple  # (nodes.RuleFile, tuple[Diagnostic, ...])


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
    """parse(text, path), from the cache when an entry for exactly these inputs exists."""
    folder = cache_dir()
    if folder is None:
        return parse(text, path)
    entry = folder / "ast" / f"{entry_key(text, path)}.pickle"
    found = load_entry(entry, _AST_MODULES)
    if isinstance(found, tuple) and len(found) == 2:
        return found
    parsed = parse(text, path)
    store_entry(entry, parsed)
    return parsed
