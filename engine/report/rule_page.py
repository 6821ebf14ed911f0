"""`rulecheck rule ID`: one rule's documentation, rendered from its .rule source.

The .rule file is the single source for this page, for SARIF rule metadata and for
`rulecheck test`, so the page shows the fields as written (title, severity, legal basis,
see — research notes kept apart from the legal basis —, why), the rule's full source text and each
example with its expected outcome.
"""

from __future__ import annotations

import json
import textwrap

from engine.language.compile.compiler import RuleInfo
from engine.util.wording import INTERFACE_DEFAULT, say, word


def rule_data(info: RuleInfo) -> dict:
    return {
        "rule": info.code,
        "name": info.name,
        "title": info.title,
        "severity": info.severity,
        "legal_basis": info.citation,
        "see": info.see,
        "why": info.why,
        "message": info.message,
        "file": info.path,
        "line": info.line,
        "source": info.source,
        "examples": [
            {"outcome": example.outcome, "line": example.span.line, "text": textwrap.dedent(example.text).strip("\n")}
            for example in info.examples
        ],
    }


def render_rule_json(info: RuleInfo) -> str:
    return json.dumps(rule_data(info), ensure_ascii=False, indent=2) + "\n"


def render_rule_text(info: RuleInfo, language: str = INTERFACE_DEFAULT) -> str:
    why = " ".join(line.strip() for line in info.why.split("\n")) if info.why else say("rule-why-missing", language)
    lines = [
        f"{info.code} {info.name}",
        f"  {info.title}",
        "",
        say("rule-severity", language, value=word(info.severity, language)),
        say("rule-basis", language, value=info.citation),
        *([say("rule-see", language, value=info.see)] if info.see else []),
        say("rule-why", language, value=why),
        say("rule-defined", language, value=f"{info.path}:{info.line}"),
        "",
        say("rule-source", language),
        textwrap.indent(rule_source_logic(info), "  "),
    ]
    counts = {
        outcome: sum(1 for example in info.examples if example.outcome == outcome) for outcome in ("pass", "fail", "na")
    }
    listed = ", ".join(
        say("rule-example-count", language, count=count, outcome=word(outcome, language))
        for outcome, count in counts.items()
        if count
    )
    examples = say("rule-examples", language, counts=listed) if info.examples else say("rule-examples-none", language)
    lines += ["", examples]
    for example in info.examples:
        lines.append(say("rule-example", language, outcome=word(example.outcome, language), line=example.span.line))
        lines.extend(f"    {line}" for line in textwrap.dedent(example.text).strip("\n").split("\n"))
    return "\n".join(lines) + "\n"


def rule_source_logic(info: RuleInfo) -> str:
    """The rule's source up to its first example: the examples are listed after, dedented."""
    lines = info.source.rstrip("\n").split("\n")
    if info.examples:
        first = min(example.span.line for example in info.examples)
        lines = lines[: max(1, first - info.line)]
    return "\n".join(lines)
