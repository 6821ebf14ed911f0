"""The rule reference in docs/rules/: one Markdown page per rule group, generated from the rules.

    python3 -m engine.report.rule_reference docs/rules           # rewrite the pages
    python3 -m engine.report.rule_reference --check docs/rules   # exit 1 when they are stale

The .rule files are the single source (as for `rulecheck rule ID` and SARIF): a page shows, for
each rule of its group, the fields as written (title, severity, legal basis, see, why, message),
its source up to the examples and a summary of the examples. A group is the ID up to its letters
(BUD-A01, BUD-A07-3 -> BUD-A), as ruff and sqlfluff group their rule docs by code prefix. Each page
opens with the header comment of the rule files its rules come from, so the wording stays in
rules/. Output is deterministic (sorted, no dates), so a test regenerates and compares.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from engine.language.compile.compiler import CompiledRule, RuleInfo
from engine.language.compile.lint import subexpressions
from engine.language.rulebook import load_rulebook
from engine.language.syntax import nodes
from engine.language.syntax.parser import parse_rule_text
from engine.report.rule_page import rule_source_logic
from engine.vocabulary import default_vocabulary

INDEX = "README.md"
_GROUP = re.compile(r"^(.*?[A-Z])-?(?=\d)")
REGENERATE = "python3 -m engine.report.rule_reference docs/rules"


def rule_group(code: str) -> str:
    """BUD-A01 -> BUD-A, T-1 -> T; an ID without digits is its own group."""
    match = _GROUP.match(code)
    return match.group(1) if match else code


def reference_pages(rules: tuple[CompiledRule, ...], texts: dict[str, str]) -> dict[str, str]:
    """File name -> Markdown text: the index and one page per group."""
    groups: dict[str, list[RuleInfo]] = defaultdict(list)
    for rule in sorted(rules, key=lambda rule: rule.info.code):
        groups[rule_group(rule.info.code)].append(rule.info)
    definitions = _definitions_read(texts)
    pages = {f"{group}.md": _group_page(group, infos, texts, definitions) for group, infos in sorted(groups.items())}
    pages[INDEX] = _index(groups, texts)
    return pages


def _index(groups: dict[str, list[RuleInfo]], texts: dict[str, str]) -> str:
    total = sum(len(infos) for infos in groups.values())
    lines = [
        "# Rule reference",
        "",
        f"{total} rules in {len(groups)} groups, generated from `rules/*.rule` by `{REGENERATE}`",
        "(do not edit by hand; a test fails when these pages are out of date). `rulecheck rule ID`",
        "shows the same for one rule.",
        "",
        "| group | rules | files |",
        "|---|---|---|",
    ]
    for group, infos in sorted(groups.items()):
        files = ", ".join(f"`{path}`" for path in _files(infos))
        lines.append(f"| [{group}]({group}.md) | {len(infos)} | {files} |")
    lines += ["", "| rule | name | severity | title |", "|---|---|---|---|"]
    for group, infos in sorted(groups.items()):
        for info in infos:
            lines.append(
                f"| [{info.code}]({group}.md#{_anchor(info)}) | {info.name} | {info.severity} | {_cell(info.title)} |"
            )
    return "\n".join(lines) + "\n"


def _group_page(group: str, infos: list[RuleInfo], texts: dict[str, str], definitions: dict[str, list[str]]) -> str:
    lines = [f"# {group}: {len(infos)} rule{'s' if len(infos) != 1 else ''}", ""]
    for path in _files(infos):
        lines.append(f"From `{path}`:")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in _header_comment(texts.get(path, "")))
        lines.append("")
    lines += ["Generated from the rule sources; see [the index](README.md).", ""]
    lines.append(" · ".join(f"[{info.code}](#{_anchor(info)})" for info in infos))
    for info in infos:
        lines += [""] + _rule_section(info, definitions.get(info.code, []))
    return "\n".join(lines) + "\n"


def _rule_section(info: RuleInfo, definitions: list[str]) -> list[str]:
    lines = [
        f"## {info.code} {info.name}",
        "",
        f"**{info.title}**",
        "",
        "| | |",
        "|---|---|",
        f"| severity | {info.severity} |",
        f"| legal basis | {_cell(info.citation)} |",
    ]
    if info.see:
        lines.append(f"| see | {_cell(info.see)} |")
    lines += [
        f"| message | {_cell(info.message, code=True)} |",
        f"| defined at | `{info.path}:{info.line}` |",
        "",
    ]
    if info.why:
        lines += [_joined(info.why), ""]
    lines += ["```", rule_source_logic(info), "```", ""]
    if definitions:
        lines += ["Definitions it reads:", "", "```", *definitions, "```", ""]
    lines.append(_examples(info))
    return lines


def _joined(text: str) -> str:
    """A text wrapped over several lines as one line; Chinese lines join without a space."""
    joined = ""
    for part in (line.strip() for line in text.split("\n")):
        if joined and part and not (joined[-1].isascii() or part[0].isascii()):
            joined += part
        else:
            joined += (" " if joined and part else "") + part
    return joined


def _definitions_read(texts: dict[str, str]) -> dict[str, list[str]]:
    """Rule ID -> the `define` lines (as printed by nodes.to_source) it reads, directly or through
    another definition, each once."""
    parsed = [parse_rule_text(text, path)[0] for path, text in sorted(texts.items())]
    defines = {define.name: define for rule_file in parsed for define in rule_file.defines}
    read: dict[str, list[str]] = {}
    for rule_file in parsed:
        for rule in rule_file.rules:
            names: list[str] = []
            pending = _rule_expressions(rule)
            while pending:
                for node in subexpressions(pending.pop(0)):
                    name = _name_read(node)
                    if name in defines and name not in names:
                        names.append(name)
                        pending.append(defines[name].expression)
            read[rule.code] = [f"define {name} = {nodes.to_source(defines[name].expression)}" for name in names]
    return read


def _rule_expressions(rule: nodes.RuleDecl) -> list:
    parts = [
        part for quantifier in rule.quantifiers for part in (quantifier.source, quantifier.where) if part is not None
    ]
    return parts + list(rule.conditions) + ([rule.assertion] if rule.assertion is not None else [])


def _name_read(node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.SelectRows) and node.selector.kind == "name":
        return node.selector.value
    return None


def _examples(info: RuleInfo) -> str:
    if not info.examples:
        return "Examples: none."
    parts = [f"{example.outcome} (line {example.span.line})" for example in info.examples]
    return f"Examples ({len(parts)}, run by `rulecheck test`): " + ", ".join(parts) + "."


def _files(infos: list[RuleInfo]) -> list[str]:
    return sorted({info.path for info in infos})


def _header_comment(text: str) -> list[str]:
    """The comment block a rule file opens with, without its `#` marks."""
    lines = []
    for line in text.split("\n"):
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _anchor(info: RuleInfo) -> str:
    """GitHub's heading anchor for `## CODE name`: lower case, spaces to hyphens."""
    return f"{info.code} {info.name}".lower().replace(" ", "-")


