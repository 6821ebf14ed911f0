"""Running the examples attached to rules: each is a small document and an expected outcome.

`pass` means the rule applied and held, `fail` that it produced at least one violation,
`na` that it did not apply. The same code serves the test suite and `rulecheck test`.
"""

from __future__ import annotations

from engine.evaluate import evaluate_rule
from engine.facts.tables import extract_facts
from engine.language.compile.compiler import CompiledRule, RuleSet
from engine.language.runtime.environment import Env
from engine.language.syntax.nodes import Example
from engine.model import Source
from engine.parse import parse_document
from engine.record import frozen
from engine.vocabulary import Vocabulary


@frozen
class ExampleResult:
    rule: str
    expected: str
    got: str
    line: int
    detail: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def run_example(rule: CompiledRule, example: Example, rule_set: RuleSet, vocabulary: Vocabulary) -> ExampleResult:
    path = f"{rule.info.path}:{example.span.line}"
    document = parse_document(Source(path, example.text), vocabulary)
    facts = extract_facts(document, vocabulary)
    findings, status = evaluate_rule(rule, Env(facts, vocabulary, rule_set.defines))
    failures = [finding for finding in findings if finding.status in ("fail", "error")]
    if any(finding.status == "error" for finding in failures):
        got = "error"
    elif failures:
        got = "fail"
    elif status.status == "pass":
        got = "pass"
    else:
        got = "na"
    detail = "; ".join(finding.message for finding in failures) or status.reason
    return ExampleResult(rule.info.code, example.outcome, got, example.span.line, detail)
