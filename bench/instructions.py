#!/usr/bin/env python3
"""Instructions per document and stage, counted by callgrind: the figure to compare two commits by.

    python bench/instructions.py                # 20 documents of the bench corpus
    python bench/instructions.py --count 40 --corpus DIR

Wall-clock time on a shared virtual machine varies by a third from one run to the next, so a
change worth 2% cannot be seen in `bench/run.py`'s figures. The number of instructions the
interpreter executes for the same documents does not vary (hash seed fixed, bytecode reused):
each stage is run under `valgrind --tool=callgrind` on the first COUNT documents, once stopping
after each stage, and the differences divided by COUNT are the instructions that stage costs per
document. Loading the engine and the rules (the run with no document) is reported apart.
Two runs of one commit agree to within ~0.5% (memos keyed by object identity follow the
addresses). Needs valgrind; takes a few minutes (callgrind runs Python ~50x slower).

Start-up is counted the same way: the whole CLI checking one document of corpus/, as a user runs it
in CI, once with the parse cache warm and once with every cache empty (a fresh checkout, which
parses the rule files).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SEED_CORPUS, documents, ensure_corpus  # noqa: E402 - bench/corpus.py

STAGES = ("parse", "facts", "evaluate")  # each run stops after its stage; reading is part of parse

# The child: load the engine and the rules, then run the stages up to STAGE on the first COUNT
# documents of the list on stdin. One process per stage, so each count starts from a clean slate.
_CHILD = """
import sys
from pathlib import Path
from engine.evaluate import evaluate
from engine.facts.tables import extract_facts
from engine.parse import parse_document
from engine.read import read_source
from engine.language.rulebook import load_rulebook
from engine.vocabulary import Vocabulary

stage = sys.argv[1]
vocabulary = Vocabulary.load()
rulebook = load_rulebook([], vocabulary)
for name in sys.stdin.read().splitlines():
    path = Path(name)
    document = parse_document(read_source(path, path.name), vocabulary)
    if stage == "parse":
        continue
    facts = extract_facts(document, vocabulary)
    if stage == "facts":
        continue
    evaluate(rulebook.rule_set, facts, vocabulary)
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def count_instructions(stage: str, files: list[Path]) -> int:
    """Instructions of one child run (callgrind's total), or SystemExit with callgrind's complaint."""
    return _callgrind([sys.executable, "-c", _CHILD, stage], "\n".join(str(path) for path in files),
                      _environment(), f"stage {stage}")


def cli_command(document: Path) -> list[str]:
    """`rulecheck` checking one document as a CI job does (every result computed, none reused)."""
    return [sys.executable, "-m", "engine", "--format", "json", "--jobs", "1", "--no-cache", "--isolated", str(document)]


def count_cli(document: Path, cache: Path) -> int:
    """Instructions of `rulecheck` checking one document, with the parse and result caches in `cache`."""
    return _callgrind(cli_command(document), "", {**_environment(), "RULECHECK_CACHE_DIR": str(cache)},
                      "of the CLI", allowed=(0, 1))  # 1: findings


def _callgrind(command: list[str], stdin: str, environment: dict, what: str, allowed=(0,)) -> int:
    completed = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                               input=stdin, text=True, capture_output=True, cwd=ROOT, env=environment)
    found = _REFS.search(completed.stderr)
    if completed.returncode not in allowed or found is None:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench/instructions.py: callgrind run {what} failed: {last}")
    return int(found.group(1).replace(",", ""))


def _environment() -> dict:
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # reuse bytecode: compiling is not the engine's cost
    environment["PYTHONHASHSEED"] = "0"  # set and dict orders, hence the work done, fixed
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), environment.get("PYTHONPATH"))))
    return environment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20, help="documents to count over (default 20)")
    parser.add_argument("--corpus", help="folder of .txt/.md documents (default: the bench corpus of 2000)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("bench/instructions.py: valgrind is not installed (apt install valgrind)", file=sys.stderr)
        return 2
    directory = Path(args.corpus) if args.corpus else ensure_corpus(2000, 1)[0]
    files = documents(directory)[: args.count]
    if not files:
        print(f"bench/instructions.py: no .txt/.md document in {directory}", file=sys.stderr)
        return 2
    # a first run without valgrind writes the bytecode (and the parse cache) the counted runs reuse
    subprocess.run([sys.executable, "-c", _CHILD, "evaluate"], input=str(files[0]), text=True,
                   cwd=ROOT, env=_environment(), check=True, capture_output=True)
    print(f"{len(files)} documents of {directory}; callgrind, PYTHONHASHSEED=0", flush=True)
    start_up = count_instructions("parse", [])
    totals = {stage: count_instructions(stage, files) for stage in STAGES}
    print(f"{'loading engine and rules':26s} {start_up / 1e6:10.1f} M instructions (once per run)")
    before = start_up
    for stage in STAGES:
        print(f"{stage:26s} {(totals[stage] - before) / len(files) / 1e6:10.1f} M instructions per document")
        before = totals[stage]
    print(f"{'parse + facts + evaluate':26s} {(before - start_up) / len(files) / 1e6:10.1f} M instructions per document")
    single = documents(SEED_CORPUS)[0]
    with tempfile.TemporaryDirectory() as warm, tempfile.TemporaryDirectory() as empty:
        # a run without valgrind fills the parse cache the warm count reuses
        subprocess.run(cli_command(single), cwd=ROOT, env={**_environment(), "RULECHECK_CACHE_DIR": warm},
                       capture_output=True)
        cached = count_cli(single, Path(warm))
        cold = count_cli(single, Path(empty))
    print(f"one-document CLI run ({single.relative_to(ROOT)}): {cached / 1e6:.1f} M instructions with the parse "
          f"cache warm, {cold / 1e6:.1f} M with every cache empty (a checkout parsing its rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
