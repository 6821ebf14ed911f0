"""The `rulecheck` command: click options -> the pipeline -> a report and an exit code.

The only module that writes to stdout/stderr or decides exit codes. For `check`:
0 = no finding at or above `--fail-on` (default: error), 1 = at least one, 2 = a usage problem,
a settings, waivers or baseline file that cannot be used, a rule file that does not compile, a
document that could not be read (the others are still checked and reported) or a report that
could not be written, 130 = interrupted (Ctrl-C; no partial --output or baseline is left).
Settings come from `rulecheck.toml` / `[tool.rulecheck]` (engine.workflow.config); command-line
flags win. Text from documents and file names is stripped of escape sequences before it reaches
a terminal (engine.util.terminal_text).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn, Optional

import click

from engine import __version__
from engine.batch.bundles import bundle_inputs, without_manifests
from engine.batch.input_set import distinct_inputs, written_and_given
from engine.batch.progress import Progress, wanted
from engine.batch.result_cache import ResultCache
from engine.batch.run import auto_jobs, check_batches, collect_inputs
from engine.cli.rule_ids import no_such_rule
from engine.errors import BaselineError, ConfigError, KeywordError, ReadError, WaiverError, WorkerError
from engine.facts.tables import extract_facts
from engine.language.rulebook import RuleBook, load_rulebook
from engine.model import FactSet
from engine.parse import parse_document
from engine.read import DEFAULT_MAX_BYTES, read_source
from engine.record import evolve
from engine.report.csv import CsvReport
from engine.report.diagnostics import render
from engine.report.html import HtmlReport, RunSettings
from engine.report.json import JsonReport
from engine.report.overview import render_overview
from engine.report.parts import Batch, Preparer
from engine.report.rule_page import render_rule_json, render_rule_text
from engine.report.sarif import SarifReport
from engine.report.stream import ReportWriter
from engine.report.summary import Summary
from engine.report.text import TextReport
from engine.testing.rule_tests import collect_cases, failure_report, keyword_matcher, run_cases, uncovered
from engine.util.atomic_file import atomic_file
from engine.util.file_names import printable_name
from engine.util.jsonstream import Write, to_binary
from engine.util.terminal_text import for_terminal
from engine.util.wording import FINDINGS_DEFAULT, INTERFACE_DEFAULT, LANGUAGES, chosen, say, word
from engine.vocabulary import Vocabulary
from engine.workflow.baseline import BaselineRecorder, load_baseline
from engine.workflow.config import DEFAULT_WAIVERS_FILE, FAIL_ON, Config, load_config, with_overrides
from engine.workflow.triage import Triager, failing
from engine.workflow.waivers import load_waivers

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("text", "json", "sarif", "csv", "html")


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


def _usage_error(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_vocabulary(vocabulary_paths: tuple[str, ...]) -> Vocabulary:
    try:
        return Vocabulary.load([Path(path) for path in vocabulary_paths])
    except (OSError, ValueError) as error:
        _usage_error(f"cannot load vocabulary: {error}")


def _load(rules: tuple[str, ...], vocabulary_paths: tuple[str, ...]) -> tuple[Vocabulary, RuleBook]:
    vocabulary = _load_vocabulary(vocabulary_paths)
    missing = [path for path in (*rules, *vocabulary_paths) if not Path(path).exists()]
    if missing:
        _usage_error(f"no such rule or vocabulary path: {', '.join(missing)}")
    rulebook = load_rulebook([Path(path) for path in rules], vocabulary)
    for diagnostic in rulebook.diagnostics:
        click.echo(render(diagnostic, rulebook.texts.get(diagnostic.span.path)), err=True)
    if not rulebook.ok:
        _usage_error(f"{len(rulebook.diagnostics)} problem(s) in rule files; nothing was checked")
    return vocabulary, rulebook


def _config(profile: Optional[str], isolated: bool) -> Config:
    if isolated:
        return Config()
    try:
        return load_config(Path.cwd(), profile)
    except ConfigError as error:
        _usage_error(str(error))


def _sources(rule_paths: tuple[str, ...], vocabulary_paths: tuple[str, ...], profile: Optional[str] = None,
             isolated: bool = False) -> Config:
    """Where a command's rules and vocabulary come from, the same for every command: the paths
    given on the command line, else the `rules` / `vocabulary` lists of rulecheck.toml or
    [tool.rulecheck], else only the shipped ones (always read as well)."""
    return with_overrides(_config(profile, isolated), rules=tuple(rule_paths), vocabulary=tuple(vocabulary_paths))


def _yours(rules, given: tuple[str, ...]) -> list:
    """The rules read from the given files or folders (all of them when none was given): what
    `test` runs and `check-rules` counts."""
    if not given:
        return list(rules)
    named = {Path(path).as_posix().rstrip("/") for path in given}
    return [rule for rule in rules if any(_within(rule.info.path, path) for path in named)]


def _within(path: str, given: str) -> bool:
    return path == given or path.startswith(given + "/") or given in (".", "")


def _rule(rulebook: RuleBook, code: str, given: tuple[str, ...] = ()):
    for rule in rulebook.rule_set.rules:
        if rule.info.code == code:
            return rule
    _usage_error(no_such_rule(code, [rule.info.code for rule in rulebook.rule_set.rules], given))


def _in_language(rulebook: RuleBook, language: Optional[str]) -> RuleBook:
    """The rule book whose findings add their notes in the run's language (engine.util.wording)."""
    rule_set = evolve(rulebook.rule_set, language=language or FINDINGS_DEFAULT)
    return RuleBook(rule_set, rulebook.diagnostics, rulebook.texts)


