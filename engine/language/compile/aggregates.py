"""Aggregates: sum/count/all/any/min/max(… for r in T where …), a bounded fold over table rows.

The loop ranges over what the document holds and the rule cannot extend it; `where` tests that
cannot fail are pushed down as prefilters (engine/language/compile/prefilter.py).
"""

from __future__ import annotations

from engine.errors import CompileError
from engine.language.builtins.operators import terms_of, truth
from engine.language.compile.prefilter import apply_prefilters
from engine.language.runtime import values
from engine.language.runtime.budget import charge
from engine.language.runtime.environment import Compiled
from engine.language.runtime.reading import to_quantity
from engine.language.runtime.selection import Selection, bound_row, iterate_rows, kept_rows
from engine.language.runtime.values import EvalError, Flag, Missing, Quantity
from engine.language.syntax import nodes
from engine.model import Diagnostic


def compile_aggregate(node: nodes.Aggregate, source: Compiled, element: Compiled, where, compiler,
                      prefilters: tuple = (), indexed: bool = False) -> Compiled:
    """sum/count/all/any/min/max over the rows of a selection: a bounded loop the rule cannot extend.
    `prefilters` are tests pushed down from a `where` that cannot fail (engine/language/prefilter.py);
    `indexed` when the source reads no rule variable (one selection per document: its index is kept)."""
    if node.function not in AGGREGATES:
        raise CompileError(Diagnostic("unknown-function", f"'{node.function}' cannot range over rows", node.span,
                                      hint=f"use one of {', '.join(sorted(AGGREGATES))}"))
    variable, source_function, element_function = node.variable, source.function, element.function
    where_function = where.function if where is not None else None
    counting = node.function == "count"

    def run(env):
        selection = source_function(env)
        if not isinstance(selection, Selection):
            return selection if isinstance(selection, (Missing, EvalError)) else EvalError("expected table rows")
        rows = kept_rows(selection, env.frame) if indexed else iterate_rows(selection)
        if prefilters:
            rows = apply_prefilters(prefilters, rows, env, selection if indexed else None)
        items = []
        for table, row in rows:
            charge()  # aggregates share the rule's budget with its `for each` bindings
            if where_function is None and counting:
                items.append(None)
                continue
            bound = env.bind(variable, bound_row(table, row, env.frame, qualified=False))
            if where_function is not None:
                decided = truth(where_function(bound))
                if isinstance(decided, EvalError):
                    return decided
                if decided is not True:
                    continue
            items.append(None if counting else _aggregate_item(node.function, element_function(bound), bound))
        return AGGREGATES[node.function](items)

    kind = "flag" if node.function in ("all", "any") else "quantity"
    return Compiled(run, kind)


def _aggregate_item(function: str, value, env):
    if function in ("all", "any"):
        decided = truth(value)
        return Flag(decided, terms_of(value)) if isinstance(decided, bool) else decided
    return to_quantity(value, env)


def _fold_figures(items, pick):
    figures = [item for item in items if isinstance(item, Quantity)]
    errors = [item for item in items if isinstance(item, EvalError)]
    if errors:
        return errors[0]
    if not figures:
        return Missing("no row to aggregate")
    return pick(figures)


def _fold_flags(items, want_all: bool):
    errors = [item for item in items if isinstance(item, EvalError)]
    if errors:
        return errors[0]
    flags = [item for item in items if isinstance(item, Flag)]
    deciding = [flag for flag in flags if flag.value != want_all]
    if deciding:
        return Flag(not want_all, tuple(term for flag in deciding for term in flag.terms))
    return Flag(want_all) if flags or want_all else Flag(False)


AGGREGATES = {
    "sum": lambda items: _fold_figures(items, values.total),
    "min": lambda items: _fold_figures(items, lambda figures: min(figures, key=lambda figure: figure.value)),
    "max": lambda items: _fold_figures(items, lambda figures: max(figures, key=lambda figure: figure.value)),
    "count": lambda items: Quantity.exact(len(items)),
    "all": lambda items: _fold_flags(items, True),
    "any": lambda items: _fold_flags(items, False),
}
