"""Family 6: the rule language against a direct computation, and malformed text.

Random well-formed sums and differences of cell references and literals are compiled and
evaluated on a hand-built FactSet; the verdict must be what interval arithmetic done by hand
says. Random edits of a real rule file must yield positioned diagnostics, never an exception.
"""

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.language.compile.compiler import compile_rules
from engine.language.runtime.values import round_to
from engine.language.syntax.parser import parse_rule_text
from engine.model import Diagnostic
from engine.resources import shipped_rules_dir
from engine.testing.synth.budget import round_half_up
from engine.vocabulary import default_vocabulary
from tests.builders import HEAD, facts, table
from tests.builders import run as run_rule
from tests.strategies import COLUMNS, EXPRESSION_CODES, Expression, cell_texts, expressions, rule_text_edits

VOCABULARY = default_vocabulary()


def fact_set(cells: dict):
    rows = [(code, f"科目{code}", [cells[(code, column)] for column in COLUMNS]) for code in EXPRESSION_CODES]
    return facts(table("基本支出表", [(column,) for column in COLUMNS], rows))


def run(assertion: str, cells: dict):
    return run_rule(f"  assert {assertion}", fact_set(cells), vocabulary=VOCABULARY)


@st.composite
def comparisons(draw) -> tuple[dict, Expression, Expression]:
    cells = draw(cell_texts())
    return cells, draw(expressions(cells)), draw(expressions(cells))


@given(comparisons())
def test_rounding_aware_equality_agrees_with_interval_arithmetic(case):
    cells, left, right = case
    evaluation = run(f"{left.text} == {right.text}", cells)
    holds = left.low <= right.high and right.low <= left.high
    (status,) = evaluation.statuses
    assert status.status == ("pass" if holds else "fail"), (left, right, evaluation.findings)
    residues = [finding for finding in evaluation.findings if finding.status == "residue"]
    assert bool(residues) == (holds and left.value != right.value)


@example(case=(dict.fromkeys([(code, column) for code in EXPRESSION_CODES for column in COLUMNS], "0"),
               Expression("基本支出表[301].人员经费", Decimal(0), Decimal("-0.5"), Decimal("0.5"), 0),
               Expression("0.01", Decimal("0.01"), Decimal("0.01"), Decimal("0.01"))),
         operator="<")  # found by the long profile: the literal 0.01 was rounded to the cell's 0 decimals
@given(comparisons(), st.sampled_from(("<", "<=", ">", ">=", "!=")))
def test_ordering_agrees_with_the_printed_values(case, operator):
    cells, left, right = case
    evaluation = run(f"{left.text} {operator} {right.text}", cells)
    # printed sides compare at the coarsest printed precision; literals are thresholds, never rounded
    places = min((d for d in (left.decimals, right.decimals) if d is not None), default=None)
    a = round_to(left.value, places) if left.decimals is not None or operator == "!=" else left.value
    b = round_to(right.value, places) if right.decimals is not None or operator == "!=" else right.value
    expected = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "!=": a != b}[operator]
    (status,) = evaluation.statuses
    assert status.status == ("pass" if expected else "fail")


def _regression_half_up():
    """26.5 printed at 0 decimals is 27 (half-up, as compare() rounds), not 26 (half-even)."""
    keys = [(code, column) for code in EXPRESSION_CODES for column in COLUMNS]
    cells = dict(zip(keys, ("0", "0", "0", "0", "0", "25.5", "0", "1")))
    left = Expression("(基本支出表[303].公用经费 + 基本支出表[310].公用经费)", Decimal("26.5"), Decimal("25.95"), Decimal("27.05"))
    right = Expression("基本支出表[301].人员经费", Decimal(0), Decimal("-0.5"), Decimal("0.5"))
    return cells, left, right


@given(comparisons())
@example(_regression_half_up())
def test_the_reported_left_side_is_the_direct_sum(case):
    cells, left, right = case
    evaluation = run(f"{left.text} == {right.text} + 100000", cells)
    (finding,) = [finding for finding in evaluation.findings if finding.status == "fail"]
    printed = Decimal(finding.found)  # printed at the coarsest precision of its terms
    assert printed == round_half_up(left.value, -printed.as_tuple().exponent)


SHIPPED = (shipped_rules_dir() / "balances.rule").read_text(encoding="utf-8")


def positioned(diagnostic: Diagnostic, text: str) -> bool:
    return isinstance(diagnostic, Diagnostic) and 1 <= diagnostic.span.line <= text.count("\n") + 2 \
        and diagnostic.span.column >= 1 and bool(diagnostic.message)


@settings(max_examples=settings().max_examples * 2)
@given(rule_text_edits(SHIPPED))
def test_edited_rule_files_give_positioned_diagnostics_never_an_exception(text):
    parsed, diagnostics = parse_rule_text(text, "edited.rule")
    assert all(positioned(diagnostic, text) for diagnostic in diagnostics)
    rule_set = compile_rules([parsed], VOCABULARY)
    assert all(positioned(diagnostic, text) for diagnostic in rule_set.diagnostics)


@given(st.text(max_size=200))
@example("rule")
@example('rule X-1 a-b\n  assert ((((1\nend')
@example('define 车 = 车\nrule X-1 a-b\n title "t"\n severity error\n cite "c"\n message "m"\n assert 车 == 1\nend')
def test_arbitrary_text_gives_diagnostics_never_an_exception(text):
    parsed, diagnostics = parse_rule_text(text, "any.rule")
    assert all(positioned(diagnostic, text) for diagnostic in diagnostics)
    compile_rules([parsed], VOCABULARY)


CLEAN = f"rule T-1 broken-assertion\n{HEAD}  assert 基本支出表[合计].人员经费 + 基本支出表[301].人员经费 == 基本支出表[合计].公用经费\nend\n"


def load(text: str) -> tuple[Diagnostic, ...]:
    parsed, diagnostics = parse_rule_text(text, "broken.rule")
    return diagnostics + compile_rules([parsed], VOCABULARY).diagnostics


def test_the_clean_assertion_loads():
    assert load(CLEAN) == ()


@given(st.integers(min_value=0, max_value=90), st.sampled_from((")", "((", "== ==", "@", "[", "..", "+ +", "合计(")))
def test_a_broken_assertion_is_reported_on_its_line(offset, junk):
    lines = CLEAN.split("\n")
    number = next(index for index, line in enumerate(lines) if line.strip().startswith("assert"))
    line = lines[number]
    cut = len("  assert ") + min(offset, len(line) - len("  assert "))
    lines[number] = line[:cut] + f" {junk} " + line[cut:]
    diagnostics = load("\n".join(lines))
    assert diagnostics, lines[number]
    assert any(diagnostic.span.line in (number + 1, number + 2) for diagnostic in diagnostics), diagnostics
