"""The built-in registry: one declaration per function, checked at load, documented from itself."""

from pathlib import Path

import pytest

from engine.evaluate import evaluate
from engine.language.builtins import operators
from engine.language.builtins.catalog import BUILTINS
from engine.language.builtins.reference import render_reference
from engine.language.builtins.registry import Parameter, builtin
from engine.language.compile.aggregates import AGGREGATES
from engine.language.compile.compiler import compile_rules
from engine.language.runtime.values import Quantity
from engine.language.syntax.parser import parse_expression, parse_rule_text
from engine.vocabulary import default_vocabulary
from tests.builders import HEAD, facts, table

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = default_vocabulary()


def compiled(assertion: str, registry=BUILTINS):
    parsed, diagnostics = parse_rule_text(f"rule T-1 test-rule\n{HEAD}  assert {assertion}\nend\n", "t.rule")
    assert diagnostics == ()
    return compile_rules([parsed], VOCABULARY, registry)


def three_public(total: str):
    return facts(table("三公经费表", [("合计",)], [("", "合计", [total])]))


def test_a_function_added_through_the_registry_is_callable_and_documented():
    @builtin("twice", (Parameter("figure", "figure"),), "quantity", "figures",
             "The figure doubled.", "twice(三公经费表) == 2 * 三公经费表")
    def twice(figure: Quantity):
        return Quantity.exact(figure.value * 2)

    registry = BUILTINS.extended(twice)
    rule_set = compiled("twice(三公经费表) === 7", registry)
    assert rule_set.diagnostics == ()
    assert [status.status for status in evaluate(rule_set, three_public("3.50"), VOCABULARY).statuses] == ["pass"]
    assert [status.status for status in evaluate(rule_set, three_public("3.40"), VOCABULARY).statuses] == ["fail"]
    reference = render_reference(registry)
    assert "### `twice(figure: figure) → quantity`" in reference and "The figure doubled." in reference
    assert "twice" not in render_reference(BUILTINS)


def test_a_missing_argument_never_reaches_a_plain_function():
    calls = []

    @builtin("spy", (Parameter("figure", "figure"),), "quantity", "figures", "Records its calls.", "spy(1)")
    def spy(figure):
        calls.append(figure)
        return figure

    rule_set = compiled("spy(基本支出表) == 1", BUILTINS.extended(spy))
    statuses = evaluate(rule_set, three_public("1.00"), VOCABULARY).statuses  # no 基本支出表: missing
    assert [status.status for status in statuses] == ["not_applicable"] and calls == []


def test_declaring_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        BUILTINS.extended(BUILTINS.get("abs"))


def test_arity_and_static_kinds_are_checked_at_load_with_the_signature_as_hint():
    (arity,) = compiled("abs(1, 2) == 1").diagnostics
    assert arity.code == "arity" and "abs() takes 1 argument(s), got 2" in arity.message
    assert arity.hint == "abs(figure: figure) → quantity"
    (kind,) = compiled("across(3) == 1").diagnostics
    assert kind.code == "type" and "across() needs table rows" in kind.message


def test_an_operator_no_table_lists_is_refused_not_taken_for_another():
    with pytest.raises(operators.UnknownOperator):
        operators.arithmetic("%", None, None)
    with pytest.raises(operators.UnknownOperator):
        operators.comparison("=~", None, None)


def test_the_reference_lists_every_builtin_operator_and_aggregate():
    reference = render_reference()
    for name in BUILTINS.names():
        assert f"### `{name}(" in reference
    for operator in [*operators.ARITHMETIC, *operators.COMPARISONS, *operators.LOGIC]:
        assert f"| `{operator}` |" in reference
    assert "|".join(sorted(AGGREGATES, key=["sum", "count", "all", "any", "min", "max"].index)) in reference


def test_every_example_in_the_registry_parses():
    for builtin_ in BUILTINS:
        parse_expression(builtin_.example)


def test_docs_functions_md_is_current():
    current = (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")
    assert current == render_reference(), (
        "docs/functions.md is out of date: python3 -m engine.language.builtins.reference docs/functions.md")


@pytest.mark.parametrize(("printed", "unit"), [("3.50", "0.01"), ("3.5", "0.1"), ("1361", "1"), ("0.150000", "0.000001")])
def test_last_place_is_one_unit_of_the_printed_precision(printed, unit):
    rule_set = compiled(f"last_place(三公经费表) === {unit}")
    assert [status.status for status in evaluate(compiled(f"last_place(三公经费表) === {unit} * 10"), three_public(printed),
                                                  VOCABULARY).statuses] == ["fail"]
    assert [status.status for status in evaluate(rule_set, three_public(printed), VOCABULARY).statuses] == ["pass"]

