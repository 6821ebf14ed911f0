"""Load-time checks: unknown names with did-you-mean, cycles, duplicates, arity, required fields."""

from tests.builders import HEAD
from tests.builders import compile_text as compile_rules_text


def compile_text(text):
    """Compile errors are what these tests look at: the shared helper, without its clean check."""
    return compile_rules_text(text, clean=False)


def test_unknown_concept_suggests_the_vocabulary_word():
    rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  assert 基本支出表[合计].人员经废 == 1\nend\n")
    (diagnostic,) = rule_set.diagnostics
    assert diagnostic.code == "unknown-column"
    assert diagnostic.hint == "did you mean '人员经费'?"
    assert (diagnostic.span.line, diagnostic.span.column) == (6, 10)


def test_unknown_table_name():
    rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  assert 基本支岀表[合计] == 1\nend\n")
    assert rule_set.diagnostics[0].code == "unknown-name"
    assert "基本支出表" in rule_set.diagnostics[0].hint


def test_cyclic_definitions_are_refused():
    rule_set = compile_text("define a = b + 1\ndefine b = a + 1\n")
    assert any(diagnostic.code == "cyclic-definition" for diagnostic in rule_set.diagnostics)


def test_duplicate_rule_ids():
    text = f"rule T-1 x-y\n{HEAD}  assert 1 == 1\nend\nrule T-1 x-z\n{HEAD}  assert 1 == 1\nend\n"
    rule_set = compile_text(text)
    assert [diagnostic.code for diagnostic in rule_set.diagnostics] == ["duplicate-rule"]
    assert len(rule_set.rules) == 1


def test_missing_fields_are_named():
    rule_set = compile_text("rule T-1 x-y\n  assert 1 == 1\nend\n")
    messages = " ".join(diagnostic.message for diagnostic in rule_set.diagnostics)
    assert "title" in messages and "cite" in messages and "severity" in messages


def test_arity_and_unknown_function():
    rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  assert count(1, 2) == 1\nend\nrule T-2 x-z\n{HEAD}  assert total(1) == 1\nend\n")
    codes = sorted(diagnostic.code for diagnostic in rule_set.diagnostics)
    assert codes == ["arity", "unknown-function"]


def test_concept_without_table_is_explained():
    rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  assert 合计 == 1\nend\n")
    assert rule_set.diagnostics[0].code == "no-table"


def test_statement_property_is_checked():
    rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  for each statement s\n  assert s.valu == 1\nend\n")
    assert rule_set.diagnostics[0].hint == "did you mean 'value'?"


def test_message_placeholders_are_checked():
    text = 'rule T-1 x-y\n  title "t"\n  severity error\n  cite "c"\n  message "{lft}"\n  assert 1 == 1\nend\n'
    rule_set = compile_text(text)
    assert rule_set.diagnostics[0].hint == "did you mean 'left'?"


def test_value_inside_definition_is_refused():
    rule_set = compile_text('define a = value("b")\n')
    assert rule_set.diagnostics[0].code == "dynamic-definition"


def test_a_loop_over_rows_tables_or_column_groups_of_something_not_a_table_is_refused_where_written():
    for kind, source in (("row", "3"), ("table", '"部门收支总表"'), ("group", "budget_year()")):
        rule_set = compile_text(f"rule T-1 x-y\n{HEAD}  for each {kind} v in {source}\n  assert 1 == 1\nend\n")
        (diagnostic,) = rule_set.diagnostics
        assert diagnostic.code == "type"
        assert f"'for each {kind} v in …'" in diagnostic.message and "not a table reference" in diagnostic.message
        assert (diagnostic.span.line, diagnostic.span.column) == (6, 18 + len(kind))
        assert rule_set.rules == ()


def test_a_loop_over_the_column_groups_of_a_bound_row_compiles():
    text = f"rule T-1 x-y\n{HEAD}  for each row r in 项目支出表\n  for each group g in r\n  assert subtotal(g) == across(g)\nend\n"
    assert compile_text(text).diagnostics == ()
