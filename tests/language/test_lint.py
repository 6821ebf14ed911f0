"""check-rules warnings (engine/language/compile/lint.py): mixed and/or, unused definitions."""

from click.testing import CliRunner

from engine.cli.commands import main
from engine.language.compile.lint import lint_rule_files
from engine.language.rulebook import load_rulebook
from engine.language.syntax.parser import parse_rule_text
from engine.vocabulary import default_vocabulary
from tests.builders import rule_text


def warnings(text: str, concepts=()):
    parsed, diagnostics = parse_rule_text(text, "t.rule")
    assert diagnostics == ()
    found = lint_rule_files([parsed], concepts)
    assert all(warning.severity == "warning" for warning in found)
    return found


def test_and_inside_or_without_brackets_is_a_warning_at_the_and():
    (warning,) = warnings(rule_text("  when present(三公经费表) and 三公 > 0 or 三公 == 0\n  assert 1 == 1"))
    assert warning.code == "mixed-logic"
    assert (warning.span.line, warning.span.column) == (7, 8)
    assert "(present(三公经费表) and 三公 > 0) or" in warning.hint


def test_brackets_on_either_side_silence_it():
    assert warnings(rule_text("  when (present(三公经费表) and 三公 > 0) or 三公 == 0\n  assert 1 == 1")) == ()
    assert warnings(rule_text("  when present(三公经费表) and (三公 > 0 or 三公 == 0)\n  assert 1 == 1")) == ()
    # one bracket pair around the whole `or` does not bracket the `and` inside it
    (warning,) = warnings(rule_text("  assert (三公 > 0 and 车 > 0 or 接待 > 0)"))
    assert warning.code == "mixed-logic"


def test_mixed_logic_inside_an_aggregate_where_is_found_too():
    (warning,) = warnings(rule_text('  assert count(r for r in 基本支出表[*] where r.code == "301" and r.合计 > 0 or r.合计 < 0) > 0'))
    assert warning.code == "mixed-logic"


def test_an_unused_definition_is_a_warning_and_a_used_one_is_not():
    text = "define 甲 = 三公 + 1\ndefine 乙 = 甲 * 2\ndefine 丙 = 2\n" + rule_text("  assert 乙 > 0")
    (warning,) = warnings(text)
    assert (warning.code, warning.span.line) == ("unused-define", 3)
    assert "'丙'" in warning.message


def test_definitions_reached_by_name_count_as_used():
    text = 'define 丙 = 2\ndefine 三公经费 = 1\n' + rule_text('  assert value("丙") > 0')
    assert [warning.message for warning in warnings(text)] == [
        "'三公经费' is defined but no rule or definition uses it"]
    # a rule that looks a definition up by a computed name reaches every concept-named one
    dynamic = 'define 三公经费 = 1\n' + rule_text("  for each statement s where defined(s.concept)\n  assert s == value(s.concept)")
    assert warnings(dynamic, concepts=("三公经费",)) == ()


def test_the_shipped_rules_give_no_warning():
    rulebook = load_rulebook([], default_vocabulary())
    assert rulebook.diagnostics == ()


def test_check_rules_prints_warnings_and_still_succeeds(tmp_path):
    extra = tmp_path / "extra.rule"
    extra.write_text("define 没用 = 1\n" + rule_text("  assert 1 == 1 and 2 == 2 or 3 == 3", code="X-1"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-rules", str(extra)])
    assert result.exit_code == 0, result.output
    assert "warning[unused-define]" in result.output and "warning[mixed-logic]" in result.output
    assert "no errors, 2 warning(s)" in result.output