_LANG = click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                     help="Language of the report and of what rulecheck adds to findings [default: report in "
                          "English, findings in Chinese; env RULECHECK_LANG]. Rule messages stay as written.")
_RULES = click.option("--rules", "rule_paths", multiple=True, type=click.Path(exists=True),
                      help="Your own .rule file or folder, read with the shipped rules (repeatable) "
                           "[default: `rules` of rulecheck.toml].")
_VOCABULARY = click.option("--vocabulary", "vocabulary_paths", multiple=True,
                           type=click.Path(exists=True, dir_okay=False),
                           help="Extra vocabulary .toml merged over the shipped one (repeatable) "
                                "[default: `vocabulary` of rulecheck.toml].")
_PROFILE = click.option("--profile", help="Named profile from the settings file.")
_ISOLATED = click.option("--isolated", is_flag=True, help="Ignore rulecheck.toml / [tool.rulecheck].")


def _settings(command):
    """--vocabulary, --profile and --isolated: where every command but `check` finds its settings."""
    return _VOCABULARY(_PROFILE(_ISOLATED(command)))


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulecheck")
def main() -> None:
    """Check budget disclosures (部门预算/决算公开) against rules written as .rule files."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--rules", "rules", multiple=True, type=click.Path(exists=True), help="Extra .rule file or folder (repeatable)."
)
@click.option(
    "--vocabulary",
    "vocabulary_paths",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra vocabulary .toml merged over the shipped one (repeatable).",
)
@click.option("--select", multiple=True, help="Only rules whose ID starts with one of these (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip rules whose ID starts with one of these (comma-separated).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report here instead of stdout.",
)
@click.option("--verbose", "-v", is_flag=True, help="Also list rules that were not applicable, with the reason.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: one per CPU, fewer for small batches].",
)
@click.option(
    "--max-size",
    "max_size",
    type=click.FloatRange(min=0.001),
    default=DEFAULT_MAX_BYTES / 1048576,
    show_default=True,
    help="Largest document read, in MB; a larger file is reported as an error.",
)
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that makes the exit code 1 [default: error].",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(exists=True, dir_okay=False),
    help=f"Reviewed waivers file [default: {DEFAULT_WAIVERS_FILE} if present].",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Report only findings not in this baseline.",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False, writable=True),
    help="Record today's findings in this file (exit 0 unless a document could not be read).",
)
@click.option("--profile", help="Named profile from the settings file.")
@click.option("--isolated", is_flag=True, help="Ignore rulecheck.toml / [tool.rulecheck].")
@click.option(
    "--no-cache", "no_cache", is_flag=True, help="Use no cache: parse the rules and check every document again."
)
@click.option(
    "--no-bundles",
    "no_bundles",
    is_flag=True,
    help="Check every file alone, never the files of one disclosure as one document (see README: Bundles).",
)
@click.option(
    "--csv-bom",
    "csv_bom",
    type=click.Choice(["yes", "no"]),
    default="yes",
    show_default=True,
    help="Start a CSV report with a UTF-8 byte order mark (Excel needs it to read UTF-8).",
)
@_LANG
def check(**options) -> None:
    """Check every .txt/.md, HTML and PDF document under PATHS (other files are listed as unsupported)."""
    before = os.environ.get("RULECHECK_NO_CACHE")
    if options["no_cache"]:  # every cache, the parsed rules included, in this process and any worker it starts
        os.environ["RULECHECK_NO_CACHE"] = "1"
    try:  # the CSV choice as a flag, the language as chosen (--lang, else RULECHECK_LANG)
        _check(**{**options, "csv_bom": options["csv_bom"] == "yes", "lang": chosen(options["lang"])})
    except KeyboardInterrupt:
        click.echo("\ninterrupted: nothing was written to --output or --write-baseline", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:  # the command may run inside another program (tests): leave its environment as it was
        if before is None:
            os.environ.pop("RULECHECK_NO_CACHE", None)
        else:
            os.environ["RULECHECK_NO_CACHE"] = before


def _check(
    paths,
    rules,
    vocabulary_paths,
    select,
    ignore,
    output_format,
    output,
    verbose,
    jobs,
    max_size,
    fail_on,
    waivers_path,
    baseline_path,
    write_baseline,
    profile,
    isolated,
    no_cache,
    csv_bom,
    lang,
    no_bundles=False,
) -> None:
    config = with_overrides(
        _config(profile, isolated),
        rules=tuple(rules),
        vocabulary=tuple(vocabulary_paths),
        select=_split(select),
        ignore=_split(ignore),
        fail_on=fail_on,
        waivers=waivers_path,
        baseline=baseline_path,
    )
    vocabulary, rulebook = _load(config.rules, config.vocabulary)
    rulebook = _in_language(
        RuleBook(rulebook.rule_set.select(config.select, config.ignore), rulebook.diagnostics, rulebook.texts), lang
    )
    if not rulebook.rule_set.rules:
        click.echo("warning: no rule matches --select/--ignore; nothing will be found", err=True)
    waivers, baseline = _waivers_and_baseline(config, isolated)
    written = [name for name in (output, write_baseline) if name]
    clashes = written_and_given(paths, written)
    if clashes:
        _usage_error(f"{printable_name(clashes[0])} is both a document to check and a file this run writes")
    inputs = distinct_inputs(collect_inputs(paths), written)
    # the files of one disclosure become one input (engine/batch/bundles.py), unless --no-bundles
    inputs = without_manifests(inputs) if no_bundles else bundle_inputs(inputs, vocabulary, int(max_size * 1048576))
    if not inputs:
        _usage_error(f"no documents (no files at all) under {', '.join(paths)}")
    infos = [rule.info for rule in rulebook.rule_set.rules]
    reuse = None if no_cache else ResultCache.for_run(rulebook, vocabulary)
    triager = Triager(config.severity_overrides, waivers, baseline)
    recorder = BaselineRecorder() if write_baseline else None
    summary = Summary()
    try:
        with _report_stream(output) as write, _baseline_file(write_baseline) as baseline_file:
            _run(
                inputs=inputs,
                rulebook=rulebook,
                vocabulary=vocabulary,
                config=config,
                jobs=jobs,
                max_size=max_size,
                reuse=reuse,
                triager=triager,
                recorder=recorder,
                summary=summary,
                infos=infos,
                output_format=output_format,
                write=write,
                verbose=verbose,
                write_baseline=write_baseline,
                baseline_file=baseline_file,
                csv_bom=csv_bom,
                echo_errors=not (output_format == "text" and output is None),
                settings=_run_settings(config, isolated),
                language=lang or INTERFACE_DEFAULT,
            )
    except BrokenPipeError:  # stdout closed by its reader (`| head`): nobody to tell
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_USAGE)
    except OSError as error:  # the report or the baseline could not be created or written: a full disk
        where = f" {printable_name(error.filename)}" if getattr(error, "filename", None) else ""
        _usage_error(f"cannot write{where}: {error.strerror or error}; nothing was written")
    if summary.errors:
        sys.exit(EXIT_USAGE)
    if write_baseline:
        sys.exit(EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if failing(summary.findings, config.fail_on or "error") else EXIT_CLEAN)


def _run(
    *,
    inputs,
    rulebook,
    vocabulary,
    config,
    jobs,
    max_size,
    reuse,
    triager,
    recorder,
    summary,
    infos,
    output_format,
    write,
    verbose,
    write_baseline,
    baseline_file,
    csv_bom,
    echo_errors,
    settings: RunSettings,
    language: str = INTERFACE_DEFAULT,
) -> None:
    writer = _writer(output_format, write, infos, verbose, settings, language, csv_bom)
    preparer = Preparer(triager.settings(), writer.render, recorder is not None)
    batches = check_batches(
        inputs,
        rulebook,
        vocabulary,
        jobs or auto_jobs(len(inputs)),
        config.rules,
        config.vocabulary,
        config.select,
        config.ignore,
        int(max_size * 1048576),
        reuse,
        preparer,
        triager.lend,
    )
    try:
        _stream(batches, len(inputs), triager, writer, summary, recorder, echo_errors)
    except WorkerError as error:  # a worker killed (out of memory) or a bug outside one document's check
        _usage_error(str(error).splitlines()[0] + "; the report is incomplete, nothing was written")
    tally = triager.tally()
    if recorder is not None:
        recorder.write_to(lambda text: baseline_file.write(text.encode("utf-8")))
        click.echo(
            for_terminal(
                f"wrote {recorder.recorded} finding(s) of {summary.documents} document(s) "
                f"to {printable_name(write_baseline)}"
            ),
            err=True,
        )
    writer.end(summary, tally)
    overview = render_overview(summary, tally, {info.code: info.title for info in infos}, language)
    if output_format == "text":
        write("\n" + overview)
    else:
        click.echo(overview, err=True, nl=False)


def _stream(
    batches: Iterator[Batch],
    total: int,
    triager: Triager,
    writer: ReportWriter,
    summary: Summary,
    recorder: Optional[BaselineRecorder],
    echo_errors: bool = True,
) -> None:
    """Each document, as it arrives, triaged and rendered where it was checked: reported if unreadable,
    recorded for the baseline and written; then dropped, so no document's findings outlive its part
    of the report. Its counts go to the summary and the triager."""
    stderr = sys.stderr  # at call time: CliRunner swaps it in tests
    writer.begin()
    with Progress(stderr, total, wanted(stderr, total)) as progress:
        for batch in batches:
            for part in batch.parts:
                progress.advance(part.path)
                if part.status == "error" and echo_errors:  # else the text report on stdout says it
                    progress.clear()
                    click.echo(for_terminal(f"{part.path}: error: {part.error}"), err=True)
                if recorder is not None:
                    assert part.recorded is not None  # parts carry their entries when a baseline is written
                    recorder.add(part.path, *part.recorded)
                writer.put(part.rendered)
            summary.merge(batch.summary)
            triager.settle(batch.marks, batch.unused)


def _waivers_path(config: Config, isolated: bool) -> Optional[str]:
    if config.waivers is None and not isolated and Path(DEFAULT_WAIVERS_FILE).is_file():
        return DEFAULT_WAIVERS_FILE
    return config.waivers


def _waivers_and_baseline(config: Config, isolated: bool):
    waivers_path = _waivers_path(config, isolated)
    try:
        waivers = load_waivers(Path(waivers_path)) if waivers_path else ()
        baseline = load_baseline(Path(config.baseline)) if config.baseline else None
    except (WaiverError, BaselineError) as error:
        _usage_error(str(error))
    return waivers, baseline


def _run_settings(config: Config, isolated: bool) -> RunSettings:
    """What the HTML report's overview says the run was asked to do."""
    return RunSettings(
        tuple(config.rules),
        tuple(config.vocabulary),
        tuple(config.select),
        tuple(config.ignore),
        _waivers_path(config, isolated),
        config.baseline,
        config.fail_on or "error",
        config.path,
        tuple(config.severity),
    )


