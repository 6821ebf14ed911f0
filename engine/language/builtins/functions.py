"""The closed set of built-in functions. Rules cannot define functions, so none can recurse.

Each entry: name -> (minimum arguments, maximum arguments, builder). A builder receives the
compiled arguments and returns a compiled closure; arity is checked at load.
"""

from __future__ import annotations


from engine.language.syntax import nodes


from engine.language.runtime import values
from engine.language.runtime.environment import Compiled
from engine.language.runtime.reading import to_quantity
from engine.language.runtime.references import sign
from engine.language.runtime.selection import Selection, across, all_rows, bound_row, children, iterate_rows, row_count, subtotal
from engine.language.runtime.values import FALSE, TRUE, EvalError, Flag, Missing, Quantity, Term, Text
from engine.language.builtins.document_functions import DOCUMENT_BUILTINS
from engine.errors import CompileError
from engine.model import Diagnostic, Provenance
from engine.vocabulary import normalize


def _sum(arguments, compiler):
    if len(arguments) == 1 and arguments[0].kind in ("selection", "any"):
        function = arguments[0].function

        def rows(env):
            value = function(env)
            if isinstance(value, Selection) and value.rows is None:
                return all_rows(value)
            return value

        return Compiled(rows, "selection")
    return _numeric(lambda *parts: values.total(list(parts)))(arguments, compiler)


def _count(arguments, compiler):
    function = arguments[0].function

    def run(env):
        value = function(env)
        if isinstance(value, Selection):
            return Quantity.exact(row_count(value) if value.rows is not None else len(value.tables))
        return value if isinstance(value, (Missing, EvalError)) else EvalError("count() needs a table or rows")

    return Compiled(run, "quantity")


def _children(arguments, compiler):
    function = arguments[0].function

    def run(env):
        value = function(env)
        return children(value, env.frame) if isinstance(value, Selection) else value

    return Compiled(run, "selection")


def _figure_of_rows(name: str, read):
    """A function of table rows that gives one figure: across(r), subtotal(g)."""

    def compile_call(arguments, compiler):
        function = arguments[0].function

        def run(env):
            value = function(env)
            if isinstance(value, Selection) and value.rows is not None:
                return read(value, env.frame)
            return value if isinstance(value, (Missing, EvalError)) else EvalError(f"{name}() needs table rows")

        return Compiled(run, "quantity")

    return compile_call


# across(r): a row's item columns added up, for `r.合计 == across(r)` (selection.across);
# subtotal(g): a column group's own total, for `subtotal(g) == across(g)` (selection.subtotal)
_across = _figure_of_rows("across", across)
_subtotal = _figure_of_rows("subtotal", subtotal)
# the functions that read their argument cell by cell (its columns are a set of cells, not the one
# figure the argument would be on its own): `rulecheck explain` shows their cells, not the argument
READS_CELLS = frozenset({"across", "subtotal"})


def _table_test(test, cite_absence: bool = False):
    def build(arguments, compiler):
        function = arguments[0].function

        def run(env):
            value = function(env)
            if not isinstance(value, Selection):
                return value if isinstance(value, (Missing, EvalError)) else EvalError("expected a table")
            decided = test(value)
            if cite_absence and decided is False and value.rows is None:
                return Flag(False, _where_promised(value.label, env))
            return Flag(decided)

        return Compiled(run, "flag")

    return build


def _where_promised(kind: str, env) -> tuple:
    """A missing table is cited where the text names it (an annex list, a sentence), by the
    aliases of its kind in the vocabulary: the auditor sees what promised it."""
    aliases = [alias for alias, alias_kind in env.vocabulary.table_aliases if alias_kind == kind]
    for text, line in env.facts.texts:
        key = normalize(text)
        if any(alias in key for alias in aliases):
            return (Term(Provenance(env.facts.path, line, 1, None, text[:80]), ""),)
    return ()


def _present(selection: Selection) -> bool:
    return bool(selection.tables) if selection.rows is None else bool(selection.rows)


def _empty(selection: Selection) -> bool:
    return bool(selection.tables) and all(table.is_empty for table in selection.tables)


def _has_note(selection: Selection) -> bool:
    return bool(selection.tables) and all(table.notes for table in selection.tables)


def _numeric(operation):
    def build(arguments, compiler):
        functions_ = [argument.function for argument in arguments]

        def run(env):
            parts = [to_quantity(function(env), env) for function in functions_]
            for part in parts:
                if isinstance(part, (Missing, EvalError)):
                    return part
            return operation(*parts)

        return Compiled(run, "quantity")

    return build


def _abs(value: Quantity) -> Quantity:
    return values.negate(value) if value.value < 0 else value


