"""Rule files on disk -> a compiled RuleSet, once per run.

Collects `.rule` files (the shipped rules/ folder plus any `--rules` paths, in sorted order),
parses each, compiles all of them together (definitions are shared across files), lints them
(engine.language.compile.lint: warnings only), and keeps
every diagnostic with the file text it points into, so the CLI can show the offending line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from engine.language.compile.compiler import RuleSet, compile_rules
from engine.language.compile.lint import lint_rule_files
from engine.language.syntax.parse_cache import cached_parse
from engine.model import Diagnostic, Span
from engine.record import frozen
from engine.resources import shipped_rule_name, shipped_rules_dir
from engine.util.disk_cache import caching_off
from engine.util.file_names import printable_name
from engine.vocabulary import Vocabulary


@frozen
class RuleBook:
    rule_set: RuleSet
    diagnostics: tuple[Diagnostic, ...]
    texts: dict  # path -> file text, for rendering diagnostics

    @property
    def ok(self) -> bool:
        return not any(diagnostic.severity == "error" for diagnostic in self.diagnostics)


def rule_files(paths: Iterable[Path], include_shipped: bool = True) -> list[Path]:
    roots = ([shipped_rules_dir()] if include_shipped else []) + list(paths)
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(sorted(root.rglob("*.rule")))
        else:
            found.append(root)
    unique: list[Path] = []
    for path in found:
        if path.resolve() not in {known.resolve() for known in unique}:
            unique.append(path)
    return unique


def load_rulebook(paths: Iterable[Path], vocabulary: Vocabulary, include_shipped: bool = True) -> RuleBook:
    parsed, diagnostics, texts = [], [], {}
    for path in rule_files(paths, include_shipped):
        display = _display_path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            diagnostics.append(Diagnostic("unreadable", f"cannot read rule file: {_reason(error)}", Span(display, 1)))
            continue
        texts[display] = text
        rule_file, problems = cached_parse(text, display, _parse)
        parsed.append(rule_file)
        diagnostics.extend(problems)
    try:
        rule_set = compile_rules(parsed, vocabulary)
    except (TypeError, AttributeError, ValueError, KeyError, IndexError):
        # a cache entry damaged deeper than its load checks: parse every file again, no cache
        if caching_off():
            raise
        fresh = [_parse(text, display) for display, text in texts.items()]
        parsed = [rule_file for rule_file, _ in fresh]
        diagnostics = [diagnostic for diagnostic in diagnostics if diagnostic.code == "unreadable"]
        diagnostics.extend(problem for _, problems in fresh for problem in problems)
        rule_set = compile_rules(parsed, vocabulary)
    diagnostics.extend(rule_set.diagnostics)
    diagnostics.extend(lint_rule_files(parsed, vocabulary.concepts))  # warnings: the run goes on
    return RuleBook(rule_set, tuple(diagnostics), texts)


def _parse(text: str, path: str):
    """Imported on a cache miss only: lark and the parser are not needed when every file hits."""
    from engine.language.syntax.parser import parse_rule_text

    return parse_rule_text(text, path)


def _display_path(path: Path) -> str:
    shipped = shipped_rules_dir().resolve()
    resolved = path.resolve()
    if resolved.is_relative_to(shipped):
        return shipped_rule_name(resolved.relative_to(shipped))
    return printable_name(path.as_posix())  # it goes into every report that names the rule


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error).splitlines()[0]
