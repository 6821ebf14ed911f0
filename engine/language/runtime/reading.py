"""Turning whatever an expression produced into the figure, row vector or text an operator needs.

One place decides how a statement becomes a number (its stated figure, cited at its line),
how a change becomes a number (its signed delta) and how a table reference becomes a figure
(leftmost cell of the period) or a vector (every column).
"""

from __future__ import annotations

import re

from engine.language.runtime.document_cache import per_selection
from engine.language.runtime.line_index import paragraph_at, section_at, sentence_at  # re-exported
from engine.language.runtime.references import AnnexRef, ChangeRef, SectionRef, SentenceRef, StatementRef
from engine.language.runtime.selection import Selection, Vector, scalar, vector
from engine.language.runtime.values import EvalError, Missing, Quantity, Text
from engine.vocabulary import normalize, strip_numbering


def to_quantity(value, env):
    kind = type(value)
    if kind is Quantity or kind is Missing or kind is EvalError:
        return value
    if kind is Selection:
        return scalar(value, env.frame)
    match value:
        case StatementRef(statement=statement):
            return Quantity.from_amount(statement.amount, statement.provenance, env.vocabulary.units)
        case ChangeRef(change=change):
            if change.delta is None:
                return Missing("the change states no amount")
            return Quantity.from_amount(change.delta, change.provenance, env.vocabulary.units)
        case Vector():
            return EvalError("a whole row was used where one figure is needed: choose a column with .NAME")
    return EvalError(f"expected a figure, got {type(value).__name__}")


def is_rowish(value) -> bool:
    kind = type(value)
    return kind is Vector or (kind is Selection and value.rows is not None and not value.columns)


def to_vector(value, env):
    if isinstance(value, Selection):
        return vector(value, env.frame)
    return value


def operands(left, right, env, broadcast: bool = False):
    """Two row references compare column by column; anything else compares as single figures.
    With `broadcast`, a row compared with a literal (`r >= 0`) comes back as its Vector beside the
    literal, for the caller to compare every column with it."""
    left_rowish, right_rowish = is_rowish(left), is_rowish(right)
    if broadcast and left_rowish != right_rowish:
        row, other = (left, right) if left_rowish else (right, left)
        if isinstance(other, Quantity) and not other.terms:
            spread = to_vector(row, env)
            if isinstance(spread, Vector):
                return (spread, other) if row is left else (other, spread)
    if left_rowish and right_rowish:
        left_vector, right_vector = to_vector(left, env), to_vector(right, env)
        if not (isinstance(left_vector, Vector) and isinstance(right_vector, Vector)) or _share_columns(
            left_vector, right_vector
        ):
            return left_vector, right_vector
        # rows of different layouts (the income and the expenditure side of a summary table)
        # have no column in common: they compare as single figures
    return to_quantity(left, env), to_quantity(right, env)


def _share_columns(left: Vector, right: Vector) -> bool:
    keys = {key for key, _, _ in left.entries}
    return any(key in keys for key, _, _ in right.entries)


def read_property(value, name: str, env):
    kind = type(value)
    if kind is Selection:
        return _selection_property(value, name, env.vocabulary)
    if kind is Missing or kind is EvalError:
        return value
    match value:
        case StatementRef(statement=statement):
            return _statement_property(statement, name, env)
        case ChangeRef(change=change):
            return _change_property(change, name, env)
        case Selection():
            return _selection_property(value, name, env.vocabulary)
        case SentenceRef(text=text, line=line, section=section):
            if name == "paragraph":
                return Text(paragraph_at(env, line, text))
            return {"text": Text(text), "section": Text(section)}.get(name) or Quantity.exact(line)
        case SectionRef(section=section):
            if name == "title":
                return Text(section.title)
            return Quantity.exact(section.level if name == "level" else section.line)
        case AnnexRef(label=label, line=line):
            return _annex_property(label, line, name)
    return EvalError(f"'{name}' cannot be read from {type(value).__name__}")


def _annex_property(label: str, line: int, name: str):
    if name == "label":
        return Text(label)
    if name == "line":
        return Quantity.exact(line)
    numbers = re.findall(r"\d+", label)
    index = 0 if name == "number" else 1
    if len(numbers) <= index:
        return Missing(f"annex {label} has no {name}")
    return Quantity.exact(numbers[index])


