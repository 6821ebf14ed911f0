#!/usr/bin/env python3
"""Throughput benchmark for rulecheck (issue 7). A plain script, not a test.

    python bench/run.py                 # N = 2000 documents, 10×N for the memory figure
    python bench/run.py --count 200     # a modest run
    python bench/run.py --quick         # small and fast (N = 100, 3×N for memory, 2 repeats)

Generates (or reuses) a corpus under bench/.corpus/ with `python -m engine.testing.synth` (styles A and B,
half each; falls back to copies of corpus/ under new names if the generator fails), then measures,
each several times with the median reported:

  (a) floor      read every file and run one regex for numbers over it
  (b) in-process engine.batch.run.check_inputs over all documents, one worker, rules compiled once;
                 timed in interleaved pairs with (a), engine/floor the median of the pair ratios
  (c) CLI        `python -m engine --format json --no-cache --jobs 1` and `--jobs 2`, end to end, in
                 interleaved pairs (the speed-up is the median of the pair ratios); `rulecheck DIR`
                 as users run it (text report, default jobs); and a `--jobs 1` re-run that reuses the previous run's results (the result cache)
  (d) peak RSS   of a CLI `--jobs 1` run for N and for 10×N documents (os.wait4 of that child)
  plus a per-stage profile (read / parse / facts / evaluate / report) and the start-up time of
  `rulecheck --version` and of checking one document.

Prints the figures and writes them, with the machine description, to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS_ROOT, SEED_CORPUS, documents, ensure_corpus  # noqa: E402 - bench/corpus.py

NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")

TARGET_DOCS_PER_CORE = 300.0
TARGET_FLOOR_RATIO = 5.0
TARGET_SPEEDUP = 1.7
TARGET_RSS_GROWTH = 1.2
TARGET_SINGLE_DOC_S = 0.5


# -- helpers ------------------------------------------------------------------------------------

def median_time(function, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def cli_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "engine", *arguments]


PARSE_CACHE = CORPUS_ROOT / "parse-cache"
COLD_CACHE = CORPUS_ROOT / "parse-cache-cold"


def child_environment(cache: Path = PARSE_CACHE) -> dict:
    """The CLI as an installed tool runs: bytecode written once and reused (pip compiles it at
    install; PYTHONDONTWRITEBYTECODE would recompile ~50 modules at every start), parsed rules
    cached in the bench's own folder."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["RULECHECK_CACHE_DIR"] = str(cache)
    return environment


def run_child(command: list[str], environment: dict | None = None) -> tuple[float, int, int]:
    """(wall seconds, exit code, peak RSS in KiB) of one child process, measured with os.wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=environment or child_environment())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, process.returncode, usage.ru_maxrss


def cli_check(directory: Path, jobs: int, reuse: bool = False) -> list[str]:
    """Every document checked (`--no-cache`), unless `reuse`: then results of the previous run are read back."""
    return cli_command("--format", "json", "--jobs", str(jobs), "--isolated", *(() if reuse else ("--no-cache",)),
                       str(directory))


@contextlib.contextmanager
def shipped_parses():
    """The checkout made to look like an installed package: engine/data/parsed/ written as
    setup.py's build step writes it (removed afterwards; it is not part of the checkout)."""
    from engine.language.syntax.parse_cache import write_shipped_parses
    from engine.resources import shipped_parses_dir

    target = shipped_parses_dir()
    if target.exists():
        yield
        return
    try:
        write_shipped_parses(ROOT / "rules", target)
        yield
    finally:
        shutil.rmtree(target, ignore_errors=True)
        with contextlib.suppress(OSError):
            target.parent.rmdir()


def timed_cli(command: list[str], repeats: int, cold_cache: bool = False) -> tuple[float, list[float], int]:
    """Median wall time; with cold_cache each run starts with an empty parse cache (a fresh CI machine)."""
    times, codes = [], set()
    for _ in range(repeats):
        environment = None
        if cold_cache:
            shutil.rmtree(COLD_CACHE, ignore_errors=True)
            environment = child_environment(COLD_CACHE)
        elapsed, code, _ = run_child(command, environment)
        times.append(elapsed)
        codes.add(code)
    bad = codes - {0, 1}
    if bad:
        print(f"warning: {' '.join(command)} exited with {sorted(bad)}", file=sys.stderr)
    return statistics.median(times), times, max(codes)


