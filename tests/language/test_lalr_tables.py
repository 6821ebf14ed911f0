"""The parser loaded from grammar/rules.lalr.json parses exactly as one built from the grammar,
and tables that do not match the grammar (or cannot be read) are never used."""

import json

import lark
import pytest
from lark import Lark

from engine.language.syntax import lalr_tables
from engine.language.syntax import parser as syntax
from engine.resources import grammar_path, parser_tables_path, shipped_rules_dir

RULE_FILES = sorted(shipped_rules_dir().rglob("*.rule"))
RULE = """rule T-01 sample-rule
  title    "收入合计等于支出合计"
  severity error
  assert   1 + 1 == 2
end
"""


def _grammar() -> str:
    return grammar_path().read_text(encoding="utf-8")


def _parses_with(make_parser, monkeypatch) -> list[str]:
    """Every shipped rule file, and cut-off pieces of one (syntax errors), parsed with the parser
    that make_parser(transformer=builder) gives, calling the AST builder as the engine's does."""
    parser_and_builder = syntax.parser_with(make_parser)
    monkeypatch.setattr(syntax, "_parser", lambda: parser_and_builder)
    texts = [(path.read_text(encoding="utf-8"), path.name) for path in RULE_FILES]
    first = texts[0][0]
    texts += [(first[:end], "cut.rule") for end in range(0, len(first), 131)]
    return [repr(syntax.parse_rule_text(text, name)) for text, name in texts]


def test_committed_tables_are_those_of_the_grammar():
    tables = json.loads(parser_tables_path().read_text(encoding="utf-8"))
    source = lalr_tables._source_key(_grammar())
    assert tables["source"]["grammar_sha256"] == source["grammar_sha256"], (
        "grammar/rules.lark changed: run `python -m engine.language.syntax.lalr_tables` and commit grammar/rules.lalr.json")
    assert tables["source"]["options"] == source["options"]


def test_the_tables_are_used_with_the_lark_they_came_from(monkeypatch):
    tables = json.loads(parser_tables_path().read_text(encoding="utf-8"))
    if tables["source"]["lark"] != lark.__version__:
        pytest.skip(f"tables written with lark {tables['source']['lark']}, this is {lark.__version__}: the parser is built")

    class NoBuild:
        _load_from_dict = Lark._load_from_dict

        def __init__(self, *arguments, **keywords):
            raise AssertionError("the parser was built from the grammar, not loaded from its tables")

    monkeypatch.setattr(lalr_tables, "Lark", NoBuild)
    assert lalr_tables.load_parser().parse(RULE).data == "start"


def test_loaded_parser_parses_like_a_built_one(monkeypatch):
    built = _parses_with(lambda transformer: Lark(_grammar(), **lalr_tables.OPTIONS, transformer=transformer), monkeypatch)
    loaded = _parses_with(lalr_tables.load_parser, monkeypatch)
    assert loaded == built


@pytest.mark.parametrize("content", ["not json", "[]", '{"source": {"grammar_sha256": "0"}, "data": {}, "memo": {}}'])
def test_tables_that_do_not_fit_are_not_used(tmp_path, monkeypatch, content):
    stale = tmp_path / "rules.lalr.json"
    stale.write_text(content, encoding="utf-8")
    monkeypatch.setattr(lalr_tables, "parser_tables_path", lambda: stale)
    assert lalr_tables.load_parser().parse(RULE).data == "start"


def test_tables_this_lark_cannot_read_fall_back_to_building(tmp_path, monkeypatch):
    broken = json.loads(parser_tables_path().read_text(encoding="utf-8"))
    broken["source"] = lalr_tables._source_key(_grammar())
    broken["memo"] = {}
    path = tmp_path / "rules.lalr.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setattr(lalr_tables, "parser_tables_path", lambda: path)
    assert lalr_tables.load_parser().parse(RULE).data == "start"


def test_rewriting_the_tables_round_trips(tmp_path):
    path = tmp_path / "rules.lalr.json"
    lalr_tables.write_tables(path)
    tables = lalr_tables._current_tables(_grammar(), path)
    data, memo = Lark._load_from_dict(tables["data"], tables["memo"]).memo_serialize(
        [lark.lexer.TerminalDef, lark.grammar.Rule])
    assert (data, memo) == (tables["data"], tables["memo"])
