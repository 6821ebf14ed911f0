"""SARIF (validated against the vendored 2.1.0 schema) and CSV output through the CLI."""

import csv
import io
import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from engine.cli.commands import main
from tests.cli.documents import BALANCED, UNBALANCED, write

SCHEMA = json.loads((Path(__file__).parent.parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def check(*arguments):
    return CliRunner().invoke(main, list(arguments))


def test_sarif_validates_and_cites_every_operand(tmp_path):
    write(tmp_path, "a.txt", UNBALANCED)
    write(tmp_path, "b.txt", BALANCED)
    result = check("--format", "sarif", "--select", "BUD-A01", str(tmp_path))
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "BUD-A01" and "《预算法》第十二条" in rule["help"]["text"]
    (finding,) = run["results"]
    assert finding["ruleId"] == "BUD-A01" and finding["level"] == "error"
    assert run["tool"]["driver"]["rules"][finding["ruleIndex"]]["id"] == "BUD-A01"
    places = [location["physicalLocation"] for location in finding["locations"]]
    assert {place["artifactLocation"]["uri"] for place in places} == {(tmp_path / "a.txt").as_posix()}
    assert all(place["region"]["startLine"] == 5 for place in places)
    properties = [location["properties"] for location in finding["locations"]]
    assert {(p["row"], p["value"]) for p in properties} == {("收入总计", "10.00"), ("支出总计", "9.99")}
    assert all(p["table"] for p in properties)


def test_sarif_reports_unreadable_document_as_notification(tmp_path):
    write(tmp_path, "a.txt", BALANCED)
    result = check("--format", "sarif", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_csv_one_row_per_finding_per_citation(tmp_path):
    write(tmp_path, "a.txt", UNBALANCED)
    result = check("--format", "csv", "--select", "BUD-A01", str(tmp_path))
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    assert {row["row"] for row in rows} == {"收入总计", "支出总计"}
    assert {row["rule"] for row in rows} == {"BUD-A01"} and len({row["fingerprint"] for row in rows}) == 1
    assert all(row["line"] == "5" and row["severity"] == "error" for row in rows)


def test_machine_formats_keep_summary_off_stdout(tmp_path):
    write(tmp_path, "a.txt", UNBALANCED)
    result = check("--format", "json", "--select", "BUD-A01", str(tmp_path))
    data = json.loads(result.stdout)
    assert data["documents"][0]["findings"][0]["fingerprint"]
    assert "documents checked" in result.stderr


def test_text_report_ends_with_summary_table(tmp_path):
    write(tmp_path, "a.txt", UNBALANCED)
    write(tmp_path, "b.txt", BALANCED)
    result = check("--select", "BUD-A01", str(tmp_path))
    assert result.exit_code == 1
    assert "documents checked                       2" in result.stdout
    assert "documents with findings                 1" in result.stdout
    assert "findings: error                         1" in result.stdout
    assert "BUD-A01" in result.stdout.split("top rules")[1]
