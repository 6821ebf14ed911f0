"""Every hypothesis strategy of the test suite, typed SearchStrategy[T].

Values are valid by construction (a printed figure is the half-up rounding of a drawn true
value; a budget is consistent because its totals are sums), so strategies shrink well and
properties need no `assume`. Documents come from `engine.testing.synth`, seeded by a hypothesis-drawn
integer so a failing example replays as `generate_budget(Random(seed))`.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Optional

from attrs import field, frozen
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from engine.model import Amount
from engine.testing.synth import Budget, FinalAccount, Rendered, generate_budget, generate_final, render, render_final
from engine.testing.synth.budget import round_half_up
from engine.testing.synth.pdf_grid import GRID_STYLES

UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


# ---- figures --------------------------------------------------------------------------------


def true_values(places: int = 6, limit: int = 10**7) -> SearchStrategy[Decimal]:
    """A true (unrounded) money value, possibly negative, at a precision finer than any printing."""
    return st.decimals(min_value=-limit, max_value=limit, places=places, allow_nan=False, allow_infinity=False)


@frozen
class Printed:
    """A true value and the figure a publisher prints for it (rounded half-up to `decimals`)."""

    true: Decimal
    amount: Amount


def printed_figures(units: tuple[str, ...] = ("万元",)) -> SearchStrategy[Printed]:
    @st.composite
    def build(draw) -> Printed:
        true = draw(true_values())
        decimals = draw(st.integers(min_value=0, max_value=4))
        unit = draw(st.sampled_from(units))
        return Printed(true, Amount(round_half_up(true, decimals), decimals, unit))

    return build()


def amounts(units: tuple[str, ...] = ("万元",), max_decimals: int = 4) -> SearchStrategy[Amount]:
    """A printed figure as parsed: value with its printed decimals and unit."""

    @st.composite
    def build(draw) -> Amount:
        decimals = draw(st.integers(min_value=0, max_value=max_decimals))
        value = draw(st.decimals(min_value=-10**6, max_value=10**6, places=decimals, allow_nan=False, allow_infinity=False))
        return Amount(value, decimals, draw(st.sampled_from(units)))

    return build()


# ---- budgets and documents ------------------------------------------------------------------


def seeds() -> SearchStrategy[int]:
    return st.integers(min_value=0, max_value=2**32 - 1)


def budgets(places: int = 4) -> SearchStrategy[Budget]:
    """A consistent budget; `places=2` gives true values that print without rounding."""
    return seeds().map(lambda seed: generate_budget(random.Random(seed), places))


@frozen
class Generated:
    """A generated document. Its repr (what hypothesis prints for a failing example) is the seed,
    style and rounding that rebuild it: the budget and the text would print ~60 kB."""

    seed: int
    style: str
    rounding: bool
    budget: Budget = field(repr=False)
    rendered: Rendered = field(repr=False)

    def _repr_pretty_(self, printer, cycle) -> None:
        # hypothesis prints an attrs instance field by field, repr=False or not; this hook wins
        printer.text(repr(self))


def documents(styles: tuple[str, ...] = ("A", "B"), rounding: bool = True) -> SearchStrategy[Generated]:
    """A rendered document. Without rounding every printed figure is exact (2-decimal true values)."""

    def build(seed: int, style: str) -> Generated:
        return generated_document(seed, style, rounding)

    return st.builds(build, seeds(), st.sampled_from(styles))


@frozen
class GeneratedFinal:
    """A generated 部门决算; its repr is the seed and style that rebuild it."""

    seed: int
    style: str
    account: FinalAccount = field(repr=False)
    rendered: Rendered = field(repr=False)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def final_documents(styles: tuple[str, ...] = ("A", "B")) -> SearchStrategy[GeneratedFinal]:
    """A rendered 部门决算 (engine/testing/synth/final.py): every printed figure is exact."""
    return st.builds(generated_final, seeds(), st.sampled_from(styles))


def generated_final(seed: int, style: str) -> GeneratedFinal:
    """The 决算 `final_documents()` draws for this seed and style (to pin a failure with @example)."""
    account = generate_final(random.Random(seed))
    return GeneratedFinal(seed, style, account, render_final(account, style, seed))


def generated_document(seed: int, style: str, rounding: bool = True) -> Generated:
    """The document `documents()` draws for this seed and style (to pin a failure with @example)."""
    budget = generate_budget(random.Random(seed), 4 if rounding else 2)
    return Generated(seed, style, rounding, budget, render(budget, style, seed, rounding))


def grid_styles() -> SearchStrategy[str]:
    """How a PDF rules its tables (engine/testing/synth/pdf_grid.py): strokes, thin rectangles, per-cell segments."""
    return st.sampled_from(GRID_STYLES)


# ---- rule language --------------------------------------------------------------------------

# Cells of the hand-built table the expression property reads: code -> (personnel, public).
EXPRESSION_CODES = ("301", "302", "303", "310")
COLUMNS = ("人员经费", "公用经费")


@frozen
class Expression:
    """Rule source text and the interval [low, high] a direct computation gives, plus the point."""

    text: str
    value: Decimal
    low: Decimal
    high: Decimal
    decimals: Optional[int] = None  # coarsest printed precision among its cells; None: literals only


def cell_texts() -> SearchStrategy[dict[tuple[str, str], str]]:
    """A printed figure (0–2 decimals, as tables print them) for every code and column."""
    figure = st.integers(min_value=0, max_value=2).flatmap(
        lambda decimals: st.decimals(min_value=0, max_value=10**4, places=decimals, allow_nan=False, allow_infinity=False)
        .map(lambda value: f"{value:.{decimals}f}"))
    keys = [(code, column) for code in EXPRESSION_CODES for column in COLUMNS]
    return st.tuples(*[figure for _ in keys]).map(lambda values: dict(zip(keys, values)))


def expressions(cells: dict[tuple[str, str], str], max_leaves: int = 6) -> SearchStrategy[Expression]:
    """Well-formed sums and differences of cell references and literals over `cells`."""

    def reference(key: tuple[str, str]) -> Expression:
        amount = Amount.from_text(cells[key])
        half = amount.half_width
        return Expression(f"基本支出表[{key[0]}].{key[1]}", amount.value, amount.value - half, amount.value + half,
                          amount.decimals)

    def literal(value: Decimal) -> Expression:
        return Expression(format(value, "f"), value, value, value)

    leaf = st.one_of(
        st.sampled_from(sorted(cells)).map(reference),
        st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False).map(literal),
    )

    def combine(children: SearchStrategy[Expression]) -> SearchStrategy[Expression]:
        def join(left: Expression, operator: str, right: Expression) -> Expression:
            decimals = min((d for d in (left.decimals, right.decimals) if d is not None), default=None)
            if operator == "+":
                return Expression(f"({left.text} + {right.text})", left.value + right.value, left.low + right.low,
                                  left.high + right.high, decimals)
            return Expression(f"({left.text} - {right.text})", left.value - right.value, left.low - right.high,
                              left.high - right.low, decimals)

        return st.builds(join, children, st.sampled_from("+-"), children)

    return st.recursive(leaf, combine, max_leaves=max_leaves)


def rule_text_edits(text: str) -> SearchStrategy[str]:
    """`text` with a random slice deleted and random characters inserted (often malformed)."""
    alphabet = st.sampled_from(list('()[]."=<>+-*/@#\n 0123456789abc基本支出表合计ruleendassert'))

    @st.composite
    def build(draw) -> str:
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 40)))
        inserted = draw(st.text(alphabet=alphabet, max_size=12))
        return text[:start] + inserted + text[end:]

    return build()


# ---- rule-language syntax trees -------------------------------------------------------------

# names as rule writers spell them: Chinese terms, with the brackets and quote marks a NAME may hold,
# and short ASCII names (never a keyword: those are all longer than two letters)
_NAME_START = "三公经费表合计出国车接待甲乙丙abxy“（"
_NAME_REST = _NAME_START + "0123456789_）”《》"


def names() -> SearchStrategy[str]:
    return st.builds(lambda first, rest: first + rest, st.sampled_from(_NAME_START),
                     st.text(alphabet=_NAME_REST, max_size=4))


def _span():
    from engine.model import Span
    return Span("<generated>", 1)


def expression_trees(max_leaves: int = 10) -> SearchStrategy:
    """Any expression AST the grammar can write (engine.language.syntax.nodes), spans left blank:
    leaves (figures, texts, names, code ranges) grown by every operator, call, aggregate and
    selector, with no thought for meaning; printing must bracket what precedence requires."""
    from engine.language.syntax import nodes

    span = _span()
    digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
    figures = st.builds(lambda whole, places: whole + (f".{places}" if places else ""), digits,
                        st.one_of(st.just(""), digits))
    leaves = st.one_of(
        st.builds(nodes.Number, figures, st.just(span)),
        st.builds(nodes.Text, st.text(max_size=6), st.just(span)),
        st.builds(nodes.Name, names(), st.just(span)),
        st.builds(nodes.CodeRange, digits, digits, st.just(span)),
    )
    selectors = st.one_of(
        st.builds(nodes.RowSelector, st.just("code"), digits, st.none(), st.just(span)),
        st.builds(nodes.RowSelector, st.just("range"), digits, digits, st.just(span)),
        st.builds(nodes.RowSelector, st.just("name"), names(), st.none(), st.just(span)),
        st.builds(nodes.RowSelector, st.just("label"), st.text(max_size=6), st.none(), st.just(span)),
        st.builds(nodes.RowSelector, st.just("all"), st.just(""), st.none(), st.just(span)),
    )

    def grow(inner):
        return st.one_of(
            st.builds(nodes.Binary, st.sampled_from(("+", "-", "*", "/", "and", "or")), inner, inner, st.just(span)),
            st.builds(nodes.Compare, st.sampled_from(("==", "===", "!=", "<", "<=", ">", ">=")), inner, inner,
                      st.just(span)),
            st.builds(nodes.Negate, inner, st.just(span)),
            st.builds(nodes.Not, inner, st.just(span)),
            st.builds(nodes.Call, names(), st.lists(inner, max_size=3).map(tuple), st.just(span)),
            st.builds(nodes.Aggregate, names(), inner, names(), inner, st.one_of(st.none(), inner), st.just(span)),
            st.builds(nodes.SelectRows, inner, selectors, st.just(span)),
            st.builds(nodes.SelectColumn, inner, names(), st.just(False), st.just(span)),
            st.builds(nodes.SelectColumn, inner, st.text(max_size=6), st.just(True), st.just(span)),
            st.builds(nodes.AtPeriod, inner, names(), st.just(span)),
        )

    return st.recursive(leaves, grow, max_leaves=max_leaves)
