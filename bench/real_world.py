"""Real-world 预算 noise audit and key-figure recognition, per locality (issue 21).

    python -m bench.real_world [FOLDER] [--json RUN.json] [--output docs/real-world-findings.md]

FOLDER (default ../shared/real-pdf/budget) holds one sub-folder per locality. Without --json the
engine is run over it first (`python -m engine FOLDER --format json --no-cache`, a few minutes).

For each locality it reports: documents; mean number of standard table kinds recognised; errors
and warnings per document; findings by rule and severity; and key-figure recognition: for each
key figure the text *states* (found by this script's own patterns over the narrative sentences,
independent of the engine's vocabulary), whether the engine *read* it (a statement of the
concept with the same value, or a stated change). The adjudication of error findings (true
defect or false positive, with evidence) is data in `bench/real_world_adjudication.toml`,
written by a person re-reading the documents; the script only adds up what is recorded there.
A rule may carry `localities = { "上海" = "false", "北京" = "true" }` when its findings are defects in
one locality's documents and not in another's; the share per locality uses that split.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real-pdf" / "budget"
ADJUDICATION = Path(__file__).resolve().parent / "real_world_adjudication.toml"
STANDARD_KINDS = ("部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
                  "基本支出表", "三公经费表", "政府性基金支出表")

_AMOUNT = r"(?P<amount>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
_GAP = r"[^，。；;\d%支收]{0,14}?"
# key figure -> (pattern a sentence states it with, concepts the engine may give it)
KEY_FIGURES = {
    "收入总额": (r"收入(?:预算)?(?:总额|总计|合计)?", ("收入预算", "收入总计", "本年收入合计")),
    "支出总额": (r"支出(?:预算)?(?:总额|总计|合计)?", ("支出预算", "支出总计", "本年支出合计")),
    "一般公共预算拨款": (r"一般公共预算(?:财政)?拨款(?:收入)?", ("一般公共预算收入",)),
    "基本支出": (r"基本支出", ("基本支出",)),
    "项目支出": (r"项目支出", ("项目支出",)),
    "三公经费": (r"三公[”\"]?经费", ("三公经费",)),
    "因公出国费": (r"因公出国[（(]境[)）]费", ("因公出国费",)),
    "公务用车购置及运行费": (r"公务用车购置及运行(?:维护)?费", ("公务用车购置及运行费",)),
    "公务接待费": (r"公务接待费", ("公务接待费",)),
    "机关运行经费": (r"机关运行经费", ("机关运行经费",)),
    "政府采购总额": (r"政府采购预算(?:总额)?", ("政府采购预算",)),
}
_CHANGE = re.compile(r"(?:比|较|与)\s*(?:上年|去年|上年度|\d{4}\s*年)[^，。；\d]{0,10}?(?:增加|减少|增长|下降|持平)")


def run_engine(folder: Path, output: Path) -> None:
    subprocess.run([sys.executable, "-m", "engine", str(folder), "--format", "json", "--output", str(output),
                    "--no-cache", "--fail-on", "never"], cwd=ROOT, check=True)


def locality(path: str) -> str:
    return Path(path).parent.name


def key_figure_recognition(path: Path) -> dict[str, list[int]]:
    """key -> [stated, read] for one document; 'stated changes' counts comparison phrases."""
    from engine.facts.tables import extract_facts
    from engine.parse import parse_document
    from engine.read import read_source
    from engine.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    source = read_source(path, str(path))
    facts = extract_facts(parse_document(source, vocabulary), vocabulary)
    counts: dict[str, list[int]] = {}
    read_values = collections.defaultdict(set)
    for statement in facts.statements:
        read_values[statement.concept].add(_normal(statement.amount.value))
    for key, (words, concepts) in KEY_FIGURES.items():
        pattern = re.compile(words + _GAP + _AMOUNT)
        stated = read = 0
        for sentence, _ in facts.texts:
            match = pattern.search(sentence)
            if not match:
                continue
            stated += 1
            value = _value(match.group("amount"))
            if any(value in read_values[concept] for concept in concepts):
                read += 1
            break  # the first statement of a key figure in a document
        counts[key] = [stated, read]
    stated_changes = sum(len(_CHANGE.findall(sentence)) for sentence, _ in facts.texts)
    counts["stated changes"] = [stated_changes, min(stated_changes, len(facts.changes))]
    return counts


def _value(text: str) -> Decimal:
    try:
        return _normal(Decimal(text.replace(",", "").replace("，", "")))
    except InvalidOperation:
        return Decimal(-1)


def _normal(value: Decimal) -> Decimal:
    return value.normalize() if value == value else value


def summarise(run: dict, folder: Path, with_figures: bool) -> dict:
    by_locality: dict[str, dict] = collections.defaultdict(lambda: {
        "documents": 0, "kinds": 0, "errors": 0, "warnings": 0, "rules": collections.Counter(),
        "figures": collections.defaultdict(lambda: [0, 0]), "firing": collections.Counter()})
    for document in run["documents"]:
        entry = by_locality[locality(document["path"])]
        entry["documents"] += 1
        tables = (document.get("coverage") or {}).get("tables", {})
        entry["kinds"] += sum(1 for kind in STANDARD_KINDS if tables.get(kind))
        fired = set()
        for finding in document.get("findings", []):
            entry["rules"][(finding["rule"], finding["severity"])] += 1
            entry["errors"] += finding["severity"] == "error"
            entry["warnings"] += finding["severity"] == "warning"
            fired.add((finding["rule"], finding["severity"]))
        entry["firing"].update(fired)
        if with_figures and document.get("status") == "checked":
            for key, (stated, read) in key_figure_recognition(Path(document["path"])).items():
                entry["figures"][key][0] += stated
                entry["figures"][key][1] += read
    return by_locality


def render(by_locality: dict, total_documents: int, adjudication: dict) -> str:
    lines = ["# Real-world 预算 findings (issue 21)", "",
             "Generated by `python -m bench.real_world` over `../shared/real-pdf/budget/` "
             f"({total_documents} documents); the adjudication comes from `bench/real_world_adjudication.toml`.", "",
             "## Per locality", "",
             "| locality | documents | mean standard table kinds (of 8) | key figures read / stated | rate | errors / doc | warnings / doc | error findings true on re-reading |",
             "|---|---|---|---|---|---|---|---|"]
    verdicts = adjudication.get("rules", {})
    for name in sorted(by_locality):
        entry = by_locality[name]
        documents = entry["documents"]
        stated = sum(stated for stated, _ in entry["figures"].values())
        read = sum(read for _, read in entry["figures"].values())
        rate = f"{100 * read / stated:.0f}%" if stated else "–"
        true_errors = sum(count for (rule, severity), count in entry["rules"].items()
                          if severity == "error" and verdict_in(verdicts, rule, name) == "true")
        judged = sum(count for (rule, severity), count in entry["rules"].items()
                     if severity == "error" and rule in verdicts)
        share = f"{true_errors}/{judged} ({100 * true_errors / judged:.0f}%)" if judged else "–"
        lines.append(f"| {name} | {documents} | {entry['kinds'] / documents:.1f} | {read} / {stated} | {rate} | "
                     f"{entry['errors'] / documents:.1f} | {entry['warnings'] / documents:.1f} | {share} |")
    lines += ["", "## Key figures by locality (read / stated)", ""]
    keys = list(KEY_FIGURES) + ["stated changes"]
    lines.append("| locality | " + " | ".join(keys) + " |")
    lines.append("|---" * (len(keys) + 1) + "|")
    for name in sorted(by_locality):
        figures = by_locality[name]["figures"]
        lines.append(f"| {name} | " + " | ".join(f"{figures[key][1]}/{figures[key][0]}" for key in keys) + " |")
    lines += ["", "## Findings by rule (errors and warnings; documents firing / findings)", ""]
    firing = collections.Counter()
    totals = collections.Counter()
    for entry in by_locality.values():
        firing.update(entry["firing"])
        totals.update(entry["rules"])
    lines.append("| rule | severity | documents | findings | share of documents | verdict | evidence |")
    lines.append("|---|---|---|---|---|---|---|")
    for (rule, severity), count in sorted(totals.items(), key=lambda item: (-firing[item[0]], item[0])):
        if severity == "info":
            continue
        verdict = verdicts.get(rule, {})
        split = verdict.get("localities", {})
        shown = verdict.get("verdict", "not judged")
        if split:
            shown += " (" + ", ".join(f"{name} {value}" for name, value in sorted(split.items())) + ")"
        lines.append(f"| {rule} | {severity} | {firing[(rule, severity)]} | {count} | "
                     f"{100 * firing[(rule, severity)] / total_documents:.0f}% | {shown} | "
                     f"{verdict.get('evidence', '')} |")
    notes = adjudication.get("notes", "")
    if notes:
        lines += ["", "## Notes", "", notes.strip()]
    return "\n".join(lines) + "\n"


def verdict_in(verdicts: dict, rule: str, locality: str) -> str:
    """A rule's verdict in one locality: its `localities` entry when the adjudication splits it
    by locality (a rule true in one template and false in another), else the rule's verdict."""
    entry = verdicts.get(rule, {})
    return entry.get("localities", {}).get(locality, entry.get("verdict", "not judged"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--json", help="an earlier `python -m engine FOLDER --format json` output")
    parser.add_argument("--output", default=str(ROOT / "docs" / "real-world-findings.md"))
    parser.add_argument("--skip-figures", action="store_true", help="do not read the documents again")
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    run_path = Path(arguments.json) if arguments.json else ROOT / ".real-world-run.json"
    if not arguments.json:
        run_engine(folder, run_path)
    run = json.loads(run_path.read_text(encoding="utf-8"))
    adjudication = tomllib.loads(ADJUDICATION.read_text(encoding="utf-8")) if ADJUDICATION.exists() else {}
    by_locality = summarise(run, folder, not arguments.skip_figures)
    Path(arguments.output).write_text(render(by_locality, len(run["documents"]), adjudication), encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
