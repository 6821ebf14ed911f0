"""Families 1–4 on whole generated documents, checked with the shipped rules.

1. soundness: a consistent document printed exactly draws no error or warning;
2. rounding: with genuine display rounding (true values to the 元, sentences to 0–2 decimals)
   it draws no error (info residues allowed);
3. sensitivity: one printed figure changed beyond rounding draws an error citing its line, for
   every class of figure a shipped rule covers; classes no shipped rule covers are xfail;
4. round trip: every figure the renderer wrote is a fact with its value, decimals, unit,
   period and line.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from engine.evaluate import Evaluation
from engine.testing.synth import WrittenFigure, generate_budget, render
from tests.properties.documents import check, document_settings, facts_of
from tests.strategies import Generated, documents

# Figure roles (engine/synth/tables.py, narrative.py) that a shipped rule checks.
CHECKED_ROLES = {
    "function-row": "BUD-A03/A04", "function-row-prior": "BUD-A04", "function-total-row": "BUD-A03/A05",
    "function-total-row-prior": "BUD-A05", "economic-row": "BUD-A04/A06", "economic-total-row": "BUD-A05/A06",
    "three-public": "BUD-A08/A09", "summary-total": "BUD-A01", "summary-class": "BUD-N01",
    "summary-income": "BUD-N01", "fiscal-total": "BUD-A02", "fiscal-class": "BUD-A13/X01",
    "fiscal-income-item": "BUD-A14/X01-2", "fiscal-expenditure-general": "BUD-X01", "narrative-class": "BUD-N01/N02",
    "narrative-income": "BUD-N01/N02", "narrative-general": "BUD-N01/N03", "narrative-basic": "BUD-N03",
    "narrative-project": "BUD-N03", "narrative-three-public": "BUD-N03",
    "project-amount": "BUD-X07-3/P02/P03", "weight": "BUD-P01", "fiscal-income-current": "BUD-A14",
    "fiscal-expenditure-current": "BUD-X01/A13", "summary-current-total": "BUD-A12",
    "project": "BUD-A15/X07-2", "project-total": "BUD-A15/X07-1/X07-2", "procurement": "BUD-A15/G02",
    "project-funding": "BUD-A15/A16", "project-subtotal": "BUD-A16",
    "narrative-total": "BUD-N08", "narrative-procurement": "BUD-G01/N07", "narrative-performance": "BUD-N05",
    "fiscal-class-general": "BUD-A13", "fiscal-total-general": "BUD-A13", "goal-total": "BUD-X08-1",
}
# Stated changes a shipped rule checks: those whose subject is a definition with a prior-year cell
# (value() and prior(), BUD-Y01), and the department's 支出, which no table prints for the prior
# year but whose stated 基本支出 and 项目支出 changes must add up to it (BUD-Y02).
CHANGE_SUBJECTS = {"支出", "一般公共预算支出", "基本支出", "项目支出", "三公经费", "因公出国费", "公务接待费",
                   "公务用车运行费", "公务用车购置费"}
# The prior-year 三公 cells: each item (BUD-Y01 through its change), the total and the car
# subtotal (BUD-A08-P, A09-P).
THREE_PUBLIC_PRIOR = CHANGE_SUBJECTS | {"合计", "公务用车购置及运行费"}
# What no shipped rule covers yet: the sensitivity gap, kept visible as xfail. The stated
# 机关运行经费 has no table figure it must equal, only one it may not exceed (BUD-J02, a warning),
# and no document prints its prior-year figure, so its stated change cannot be checked either.
UNCHECKED_ROLES = ("narrative-running",)
UNCHECKED_CHANGE_SUBJECTS = ("机关运行经费",)


def blocking(evaluation: Evaluation, severities=("error", "warning")) -> list:
    return [finding for finding in evaluation.findings
            if finding.severity in severities and finding.status != "residue"]


def checked(figure: WrittenFigure) -> bool:
    if figure.role == "yoy-amount":
        return figure.label in CHANGE_SUBJECTS
    if figure.role == "three-public-prior":
        return figure.label in THREE_PUBLIC_PRIOR
    return figure.role in CHECKED_ROLES


def unchecked(figure: WrittenFigure) -> bool:
    """A figure of a known gap (the xfail below), not one nobody has classified."""
    if figure.role == "yoy-amount":
        return figure.label in UNCHECKED_CHANGE_SUBJECTS
    return figure.role in UNCHECKED_ROLES


def flagged(evaluation: Evaluation, line: int) -> bool:
    return any(finding.severity == "error" and finding.status == "fail" and any(c.line == line for c in finding.citations)
               for finding in evaluation.findings)


def beyond_rounding(figure: WrittenFigure, step: int) -> str:
    """The figure moved by whole 万元 (≥ 2): beyond any rounding a sum of printed figures allows."""
    return f"{figure.value + Decimal(step):.{figure.decimals}f}"


# ---- 1 and 2 ------------------------------------------------------------------------------------


@document_settings()
@given(documents(rounding=False))
def test_a_consistent_document_printed_exactly_draws_no_error_or_warning(generated: Generated):
    assert blocking(check(generated.rendered.text)) == []


@document_settings()
@given(documents(rounding=True))
@example(Generated(5, "A", True, generate_budget(random.Random(5)), render(generate_budget(random.Random(5)), "A", 5)))
@example(Generated(8, "B", True, generate_budget(random.Random(8)), render(generate_budget(random.Random(8)), "B", 8)))
def test_genuine_rounding_draws_no_error(generated: Generated):
    """Seeds 5 and 8 print 159.4 / 30 in sentences for table figures 159.45 / 30.50 (true values
    159.4496 / 30.4996): both correct, once refused by `===` (engine/language/values.py)."""
    assert blocking(check(generated.rendered.text), ("error",)) == []


# ---- 3 ------------------------------------------------------------------------------------------


@st.composite
def figure_mutations(draw, wanted=checked):
    generated = draw(documents())
    candidates = [figure for figure in generated.rendered.figures if wanted(figure)]
    figure = draw(st.sampled_from(candidates))
    step = draw(st.integers(min_value=2, max_value=500))
    if figure.role == "weight":
        # BUD-P01-2 accepts weights of 90 or 100 when a table prints no 预算执行率权重 row (the
        # convention that row's 10 points are implied), so +10 on a 90-table is undetectable by
        # design (found by the long profile); every other step must still be flagged
        step = draw(st.integers(min_value=2, max_value=500).filter(lambda value: value != 10))
    if figure.role == "narrative-procurement" and figure.decimals == 0:
        # four figures printed to the 万元 (BUD-G01: total = 货物 + 工程 + 服务) allow ±0.5 each, so
        # together they absorb a move of 2: the smallest move beyond their rounding is 3
        step = draw(st.integers(min_value=3, max_value=500))
    return generated, figure, step


@document_settings()
@given(figure_mutations())
def test_a_figure_changed_beyond_rounding_is_flagged_on_its_line(case):
    generated, figure, step = case
    text = generated.rendered.replace(figure.line, figure.column, figure.printed, beyond_rounding(figure, step))
    assert flagged(check(text), figure.line), (figure, CHECKED_ROLES.get(figure.role))


@document_settings()
@given(documents(), st.data())
def test_a_flipped_direction_word_is_flagged_on_its_line(generated: Generated, data):
    flips = {"增加": "减少", "减少": "增加"}
    words = [word for word in generated.rendered.words if word.role == "yoy-word" and word.text in flips]
    changes = [figure for figure in generated.rendered.figures if figure.role == "yoy-amount" and figure.label in CHANGE_SUBJECTS]
    lines = {figure.line: figure for figure in changes}
    candidates = [word for word in words if word.line in lines and
                  any(f.line == word.line and f.column > word.column and f.label in CHANGE_SUBJECTS for f in changes)]
    if not candidates:
        return
    word = data.draw(st.sampled_from(candidates))
    owner = min((f for f in changes if f.line == word.line and f.column > word.column), key=lambda f: f.column)
    if owner.label not in CHANGE_SUBJECTS:
        return
    text = generated.rendered.replace(word.line, word.column, word.text, flips[word.text])
    assert flagged(check(text), word.line)


@document_settings()
@given(documents(), st.data(), st.integers(min_value=2, max_value=9))
def test_a_wrong_comparison_year_is_flagged_on_its_line(generated: Generated, data, back):
    words = [word for word in generated.rendered.words if word.role == "comparison-year"]
    word = data.draw(st.sampled_from(words))
    text = generated.rendered.replace(word.line, word.column, word.text, str(int(word.text) - back))
    assert flagged(check(text), word.line)


@pytest.mark.xfail(strict=False, reason="no shipped rule checks the 机关运行经费 figure beyond ≤ 公用经费, a warning, "
                                        "nor its stated change: no prior-year figure is printed (sensitivity gap, issue 4)")
@settings(max_examples=10, phases=(Phase.explicit, Phase.generate))  # a known gap: no shrinking
@given(figure_mutations(wanted=unchecked))
def test_figures_no_rule_covers_yet(case):
    generated, figure, step = case
    text = generated.rendered.replace(figure.line, figure.column, figure.printed, beyond_rounding(figure, step))
    assert flagged(check(text), figure.line)


@settings(max_examples=10, phases=(Phase.explicit, Phase.generate))
@given(documents(), st.sampled_from(("政府性基金支出表", "三公经费表", "基本支出表", "部门收入总表", "部门收支总表")))
def test_a_removed_mandatory_table_is_flagged(generated: Generated, kind: str):
    (first, last) = next((first, last) for table_kind, first, last in generated.rendered.tables if table_kind == kind)
    lines = generated.rendered.text.split("\n")
    text = "\n".join(lines[: first - 1] + lines[last:])
    missing = [finding for finding in check(text).findings
               if finding.rule.startswith("BUD-C02") and finding.severity == "error" and finding.status == "fail"]
    assert [finding.message for finding in missing] == [f"文档中没有{kind}"]


@settings(max_examples=20, phases=(Phase.explicit, Phase.generate))
@given(documents())
def test_every_figure_the_generator_writes_is_listed_as_checked_or_as_a_gap(generated: Generated):
    """A new kind of figure (or of stated change) in the generator must be placed: as checked (the
    sensitivity property then mutates it) or as a known gap (the xfail). Unlisted, it is never mutated."""
    unplaced = {(figure.role, figure.label) for figure in generated.rendered.figures
                if not checked(figure) and not unchecked(figure)}
    assert unplaced == set()


# ---- 4 ------------------------------------------------------------------------------------------


@document_settings()
@given(documents())
def test_every_written_figure_is_read_back(generated: Generated):
    fact_set = facts_of(generated.rendered.text)
    year = generated.budget.year
    cells, statements, changes = defaultdict(list), defaultdict(list), defaultdict(list)
    for table in fact_set.tables:
        for row in table.rows:
            for fact in row.facts:
                if fact.amount is not None:
                    cells[fact.provenance.line].append(fact)
    for statement in fact_set.statements:
        statements[statement.provenance.line].append(statement)
    for change in fact_set.changes:
        changes[change.provenance.line].append(change)
    missing = []
    for figure in generated.rendered.figures:
        if figure.where == "narrative" and figure.role == "yoy-amount":
            found = any(c.delta is not None and abs(c.delta.value) == figure.value and c.delta.decimals == figure.decimals
                        and c.delta.unit == figure.unit for c in changes[figure.line])
        elif figure.where == "narrative":
            found = any(s.amount.value == figure.value and s.amount.decimals == figure.decimals and s.amount.unit == figure.unit
                        and s.period == figure.period for s in statements[figure.line])
        else:
            found = any(f.amount.value == figure.value and f.amount.decimals == figure.decimals
                        and (not figure.unit or f.amount.unit == figure.unit)
                        and (f.period == figure.period or (f.period is None and figure.period in (None, year)))
                        for f in cells[figure.line])
        if not found:
            missing.append(figure)
    assert missing == []
