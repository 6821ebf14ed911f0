"""A huge file is refused by its size before it is read; the others are still checked."""

import json

from click.testing import CliRunner

from engine.cli.commands import main

SMALL = "某单位 2024年部门预算情况说明\n\n部门收支总表\n单位：万元\n项目\t预算数\t项目\t预算数\n收入总计\t1.00\t支出总计\t1.00\n"


def run(*arguments):
    result = CliRunner().invoke(main, ["--format", "json", *arguments])
    return result, json.loads(result.stdout)


def test_fifty_megabytes_is_refused_with_the_limit_named(tmp_path):
    (tmp_path / "small.txt").write_text(SMALL, encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    result, report = run(str(tmp_path))
    assert result.exit_code == 2
    entries = {entry["path"].rsplit("/", 1)[-1]: entry for entry in report["documents"]}
    assert entries["small.txt"]["status"] == "checked"
    assert entries["huge.txt"]["status"] == "error"
    assert "52,428,800 bytes" in entries["huge.txt"]["error"] and "--max-size" in entries["huge.txt"]["error"]
    assert "Traceback" not in result.output


def test_the_limit_is_configurable(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text(SMALL + "x" * 3000 + "\n", encoding="utf-8")
    refused, report = run("--max-size", "0.001", str(document))
    assert refused.exit_code == 2 and report["documents"][0]["status"] == "error"
    accepted, report = run("--max-size", "1", "--select", "BUD-A", str(document))
    assert accepted.exit_code == 0 and report["documents"][0]["status"] == "checked"
