"""Writing a JSON document piece by piece, byte-identical to `json.dumps(whole, indent=2)`.

Reports and baselines are written while documents are still being checked, so no run holds
every document's findings at once. A JSON array is written one item at a time (`JsonArray`),
each item rendered with the same `json.dumps` settings and re-indented to its depth: JSON
strings never contain a raw newline, so prefixing every line is exact. A part of the document
that must come *before* something only known at the end (SARIF lists artifacts and
notifications before results) is collected in a `Spool`, a temporary file that stays in memory
while small, and copied into place at the end. A `Write` takes text, or text already encoded
as UTF-8: parts of a report rendered in worker processes travel and are written as bytes,
since pickling text encodes it and the writing process would decode it only to encode it again.
`array_items` reads a large JSON array back the same way: one item at a time.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, Union

INDENT = 2
SPOOL_BYTES = 1 << 20  # a spool moves from memory to a temporary file past this size
COPY_CHARS = 1 << 16

Piece = Union[str, bytes]  # text, or text encoded as UTF-8
Write = Callable[[Piece], object]  # what it returns is ignored (a file's write returns a count)


def encoded(piece: Piece) -> bytes:
    return piece.encode("utf-8") if isinstance(piece, str) else piece


def joined(head: str, piece: Piece) -> Piece:
    """`head` followed by `piece`, as text or as bytes like `piece`."""
    return head + piece if isinstance(piece, str) else head.encode("utf-8") + piece


def to_binary(write: Callable[[bytes], object]) -> Write:
    """A Write onto a binary stream: text encoded as UTF-8 and line breaks written as the platform's,
    as a file or stdout opened as text writes them."""
    newline = os.linesep.encode("ascii")
    if newline == b"\n":
        return lambda piece: write(encoded(piece))
    return lambda piece: write(encoded(piece).replace(b"\n", newline))


class Text:
    """A Write that keeps everything as one text: `value()` (a report rendered whole, tests)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def __call__(self, piece: Piece) -> None:
        self.buffer.write(piece if isinstance(piece, str) else piece.decode("utf-8"))

    def value(self) -> str:
        return self.buffer.getvalue()


def dumps(value: Any, depth: int = 0) -> str:
    """`value` as json.dumps(indent=2) writes it when nested `depth` levels deep.

    json.dumps with an indent runs the json module's pure-Python encoder (its C encoder only
    writes compact JSON), and that was the busiest part of the process that writes the report
    while workers check documents. `_indented` writes the same bytes for the values reports
    hold (dicts with text keys, lists, texts, integers, floats, true/false/null), quoting
    strings with the json module's C function; anything else goes through json.dumps."""
    return _indented(value, " " * (INDENT * depth))


_quote = json.encoder.encode_basestring  # the C quoting of json.dumps(ensure_ascii=False)
_CONSTANTS = {True: "true", False: "false", None: "null"}


