"""The shared vocabulary of the pipeline: immutable values passed from stage to stage.

Every stage (read, parse, facts, evaluate, report) imports its inputs and outputs from here and
nothing else, so a value can be built by hand in a test, pickled to a worker, or cached. Values
hold provenance by value (path, line, columns, quote), never a pointer back into a document.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Literal, Optional, dataclass_transform, get_args

import attrs

from engine.record import frozen

# How serious a finding or diagnostic is: error (the publisher must fix it), warning (a probable
# defect needing judgment), info (a rounding residue, a local-practice note).
Severity = Literal["error", "warning", "info"]
# What a rule concluded on one binding or one document (a finding within rounding is a "residue").
Status = Literal["fail", "pass", "not_applicable", "error", "residue"]
# Whether a document was checked, could not be read (its reason in DocumentResult.error), or is in a
# format rulecheck does not read (an Office file, an image: reported, not an error).
DocumentStatus = Literal["checked", "error", "unsupported"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
STATUSES: tuple[Status, ...] = get_args(Status)


def _decimal_only(instance, attribute, value):
    """Money is Decimal: a float would silently lose the printed figure."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{attribute.name} must be Decimal, got {type(value).__name__}")


def _positive(instance, attribute, value):
    if value < 1:
        raise ValueError(f"{attribute.name} counts from 1, got {value}")


# Classes with validators check them in __init__ only. attrs would also check them on every
# assignment, and so build an __init__ that assigns through object.__setattr__ (Provenance:
# ~4x slower); values are never assigned after __init__ (engine/record.py), so that check
# could never fire.
@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, attrs.Factory))
def validated(cls):
    """@frozen for the classes with validators (checked in __init__ only)."""
    return frozen(cls, on_setattr=attrs.setters.NO_OP)


@validated
class Span:
    """A place in a text file; lines and columns count from 1, columns in characters."""

    path: str
    line: int = attrs.field(validator=_positive)
    column: int = attrs.field(default=1, validator=_positive)
    end_line: Optional[int] = None
    end_column: Optional[int] = None


@frozen
class SourcePart:
    """One file of a bundle (a disclosure published as several files) inside the bundle's text:
    lines `first_line` .. `first_line + lines - 1` of the joined text are lines 1 .. `lines` of `path`."""

    path: str
    first_line: int
    lines: int
    pages: Optional[int] = None  # a PDF's page count (None: a text document)


@frozen
class Source:
    """A decoded document: the text with normalised newlines and how it was decoded."""

    path: str
    text: str
    encoding: str = "utf-8"
    # read from a PDF: `engine.read.positions.PositionMap` from (line, column) of `text` to (page, bbox)
    positions: Optional[object] = attrs.field(default=None, eq=False, repr=False)
    parts: tuple[SourcePart, ...] = ()  # a bundle: the files its text was joined from, in order

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))


@validated
class Amount:
    """A figure as printed: value, number of printed decimals and unit.

    The printed precision matters: 3.9 stands for any true value in [3.85, 3.95]. A figure
    computed exactly (a literal in a rule, a count) has ``decimals=None``: a point, not an interval.
    """

    value: Decimal = attrs.field(validator=_decimal_only)
    decimals: Optional[int] = None
    unit: str = ""

    @classmethod
    def exact(cls, value: Decimal | int | str, unit: str = "") -> "Amount":
        return cls(Decimal(value), None, unit)

    @classmethod
    def from_text(cls, digits: str, unit: str = "") -> "Amount":
        """`digits` is an ASCII number such as '-1234.50' (separators already removed)."""
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        return cls(Decimal(digits), decimals, unit)

    @property
    def half_width(self) -> Decimal:
        """Half the last printed unit: the rounding error a printed figure may carry."""
        if self.decimals is None:
            return Decimal(0)
        return Decimal(1).scaleb(-self.decimals) / 2

    def printed(self) -> str:
        """The figure as it was printed (precision kept, no unit)."""
        if self.decimals is None:
            return format(self.value.normalize(), "f") if self.value == self.value.to_integral() else str(self.value)
        return f"{self.value:.{self.decimals}f}"


