"""Built-ins on tables and their rows: whether a table is there, how many rows, a row's children,
the sum of a row's item columns and a column group's subtotal.

`present` cites, when a table is missing, the place in the text that promised it (an annex list,
a sentence), so the auditor sees what the absence contradicts.
"""

from __future__ import annotations

from engine.language.builtins.registry import CallSite, Parameter, builtin, custom
from engine.language.runtime.environment import Compiled, Env
from engine.language.runtime.selection import Selection, across, children, row_count, subtotal
from engine.language.runtime.values import Flag, Quantity, Term
from engine.model import Provenance, TableFacts
from engine.vocabulary import normalize

TABLE = Parameter("table", "table")
ROWS = Parameter("rows", "rows")


def _present(selection: Selection) -> bool:
    return bool(selection.tables) if selection.rows is None else bool(selection.rows)


@builtin("present", (TABLE,), "flag", "tables",
         "Whether the document has the table (or the chosen rows); when it has not, the text that "
         "names the table (an annex list, a sentence) is cited.", "present(三公经费表)", uses_env=True)
def present(env: Env, table: Selection):
    if _present(table):
        return Flag(True)
    return Flag(False, _where_promised(table.label, env) if table.rows is None else ())


def _where_promised(kind: str, env: Env) -> tuple:
    """A missing table is cited where the text names it, by the aliases of its kind in the vocabulary."""
    aliases = [alias for alias, alias_kind in env.vocabulary.table_aliases if alias_kind == kind]
    for text, line in env.facts.texts:
        key = normalize(text)
        if any(alias in key for alias in aliases):
            return (Term(Provenance(env.facts.path, line, 1, None, text[:80]), ""),)
    return ()


@builtin("absent", (TABLE,), "flag", "tables",
         "Whether the document lacks the table (or the chosen rows).", "absent(政府性基金预算支出表)")
def absent(table: Selection):
    return Flag(not _present(table))


@builtin("empty", (TABLE,), "flag", "tables",
         "Whether every table of that kind the document has is empty (no figures).", "empty(政府性基金预算支出表)")
def empty(table: Selection):
    return Flag(bool(table.tables) and all(each.is_empty for each in table.tables))


@builtin("has_note", (TABLE,), "flag", "tables",
         "Whether every table of that kind carries a note (备注/注：…).", "has_note(政府性基金预算支出表)")
def has_note(table: Selection):
    return Flag(bool(table.tables) and all(each.notes for each in table.tables))


@builtin("count", (Parameter("rows", "table"),), "quantity", "tables",
         "The number of chosen rows, or of tables of a kind.", "count(children(r)) > 0")
def count(table: Selection):
    return Quantity.exact(row_count(table) if table.rows is not None else len(table.tables))


@builtin("children", (Parameter("rows", "table"),), "selection", "tables",
         "The rows one code level below (2010301 under 20103), or the items under a subtotal row.",
         "r == sum(children(r))", uses_env=True)
def children_of(env: Env, rows: Selection):
    return children(rows, env.frame)


@builtin("across", (ROWS,), "quantity", "tables",
         "A row's item columns of the period added up, without 合计/总计/小计 and 其中… columns "
         "(vocabulary `total_columns`, `part_column_prefixes`); `across(r.\"年初特定目标\")` adds one group.",
         "r.合计 == across(r)", uses_env=True, reads_cells=True)
def across_columns(env: Env, rows: Selection):
    return across(rows, env.frame)


@builtin("subtotal", (ROWS,), "quantity", "tables",
         "A column group's own 小计/合计 column (not one of a group nested in it).",
         "subtotal(g) == across(g)", uses_env=True, reads_cells=True)
def group_subtotal(env: Env, rows: Selection):
    return subtotal(rows, env.frame)


@custom("union", (Parameter("tables", "table", repeats=16),), "selection", "tables",
        "Several table kinds read as one, for `for each row r in union(A, B)`.",
        "union(一般公共预算支出表, 政府性基金预算支出表)")
def union(site: CallSite) -> Compiled:
    functions = [argument.function for argument in site.arguments]

    def run(env: Env):
        tables: list[TableFacts]
        tables, labels = [], []
        for function in functions:
            value = function(env)
            if isinstance(value, Selection):
                tables.extend(value.tables)
            labels.append(str(getattr(value, "label", "")))
        return Selection(tuple(tables), None, (), None, "+".join(labels))

    return Compiled(run, "selection")


TABLE_BUILTINS = (present, absent, empty, has_note, count, children_of, across_columns, group_subtotal, union)
