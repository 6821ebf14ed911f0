"""The rule grammar's LALR parser, loaded from its tables instead of built from the grammar.

Building the parser (lark analyses the grammar and computes the LALR tables) takes 50-90 ms of
every run that parses a rule file: the first run from a checkout, and every run after a policy
writer edits a rule. The tables are written once to grammar/rules.lalr.json, with the digest of
the grammar and the lark version they came from, and loaded in a few ms when both still match.
They are JSON, not pickle: loading them runs no code. Anything else (an edited grammar, another
lark, a missing or unreadable file) builds the parser from the grammar as before.

    python -m engine.language.syntax.lalr_tables     # rewrite the tables after editing the grammar
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from engine.resources import grammar_path, parser_tables_path

# Every token is kept (keywords and brackets too) and no position is propagated: the AST builder
# (engine.language.syntax.parser) takes each node's span from its first and last token, which is what
# lark's propagate_positions computed, at 40% of the parse time.
OPTIONS = {"parser": "lalr", "keep_all_tokens": True, "maybe_placeholders": True}


def load_parser(transformer=None) -> Lark:
    """The parser of the shipped grammar: from its tables when they are current, else built.
    With a transformer, its methods build the result during the parse (lark's inline transformer)."""
    grammar = grammar_path().read_text(encoding="utf-8")
    tables = _current_tables(grammar, parser_tables_path())
    if tables is not None:
        try:  # what lark's standalone parsers call
            return Lark._load_from_dict(tables["data"], tables["memo"], transformer=transformer)
        except Exception:  # noqa: BLE001 - tables this lark cannot read: build instead
            pass
    return Lark(grammar, **OPTIONS, transformer=transformer)


def named_terminals(grammar: str) -> frozenset[str]:
    """The terminals the grammar declares by name (NAME, COMPARE, …). The others are its quoted
    keywords and brackets, which lark would drop from a node's children without keep_all_tokens."""
    return frozenset(re.findall(r"^([A-Z][A-Z0-9_]*)(?:\.\d+)?\s*:", grammar, re.MULTILINE))


def _current_tables(grammar: str, path: Path):
    try:
        tables = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
    except (OSError, ValueError):
        return None
    if not isinstance(tables, dict) or tables.get("source") != _source_key(grammar):
        return None
    return tables


def _source_key(grammar: str) -> dict:
    """What the tables depend on: the grammar text, the parser options and lark's version."""
    return {"grammar_sha256": hashlib.sha256(grammar.encode("utf-8")).hexdigest(), "options": OPTIONS,
            "lark": lark.__version__}


def write_tables(path: Path) -> None:
    grammar = grammar_path().read_text(encoding="utf-8")
    data, memo = Lark(grammar, **OPTIONS).memo_serialize([TerminalDef, Rule])
    tables = {"source": _source_key(grammar), "data": _encode(data), "memo": _encode(memo)}
    path.write_text(json.dumps(tables, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


# lark's serialized parser holds dicts keyed by numbers (states, memo ids) and tuples, which JSON
# has not: they are written as tagged objects and read back as they were.
_ITEMS, _TUPLE = "\u0000items", "\u0000tuple"


def _encode(value):
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {_ITEMS: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(obj: dict):
    if len(obj) == 1:
        if _ITEMS in obj:
            return {_hashable(key): item for key, item in obj[_ITEMS]}
        if _TUPLE in obj:
            return tuple(obj[_TUPLE])
    return obj


def _hashable(key):
    return tuple(_hashable(part) for part in key) if isinstance(key, list) else key


if __name__ == "__main__":
    write_tables(parser_tables_path())
    print(f"wrote {parser_tables_path()}")
