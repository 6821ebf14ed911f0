"""End to end on corpus/: the defects the foundation issue names, with their lines, and exit codes.

Expected figures were computed by reading the documents (see docs/corpus-findings.md), not by
copying engine output.
"""

import json

from click.testing import CliRunner

from engine.cli.commands import main

S000 = "corpus/000_40cb785ac2653fa6.txt"
S002 = "corpus/002_9d3ba407454daa6c.txt"


def run_json(*paths):
    result = CliRunner().invoke(main, ["--format", "json", *paths])
    return result.exit_code, json.loads(result.stdout)


def findings_of(report, path):
    (document,) = [document for document in report["documents"] if document["path"] == path]
    assert document["status"] == "checked"
    return document["findings"]


def lines(finding):
    return {citation["line"] for citation in finding["citations"]}


def test_summary_table_imbalance_is_reported_with_both_totals():
    code, report = run_json(S002)
    assert code == 1
    imbalance = [f for f in findings_of(report, S002) if f["rule"] == "BUD-A01"]
    assert len(imbalance) == 1
    assert imbalance[0]["severity"] == "error"
    assert {imbalance[0]["found"], imbalance[0]["expected"]} == {"951.81", "951.80"}
    assert 270 in lines(imbalance[0])


def test_narrative_health_figure_differs_from_tables():
    _, report = run_json(S002)
    narrative = [f for f in findings_of(report, S002) if f["rule"].startswith("BUD-N") and 37 in lines(f)]
    assert narrative, "卫生健康支出 32.64 (line 37) against 32.63 in the tables"
    assert all(f["severity"] == "error" for f in narrative)
    assert any(f["found"] == "32.64" and f["expected"] == "32.63" for f in narrative)
    assert any(line in (93, 242) for f in narrative for line in lines(f))


def test_rounding_residue_in_basic_table_is_not_an_error():
    _, report = run_json(S000)
    at_301 = [f for f in findings_of(report, S000) if 116 in lines(f)]
    assert at_301, "the 0.01 residue of 301 工资福利支出 should be reported as info"
    assert all(f["severity"] == "info" and f["status"] == "residue" for f in at_301)


def test_whole_corpus_text_report_and_json_agree():
    runner = CliRunner()
    text = runner.invoke(main, ["corpus/"])
    code, report = run_json("corpus/")
    assert text.exit_code == code == 1
    assert report["summary"]["documents"] >= 2
    assert [d["path"] for d in report["documents"]] == sorted(d["path"] for d in report["documents"])
    for document in report["documents"]:
        for finding in document["findings"]:
            assert finding["rule"] in text.output
            for citation in finding["citations"]:
                place = f"p{citation['page']}" if citation.get("page") else citation["line"]  # a PDF: by page
                assert f"{citation['path']}:{place}" in text.output


def test_clean_document_exits_zero(tmp_path):
    document = tmp_path / "clean.txt"
    document.write_text("某单位 2024年部门预算情况说明\n\n部门收支总表\n单位：万元\n"
                        "项目\t预算数\t项目\t预算数\n收入总计\t10.00\t支出总计\t10.00\n", encoding="utf-8")
    # a fragment, so only the arithmetic rules apply (completeness rules would rightly object)
    result = CliRunner().invoke(main, ["--select", "BUD-A", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_bad_rule_file_exits_two_with_position(tmp_path):
    bad = tmp_path / "bad.rule"
    bad.write_text('rule T-1 x-y\n  title "t"\n  severity error\n  cite "c"\n  message "m"\n'
                   "  assert 基本支出表[合计].人员经废 == 1\nend\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(bad), "corpus/"])
    assert result.exit_code == 2
    assert f"{bad.as_posix()}:6:10" in result.output
    assert "did you mean '人员经费'?" in result.output


def test_unreadable_document_is_reported_and_others_still_checked(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"%PDF-1.4\x00\x01binary")
    (tmp_path / "b.txt").write_text("某单位 2024年部门预算\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    statuses = {d["path"].rsplit("/", 1)[-1]: d["status"] for d in report["documents"]}
    assert statuses == {"a.txt": "error", "b.txt": "checked"}
