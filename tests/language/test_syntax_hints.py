"""The common mistakes get a diagnostic that says what to type (engine/language/syntax/hints.py)."""

import pytest

from engine.language.syntax.parser import parse_rule_text
from tests.builders import HEAD


def only_diagnostic(text: str):
    _parsed, diagnostics = parse_rule_text(text, "t.rule")
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_a_single_equals_sign_asks_for_a_comparison():
    diagnostic = only_diagnostic(f"rule T-1 a-b\n{HEAD}  assert 三公 = 出国\nend\n")
    assert "'=='" in diagnostic.message and "'==='" in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column, diagnostic.span.end_column) == (6, 13, 14)


def test_a_single_equals_sign_in_a_definition_is_still_the_definition():
    parsed, diagnostics = parse_rule_text("define 甲 = 1\n", "t.rule")
    assert diagnostics == () and parsed.defines[0].name == "甲"


def test_a_rule_without_end_is_named_where_it_starts_and_the_next_rule_still_parses():
    text = f"# rules\nrule T-1 a-b\n{HEAD}  assert 1 == 1\n\nrule T-2 a-c\n{HEAD}  assert 1 == 1\nend\n"
    parsed, diagnostics = parse_rule_text(text, "t.rule")
    (diagnostic,) = diagnostics
    assert diagnostic.message == "rule T-1 (line 2) is not closed: `end` is missing"
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 1)
    assert "line 7" in diagnostic.hint  # its last field, where `end` goes
    assert [rule.code for rule in parsed.rules] == ["T-2"]


def test_the_last_rule_of_a_file_without_end():
    diagnostic = only_diagnostic(f"rule T-9 a-b\n{HEAD}  assert 1 == 1\n")
    assert "rule T-9 (line 1) is not closed" in diagnostic.message


@pytest.mark.parametrize("written, character, ascii_text, column", [
    ("三公 ＝＝ 出国", "＝＝", "==", 13),
    ("三公 == 出国 ＋ 接待", "＋", "+", 19),
    ("sum（301..303） == 三公", "（", "(", 13),
    ("first(三公，出国) == 1", "，", ",", 18),
    ("三公 ＞ 1", "＞", ">", 13),
])
def test_full_width_punctuation_names_the_ascii_character(written, character, ascii_text, column):
    diagnostic = only_diagnostic(f"rule T-1 a-b\n{HEAD}  assert {written}\nend\n")
    assert diagnostic.message == f"full-width '{character}' in rule code: type the ASCII '{ascii_text}'"
    assert (diagnostic.span.line, diagnostic.span.column) == (6, column)


def test_full_width_quotes_around_a_field_text():
    diagnostic = only_diagnostic(f'rule T-1 a-b\n  title “标题”\n{HEAD[HEAD.index("  severity"):]}  assert 1 == 1\nend\n')
    assert "type the ASCII '\"'" in diagnostic.message


def test_full_width_brackets_inside_a_name_are_not_blamed():
    # 因公出国（境）费 is a name; the mistake on this line is the single '='
    diagnostic = only_diagnostic(f"rule T-1 a-b\n{HEAD}  assert 因公出国（境）费 = 1\nend\n")
    assert "'=' is not a comparison" in diagnostic.message


def test_full_width_text_inside_quotes_is_fine():
    _parsed, diagnostics = parse_rule_text(f'rule T-1 a-b\n{HEAD}  assert contains(title(), "（＋）") == 1\nend\n', "t.rule")
    assert diagnostics == ()


def test_a_lower_case_rule_id_is_shown_upper_case():
    diagnostic = only_diagnostic(f"rule bud-a01 a-b\n{HEAD}  assert 1 == 1\nend\n")
    assert diagnostic.message == "rule ID 'bud-a01' is not upper case"
    assert diagnostic.hint.endswith("write BUD-A01")
    assert (diagnostic.span.column, diagnostic.span.end_column) == (6, 13)


def test_triple_quotes_in_a_comment_do_not_merge_blocks_and_hide_an_error():
    text = (f'# examples use """ to quote a document\nrule T-1 a-b\n{HEAD}  assert 1 = 1\nend\n'
            f"rule T-2 a-c\n{HEAD}  assert 2 = 2\nend\n")
    _, diagnostics = parse_rule_text(text, "t.rule")
    assert [diagnostic.span.line for diagnostic in diagnostics] == [7, 14]


def test_rule_and_hash_inside_an_example_stay_example_text():
    text = (f'rule T-1 a-b\n{HEAD}  assert 1 == 1  # not a """ quote\n  example pass """\n    # 说明\n'
            f'rule is a word here\n    """\nend\ndefine x = "#"\n')
    parsed, diagnostics = parse_rule_text(text, "t.rule")
    assert diagnostics == ()
    assert [rule.code for rule in parsed.rules] == ["T-1"] and [define.name for define in parsed.defines] == ["x"]
    assert "rule is a word here" in parsed.rules[0].examples[0].text
