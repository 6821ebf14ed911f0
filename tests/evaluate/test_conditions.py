"""`where` and `when` are decided without building flags: the same truth as the assertion's logic."""

import itertools

import pytest

from engine.language.builtins.operators import decided_by, decided_logic, logic, truth
from engine.language.runtime.environment import Compiled
from engine.language.runtime.values import FALSE, TRUE, Check, EvalError, Flag, Missing, Quantity, Text, Verdict

ONE = Quantity.exact(1)
OPERANDS = [
    TRUE, FALSE, Flag(True), Flag(False), Missing("no table"), EvalError("division by zero"),
    Check((Verdict("==", True, False, ONE, ONE),)), Check((Verdict("==", False, False, ONE, ONE),)),
    Text("not a condition"), ONE,
]


def constant(value):
    return Compiled(lambda env: value, "any")


@pytest.mark.parametrize("operator", ["and", "or"])
def test_and_or_decide_exactly_as_the_logic_operators(operator):
    for left, right in itertools.product(OPERANDS, repeat=2):
        expected = truth(logic(operator, constant(left), constant(right)).function(None))
        decided = decided_logic(operator, decided_by(constant(left)), decided_by(constant(right)))(None)
        assert decided == expected, (operator, left, right)


def test_not_decides_exactly_as_the_logic_operator():
    for operand in OPERANDS:
        expected = truth(logic("not", constant(operand), None).function(None))
        assert decided_logic("not", decided_by(constant(operand)), None)(None) == expected, operand


def test_nested_conditions_short_circuit_like_the_logic_operators():
    calls = []

    def counted(value):
        return Compiled(lambda env: calls.append(value) or value, "any")

    decided = decided_logic("and", decided_by(counted(FALSE)), decided_by(counted(EvalError("never read"))))
    assert decided(None) is False and calls == [FALSE]