@validated
class Provenance:
    """Where a figure or statement was read: enough for an auditor to find it in seconds."""

    path: str
    line: int = attrs.field(validator=_positive)
    column: int = 1
    end_column: Optional[int] = None
    quote: str = ""
    table: Optional[str] = None
    row: Optional[str] = None
    column_label: Optional[str] = None
    page: Optional[int] = None  # PDF: the page, from 1
    bbox: Optional[tuple[float, float, float, float]] = None


# ---------------------------------------------------------------------------------------------
# Parsed document (output of engine.parse)
# ---------------------------------------------------------------------------------------------


@frozen
class Cell:
    """One cell of a table row as written. ``text`` is stripped; a blank cell has text ''."""

    text: str
    line: int
    column: int
    end_column: int


@frozen
class TableRow:
    line: int
    cells: tuple[Cell, ...]


@frozen
class Note:
    text: str
    line: int


@frozen
class Table:
    """A table as laid out: title, unit, header rows and body rows (page continuations merged)."""

    title: str
    title_line: int
    kind: Optional[str]
    unit: str
    header: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    notes: tuple[Note, ...] = ()
    annex: Optional[str] = None
    continuation_lines: tuple[int, ...] = ()
    meta: tuple[tuple[str, str, int], ...] = ()
    unit_declared: bool = True  # False when no 单位 line or title named the unit (a default was used)


@frozen
class Section:
    """A heading: its text without the markup, nesting level (1 = top) and line."""

    title: str
    level: int
    line: int


@frozen
class Paragraph:
    """Running text, possibly spanning several source lines.

    ``line_starts`` maps text offsets to source places: a tuple of (offset, line, column) for
    each source line joined into ``text``, so any character can be cited by its line.
    """

    text: str
    line_starts: tuple[tuple[int, int, int], ...]
    section: Optional[str] = None

    def place(self, offset: int) -> tuple[int, int]:
        """(line, column) of the character at `offset` in ``text``."""
        line, column, start = self.line_starts[0][1], self.line_starts[0][2], 0
        for begin, line_number, first_column in self.line_starts:
            if begin > offset:
                break
            start, line, column = begin, line_number, first_column
        return line, column + (offset - start)


@frozen
class Document:
    path: str
    title: str
    budget_year: Optional[int]
    unit_name: Optional[str]
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    annexes: tuple[tuple[str, int], ...] = ()
    diagnostics: tuple["Diagnostic", ...] = ()
    positions: Optional[object] = attrs.field(default=None, eq=False, repr=False)  # Source.positions, for facts


# ---------------------------------------------------------------------------------------------
# Facts (output of engine.facts.tables)
# ---------------------------------------------------------------------------------------------


@frozen
class Fact:
    """A number with its meaning and provenance.

    ``amount`` is None for a blank cell: blank is kept apart from 0 so that a rule can tell
    "not filled in" from "zero" where it matters.
    """

    amount: Optional[Amount]
    provenance: Provenance
    period: Optional[int] = None
    concept: Optional[str] = None
    column: int = 0
    header: tuple[str, ...] = ()


@frozen
class RowFacts:
    """A labelled run of cells in a table row (a two-panel row yields two of these)."""

    line: int
    code: Optional[str]
    label: str
    concept: Optional[str]
    facts: tuple[Fact, ...]
    texts: tuple[tuple[str, str], ...] = ()
    # how far the label is indented among its column's labels (0 = flush), where a PDF shows it
    # (类/款/项 rows without codes); None where the source does not tell (text, centred labels)
    depth: Optional[int] = None


@frozen
class ColumnInfo:
    index: int
    header: tuple[str, ...]
    period: Optional[int]
    concepts: tuple[str, ...] = ()


