"""Read stage: a file path -> `Source` (decoded text, newlines normalised, encoding named).

Disclosures arrive as UTF-8 (often with a BOM from Windows tools), UTF-16 from Word's
"Unicode text" export, or GB18030 from older Chinese systems. We try them in that order and
refuse, with a one-line reason, anything that is not text: a PDF, an Office file or bytes no
encoding explains. Bad input is a `ReadError` value, never a traceback.
"""

from __future__ import annotations

import codecs
import pathlib
import re

from engine.errors import ReadError
from engine.read.regular_file import read_regular_file
from engine.record import frozen

from engine.model import Source

# Magic numbers of formats people save next to their .txt files by mistake.
_BINARY_MAGIC = (
    (b"%PDF-", "a PDF file, not text (convert it to text first)"),
    (b"PK\x03\x04", "a ZIP container such as .docx or .xlsx, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (.doc/.xls) file, not text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"{\\rtf", "an RTF document, not plain text"),
)
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters that never occur in a text document: C0/C1 controls other than layout ones.
# (Unicode category Cc is exactly U+0000..U+001F and U+007F..U+009F; \t \n \v \f \r are layout.)
_LAYOUT_CONTROLS = frozenset("\t\n\r\f\v")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a disclosure is well under 1 MB; 20 MB means a wrong file


def read_source(path: pathlib.Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode `path`; `display_path` is how findings will name the file.

    A file above `max_bytes` is refused before it is read, so one huge file costs neither the
    memory nor the time of parsing it; the limit is `--max-size` on the command line."""
    data = read_regular_file(path, display_path, max_bytes)  # FIFOs and devices refused, size bounded
    text, encoding = decode_bytes(data, display_path)
    return Source(path=display_path, text=normalize_newlines(text), encoding=encoding)


def decode_bytes(data: bytes, display_path: str) -> tuple[str, str]:
    """(text, encoding name) of `data`, or ReadError saying why it is not a text document."""
    if not data:
        raise ReadError(display_path, "the file is empty")
    for magic, reason in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ReadError(display_path, f"looks like {reason}")
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decode_strict(data, encoding, display_path), encoding
    if b"\x00" in data:
        raise ReadError(display_path, "binary content (NUL bytes), not a text document")
    try:
        return _checked(data.decode("utf-8"), "utf-8", display_path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ReadError(
            display_path,
            f"undecodable bytes at offset {error.start} (neither UTF-8, UTF-16 nor GB18030)",
        ) from None
    return _checked(text, "gb18030", display_path), "gb18030"


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a stray BOM left by concatenated files is dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _decode_strict(data: bytes, encoding: str, display_path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadError(
            display_path, f"invalid {encoding} bytes at offset {error.start} despite its byte-order mark"
        ) from None
    return _checked(text, encoding, display_path)


def _checked(text: str, encoding: str, display_path: str) -> str:
    """Reject decodings full of control characters: GB18030 accepts many binary byte strings."""
    controls = len(_CONTROLS.findall(text)) if _CONTROLS.search(text) else 0
    if controls and controls * 100 >= len(text):
        raise ReadError(display_path, f"binary content ({controls} control characters when read as {encoding})")
    return text.lstrip("\ufeff")
