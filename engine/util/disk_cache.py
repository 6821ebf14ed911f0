"""Where rulecheck keeps what it can reuse between runs, and how an entry is written and read.

`$RULECHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/rulecheck`, else `~/.cache/rulecheck`;
`RULECHECK_CACHE_DIR=` (empty) or `RULECHECK_NO_CACHE=1` (what `--no-cache` sets, so workers
inherit it) turns every cache off. A cache is an optimisation only: a folder
that cannot be written, or an entry that cannot be read, means computing as if there were no
cache. Entries are zlib-compressed pickles written atomically (temp file + rename, so a
concurrent run never reads half an entry) and read back by an unpickler that builds only the
classes its caller names, so a planted file cannot run code. An entry is read only when it is
at most MAX_STORED bytes and decompresses to at most MAX_LOADED bytes (a planted zlib bomb
costs nothing), and its value is used only when it has the types its caller expects
(engine.util.typed_value); otherwise it is ignored and rebuilt.
"""

from __future__ import annotations

import io
import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Optional

from engine.util.typed_value import conforms

_ENV = "RULECHECK_CACHE_DIR"
MAX_STORED = 16 << 20  # bytes of a compressed entry (the shipped rule book's parse is ~0.2 MB)
MAX_LOADED = 64 << 20  # bytes it may decompress to
_SAFE_BUILTINS = frozenset({"tuple", "list", "frozenset", "set", "dict", "str", "int"})


def cache_dir() -> Optional[Path]:
    """The cache folder, or None when the user turned caching off."""
    if caching_off():
        return None
    configured = os.environ.get(_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rulecheck"


def caching_off() -> bool:
    """`--no-cache` (or RULECHECK_NO_CACHE=1): no cache of any kind is read or written."""
    return os.environ.get("RULECHECK_NO_CACHE") == "1"


class _Restricted(pickle.Unpickler):
    def __init__(self, data: bytes, modules: frozenset[str]):
        super().__init__(io.BytesIO(data))
        self.modules = modules

    def find_class(self, module: str, name: str):
        if module in self.modules or (module == "builtins" and name in _SAFE_BUILTINS):
            found = super().find_class(module, name)
            # a class to rebuild a value with (its fields are passed to it), never a function to
            # call, and defined in that module: not one it imports (engine.batch.run's Pool)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} may not be read from a cache entry")


def load_entry(entry: Path, modules: frozenset[str], expected=None, depth: int = 1 << 30):
    """The value stored at `entry`, or None when it is absent, torn, foreign, outdated, too big or
    (given `expected`, a type annotation) not of the expected type."""
    try:
        with open(entry, "rb") as file:
            data = file.read(MAX_STORED + 1)
    except OSError:
        return None
    if len(data) > MAX_STORED:
        return None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, MAX_LOADED)
        if inflater.unconsumed_tail or not inflater.eof:
            return None  # larger than MAX_LOADED once decompressed, or torn
        value = _Restricted(raw, modules).load()
    except Exception:  # parse or check again, and overwrite the entry
        return None
    if expected is not None and not conforms(value, expected, depth):
        return None
    return value


def store_entry(entry: Path, value) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # read-only home, full disk, a pathological value: just run without the cache
