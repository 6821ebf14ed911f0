"""Facts of the two corpus documents. Expected figures were read off the documents by hand;
the consistency checks (columns add up, quotes match the source) are computed from the facts."""

from decimal import Decimal

import pytest

from engine.parse.numbers import fold_narrow
from tests.parse.snippets import STYLE_A, STYLE_B, corpus_facts, corpus_lines


def table(facts, line):
    return next(table for table in facts.tables if table.line == line)


def row(table_facts, label):
    return next(row for row in table_facts.rows if row.label == label)


def test_basic_expenditure_row_with_its_code_and_total_column():
    wages = row(table(corpus_facts(STYLE_A), 109), "工资福利支出")
    assert (wages.code, wages.line) == ("301", 116)
    first = wages.facts[0]
    assert (first.amount.value, first.amount.decimals, first.amount.unit) == (Decimal("586.04"), 2, "万元")
    assert first.header[-1] == "总计" and first.period == 2024
    assert (first.provenance.line, first.provenance.row, first.provenance.table) == (
        116, "301 工资福利支出", "重庆市北碚区信访办公室一般公共预算财政拨款基本支出预算表"
    )
    assert wages.facts[2].amount is None  # 公用经费 left blank, not 0


def test_two_panel_revenue_and_expenditure_table():
    summary = table(corpus_facts(STYLE_B), 227)
    health = row(summary, "十、卫生健康支出")
    (figure,) = health.facts
    assert (figure.amount.printed(), figure.provenance.line) == ("32.63", 242)
    total = row(summary, "支出总计")
    assert (total.facts[0].amount.printed(), total.line, total.concept) == ("951.80", 270, "支出总计")
    income = row(summary, "收入总计")
    assert (income.facts[0].amount.printed(), income.line, income.facts[0].column) == ("951.81", 270, 1)
    continued = row(summary, "二十、住房保障支出")  # on the page after the break
    assert (continued.line, continued.facts[0].amount.printed()) == (259, "27.31")


def test_three_public_table_columns_are_realigned_by_group():
    three_public = table(corpus_facts(STYLE_A), 147)
    assert len(three_public.columns) == 12
    column = three_public.columns[6]
    assert (column.header, column.period) == (("2024年预算数", "合计"), 2024)
    assert three_public.columns[5].header == ("2023年预算数", "公务接待费")
    (data,) = three_public.rows
    figures = {fact.column: fact for fact in data.facts}
    assert (figures[6].amount.printed(), figures[6].period) == ("3.90", 2024)
    assert (figures[5].amount.printed(), figures[5].period, figures[5].concept) == ("0.50", 2023, "公务接待费")
    assert figures[7].amount is None and figures[7].concept == "因公出国费"


@pytest.mark.parametrize("name, line, body", [(STYLE_A, 185, range(190, 210)), (STYLE_B, 274, range(279, 296))])
def test_total_equals_basic_plus_project_on_every_row(name, line, body):
    expenditure = table(corpus_facts(name), line)
    checked = 0
    for item in expenditure.rows:
        total, basic, project = (fact.amount.value if fact.amount else Decimal(0) for fact in item.facts)
        assert total == basic + project, item
        checked += 1
    assert checked == len(body)


@pytest.mark.parametrize("name", [STYLE_A, STYLE_B])
def test_every_fact_quotes_its_cell_and_parses_back(name):
    lines = corpus_lines(name)
    for table_facts in corpus_facts(name).tables:
        for item in table_facts.rows:
            for fact in item.facts:
                provenance = fact.provenance
                assert lines[provenance.line - 1][provenance.column - 1:provenance.end_column - 1] == provenance.quote
                if fact.amount is not None and fact.amount.unit != "%":
                    assert fact.amount.printed() == fold_narrow(provenance.quote).replace(",", "")


def test_economic_codes_follow_their_rows():
    basic = table(corpus_facts(STYLE_B), 152)
    codes = [item.code for item in basic.rows]
    assert codes[0] is None and codes[1:4] == ["301", "30101", "30102"]
    assert all(len(code) in (3, 5) for code in codes[1:])
    assert len(codes) == len(range(158, 177)) + len(range(184, 200))  # both pages, 合计 first
    assert "30211" in codes  # first row of the second page


def test_narrative_statement_and_changes():
    health = next(s for s in corpus_facts(STYLE_B).statements if s.label == "卫生健康支出")
    assert (health.amount.printed(), health.provenance.line, health.concept, health.period) == ("32.64", 37, "卫生健康支出", 2022)

    three_public = next(c for c in corpus_facts(STYLE_A).changes if c.provenance.quote == "比 2023 年减少 2.1 万元")
    assert three_public.provenance.line == 33
    assert (three_public.year, three_public.direction, three_public.delta.value) == (2023, -1, Decimal("-2.1"))
    assert (three_public.current.concept, three_public.current.amount.printed()) == ("三公经费", "3.9")

    same = [c for c in corpus_facts(STYLE_B).changes if c.year == 2020]
    assert [(c.provenance.line, c.direction, c.subject, c.current) for c in same] == [(47, 0, "因公出国费", None)]


@pytest.mark.parametrize("name", [STYLE_A, STYLE_B])
def test_narrative_figures_sit_where_they_are_cited(name):
    lines = corpus_lines(name)
    facts = corpus_facts(name)
    for statement in facts.statements + facts.percentages:
        place = lines[statement.provenance.line - 1][statement.provenance.column - 1:]
        assert fold_narrow(place).replace(",", "").startswith(statement.amount.printed().lstrip("-"))
    for change in facts.changes:
        place = lines[change.provenance.line - 1][change.provenance.column - 1:]
        assert place.startswith(change.provenance.quote[:1])
        assert change.delta is None or change.direction * change.delta.value >= 0


def test_change_years_in_each_document():
    years_a = {change.year for change in corpus_facts(STYLE_A).changes}
    years_b = {change.year for change in corpus_facts(STYLE_B).changes}
    assert years_a == {2023, None}
    assert years_b == {2021, 2020, None}


def test_fact_set_carries_document_metadata():
    facts = corpus_facts(STYLE_B)
    assert (facts.budget_year, facts.unit_name) == (2022, "重庆市潼南区信访办公室")
    assert len(facts.annexes) == 18 and len(facts.tables) == 18
    assert any("与 2020 年一样" in text and line == 47 for text, line in facts.texts)


def test_row_missing_its_leading_empty_cell_is_realigned():
    overall = table(corpus_facts(STYLE_B), 318)
    shifted = row(overall, "领导干部接访下访群众")  # line 332 drops the empty 绩效指标 cell
    assert shifted.line == 332
    assert [(fact.header, fact.amount.printed(), fact.amount.unit) for fact in shifted.facts] == [
        (("指标权重",), "10", "%"),
        (("指标值",), "72", "人次"),
    ]
    assert ("指标性质", "≥") in shifted.texts