def _writer(
    output_format: str,
    write: Write,
    infos,
    verbose: bool,
    settings: RunSettings,
    language: str = INTERFACE_DEFAULT,
    csv_bom: bool = False,
) -> ReportWriter:
    if output_format == "html":
        return HtmlReport(write, infos, settings)
    if output_format == "sarif":
        return SarifReport(write, infos)
    if output_format == "csv":
        return CsvReport(write, bom=csv_bom)
    if output_format == "json":
        return JsonReport(write, verbose, triaged=True)
    return TextReport(write, verbose, language)


@contextlib.contextmanager
def _report_stream(output: Optional[str]) -> Iterator[Write]:
    """Where the report goes, piece by piece as documents are checked: the --output file (which
    replaces the old one only when the report is complete) or stdout, as UTF-8 bytes (parts come
    from the workers encoded)."""
    if output:
        with atomic_file(output) as file:
            yield to_binary(file.write)
    else:
        yield to_binary(lambda data: click.echo(data, nl=False))


@contextlib.contextmanager
def _baseline_file(path: Optional[str]):
    """The --write-baseline file, written whole or not at all (None when not asked for)."""
    if not path:
        yield None
        return
    with atomic_file(path) as file:
        yield file


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_settings
@click.option(
    "--find",
    "words",
    multiple=True,
    help="Only figures whose table, row, column or concept contains this text (repeatable: any of them).",
)
@_LANG
def facts(file, output_format, vocabulary_paths, profile, isolated, words, lang) -> None:
    """Print what the engine read from FILE: every figure with its provenance."""
    from engine.explain import budget_year

    language = chosen(lang) or INTERFACE_DEFAULT
    vocabulary = _load_vocabulary(_sources((), vocabulary_paths, profile, isolated).vocabulary)
    fact_set = _read_facts(file, vocabulary)
    rows = [
        row
        for row in fact_rows(fact_set, "en" if output_format == "json" else language)
        if not words
        or any(word in str(row.get(key, "")) for word in words for key in ("table", "row", "column", "concept"))
    ]
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "path": fact_set.path,
                    "budget_year": fact_set.budget_year,
                    "unit_name": fact_set.unit_name,
                    "facts": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    unit = say("unit-name", language, unit=fact_set.unit_name) if fact_set.unit_name else say("no-unit-name", language)
    year = budget_year(fact_set, language)
    header = say("facts-header", language, path=fact_set.path, title=fact_set.title, year=year, unit=unit)
    click.echo(_cell(header))
    from tabulate import tabulate  # here, not at the top: a check never needs it (~30 ms to import)

    keys = ["page", "line", "kind", "table", "row", "column", "period", "value", "concept"]
    titles = dict(zip(keys, say("facts-columns", language).split("|")))
    if not any("page" in row for row in rows):
        keys.remove("page")
    # disable_numparse: a figure is shown as printed (12.50, not 12.5); CJK columns line up by display
    # width because tabulate measures with wcwidth (a dependency for that reason)
    click.echo(
        tabulate(
            [[_cell(row.get(key, "")) for key in keys] for row in rows],
            headers=[titles[key] for key in keys],
            tablefmt="simple",
            disable_numparse=True,
            colalign=["right" if key in ("page", "line", "value") else "left" for key in keys],
        )
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@_settings
@click.option(
    "--text",
    "as_text",
    is_flag=True,
    help="Print the text layout the parser reads (lines numbered as citations number them).",
)
def layout(file, vocabulary_paths, profile, isolated, as_text) -> None:
    """Print what was read from FILE: each page's narrative lines and tables with header paths."""
    from engine.report.layout_view import layout_lines

    vocabulary = _load_vocabulary(_sources((), vocabulary_paths, profile, isolated).vocabulary)
    try:
        source = read_source(Path(file), printable_name(file))
    except ReadError as error:
        click.echo(f"{printable_name(file)}: error: {error.reason}", err=True)
        sys.exit(EXIT_USAGE)
    if as_text:
        for number, text in enumerate(source.lines, start=1):
            click.echo(f"{number:6d}  {text}")
        return
    for line in layout_lines(source, parse_document(source, vocabulary)):
        click.echo(line)


def _cell(value):
    """A value for the facts table: text from the document without escapes or line breaks."""
    if not isinstance(value, str):
        return value
    return for_terminal(value).replace("\n", " ").replace("\t", " ")


def _read_facts(file: str, vocabulary: Vocabulary) -> FactSet:
    try:
        source = read_source(Path(file), printable_name(file))
    except ReadError as error:
        click.echo(for_terminal(f"{printable_name(file)}: error: {error.reason}"), err=True)
        sys.exit(EXIT_USAGE)
    return extract_facts(parse_document(source, vocabulary), vocabulary)


def fact_rows(fact_set: FactSet, language: str = "en"):
    """One flat record per fact: table cells, narrative figures, stated changes (the words rulecheck
    adds, such as the kind, in `language`; JSON keeps them in English)."""
    for table in fact_set.tables:
        for row in table.rows:
            for fact in row.facts:
                if fact.amount is None:
                    continue
                where = (table.kind or table.title, fact.provenance.row or "", fact.provenance.column_label or "")
                yield _fact_row(word("cell", language), fact.provenance, where, fact.period, fact.amount.printed(),
                                fact.amount.unit, row.concept)
    for statement in fact_set.statements:
        amount = statement.amount
        yield _fact_row(word("statement", language), statement.provenance, ("", statement.label, ""),
                        statement.period, amount.printed(), amount.unit, statement.concept)
    for change in fact_set.changes:
        delta = change.delta
        value = f"{change.word} {delta.printed() if delta else ''}".strip()
        versus = say("versus-year", language, year=change.year) if change.year else say("versus-prior-year", language)
        yield _fact_row(word("change", language), change.provenance, ("", change.subject_label, versus), change.year,
                        value, delta.unit if delta else "", change.subject)


def _fact_row(kind: str, provenance, where: tuple[str, str, str], period, value: str, unit: str, concept) -> dict:
    """The columns of `rulecheck facts` (and its JSON), the same for every kind of fact."""
    table, row, column = where
    return {"line": provenance.line, "kind": kind, "table": table, "row": row, "column": column, "period": period,
            "value": value, "unit": unit, "concept": concept or "", **_place(provenance)}


def _place(provenance) -> dict:
    """Page and bbox of a figure read from a PDF (nothing for a text document)."""
    if provenance.page is None:
        return {}
    return {"page": provenance.page, "bbox": list(provenance.bbox) if provenance.bbox else None}


@main.command(name="rules")
@_RULES
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_settings
@_LANG
def list_rules(rule_paths, output_format, vocabulary_paths, profile, isolated, lang) -> None:
    """List the rules: ID, name, severity, title and legal basis."""
    language = chosen(lang) or INTERFACE_DEFAULT
    config = _sources(rule_paths, vocabulary_paths, profile, isolated)
    _, rulebook = _load(config.rules, config.vocabulary)
    infos = [rule.info for rule in rulebook.rule_set.rules]
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "rule": info.code,
                        "name": info.name,
                        "severity": info.severity,
                        "title": info.title,
                        "legal_basis": info.citation,
                        "file": info.path,
                        "line": info.line,
                    }
                    for info in infos
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from tabulate import tabulate  # here, not at the top: a check never needs it

    table = [[info.code, info.name, word(info.severity, language), info.title, info.citation] for info in infos]
    click.echo(
        tabulate(
            table,
            headers=say("rules-headers", language).split("|"),
            tablefmt="simple",
            maxcolwidths=[None, 30, None, 30, 50],
        )
    )
    click.echo(say("rules-count", language, count=len(infos)))


