"""Where the shipped grammar and rules live, installed or in a checkout.

`pip install .` copies grammar/ and rules/ into the package as engine/data/; running from a
checkout uses the top-level folders. Either way the engine finds them from any directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "data" / name
    if installed.is_dir() and any(installed.iterdir()):
        return installed
    return _PACKAGE.parent / name


def shipped_rules_dir() -> Path:
    return _data_dir("rules")


def grammar_path() -> Path:
    return _data_dir("grammar") / "rules.lark"


def parser_tables_path() -> Path:
    """The grammar's LALR tables (engine.language.syntax.lalr_tables), kept beside it."""
    return _data_dir("grammar") / "rules.lalr.json"


def shipped_parses_dir() -> Path:
    """Parsed shipped rule files, written into an installed package by its build (setup.py);
    absent in a checkout, where the rules are parsed (and cached) on first use."""
    return _PACKAGE / "data" / "parsed"


def shipped_rule_name(relative: Path) -> str:
    """How findings and diagnostics name a shipped rule file (`rules/balances.rule`), installed
    or in a checkout; the shipped parses are keyed by the same name."""
    return f"rules/{relative.as_posix()}"
