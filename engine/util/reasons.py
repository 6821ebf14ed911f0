"""The engine's reasons (why a rule did not apply, why a figure is missing) in the run's language.

The evaluator and the built-ins say why in English, and that text is stored with the results
(and in their cache) whatever the run's language. A reason is an explanation for the person
reading the report, part of rulecheck's interface, so it is put into Chinese where it is shown
(`--verbose`, `explain`, `test`) when the run is in Chinese. A reason is a frame (`when …` does
not hold: …; … (`for each …`)) around leaves written by the built-ins; both are matched here
whole, by the templates they are written from. Rule text inside a reason (a clause, a table
name) stays as written; a reason no template matches is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# whole-reason templates of the built-ins and the runtime: (pattern, Chinese with the groups)
_LEAVES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), chinese)
    for pattern, chinese in (
        (r"nothing in the document to check", "文件中没有可检查的内容"),
        (r"the document names no budget year", "文件没有写明预算年度"),
        (r"the document names no kind \(预算/决算\)", "文件没有写明是预算还是决算"),
        (r"none of the alternatives is in the document", "文件中没有任何一个备选项"),
        (r"no (?P<a>.+) in the document", "文件中没有 {a}"),
        (r"no row to aggregate", "没有可汇总的行"),
        (r"no row (?P<a>.+)", "没有行 {a}"),
        (r"no figure for (?P<a>.+)", "没有 {a} 的数字"),
        (r"no item column beside the total in (?P<a>.+)", "{a} 中合计旁没有分项栏目"),
        (r"no column group (?P<a>.+)", "没有栏目组 {a}"),
        (r"no total column in (?P<a>.+)", "{a} 中没有合计栏"),
        (r"no column chosen in (?P<a>.+)", "{a} 中没有选定栏目"),
        (r"no text under (?P<a>.+) in (?P<b>.+)", "{b} 中 {a} 下没有文字"),
        (r"annex (?P<a>.+) has no (?P<b>.+)", "附表 {a} 没有 {b}"),
        (r"the change states no amount", "增减没有写出金额"),
        (r"the change follows no figure", "增减前面没有数字"),
        (r"the comparison names no year", "比较没有写出年度"),
        (r"no year stated", "没有写出年度"),
        (r"the row has no code", "该行没有科目编码"),
        (r"the title names no year", "标题没有写出年度"),
        (r"the table has no annex number", "表格没有附表编号"),
        (r"the table prints no 单位 line", "表格没有印出“单位”行"),
        (r"the table prints no (?P<a>.+)", "表格没有印出 {a}"),
        (r"no table", "没有表格"),
        (r"the document has no (?P<a>.+)", "文件没有 {a}"),
        (r"no region code known for '(?P<a>.*)'", "不知道“{a}”的地区代码"),
        (r"code (?P<a>\S+) is not in the (?P<b>\d+) list", "科目编码 {a} 不在 {b} 年的科目表中"),
        (r"no code list for (?P<a>\d+) in rules/codes\.toml", "rules/codes.toml 中没有 {a} 年的科目表"),
        (r"the text states no figure for (?P<a>.+) after (?P<b>.+)", "正文在 {b} 之后没有写出 {a} 的数字"),
        (r"the text states no figure for (?P<a>.+)", "正文没有写出 {a} 的数字"),
        (r"the text states no change of (?P<a>.+)", "正文没有写出 {a} 的增减"),
        (r"the pattern does not occur", "没有出现该模式"),
        (r"the text has no comparison word", "文字中没有比较用语"),
        (r"no definition for '(?P<a>.+)'", "没有“{a}”的定义"),
        (r"no (?P<a>.+) in '(?P<b>.*)'", "“{b}”中没有 {a}"),
        (r"every compared cell is blank", "比较的单元格全部为空"),
        (r"both sides are blank", "两边均为空"),
        (r"division by zero", "除数为零"),
        (r"cannot add (?P<a>.+) and (?P<b>.+)", "不能把 {a} 与 {b} 相加"),
        (r"scanned: every page is an image with no text layer, nothing was read",
         "扫描件：每一页都是没有文字层的图片，没有读到内容"),
        (r"scanned page\(s\) (?P<a>.+): images with no text layer, what they hold was not read",
         "扫描页 {a}：没有文字层的图片，其中的内容没有读到"),
        (r"a `when` condition does not hold", "`when` 条件不成立"),
        (r"the rule file's `applies when` does not hold for this document", "规则文件的 `applies when` 对本文件不成立"),
        (r"`for each (?P<a>.+)` found nothing to visit", "`for each {a}` 没有可遍历的内容"),
    )
)


def in_chinese(reason: str) -> str:
    """The reason in Chinese, as far as its templates are known (the rest as written)."""
    frame = re.fullmatch(r"(?P<lead>the rule file's `applies when|`when) (?P<clause>.+?)` does not hold(?P<seen>: .*)?",
                         reason, re.DOTALL)
    if frame:
        lead = "规则文件的 `applies when" if frame["lead"].startswith("the rule") else "`when"
        seen = "：" + "；".join(_seen(part) for part in frame["seen"][2:].split("; ")) if frame["seen"] else ""
        return f"{lead} {frame['clause']}` 不成立{seen}"
    for_each = re.fullmatch(r"(?P<inner>.+) \(`for each (?P<clause>.+)`\)", reason, re.DOTALL)
    if for_each:
        return f"{_leaf(for_each['inner'])}（`for each {for_each['clause']}`）"
    return _leaf(reason)


def _seen(part: str) -> str:
    """One part of what a failed clause saw: `x is false`, `x: <reason>`, `x is <value>`."""
    for pattern, render in _SEEN:
        found = re.fullmatch(pattern, part, re.DOTALL)
        if found:
            return render(found)
    return part


_SEEN: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"(?P<text>.+) is false", lambda found: f"{found['text']} 为假"),
    (r"(?P<text>.+?): (?P<reason>.+)", lambda found: f"{found['text']}：{_leaf(found['reason'])}"),
    (r"(?P<text>.+) is \(blank\)", lambda found: f"{found['text']} 为空白"),
    (r"(?P<text>.+) is (?P<value>.+)", lambda found: f"{found['text']} 为 {found['value']}"),
)


def _leaf(reason: str) -> str:
    for pattern, chinese in _LEAVES:
        found = pattern.fullmatch(reason)
        if found:
            return chinese.format(**found.groupdict())
    return reason


def reason_in(reason: str, language: str) -> str:
    """The reason for a run in `language` ("en": as the engine wrote it)."""
    return in_chinese(reason) if language == "zh" and reason else reason
