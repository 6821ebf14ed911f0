"""Runtime values of the rule language and their arithmetic.

A `Quantity` is a figure with the interval of true values its printing allows (XBRL
Calculations 1.1, round-to-nearest): 586.04 printed to 2 decimals stands for [586.035, 586.045].
Sums add intervals; `==` holds when the two intervals intersect, so a genuine rounding residue
is not a violation (it is reported as a residue). `===` compares at the coarser printed
precision and is exact: two printings of one figure must agree to the last printed digit.

`Missing` is a value, not an exception: an absent table or row makes a rule not applicable
instead of wrong, and it flows through arithmetic like cel-python's error values.
A blank cell is a `Quantity` with ``blank=True``: it adds as zero, but two blanks compared
with each other decide nothing.
"""

from __future__ import annotations

import operator as operator_module
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Optional, Union, cast

from engine.model import Amount, Provenance
from engine.record import evolve, frozen

MONEY_UNIT = "万元"
PERCENT_UNIT = "%"  # the unit of a stated share or rate (占 12.50%, 完成年初预算的 98.20%)
_CONTEXT_PRECISION = 60


@frozen
class Term:
    """One cited operand: where it was read and how it was printed."""

    provenance: Provenance
    printed: str


@frozen
class Quantity:
    value: Decimal
    low: Decimal
    high: Decimal
    decimals: Optional[int] = None
    unit: str = ""
    terms: tuple[Term, ...] = ()
    blank: bool = False

    @classmethod
    def exact(cls, value: Decimal | int | str, unit: str = "") -> "Quantity":
        number = Decimal(value)
        return cls(number, number, number, None, unit)

    @classmethod
    def from_amount(cls, amount: Amount, provenance: Optional[Provenance], units: dict) -> "Quantity":
        """Convert to the unit rules compute in (万元 for money) keeping the printed interval."""
        factor = units.get(amount.unit)
        unit = MONEY_UNIT if factor is not None else amount.unit
        factor = factor if factor is not None else _ONE
        value = amount.value * factor
        if value == amount.value and value.as_tuple() == amount.value.as_tuple():
            value = amount.value  # 万元 to 万元: the same Decimal, not a copy kept per cell for the document
        terms = (Term(provenance, _printed(amount, provenance)),) if provenance else ()
        if amount.decimals is None:
            return cls(value, value, value, None, unit, terms)
        half = _half_unit(amount.decimals) * factor
        return cls(value, value - half, value + half, amount.decimals + _shift(factor), unit, terms)

    @classmethod
    def blank_cell(cls, provenance: Optional[Provenance], unit: str = "") -> "Quantity":
        terms = (Term(provenance, ""),) if provenance else ()
        return cls(Decimal(0), Decimal(0), Decimal(0), None, unit, terms, blank=True)

    def printed(self) -> str:
        if self.blank:
            return "(blank)"
        if self.decimals is None:
            text = format(self.value.normalize(), "f") if self.value == self.value.to_integral() else str(self.value)
        else:
            places = max(self.decimals, 0)
            exact = -self.value.as_tuple().exponent  # type: ignore[operator]
            if places < exact <= SHOWN_PLACES and self.value != round_to(self.value, places):
                # a sum of figures printed to different precisions (0 + 0.4 + 18.1): the exact
                # sum of what is printed, not its rounding to the coarsest part (which reads as a
                # figure nobody printed); the comparison still allows each part's rounding
                places = exact
            text = f"{round_to(self.value, places):.{places}f}"  # half-up, as compare() rounds
        return text

    def interval(self) -> str:
        return f"[{self.low.normalize():f}, {self.high.normalize():f}]"

    def with_terms(self, terms: tuple[Term, ...]) -> "Quantity":
        return evolve(self, terms=terms)


@frozen
class Missing:
    reason: str


@frozen
class EvalError:
    """An error inside one evaluation (division by zero): the rule reports status `error`."""

    reason: str


@frozen
class Text:
    value: str


@frozen
class Items:
    """Texts to range over with `for each item w in split(…)`: bounded by the text they came from."""

    values: tuple[str, ...]