# -- measurements -------------------------------------------------------------------------------

def floor_pass(files: list[Path]) -> int:
    """The floor: read every file and run one regex for numbers over it."""
    found = 0
    for path in files:
        found += len(NUMBER.findall(path.read_bytes().decode("utf-8", "replace")))
    return found


def load_engine():
    """Vocabulary and rule book, and the seconds to load them without and with the parse cache."""
    from engine.language.rulebook import load_rulebook
    from engine.vocabulary import Vocabulary

    os.environ["RULECHECK_CACHE_DIR"] = ""  # off: lark parses every rule file
    start = time.perf_counter()
    vocabulary = Vocabulary.load()
    load_rulebook([], vocabulary)
    cold = time.perf_counter() - start
    os.environ["RULECHECK_CACHE_DIR"] = str(PARSE_CACHE)
    load_rulebook([], vocabulary)  # fills the cache
    start = time.perf_counter()
    vocabulary = Vocabulary.load()
    rulebook = load_rulebook([], vocabulary)
    return vocabulary, rulebook, (cold, time.perf_counter() - start)


def measure_in_process(directory: Path, files: list[Path], vocabulary, rulebook, repeats: int) -> tuple[dict, dict]:
    """The floor and the engine timed in interleaved pairs (floor, engine, floor, engine, ...), so a
    host that slows down or speeds up mid-run weighs on both: medians of each, and of the ratios."""
    from engine.batch.run import check_inputs, collect_inputs

    inputs = collect_inputs([str(directory)])
    outcome: dict = {}

    def run() -> None:
        results = list(check_inputs(inputs, rulebook, vocabulary))  # one worker, this process
        outcome["checked"] = sum(result.status == "checked" for result in results)
        outcome["errors"] = [result for result in results if result.status != "checked"]
        outcome["findings"] = sum(len(result.findings) for result in results)

    pairs = [(median_time(lambda: floor_pass(files), 1)[0], median_time(run, 1)[0]) for _ in range(repeats)]
    times = {
        "floor": statistics.median(floor for floor, _ in pairs),
        "engine": statistics.median(engine for _, engine in pairs),
        "ratio": statistics.median(engine / floor for floor, engine in pairs),
    }
    return times, outcome


def measure_stages(directory: Path, vocabulary, rulebook, repeats: int) -> dict[str, float]:
    """Median over repeats of the total seconds spent in each stage for all documents."""
    from engine.batch.collector import batch_collection
    from engine.batch.run import collect_inputs

    inputs = collect_inputs([str(directory)])
    runs: dict[str, list[float]] = {name: [] for name in ("read", "parse", "facts", "evaluate", "report")}
    for _ in range(repeats):
        with batch_collection():  # the collector settings of (b), so the stages add up to it
            for name, value in _stage_totals(inputs, vocabulary, rulebook).items():
                runs[name].append(value)
    return {name: statistics.median(values) for name, values in runs.items()}


def _stage_totals(inputs, vocabulary, rulebook) -> dict[str, float]:
    from engine.evaluate import evaluate
    from engine.facts.tables import extract_facts
    from engine.model import DocumentResult
    from engine.parse import parse_document
    from engine.read import read_source
    from engine.report.json import render_json
    from engine.report.summary import Summary

    clock = time.perf_counter
    totals = dict.fromkeys(("read", "parse", "facts", "evaluate", "report"), 0.0)
    results = []
    for item in inputs:
        t0 = clock()
        source = read_source(item.path, item.display)
        t1 = clock()
        document = parse_document(source, vocabulary)
        t2 = clock()
        facts = extract_facts(document, vocabulary)
        t3 = clock()
        evaluation = evaluate(rulebook.rule_set, facts, vocabulary)
        t4 = clock()
        totals["read"] += t1 - t0
        totals["parse"] += t2 - t1
        totals["facts"] += t3 - t2
        totals["evaluate"] += t4 - t3
        results.append(DocumentResult(item.display, "checked", evaluation.findings, evaluation.statuses))
    t5 = clock()
    summary = Summary()
    for result in results:
        summary.add(result)
    render_json(results, summary)
    totals["report"] = clock() - t5
    return totals


