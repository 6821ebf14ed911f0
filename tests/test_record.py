"""Value classes: frozen where the suite can enforce it, and the same results where it is not."""

import copy
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from engine import record
from engine.model import Amount, DocumentResult, RuleStatus, Span

ROOT = Path(__file__).resolve().parent.parent


def test_the_suite_enforces_immutability():
    assert record.ENFORCED
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Span("a.rule", 1).line = 2


def test_unenforced_values_keep_equality_hashing_and_validation(monkeypatch):
    monkeypatch.setattr(record, "ENFORCED", False)

    @record.frozen
    class Pair:
        left: int
        right: int = attrs.field(validator=attrs.validators.instance_of(int))

    assert Pair(1, 2) == Pair(1, 2) and hash(Pair(1, 2)) == hash(Pair(1, 2)) and len({Pair(1, 2), Pair(1, 2)}) == 1
    assert attrs.evolve(Pair(1, 2), right=3) == Pair(1, 3)
    with pytest.raises(TypeError):
        Pair(1, "2")


def report(frozen: str) -> dict:
    environment = {**os.environ, "RULECHECK_FROZEN": frozen}
    result = subprocess.run([sys.executable, "-m", "engine", "--isolated", "--format", "json", "--verbose",
                             "--no-cache", "--jobs", "1", "corpus"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def test_the_shipped_configuration_reports_exactly_what_the_enforced_one_does():
    assert report("0") == report("1")
    assert Amount.from_text("1.00", "万元") == Amount.from_text("1.00", "万元")


@pytest.fixture(params=[True, False], ids=["enforced", "not-enforced"])
def built_as(request, monkeypatch):
    """Classes defined in the test are built as the suite builds them, then as a user's run does."""
    monkeypatch.setattr(record, "ENFORCED", request.param)


def test_the_shared_repr_prints_what_attrs_would(built_as):
    @record.frozen
    class Cell:
        text: str
        span: Span
        memo: dict = attrs.field(factory=dict, eq=False, repr=False)
        shown: int = attrs.field(default=7, repr=lambda value: f"<{value}>")

    @attrs.define
    class Reference:  # attrs' own __repr__
        text: str
        span: Span
        memo: dict = attrs.field(factory=dict, eq=False, repr=False)
        shown: int = attrs.field(default=7, repr=lambda value: f"<{value}>")

    cell = Cell("合计\n'x'", Span("a.rule", 3, 4))
    assert repr(cell) == repr(Reference("合计\n'x'", Span("a.rule", 3, 4))).replace("Reference", "Cell")
    text = "合计\n'x'"
    assert repr(cell) == f"Cell(text={text!r}, span={Span('a.rule', 3, 4)!r}, shown=<7>)"


def test_values_pickle_as_a_call_of_their_class_unless_they_pickle_themselves(built_as):
    @record.frozen
    class Pair:
        left: int
        right: Span = attrs.field(validator=attrs.validators.instance_of(Span))

    pair = Pair(1, Span("a.rule", 2))
    assert pair.__reduce__() == (Pair, (1, Span("a.rule", 2)))
    assert copy.deepcopy(pair) == pair  # deepcopy rebuilds through __reduce_ex__, as pickle does
    assert pickle.loads(pickle.dumps(Span("a.rule", 2, 3))) == Span("a.rule", 2, 3)
    # a class with its own __getstate__ keeps it: DocumentResult sends statuses as plain tuples
    result = DocumentResult("a.txt", "checked", (), (RuleStatus("BUD-A01", "pass"),))
    assert DocumentResult.__reduce__ is object.__reduce__
    assert result.__getstate__()[3] == (("BUD-A01", "pass", ""),)
    assert pickle.loads(pickle.dumps(result)) == result
