"""The fixed parts of the HTML report: head with its style, the overview, the filters, the script.

Everything here is known only when the run ends (totals, top rules, what triage set aside) or
does not depend on the documents at all (style, script, the rules' titles and legal bases). The
documents' own parts come from engine.report.html and go between these pieces. Style and script
are package data (`html_assets/`), read once and inlined: the file must open from disk offline.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Optional

from engine import __version__
from engine.language.compile.compiler import RuleInfo
from engine.record import frozen
from engine.report.summary import Summary
from engine.workflow.triage import Tally

TOP_RULES = 10


@frozen
class RunSettings:
    """What the run was asked to do, shown on the overview so a reader knows what the report covers."""

    rule_files: tuple[str, ...] = ()  # besides the shipped rules
    vocabulary: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    waivers: Optional[str] = None
    baseline: Optional[str] = None
    fail_on: str = "error"
    settings_file: Optional[str] = None
    severity: tuple[tuple[str, str], ...] = ()  # (rule, severity) overrides from the settings file

    def rows(self, rules: int) -> list[tuple[str, str]]:
        return [
            ("rules", f"{rules} rule(s): the shipped rule library" + "".join(f", {path}" for path in self.rule_files)),
            ("vocabulary", ", ".join(("shipped", *self.vocabulary))),
            ("--select", ", ".join(self.select) or "all"),
            ("--ignore", ", ".join(self.ignore) or "none"),
            ("waivers", self.waivers or "none"),
            ("baseline", self.baseline or "none"),
            ("--fail-on", self.fail_on),
            ("settings file", self.settings_file or "none"),
            ("severity overrides", ", ".join(f"{rule} → {severity}" for rule, severity in self.severity) or "none"),
        ]


@cache
def asset(name: str) -> str:
    return resources.files("engine.report").joinpath("html_assets", name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON safe inside a <script> element: every '<' escaped, so no '</script>' or '<!--' can occur."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def page_start(summary: Summary, tally: Optional[Tally], infos: list[RuleInfo], settings: RunSettings) -> str:
    """From the doctype to the list of unreadable documents, which the writer fills in next."""
    titles = {info.code: info.title for info in infos}
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # no request may leave the file, even by mistake: the policy forbids every fetch but inline data
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">\n'
        f"<title>rulecheck report: {summary.documents} document(s)</title>\n"
        f"<style>\n{asset('report.css')}</style>\n</head>\n<body>\n",
        _header(summary),
        _filters(summary, titles),
        '<main id="overview">\n',
        _counts(summary, tally),
        '<div class="columns">\n',
        _top_rules(summary, titles),
        _settings(settings, len(infos)),
        "</div>\n",
        _notes(tally),
        f'<section class="unreadable"{"" if summary.errors else " hidden"}>\n'
        f"<h2>Could not be read or not supported ({summary.errors})</h2>\n<ul>\n",
    ]
    return "".join(parts)


def _header(summary: Summary) -> str:
    return (f'<header class="top"><h1>rulecheck report</h1><span class="muted">rulecheck {_e(__version__)} · '
            f"{summary.documents} document(s)</span>"
            '<button type="button" id="back" hidden>← overview</button></header>\n')


def _filters(summary: Summary, titles: dict[str, str]) -> str:
    boxes = "".join(f'<label class="sev s{name[0]}"><input type="checkbox" name="severity" value="{name}" checked> '
                    f"{name} <b>{summary.findings.get(name, 0)}</b></label>" for name in ("error", "warning", "info"))
    options = "".join(f'<option value="{_e(rule)}">{_e(rule)} ({count}) {_e(titles.get(rule, ""))[:40]}</option>'
                      for rule, count in sorted(summary.rules.items()))
    return ('<nav class="filters" aria-label="filters">'
            f'<span class="group">{boxes}</span>'
            f'<select id="rule-filter" aria-label="rule"><option value="">all rules</option>{options}</select>'
            '<input id="doc-filter" type="search" placeholder="document name" aria-label="document">'
            '<input id="text-filter" type="search" placeholder="search findings" aria-label="search findings">'
            '<span id="shown" class="muted"></span></nav>\n')


def _counts(summary: Summary, tally: Optional[Tally]) -> str:
    cards = [
        ("documents checked", summary.checked, ""),
        ("could not be read", summary.errors, " bad" if summary.errors else ""),
        ("with findings", summary.with_findings, ""),
    ]
    cards += [
        (f"{name} findings", summary.findings.get(name, 0), f" s{name[0]}") for name in ("error", "warning", "info")
    ]
    if tally is not None:
        cards += [
            (label, value, " muted")
            for label, value in (("waived", tally.waived), ("in the baseline", tally.known))
            if value
        ]
    return (
        '<section class="cards">'
        + "".join(
            f'<div class="card{kind}"><b>{value}</b><span>{_e(label)}</span></div>' for label, value, kind in cards
        )
        + "</section>\n"
    )


def _top_rules(summary: Summary, titles: dict[str, str]) -> str:
    top = sorted(summary.rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    rows = "".join(
        f'<tr><td><button type="button" class="rule-link" data-rule="{_e(rule)}">{_e(rule)}</button></td>'
        f'<td class="n">{count}</td><td>{_e(titles.get(rule, ""))}</td></tr>'
        for rule, count in top
    )
    body = (
        f"<table><thead><tr><th>rule</th><th>findings</th><th>title</th></tr></thead><tbody>{rows}</tbody></table>"
        if top
        else '<p class="muted">no findings</p>'
    )
    return f'<section class="top-rules"><h2>Top rules</h2>{body}</section>\n'


def _settings(settings: RunSettings, rules: int) -> str:
    rows = "".join(f"<tr><th>{_e(name)}</th><td>{_e(value)}</td></tr>" for name, value in settings.rows(rules))
    return f'<section class="settings"><h2>Settings of the run</h2><table>{rows}</table></section>\n'


def _notes(tally: Optional[Tally]) -> str:
    if tally is None or not (tally.stale or tally.expired):
        return ""
    notes = [f"stale: {waiver.describe()} matched no finding" for waiver in tally.stale]
    # an expired waiver has a date, and a date prints as its ISO form
    notes += [f"expired: {waiver.describe()} expired on {waiver.expires}" for waiver in tally.expired]
    return (
        '<section class="notes"><h2>Waivers to review</h2><ul>'
        + "".join(f"<li>{_e(note)}</li>" for note in notes)
        + "</ul></section>\n"
    )


def _head_label(group: str, shared: str) -> str:
    """A heat-map column's head: the group without the prefix all groups share (BUD-A -> A), a
    lettered group without its pack's prefix when packs are mixed, a file group as it is (FA balances)."""
    if shared:
        return group[len(shared) :]
    return group.split("-", 1)[1] if "-" in group and " " not in group else group


