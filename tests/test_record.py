"""Value classes: frozen where the suite can enforce it, and the same results where it is not."""

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from engine import record
from engine.model import Amount, Span

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


@pytest.mark.parametrize("enforced", [True, False])
def test_the_shared_repr_prints_what_attrs_would(monkeypatch, enforced):
    monkeypatch.setattr(record, "ENFORCED", enforced)

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
