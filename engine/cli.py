"""The `rulecheck` command: click options -> the pipeline -> a report and an exit code.

The only module that writes to stdout/stderr or decides exit codes:
0 = no finding at error severity, 1 = at least one, 2 = a usage problem, a rule file that does
not compile, or a document that could not be read (the others are still checked and reported).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click
from tabulate import tabulate

from engine import __version__
from engine.diagnostics import render
from engine.facts import extract_facts
from engine.model import FactSet
from engine.parse import parse_document
from engine.read import ReadError, read_source
from engine.report.json import render_json
from engine.report.summary import Summary
from engine.report.text import render_text
from engine.rulebook import RuleBook, load_rulebook
from engine.run import check_inputs, collect_inputs
from engine.vocabulary import Vocabulary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _DefaultGroup(click.Group):
    """`rulecheck corpus/` means `rulecheck check corpus/`: checking is the default command."""

    def parse_args(self, context, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(context, args)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _load(rules: tuple[str, ...], vocabulary_paths: tuple[str, ...]) -> tuple[Vocabulary, RuleBook]:
    try:
        vocabulary = Vocabulary.load([Path(path) for path in vocabulary_paths])
    except (OSError, ValueError) as error:
        click.echo(f"error: cannot load vocabulary: {error}", err=True)
        sys.exit(EXIT_USAGE)
    rulebook = load_rulebook([Path(path) for path in rules], vocabulary)
    for diagnostic in rulebook.diagnostics:
        click.echo(render(diagnostic, rulebook.texts.get(diagnostic.span.path)), err=True)
    if not rulebook.ok:
        click.echo(f"error: {len(rulebook.diagnostics)} problem(s) in rule files; nothing was checked", err=True)
        sys.exit(EXIT_USAGE)
    return vocabulary, rulebook


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulecheck")
def main() -> None:
    """Check budget disclosures (部门预算/决算公开) against rules written as .rule files."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True), help="Extra .rule file or folder (repeatable).")
@click.option("--vocabulary", "vocabulary_paths", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra vocabulary .toml merged over the shipped one (repeatable).")
@click.option("--select", multiple=True, help="Only rules whose ID starts with one of these (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip rules whose ID starts with one of these (comma-separated).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "output", type=click.Path(dir_okay=False, writable=True), help="Write the report here instead of stdout.")
@click.option("--verbose", "-v", is_flag=True, help="Also list rules that were not applicable, with the reason.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Documents checked in parallel.")
def check(paths, rules, vocabulary_paths, select, ignore, output_format, output, verbose, jobs) -> None:
    """Check every .txt/.md document under PATHS."""
    select, ignore = _split(select), _split(ignore)
    vocabulary, rulebook = _load(rules, vocabulary_paths)
    rulebook = RuleBook(rulebook.rule_set.select(select, ignore), rulebook.diagnostics, rulebook.texts)
    inputs = collect_inputs(paths)
    if not inputs:
        click.echo(f"error: no .txt or .md documents under {', '.join(paths)}", err=True)
        sys.exit(EXIT_USAGE)
    summary = Summary()
    results = []
    for result in check_inputs(inputs, rulebook, vocabulary, jobs, tuple(rules), tuple(vocabulary_paths), select, ignore):
        summary.add(result)
        results.append(result)
        if result.status == "error":
            click.echo(f"{result.path}: error: {result.error}", err=True)
    report = render_json(results, summary, verbose) if output_format == "json" else render_text(results, summary, verbose)
    _write(report, output)
    if summary.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if summary.findings.get("error", 0) else EXIT_CLEAN)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--vocabulary", "vocabulary_paths", multiple=True, type=click.Path(exists=True, dir_okay=False))
def facts(file, output_format, vocabulary_paths) -> None:
    """Print what the engine read from FILE: every figure with its provenance."""
    vocabulary = Vocabulary.load([Path(path) for path in vocabulary_paths])
    try:
        source = read_source(Path(file), file)
    except ReadError as error:
        click.echo(f"{file}: error: {error.reason}", err=True)
        sys.exit(EXIT_USAGE)
    fact_set = extract_facts(parse_document(source, vocabulary), vocabulary)
    rows = list(fact_rows(fact_set))
    if output_format == "json":
        click.echo(json.dumps({"path": file, "budget_year": fact_set.budget_year, "unit_name": fact_set.unit_name,
                               "facts": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{file}: {fact_set.title} (budget year {fact_set.budget_year}, unit {fact_set.unit_name})")
    headers = ["line", "kind", "table", "row", "column", "period", "value", "concept"]
    click.echo(tabulate([[row.get(key, "") for key in headers] for row in rows], headers=headers, tablefmt="simple"))


def fact_rows(fact_set: FactSet):
    """One flat record per fact: table cells, narrative figures, stated changes."""
    for table in fact_set.tables:
        for row in table.rows:
            for fact in row.facts:
                if fact.amount is None:
                    continue
                yield {
                    "line": fact.provenance.line, "kind": "cell", "table": table.kind or table.title,
                    "row": fact.provenance.row or "", "column": fact.provenance.column_label or "",
                    "period": fact.period, "value": fact.amount.printed(), "unit": fact.amount.unit,
                    "concept": row.concept or "",
                }
    for statement in fact_set.statements:
        yield {
            "line": statement.provenance.line, "kind": "statement", "table": "", "row": statement.label,
            "column": "", "period": statement.period, "value": statement.amount.printed(),
            "unit": statement.amount.unit, "concept": statement.concept or "",
        }
    for change in fact_set.changes:
        yield {
            "line": change.provenance.line, "kind": "change", "table": "", "row": change.subject_label,
            "column": f"vs {change.year or 'prior year'}", "period": change.year,
            "value": f"{change.word} {change.delta.printed() if change.delta else ''}".strip(),
            "unit": change.delta.unit if change.delta else "", "concept": change.subject or "",
        }


@main.command(name="rules")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(rules, output_format) -> None:
    """List the rules: ID, name, severity, title and legal basis."""
    _, rulebook = _load(rules, ())
    infos = [rule.info for rule in rulebook.rule_set.rules]
    if output_format == "json":
        click.echo(json.dumps([{"rule": info.code, "name": info.name, "severity": info.severity, "title": info.title,
                                "legal_basis": info.citation, "file": info.path, "line": info.line} for info in infos],
                              ensure_ascii=False, indent=2))
        return
    table = [[info.code, info.name, info.severity, info.title, info.citation] for info in infos]
    click.echo(tabulate(table, headers=["rule", "name", "severity", "title", "legal basis"], tablefmt="simple", maxcolwidths=[None, 30, None, 30, 50]))
    click.echo(f"{len(infos)} rules")


def _write(report: str, output: Optional[str]) -> None:
    if output:
        Path(output).write_text(report, encoding="utf-8")
    else:
        click.echo(report, nl=False)


if __name__ == "__main__":
    main()