def table_start(groups: tuple[str, ...]) -> str:
    """After the unreadable list: the documents table's head; the rows follow."""
    prefixes = {group.rpartition("-")[0] for group in groups}
    shared = prefixes.pop() + "-" if len(prefixes) == 1 and "" not in prefixes else ""  # BUD-A .. BUD-Y: head A .. Y
    heads = "".join(
        f'<th class="heat-head" title="rule group {_e(group)}"><span>{_e(_head_label(group, shared))}</span></th>'
        for group in groups
    )
    return (
        "</ul>\n</section>\n"
        f'<section class="documents"><h2>Documents <span class="muted">— findings by rule group {_e(shared)}… '
        "(click a document to open it)</span></h2>\n"
        f'<div class="table-wrap"><table id="documents" style="--groups: {len(groups)}"><thead><tr>'
        "<th>document</th><th>status</th>"
        '<th class="n se" title="errors">E</th><th class="n sw" title="warnings">W</th>'
        '<th class="n si" title="info">I</th>'
        '<th class="n" title="recognised tables (+ unrecognised)">tables</th>'
        '<th class="n" title="figures stated in the text">stated</th>'
        '<th class="n" title="pages (blank: without a text layer)">pages</th>'
        f"{heads}</tr></thead>\n<tbody>\n"
    )


def page_middle(infos: list[RuleInfo]) -> str:
    """After the rows: the (empty) document view, the rules' titles, reasons and legal bases, and the
    script, so the overview works before the browser has parsed the documents' data that follows."""
    rules = {
        info.code: {
            "title": info.title,
            "why": " ".join(info.why.split()) if info.why else "",
            "basis": info.citation,
            "name": info.name,
        }
        for info in infos
    }
    return (
        "</tbody></table></div></section>\n</main>\n"
        '<main id="document" hidden></main>\n'
        '<noscript><p class="muted">Open a document\'s findings with JavaScript enabled; '
        "the overview above is complete without it.</p></noscript>\n"
        f'<script type="application/json" id="rules">{script_json(rules)}</script>\n'
        f"<script>\n{asset('report.js')}</script>\n"
    )


def page_end() -> str:
    """After every document's data."""
    return "</body>\n</html>\n"
