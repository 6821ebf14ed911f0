"""The disk cache of parsed rule files: a hit equals a fresh parse, anything odd is a miss."""

import pickle
import zlib

import pytest

from engine.language.rulebook import load_rulebook
from engine.language.syntax import parse_cache
from engine.language.syntax.parser import parse_rule_text
from engine.util import disk_cache
from engine.vocabulary import Vocabulary

RULE = """rule T-01 sample-rule
  title    "收入合计等于支出合计"
  severity error
  assert   1 + 1 == 2
end
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RULECHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting_parser():
    calls = []

    def parse(text, path):
        calls.append(path)
        return parse_rule_text(text, path)

    return parse, calls


def test_second_parse_of_the_same_text_is_a_hit_and_equal(cache):
    parse, calls = counting_parser()
    first = parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    second = parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    assert calls == ["rules/t.rule"]
    assert second == first
    assert len(list((cache / "ast").glob("*.pickle"))) == 1


def test_changed_text_or_path_is_a_miss(cache):
    parse, calls = counting_parser()
    parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    parse_cache.cached_parse(RULE.replace("1 + 1", "2 + 0"), "rules/t.rule", parse)
    parse_cache.cached_parse(RULE, "rules/other.rule", parse)
    assert len(calls) == 3


def test_diagnostics_of_a_bad_file_come_back_from_the_cache(cache):
    bad = RULE.replace("1 + 1 == 2", "1 + == 2")
    parse, calls = counting_parser()
    _, fresh = parse_cache.cached_parse(bad, "rules/bad.rule", parse)
    _, cached = parse_cache.cached_parse(bad, "rules/bad.rule", parse)
    assert len(calls) == 1 and fresh and cached == fresh
    assert cached[0].span.line == 4


def test_a_torn_entry_is_parsed_again_and_rewritten(cache):
    parse, calls = counting_parser()
    expected = parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    (entry,) = (cache / "ast").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:20])
    assert parse_cache.cached_parse(RULE, "rules/t.rule", parse) == expected
    assert len(calls) == 2
    assert parse_cache.cached_parse(RULE, "rules/t.rule", parse) == expected
    assert len(calls) == 2


class Planted:
    def __reduce__(self):
        return (print, ("planted code ran",))


def test_an_entry_naming_other_classes_is_refused_not_run(cache, capsys):
    parse, calls = counting_parser()
    key = parse_cache.entry_key(RULE, "rules/t.rule")
    (cache / "ast").mkdir(parents=True)
    (cache / "ast" / f"{key}.pickle").write_bytes(zlib.compress(pickle.dumps((Planted(), ()))))
    parsed, _ = parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    assert calls == ["rules/t.rule"]
    assert "planted" not in capsys.readouterr().out
    assert parsed.rules[0].code == "T-01"


def test_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RULECHECK_CACHE_DIR", "")
    parse, calls = counting_parser()
    parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    assert len(calls) == 2 and disk_cache.cache_dir() is None


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RULECHECK_CACHE_DIR", str(blocker / "cache"))
    parse, calls = counting_parser()
    assert parse_cache.cached_parse(RULE, "rules/t.rule", parse)[0].rules[0].code == "T-01"


def test_shipped_rule_book_from_the_cache_compiles_to_the_same_rules(cache):
    vocabulary = Vocabulary.load()
    cold = load_rulebook([], vocabulary)
    warm = load_rulebook([], vocabulary)
    assert any((cache / "ast").iterdir())
    assert [rule.info for rule in warm.rule_set.rules] == [rule.info for rule in cold.rule_set.rules]
    assert warm.diagnostics == cold.diagnostics


def test_parses_shipped_with_the_package_are_used_even_with_the_cache_off(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "t.rule").write_text(RULE, encoding="utf-8")
    shipped = tmp_path / "parsed"
    assert parse_cache.write_shipped_parses(rules, shipped) == 1
    monkeypatch.setattr(parse_cache, "SHIPPED_PARSES", shipped)
    monkeypatch.setenv("RULECHECK_CACHE_DIR", "")
    parse, calls = counting_parser()
    parsed, diagnostics = parse_cache.cached_parse(RULE, "rules/t.rule", parse)
    assert calls == [] and parsed.rules[0].code == "T-01" and diagnostics == ()
    parse_cache.cached_parse(RULE.replace("1 + 1", "2 + 0"), "rules/t.rule", parse)  # an edited file misses
    parse_cache.cached_parse(RULE, "extra/t.rule", parse)  # so does the same text under another name
    assert calls == ["rules/t.rule", "extra/t.rule"]


def test_the_shipped_rule_book_as_the_build_writes_it_needs_no_parser(tmp_path, monkeypatch):
    from engine.resources import shipped_rules_dir

    shipped = tmp_path / "parsed"
    count = parse_cache.write_shipped_parses(shipped_rules_dir(), shipped)
    assert count == len(list(shipped_rules_dir().rglob("*.rule"))) > 5
    monkeypatch.setattr(parse_cache, "SHIPPED_PARSES", shipped)
    monkeypatch.setenv("RULECHECK_CACHE_DIR", "")
    monkeypatch.setattr("engine.language.rulebook._parse", lambda text, path: pytest.fail(f"parsed {path}"))
    vocabulary = Vocabulary.load()
    assert len(load_rulebook([], vocabulary).rule_set.rules) > 100


def test_an_entry_naming_a_class_an_allowed_module_only_imports_is_refused(tmp_path):
    from decimal import Decimal

    from engine import model

    assert model.Decimal is Decimal  # imported by engine.model, not defined there
    entry = tmp_path / "planted.pickle"
    entry.write_bytes(zlib.compress(b"cengine.model\nDecimal\n(V1\ntR."))  # engine.model.Decimal("1")
    assert disk_cache.load_entry(entry, frozenset({"engine.model"})) is None
    entry.write_bytes(zlib.compress(pickle.dumps(model.Span("a.rule", 1))))
    assert disk_cache.load_entry(entry, frozenset({"engine.model"})) == model.Span("a.rule", 1)
