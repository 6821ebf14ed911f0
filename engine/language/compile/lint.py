"""Warnings on rule files that compile but read badly: a run still goes on.

Two checks, both over the parsed AST of every loaded file together (definitions are shared
across files):

* `mixed-logic`: `a and b or c` means `(a and b) or c`, since `and` binds tighter, but a reader
  of a regulation's sentence easily takes it the other way; brackets make the intent explicit.
  The AST keeps no brackets, so whether they were written is read from the file text around the
  inner `and`'s span.
* `unused-define`: a definition no rule and no other definition reads is dead text, or a typo in
  the name that uses it. A definition named after a vocabulary concept counts as used when some
  rule looks definitions up by a computed name (`defined(s.concept)`, `value(c.subject)`), and a
  literal `value("名")` uses 名.

Called by engine.language.rulebook after compiling; returns Diagnostic values of severity
"warning", which `rulecheck check-rules` prints without failing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from engine.language.syntax import nodes
from engine.model import Diagnostic, Span

DYNAMIC_LOOKUPS = ("value", "prior", "defined")  # builtins that read a definition by its name


def lint_rule_files(files: Iterable[nodes.RuleFile], concepts: Iterable[str] = ()) -> tuple[Diagnostic, ...]:
    """Every lint warning of the files, in file order."""
    files = tuple(files)
    warnings = [warning for rule_file in files for warning in _mixed_logic(rule_file)]
    warnings.extend(_unused_defines(files, frozenset(concepts)))
    return tuple(warnings)


def file_expressions(rule_file: nodes.RuleFile) -> Iterator[nodes.Expression]:
    """The top-level expressions of a file: each definition, its `applies when` conditions, and
    each part of each rule."""
    for define in rule_file.defines:
        yield define.expression
    for applies in rule_file.applies:
        yield applies.condition
    for rule in rule_file.rules:
        for quantifier in rule.quantifiers:
            yield from (part for part in (quantifier.source, quantifier.where) if part is not None)
        yield from rule.conditions
        if rule.assertion is not None:
            yield rule.assertion


def subexpressions(node: nodes.Expression) -> Iterator[nodes.Expression]:
    """The node and every expression below it, iteratively (chains may be long)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for name in _expression_fields(current):
            value = getattr(current, name)
            for child in value if type(value) is tuple else (value,):
                if child is not None and not isinstance(child, (nodes.RowSelector, str, bool)):
                    stack.append(child)


def _expression_fields(node) -> tuple[str, ...]:
    return tuple(attribute.name for attribute in type(node).__attrs_attrs__ if attribute.name != "span")


# ---- mixed and/or --------------------------------------------------------------------------------


def _mixed_logic(rule_file: nodes.RuleFile) -> Iterator[Diagnostic]:
    lines = rule_file.text.split("\n")
    for expression in file_expressions(rule_file):
        for node in subexpressions(expression):
            if isinstance(node, nodes.Binary) and node.operator == "or":
                for side in (node.left, node.right):
                    if isinstance(side, nodes.Binary) and side.operator == "and" and not _bracketed(lines, side.span):
                        yield Diagnostic(
                            "mixed-logic", "`and` and `or` mixed without brackets", side.span,
                            hint=f"`and` binds tighter: write ({nodes.to_source(side)}) or …, "
                                 "or bracket the `or` if that was meant",
                            severity="warning")


def _bracketed(lines: list[str], span: Span) -> bool:
    """Whether the text right before the span (spaces skipped) is `(` and right after it `)`."""
    if span.end_line is None or span.end_column is None:
        return True  # no extent known: do not guess
    before = "\n".join(lines[: span.line - 1] + [lines[span.line - 1][: span.column - 1]]).rstrip()
    after = "\n".join([lines[span.end_line - 1][span.end_column - 1:]] + lines[span.end_line:]).lstrip()
    return before.endswith("(") and after.startswith(")")


# ---- unused definitions --------------------------------------------------------------------------


def _unused_defines(files: tuple[nodes.RuleFile, ...], concepts: frozenset[str]) -> Iterator[Diagnostic]:
    used: set[str] = set()
    dynamic = False
    for rule_file in files:
        for expression in file_expressions(rule_file):
            for node in subexpressions(expression):
                if isinstance(node, nodes.Name):
                    used.add(node.name)
                elif isinstance(node, nodes.SelectRows) and node.selector.kind == "name":
                    used.add(node.selector.value)
                elif isinstance(node, nodes.Call) and node.function in DYNAMIC_LOOKUPS and node.arguments:
                    argument = node.arguments[0]
                    if isinstance(argument, nodes.Text):
                        used.add(argument.value)
                    else:
                        dynamic = True
    for rule_file in files:
        for define in rule_file.defines:
            if define.name in used or dynamic and define.name in concepts:
                continue
            yield Diagnostic("unused-define", f"'{define.name}' is defined but no rule or definition uses it",
                             Span(define.span.path, define.span.line, define.span.column, define.span.line,
                                  define.span.column + len("define")),
                             hint="remove it, or check the spelling where it should be used", severity="warning")