@main.command(name="rule")
@click.argument("code")
@_RULES
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_settings
@_LANG
def show_rule(code, rule_paths, output_format, vocabulary_paths, profile, isolated, lang) -> None:
    """Show one rule: title, severity, legal basis, why, source and examples."""
    config = _sources(rule_paths, vocabulary_paths, profile, isolated)
    _, rulebook = _load(config.rules, config.vocabulary)
    info = _rule(rulebook, code, config.rules).info
    language = chosen(lang) or INTERFACE_DEFAULT
    click.echo(render_rule_json(info) if output_format == "json" else render_rule_text(info, language), nl=False)


@main.command(name="check-rules")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@_RULES
@_settings
@_LANG
def check_rules(paths, rule_paths, vocabulary_paths, profile, isolated, lang) -> None:
    """Compile your rules (PATHS or --rules PATH, else rulecheck.toml's, else the shipped ones) with
    the shipped ones, without reading any document; report every problem and count what was checked."""
    language = chosen(lang) or INTERFACE_DEFAULT
    config = _sources(tuple(paths) + tuple(rule_paths), vocabulary_paths, profile, isolated)
    vocabulary = _load_vocabulary(config.vocabulary)
    rulebook = load_rulebook([Path(path) for path in config.rules], vocabulary)
    for diagnostic in rulebook.diagnostics:
        click.echo(render(diagnostic, rulebook.texts.get(diagnostic.span.path)))
    errors = sum(1 for diagnostic in rulebook.diagnostics if diagnostic.severity == "error")
    named = {Path(path).as_posix().rstrip("/") for path in config.rules}
    files = sum(1 for path in rulebook.texts if not named or any(_within(path, given) for given in named))
    if errors:
        click.echo(say("check-rules-errors", language, errors=errors, files=files))
        sys.exit(EXIT_USAGE)
    warnings = len(rulebook.diagnostics)  # no error left: every diagnostic is a warning (lint)
    rules = len(_yours(rulebook.rule_set.rules, config.rules))
    if warnings:
        click.echo(say("check-rules-warnings", language, rules=rules, files=files, warnings=warnings))
    else:
        click.echo(say("check-rules-clean", language, rules=rules, files=files))


