"""What the engine itself says, in English and in Chinese: one language per run.

Rule messages are written by the rule's author and stay as written. What rulecheck adds to them
(the rounding note of a residue, the frame of a rule that could not be evaluated) and the frame
of the text report (headers, counts, the closing summary) follow the run's language, so a
Chinese finding does not end in an English parenthesis. Findings default to Chinese, the
language of the documents and the rules; the report's frame defaults to English; `--lang en|zh`
(or RULECHECK_LANG) puts both in one language.
"""

from __future__ import annotations

import os
from typing import Optional

LANGUAGES = ("en", "zh")
FINDINGS_DEFAULT = "zh"
INTERFACE_DEFAULT = "en"

_PHRASES: dict[str, tuple[str, str]] = {
    # added to findings
    "residue": (" (within rounding: residue {difference}, intervals {left} and {right})",
                "（舍入误差范围内：差额 {difference}，区间 {left} 与 {right}）"),
    "not-evaluated": ("rule could not be evaluated: {reason}", "规则无法求值：{reason}"),
    # the text report's frame
    "document-findings": ("{path}: {count} finding(s)", "{path}：{count} 条发现"),
    "bundle-parts": (
        "bundle of {count} files checked as one document ({what}): {parts}",
        "{count} 个文件作为一份文档检查（{what}）：{parts}",
    ),
    "by-severity": (": {counts}", "（{counts}）"),
    "severity-count": ("{count} {severity}", "{severity_zh} {count}"),
    "finding-headers": ("rule|severity|finding and citations", "规则|严重程度|发现与引用"),
    "not-applicable": ("  not applicable: {rule}: {reason}", "  不适用：{rule}：{reason}"),
    "table-of-citations": ("{table}:", "{table}："),
    "summary-line": ("{documents} document(s): {checked} checked, {errors} could not be read{unsupported}; "
                     "findings: {found}; rules not applicable: {not_applicable}",
                     "共 {documents} 个文件：已检查 {checked}，无法读取 {errors}{unsupported}；"
                     "发现：{found}；不适用的规则：{not_applicable}"),
    "unsupported": (", {count} in an unsupported format", "，格式不支持 {count}"),
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def say(key: str, language: str, **values) -> str:
    english, chinese = _PHRASES[key]
    return (chinese if language == "zh" else english).format(
        **values, severity_zh=SEVERITY_ZH.get(values.get("severity", ""), "")
    )


def chosen(given: Optional[str]) -> Optional[str]:
    """The run's language: `--lang`, else RULECHECK_LANG, else None (each part its default)."""
    value = given or os.environ.get("RULECHECK_LANG") or None
    return value if value in LANGUAGES else None


def severity_counts(counts: dict, language: str) -> str:
    """`21 error, 10 warning, 20 info` / `错误 21，警告 10，提示 20`, only the severities present."""
    parts = [
        say("severity-count", language, count=counts[severity], severity=severity)
        for severity in ("error", "warning", "info")
        if counts.get(severity)
    ]
    return ("，" if language == "zh" else ", ").join(parts)
