"""Soundness and sensitivity of the 决算 rule pack on generated 部门决算 documents (issue 22).

1. soundness: a consistent generated 决算 (engine/testing/synth/final.py), printed exactly, draws
   no finding at all — no error, warning, info or residue — from the shipped rules;
2. sensitivity: one printed figure moved by whole 万元 (≥ 2) draws an error citing its line, for
   every class of figure a 决算 rule covers; the classes no rule covers yet are listed (xfail);
3. a comparison or change word flipped, or a compared year moved, is flagged on its line.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from engine.testing.synth import WrittenFigure
from tests.properties.documents import check, document_settings
from tests.strategies import GeneratedFinal, final_documents, generated_final

# Figure roles of engine/testing/synth/final_tables.py and final_narrative.py -> the rules that catch a change
CHECKED_ROLES = {
    "fa-income-row": "FA-034", "fa-class-row": "FA-035", "fa-income-total": "FA-031/034", "fa-spending-total": "FA-032/035",
    "fa-surplus": "FA-031", "fa-opening": "FA-031", "fa-closing": "FA-032", "fa-total": "FA-031/032/033",
    "fa-income-table-total": "FA-036/037-2", "fa-income-table-row": "FA-036/037",
    "fa-expenditure-table-total": "FA-038/037-2", "fa-expenditure-table-row": "FA-038/037",
    "fa-fiscal-income-row": "FA-039", "fa-fiscal-class-row": "FA-040/041", "fa-fiscal-income-total": "FA-039",
    "fa-fiscal-spending-total": "FA-040/041", "fa-fiscal-opening": "FA-039-3", "fa-fiscal-closing": "FA-040/041-2",
    "fa-fiscal-total": "FA-040/042", "fa-general-row": "FA-044/037", "fa-general-total": "FA-044/037-2",
    "fa-economic-class": "FA-045", "fa-economic-row": "FA-045", "fa-personnel": "FA-046", "fa-public": "FA-046-2",
    "fa-three-public-budget": "FA-047/048", "fa-three-public": "FA-047-2/048-2", "fa-fund-total": "FA-049/050",
    "fa-fund-row": "FA-049/050",
    "fa-n-total": "FA-067", "fa-n-fiscal-total": "FA-072", "fa-yoy-rate": "FA-093", "fa-n-income": "FA-068",
    "fa-n-income-part": "FA-100", "fa-n-income-share": "FA-100", "fa-n-spending": "FA-071-3",
    "fa-n-spending-part": "FA-071/071-2", "fa-n-spending-share": "FA-100-3", "fa-n-general": "FA-073",
    "fa-n-general-share": "FA-100-4", "fa-n-general-budget": "FA-085", "fa-n-general-actual": "FA-085",
    "fa-n-general-rate": "FA-085", "fa-n-class": "FA-074", "fa-n-class-share": "FA-100-2",
    "fa-n-item-budget": "FA-085", "fa-n-item-actual": "FA-075/085", "fa-n-item-rate": "FA-085",
    "fa-n-basic": "FA-079-3", "fa-n-personnel": "FA-079", "fa-n-public": "FA-079-2",
    "fa-n-three-budget": "FA-081", "fa-n-three-actual": "FA-081-2", "fa-n-three-rate": "FA-085-2",
    "fa-n-three-item": "FA-082", "fa-n-three-share": "FA-100-5", "fa-n-fund": "FA-083/083-2",
    "fa-n-fund-item-budget": "FA-085", "fa-n-fund-item-actual": "FA-083-3/085", "fa-n-fund-item-rate": "FA-085",
    "fa-n-procurement": "FA-111",
}
# No rule pins these yet (docs/final-accounts.md, "Left"): the change of a 三公 item (FA-097), its
# completion rate (FA-085 per item), the domestic and foreign reception amounts (only ≤, FA-106-2),
# 机关运行经费 (only ≤ 公用经费, FA-108; its change is checked through the rate), the 绩效 amounts,
# the 中小企业 amounts (only inequalities, FA-114/115), the 年初 fund sub-rows of T4 (FA-039-2).
UNCHECKED_ROLES = ("fa-yoy-item", "fa-n-three-item-rate", "fa-n-domestic-reception", "fa-n-foreign", "fa-n-running",
                   "fa-n-performance", "fa-n-sme", "fa-fiscal-opening-row")


def checked(figure: WrittenFigure, rate_lines: set[int]) -> bool:
    """A stated change is pinned by its rate (FA-093); without a printed rate (prior year 0) it is not."""
    if figure.role == "fa-yoy-amount":
        return figure.line in rate_lines
    return figure.role in CHECKED_ROLES


def rate_lines(generated: GeneratedFinal) -> set[int]:
    return {figure.line for figure in generated.rendered.figures if figure.role == "fa-yoy-rate"}


def flagged(text: str, line: int) -> bool:
    return any(finding.severity == "error" and finding.status == "fail" and any(c.line == line for c in finding.citations)
               for finding in check(text).findings)


def moved(figure: WrittenFigure, step: int) -> str:
    return f"{figure.value + Decimal(step):.{figure.decimals}f}"


@document_settings(divisor=2)
@given(final_documents())
# the long profile found it: a 政府性基金 fund whose opening balance exceeded its spending and
# closing balance was written with a negative income of the year (FA-051), a generator fault
@example(generated=generated_final(8696, "A"))
# and a 302 class with no spending, printed blank and without 款 rows: FA-025 asked it for 款
@example(generated=generated_final(63818003, "A"))
def test_a_consistent_final_account_draws_no_finding(generated: GeneratedFinal):
    findings = [(finding.rule, finding.severity, finding.message) for finding in check(generated.rendered.text).findings]
    assert findings == []


@st.composite
def final_mutations(draw, wanted=True):
    generated = draw(final_documents())
    lines = rate_lines(generated)
    candidates = [figure for figure in generated.rendered.figures
                  if (checked(figure, lines) if wanted else figure.role in UNCHECKED_ROLES)]
    figure = draw(st.sampled_from(candidates))
    return generated, figure, draw(st.integers(min_value=2, max_value=500))


@document_settings(divisor=3)
@given(final_mutations())
def test_a_final_account_figure_changed_beyond_rounding_is_flagged_on_its_line(case):
    generated, figure, step = case
    text = generated.rendered.replace(figure.line, figure.column, figure.printed, moved(figure, step))
    assert flagged(text, figure.line), (figure, CHECKED_ROLES.get(figure.role))


@document_settings(divisor=3)
@given(final_documents(), st.data())
def test_a_flipped_comparison_or_change_word_is_flagged_on_its_line(generated: GeneratedFinal, data):
    flips = {"大于": "小于", "小于": "大于", "增长": "下降", "下降": "增长"}
    words = [word for word in generated.rendered.words
             if (word.role == "comparison-word" or word.role == "yoy-rate-word") and word.text in flips]
    word = data.draw(st.sampled_from(words))
    text = generated.rendered.replace(word.line, word.column, word.text, flips[word.text])
    assert flagged(text, word.line), word


@document_settings(divisor=3)
@given(final_documents(), st.data(), st.integers(min_value=2, max_value=9))
def test_a_wrong_compared_year_in_a_final_account_is_flagged_on_its_line(generated: GeneratedFinal, data, back):
    words = [word for word in generated.rendered.words if word.role == "comparison-year"]
    word = data.draw(st.sampled_from(words))
    text = generated.rendered.replace(word.line, word.column, word.text, str(int(word.text) - back))
    assert flagged(text, word.line), word


@settings(max_examples=20, phases=(Phase.explicit, Phase.generate))
@given(final_documents())
def test_every_final_figure_is_listed_as_checked_or_as_a_gap(generated: GeneratedFinal):
    unplaced = {figure.role for figure in generated.rendered.figures
                if figure.role not in CHECKED_ROLES and figure.role not in UNCHECKED_ROLES and figure.role != "fa-yoy-amount"}
    assert unplaced == set()


@pytest.mark.xfail(strict=False, reason="no 决算 rule pins these figures yet (FA-097, FA-085 per 三公 item, FA-039-2, "
                                        "绩效 and 中小企业 amounts): the sensitivity gap, docs/final-accounts.md")
@settings(max_examples=10, phases=(Phase.explicit, Phase.generate))
@given(final_mutations(wanted=False))
def test_final_figures_no_rule_covers_yet(case):
    generated, figure, step = case
    text = generated.rendered.replace(figure.line, figure.column, figure.printed, moved(figure, step))
    assert flagged(text, figure.line)
