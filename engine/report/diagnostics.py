"""Rendering of user-facing problems: `path:line:col: error[code]: message`, source line, caret.

One function renders every Diagnostic (rule files and documents alike). Columns count
characters; the caret is placed by display width, since a CJK character takes two cells.
"""

from __future__ import annotations

from typing import Optional

from engine.model import Diagnostic
from engine.util.display_width import display_width


def render(diagnostic: Diagnostic, source_text: Optional[str] = None) -> str:
    span = diagnostic.span
    head = f"{span.path}:{span.line}:{span.column}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"
    lines = source_text.split("\n") if source_text is not None else []
    if not 1 <= span.line <= len(lines):
        return head + (f"\n  = {diagnostic.hint}" if diagnostic.hint else "")
    line_text = lines[span.line - 1].replace("\t", " ")
    number = str(span.line)
    gutter = " " * len(number)
    start = max(0, span.column - 1)
    if span.end_line == span.line and span.end_column and span.end_column > span.column:
        end = span.end_column - 1
    else:
        end = start + 1
    pad = " " * display_width(line_text[:start])
    caret = "^" * max(1, display_width(line_text[start:end]))
    hint = f" {diagnostic.hint}" if diagnostic.hint else ""
    return f"{head}\n {number} | {line_text}\n {gutter} | {pad}{caret}{hint}"

