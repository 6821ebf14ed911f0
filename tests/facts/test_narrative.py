"""Narrative facts on synthetic sentences: statements, changes and what they refer to."""

from decimal import Decimal

import pytest

from tests.parse.snippets import facts_of

TITLE = "某局 2024年部门预算情况说明\n\n"


def narrative(text):
    return facts_of(TITLE + text)


def test_statements_with_labels_concepts_periods_and_places():
    facts = narrative("其中：一般公共服务支出685.46万元，卫生健康支出 39.01 万元、2023年结转 5 万元。")
    labels = [(s.label, s.concept, s.amount.printed(), s.amount.unit, s.period) for s in facts.statements]
    assert labels == [
        ("一般公共服务支出", "一般公共服务支出", "685.46", "万元", 2024),
        ("卫生健康支出", "卫生健康支出", "39.01", "万元", 2024),
        ("2023年结转", "结转", "5", "万元", 2023),
    ]
    second = facts.statements[1].provenance
    assert (second.line, second.column, second.quote) == (3, 28, "卫生健康支出 39.01 万元")


def test_topic_before_a_colon_names_the_concept():
    (statement,) = narrative("（一）收入预算：2024年年初预算数873.25万元。").statements
    assert (statement.label, statement.concept, statement.period) == ("收入预算：2024年年初预算数", "收入预算", 2024)


def test_a_figure_in_an_open_parenthesis_is_labelled_by_the_parenthesis():
    facts = narrative(
        "2024 年度部门支出预算安排与 2023 年度相比（2023 年度部门支出预算安排为8,648.07万元），增加 5 万元。"
        "一般公共服务支出（含因公出国（境）费）12 万元。"
    )
    labels = [(s.label, s.period) for s in facts.statements]
    assert labels == [("2023 年度部门支出预算安排为", 2023), ("一般公共服务支出（含因公出国（境）费）", 2024)]
    assert facts.statements[0].concept == "支出预算"


def test_figures_after_a_colon_following_a_figure():
    facts = narrative("政府采购预算总额 7 万元：政府采购货物预算 7 万元。")
    assert [s.label for s in facts.statements] == ["政府采购预算总额", "政府采购货物预算"]
    assert facts.statements[0].concept == "政府采购预算"


@pytest.mark.parametrize(
    "sentence, word, direction, delta, year",
    [
        ("基本支出 701.25 万元，比2023年增加44.2万元。", "增加", 1, "44.2", 2023),
        ("基本支出 701.25 万元，比 2023 年减少 2.1 万元。", "减少", -1, "-2.1", 2023),
        ("基本支出 701.25 万元，较上年增加19.2万元。", "增加", 1, "19.2", None),
        ("基本支出 701.25 万元，比上年减少7.5万元。", "减少", -1, "-7.5", None),
        ("基本支出 701.25 万元，较去年增加 13.66 万元。", "增加", 1, "13.66", None),
        ("基本支出 701.25 万元，与上年持平。", "持平", 0, "0", None),
        ("基本支出 701.25 万元，与 2021 年一样。", "一样", 0, "0", 2021),
        ("基本支出 701.25 万元，比2023年预算数增长 1,200.5 万元。", "增长", 1, "1200.5", 2023),
    ],
)
def test_change_phrases(sentence, word, direction, delta, year):
    facts = narrative(sentence)
    (change,) = facts.changes
    assert (change.word, change.direction, change.year) == (word, direction, year)
    assert change.delta.value == Decimal(delta)
    assert change.current is not None and change.current.amount.value == Decimal("701.25")
    assert (change.subject, change.subject_label) == ("基本支出", "基本支出")
    assert [s.amount.printed() for s in facts.statements] == ["701.25"]  # the delta is no statement


def test_change_with_its_own_subject_has_no_current():
    facts = narrative("收入预算 873.25 万元。收入比2023年增加44.2万元，主要是基本收入较上年增加19.2万元，项目支出增加 25 万元。")
    income, basic, project = facts.changes
    assert (income.subject_label, income.current, income.year) == ("收入", None, 2023)
    assert (basic.subject_label, basic.current, basic.year) == ("基本收入", None, None)
    assert (project.subject, project.word, project.delta.value) == ("项目支出", "增加", Decimal(25))
    assert [s.label for s in facts.statements] == ["收入预算"]