def _indented(value: Any, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return _quote(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + " " * INDENT
        try:
            members = ",\n".join(
                [  # texts, the usual member, are quoted here rather than by a call
                    f"{inner}{_quote(key)}: {_quote(item) if type(item) is str else _indented(item, inner)}"
                    for key, item in value.items()
                ]
            )
        except TypeError:  # a key that is not a text: json.dumps converts it (1 -> "1")
            return _by_json_module(value, pad)
        return f"{{\n{members}\n{pad}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + " " * INDENT
        items = ",\n".join([inner + (_quote(item) if type(item) is str else _indented(item, inner)) for item in value])
        return f"[\n{items}\n{pad}]"
    if kind is int:
        return int.__repr__(value)
    if kind is bool or value is None:
        return _CONSTANTS[value]
    return _by_json_module(value, pad)


def _by_json_module(value: Any, pad: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=INDENT)
    return text.replace("\n", "\n" + pad) if pad else text


def json_members(mapping: dict, depth: int) -> str:
    """The `"key": value` lines of an object whose members sit `depth` levels deep, without braces."""
    pad = " " * (INDENT * depth)
    return ",\n".join(
        f"{pad}{json.dumps(key, ensure_ascii=False)}: {dumps(value, depth)}" for key, value in mapping.items()
    )


def array_items_text(items: Iterable[Any], depth: int) -> str:
    """Items of a JsonArray whose items sit `depth` levels deep, as `JsonArray.add` writes them one
    by one: rendered apart from the array (in the worker that checked the document) and added with
    `add_text`."""
    pad = " " * (INDENT * depth)
    return ",\n".join([pad + dumps(item, depth) for item in items])


class JsonArray:
    """A JSON array whose items sit `depth` levels deep, written as they come: `add(item)`..., `close()`."""

    def __init__(self, write: Write, depth: int):
        self.write, self.depth, self.count = write, depth, 0

    def add(self, item: Any) -> None:
        self.add_text(array_items_text((item,), self.depth), 1)

    def add_text(self, text: Piece, count: int) -> None:
        """`count` items rendered by `array_items_text` at this array's depth (or that text encoded)."""
        if count:
            self.write(joined(",\n" if self.count else "[\n", text))
            self.count += count

    def close(self) -> None:
        self.write("\n" + " " * (INDENT * (self.depth - 1)) + "]" if self.count else "[]")


class Spool:
    """Text written now and copied to the real output later, in order; in memory while small.

    Kept as UTF-8 and copied out as such, so text that arrives encoded is never decoded here."""

    def __init__(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115 (lives with the spool)

    def write(self, piece: Piece) -> None:
        self.file.write(encoded(piece))

    def copy_to(self, write: Write) -> None:
        """Copy everything written so far, as UTF-8 bytes in pieces that end at a line break (or the
        end), then discard it."""
        self.file.seek(0)
        rest = b""
        while piece := self.file.read(COPY_CHARS):
            piece = rest + piece
            cut = piece.rfind(b"\n") + 1
            if cut:
                write(piece[:cut])
            rest = piece[cut:]
        if rest:
            write(rest)
        self.file.close()


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class _Reader:
    """JSON text read from a file a chunk at a time; values are decoded by the json module."""

    def __init__(self, file: TextIO):
        self.file, self.text, self.at, self.done = file, "", 0, False

    def _more(self) -> bool:
        piece = "" if self.done else self.file.read(COPY_CHARS)
        if not piece:
            self.done = True
            return False
        self.text, self.at = self.text[self.at :] + piece, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            spaces = _SPACE.match(self.text, self.at)
            assert spaces is not None  # `[ \t\n\r]*` matches at every position, if only the empty string
            self.at = spaces.end()
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return ""

    def expect(self, allowed: str) -> str:
        found = self.peek()
        if not found or found not in allowed:
            raise ValueError(f"expected one of {allowed!r}, found {found or 'the end'!r}")
        self.at += 1
        return found

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError:
                if not self._more():  # not a value cut by the end of the chunk: a real error
                    raise
                continue
            if end < len(self.text) or not self._more():  # a number may go on in the next chunk
                self.at = end
                return value


def array_items(file: TextIO, key: str) -> Iterator[Any]:
    """The items of the array `key` of the JSON object in `file`, decoded one at a time.

    For inputs as large as the run (a baseline lists every finding): the file's text and its
    parsed items are never all in memory. Other members are decoded and dropped. Raises
    ValueError on malformed JSON, KeyError without `key`, TypeError if `key` is not an array.
    """
    reader = _Reader(file)
    reader.expect("{")
    found = False
    if reader.peek() == "}":
        reader.expect("}")
    else:
        while True:
            name = reader.value()
            if not isinstance(name, str):
                raise ValueError("an object key must be a string")
            reader.expect(":")
            if name == key:
                if reader.peek() != "[":
                    raise TypeError(f"{key} is not an array")
                found = True
                reader.expect("[")
                if reader.peek() == "]":
                    reader.expect("]")
                else:
                    while True:
                        yield reader.value()
                        if reader.expect(",]") == "]":
                            break
            else:
                reader.value()
            if reader.expect(",}") == "}":
                break
    if reader.peek():
        raise ValueError("extra data after the JSON object")
    if not found:
        raise KeyError(key)