@main.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@_RULES
@click.option(
    "-k", "keyword", default="", help="Only examples whose id (CODE-outcome-Lline) or rule name matches; and/or/not."
)
@click.option("--coverage", is_flag=True, help="List rules lacking a passing or a failing example (exit 1 if any).")
@_settings
@click.option("--verbose", "-v", is_flag=True, help="One line per example instead of dots.")
@_LANG
def test_rules(paths, rule_paths, keyword, coverage, vocabulary_paths, profile, isolated, verbose, lang) -> None:
    """Run the examples attached to rules: only those of your own (PATHS or --rules PATH, else
    rulecheck.toml's), else the shipped ones."""
    config = _sources(tuple(paths) + tuple(rule_paths), vocabulary_paths, profile, isolated)
    vocabulary, rulebook = _load(config.rules, config.vocabulary)
    rules = _yours(rulebook.rule_set.rules, config.rules)
    language = chosen(lang) or INTERFACE_DEFAULT
    if coverage:
        _coverage(rules, language)
        return
    try:
        matches = keyword_matcher(keyword)
    except KeywordError as error:
        _usage_error(str(error))
    cases = [case for case in collect_cases(rules) if matches(case.words)]
    click.echo(say("collected", language, cases=len(cases), rules=len(rules)))
    failures = []
    for case, result in run_cases(cases, rulebook.rule_set, vocabulary):
        if not result.ok:
            failures.append((case, result))
        if verbose:
            click.echo(say("case-passed" if result.ok else "case-failed", language, id=case.id))
        else:
            click.echo("." if result.ok else "F", nl=False)
    if cases and not verbose:
        click.echo()
    for case, result in failures:
        click.echo("\n" + failure_report(case, result, language))
    if failures:
        click.echo(
            "\n"
            + "\n".join(
                say("failed-case", language, id=case.id, expected=word(result.expected, language),
                    got=word(result.got, language))
                for case, result in failures
            )
        )
    click.echo(say("test-summary", language, passed=len(cases) - len(failures), failed=len(failures)))
    sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


