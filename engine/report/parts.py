"""Checked documents -> their parts of the report, made in the worker process that checked them.

With workers, the process writing the report shares the CPUs with them, so its work per
document is taken off the critical path: everything about a document that does not depend on
the documents before it is done where it was checked (triage, the rendered report text, its
baseline entries when a baseline is being written, its counts), and this process only writes
the text in input order and adds up the counts (`Batch`). Without workers the same code runs
in-process, so the report is the same bytes whatever `--jobs`.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional

from engine.model import DocumentResult
from engine.record import frozen
from engine.report.stream import Rendering
from engine.report.summary import Summary
from engine.workflow.baseline import Baseline, recorded_entries
from engine.workflow.triage import Marks, Triager


class Part(NamedTuple):
    """One document, as the writing process needs it."""

    path: str
    status: str  # checked | error
    error: Optional[str]  # why it could not be checked
    rendered: Any  # the writer's `render` of the triaged result, its texts encoded as UTF-8
    recorded: Optional[tuple[int, bytes]]  # `recorded_entries` of the raw result, when a baseline is written


class Batch(NamedTuple):
    """Consecutive documents: their parts, what they add to the summary and to the triage counts,
    and the baseline entries lent for them that they did not use up."""

    parts: list[Part]
    summary: Summary
    marks: Marks
    unused: Optional[Baseline]


@frozen
class Preparer:
    """`check_batches`' finish: triage, render and count checked results (picklable, for spawned workers)."""

    triager: Triager  # settings only: Triager.settings()
    render: Rendering
    record: bool  # whether a baseline is being written

    def __call__(self, results: list[DocumentResult], lent: Optional[Baseline]) -> Batch:
        summary, marks, parts = Summary(), Marks(), []
        for result in results:
            recorded = recorded_entries(result) if self.record else None
            reported, waived = self.triager.sort(result, lent, marks)
            summary.add(reported)
            parts.append(
                Part(result.path, result.status, result.error, _encoded(self.render(reported, waived)), recorded)
            )
        return Batch(parts, summary, marks, lent if lent is not None and lent.documents else None)


def _encoded(rendered: Any) -> Any:
    """A rendered part with its texts as UTF-8: pickling text encodes it and the writing process
    would decode it, only to encode it again for the output (which takes bytes as they are)."""
    if isinstance(rendered, str):
        return rendered.encode("utf-8")
    if isinstance(rendered, tuple):
        return tuple(_encoded(item) for item in rendered)
    return rendered
