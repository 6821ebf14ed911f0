"""Interval arithmetic of printed figures (XBRL Calculations 1.1, round to nearest)."""

from decimal import Decimal

from engine.language.runtime.values import Quantity, add, compare, divide, total
from engine.model import Amount

UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def q(text, unit="万元"):
    return Quantity.from_amount(Amount.from_text(text, unit), None, UNITS)


def test_printed_figure_is_an_interval():
    value = q("586.04")
    assert (value.low, value.high) == (Decimal("586.035"), Decimal("586.045"))


def test_rounding_residue_is_consistent_but_flagged():
    items = ["124.93", "67.91", "104.83", "114.04", "54.03", "27.02", "33.77", "1.46", "47.76", "3.84", "6.46"]
    summed = total([q(item) for item in items])
    assert summed.value == Decimal("586.05")
    verdict = compare("==", q("586.04"), summed)
    assert verdict.holds and verdict.residue


def test_beyond_rounding_is_inconsistent():
    verdict = compare("==", q("586.10"), total([q("586.00"), q("0.01")]))
    assert not verdict.holds


def test_strict_equality_compares_at_coarser_precision():
    assert compare("===", q("3.9"), q("3.90")).holds
    assert not compare("===", q("32.64"), q("32.63")).holds
    assert compare("==", q("32.64"), q("32.63")).holds  # touching intervals: why narrative rules use ===


def test_units_convert_to_wan_yuan():
    assert compare("===", q("8732500.00", "元"), q("873.25")).holds
    assert q("1.5", "亿元").value == Decimal("15000.0")


def test_blank_against_blank_decides_nothing():
    assert compare("==", Quantity.blank_cell(None), Quantity.blank_cell(None)) is None
    assert compare("==", q("0"), Quantity.blank_cell(None)).holds


def test_subtraction_widens_the_interval():
    difference = add(q("873.25"), q("829.05"), sign=-1)
    assert (difference.low, difference.high) == (Decimal("44.19"), Decimal("44.21"))
    assert compare("==", q("44.2"), difference).holds


def test_division_by_zero_is_an_error_value():
    assert divide(q("1"), Quantity.exact(0)).reason == "division by zero"


def test_a_sum_of_mixed_precisions_shows_what_was_printed_added_up():
    """0 + 0.4 + 18.1 is shown as 18.5, not 19 (the coarsest part's rounding reads as a figure
    nobody printed); the interval still allows every part's rounding."""
    summed = total([q("0"), q("0.4"), q("18.1")])
    assert summed.printed() == "18.5"
    assert compare("==", q("19"), summed).holds
    assert total([q("1"), q("2")]).printed() == "3"
    assert total([q("1.25"), q("2.25")]).printed() == "3.50"