# -- machine ------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from engine.batch.run import usable_cpus

    usable = usable_cpus()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "engine"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        commit += " (engine/ has uncommitted changes)" if dirty else ""
    except OSError:
        commit = "unknown"
    return {
        "CPU": model,
        "cores": f"{os.cpu_count()} logical, {usable} usable",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit or "unknown",
        "load average at the end (1/5/15 min)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# -- main ---------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, help="documents N (default 2000; 100 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small run: N=100, 3×N for memory, 2 repeats")
    parser.add_argument("--repeats", type=int, help="repeats per measurement (default 3; 2 with --quick)")
    parser.add_argument("--big-factor", type=int, help="memory run size as a multiple of N (default 10; 3 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpus")
    parser.add_argument("--output", default=str(ROOT / "docs" / "PERFORMANCE.md"), help="report file")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the report file")
    args = parser.parse_args()

    count = args.count or (100 if args.quick else 2000)
    repeats = args.repeats or (2 if args.quick else 3)
    big_factor = args.big_factor or (3 if args.quick else 10)
    os.chdir(ROOT)

    print(f"corpus: N={count}, memory run {big_factor}×N = {count * big_factor}, repeats={repeats}", flush=True)
    small_dir, source = ensure_corpus(count, args.seed)
    big_dir, _ = ensure_corpus(count * big_factor, args.seed)
    files = documents(small_dir)
    size = sum(path.stat().st_size for path in files)
    print(f"  {small_dir.relative_to(ROOT)}: {len(files)} documents, {size / len(files) / 1024:.1f} KiB each ({source})")

    figures: dict = {}
    print("(a) floor and (b) in-process, in pairs ...", flush=True)
    vocabulary, rulebook, compile_s = load_engine()
    figures["compile"] = compile_s
    figures["rules"] = len(rulebook.rule_set.rules)
    times, outcome = measure_in_process(small_dir, files, vocabulary, rulebook, repeats)
    figures.update(times)
    if outcome["errors"]:
        first = outcome["errors"][0]
        print(f"warning: {len(outcome['errors'])} document(s) in error, e.g. {first.path}: {first.error}", file=sys.stderr)

    print("    stage profile ...", flush=True)
    figures["stages"] = measure_stages(small_dir, vocabulary, rulebook, repeats)

    print("(c) CLI --jobs 1 / --jobs 2 ...", flush=True)
    run_child(cli_command("--version"))  # writes bytecode
    run_child(cli_check(SEED_CORPUS, 1))  # fills the parse cache
    # interleaved (1, 2, 1, 2, ...) so that a host slowing down or speeding up mid-run weighs on
    # both alike; the speed-up is the median of the per-pair ratios
    pairs = [(timed_cli(cli_check(small_dir, 1), 1), timed_cli(cli_check(small_dir, 2), 1)) for _ in range(repeats)]
    figures["cli1"] = statistics.median(one[0] for one, _ in pairs)
    figures["cli2"] = statistics.median(two[0] for _, two in pairs)
    figures["cli_exit"] = max(one[2] for one, _ in pairs)
    figures["speedup"] = statistics.median(one[0] / two[0] for one, two in pairs)
    print("(c) CLI as users run it (text report, default --jobs) ...", flush=True)
    figures["cli_default"], _, _ = timed_cli(cli_command("--isolated", "--no-cache", str(small_dir)), repeats)
    print("(c) CLI re-run with the result cache warm ...", flush=True)
    run_child(cli_check(small_dir, 1, reuse=True))  # stores every result
    figures["cli_reuse"], _, _ = timed_cli(cli_check(small_dir, 1, reuse=True), repeats)

    print("(d) peak RSS ...", flush=True)
    _, _, figures["rss_small"] = run_child(cli_check(small_dir, 1))
    big_start = time.perf_counter()
    _, _, figures["rss_big"] = run_child(cli_check(big_dir, 1))
    figures["big_wall"] = time.perf_counter() - big_start

    print("start-up ...", flush=True)
    single = documents(SEED_CORPUS)[0] if documents(SEED_CORPUS) else files[0]
    startup_repeats = max(repeats, 5)
    figures["version"], _, _ = timed_cli(cli_command("--version"), startup_repeats)
    single_command = cli_check(single, 1)[:-1] + [str(single.relative_to(ROOT))]
    runs: dict[str, list[float]] = {"single": [], "single_cold": [], "single_installed": []}
    for _ in range(startup_repeats):  # the three cases in turn, so drift of the host weighs on all
        runs["single"].append(timed_cli(single_command, 1)[0])
        runs["single_cold"].append(timed_cli(single_command, 1, cold_cache=True)[0])
        with shipped_parses():
            runs["single_installed"].append(timed_cli(single_command, 1, cold_cache=True)[0])
    figures.update({name: statistics.median(times) for name, times in runs.items()})
    figures["single_doc"] = single.relative_to(ROOT).as_posix()

    info = machine()
    report = render_report(figures, info, count, big_factor, repeats, source, size, outcome)
    print()
    print(report)
    if not args.no_write:
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report + kept_sections(output), encoding="utf-8")
        print(f"wrote {output}")
    return 0


KEPT_SECTIONS = ("## HTML report", "## PDF input")  # written by other bench scripts (bench/html_report.py, bench/pdf.py); kept as they are


def kept_sections(output: Path) -> str:
    """The sections of the current file that other bench scripts own, to append to the new report."""
    if not output.exists():
        return ""
    current = output.read_text(encoding="utf-8")
    kept = []
    for heading in KEPT_SECTIONS:
        start = current.find("\n" + heading)
        if start >= 0:
            end = current.find("\n## ", start + 1)
            kept.append(current[start:end if end >= 0 else len(current)].rstrip("\n") + "\n")
    return "".join(kept)


def render_report(f: dict, info: dict, count: int, big_factor: int, repeats: int, source: str, size: int,
                  outcome: dict) -> str:
    usable = int(info["cores"].split(",")[1].split()[0])
    engine_rate = count / f["engine"]
    floor_rate = count / f["floor"]
    ratio = f["ratio"]
    cli1_rate, cli2_rate = count / f["cli1"], count / f["cli2"]
    speedup = f["speedup"]
    growth = f["rss_big"] / f["rss_small"]
    stages = f["stages"]
    stage_total = sum(stages.values())
    dominant = max(stages, key=stages.get)

    def mark(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    lines = [
        "# Performance",
        "",
        "Measured by `python bench/run.py` (issue 7); regenerate with the same command. Every timing is the",
        f"median of {repeats} runs (start-up: of {max(repeats, 5)}). Do not compare figures across machines;",
        "on a shared host they vary by a third between runs: compare two commits with",
        "`python bench/instructions.py` (instructions per document and stage, callgrind) instead.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Corpus",
        "",
        f"- N = {count} documents ({source}), {size / count / 1024:.1f} KiB each on average;"
        f" memory run {big_factor}×N = {count * big_factor}",
        f"- {f['rules']} rules; loading vocabulary + compiling the rule book once: {f['compile'][0] * 1000:.0f} ms"
        f" parsing every rule file, {f['compile'][1] * 1000:.0f} ms with the parse cache warm",
        f"- in-process run: {outcome['checked']} checked, {len(outcome['errors'])} in error,"
        f" {outcome['findings']} findings",
        "",
        "## Throughput",
        "",
        "| measurement | total s | docs/s | ms/doc |",
        "|---|---:|---:|---:|",
        f"| (a) floor: read + one number regex | {f['floor']:.3f} | {floor_rate:,.0f} | {f['floor'] / count * 1000:.3f} |",
        f"| (b) in-process, 1 worker (`check_inputs`) | {f['engine']:.3f} | {engine_rate:,.1f} | {f['engine'] / count * 1000:.2f} |",
        f"| (c) CLI `--format json --jobs 1` | {f['cli1']:.3f} | {cli1_rate:,.1f} | {f['cli1'] / count * 1000:.2f} |",
        f"| (c) CLI `--format json --jobs 2` | {f['cli2']:.3f} | {cli2_rate:,.1f} | {f['cli2'] / count * 1000:.2f} |",
        f"| (c) CLI as users run it: `rulecheck DIR` (text report, `--jobs` = usable cores) | {f['cli_default']:.3f} |"
        f" {count / f['cli_default']:,.1f} | {f['cli_default'] / count * 1000:.2f} |",
        f"| (c') CLI `--jobs 1` re-run, results reused (same rules, unchanged documents) | {f['cli_reuse']:.3f} |"
        f" {count / f['cli_reuse']:,.1f} | {f['cli_reuse'] / count * 1000:.2f} |",
        "",
        f"- engine / floor: **{ratio:,.1f}×** (median of {repeats} interleaved pairs)",
        f"- `--jobs 2` speed-up over `--jobs 1`: **{speedup:.2f}×** (median of {repeats} interleaved pairs)",
        "",
        "## Per-stage profile (in-process, all N documents)",
        "",
        "| stage | total s | ms/doc | share |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {value:.3f} | {value / count * 1000:.3f} | {value / stage_total * 100:.1f}% |"
          for name, value in stages.items()],
        "",
        f"Dominant stage: **{dominant}** ({stages[dominant] / stage_total * 100:.0f}% of the time).",
        "",
        "## Memory (peak RSS of a CLI `--jobs 1` run)",
        "",
        "| documents | peak RSS |",
        "|---:|---:|",
        f"| {count} | {f['rss_small'] / 1024:.1f} MiB |",
        f"| {count * big_factor} | {f['rss_big'] / 1024:.1f} MiB |",
        "",
        f"Growth {big_factor}×N / N: **{growth:.2f}×** ({count * big_factor} documents took {f['big_wall']:.1f} s).",
        "",
        "## Start-up",
        "",
        f"- `rulecheck --version`: {f['version']:.3f} s",
        f"- `rulecheck --format json --jobs 1 {f['single_doc']}` (one document): {f['single']:.3f} s;"
        f" with an empty cache (first run on a fresh machine) from an installed package, which ships its rules"
        f" parsed (setup.py): {f['single_installed']:.3f} s; from a checkout, which parses them: {f['single_cold']:.3f} s",
        "- CLI children run with bytecode reused and `RULECHECK_CACHE_DIR` in `bench/.corpus/`, as an installed",
        "  tool runs (pip compiles bytecode at install; the parse cache fills on the first run); every",
        "  timed check runs with `--no-cache` (each document parsed and evaluated) except the (c') re-run.",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| ≥ {TARGET_DOCS_PER_CORE:.0f} docs/s per core in-process | {engine_rate:,.1f} | {mark(engine_rate >= TARGET_DOCS_PER_CORE)} |",
        f"| engine ≤ {TARGET_FLOOR_RATIO:.0f}× floor | {ratio:,.1f}× | {mark(ratio <= TARGET_FLOOR_RATIO)} |",
        f"| `--jobs 2` ≥ {TARGET_SPEEDUP}× `--jobs 1` | {speedup:.2f}× | {mark(speedup >= TARGET_SPEEDUP)} |",
        f"| peak RSS {big_factor}×N ≤ {TARGET_RSS_GROWTH}× N | {growth:.2f}× | {mark(growth <= TARGET_RSS_GROWTH)} |",
        f"| single-document CLI ≤ {TARGET_SINGLE_DOC_S} s (parse cache warm) | {f['single']:.3f} s | {mark(f['single'] <= TARGET_SINGLE_DOC_S)} |",
        f"| single-document CLI ≤ {TARGET_SINGLE_DOC_S} s (caches empty, installed package) | {f['single_installed']:.3f} s | {mark(f['single_installed'] <= TARGET_SINGLE_DOC_S)} |",
        f"| single-document CLI ≤ {TARGET_SINGLE_DOC_S} s (caches empty, run from a checkout) | {f['single_cold']:.3f} s | {mark(f['single_cold'] <= TARGET_SINGLE_DOC_S)} |",
        "",
        f"({usable} usable core(s) on this machine; the per-core figure is the single-worker in-process rate.)",
        "",
        "What a compiled core (mypyc) would give, and why it is not in the build: `docs/compiled-core.md`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
