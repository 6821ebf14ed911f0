"""Family 5: the laws of the engine's number type (engine.language.runtime.values).

A printed figure stands for the interval of true values that round to it; these properties
check that arithmetic on those intervals never loses the true value, that sums do not depend
on the order of their terms, and that the two equalities relate as documented.
"""

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from engine.language.runtime.values import Quantity, add, compare, total
from engine.model import Amount
from engine.testing.synth.budget import round_half_up
from tests.strategies import UNITS, Printed, amounts, printed_figures


def quantity(amount: Amount) -> Quantity:
    return Quantity.from_amount(amount, None, UNITS)


def contains(value: Quantity, true: Decimal) -> bool:
    return value.low <= true <= value.high


@given(printed_figures(units=tuple(UNITS)))
def test_a_printed_figure_contains_its_true_value(figure: Printed):
    assert contains(quantity(figure.amount), figure.true * UNITS[figure.amount.unit])


@given(printed_figures(), printed_figures(), st.sampled_from((1, -1)))
def test_sum_and_difference_contain_the_true_result(left: Printed, right: Printed, sign: int):
    result = add(quantity(left.amount), quantity(right.amount), sign)
    assert contains(result, left.true + sign * right.true)


@given(st.lists(printed_figures(units=tuple(UNITS)), min_size=1, max_size=30))
def test_a_sum_of_n_terms_contains_the_true_sum(figures: list[Printed]):
    result = total([quantity(figure.amount) for figure in figures])
    assert contains(result, sum(figure.true * UNITS[figure.amount.unit] for figure in figures))


@given(st.lists(amounts(), min_size=1, max_size=20), st.randoms(use_true_random=False))
def test_sums_do_not_depend_on_the_order_of_their_terms(figures: list[Amount], rng):
    shuffled = list(figures)
    rng.shuffle(shuffled)
    first, second = total([quantity(a) for a in figures]), total([quantity(a) for a in shuffled])
    assert (first.value, first.low, first.high, first.decimals) == (second.value, second.low, second.high, second.decimals)


@given(amounts(tuple(UNITS)), amounts(tuple(UNITS)), st.sampled_from(("==", "===", "!=")))
def test_equality_is_symmetric(left: Amount, right: Amount, operator: str):
    assert compare(operator, quantity(left), quantity(right)).holds == compare(operator, quantity(right), quantity(left)).holds


@given(amounts(tuple(UNITS)), amounts(tuple(UNITS)))
@example(Amount(Decimal("3.9"), 1, "万元"), Amount(Decimal("3.94"), 2, "万元"))
@example(Amount(Decimal("3.9"), 1, "万元"), Amount(Decimal("3.8500"), 4, "万元"))
def test_strict_equality_implies_rounding_aware_equality(left: Amount, right: Amount):
    if compare("===", quantity(left), quantity(right)).holds:
        assert compare("==", quantity(left), quantity(right)).holds


@given(printed_figures())
def test_a_figure_and_its_own_printing_are_equal_both_ways(figure: Printed):
    value = quantity(figure.amount)
    assert compare("==", value, value).holds and compare("===", value, value).holds


@given(amounts(("万元",)), st.sampled_from(("元", "亿元")))
def test_unit_conversion_round_trips(amount: Amount, unit: str):
    """The same figure printed in 元, 万元 or 亿元 is the same quantity in 万元."""
    factor = UNITS[unit]
    shift = {"元": -4, "亿元": 4}[unit]  # 元 prints 10^4 times the digits, so 4 fewer decimals
    elsewhere = Amount(amount.value / factor, amount.decimals + shift, unit)
    here, there = quantity(amount), quantity(elsewhere)
    assert (here.value, here.low, here.high, here.decimals) == (there.value, there.low, there.high, there.decimals)
    assert compare("===", here, there).holds and compare("==", here, there).holds


@given(printed_figures(), st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=4))
@example(Printed(Decimal("159.4496"), Amount(Decimal("159.45"), 2, "万元")), 1, 2)
@example(Printed(Decimal("30.4996"), Amount(Decimal("30.50"), 2, "万元")), 0, 2)
def test_two_printings_of_one_true_value_are_strictly_equal(figure: Printed, first: int, second: int):
    """A sentence may round the true value to 1 decimal while the table rounds it to 2: 159.4 and
    159.45 both print 159.4496. `===` once rounded the table figure again (159.5) and refused."""
    one = Amount(round_half_up(figure.true, first), first, "万元")
    other = Amount(round_half_up(figure.true, second), second, "万元")
    assert compare("===", quantity(one), quantity(other)).holds


@given(amounts(max_decimals=2), st.integers(min_value=1, max_value=10**4))
def test_two_printings_at_the_same_precision_are_strict(amount: Amount, units: int):
    """The fix above keeps 32.64 against 32.63 a violation: same precision means same digits."""
    other = Amount(amount.value + Decimal(units).scaleb(-amount.decimals), amount.decimals, amount.unit)
    assert not compare("===", quantity(amount), quantity(other)).holds
