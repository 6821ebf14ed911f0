"""The one number parser: printed precision kept, years and identifiers never amounts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.parse.numbers import find_amounts, fold_narrow, read_cell

UNITS = ("亿元", "万元", "元")
BLANKS = ("-", "—", "－")


def cell(text, unit="万元"):
    return read_cell(text, unit, UNITS, BLANKS)


@pytest.mark.parametrize(
    "text, value, decimals, unit",
    [
        ("172.00", "172.00", 2, "万元"),
        ("44.2", "44.2", 1, "万元"),
        ("0", "0", 0, "万元"),
        ("0.00", "0.00", 2, "万元"),
        ("1,234.56", "1234.56", 2, "万元"),
        ("1，234.56", "1234.56", 2, "万元"),
        ("０.４", "0.4", 1, "万元"),
        ("１２３．４５", "123.45", 2, "万元"),
        ("(12.30)", "-12.30", 2, "万元"),
        ("（12.30）", "-12.30", 2, "万元"),
        ("-12.30", "-12.30", 2, "万元"),
        ("951.81 万元", "951.81", 2, "万元"),
        ("3000元", "3000", 0, "元"),
        ("90%", "90", 0, "%"),
        ("12.5％", "12.5", 1, "%"),
    ],
)
def test_cell_numbers(text, value, decimals, unit):
    parsed = cell(text)
    assert parsed.kind == "number"
    assert parsed.amount.value == Decimal(value)
    assert isinstance(parsed.amount.value, Decimal)
    assert parsed.amount.decimals == decimals
    assert parsed.amount.unit == unit


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "－"])
def test_blank_cells_are_not_zero(text):
    assert cell(text).kind == "blank"
    assert cell(text).amount is None


@pytest.mark.parametrize("text", ["2022 年", "1 年", "一般公共预算", "111-重庆", "(12.30", "≤5万元", "50010922T0001"])
def test_text_cells(text):
    assert cell(text).kind == "text"


def test_amounts_in_text_keep_columns_and_skip_years():
    text = "2024 年收入 873.25 万元，比 2023 年增加 44.2 万元，电话023-63226096。"
    found = list(find_amounts(text, ["万元", "元"]))
    assert [amount.amount.printed() for amount in found] == ["873.25", "44.2"]
    assert text[found[0].start:found[0].end] == "873.25"
    assert text[found[0].end:found[0].unit_end] == " 万元"


def test_hyphen_between_words_is_not_a_sign():
    (found,) = find_amounts("代码111-5万元", ["万元"])
    assert found.amount.value == Decimal(5)
    (negative,) = find_amounts("结余 -5.5 万元", ["万元"])
    assert negative.amount.value == Decimal("-5.5")


def test_full_width_digits_in_text():
    (found,) = find_amounts("经费１２.５万元", ["万元"])
    assert found.amount.value == Decimal("12.5")
    assert found.amount.decimals == 1


@given(st.text(max_size=60))
def test_folding_keeps_length(text):
    assert len(fold_narrow(text)) == len(text)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_printed_amounts_read_back(value):
    parsed = cell(f"{value:,.2f}")
    assert parsed.amount.value == value
    assert parsed.amount.decimals == 2


@given(st.text(alphabet="-0123456789.,万元% a年", max_size=40))
def test_amounts_are_found_where_a_scan_of_every_position_finds_them(text):
    from engine.parse.numbers import _amount_pattern

    units = ("万元", "元", "%")
    scanned = [(match.end("digits"), match.end()) for match in _amount_pattern(units).finditer(text)]
    assert [(found.end, found.unit_end) for found in find_amounts(text, list(units))] == scanned


def test_a_cell_with_only_its_last_thousands_separator_is_its_figure():
    # 上海 职业能力考试院 p8 prints '125360,898' (元): one figure, not text
    reading = cell("125360,898", "元")
    assert (reading.kind, reading.amount.value) == ("number", Decimal("125360898"))
    assert cell("12,34").kind == "text" and cell("125360,89").kind == "text"  # not groups of three
    found = [number.amount.value for number in find_amounts("收入125360,898元", ["元"])]
    assert Decimal("125360898") not in found  # running text: regular grouping only