def _sign(value: Quantity) -> Quantity:
    return Quantity.exact(sign(value.value), "").with_terms(value.terms)


def _define_value(period: str):
    def build(arguments, compiler):
        function = arguments[0].function
        defines = compiler.defines

        def run(env):
            name = function(env)
            if not isinstance(name, Text):
                return name if isinstance(name, (Missing, EvalError)) else EvalError("value() needs a name")
            compiled = defines.get(name.value)
            if compiled is None:
                return Missing(f"no definition for '{name.value}'")
            shifted = env.with_period(period)
            return to_quantity(compiled.function(shifted), shifted)

        return Compiled(run, "quantity")

    return build


def _defined(arguments, compiler):
    function = arguments[0].function
    defines = compiler.defines

    def run(env):
        name = function(env)
        return Flag(isinstance(name, Text) and name.value in defines)

    return Compiled(run, "flag")


def _budget_year(arguments, compiler):
    def run(env):
        year = env.facts.budget_year
        return Quantity.exact(year) if year is not None else Missing("the document names no budget year")

    return Compiled(run, "quantity")


def _exists(arguments, compiler):
    function = arguments[0].function

    def run(env):
        value = function(env)
        if isinstance(value, Selection):
            value = to_quantity(value, env)
        return FALSE if isinstance(value, (Missing, EvalError)) else TRUE

    return Compiled(run, "flag")


def _first(arguments, compiler):
    """The first operand that the document has: first(T[收入总计], T[合计]."收入")."""
    functions_ = [argument.function for argument in arguments]

    same_kind = len({argument.kind for argument in arguments}) == 1

    def run(env):
        last = Missing("none of the alternatives is in the document")
        for function in functions_:
            value = function(env)
            probe = to_quantity(value, env) if isinstance(value, Selection) else value
            if not isinstance(probe, Missing):
                # alternatives of different kinds (a row or a literal 0) agree on being one figure
                return value if same_kind else probe
            last = probe
        return last

    return Compiled(run, arguments[0].kind if same_kind else "quantity")


def _union(arguments, compiler):
    """Several table kinds read as one, for `for each row r in union(A, B)`."""
    functions_ = [argument.function for argument in arguments]

    def run(env):
        tables = []
        for function in functions_:
            value = function(env)
            if isinstance(value, Selection):
                tables.extend(value.tables)
        return Selection(tuple(tables), None, (), None, "+".join(
            str(getattr(function(env), "label", "")) for function in functions_))

    return Compiled(run, "selection")


BUILTINS = {
    "first": (1, 16, _first),
    "union": (1, 16, _union),
    "sum": (1, 64, _sum),
    "count": (1, 1, _count),
    "children": (1, 1, _children),
    "across": (1, 1, _across),
    "subtotal": (1, 1, _subtotal),
    "present": (1, 1, _table_test(_present, cite_absence=True)),
    "absent": (1, 1, _table_test(lambda selection: not _present(selection))),
    "empty": (1, 1, _table_test(_empty)),
    "has_note": (1, 1, _table_test(_has_note)),
    "abs": (1, 1, _numeric(_abs)),
    "sign": (1, 1, _numeric(_sign)),
    "min": (2, 64, _numeric(lambda *parts: min(parts, key=lambda part: part.value))),
    "max": (2, 64, _numeric(lambda *parts: max(parts, key=lambda part: part.value))),
    "value": (1, 1, _define_value("current")),
    "prior": (1, 1, _define_value("prior")),
    "defined": (1, 1, _defined),
    "exists": (1, 1, _exists),
    "budget_year": (0, 0, _budget_year),
}


def compile_call(node: nodes.Call, arguments: tuple[Compiled, ...], compiler) -> Compiled:
    entry = BUILTINS.get(node.function) or DOCUMENT_BUILTINS.get(node.function)
    if entry is None:
        raise compiler._unknown(node.function, node.span, sorted(BUILTINS) + sorted(DOCUMENT_BUILTINS), "function")
    low, high, build = entry
    document_builtin = node.function in DOCUMENT_BUILTINS
    if node.function in ("value", "prior", "defined") and compiler.compiling:
        raise CompileError(Diagnostic("dynamic-definition", f"{node.function}() cannot be used inside a definition",
                                      node.span, hint="it looks definitions up by name at run time, which could loop"))
    if not low <= len(arguments) <= high:
        wanted = f"{low}" if low == high else f"{low} to {high}"
        raise CompileError(Diagnostic("arity", f"{node.function}() takes {wanted} argument(s), got {len(arguments)}", node.span))
    if document_builtin:
        return build(list(arguments), compiler, node)
    return build(list(arguments), compiler)

