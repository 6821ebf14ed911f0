"""Read stage, HTML: a web page (bytes) -> `Source` in the text layout `engine/parse` reads.

Some departments publish their disclosure as a web page, and some files named `.pdf` are saved
web pages (issue 20). Rather than a second parser, the page is written out as the layout the text
documents use, so the parser and every rule work on it unchanged: one paragraph per line with a
blank line between, headings as lines of their own, and each `<table>` as tab-separated rows with
rowspan/colspan expanded (a merged cell's text in its first row and column, blanks in the cells it
covers, which is how the text layout writes header groups). Citations point at produced lines.

The document starts at the page's title: the first `<h1>`–`<h3>` naming a year (`2026年`), else the
first `<h1>`, else `<title>`; the site's navigation before it is left out, because the parser reads
the first line as the document's title. Scripts, styles, forms and `<nav>`/`<header>`/`<footer>`/
`<aside>` are dropped. A table holding another table is page layout: its cells are read as text and
only the inner tables as tables. Encoding: byte-order mark, else the `<meta>` charset, else UTF-8,
else GB18030 (GB2312 and GBK are read as GB18030, their superset).

The standard library's `html.parser` is enough: it tokenises forgiving real-world HTML, and the
small tree builder below closes what pages leave open (`<p>`, `<li>`, `<td>`, `<tr>`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NoReturn, Optional, Union

from engine.errors import ReadError
from engine.model import Source

SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
                     "button", "textarea", "input", "form", "nav", "header", "footer", "aside", "head"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
BLOCKS = frozenset({"address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption",
                    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre",
                    "section", "table", "ul", "caption", "tr", "td", "th"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# starting the key tag closes these when they are the innermost open element (HTML's implied end tags)
IMPLIED_END = {"p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
               "tr": {"tr", "td", "th", "p"}, "td": {"td", "th", "p"}, "th": {"td", "th", "p"},
               "thead": {"tbody", "tr", "td", "th"}, "tbody": {"thead", "tbody", "tr", "td", "th"},
               "tfoot": {"thead", "tbody", "tr", "td", "th"}}
MAX_SPAN = 1000  # a rowspan/colspan beyond this is a broken page, not a table
MAX_DEPTH = 256  # elements nested deeper are read as their text only (the walk recurses)

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb18030"}
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n\\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")


def looks_like_html(data: bytes) -> bool:
    """Whether `data` is a web page: its first tag is a doctype or an HTML element."""
    head = data[:2048]
    for mark, encoding in _BYTE_ORDER_MARKS:
        if head.startswith(mark):
            text = head[len(mark):].decode(encoding.replace("-sig", ""), errors="ignore")
            break
    else:
        text = head.decode("latin-1")
    text = text.lstrip()
    return text.startswith("<") and bool(_HTML_START.match(text) or (text.startswith(("<!--", "<?xml"))
                                                                   and _HTML_START.search(text)))


def read_html(data: bytes, display_path: str) -> Source:
    """The page as a text document; ReadError (one line) when it cannot be decoded or holds no text."""
    text, encoding = decode_html(data, display_path)
    lines = list(_Layout().document(_build_tree(text)))
    if not any(line.strip() for line in lines):
        _refuse(display_path, "an HTML page with no text in it")
    return Source(path=display_path, text="\n".join(lines) + "\n", encoding=encoding)


def decode_html(data: bytes, display_path: str) -> tuple[str, str]:
    """(text, encoding): byte-order mark, else the declared charset, else UTF-8, else GB18030."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                _refuse(display_path, f"invalid {encoding} bytes despite its byte-order mark")
    declared = _CHARSET.search(data[:4096])
    tried = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        tried.append("gb18030" if name in _GB else name)
    for encoding in tried + ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    _refuse(display_path, "undecodable HTML (neither its declared charset, UTF-8 nor GB18030)")


def _refuse(display_path: str, reason: str) -> NoReturn:
    raise ReadError(display_path, reason)


# ---- a forgiving element tree ---------------------------------------------------------------


