"""Real-world 预算 noise audit and key-figure recognition, per locality (issue 21).

    python -m bench.real_world [FOLDER] [--json RUN.json] [--output docs/real-world-findings.md]
    python -m bench.real_world FOLDER/重庆 --figures-only [--misses]   # recognition of one locality

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
one locality's documents and not in another's, and `documents = { "FILE NAME PART" = "true" }` when
they differ between documents of one locality; the share per locality uses the most specific
verdict (a document's, else its locality's, else the rule's).
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
# What may stand between a key figure's name and its amount in a sentence that states it: a year,
# a colon, and words that say "the figure is" (预算数为, 共计, 安排). Any other word makes it another
# figure ('一般公共预算拨款政府采购 504.98 万元') or a change ('基本支出增加 659.75 万元'). The list is
# the script's own, independent of the engine's [phrasings] vocabulary.
_GAP_WORDS = ("年初预算数", "预算数", "年初预算", "预算", "财政拨款", "一般公共预算", "总额", "总计", "合计",
              "共计", "安排", "为", "是", "计", "达", "共")
_GAP = (r"(?:\s|[：:“”\"]|\d{4}\s*年度?|" + "|".join(_GAP_WORDS) + r"){0,8}?")
# 收入 and 支出 end many names (事业收入, 一般公共服务支出), and a figure named after a verb is
# another one ('涉及一般公共预算财政拨款' of the projects with 绩效 targets): these key figures are
# only the words standing on their own, after punctuation, a year, the unit (本部门, 本单位)
# speaking, or 其中 / 包括.
_OWN_WORD = r"(?:(?<![\u4e00-\u9fff])|(?<=[年度门位的中括]))"
# '增加基本支出 844.15 万元' is a change written verb first, not a statement of the figure
_NOT_A_CHANGE = r"(?<!增加)(?<!减少)(?<!增长)(?<!下降)"
# key figure -> (pattern a sentence states it with, concepts the engine may give it)
KEY_FIGURES = {
    "收入总额": (_OWN_WORD + r"(?:预算)?收入(?:预算)?(?:总额|总计|合计)?", ("收入预算", "收入总计", "本年收入合计")),
    "支出总额": (_OWN_WORD + r"(?:预算)?支出(?:预算)?(?:总额|总计|合计)?", ("支出预算", "支出总计", "本年支出合计")),
    "一般公共预算拨款": (_OWN_WORD + r"一般公共预算(?:财政)?拨款(?:收入)?", ("一般公共预算收入",)),
    # '一般公共预算基本支出 3,745.07 万元' is the 一般公共预算 part, another figure than 基本支出
    "基本支出": (r"(?<!一般公共预算)(?<!财政拨款)基本支出", ("基本支出",)),
    "项目支出": (r"项目支出", ("项目支出",)),
    "三公经费": (r"三公[”\"]?经费", ("三公经费",)),
    "因公出国费": (r"因公出国[（(]境[)）]费(?:用)?", ("因公出国费",)),
    "公务用车购置及运行费": (r"公务用车购置及运行(?:维护)?费", ("公务用车购置及运行费",)),
    "公务接待费": (r"公务接待费", ("公务接待费",)),
    "机关运行经费": (r"机关运行经费", ("机关运行经费",)),
    "政府采购总额": (r"政府采购预算(?:总额)?", ("政府采购预算",)),
}
# A stated change: a direction word and its amount ('比上年增加 3.4 万元', and the reasons after
# it: '主要是基本支出增加 659.75 万元'), or a comparison that says there is none ('与上年持平').
_MOVE = r"(?P<word>增加|减少|增长|下降)了?\s*(?P<amount>\d[\d,，]*(?:\.\d+)?)\s*(?:亿元|万元|元|%|％)"
_CHANGE = re.compile(_MOVE + r"|(?P<flat>(?:比|较|与)\s*(?:上年|去年|上年度|\d{4}\s*年度?)[^，。；\d]{0,6}?持平)")
# A sentence whose money unit has no figure before it ('收入比    年减少    万元'): the PDF's text
# layer moved its figures elsewhere, so what it states cannot be read from the text.
RECOGNISED = [*KEY_FIGURES, "stated changes"]
_SCRAMBLED = re.compile(r"[^\d\s.,，]\s{2,}(?:万元|亿元)")


def run_engine(folder: Path, output: Path) -> None:
    subprocess.run([sys.executable, "-m", "engine", str(folder), "--format", "json", "--output", str(output),
                    "--no-cache", "--fail-on", "never"], cwd=ROOT, check=True)


def locality(path: str) -> str:
    return Path(path).parent.name


def key_figure_recognition(paths: list[Path], misses: list | None = None) -> dict[str, list[int]]:
    """key -> [stated, read] for one document (a bundle's files joined, as the engine checks them;
    'stated changes': direction words with an amount, and 持平). Each stated figure the engine did
    not read is appended to `misses` as (key, line, sentence); 'scrambled sentences' counts
    sentences whose figures the text layer moved away."""
    from engine.facts.tables import extract_facts
    from engine.parse import parse_document
    from engine.read import read_source
    from engine.read.bundle import join_sources
    from engine.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    sources = [read_source(path, str(path)) for path in paths]
    source = sources[0] if len(sources) == 1 else join_sources(sources, str(paths[0]))
    facts = extract_facts(parse_document(source, vocabulary), vocabulary)
    counts: dict[str, list[int]] = {}
    read_values = collections.defaultdict(set)
    for statement in facts.statements:
        read_values[statement.concept].add(_normal(statement.amount.value))
    sentences = [(sentence, line) for sentence, line in facts.texts if not _SCRAMBLED.search(sentence)]
    for key, (words, concepts) in KEY_FIGURES.items():
        pattern = re.compile(_NOT_A_CHANGE + words + _GAP + _AMOUNT)
        stated = read = 0
        for sentence, line in sentences:
            match = pattern.search(sentence)
            if not match:
                continue
            stated += 1
            value = _value(match.group("amount"))
            if any(value in read_values[concept] for concept in concepts):
                read += 1
            elif misses is not None:
                misses.append((key, line, sentence))
            break  # the first statement of a key figure in a document
        counts[key] = [stated, read]
    deltas = collections.Counter()
    for change in facts.changes:
        if change.subject and change.delta is not None:
            deltas[(_normal(abs(change.delta.value)), change.direction)] += 1
    stated = read = 0
    for sentence, line in sentences:
        for match in _CHANGE.finditer(sentence):
            stated += 1
            if match.group("flat"):
                key = (Decimal(0), 0)
            else:
                key = (_value(match.group("amount")), -1 if match.group("word") in ("减少", "下降") else 1)
            if deltas[key] > 0:
                deltas[key] -= 1
                read += 1
            elif misses is not None:
                misses.append(("stated changes", line, sentence))
    counts["stated changes"] = [stated, read]
    counts["scrambled sentences"] = [len(facts.texts) - len(sentences), 0]
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
        "figures": collections.defaultdict(lambda: [0, 0]), "firing": collections.Counter(),
        "errors_by_document": collections.Counter()})
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
            if finding["severity"] == "error":
                entry["errors_by_document"][(finding["rule"], document["path"])] += 1
            fired.add((finding["rule"], finding["severity"]))
        entry["firing"].update(fired)
        if with_figures and document.get("status") == "checked":
            parts = (document.get("bundle") or {}).get("parts") or [document["path"]]
            for key, (stated, read) in key_figure_recognition([Path(part) for part in parts]).items():
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
        stated = sum(entry["figures"][key][0] for key in RECOGNISED)
        read = sum(entry["figures"][key][1] for key in RECOGNISED)
        rate = f"{100 * read / stated:.0f}%" if stated else "–"
        true_errors = sum(count for (rule, path), count in entry["errors_by_document"].items()
                          if verdict_in(verdicts, rule, name, path) == "true")
        judged = sum(count for (rule, severity), count in entry["rules"].items()
                     if severity == "error" and rule in verdicts)
        share = f"{true_errors}/{judged} ({100 * true_errors / judged:.0f}%)" if judged else "–"
        lines.append(f"| {name} | {documents} | {entry['kinds'] / documents:.1f} | {read} / {stated} | {rate} | "
                     f"{entry['errors'] / documents:.1f} | {entry['warnings'] / documents:.1f} | {share} |")
    lines += ["", "## Key figures by locality (read / stated)", ""]
    keys = [*RECOGNISED, "scrambled sentences"]
    lines.append("| locality | " + " | ".join(keys) + " |")
    lines.append("|---" * (len(keys) + 1) + "|")
    for name in sorted(by_locality):
        figures = by_locality[name]["figures"]
        cells = [f"{figures[key][1]}/{figures[key][0]}" for key in RECOGNISED] + [str(figures["scrambled sentences"][0])]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "A key figure counts as stated when a sentence names it on its own (not as the end of another",
              "name: 事业收入 is not 收入) followed by its amount, with only a year, a colon or a copula (为, 共计,",
              "预算数为) between; it is read when the engine has a statement of that concept with that value. A",
              "stated change is a direction word with an amount (or 持平), read when the engine has a change with",
              "that amount and a subject. Scrambled sentences (a 万元 with no figure before it: the PDF's text layer",
              "moved the figures) state nothing readable and are counted apart. `python -m bench.real_world",
              "FOLDER/LOCALITY --figures-only --misses` lists what was stated and not read."]
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
        if verdict.get("documents"):
            shown += f" ({len(verdict['documents'])} documents judged apart)"
        lines.append(f"| {rule} | {severity} | {firing[(rule, severity)]} | {count} | "
                     f"{100 * firing[(rule, severity)] / total_documents:.0f}% | {shown} | "
                     f"{verdict.get('evidence', '')} |")
    notes = adjudication.get("notes", "")
    if notes:
        lines += ["", "## Notes", "", notes.strip()]
    return "\n".join(lines) + "\n"


def figures_only(folder: Path, show_misses: bool) -> None:
    """Key-figure recognition of every PDF under `folder` (one locality, say), without running the
    rules: the figures table of the report, and with `show_misses` each stated figure not read."""
    totals: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".pdf", ".txt", ".html", ".htm"):
            continue
        misses: list = []
        try:
            counts = key_figure_recognition([path], misses)
        except Exception as error:  # noqa: BLE001 - a bench reports and goes on
            print(f"{path}: not read ({error})")
            continue
        for key, (stated, read) in counts.items():
            totals[key][0] += stated
            totals[key][1] += read
        if show_misses:
            for key, line, sentence in misses:
                print(f"{path.name}:{line}: {key}: {sentence[:160]}")
    stated = sum(totals[key][0] for key in RECOGNISED)
    read = sum(totals[key][1] for key in RECOGNISED)
    print(" ".join(f"{key} {totals[key][1]}/{totals[key][0]}" for key in RECOGNISED),
          f"(scrambled sentences, not counted: {totals['scrambled sentences'][0]})")
    print(f"read {read} / stated {stated} ({100 * read / stated:.0f}%)" if stated else "nothing stated")


def verdict_in(verdicts: dict, rule: str, locality: str, path: str = "") -> str:
    """A rule's verdict on one document: its `documents` entry whose key is part of the document's
    path (findings true in one document and false in another of the same locality), else its
    `localities` entry (a rule true in one template and false in another), else the rule's."""
    entry = verdicts.get(rule, {})
    for part, verdict in entry.get("documents", {}).items():
        if part in path:
            return verdict
    return entry.get("localities", {}).get(locality, entry.get("verdict", "not judged"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--json", help="an earlier `python -m engine FOLDER --format json` output")
    parser.add_argument("--output", default=str(ROOT / "docs" / "real-world-findings.md"))
    parser.add_argument("--skip-figures", action="store_true", help="do not read the documents again")
    parser.add_argument("--figures-only", action="store_true",
                        help="only key-figure recognition of FOLDER (one locality), printed; no rules run")
    parser.add_argument("--misses", action="store_true", help="with --figures-only: each stated figure not read")
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    if arguments.figures_only:
        figures_only(folder, arguments.misses)
        return 0
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