def _cell(text: str, code: bool = False) -> str:
    flat = " ".join(text.split("\n")).replace("|", "\\|")
    return f"`{flat}`" if code and flat else flat


def write_reference(folder: Path, check: bool = False) -> list[str]:
    """Write the pages (or, with check, only compare); return the names that differed."""
    vocabulary = default_vocabulary()
    rulebook = load_rulebook([], vocabulary)
    pages = reference_pages(rulebook.rule_set.rules, rulebook.texts)
    stale = sorted(
        name
        for name, text in pages.items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    )
    stale += sorted(path.name for path in folder.glob("*.md") if path.name not in pages) if folder.is_dir() else []
    if not check:
        folder.mkdir(parents=True, exist_ok=True)
        for path in folder.glob("*.md"):
            if path.name not in pages:
                path.unlink()
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
    return stale


def main(arguments: list[str]) -> int:
    check = "--check" in arguments
    folders = [argument for argument in arguments if argument != "--check"]
    if len(folders) != 1:
        print(f"usage: {REGENERATE} [--check]", file=sys.stderr)
        return 2
    stale = write_reference(Path(folders[0]), check)
    if check and stale:
        print(f"{folders[0]} is out of date ({', '.join(stale)}); run: {REGENERATE}", file=sys.stderr)
        return 1
    print(f"{folders[0]}: {'up to date' if not stale else f'rewrote {len(stale)} page(s)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
