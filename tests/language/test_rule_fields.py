"""`cite` is the legal basis only; research notes go in the optional `see` field; one escaping style."""

import json

from engine.language.rulebook import load_rulebook
from engine.report.rule_page import render_rule_json, render_rule_text
from engine.resources import shipped_rules_dir
from engine.vocabulary import default_vocabulary
from tests.builders import compile_text, rule_text


def test_see_is_parsed_compiled_and_shown_apart_from_the_legal_basis():
    body = '  see      "research/regulations.md §2 I9"\n  assert 1 == 1'
    (rule,) = compile_text(rule_text(body)).rules
    assert (rule.info.citation, rule.info.see) == ("c", "research/regulations.md §2 I9")
    text = render_rule_text(rule.info)
    assert "legal basis  c\n" in text and "see          research/regulations.md §2 I9\n" in text
    data = json.loads(render_rule_json(rule.info))
    assert (data["legal_basis"], data["see"]) == ("c", "research/regulations.md §2 I9")


def test_see_is_optional_and_absent_from_the_page_when_not_given():
    (rule,) = compile_text(rule_text("  assert 1 == 1")).rules
    assert rule.info.see == "" and "\nsee " not in render_rule_text(rule.info)


def test_no_shipped_rule_cites_research_notes_as_its_legal_basis():
    rules = load_rulebook([], default_vocabulary()).rule_set.rules
    assert [rule.info.code for rule in rules if "研究" in rule.info.citation or "research" in rule.info.citation] == []
    assert sum(1 for rule in rules if rule.info.see) >= 30  # the notes moved, not dropped


def test_shipped_patterns_use_one_backslash():
    doubled = [f"{path.name}:{number}" for path in sorted(shipped_rules_dir().glob("*.rule"))
               for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "\\\\" in line]
    assert doubled == [], "write patterns as in any regex tool: \\d, not \\\\d"