def as_text(value, env):
    """The text a value shows: a text cell, a row label, a statement label, a printed figure."""
    kind = type(value)
    if kind is Text or kind is Missing or kind is EvalError:
        return value
    match value:
        case Quantity():
            return Text(value.printed())
        case StatementRef(statement=statement):
            return Text(statement.label)
        case Selection():
            return _selection_text(value, env)
    return EvalError(f"expected a text, got {type(value).__name__}")


def _selection_text(selection: Selection, env):
    """Remembered per selection and period, like `scalar`: `r.指标性质` of a bound row is one
    Selection per document (compiler's `choose`) that several rules read as text."""
    return per_selection(env.frame.cache.texts, selection, env.frame.period, _read_selection_text, env)


def _read_selection_text(selection: Selection, env):
    if not selection.tables:
        return Missing(f"no {selection.label} in the document")
    if not selection.rows:
        if selection.rows is None and not selection.columns:
            return Text(selection.tables[0].title)
        return Missing(f"no row {selection.label}")
    table, row = selection.rows[0]
    if not selection.columns:
        return Text(row.label)
    wanted = selection.columns[-1]
    key = normalize(wanted.name)
    for header, text in row.texts:
        last = header.split("/")[-1]
        if (wanted.quoted and key in normalize(header)) or (
            not wanted.quoted and (env.vocabulary.concept_of_label(last) == wanted.name or normalize(last) == key)
        ):
            return Text(text)
    figure = scalar(selection, env.frame)
    if isinstance(figure, Quantity):
        return Text(figure.printed())
    return Missing(f"no text under {wanted.name} in {selection.label}")


def _statement_property(statement, name, env):
    if name == "value":
        return to_quantity(StatementRef(statement), env)
    if name == "label":
        return Text(statement.label)
    if name == "concept":
        return Text(statement.concept or normalize(statement.label))
    if name == "period":
        return Quantity.exact(statement.period) if statement.period is not None else Missing("no year stated")
    if name == "section":
        return Text(section_at(env, statement.provenance.line))
    if name == "sentence":
        return Text(sentence_at(env, statement.provenance.line, statement_words(statement, env)))
    if name == "paragraph":
        return Text(paragraph_at(env, statement.provenance.line, statement_words(statement, env)))
    return Quantity.exact(statement.provenance.line)


def statement_words(statement, env) -> str:
    """What finds a figure's sentence: its quote (label and figure, '占90.91%') when a sentence
    holds it, else its label. Two figures of one line often share a label (占 …%, 占 …%); their
    quotes tell their sentences apart."""
    quote, line = statement.provenance.quote, statement.provenance.line
    if quote and quote in sentence_at(env, line, quote):
        return quote
    return statement.label


# the properties read straight off the change: one table, not a dict of closures per call (the
# `where c.subject == …` of every change rule reads them for every stated change)
_SIMPLE_CHANGE_PROPERTIES = {
    "word": lambda change: Text(change.word),
    # the unit the change is stated in (万元, 元, %): a rate is no amount of money
    "unit": lambda change: (
        Text(change.delta.unit) if change.delta is not None else Missing("the change states no amount")
    ),
    "subject": lambda change: Text(change.subject or normalize(change.subject_label)),
    "label": lambda change: Text(change.subject_label),
    "direction": lambda change: Quantity.exact(change.direction),
    "line": lambda change: Quantity.exact(change.provenance.line),
}


def _change_property(change, name, env):
    simple = _SIMPLE_CHANGE_PROPERTIES.get(name)
    if simple is not None:
        return simple(change)
    if name == "delta":
        return to_quantity(ChangeRef(change), env)
    if name == "stated":
        if change.delta is None:
            return Missing("the change states no amount")
        quantity = to_quantity(ChangeRef(change), env)
        return (
            quantity
            if quantity.value >= 0
            else Quantity(
                -quantity.value, -quantity.high, -quantity.low, quantity.decimals, quantity.unit, quantity.terms
            )
        )
    if name == "year":
        return Quantity.exact(change.year) if change.year is not None else Missing("the comparison names no year")
    if name == "current":
        return StatementRef(change.current) if change.current is not None else Missing("the change follows no figure")
    if name == "section":
        return Text(section_at(env, change.provenance.line))
    if name == "sentence":
        return Text(sentence_at(env, change.provenance.line, change.provenance.quote))
    if name == "paragraph":
        return Text(paragraph_at(env, change.provenance.line, change.provenance.quote))
    return EvalError(f"unknown property {name}")


