"""Read stage: a file path -> `Source` (decoded text, newlines normalised, encoding named).

What a file is, is decided by its content, not its name: a file opening with `%PDF-` is read by
the PDF reader (`engine.read.pdf`, which renders it as the text layout the parser reads, with a
map back to pages and boxes), and a web page (`engine.read.html.looks_like_html`: its first tag
is a doctype or an HTML element) by the HTML reader, whatever its extension (published `.pdf`
files are sometimes saved web pages). Text disclosures arrive as UTF-8 (often
with a BOM from Windows tools), UTF-16 from Word's "Unicode text" export, or GB18030 from older
Chinese systems; we try them in that order. Office files, images and archives are refused as an
unsupported format (`ReadError.unsupported`), bytes no encoding explains as an error. Bad input
is a `ReadError` value, never a traceback.
"""

from __future__ import annotations

import codecs
import pathlib
import re

from engine.errors import ReadError
from engine.model import Source
from engine.read.regular_file import read_regular_file

PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024  # the PDF header may follow some junk bytes (readers accept up to 1 KB)
# Magic numbers of formats published next to the disclosures that rulecheck does not read.
_BINARY_MAGIC = (
    (b"PK\x03\x04", "a ZIP container such as .docx, .xlsx or .zip, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (.doc/.xls/.wps) file, not text"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"{\\rtf", "an RTF document, not plain text"),
    (b"Rar!", "a RAR archive, not text"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive, not text"),
    (b"\x1f\x8b", "a gzip archive, not text"),
    (b"II*\x00", "a TIFF image, not text"),
    (b"MM\x00*", "a TIFF image, not text"),
    (b"BM", "a BMP image, not text"),
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
    if is_pdf(data):
        return _read_pdf(path, data, display_path)
    from engine.read.html import looks_like_html, read_html  # here: ~15 ms of imports a text run never needs

    if looks_like_html(data):
        return read_html(data, display_path)
    text, encoding = decode_bytes(data, display_path)
    return Source(path=display_path, text=normalize_newlines(text), encoding=encoding)


HEAD_PAGES = 1  # of a PDF, the pages whose text names the disclosure (its title, unit and year)
HEAD_LINES = 60  # of any other document, the lines that do (a page of a PDF is ~40 lines)


def read_head(path: pathlib.Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """What a document says first, to tell which files are parts of one disclosure: a PDF's first
    page (reading every page of every file twice would double a run's reading time), the first
    HEAD_LINES lines of any other document (parsing whole texts twice would cost as much)."""
    data = read_regular_file(path, display_path, max_bytes)
    if not is_pdf(data):
        source = read_source(path, display_path, max_bytes)
        return Source(path=display_path, text="\n".join(source.lines[:HEAD_LINES]), encoding=source.encoding)
    from engine.read.pdf import PdfError, render_pdf_head

    try:
        text, positions = render_pdf_head(data, HEAD_PAGES)
    except PdfError as error:
        raise ReadError(display_path, str(error)) from None
    except Exception as error:  # a bug in the reader must not stop the batch: report it on this file
        raise ReadError(display_path, f"internal error reading the PDF: {type(error).__name__}: {error}") from None
    return Source(path=display_path, text=text, encoding="pdf", positions=positions)


def decode_bytes(data: bytes, display_path: str) -> tuple[str, str]:
    """(text, encoding name) of `data`, or ReadError saying why it is not a text document."""
    if not data:
        raise ReadError(display_path, "the file is empty")
    for magic, reason in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ReadError(display_path, f"unsupported format: looks like {reason}", unsupported=True)
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


def is_pdf(data: bytes) -> bool:
    """A PDF by content: `%PDF-` within the first kilobyte (whatever the file is called)."""
    return PDF_MAGIC in data[:PDF_MAGIC_WINDOW]


def _read_pdf(path: pathlib.Path, data: bytes, display_path: str) -> Source:
    """The PDF as the text layout the parser reads, with its position map (imported here: a run
    on text documents never loads pdfium)."""
    from engine.read.pdf import PdfError, render_pdf_bytes

    try:
        text, positions, _ = render_pdf_bytes(data)
    except PdfError as error:
        raise ReadError(display_path, str(error)) from None
    except Exception as error:  # a bug in the reader must not stop the batch: report it on this file
        raise ReadError(display_path, f"internal error reading the PDF: {type(error).__name__}: {error}") from None
    return Source(path=display_path, text=text, encoding="pdf", positions=positions)


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
