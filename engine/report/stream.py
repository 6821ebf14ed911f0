"""Reports written as results arrive: `begin()`, `document(result)` for each, `end(summary, tally)`.

Every format has one writer, and the whole-report functions (render_text, render_json,
render_sarif, render_csv) drive the same writer into a string, so a streamed report and a
rendered one cannot drift apart. A writer keeps at most counters and spooled text between
documents: a document's findings are written (or spooled) when it arrives and then dropped.

`document` is two steps: `render` turns a triaged result into its part of the report and
depends only on the writer's settings (format, verbosity, rules), so it is a picklable value
that worker processes run on the documents they checked; `put` writes parts in order. The
process writing the report then copies text instead of competing with the workers for CPU.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Optional

from engine.model import DocumentResult
from engine.report.summary import Summary
from engine.util.jsonstream import Text, Write
from engine.workflow.triage import Tally
from engine.workflow.waivers import WaivedFinding

Rendering = Callable[[DocumentResult, tuple[WaivedFinding, ...]], Any]


class ReportWriter:
    """One report; `write` receives the text in order, in pieces that end between two documents' parts."""

    render: Rendering  # (triaged result, the findings waivers set aside from it) -> its part, for `put`

    def __init__(self, write: Write):
        self.write = write

    def begin(self) -> None:
        """Whatever precedes the first document."""

    def document(self, result: DocumentResult) -> None:
        self.put(self.render(result, ()))

    def put(self, part: Any) -> None:
        """Write a document's part, made by `render`; parts are put in document order."""
        raise NotImplementedError

    def waived(self, items: tuple[WaivedFinding, ...]) -> None:
        """Findings a waiver set aside from the last document; only the JSON report lists them."""

    def end(self, summary: Optional[Summary] = None, tally: Optional[Tally] = None) -> None:
        """Whatever follows the last document; `tally` is given when the results went through triage."""


def render_with(make: Callable[[Write], ReportWriter], results: Iterable[DocumentResult],
                summary: Optional[Summary] = None) -> str:
    """The whole report as one string, from the same writer a streamed run uses."""
    text = Text()
    writer = make(text)
    writer.begin()
    for result in results:
        writer.document(result)
    writer.end(summary)
    return text.value()