@frozen
class TableFacts:
    title: str
    kind: Optional[str]
    line: int
    unit: str
    columns: tuple[ColumnInfo, ...]
    rows: tuple[RowFacts, ...]
    notes: tuple[Note, ...] = ()
    annex: Optional[str] = None
    meta: tuple[tuple[str, str, int], ...] = ()
    unit_declared: bool = True
    header: tuple[TableRow, ...] = ()  # the header rows as printed, each cell with its place

    @property
    def is_empty(self) -> bool:
        return not any(f.amount is not None for row in self.rows for f in row.facts)


@frozen
class Statement:
    """A figure stated in running text, bound to the label written before it."""

    label: str
    concept: Optional[str]
    amount: Amount
    period: Optional[int]
    provenance: Provenance
    sentence: int = -1  # ordinal of its sentence in the document: figures listed together share it


@frozen
class Change:
    """A stated year-over-year change: '比2023年增加44.2万元', '与上年持平'."""

    subject_label: str
    subject: Optional[str]
    direction: int
    word: str
    delta: Optional[Amount]
    year: Optional[int]
    current: Optional[Statement]
    provenance: Provenance
    sentence: int = -1  # ordinal of its sentence in the document ('收入增加 X，主要是 A 增加…，B 减少…')


@frozen
class FactSet:
    path: str
    budget_year: Optional[int]
    unit_name: Optional[str]
    title: str
    tables: tuple[TableFacts, ...]
    statements: tuple[Statement, ...]
    changes: tuple[Change, ...]
    percentages: tuple[Statement, ...] = ()
    sections: tuple[Section, ...] = ()
    annexes: tuple[tuple[str, int], ...] = ()
    texts: tuple[tuple[str, int], ...] = ()
    pages: Optional[int] = None  # a PDF's page count (None: a text document)
    pages_without_text: tuple[int, ...] = ()  # image-only (scanned) pages: what they hold was not read
    paragraph_starts: tuple[int, ...] = ()  # first line of each paragraph: a sentence's paragraph


# ---------------------------------------------------------------------------------------------
# Diagnostics and findings
# ---------------------------------------------------------------------------------------------


@frozen
class Diagnostic:
    """A user-facing problem in a rule file or a document: code, message, place, hint."""

    code: str
    message: str
    span: Span
    hint: Optional[str] = None
    severity: Severity = "error"


@frozen
class Citation:
    """One operand of a finding, as an auditor reads it."""

    path: str
    line: int
    quote: str
    value: Optional[str] = None
    table: Optional[str] = None
    row: Optional[str] = None
    column: Optional[str] = None
    page: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    span: Optional[tuple[int, Optional[int]]] = None

    @classmethod
    def from_provenance(cls, provenance: Provenance, value: Optional[str]) -> "Citation":
        return cls(
            path=provenance.path,
            line=provenance.line,
            quote=provenance.quote,
            value=value,
            table=provenance.table,
            row=provenance.row,
            column=provenance.column_label,
            page=provenance.page,
            bbox=provenance.bbox,
            span=(provenance.column, provenance.end_column),
        )


@frozen
class Finding:
    """The verdict of one rule on one binding (row, column, statement) of one document."""

    rule: str
    severity: Severity
    status: Status
    message: str
    citations: tuple[Citation, ...] = ()
    expected: Optional[str] = None
    found: Optional[str] = None
    citation: str = ""
    name: str = ""
    # how many findings of the document before this one read the same (rule, status, cited
    # tables/rows/columns/values): nine findings on nine repeated 绩效 tables get 0 … 8, so their
    # fingerprints differ and one waiver does not silence all nine (engine/workflow/fingerprint.py)
    repeat: int = 0


def citation_key(citation: Citation) -> tuple:
    """The parts of a citation that identify the operand independently of its line."""
    if citation.table is not None:
        return (citation.table, citation.row or "", citation.column or "", citation.value or "")
    return ("", "", citation.quote, citation.value or "")