def test_change_refers_to_the_nearest_statement_of_its_sentence_only():
    facts = narrative("“三公”经费预算 3.9 万元，比 2023 年减少 2.1 万元。其中：公务接待费 0.4 万元，比 2023 年减少 0.1 万元；无因公出国（境）费用，与 2020 年一样。")
    total, reception, abroad = facts.changes
    assert (total.current.concept, total.current.amount.printed()) == ("三公经费", "3.9")
    assert (reception.current.concept, reception.delta.value) == ("公务接待费", Decimal("-0.1"))
    assert abroad.current is None
    assert (abroad.subject, abroad.year, abroad.direction) == ("因公出国费", 2020, 0)
    assert "因公出国" in abroad.subject_label


def test_change_provenance_quotes_the_phrase():
    (change,) = narrative("公务接待费 0.4 万元，比 2023 年减少 0.1 万元。").changes
    assert change.provenance.quote == "比 2023 年减少 0.1 万元"
    assert (change.provenance.line, change.provenance.column) == (3, 14)


def test_percentages_are_kept_apart_from_money():
    facts = narrative("项目支出占 12.3%，群众满意率≥90%，支出 5 万元。")
    assert [(p.label, p.amount.printed(), p.amount.unit) for p in facts.percentages] == [
        ("项目支出占", "12.3", "%"),
        ("群众满意率", "90", "%"),
    ]
    assert [s.label for s in facts.statements] == ["支出"]


def test_years_and_counts_are_not_statements():
    facts = narrative("截至 2023 年 12 月，共有车辆 2 辆，编制 24 人。")
    assert facts.statements == () and facts.changes == ()


def test_sentences_are_searchable_texts_with_lines():
    facts = narrative("第一句。\n\n第二句，跨行\n\n继续。")
    assert facts.texts == (("第一句。", 3), ("第二句，跨行继续。", 5))


def test_metadata_is_carried_over():
    facts = narrative("一、概况\n\n附件 1\n")
    assert (facts.budget_year, facts.unit_name, facts.title) == (2024, "某局", "某局 2024年部门预算情况说明")
    assert [section.title for section in facts.sections] == ["一、概况"]
    assert facts.annexes == (("1", 5),)


def test_percentage_changes_and_standalone_comparators():
    facts = narrative("收入预算 12,345.67 万元，较上年增长5.2%；支出预算12,345.67万元，同比增长 3%，下降 4.7%。")
    first, second, third = facts.changes
    assert (first.delta.value, first.delta.unit, first.year, first.current.concept) == (Decimal("5.2"), "%", None, "收入预算")
    assert (second.word, second.delta.value, second.current.concept) == ("增长", Decimal(3), "支出预算")
    assert (third.direction, third.delta.value) == (-1, Decimal("-4.7"))
    assert facts.percentages == ()
    assert [s.amount.value for s in facts.statements] == [Decimal("12345.67")] * 2


def test_particle_between_direction_and_amount():
    facts = narrative("基本支出 9 万元，比上年增加了 2 万元，项目支出减少了1万元。")
    assert [(c.word, c.delta.value) for c in facts.changes] == [("增加", Decimal(2)), ("减少", Decimal(-1))]
    assert [s.amount.value for s in facts.statements] == [Decimal(9)]


@pytest.mark.parametrize("sentence, concept", [
    ("2026 年市国资委本级机关运行经费财政拨款预算909.42 万元。", "机关运行经费"),
    ("2026 年北京市交通委员会部门政府采购预算总额31523.94 万元。", "政府采购预算"),
    ("所属各预算单位政府采购预算总额712.49万元。", "政府采购预算"),
    ("2026 年，本部门某市交通运输局 1 家行政单位及2家行政类参公事业单位的机关运行经费财政拨款预算8,989.73 万元。",
     "机关运行经费"),
])
def test_a_speakers_own_name_before_a_figure_names_no_concept(sentence, concept):
    """[phrasings] speaker_endings: the speaker's name, up to 局 / 委员会 / 本级 / 单位的, is peeled."""
    assert narrative(sentence).statements[0].concept == concept