@frozen
class Flag:
    """A boolean with the operands that decided it, so a failed `present(...)` can cite."""

    value: bool
    terms: tuple[Term, ...] = ()


@frozen
class Verdict:
    """The outcome of one comparison (one column of a row comparison)."""

    operator: str
    holds: bool
    residue: bool
    left: Quantity
    right: Quantity
    column: Optional[str] = None

    @property
    def difference(self) -> Decimal:
        return self.left.value - self.right.value


@frozen
class Check:
    verdicts: tuple[Verdict, ...]


Value = Union[Quantity, Missing, EvalError, Text, Flag, Check]

BLANK = Quantity.blank_cell(None)  # the blank stand-in for an absent column: immutable, so shared
TRUE, FALSE = Flag(True), Flag(False)  # the answers of tests that cite nothing (contains, exists, ...)


# ---- arithmetic -------------------------------------------------------------------------------


def combine_units(left: str, right: str) -> Optional[str]:
    if left == right or not right:
        return left
    if not left:
        return right
    return None


def add(left: Quantity, right: Quantity, sign: int = 1) -> Quantity | EvalError:
    unit = combine_units(left.unit, right.unit)
    if unit is None:
        return EvalError(f"cannot add {left.unit} and {right.unit}")
    if sign > 0:
        low, high = left.low + right.low, left.high + right.high
    else:
        low, high = left.low - right.high, left.high - right.low
    return Quantity(
        value=left.value + sign * right.value,
        low=low,
        high=high,
        decimals=_min_decimals(left.decimals, right.decimals),
        unit=unit,
        terms=left.terms + right.terms,
        blank=left.blank and right.blank,
    )


def multiply(left: Quantity, right: Quantity) -> Quantity:
    corners = [a * b for a in (left.low, left.high) for b in (right.low, right.high)]
    return Quantity(
        left.value * right.value,
        min(corners),
        max(corners),
        _min_decimals(left.decimals, right.decimals),
        left.unit or right.unit,
        left.terms + right.terms,
        left.blank and right.blank,
    )


def divide(left: Quantity, right: Quantity) -> Quantity | EvalError:
    if right.value == 0:
        return EvalError("division by zero")
    with localcontext() as context:
        context.prec = _CONTEXT_PRECISION
        try:
            if right.low <= 0 <= right.high:
                low, high = right.value, right.value  # interval straddles 0: fall back to the point
                corners = [left.low / low, left.high / high]
            else:
                corners = [a / b for a in (left.low, left.high) for b in (right.low, right.high)]
            value = left.value / right.value
        except (InvalidOperation, ZeroDivisionError):
            return EvalError("division by zero")
    unit = "" if left.unit == right.unit else left.unit
    return Quantity(value, min(corners), max(corners), None, unit, left.terms + right.terms)


def negate(value: Quantity) -> Quantity:
    return evolve(value, value=-value.value, low=-value.high, high=-value.low)


def total(quantities: list[Quantity]) -> Quantity | EvalError:
    """Sum of many terms: blanks add as zero; all blank gives a blank.

    Starts from the first term rather than from a blank: blank + q is q field for field, and
    most sums the rules ask for (one cell of one row) then build no new Quantity at all."""
    if not quantities:
        return BLANK
    if len(quantities) == 1:
        return quantities[0]
    # one pass, field by field as `add` would, but the terms joined once at the end: adding
    # pairwise copied the growing term list at every step (quadratic in a 100,000-row table)
    first = quantities[0]
    unit, value, low, high = first.unit, first.value, first.low, first.high
    decimals, blank = first.decimals, first.blank
    for quantity in quantities[1:]:
        combined = combine_units(unit, quantity.unit)
        if combined is None:
            return EvalError(f"cannot add {unit} and {quantity.unit}")
        unit = combined
        value, low, high = value + quantity.value, low + quantity.low, high + quantity.high
        decimals = _min_decimals(decimals, quantity.decimals)
        blank = blank and quantity.blank
    terms = tuple(term for quantity in quantities for term in quantity.terms)
    return Quantity(value=value, low=low, high=high, decimals=decimals, unit=unit, terms=terms, blank=blank)


# ---- comparison -------------------------------------------------------------------------------


