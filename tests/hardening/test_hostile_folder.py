"""End to end: `rulecheck --format json` on a folder of hostile files built here.

Every file is accounted for (one report entry, status checked or error), paths are sorted,
the exit code says "a document could not be read" (2) and nothing prints a traceback.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.commands import main

TABLE = """某单位 2024年部门预算

## 部门收支总表

单位：万元

项目	预算数	项目	预算数
收入总计	10.00	支出总计	10.00
"""

SAMPLE = """某单位 2024年部门预算情况说明

一、收支预算总体情况：2024年收入预算 10.00 万元，支出预算 10.00 万元。

## 部门收支总表

单位：万元

| 项目 | 预算数 | 项目 | 预算数 |
| 一般公共预算拨款收入 | 10.00 | 一般公共服务支出 | 10.00 |
| 收入总计 | 10.00 | 支出总计 | 10.00 |
"""


def hostile_files(root: Path) -> dict[str, bytes]:
    """name -> bytes of every hostile document (written under root/docs)."""
    chinese = SAMPLE
    files = {
        "empty.txt": b"",
        "gbk.txt": chinese.encode("gbk"),
        "gb18030.txt": (chinese + "㐀𠀀\n").encode("gb18030"),
        "utf8_bom.txt": b"\xef\xbb\xbf" + chinese.encode("utf-8"),
        "utf16_bom.txt": chinese.encode("utf-16"),
        "utf16_be_bom.txt": b"\xfe\xff" + chinese.encode("utf-16-be"),
        "crlf.txt": chinese.replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": chinese.replace("\n", "\r").encode("utf-8"),
        "pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "zip.txt": b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)),
        "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "random_binary.md": bytes((i * 37 + 11) % 256 for i in range(4096)),
        "nul.txt": b"abc\x00def\n",
        "bad_utf16.txt": b"\xff\xfe\x00\xd8",  # lone surrogate after a BOM
        "long_line.txt": (TABLE + "说明" + "１２３．４５万元，" * (1_000_000 // 20) + "\n").encode("utf-8"),
        "ragged.txt": (TABLE + "一般公共服务支出	1.00	2.00	3.00	4.00	5.00	6.00\n短行\n	\n|a|\n").encode("utf-8"),
        "no_header.txt": "## 部门收支总表\n\n单位：万元\n\n收入总计	10.00	支出总计	10.00\n".encode(),
        "header_only.txt": "## 部门收支总表\n\n单位：万元\n\n项目	预算数	项目	预算数\n".encode(),
        "cut_off.txt": (TABLE + "一般公共服务支出	1").encode("utf-8"),
        "cut_off_pipe.txt": "## 部门收支总表\n| 项目 | 预算数 |\n| 收入总计 | 1".encode(),
        "duplicated.txt": (SAMPLE + "\n" + SAMPLE.split("\n", 2)[2]).encode("utf-8"),
        "fullwidth.txt": SAMPLE.replace("10.00", "１０．００").replace("|", "｜").encode("utf-8"),
        "negatives.txt": SAMPLE.replace("10.00", "(12.30)").replace("一般公共服务支出 | (12.30)", "一般公共服务支出 | （12.30）").encode("utf-8"),
        "dashes.txt": SAMPLE.replace("| 10.00 | 一般", "| — | 一般").replace("支出总计 | 10.00", "支出总计 | －").encode("utf-8"),
        "yuan.txt": SAMPLE.replace("单位：万元", "单位：元").replace("10.00", "100,000.00").encode("utf-8"),
        "yi.txt": SAMPLE.replace("单位：万元", "单位：亿元").replace("10.00", "1，234.56").encode("utf-8"),
        "percent.txt": (SAMPLE + "\n增长 12.5%，下降 -3.2％，比上年减少（0.50）万元。\n").encode("utf-8"),
        "headings_only.txt": "# 标题\n\n## 一、\n\n## 二、\n\n### （三）\n".encode(),
        "no_tables.txt": "某单位 2024年部门预算情况说明\n\n本单位无“三公”经费支出。\n".encode(),
        "whitespace.txt": b" \n\t\n\r\n   \n",
        "controls.txt": "表\x01\x02\x03\x1b[0m\x7f\u202e\u200b\n".encode("utf-8"),
        "deep_brackets.txt": ("（" * 5000 + "1" + "）" * 5000 + "\n" + "|" * 5000 + "\n").encode("utf-8"),
        "many_columns.txt": (TABLE + "\t".join(["9.99"] * 3000) + "\n").encode("utf-8"),
    }
    return files


def build(root: Path) -> tuple[Path, list[str]]:
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "empty_dir").mkdir()
    (docs / "only_other_files").mkdir()
    (docs / "only_other_files" / "readme.pdf").write_bytes(b"%PDF-1.4")
    for name, data in hostile_files(root).items():
        (docs / name).write_bytes(data)
    (docs / "sub" / "nested.txt").write_bytes(SAMPLE.encode("utf-8"))
    # every file is accounted for: documents checked, other formats listed as unsupported (issue 20)
    expected = sorted(p.as_posix() for p in docs.rglob("*") if p.is_file() and not p.name.startswith("."))
    try:  # a symlink loop: the walk must not follow it
        os.symlink(docs, docs / "sub" / "loop")
        os.symlink(docs / "sub" / "loop2", docs / "sub" / "loop1")
        os.symlink(docs / "sub" / "loop1", docs / "sub" / "loop2")
    except (OSError, NotImplementedError):
        pass
    return docs, expected


def run(args: list[str]):
    runner = CliRunner()
    return runner.invoke(main, args, catch_exceptions=True)


@pytest.fixture()
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs, expected = build(tmp_path)
    return docs, expected


def _report(result) -> dict:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Traceback" not in (result.stderr if result.stderr_bytes is not None else "")
    return json.loads(result.stdout)


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_every_hostile_file_is_accounted_for(hostile, jobs):
    docs, expected = hostile
    result = run(["check", "--isolated", "--format", "json", "--jobs", jobs, str(docs)])
    data = _report(result)
    paths = [document["path"] for document in data["documents"]]
    # symlinked files (loop1/loop2 are dangling-in-a-cycle names) may appear; real files must all be there
    real = [path for path in paths if "/loop" not in path]
    assert real == expected
    assert paths == sorted(paths)
    assert len(paths) == len(set(paths))
    for document in data["documents"]:
        assert document["status"] in ("checked", "error", "unsupported"), document
        if document["status"] == "error":
            assert document.get("error"), document
            assert "internal error" not in document["error"], document
    statuses = {Path(document["path"]).name: document["status"] for document in data["documents"]}
    for name in ("empty.txt", "pdf.txt", "nul.txt", "random_binary.md", "bad_utf16.txt", "readme.pdf"):
        assert statuses[name] == "error", name
    for name in ("zip.txt", "png.txt"):  # a ZIP or an image is a format rulecheck does not read, not a broken file
        assert statuses[name] == "unsupported", name
    for name in ("gbk.txt", "gb18030.txt", "utf8_bom.txt", "utf16_bom.txt", "utf16_be_bom.txt", "crlf.txt", "cr.txt",
                 "long_line.txt", "ragged.txt", "no_header.txt", "header_only.txt", "cut_off.txt", "duplicated.txt",
                 "fullwidth.txt", "negatives.txt", "yuan.txt", "no_tables.txt", "nested.txt"):
        assert statuses[name] == "checked", name
    assert data["summary"]["documents"] == len(paths)
    assert data["summary"]["checked"] + data["summary"]["errors"] + data["summary"].get("unsupported", 0) == len(paths)
    assert result.exit_code == 2  # some documents could not be read


def test_encodings_and_line_endings_read_the_same_facts(hostile):
    docs, _ = hostile
    outputs = {}
    for name in ("utf8_bom.txt", "gbk.txt", "utf16_bom.txt", "crlf.txt", "cr.txt"):
        result = run(["facts", "--format", "json", str(docs / name)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        facts = json.loads(result.stdout)["facts"]
        outputs[name] = [(fact["line"], fact["kind"], fact["value"]) for fact in facts]
    reference = outputs.pop("utf8_bom.txt")
    assert reference, "the sample should yield facts"
    for name, facts in outputs.items():
        assert facts == reference, name


def test_clean_readable_folder_exits_0_or_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(SAMPLE.encode("gb18030"))
    data = _report(result := run(["check", "--isolated", "--format", "json", str(tmp_path)]))
    assert result.exit_code in (0, 1)
    assert [d["status"] for d in data["documents"]] == ["checked", "checked"]


def test_directory_without_documents_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / ".hidden").write_bytes(b"%PDF")
    result = run(["check", "--isolated", "--format", "json", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "no documents" in result.stderr


def test_nonexistent_path_is_reported_not_fatal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(SAMPLE, encoding="utf-8")
    result = run(["check", "--isolated", "--format", "json", "ok.txt", "missing.txt"])
    data = _report(result)
    assert result.exit_code == 2
    assert [(d["path"], d["status"]) for d in data["documents"]] == [("ok.txt", "checked"), ("missing.txt", "error")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_a_per_file_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text(SAMPLE, encoding="utf-8")
    locked.chmod(0)
    try:
        data = _report(result := run(["check", "--isolated", "--format", "json", str(tmp_path)]))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2
    assert data["documents"][0]["status"] == "error"


def test_symlink_loop_as_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        os.symlink(tmp_path / "l2.txt", tmp_path / "l1.txt")
        os.symlink(tmp_path / "l1.txt", tmp_path / "l2.txt")
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    result = run(["check", "--isolated", "--format", "json", "l1.txt"])
    data = _report(result)
    assert result.exit_code == 2
    assert [d["status"] for d in data["documents"]] == ["error"]


@pytest.mark.skipif(os.name != "posix", reason="file names as raw bytes are a POSIX thing")
@pytest.mark.parametrize("output_format", ["json", "text", "sarif", "csv"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_name_that_is_not_utf8_is_checked_and_shown_escaped(tmp_path, output_format, jobs):
    """Such a name (bytes a Chinese Windows share may leave behind, e.g. GBK) is checked like
    any other and printed with the stray bytes escaped, in every format, in a real process."""
    import subprocess
    import sys

    folder = tmp_path / "docs"
    folder.mkdir()
    raw = os.fsencode(str(folder)) + b"/" + "测试".encode("gbk") + b".txt"
    with open(raw, "wb") as handle:
        handle.write(SAMPLE.encode("utf-8"))
    (folder / "ok.txt").write_text(SAMPLE, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "engine", "check", "--isolated", "--no-cache", "--format",
                                output_format, "--jobs", jobs, str(folder)], capture_output=True, cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in completed.stderr
    report = completed.stdout.decode("utf-8")  # the whole report is valid UTF-8
    escaped = "".join(f"\\x{byte:02x}" for byte in "测试".encode("gbk"))
    if output_format == "sarif":  # a SARIF uri is percent-encoded (engine/report/sarif.py artifact_uri)
        from urllib.parse import quote

        assert quote(escaped) + ".txt" in report
    else:
        shown = escaped.replace("\\", "\\\\") if output_format == "json" else escaped
        assert shown + ".txt" in report
    if output_format == "json":
        documents = json.loads(report)["documents"]
        assert [document["status"] for document in documents] == ["checked", "checked"]
        assert documents[0]["path"].endswith(escaped + ".txt")


@pytest.mark.skipif(os.name != "posix", reason="file names as raw bytes are a POSIX thing")
@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_rule_file_name_that_is_not_utf8_is_shown_escaped(tmp_path, output_format):
    import subprocess
    import sys

    from tests.cli.documents import WARNING_RULE

    rules = tmp_path / "rules"
    rules.mkdir()
    with open(os.fsencode(str(rules)) + b"/" + "测试".encode("gbk") + b".rule", "wb") as handle:
        handle.write(textwrap.dedent(WARNING_RULE).encode("utf-8"))
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "engine", "check", "--isolated", "--no-cache", "--format",
                                output_format, "--rules", str(rules), "a.txt"], capture_output=True, cwd=tmp_path)
    assert b"Traceback" not in completed.stderr, completed.stderr.decode("utf-8", "replace")
    assert completed.returncode in (0, 1)
    report = json.loads(completed.stdout.decode("utf-8"))
    if output_format == "sarif":
        sources = [rule["properties"]["source"] for rule in report["runs"][0]["tool"]["driver"]["rules"]]
        assert any(source.startswith(str(rules) + "/\\xb2\\xe2\\xca\\xd4.rule:") for source in sources), sources


@pytest.mark.skipif(os.name != "posix", reason="file names as raw bytes are a POSIX thing")
@pytest.mark.parametrize("command", [["facts", "--format", "json"], ["facts"], ["explain", "BUD-A01"]])
def test_what_the_engine_read_from_a_file_whose_name_is_not_utf8_is_printed_as_utf8(tmp_path, command):
    import subprocess
    import sys

    raw = os.fsencode(str(tmp_path)) + b"/" + "测试".encode("gbk") + b".txt"
    with open(raw, "wb") as handle:
        handle.write(SAMPLE.encode("utf-8"))
    completed = subprocess.run([sys.executable, "-m", "engine", *command, os.fsdecode(raw)], capture_output=True)
    assert completed.returncode == 0 and b"Traceback" not in completed.stderr
    shown = completed.stdout.decode("utf-8")  # raises on the raw bytes
    escaped = "\\xb2\\xe2\\xca\\xd4.txt"
    assert (escaped.replace("\\", "\\\\") if "json" in command else escaped) in shown
