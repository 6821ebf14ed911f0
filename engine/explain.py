"""`rulecheck explain ID FILE`: the evaluation trace of one rule on one document.

For an auditor who doubts a verdict: every binding of the rule's `for each` variables, whether
its `when` conditions held, and then every operand of the assertion (each side of a comparison,
each term of a sum) with its value, the interval its printing allows, and every cell or sentence
it was read from (line, quote, table/row/column); finally the verdict of each comparison.

The evaluator only keeps closures, so the trace re-compiles each sub-expression of the rule's
assertion as a rule of its own (same `in`, `for each` and `when` lines, through the public
`compile_rules`) and calls those closures in the same bindings as the real rule. The operands
shown are therefore computed by exactly the code that decides the verdict, not a re-implementation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from engine.evaluate import applicable, evaluate_rule, rule_bindings
from engine.language.builtins.catalog import BUILTINS
from engine.language.compile.compiler import CompiledRule, compile_rules
from engine.language.rulebook import RuleBook
from engine.language.runtime.budget import BudgetExceeded
from engine.language.runtime.environment import Env
from engine.language.runtime.reading import is_rowish, to_quantity, to_vector
from engine.language.runtime.selection import Selection, Vector
from engine.language.runtime.values import Check, EvalError, Flag, Missing, Quantity, Term, Text
from engine.language.syntax import nodes
from engine.language.syntax.parser import parse_rule_text
from engine.model import FactSet
from engine.record import evolve
from engine.vocabulary import Vocabulary

MAX_DEPTH = 4
INDENT = "  "


def _reads_cells(function: str) -> bool:
    builtin = BUILTINS.get(function)
    return builtin is not None and builtin.reads_cells


def operand_nodes(node: nodes.Expression, depth: int = 0) -> Iterator[tuple[int, nodes.Expression]]:
    """The assertion and its sub-expressions worth showing, outermost first, with their depth.
    The argument of a function that reads it cell by cell (`across(r."年初特定目标")`,
    `subtotal(g)`) is left out: on its own it reads as one figure, its leftmost cell, which is not
    what the function added up; the function's own line cites every cell it read."""
    if isinstance(node, (nodes.Number, nodes.Text)) or depth > MAX_DEPTH:
        return
    yield depth, node
    if isinstance(node, nodes.Call) and _reads_cells(node.function):
        return
    match node:
        case nodes.Compare(left=left, right=right) | nodes.Binary(left=left, right=right):
            yield from operand_nodes(left, depth + 1)
            yield from operand_nodes(right, depth + 1)
        case nodes.Negate(operand=operand) | nodes.Not(operand=operand):
            yield from operand_nodes(operand, depth + 1)
        case nodes.Call(arguments=arguments):
            for argument in arguments:
                yield from operand_nodes(argument, depth + 1)


def _declaration(rulebook: RuleBook, code: str) -> tuple[Optional[nodes.RuleDecl], list[nodes.Define]]:
    defines: list[nodes.Define]
    declaration, defines = None, []
    for path, text in sorted(rulebook.texts.items()):
        rule_file, _ = parse_rule_text(text, path)
        defines.extend(rule_file.defines)
        for rule in rule_file.rules:
            if rule.code == code:
                declaration = rule
    return declaration, defines


def compile_operands(rulebook: RuleBook, code: str, vocabulary: Vocabulary) -> list[tuple[int, str, CompiledRule]]:
    """(depth, source text, compiled probe) for each operand of rule `code`'s assertion."""
    declaration, defines = _declaration(rulebook, code)
    if declaration is None or declaration.assertion is None:
        return []
    found = list(operand_nodes(declaration.assertion))
    probes = tuple(evolve(declaration, code=f"{code}#{index:03d}", assertion=node, examples=())
                   for index, (_, node) in enumerate(found))
    probe_file = nodes.RuleFile("<explain>", "", (), probes)
    define_file = nodes.RuleFile("<defines>", "", tuple(defines), ())
    compiled = {rule.info.code: rule for rule in compile_rules([define_file, probe_file], vocabulary).rules}
    return [(depth, nodes.to_source(node), compiled[f"{code}#{index:03d}"])
            for index, (depth, node) in enumerate(found) if f"{code}#{index:03d}" in compiled]