def compare(operator: str, left: Quantity, right: Quantity, column: Optional[str] = None) -> Optional[Verdict]:
    """None when both sides are blank: nothing was reported, nothing can be judged."""
    if left.blank and right.blank:
        return None
    if operator == "==":
        holds = left.low <= right.high and right.low <= left.high
        # a printed percentage is the rounding of a ratio: differing from the recomputed ratio
        # inside the intervals is how it was printed, not a rounding residue worth reporting
        residue = holds and left.value != right.value and PERCENT_UNIT not in (left.unit, right.unit)
        return Verdict(operator, holds, residue, left, right, column)
    if operator == "===" and None not in (left.decimals, right.decimals) and left.decimals != right.decimals:
        return Verdict(operator, _may_print_as(left, right), False, left, right, column)
    decimals = _min_decimals(left.decimals, right.decimals)
    if operator in ("===", "!="):
        a, b = round_to(left.value, decimals), round_to(right.value, decimals)
    else:
        # ordering: printed figures compare at the coarser printing (118 is not above 117.6, which
        # may print as 118), but a literal in the rule is a threshold and is never rounded
        a = round_to(left.value, decimals) if left.decimals is not None else left.value
        b = round_to(right.value, decimals) if right.decimals is not None else right.value
    return Verdict(operator, _ORDER[operator](a, b), False, left, right, column)


_ORDER = {
    "===": operator_module.eq,
    "!=": operator_module.ne,
    "<": operator_module.lt,
    "<=": operator_module.le,
    ">": operator_module.gt,
    ">=": operator_module.ge,
}


def _may_print_as(left: Quantity, right: Quantity) -> bool:
    """Can both printings stand for one true value? The coarser one may have been rounded from
    the true value rather than from the finer printing: 159.4 and 159.45 are both correct for
    159.4496, so the coarse figure must be the rounding of some value the fine one allows."""
    assert left.decimals is not None and right.decimals is not None  # `===` asks only of two printed figures
    fine, coarse = (left, right) if left.decimals > right.decimals else (right, left)
    half = Decimal(1).scaleb(-max(left.decimals, right.decimals)) / 2  # the finer one's last unit, halved
    low, high = round_to(fine.value - half, coarse.decimals), round_to(fine.value + half, coarse.decimals)
    return low <= round_to(coarse.value, coarse.decimals) <= high


def round_to(value: Decimal, decimals: Optional[int]) -> Decimal:
    if decimals is None:
        return value
    step = _STEPS.get(decimals)
    if step is None:
        step = _STEPS[decimals] = Decimal(1).scaleb(-decimals)
    return value.quantize(step, rounding=ROUND_HALF_UP)


SHOWN_PLACES = 4  # finest decimals a computed figure is shown with as it is
_STEPS: dict[int, Decimal] = {}  # decimals -> 10**-decimals, the quantum round_to rounds to


def _min_decimals(left: Optional[int], right: Optional[int]) -> Optional[int]:
    if left is None:
        return right
    if right is None:
        return left
    return min(left, right)


_ONE = Decimal(1)
_SHIFTS: dict[Decimal, int] = {}  # unit factor -> decimal places it adds (a handful of units)
_HALF_UNITS: dict[int, Decimal] = {}  # printed decimals -> half the last printed unit


def _shift(factor: Decimal) -> int:
    """How many decimal places a unit conversion adds (元 -> 万元 adds 4, 亿元 -> 万元 removes 4)."""
    shift = _SHIFTS.get(factor)
    if shift is None:
        # a unit factor is a finite number: its exponent is an int, not NaN's or Infinity's letter
        shift = _SHIFTS[factor] = -cast(int, factor.normalize().as_tuple().exponent)
    return shift


def _half_unit(decimals: int) -> Decimal:
    half = _HALF_UNITS.get(decimals)
    if half is None:
        half = _HALF_UNITS[decimals] = Decimal(1).scaleb(-decimals) / 2
    return half


def _printed(amount: Amount, provenance: Provenance) -> str:
    """How the figure was printed: the cell's own text (its quote) when it is exactly that, so
    each table figure's Quantity does not keep a second copy of the same string."""
    printed = amount.printed()
    return provenance.quote if provenance.quote == printed else printed