def _coverage(rules, language: str) -> None:
    missing = uncovered(rules)
    joiner = say("lacking-joiner", language)
    for rule, lacking in missing:
        place = f"{rule.info.path}:{rule.info.line}"
        named = joiner.join(word(outcome, language) for outcome in lacking)
        click.echo(say("lacking-example", language, place=place, code=rule.info.code, lacking=named))
    click.echo(say("coverage-summary", language, covered=len(rules) - len(missing), total=len(rules)))
    sys.exit(EXIT_FINDINGS if missing else EXIT_CLEAN)


@main.command(name="explain")
@click.argument("code")
@click.argument("file", type=click.Path(dir_okay=False))
@_RULES
@_settings
@_LANG
def explain_rule(code, file, rule_paths, vocabulary_paths, profile, isolated, lang) -> None:
    """Trace rule CODE on FILE: bindings, each operand with value, interval and source, the verdict."""
    from engine.explain import explain

    config = _sources(rule_paths, vocabulary_paths, profile, isolated)
    vocabulary, rulebook = _load(config.rules, config.vocabulary)
    rulebook = _in_language(rulebook, chosen(lang))
    rule = _rule(rulebook, code, config.rules)
    language = chosen(lang) or INTERFACE_DEFAULT
    click.echo(for_terminal(explain(rule, rulebook, _read_facts(file, vocabulary), vocabulary, language)), nl=False)


@main.command(name="new")
@click.argument("code")
@click.argument("name", required=False, default="describe-the-problem")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False),
    help="The .rule file to write or add to [default: my-rules/CODE.rule].",
)
def new_rule(code, name, file) -> None:
    """Start a rule of your own: write rule CODE (ID such as MY-001) named NAME (kebab-case) with
    a passing and a failing example, ready for `rulecheck test`."""
    from engine.cli.scaffold import add_rule, id_problem, name_problem

    problem = id_problem(code) or name_problem(name)
    if problem:
        _usage_error(problem)
    target = Path(file) if file else Path("my-rules") / f"{code}.rule"
    _, rulebook = _load((str(target),) if target.exists() else (), ())  # the IDs it must not repeat
    taken = next((rule.info for rule in rulebook.rule_set.rules if rule.info.code == code), None)
    if taken is not None:
        _usage_error(f"{code} is already a rule ({taken.path}:{taken.line}); pick another ID")
    click.echo(add_rule(target, code, name))
    click.echo(f"next: edit it, then `rulecheck test --rules {target.as_posix()}` runs its examples")


if __name__ == "__main__":
    main()