def _selection_property(selection: Selection, name: str, vocabulary):
    if name == "text":
        return _selection_all_text(selection)
    if name == "header":  # the columns chosen, as written: a column group's path
        if not selection.columns:
            return Missing(f"no column chosen in {selection.label}")
        return Text("/".join(column.name for column in selection.columns))
    if name in ("title", "annex", "kind", "notes", "year", "unit", "declared_unit"):
        if not selection.tables:
            return Missing(f"no {selection.label} in the document")
        return _table_property(selection.tables[0], name, vocabulary)
    if not selection.rows:
        return Missing(f"no row {selection.label}")
    return _ROW_PROPERTIES.get(name, _row_line)(selection.rows[0][1], vocabulary)


def _row_code(row, vocabulary):
    return Text(row.code) if row.code else Missing("the row has no code")


def row_concept(row, vocabulary):
    return Text(row.concept or strip_numbering(normalize(row.label), vocabulary.numerals))


def _row_line(row, vocabulary):
    return Quantity.exact(row.line)


def _row_depth(row, vocabulary):
    """How far the row's label is indented among its column's (0 = flush), where a PDF shows it."""
    if row.depth is None:
        return Missing("the row's indentation is not known")
    return Quantity.exact(row.depth)


_ROW_PROPERTIES = {
    "code": _row_code,
    "label": lambda row, vocabulary: Text(row.label),
    "concept": row_concept,
    "line": _row_line,
    "depth": _row_depth,
}


def property_reader(name: str):
    """`read_property` for one property name, chosen when the rule is compiled: a bound row's
    `.label` or `.code` is read thousands of times per document, so the row properties skip
    the dispatch on the value's type and on the name."""
    read_row = _ROW_PROPERTIES.get(name)
    if read_row is None:
        return lambda value, env: read_property(value, name, env)

    def read(value, env):
        if type(value) is Selection and value.rows:
            return read_row(value.rows[0][1], env.vocabulary)
        return read_property(value, name, env)

    return read


def row_text(row) -> str:
    """`r.text` of a bound row: its label and its text cells, tab-separated."""
    return "\t".join([row.label, *(text for _, text in row.texts)])


def _selection_all_text(selection: Selection):
    """Every text of the rows chosen (a row's label and its text cells, tab-separated), or of
    the whole first table: the place to look for a project code or a 项目终止时间."""
    if not selection.tables:
        return Missing(f"no {selection.label} in the document")
    if selection.rows is not None:
        if not selection.rows:
            return Missing(f"no row {selection.label}")
        return Text("\n".join(row_text(row) for _, row in default_rows_of(selection)))
    table = selection.tables[0]
    headers = "\t".join(element for column in table.columns for element in column.header)
    return Text("\n".join([table.title, headers, *(row_text(row) for row in table.rows)]))


def default_rows_of(selection: Selection):
    assert selection.rows is not None  # asked of a selection of rows, never of whole tables
    first_table = selection.rows[0][0]
    return [(table, row) for table, row in selection.rows if table is first_table]


def _table_property(table, name: str, vocabulary):
    if name == "year":
        suffix = vocabulary.year_suffix_pattern
        found = re.search(rf"(\d{{4}})\s*(?:{suffix})", table.title)
        return Quantity.exact(found.group(1)) if found else Missing("the title names no year")
    if name == "annex":
        return Text(table.annex) if table.annex else Missing("the table has no annex number")
    if name == "declared_unit":
        return Text(table.unit) if table.unit_declared else Missing("the table prints no 单位 line")
    text = {
        "title": table.title,
        "kind": table.kind or "",
        "unit": table.unit,
        "notes": " ".join(note.text for note in table.notes),
    }[name]
    return Text(text)
