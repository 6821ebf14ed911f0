"""The bytes of a document, read only from a regular file and never more than the size limit.

A name can lead anywhere: a FIFO in a scanned folder blocks a plain `open` until a writer comes,
and `/dev/zero` behind a symlink reports size 0 and never ends. So the file is opened without
blocking, the opened file (not the name, which could change in between) must be a regular file,
and at most `max_bytes + 1` bytes are read whatever the size the file system reported.
"""

from __future__ import annotations

import os
import stat

from engine.errors import ReadError

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def read_regular_file(path, display_path: str, max_bytes: int) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise ReadError(display_path, "is a directory, not a file") from None
    except FileNotFoundError:
        raise ReadError(display_path, "no such file") from None
    except OSError as error:
        raise ReadError(display_path, f"cannot be read: {error.strerror or error}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a regular file")
            if kind == "a directory":
                raise ReadError(display_path, "is a directory, not a file")
            raise ReadError(display_path, f"is {kind}, not a regular file; only regular files are read")
        if status.st_size > max_bytes:
            raise ReadError(display_path, _too_big(status.st_size, max_bytes))
        with os.fdopen(os.dup(descriptor), "rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise ReadError(display_path, f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:  # it grew while we read, or the file system under-reports (/proc)
        raise ReadError(display_path, _too_big(len(data), max_bytes))
    return data


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {size:,} bytes, above the {max_bytes:,}-byte size limit (raise it with --max-size, in MB)"
