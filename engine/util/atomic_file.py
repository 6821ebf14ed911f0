"""A file that appears whole or not at all: written to a temporary file beside it, then renamed.

`--output` and `--write-baseline` used to truncate the old file when the run started, so an
interrupted run, a full disk or a crash left neither the old report nor a new one. Here the new
content goes to a temporary file in the same folder (so the rename stays on one file system and
is atomic) and replaces the target only when everything was written and flushed; on any failure,
Ctrl-C included, the temporary file is removed and the old file is left as it was.

A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written
in place: there is no content to protect, and renaming over a device would replace it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write; on a normal exit it replaces `target`. OSError if it cannot be created."""
    path = Path(target)
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(path, "wb") as file:
            yield file
        return
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
            file.flush()
            os.fchmod(file.fileno(), _mode_for(path))
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(path: Path) -> int:
    """The permissions the report would have had if written in place: the replaced file's, else
    the usual ones under the umask (a temporary file is created 0600, unreadable to others)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
