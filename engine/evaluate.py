"""Compiled rules x FactSet -> Findings (fail, residue, error) and per-rule statuses.

For each rule the quantifiers are expanded over what the document holds (rows, tables,
statements, changes), the `when` conditions decide applicability, and the assertion's
verdicts become findings. Every finding cites the operands on both sides (the total and each
item), shows expected versus found, and carries the rule's legal citation. A rule whose
operands are absent is `not_applicable` with the reason, never a violation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Optional

import attrs

from engine.language.builtins.operators import terms_of
from engine.language.compile.compiler import CompiledRule, RuleSet
from engine.language.compile.prefilter import apply_prefilters
from engine.language.runtime import budget
from engine.language.runtime.environment import Env
from engine.language.runtime.reading import read_property, section_at
from engine.language.runtime.references import AnnexRef, ChangeRef, SectionRef, SentenceRef, StatementRef
from engine.language.runtime.selection import Selection, bound_row, column_groups, iterate_rows, kept_rows
from engine.language.runtime.values import Check, EvalError, Flag, Items, Missing, Quantity, Term, Text, Verdict
from engine.model import Citation, FactSet, Finding, Provenance, RuleStatus, Severity, Status, finding_identity
from engine.record import evolve, frozen
from engine.util.wording import FINDINGS_DEFAULT, say
from engine.vocabulary import Vocabulary

MAX_BINDINGS = 200_000
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@frozen
class Evaluation:
    findings: tuple[Finding, ...]
    statuses: tuple[RuleStatus, ...]


def evaluate(rule_set: RuleSet, facts: FactSet, vocabulary: Vocabulary) -> Evaluation:
    base = Env(facts, vocabulary, rule_set.defines)
    findings: list[Finding] = []
    statuses: list[RuleStatus] = []
    for rule in rule_set.rules:
        rule_findings, status = evaluate_rule(rule, base, rule_set.language)
        findings.extend(rule_findings)
        statuses.append(status)
    ordered = sorted(_unique(findings), key=_finding_order)
    return Evaluation(tuple(number_repeats(ordered)), tuple(statuses))


def number_repeats(findings: list[Finding]) -> list[Finding]:
    """Each finding with `repeat` set: how many findings before it (in document order) cite the
    same operands the same way. Lines are not part of a fingerprint (a waiver survives an inserted
    paragraph), so repeated tables would otherwise share one; their order does not change."""
    seen: dict = {}
    numbered = []
    for finding in findings:
        key = finding_identity(finding)
        count = seen.get(key, 0)
        seen[key] = count + 1
        numbered.append(evolve(finding, repeat=count) if count else finding)
    return numbered


def evaluate_rule(rule: CompiledRule, base: Env, language: str = FINDINGS_DEFAULT) -> tuple[list[Finding], RuleStatus]:
    findings: list[Finding] = []
    reasons: list[str] = []
    outside = _outside_pack(rule, base)
    if outside is not None:
        return [], RuleStatus(rule.info.code, "not_applicable", outside)
    passes: list[bool] = []
    count = 0
    budget.start()
    try:
        count = _evaluate_bindings(rule, base, findings, reasons, passes, language)
    except budget.BudgetExceeded as exceeded:
        findings.append(_error_finding(rule, str(exceeded), language))
    except ArithmeticError as error:  # a figure beyond Decimal's precision: this rule only, not the document
        findings.append(
            _error_finding(
                rule, f"arithmetic failed ({type(error).__name__}): a figure with too many digits?", language
            )
        )
    seen_pass = bool(passes)
    if any(finding.status == "fail" for finding in findings):
        status = RuleStatus(rule.info.code, "fail")
    elif any(finding.status == "error" for finding in findings):
        status = RuleStatus(rule.info.code, "error", findings[0].message)
    elif seen_pass:
        status = RuleStatus(rule.info.code, "pass")
    else:
        reason = (
            reasons[0]
            if reasons
            else (_nothing_visited(rule, base) if count == 0 else "nothing in the document to check")
        )
        status = RuleStatus(rule.info.code, "not_applicable", reason)
    return findings, status


def _evaluate_bindings(
    rule: CompiledRule, base: Env, findings: list, reasons: list, passes: list, language: str = FINDINGS_DEFAULT
) -> int:
    """Judge every binding, appending findings, not-applicable reasons and passes; the number of bindings."""
    count = 0
    for env in _bindings(rule, base):
        count += 1
        budget.charge()
        if count > MAX_BINDINGS:
            findings.append(_error_finding(rule, f"more than {MAX_BINDINGS} combinations to check", language))
            break
        applicable = _applicable(rule, env)
        if applicable is not True:
            if isinstance(applicable, EvalError):
                findings.append(_error_finding(rule, applicable.reason, language))
            elif isinstance(applicable, Missing):
                reasons.append(applicable.reason)
            continue
        value = rule.assertion(env)
        outcome_findings, decided = _judge(rule, env, value, language)
        findings.extend(outcome_findings)
        if decided:
            passes.append(True)
        elif isinstance(value, Missing):
            reasons.append(value.reason)
    return count


def _bindings(rule: CompiledRule, env: Env, depth: int = 0) -> Iterator[Env]:
    quantifiers = rule.quantifiers
    if depth == len(quantifiers):
        yield env
        return
    quantifier = quantifiers[depth]
    # with its prefilters applied, only the rest of the `where` is left to decide
    variable, where = quantifier.variable, quantifier.residual if quantifier.prefilters else quantifier.where
    innermost = depth + 1 == len(quantifiers)
    for value in _domain(quantifier, env):
        bound = env.bind(variable, value)
        if where is not None and where(bound) is not True:
            continue
        if innermost:  # one generator level less per binding: most rules have one `for each`
            yield bound
        else:
            yield from _bindings(rule, bound, depth + 1)


def _domain(quantifier, env: Env) -> Sequence:
    kind = quantifier.kind
    if kind in _DOCUMENT_DOMAINS:
        # the same for every rule that ranges over it: built once per document
        memo = env.frame.cache.domains
        found = memo.get(kind)
        if found is None:
            found = memo[kind] = _DOCUMENT_DOMAINS[kind](env)
        return apply_prefilters(quantifier.prefilters, found, env, found) if quantifier.prefilters else found
    source = quantifier.source(env)
    if quantifier.kind == "item":
        if isinstance(source, Items):
            return [Text(item) for item in source.values]
        return [source] if isinstance(source, Text) else []
    if not isinstance(source, Selection):
        return []
    if quantifier.kind == "table":
        return [Selection((table,), None, (), None, table.title) for table in source.tables]
    if quantifier.kind == "group":
        return column_groups(source, env.frame)
    frame = env.frame
    indexed = quantifier.indexed
    rows = kept_rows(source, frame) if indexed else iterate_rows(source)
    if quantifier.prefilters:
        rows = apply_prefilters(quantifier.prefilters, rows, env, source if indexed else None)
    return [bound_row(table, row, frame, qualified=True) for table, row in rows]


_DOCUMENT_DOMAINS = {
    "statement": lambda env: tuple(StatementRef(statement) for statement in env.facts.statements),
    "percentage": lambda env: tuple(StatementRef(statement) for statement in env.facts.percentages),
    "change": lambda env: tuple(ChangeRef(change) for change in env.facts.changes),
    "sentence": lambda env: tuple(SentenceRef(text, line, section_at(env, line)) for text, line in env.facts.texts),
    "section": lambda env: tuple(SectionRef(section) for section in env.facts.sections),
    "annex": lambda env: tuple(AnnexRef(label, line) for label, line in env.facts.annexes),
}


def _outside_pack(rule: CompiledRule, env: Env) -> Optional[str]:
    """Why the document is outside the rule file's `applies when` (None when it is inside)."""
    for index, condition in enumerate(rule.applies):
        decided = condition(env)
        if decided is not True:
            reason = getattr(decided, "reason", "")
            clause = rule.applies_clauses[index] if index < len(rule.applies_clauses) else None
            if clause is None:
                return reason or "the rule file's `applies when` does not hold for this document"
            return f"the rule file's `applies when {clause.text}` does not hold" + _seen(clause, env, reason)
    return None


