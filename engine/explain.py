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
from engine.language.syntax.parse_cache import cached_parse
from engine.language.syntax.parser import parse_rule_text
from engine.model import FactSet
from engine.record import evolve
from engine.util.reasons import reason_in
from engine.util.wording import INTERFACE_DEFAULT, say, word
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
        rule_file, _ = cached_parse(text, path, parse_rule_text)  # the parse the rule book was loaded from
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


def explain(
    rule: CompiledRule, rulebook: RuleBook, facts: FactSet, vocabulary: Vocabulary, language: str = INTERFACE_DEFAULT
) -> str:
    """The trace as text, its frame in `language` (engine.util.wording); the rule's own words
    (title, source, message) as written."""
    info = rule.info
    base = Env(facts, vocabulary, rulebook.rule_set.defines)
    probes = compile_operands(rulebook, info.code, vocabulary)
    lines = [f"{info.code} {info.name}: {info.title}",
             say("explain-place", language, place=f"{info.path}:{info.line}", path=facts.path,
                 year=budget_year(facts, language))]
    try:
        _trace(rule, base, probes, lines, language)
    except (BudgetExceeded, ArithmeticError) as stopped:
        lines.append(say("trace-stopped", language, reason=stopped or type(stopped).__name__))
    findings, status = evaluate_rule(rule, base, rulebook.rule_set.language)
    lines.append("")
    verdict = say("verdict", language, status=word(status.status, language))
    verdict += say("verdict-reason", language, reason=reason_in(status.reason, language)) if status.reason else ""
    lines.append(verdict + (say("verdict-findings", language, count=len(findings)) if findings else ""))
    lines.extend(
        INDENT + say("finding-line", language, severity=finding.severity, message=finding.message)
        for finding in findings
    )
    return "\n".join(lines) + "\n"


def budget_year(facts: FactSet, language: str = INTERFACE_DEFAULT) -> str:
    """`budget year 2024`, or words saying none was read (never `None`)."""
    if facts.budget_year is None:
        return say("no-budget-year", language)
    return say("budget-year", language, year=facts.budget_year)


def _trace(rule: CompiledRule, base: Env, probes, lines: list[str], language: str) -> None:
    count = 0
    for env in rule_bindings(rule, base):
        count += 1
        lines.append("")
        bound = ", ".join(f"{name} = {_label(value, language)}" for name, value in env.bindings.items())
        lines.append(say("binding", language, count=count, bindings=bound or say("no-for-each", language)))
        decided = applicable(rule, env)
        if decided is not True:
            why = decided.reason if isinstance(decided, (Missing, EvalError)) else say("condition-fails", language)
            lines.append(INDENT + say("binding-not-applicable", language, reason=reason_in(why, language)))
            continue
        for depth, text, probe in probes:
            value = probe.assertion(env)
            lines.append(f"{INDENT * (depth + 1)}{text}")
            lines.extend(f"{INDENT * (depth + 2)}{line}" for line in describe(value, env, language))
    if count == 0:
        lines.append("")
        lines.append(say("no-binding", language))


def describe(value, env: Env, language: str = INTERFACE_DEFAULT) -> list[str]:
    """Lines showing one runtime value: figure, interval and where each part was read."""
    if isinstance(value, Selection):
        value = to_vector(value, env) if is_rowish(value) else to_quantity(value, env)

    def sources(terms, indent: str = INDENT) -> list[str]:
        return [indent + say("read-from", language, term=_term(term, language)) for term in terms]

    match value:
        case Quantity():
            unit = f" {value.unit}" if value.unit else ""
            shown = say("value-interval", language, value=_printed(value, language) + unit, interval=value.interval())
            return [shown] + sources(value.terms)
        case Vector(entries=entries):
            lines = [say("row-of", language, count=len(entries))]
            for _, label, quantity in entries:
                shown, interval = _printed(quantity, language), quantity.interval()
                lines.append(INDENT + say("entry-interval", language, label=label, value=shown, interval=interval))
                lines.extend(sources(quantity.terms, INDENT * 2))
            return lines
        case Check(verdicts=verdicts):
            if not verdicts:
                return [say("nothing-to-compare", language)]
            return [_verdict(verdict, language) for verdict in verdicts]
        case Flag(value=flag, terms=terms):
            return [say("flag-true" if flag else "flag-false", language)] + sources(terms)
        case Text(value=text):
            return [f"= {text!r}"]
        case Missing(reason=reason):
            return [say("value-missing", language, reason=reason_in(reason, language))]
        case EvalError(reason=reason):
            return [say("value-error", language, reason=reason_in(reason, language))]
    return [f"= {_label(value, language)}"]


def _verdict(verdict, language: str) -> str:
    outcome = "holds" if verdict.holds else "fails"
    if verdict.holds and verdict.residue:
        outcome = "holds-within-rounding"
    return say(
        "comparison",
        language,
        column=f"[{verdict.column}] " if verdict.column else "",
        left=_printed(verdict.left, language),
        operator=verdict.operator,
        right=_printed(verdict.right, language),
        outcome=say(outcome, language),
        left_interval=verdict.left.interval(),
        right_interval=verdict.right.interval(),
    )


def _printed(quantity: Quantity, language: str) -> str:
    """A figure as printed; a blank cell in words of the run's language."""
    return say("blank-value", language) if quantity.blank else quantity.printed()


def _term(term: Term, language: str) -> str:
    provenance = term.provenance
    place = " / ".join(part for part in (provenance.table, provenance.row, provenance.column_label) if part)
    quote = provenance.quote if len(provenance.quote) <= 60 else provenance.quote[:57] + "…"
    return (
        f"{provenance.path}:{provenance.line}: {quote!r}"
        + (f" [{place}]" if place else "")
        + (f" = {term.printed}" if term.printed else say("blank", language))
    )


def _label(value, language: str) -> str:
    match value:
        case Selection(label=label):
            return label
        case _ if hasattr(value, "statement"):
            statement = value.statement
            where = say("at-line", language, line=statement.provenance.line)
            return say("binding-line", language, label=f"{statement.label} {statement.amount.printed()}", where=where)
        case _ if hasattr(value, "change"):
            where = say("at-line", language, line=value.change.provenance.line)
            return say("binding-line", language, label=repr(value.change.provenance.quote), where=where)
    return str(value)
