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
    "document-error": ("{path}: error: {error}", "{path}：错误：{error}"),
    "coverage": ("coverage: {parts}", "识别情况：{parts}"),
    "coverage-separator": ("; ", "；"),
    "coverage-tables": ("{tables} table(s) of {kinds} recognised kind(s)", "表格 {tables} 张，识别出 {kinds} 种"),
    "coverage-unrecognised": ("{count} table(s) not recognised", "未识别的表格 {count} 张"),
    "coverage-statements": ("{count} stated figure(s)", "说明中的数 {count} 个"),
    "coverage-pages": ("{count} page(s)", "{count} 页"),
    "coverage-no-text": ("no text layer on page(s) {pages}", "无文字层的页：{pages}"),
    # `rulecheck facts`
    "facts-header": ("{path}: {title} ({year}, {unit})", "{path}：{title}（{year}，{unit}）"),
    "budget-year": ("budget year {year}", "预算年度 {year}"),
    "no-budget-year": ("no budget year read", "未读出预算年度"),
    "unit-name": ("unit {unit}", "单位 {unit}"),
    "no-unit-name": ("no unit name read", "未读出单位名称"),
    "facts-columns": ("page|line|kind|table|row|column|period|value|concept",
                      "页|行号|类别|表|行|列|期间|数值|概念"),
    "versus-year": ("vs {year}", "与 {year} 年比"),
    "versus-prior-year": ("vs prior year", "与上年比"),
    # `rulecheck explain`
    "explain-place": ("rule at {place}; document {path} ({year})", "规则位于 {place}；文件 {path}（{year}）"),
    "binding": ("binding {count}: {bindings}", "绑定 {count}：{bindings}"),
    "no-for-each": ("(the rule has no `for each`)", "（规则没有 `for each`）"),
    "binding-not-applicable": ("not applicable: {reason}", "不适用：{reason}"),
    "condition-fails": ("a condition does not hold", "条件不成立"),
    "no-binding": ("no binding: the document has nothing this rule's `for each` visits",
                   "没有绑定：文件中没有本规则 `for each` 遍历的内容"),
    "trace-stopped": ("trace stopped: {reason}", "追踪中止：{reason}"),
    "verdict": ("verdict: {status}", "结论：{status}"),
    "verdict-reason": (" ({reason})", "（{reason}）"),
    "verdict-findings": (", {count} finding(s)", "，{count} 条发现"),
    "finding-line": ("{severity}: {message}", "{severity_zh}：{message}"),
    "value-interval": ("= {value}  interval {interval}", "= {value}  区间 {interval}"),
    "read-from": ("from {term}", "来自 {term}"),
    "row-of": ("= row of {count} column(s)", "= 一行，{count} 列"),
    "entry-interval": ("{label}: {value}  interval {interval}", "{label}：{value}  区间 {interval}"),
    "nothing-to-compare": ("= nothing to compare (both sides blank)", "= 无可比较（两边均为空）"),
    "flag-true": ("= true", "= 真"),
    "flag-false": ("= false", "= 假"),
    "value-missing": ("= missing: {reason}", "= 缺失：{reason}"),
    "value-error": ("= error: {reason}", "= 错误：{reason}"),
    "comparison": ("= {column}{left} {operator} {right}: {outcome}  (intervals {left_interval} and {right_interval})",
                   "= {column}{left} {operator} {right}：{outcome}（区间 {left_interval} 与 {right_interval}）"),
    "holds": ("holds", "成立"),
    "fails": ("FAILS", "不成立"),
    "holds-within-rounding": ("holds within rounding (residue)", "在舍入误差内成立（有差额）"),
    "blank": (" (blank)", "（空白）"),
    "blank-value": ("(blank)", "（空白）"),
    "binding-line": ("{label} ({where})", "{label}（{where}）"),
    "at-line": ("line {line}", "第 {line} 行"),
    # `rulecheck test`
    "collected": ("collected {cases} example(s) from {rules} rule(s)", "收集到 {cases} 个示例，来自 {rules} 条规则"),
    "case-passed": ("{id} PASSED", "{id} 通过"),
    "case-failed": ("{id} FAILED", "{id} 失败"),
    "failed-case": ("FAILED {id} - expected {expected}, got {got}", "失败 {id} - 预期 {expected}，实际 {got}"),
    "test-summary": ("{passed} passed, {failed} failed", "通过 {passed}，失败 {failed}"),
    "failure-title": ("{place}: example {outcome} of {code} {name}", "{place}：{code} {name} 的{outcome}示例"),
    "failure-expected": ("  expected: {outcome}", "  预期：{outcome}"),
    "failure-got": ("  got:      {outcome}", "  实际：{outcome}"),
    "failure-detail": ("  detail:   {detail}", "  详情：{detail}"),
    "failure-document": ("  document:", "  示例文件："),
    "lacking-example": ("{place}: {code} has no {lacking} example", "{place}：{code} 缺少{lacking}示例"),
    "lacking-joiner": (" and no ", "和"),
    "coverage-summary": ("{covered} of {total} rule(s) have both a passing and a failing example",
                         "{total} 条规则中 {covered} 条既有通过示例又有不通过示例"),
    # `rulecheck rules`, `rule`, `check-rules`
    "rules-headers": ("rule|name|severity|title|legal basis", "规则|名称|严重程度|标题|法规依据"),
    "rules-count": ("{count} rules", "共 {count} 条规则"),
    "rule-severity": ("severity     {value}", "严重程度  {value}"),
    "rule-basis": ("legal basis  {value}", "法规依据  {value}"),
    "rule-see": ("see          {value}", "参见      {value}"),
    "rule-why": ("why          {value}", "理由      {value}"),
    "rule-why-missing": ("(not given)", "（未写）"),
    "rule-defined": ("defined at   {value}", "定义位置  {value}"),
    "rule-source": ("source:", "规则原文："),
    "rule-examples": ("examples: {counts}", "示例：{counts}"),
    "rule-examples-none": ("examples: none", "示例：无"),
    "rule-example-count": ("{count} {outcome}", "{outcome} {count}"),
    "rule-example": ("  example {outcome} (line {line}):", "  示例 {outcome}（第 {line} 行）："),
    "check-rules-errors": ("{errors} error(s) in {files} rule file(s)", "{files} 个规则文件中有 {errors} 个错误"),
    "check-rules-clean": ("{rules} rule(s) in {files} file(s): no problems",
                          "{files} 个文件中 {rules} 条规则：没有问题"),
    "check-rules-warnings": ("{rules} rule(s) in {files} file(s): no errors, {warnings} warning(s)",
                             "{files} 个文件中 {rules} 条规则：没有错误，{warnings} 个警告"),
}
# words the engine prints on their own: a rule's status, an example's outcome, a kind of figure
_WORDS_ZH = {"pass": "通过", "fail": "不通过", "not_applicable": "不适用", "na": "不适用", "error": "错误",
             "crash": "崩溃", "warning": "警告", "info": "提示",
             "cell": "单元格", "statement": "说明中的数", "change": "增减"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def say(key: str, language: str, **values) -> str:
    english, chinese = _PHRASES[key]
    return (chinese if language == "zh" else english).format(
        **values, severity_zh=SEVERITY_ZH.get(values.get("severity", ""), "")
    )


def word(english: str, language: str) -> str:
    """A status or outcome word (`pass`, `not_applicable`, `na`, ...) in the run's language."""
    return _WORDS_ZH.get(english, english) if language == "zh" else english


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
