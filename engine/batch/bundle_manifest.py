"""`rulecheck-bundles.toml`: a folder's own word on which of its files are one disclosure.

Grouping by what the files say (engine.batch.bundles) is a default; where it is wrong, or where a
publisher's files name their unit in a way no fold of the vocabulary matches, the folder can say
it outright:

    automatic = true                  # optional (default true): group the files not named below by their titles
    [[bundle]]
    files = ["附件1：….pdf", "附件2：….pdf"]   # one disclosure, joined in this order
    [[bundle]]
    files = ["单独.pdf"]              # one file: checked alone, never bundled

File names are names in the folder, not paths. A manifest that cannot be used is one line naming
the file and the line (`ManifestError`); the run reports it and goes on, grouping that folder
by titles.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from engine.errors import ReadError
from engine.read.regular_file import read_regular_file
from engine.record import frozen

MANIFEST_FILE = "rulecheck-bundles.toml"
MAX_MANIFEST_BYTES = 1 << 20
_KEYS = {"automatic", "bundle"}
_BUNDLE_KEYS = {"files"}


class ManifestError(Exception):
    """A manifest that cannot be used: str() is one line, `path:line: what is wrong`."""

    def __init__(self, display: str, reason: str, where: str = "") -> None:
        super().__init__(display, reason, where)
        self.display, self.reason, self.where = display, reason, where  # where: 'line' or 'line:column'

    def __str__(self) -> str:
        return f"{self.display}:{self.where}: {self.reason}" if self.where else f"{self.display}: {self.reason}"


@frozen
class Manifest:
    display: str  # the manifest's path as the run names it
    bundles: tuple[tuple[str, ...], ...]  # file names, each tuple one disclosure in joining order
    automatic: bool = True


def read_manifest(path: Path, display: str) -> Manifest:
    try:
        data = read_regular_file(path, display, MAX_MANIFEST_BYTES)
    except ReadError as error:
        raise ManifestError(display, error.reason) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ManifestError(display, f"not UTF-8 (byte {error.start})") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(display, str(error), text) from None
    return manifest_from_table(table, text, display, path.parent)


def _toml_error(display: str, message: str, text: str) -> ManifestError:
    """tomllib's 'Expected … (at line 3, column 7)' as 'file:3:7: invalid TOML: Expected …'; an
    error at the end of the document is placed on its last line that holds something."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is not None:
        return ManifestError(display, f"invalid TOML: {message[: found.start()]}", f"{found.group(1)}:{found.group(2)}")
    at_end = re.search(r"\s*\(at end of document\)$", message)
    filled = [number for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    return ManifestError(display, f"invalid TOML: {message[: at_end.start()] if at_end else message}",
                         str(filled[-1] if filled else 1))


def manifest_from_table(table: dict, text: str, display: str, folder: Path) -> Manifest:
    lines = text.split("\n")

    def fail(message: str, key: str = "", value: str = "", nth_bundle: int = 0) -> ManifestError:
        return ManifestError(display, message, str(_line_of(lines, key, value, nth_bundle)))

    for key in table:
        if key not in _KEYS:
            raise fail(f"unknown key '{key}' (known: automatic, [[bundle]] files)", key=key)
    automatic = table.get("automatic", True)
    if not isinstance(automatic, bool):
        raise fail("automatic must be true or false", key="automatic")
    entries = table.get("bundle", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise fail("bundle must be tables written [[bundle]]", key="bundle")
    bundles: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        for key in entry:
            if key not in _BUNDLE_KEYS:
                raise fail(f"unknown key '{key}' in bundle {number} (known: files)", key=key, nth_bundle=number)
        files = entry.get("files")
        if not isinstance(files, list) or not files or not all(isinstance(name, str) for name in files):
            raise fail(f"bundle {number} needs files = [\"…\", …], the names of its files", key="files",
                       nth_bundle=number)
        for name in files:
            if name != Path(name).name or name in ("", ".", ".."):
                raise fail(f"'{name}' is not a file name in this folder (no folders in a manifest)", value=name,
                           nth_bundle=number)
            if not (folder / name).is_file():
                raise fail(f"no file '{name}' in {folder.as_posix()}", value=name, nth_bundle=number)
            if name in seen:
                raise fail(f"'{name}' is in bundle {seen[name]} and bundle {number}", value=name, nth_bundle=number)
            seen[name] = number
        bundles.append(tuple(files))
    return Manifest(display, tuple(bundles), automatic)


def _line_of(lines: list[str], key: str, value: str, nth_bundle: int) -> int:
    """The line (from 1) an error is about: within the `nth_bundle`-th [[bundle]] table when given
    (else the whole file), the line assigning `key` or holding the quoted `value`, else the table's first line."""
    start, end = 0, len(lines)
    if nth_bundle:
        headers = [index for index, line in enumerate(lines) if re.match(r"\s*\[\[\s*bundle\s*\]\]", line)]
        if len(headers) >= nth_bundle:
            start = headers[nth_bundle - 1]
            end = headers[nth_bundle] if len(headers) > nth_bundle else len(lines)
    assigns = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    for index in range(start, end):
        line = lines[index]
        if (assigns is not None and assigns.match(line)) or (value and (f'"{value}"' in line or f"'{value}'" in line)):
            return index + 1
    return start + 1
