"""A disk cache of parsed rule files, so a run does not re-parse rules that have not changed.

Parsing the shipped rule book with lark's pure-Python LALR parser (and building that parser)
is most of the start-up of a one-document run; the parsed AST depends only on the file's text,
its display path, the grammar and the parser code, so it is stored under a digest of exactly
those and reused until one of them changes. A hit never imports lark.

Where: `$RULECHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/rulecheck`, else `~/.cache/rulecheck`;
`RULECHECK_CACHE_DIR=` (empty) turns the cache off. The cache is an optimisation only: a
folder that cannot be written, or an entry that cannot be read, means parsing as if there were
no cache. Entries are pickles read back with an unpickler that builds only AST and diagnostic
classes, so a planted file cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from engine import __version__
from engine.resources import grammar_path

FORMAT = "1"
_ENV = "RULECHECK_CACHE_DIR"
_SAFE_MODULES = {"engine.language.nodes", "engine.model"}
_SAFE_BUILTINS = {"tuple", "list", "frozenset", "set", "dict", "str", "int"}
_PARSER_SOURCES = ("syntax.py", "nodes.py")

Parsed = tuple  # (nodes.RuleFile, tuple[Diagnostic, ...])


def cache_dir() -> Optional[Path]:
    """The folder for cached parses, or None when the user turned caching off."""
    configured = os.environ.get(_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rulecheck"


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
    found = _load(entry)
    if found is not None:
        return found
    parsed = parse(text, path)
    _store(entry, parsed)
    return parsed


class _NodesOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module in _SAFE_MODULES or (module == "builtins" and name in _SAFE_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not an AST class")


def _load(entry: Path) -> Optional[Parsed]:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    try:
        parsed = _NodesOnly(io.BytesIO(data)).load()
    except Exception:  # a torn, foreign or outdated entry: parse again and overwrite it
        return None
    return parsed if isinstance(parsed, tuple) and len(parsed) == 2 else None


def _store(entry: Path, parsed: Parsed) -> None:
    """Write atomically (temp file + rename), so concurrent runs never read half an entry."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(parsed, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # read-only home, full disk, a pathological AST: just run without the cache
