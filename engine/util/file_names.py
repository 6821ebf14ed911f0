"""File names as text every report can hold.

On POSIX a file name is bytes; Python decodes the bytes that are not UTF-8 (a name written by a
GBK system, say) as lone surrogates, which no UTF-8 report can encode. Such a name is shown with
those bytes escaped (`预算\\xff.txt`), and the file is still opened by its real name.
"""

from __future__ import annotations


def printable_name(name: str) -> str:
    """`name` with the bytes the file system gave that are not UTF-8 written as `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