def _applicable(rule: CompiledRule, env: Env):
    for index, condition in enumerate(rule.conditions):
        decided = condition(env)
        if decided is not True:
            if decided is not False:
                return decided
            clause = rule.clauses[index] if index < len(rule.clauses) else None
            if clause is None:
                return Missing("a `when` condition does not hold")
            return Missing(f"`when {clause.text}` does not hold" + _seen(clause, env, ""))
    return True


def _seen(clause, env: Env, reason: str) -> str:
    """What the failed clause's comparison saw (`: document_kind() is 决算`), or the reason it
    could not be decided."""
    seen = []
    for text, side in clause.sides:
        value = side(env)
        if value is True:  # a part of `a and b` that held: not why the clause failed
            continue
        if value is False:
            seen.append(f"{text} is false")
        elif isinstance(value, (Missing, EvalError)):
            seen.append(f"{text}: {value.reason}")
        else:
            seen.append(f"{text} is {_display(value)}")
    if seen:
        return ": " + "; ".join(seen)
    return f": {reason}" if reason else ""


def _nothing_visited(rule: CompiledRule, env: Env) -> str:
    """Why a rule's `for each` found nothing: the table it ranges over is absent, or no row,
    statement or sentence passed its `where`."""
    quantifier = rule.quantifiers[0] if rule.quantifiers else None
    if quantifier is None or not quantifier.text:
        return "nothing in the document to check"
    if quantifier.source is not None:
        source = quantifier.source(env)
        if isinstance(source, Selection) and not source.tables:
            return f"no {source.label} in the document (`for each {quantifier.text}`)"
        if isinstance(source, (Missing, EvalError)):
            return f"{source.reason} (`for each {quantifier.text}`)"
    return f"`for each {quantifier.text}` found nothing to visit"


