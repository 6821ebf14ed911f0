"""Findings on repeated tables get distinct fingerprints; the first keeps its old one."""

from engine.evaluate import number_repeats
from engine.model import Citation, Finding
from engine.workflow.fingerprint import fingerprint


def finding(line: int) -> Finding:
    citation = Citation(path="a.pdf", line=line, quote="2300", value="2300", table="项目支出绩效目标表",
                        row="项目编码", column="")
    return Finding(rule="BUD-F04-1", severity="error", status="fail", message="项目编码格式不对", citations=(citation,))


def test_nine_repeated_tables_give_nine_fingerprints():
    numbered = number_repeats([finding(line) for line in range(10, 100, 10)])
    assert len({fingerprint(item) for item in numbered}) == 9
    assert fingerprint(numbered[0]) == fingerprint(finding(10))


def test_a_moved_table_keeps_its_fingerprints():
    before = [fingerprint(item) for item in number_repeats([finding(line) for line in (10, 20, 30)])]
    after = [fingerprint(item) for item in number_repeats([finding(line) for line in (15, 25, 35)])]
    assert before == after