def finding_identity(finding: Finding) -> tuple:
    """What a finding is about, without where it was printed: rule, status, cited operands (the
    message too when it cites nothing). Fingerprints hash it, with `repeat`."""
    keys = tuple(sorted(citation_key(citation) for citation in finding.citations))
    return (finding.rule, finding.status, keys, finding.message if not keys else None)


@frozen
class Coverage:
    """What was recognised in a document, so "0 findings" can be told from "nothing recognised":
    tables by kind, titles of tables no kind was recognised for, figures stated in the text and,
    for a PDF, its pages and those without a text layer (scanned: what they hold was not read)."""

    tables: tuple[tuple[str, int], ...]  # (kind, count), sorted by kind
    unrecognized_tables: tuple[str, ...]
    statements: int
    pages: Optional[int] = None  # None for a text document
    pages_without_text: tuple[int, ...] = ()

    @classmethod
    def of(cls, facts: FactSet, positions=None) -> "Coverage":
        kinds = Counter(table.kind for table in facts.tables if table.kind)
        return cls(
            tables=tuple(sorted(kinds.items())),
            unrecognized_tables=tuple(table.title or "(untitled)" for table in facts.tables if not table.kind),
            statements=len(facts.statements),
            pages=positions.pages if positions is not None else None,
            pages_without_text=tuple(positions.pages_without_text) if positions is not None else (),
        )

    @property
    def scanned(self) -> bool:
        """Every page an image: the document has no text layer to check."""
        return bool(self.pages) and len(self.pages_without_text) == self.pages

    def as_dict(self) -> dict:
        data: dict = {
            "tables": dict(self.tables),
            "unrecognized_tables": list(self.unrecognized_tables),
            "statements": self.statements,
        }
        if self.pages is not None:
            data["pages"] = self.pages
            data["pages_without_text"] = list(self.pages_without_text)
        return data


@frozen
class RuleStatus:
    """How one rule ended on one document, and why when it did not apply (`--verbose`)."""

    rule: str
    status: Status
    reason: str = ""


@frozen
class Bundle:
    """How the files of one disclosure were put together: its parts (paths as the run names them,
    in the order they were joined), and the unit, year and kind they share, or the manifest that
    named them (`by` is "titles" or the manifest's path)."""

    parts: tuple[str, ...]
    by: str = "titles"
    unit: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    pages: tuple[Optional[int], ...] = ()  # each part's page count (None: a text part), when it was read

    def as_dict(self) -> dict:
        data: dict = {"parts": list(self.parts), "grouped_by": self.by}
        for key in ("unit", "year", "kind"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.pages:
            data["pages"] = list(self.pages)
        return data


@frozen
class DocumentResult:
    """Everything a run learned about one document: what every stage after it (triage, waivers,
    baseline, every report format) reads, so none of them imports the orchestrator."""

    path: str
    status: DocumentStatus
    findings: tuple[Finding, ...] = ()
    statuses: tuple[RuleStatus, ...] = ()
    error: Optional[str] = None
    coverage: Optional[Coverage] = None
    bundle: Optional[Bundle] = None  # a disclosure checked as one document from several files: `path` is its first

    def __getstate__(self):
        """Statuses pickled as plain tuples: a worker sends one per rule per document back to the
        process writing the report, and ~113 small objects pickle ~10x slower than tuples."""
        statuses = tuple((status.rule, status.status, status.reason) for status in self.statuses)
        return self.path, self.status, self.findings, statuses, self.error, self.coverage, self.bundle

    def __setstate__(self, state) -> None:
        path, status, findings, statuses, error, coverage, bundle = state
        for name, value in (
            ("path", path),
            ("status", status),
            ("findings", findings),
            ("statuses", tuple(RuleStatus(*fields) for fields in statuses)),
            ("error", error),
            ("coverage", coverage),
            ("bundle", bundle),
        ):
            object.__setattr__(self, name, value)