def _judge(rule: CompiledRule, env: Env, value, language: str = FINDINGS_DEFAULT) -> tuple[list[Finding] | tuple, bool]:
    """Findings for one binding, and whether anything was actually decided."""
    if type(value) is Check:  # the usual case, and usually every verdict holds exactly
        findings: list[Finding] | tuple = ()
        for verdict in value.verdicts:
            if not verdict.holds or verdict.residue:
                findings = _verdict_findings(rule, env, value.verdicts, language)
                break
        return findings, True
    match value:
        case EvalError(reason=reason):
            return [_error_finding(rule, reason, language)], False
        case Missing():
            return [], False
        case Flag(value=flag):
            if flag:
                return [], True
            return [_finding(rule, env, "fail", rule.info.severity, None, terms_of(value))], True
    return [_error_finding(rule, f"the assertion is not a check (got {type(value).__name__})", language)], False


def _verdict_findings(rule: CompiledRule, env: Env, verdicts, language: str = FINDINGS_DEFAULT) -> list[Finding]:
    findings = []
    for verdict in verdicts:
        if not verdict.holds:
            findings.append(
                _finding(rule, env, "fail", rule.info.severity, verdict, verdict.left.terms + verdict.right.terms)
            )
        elif verdict.residue:
            findings.append(
                _finding(rule, env, "residue", "info", verdict, verdict.left.terms + verdict.right.terms, language)
            )
    return findings


def _finding(
    rule: CompiledRule,
    env: Env,
    status: Status,
    severity: Severity,
    verdict: Optional[Verdict],
    terms,
    language: str = FINDINGS_DEFAULT,
) -> Finding:
    message = render_message(rule.info.message, env, verdict)
    if status == "residue" and verdict is not None:
        message += say(
            "residue",
            language,
            difference=_difference(verdict),
            left=verdict.left.interval(),
            right=verdict.right.interval(),
        )
    cited_lines = {term.provenance.line for term in terms}
    # what the rule ranged over is cited too, unless an operand already cites its line
    bound = tuple(term for term in _binding_terms(env) if term.provenance.line not in cited_lines)
    citations = _citations(tuple(terms) + bound)
    return Finding(
        rule=rule.info.code,
        severity=severity,
        status=status,
        message=message,
        citations=citations,
        expected=verdict.right.printed() if verdict else None,
        found=verdict.left.printed() if verdict else None,
        citation=rule.info.citation,
        name=rule.info.name,
    )


def _error_finding(rule: CompiledRule, reason: str, language: str = FINDINGS_DEFAULT) -> Finding:
    return Finding(
        rule.info.code,
        "error",
        "error",
        say("not-evaluated", language, reason=reason),
        citation=rule.info.citation,
        name=rule.info.name,
    )