class _Element:
    __slots__ = ("tag", "attributes", "children")

    def __init__(self, tag: str, attributes: dict[str, str]):
        self.tag, self.attributes = tag, attributes
        self.children: list[Union[_Element, str]] = []

    def elements(self, *tags: str, skip: frozenset[str] = frozenset()) -> Iterator["_Element"]:
        """Descendants with one of `tags`, in document order, not looking inside `skip` elements."""
        for child in self.children:
            if isinstance(child, _Element) and child.tag not in skip:
                if child.tag in tags:
                    yield child
                yield from child.elements(*tags, skip=skip)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs) -> None:
        closes = IMPLIED_END.get(tag, set())
        while len(self.stack) > 1 and (self.stack[-1].tag in closes
                                       or (self.stack[-1].tag == "p" and tag in BLOCKS)):
            self.stack.pop()
        if len(self.stack) >= MAX_DEPTH:
            return
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.stack[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if self.stack[depth].tag == "table" and tag != "table":
                return  # an end tag from outside this table: ignore it

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _build_tree(text: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# ---- the text layout ------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Collapse HTML whitespace; a line break between two CJK characters is no space at all."""
    return _SPACES.sub(" ", _BREAK_BETWEEN_CJK.sub("", text)).strip()


def _text_of(element: _Element, line_break: str = "\n") -> str:
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append(line_break)
        elif child.tag not in SKIPPED:
            parts.append(_text_of(child, line_break))
    return "".join(parts)


def _cell_text(cell: _Element) -> str:
    """A cell's text on one line: its lines joined (without a space between CJK characters)."""
    lines = [_clean(line) for line in _text_of(cell).split("\n")]
    joined = ""
    for line in filter(None, lines):
        if joined and not (re.match(f"[{_CJK}]", line) and re.search(f"[{_CJK}]$", joined)):
            joined += " "
        joined += line
    return joined.replace("\t", " ")


def _span(element: _Element, name: str) -> int:
    digits = re.match(r"\s*(\d+)", element.attributes.get(name, ""))
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


def _rows(table: _Element) -> list[_Element]:
    """The table's own rows (not those of a nested table), in order."""
    rows: list[_Element] = []
    for child in table.children:
        if isinstance(child, _Element):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(row for row in child.children if isinstance(row, _Element) and row.tag == "tr")
    return rows


def table_lines(table: _Element) -> list[str]:
    """A table as tab-separated rows: spans expanded, rows and columns that are blank throughout dropped."""
    grid: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    rows = _rows(table)
    for row_index, row in enumerate(rows):
        column = 0
        for cell in (child for child in row.children if isinstance(child, _Element) and child.tag in ("td", "th")):
            while (row_index, column) in taken:
                column += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            grid[(row_index, column)] = _cell_text(cell)
            taken.update((row_index + down, column + across)
                         for down in range(min(rowspan, len(rows) - row_index)) for across in range(colspan))
            column += colspan
    if not taken:
        return []
    width = max(column for _, column in taken) + 1
    filled_columns = [column for column in range(width) if any(grid.get((row, column)) for row in range(len(rows)))]
    lines = []
    for row_index in range(len(rows)):
        cells = [grid.get((row_index, column), "") for column in filled_columns]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


class _Layout:
    """Walks the tree and writes lines: paragraphs and headings apart, tables as row blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.started = False  # true once past the title element
        self.title: Optional[_Element] = None

    def document(self, root: _Element) -> Iterator[str]:
        body = next(root.elements("body"), root)
        self.title = _title_element(root, body)
        if self.title is None or self.title.tag == "title":
            self.lines += [_clean(_text_of(self.title)), ""] if self.title is not None else []
            self.started = True
        self.walk(body)
        self.flush()
        if not self.started:  # the title sat where the walk does not stop (inside a data table)
            self.title, self.started = None, True
            self.walk(body)
            self.flush()
        yield from self.lines

    def flush(self) -> None:
        text = _clean("".join(self.buffer)).replace("\t", " ")
        self.buffer = []
        if text and self.started:
            self.lines += [text, ""]

    def walk(self, element: _Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.buffer.append(child)
            elif child.tag == "br":
                self.flush()
            elif child.tag in SKIPPED:
                continue
            elif child is self.title:
                self.flush()
                self.lines += [_clean(_text_of(child, " ")), ""]
                self.started = True
            elif child.tag == "table" and not any(True for _ in child.elements("table")):
                self.flush()
                rows = table_lines(child)
                if rows and self.started:
                    self.lines += rows + [""]
            elif child.tag in BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _title_element(root: _Element, body: _Element) -> Optional[_Element]:
    """The first h1–h3 naming a year, else the first h1, else <title>; None: the page starts at once."""
    headings = [element for element in body.elements(*HEADINGS[:3], skip=SKIPPED) if _clean(_text_of(element))]
    dated = [element for element in headings if _YEAR.search(_text_of(element))]
    if dated:
        return dated[0]
    first_h1 = next((element for element in headings if element.tag == "h1"), None)
    if first_h1 is not None:
        return first_h1
    return next((element for element in root.elements("title") if _clean(_text_of(element))), None)
