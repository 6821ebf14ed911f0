"""The documents of a run, each once, and never a file the run itself writes.

Two names of one file (`a.txt` and `./a.txt`, a symlink and its target, a file given and found
in a given folder) would be checked and counted twice; a report written into a scanned folder
would be read back as a document on the next run. Inputs are kept by their real path, the first
name seen winning; a file the run writes (`--output`, `--write-baseline`) found under a folder
is left out, and one named as a document on the command line is an error for the caller.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from engine.batch.run import Input


def real_path(name: str | os.PathLike) -> str:
    return os.path.realpath(name)


def distinct_inputs(inputs: Iterable[Input], written: Iterable[str]) -> list[Input]:
    """`inputs` without repeats of one real file and without the files in `written`."""
    excluded = {real_path(name) for name in written}
    seen: set[str] = set()
    kept = []
    for item in inputs:
        real = real_path(item.path)
        if real in seen or real in excluded:
            continue
        seen.add(real)
        kept.append(item)
    return kept


def written_and_given(paths: Iterable[str], written: Iterable[str]) -> list[str]:
    """The files the run writes that are also named as documents on the command line."""
    given = {real_path(path) for path in paths if not os.path.isdir(path)}
    return [name for name in written if real_path(name) in given]