def _binding_terms(env: Env) -> tuple[Term, ...]:
    terms: list[Term] = []
    for value in env.bindings.values():
        match value:
            case StatementRef(statement=statement):
                terms.append(Term(statement.provenance, statement.amount.printed()))
            case ChangeRef(change=change):
                terms.append(Term(change.provenance, change.delta.printed() if change.delta else change.word))
            case SentenceRef(text=text, line=line):
                terms.append(Term(Provenance(env.facts.path, line, 1, None, text[:80]), ""))
            case SectionRef(section=section):
                terms.append(Term(Provenance(env.facts.path, section.line, 1, None, section.title), ""))
            case AnnexRef(label=label, line=line):
                terms.append(Term(Provenance(env.facts.path, line, 1, None, label), ""))
            case Selection(rows=rows, tables=tables) if rows:
                table, row = rows[0]
                terms.append(Term(Provenance(env.facts.path, row.line, 1, None, row.label, table.title, row.label), ""))
            case Selection(tables=tables) if tables:
                table = tables[0]
                terms.append(Term(Provenance(env.facts.path, table.line, 1, None, table.title, table.title), ""))
    return tuple(terms)


def _citations(terms: tuple[Term, ...]) -> tuple[Citation, ...]:
    seen, citations = set(), []
    for term in terms:
        provenance = term.provenance
        key = (provenance.path, provenance.line, provenance.column, provenance.quote)
        if key in seen:
            continue
        seen.add(key)
        citations.append(Citation.from_provenance(provenance, term.printed or None))
    return tuple(citations)


def _shown(value, other) -> str:
    """A verdict side as a message prints it: a computed value (no printed precision, 35.9431…)
    at the precision of the printed figure it was compared with (35.94), as a reader would."""
    decimals = getattr(other, "decimals", None)
    if getattr(value, "decimals", 0) is None and decimals is not None and not value.blank and not other.blank:
        return attrs.evolve(value, decimals=decimals).printed()
    return value.printed()


def render_message(template: str, env: Env, verdict: Optional[Verdict]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if verdict is not None:
            simple = {
                "left": lambda: _shown(verdict.left, verdict.right),
                "right": lambda: _shown(verdict.right, verdict.left),
                "difference": lambda: _difference(verdict),
                "column": lambda: verdict.column or "",
                "left_interval": verdict.left.interval,
                "right_interval": verdict.right.interval,
            }
            if key in simple:
                return simple[key]()
        head, _, tail = key.partition(".")
        if head in env.bindings:
            value = env.bindings[head]
            return _display(read_property(value, tail, env) if tail else value)
        return "?"

    return _PLACEHOLDER.sub(replace, template)


def _display(value) -> str:
    match value:
        case Text(value=text):
            return text
        case Quantity():
            return value.printed()
        case StatementRef(statement=statement):
            return f"{statement.label} {statement.amount.printed()}"
        case ChangeRef(change=change):
            return change.provenance.quote
        case Selection(label=label):
            return label
        case SentenceRef(text=text):
            return text[:40]
        case SectionRef(section=section):
            return section.title
        case AnnexRef(label=label):
            return label
        case Missing():
            return "(none)"
    return str(value)


def _difference(verdict: Verdict) -> str:
    decimals = [d for d in (verdict.left.decimals, verdict.right.decimals) if d is not None]
    places = max(decimals) if decimals else None
    difference: Decimal = verdict.difference
    return f"{difference:.{max(places, 0)}f}" if places is not None else format(difference.normalize(), "f")


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for finding in findings:
        key = (finding.rule, finding.status, finding.message, finding.citations)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _finding_order(finding: Finding):
    first = finding.citations[0] if finding.citations else None
    return (first.path if first else "", first.line if first else 0, finding.rule, finding.message)


# ---- public hooks for `rulecheck explain` (engine/explain.py), which replays a rule step by step --


def rule_bindings(rule: CompiledRule, base: Env) -> Iterator[Env]:
    """Every binding of the rule's `for each` variables that passes their `where` filters (the
    rule's step budget starts again: engine.language.runtime.budget)."""
    budget.start()
    return _bindings(rule, base)


def applicable(rule: CompiledRule, env: Env):
    """True when the file's `applies when` and every `when` condition hold in env; else False,
    Missing or EvalError."""
    outside = _outside_pack(rule, env)
    return Missing(outside) if outside is not None else _applicable(rule, env)