def explain(rule: CompiledRule, rulebook: RuleBook, facts: FactSet, vocabulary: Vocabulary) -> str:
    info = rule.info
    base = Env(facts, vocabulary, rulebook.rule_set.defines)
    probes = compile_operands(rulebook, info.code, vocabulary)
    lines = [f"{info.code} {info.name}: {info.title}",
             f"rule at {info.path}:{info.line}; document {facts.path} (budget year {facts.budget_year})"]
    try:
        _trace(rule, base, probes, lines)
    except (BudgetExceeded, ArithmeticError) as stopped:
        lines.append(f"trace stopped: {stopped or type(stopped).__name__}")
    findings, status = evaluate_rule(rule, base, rulebook.rule_set.language)
    lines.append("")
    verdict = f"verdict: {status.status}" + (f" ({status.reason})" if status.reason else "")
    lines.append(verdict + (f", {len(findings)} finding(s)" if findings else ""))
    lines.extend(f"{INDENT}{finding.severity}: {finding.message}" for finding in findings)
    return "\n".join(lines) + "\n"


def _trace(rule: CompiledRule, base: Env, probes, lines: list[str]) -> None:
    count = 0
    for env in rule_bindings(rule, base):
        count += 1
        lines.append("")
        lines.append(
            f"binding {count}: "
            + (
                ", ".join(f"{name} = {_label(value)}" for name, value in env.bindings.items())
                or "(the rule has no `for each`)"
            )
        )
        decided = applicable(rule, env)
        if decided is not True:
            why = decided.reason if isinstance(decided, (Missing, EvalError)) else "a condition does not hold"
            lines.append(f"{INDENT}not applicable: {why}")
            continue
        for depth, text, probe in probes:
            value = probe.assertion(env)
            lines.append(f"{INDENT * (depth + 1)}{text}")
            lines.extend(f"{INDENT * (depth + 2)}{line}" for line in describe(value, env))
    if count == 0:
        lines.append("")
        lines.append("no binding: the document has nothing this rule's `for each` visits")


def describe(value, env: Env) -> list[str]:
    """Lines showing one runtime value: figure, interval and where each part was read."""
    if isinstance(value, Selection):
        value = to_vector(value, env) if is_rowish(value) else to_quantity(value, env)
    match value:
        case Quantity():
            unit = f" {value.unit}" if value.unit else ""
            lines = [f"= {value.printed()}{unit}  interval {value.interval()}"]
            return lines + [f"{INDENT}from {_term(term)}" for term in value.terms]
        case Vector(entries=entries):
            lines = [f"= row of {len(entries)} column(s)"]
            for _, label, quantity in entries:
                lines.append(f"{INDENT}{label}: {quantity.printed()}  interval {quantity.interval()}")
                lines.extend(f"{INDENT * 2}from {_term(term)}" for term in quantity.terms)
            return lines
        case Check(verdicts=verdicts):
            if not verdicts:
                return ["= nothing to compare (both sides blank)"]
            return [_verdict(verdict) for verdict in verdicts]
        case Flag(value=flag, terms=terms):
            return [f"= {'true' if flag else 'false'}"] + [f"{INDENT}from {_term(term)}" for term in terms]
        case Text(value=text):
            return [f"= {text!r}"]
        case Missing(reason=reason):
            return [f"= missing: {reason}"]
        case EvalError(reason=reason):
            return [f"= error: {reason}"]
    return [f"= {_label(value)}"]


def _verdict(verdict) -> str:
    column = f"[{verdict.column}] " if verdict.column else ""
    outcome = "holds" if verdict.holds else "FAILS"
    if verdict.holds and verdict.residue:
        outcome = "holds within rounding (residue)"
    return (
        f"= {column}{verdict.left.printed()} {verdict.operator} {verdict.right.printed()}: {outcome}"
        f"  (intervals {verdict.left.interval()} and {verdict.right.interval()})"
    )


def _term(term: Term) -> str:
    provenance = term.provenance
    place = " / ".join(part for part in (provenance.table, provenance.row, provenance.column_label) if part)
    quote = provenance.quote if len(provenance.quote) <= 60 else provenance.quote[:57] + "…"
    return (
        f"{provenance.path}:{provenance.line}: {quote!r}"
        + (f" [{place}]" if place else "")
        + (f" = {term.printed}" if term.printed else " (blank)")
    )


def _label(value) -> str:
    match value:
        case Selection(label=label):
            return label
        case _ if hasattr(value, "statement"):
            return (
                f"{value.statement.label} {value.statement.amount.printed()} (line {value.statement.provenance.line})"
            )
        case _ if hasattr(value, "change"):
            return f"{value.change.provenance.quote!r} (line {value.change.provenance.line})"
    return str(value)
