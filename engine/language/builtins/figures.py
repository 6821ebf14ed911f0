"""Built-ins on figures: sums, signs, bounds, the first alternative a document has, the budget year.

Figures carry their printed precision, so `sum` adds intervals and `abs`/`sign` keep the terms
that cite where each figure was read (engine/language/runtime/values.py).
"""

from __future__ import annotations

from decimal import Decimal

from engine.language.builtins.registry import CallSite, Parameter, builtin, custom
from engine.language.runtime import values
from engine.language.runtime.environment import Compiled, Env
from engine.language.runtime.reading import to_quantity
from engine.language.runtime.references import sign as sign_of
from engine.language.runtime.selection import Selection, all_rows
from engine.language.runtime.values import FALSE, TRUE, EvalError, Missing, Quantity

FIGURE = Parameter("figure", "figure")
FIGURES = Parameter("figures", "figure", repeats=64)


@builtin("abs", (FIGURE,), "quantity", "figures", "The figure without its sign.", "abs(c.delta) > 0")
def absolute(figure: Quantity):
    return values.negate(figure) if figure.value < 0 else figure


@builtin("sign", (FIGURE,), "quantity", "figures",
         "1, 0 or -1 as the figure is above, at or below zero (citing the figure).", "sign(r - r@上年) == c.direction")
def sign(figure: Quantity):
    return Quantity.exact(sign_of(figure.value), "").with_terms(figure.terms)


@builtin("last_place", (FIGURE,), "quantity", "figures",
         "One unit in the figure's last printed place (0.01 for 921.33, 1 for 1,361), exact: the most a "
         "rounding adjustment (尾差调整) moves a printed part so that the parts add up to their rounded "
         "total. Missing for a figure with no printed precision (a computed ratio).",
         "abs(s - value(s.concept)) <= last_place(s)")
def last_place(figure: Quantity):
    if figure.decimals is None:
        return Missing("the figure has no printed precision")
    return Quantity.exact(Decimal(1).scaleb(-figure.decimals), figure.unit).with_terms(figure.terms)


@builtin("min", (Parameter("first", "figure"), FIGURES), "quantity", "figures",
         "The smallest of the figures.", "min(a, b) >= 0")
def minimum(*figures: Quantity):
    return min(figures, key=lambda figure: figure.value)


@builtin("max", (Parameter("first", "figure"), FIGURES), "quantity", "figures",
         "The largest of the figures.", "max(a, b) <= 100")
def maximum(*figures: Quantity):
    return max(figures, key=lambda figure: figure.value)


@custom("sum", (Parameter("figures", "any", repeats=64),), "any", "figures",
        "The figures added up, with their rounding intervals; `sum(301..303)` or `sum(T[*])` alone gives "
        "the rows, which compare column by column.", "sum(301..303) == 基本支出表[合计]")
def total(site: CallSite) -> Compiled:
    arguments = site.arguments
    if len(arguments) == 1 and arguments[0].kind in ("selection", "any"):
        function = arguments[0].function

        def rows(env: Env):
            value = function(env)
            if isinstance(value, Selection) and value.rows is None:
                return all_rows(value)
            return value

        return Compiled(rows, "selection")
    functions = [argument.function for argument in arguments]

    def run(env: Env):
        parts = [to_quantity(function(env), env) for function in functions]
        for part in parts:
            if isinstance(part, (Missing, EvalError)):
                return part
        return values.total(parts)

    return Compiled(run, "quantity")


@custom("first", (Parameter("alternatives", "any", repeats=16),), "any", "figures",
        "The first alternative the document has: `first(T[收入总计], T[合计].\"收入\")`. A cell the "
        "table prints counts even when it is blank (it reads as a blank, not as missing).",
        'first(部门收支总表[收入总计], 部门收支总表[合计]."收入")')
def first(site: CallSite) -> Compiled:
    arguments = site.arguments
    functions = [argument.function for argument in arguments]
    same_kind = len({argument.kind for argument in arguments}) == 1

    def run(env: Env):
        last = Missing("none of the alternatives is in the document")
        for function in functions:
            value = function(env)
            probe = to_quantity(value, env) if isinstance(value, Selection) else value
            if not isinstance(probe, Missing):
                # alternatives of different kinds (a row or a literal 0) agree on being one figure
                return value if same_kind else probe
            last = probe
        return last

    return Compiled(run, arguments[0].kind if same_kind else "quantity")


@builtin("exists", (Parameter("value", "any"),), "flag", "figures",
         "Whether the value can be read in this document (never missing, never an error).",
         "exists(部门收支总表[收入总计])", uses_env=True)
def exists(env: Env, value):
    if isinstance(value, Selection):
        value = to_quantity(value, env)
    return FALSE if isinstance(value, (Missing, EvalError)) else TRUE


@builtin("budget_year", (), "quantity", "figures",
         "The document's budget (or final-accounts) year, from its title.", "c.year == budget_year() - 1",
         uses_env=True)
def budget_year(env: Env):
    year = env.facts.budget_year
    return Quantity.exact(year) if year is not None else Missing("the document names no budget year")


FIGURE_BUILTINS = (absolute, last_place, sign, minimum, maximum, total, first, exists, budget_year)