def test_a_name_that_only_contains_a_speaker_ending_is_not_bound():
    """Peeling stops at an alias: '其中人员经费支出' stays its own label, not a concept of another."""
    (statement,) = narrative("某中心房屋修缮 5 万元。").statements
    assert statement.concept not in ("机关运行经费", "政府采购预算", "三公经费")


def test_a_change_after_a_change_has_the_same_subject():
    facts = narrative("基本支出 5 万元，主要用于人员。比上年执行数减少 1.5 万元，下降 23.1%，主要原因是退休。")
    assert [(change.subject, change.delta.printed()) for change in facts.changes] == [
        ("基本支出", "-1.5"), ("基本支出", "-23.1")]


def test_a_paragraph_opening_with_its_change_is_about_the_paragraph_before():
    facts = narrative("（1）科学技术支出（类）技术研究与开发（款）科技成果转化与扩散（项）28.00 万元，主要用于模型。\n\n"
                      "比上年执行数减少 113.53 万元，下降80.2%，主要原因是项目建设已完成。\n\n"
                      "（二）政府采购情况\n\n比上年增加 3 万元。")
    subjects = [change.subject for change in facts.changes]
    assert subjects[:2] == [facts.statements[0].concept] * 2
    assert subjects[2] is None  # a heading without figures stands between: no subject is guessed


def test_statements_and_changes_know_their_sentence():
    facts = narrative("收入预算 10 万元，其中：事业收入 4 万元；收入比上年增加 2 万元，主要是事业收入增加 2 万元。")
    assert [s.sentence for s in facts.statements] == [0, 0]
    assert [c.sentence for c in facts.changes] == [1, 1]


def test_a_clause_opening_with_a_comparison_is_no_subject():
    """'比 2025 年财政拨款“三公”经费年初预算增加 2.5 万元' compares with last year's figure: the change
    is about the figure stated before it (北京), and so is the rate after it."""
    facts = narrative("2026 年财政拨款“三公”经费预算 37.38 万元，比 2025 年财政拨款“三公”经费年初预算增加 2.5 万元，"
                      "增长 7.2%，主要原因是车辆更新。")
    assert [(change.subject, change.delta.unit) for change in facts.changes] == [("三公经费", "万元"), ("三公经费", "%")]


def test_a_bare_zero_after_a_copula_is_a_zero_amount():
    """上海 单位预算: '政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。' — zero in any unit."""
    facts = narrative(
        "政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。2024年“三公”经费预算数为0.00，与2023年预算持平。"
    )
    found = [(s.concept, s.amount.value, s.amount.decimals, s.amount.unit) for s in facts.statements]
    assert found == [
        ("政府性基金支出", Decimal(0), None, "万元"),
        ("国有资本经营支出", Decimal(0), None, "万元"),
        ("三公经费", Decimal(0), None, "万元"),
    ]
    assert facts.statements[0].provenance.quote == "政府性基金拨款支出预算为0"
    (change,) = facts.changes
    assert change.current is facts.statements[2]


@pytest.mark.parametrize("sentence", ["公务用车数为0辆。", "增长率为0.5。", "编号为01。", "支出预算为 0 人，", "政府性基金 0；"])
def test_a_zero_that_is_a_count_a_fraction_or_no_copula_is_no_amount(sentence):
    assert narrative(sentence).statements == ()


@pytest.mark.parametrize(
    "sentence, concept",
    [
        # 江苏 2017–2019: the table's name (…支出预算) then 支出
        ("省检察院 2017 年政府性基金支出预算支出 0 万元，本部门无政府性基金预算。", "政府性基金支出"),
        ("2017 年本部门一般公共预算机关运行经费预算支出6032.55 万元。", "机关运行经费"),
        ("江苏省政协办公厅 2017 年一般公共预算机关运行经费支出预算 3,348.98万元。", "机关运行经费"),
        ("政府性基金预算支出 0 万元。", "政府性基金支出"),
    ],
)
def test_jiangsu_table_named_phrasings(sentence, concept):
    (statement,) = narrative(sentence).statements
    assert statement.concept == concept
