"""A run's closing summary table: documents, findings by severity, what was set aside, top rules.

Printed after the text report (and on stderr after machine formats, so stdout stays parseable):
the few numbers a person triaging hundreds of findings looks at first. Waived findings, findings
already in the baseline, stale and expired waivers are tallied here because they were removed
from the report: the table is where they stay visible.
"""

from __future__ import annotations

from typing import Any

from engine.report.layout import simple_table
from engine.report.summary import Summary
from engine.util.wording import SEVERITY_ZH
from engine.workflow.triage import Tally

_CHINESE = {
    "summary": "汇总",
    "count": "数量",
    "documents checked": "已检查的文件",
    "documents that could not be read": "无法读取的文件",
    "documents with findings": "有发现的文件",
    "waived (rulecheck-waivers)": "已豁免（rulecheck-waivers）",
    "already in the baseline": "基线中已有",
    "stale waivers": "失效的豁免",
    "expired waivers": "过期的豁免",
    "top rules": "发现最多的规则",
    "findings": "发现",
    "title": "标题",
    **{f"findings: {severity}": f"发现：{word}" for severity, word in SEVERITY_ZH.items()},
}

TOP_RULES = 5


def render_overview(summary: Summary, tally: Tally, titles: dict[str, str], language: str = "en") -> str:
    def word(text: str) -> str:
        return _CHINESE.get(text, text) if language == "zh" else text

    rows: list[list[Any]] = [
        ["documents checked", summary.checked],
        ["documents that could not be read", summary.errors],
        ["documents with findings", summary.with_findings],
    ]
    rows += [[f"findings: {severity}", summary.findings.get(severity, 0)] for severity in ("error", "warning", "info")]
    if tally.waived:
        rows.append(["waived (rulecheck-waivers)", tally.waived])
    if tally.known:
        rows.append(["already in the baseline", tally.known])
    if tally.stale:
        rows.append(["stale waivers", len(tally.stale)])
    if tally.expired:
        rows.append(["expired waivers", len(tally.expired)])
    parts = [
        simple_table([[word(label), str(count)] for label, count in rows], [word("summary"), word("count")], right=(1,))
    ]
    top = sorted(summary.rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    if top:
        table = [[rule, str(count), titles.get(rule, "")] for rule, count in top]
        parts.append(simple_table(table, [word("top rules"), word("findings"), word("title")], right=(1,)))
    notes = [
        f"stale: {waiver.describe()} matched no finding; remove it or update its fingerprint" for waiver in tally.stale
    ]
    # an expired waiver has a date, and a date prints as its ISO form
    notes += [f"expired: {waiver.describe()} expired on {waiver.expires}" for waiver in tally.expired]
    return "\n\n".join(parts + (["\n".join(notes)] if notes else [])) + "\n"
