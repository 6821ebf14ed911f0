"""One test per breakage of issue 24 (items 1-15), each driving `python -m engine` as a user
would; every one failed on 3635cc2 (RULECHECK_ATTACK_ROOT=<checkout of 3635cc2> shows it)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.attack.conftest import CORPUS_DOCUMENT, no_traceback, rule_file

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _cpu_seconds(cli, *arguments, env=None) -> float:
    """CPU time (user + system) of one run, which other processes on the host do not inflate."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL, timeout=60); usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(usage.ru_utime + usage.ru_stime)")
    done = subprocess.run([sys.executable, "-c", probe, *cli.command(*arguments)], cwd=cli.folder,
                          env={**cli.environment, **(env or {})}, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]  # a timeout in the probe is a failure too
    return float(done.stdout)


def _sentence_document(folder: Path, sentence: str) -> Path:
    path = folder / "s.txt"
    path.write_text(f"某单位 2024年部门预算\n一、概况\n{sentence}。\n", encoding="utf-8")
    return path


# 1 ---------------------------------------------------------------------------------------------
def test_01_no_pattern_makes_matching_blow_up(cli):
    """(a|aa)+b and a*a*…a*b took exponential time on a backtracking matcher (0.46 s at 22
    characters, x10 per 4 more); at 34 characters the old engine runs for minutes."""
    rules = rule_file(cli.folder, '  for each sentence x where matches(x.text, "(a|aa)+b") or matches(x.text, "a*a*a*a*a*a*a*a*a*a*a*b")\n'
                                  '  assert 1 == 2\n')
    document = _sentence_document(cli.folder, "a" * 34)
    result = cli.run("--no-cache", "--rules", rules, "--select", "ATK", document, timeout=30)
    no_traceback(result)
    assert result.returncode == 0  # no sentence has the pattern: nothing found, quickly


def test_01_what_needs_backtracking_is_refused_at_load(cli):
    for pattern in ("(?=(a+)+b)", "(x)?(?(1)x|(a+)+b)", "(a)\\\\1"):
        rules = rule_file(cli.folder, f'  for each sentence x where matches(x.text, "{pattern}")\n  assert 1 == 2\n')
        result = cli.run("check-rules", rules, timeout=30)
        assert result.returncode == 2, pattern
        assert b"error[pattern]" in result.stdout, pattern


# 2 ---------------------------------------------------------------------------------------------
def test_02_narrative_cost_is_linear_in_its_length(cli):
    """`reading.sentence_at` scanned every sentence per figure: quadratic in the narrative."""
    narrative = "\n".join(CORPUS_DOCUMENT.read_text(encoding="utf-8").split("\n")[:60])
    times = []
    for copies in (40, 160):
        path = cli.folder / f"n{copies}.txt"
        path.write_text("\n".join([narrative] * copies) + "\n" + CORPUS_DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
        times.append(_cpu_seconds(cli, "--no-cache", "--select", "BUD-N,BUD-Y", path))
    assert times[1] < 4 * times[0], times  # 4x the text: ~2.5x the time with start-up; quadratic took ~10x


# 3 ---------------------------------------------------------------------------------------------
def test_03_aggregates_share_the_rule_budget(cli):
    """Five nested `count`s over 20 rows are 3.2 million steps; the old engine counted only
    `for each` bindings and ran for half a minute."""
    rows = "\n".join(f"| 30{index:02d} 项目{index} | {index}.00 |" for index in range(20))
    document = cli.folder / "rows.txt"
    document.write_text(f"某单位 2024年部门预算\n一般公共预算财政拨款基本支出表\n单位：万元\n| 科目 | 合计 |\n{rows}\n| 合计 | 190.00 |\n",
                        encoding="utf-8")
    nested = "count(r4 for r4 in 基本支出表[*] where r4.line >= r3.line - 1000)"  # each level depends on the one outside
    for depth in (3, 2, 1):
        nested = f"count(r{depth} for r{depth} in 基本支出表[*] where r{depth}.line >= r{depth - 1}.line - 1000 and {nested} > 0)"
    nested = f"count(r0 for r0 in 基本支出表[*] where {nested} > 0)"
    rules = rule_file(cli.folder, f"  assert {nested} == 0\n")
    result = cli.run("--no-cache", "--rules", rules, "--select", "ATK", "--format", "json", document, timeout=20)
    no_traceback(result)
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert [finding["status"] for finding in findings] == ["error"]
    assert "200,000" in findings[0]["message"]


# 4 ---------------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_04_workers_exit_when_the_parent_is_killed(cli):
    folder = cli.folder / "many"
    folder.mkdir()
    for index in range(40):
        (folder / f"d{index:02d}.txt").write_bytes(CORPUS_DOCUMENT.read_bytes())
    parent = cli.start("--no-cache", "--jobs", "2", folder)
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
        time.sleep(0.05)
        workers = _children(parent.pid)
    assert len(workers) == 2, "the workers did not start"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [worker for worker in workers if _alive(worker)]
    for worker in survivors:  # do not leave them running after a failure
        os.kill(worker, signal.SIGKILL)
    assert not survivors


# 5 ---------------------------------------------------------------------------------------------
def test_05_ctrl_c_exits_130_and_leaves_the_old_report(cli):
    folder = cli.folder / "many"
    folder.mkdir()
    for index in range(60):
        (folder / f"d{index:02d}.txt").write_bytes(CORPUS_DOCUMENT.read_bytes())
    report = cli.folder / "report.json"
    report.write_text('{"old": true}', encoding="utf-8")
    process = cli.start("--no-cache", "--jobs", "1", "--format", "json", "--output", report, folder)
    time.sleep(3)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert json.loads(report.read_text(encoding="utf-8")) == {"old": True}
    assert sorted(path.name for path in cli.folder.iterdir()) == ["many", "report.json"]  # no temporary file left


@pytest.mark.parametrize("flag", ["--output", "--write-baseline"])
def test_05_unwritable_output_is_exit_2_without_traceback(cli, document, flag):
    for target in ("/nonexistent/d/r.json", "/dev/full"):
        result = cli.run("--no-cache", flag, target, document)
        no_traceback(result)
        assert result.returncode == 2, (target, result.stderr)
        assert b"error: cannot write" in result.stderr


def test_05_exit_codes_clean_findings_errors(cli, document):
    clean = cli.run("--no-cache", "--select", "BUD-A08", document)
    found = cli.run("--no-cache", "--select", "BUD-A01", document)
    unreadable = cli.run("--no-cache", "--select", "BUD-A01", cli.folder / "missing.txt", document)
    usage = cli.run("--no-cache", "--format", "nonsense", document)
    assert (clean.returncode, found.returncode, unreadable.returncode, usage.returncode) == (0, 1, 2, 2)


# 6 ---------------------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_06_fifos_and_devices_are_refused(cli, document):
    folder = cli.folder / "scan"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "d.txt").write_bytes(document.read_bytes())
    result = cli.run("--no-cache", "--max-size", "1", folder, timeout=30)
    no_traceback(result)
    assert result.returncode == 2
    output = (result.stdout + result.stderr).decode()
    assert "pipe.txt: error: is a FIFO" in output
    assert "zero.txt: error: is a character device" in output
    assert "scan/d.txt:" in output  # the regular file is still checked


# 7 ---------------------------------------------------------------------------------------------
def _ast_entries(cache: Path) -> set[Path]:
    return set((cache / "ast").glob("*.pickle")) if (cache / "ast").is_dir() else set()


def test_07_no_cache_bypasses_the_parsed_rules_cache(cli, document):
    cache = Path(cli.environment["RULECHECK_CACHE_DIR"])
    rules = rule_file(cli.folder, "  assert 1 == 1\n")
    cli.run("--rules", rules, "--select", "ATK", document)
    passing = _ast_entries(cache)
    rules = rule_file(cli.folder, "  assert 1 == 2\n")
    cli.run("--rules", rules, "--select", "ATK", document)
    failing = _ast_entries(cache) - passing
    planted = next(entry for entry in passing if entry.read_bytes() != b"" and b"attack.rule" in zlib.decompress(entry.read_bytes()))
    for entry in failing:
        entry.write_bytes(planted.read_bytes())
    result = cli.run("--no-cache", "--rules", rules, "--select", "ATK", document)
    assert result.returncode == 1 and b"ATK-1" in result.stdout


def _max_rss_of(command: list[str], cli) -> int:
    """Peak RSS (KB) of a command, measured in a helper process that runs it alone."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=cli.folder, env=cli.environment,
                          capture_output=True, timeout=120, check=True)
    return int(done.stdout)


def test_07_a_cache_entry_is_size_checked_before_decompression(cli, document):
    cache = Path(cli.environment["RULECHECK_CACHE_DIR"])
    cli.run(document)
    deflater = zlib.compressobj(9)
    zeros = bytes(1 << 26)
    bomb = b"".join(deflater.compress(zeros) for _ in range(5)) + deflater.flush()  # 320 MB of zeros in ~0.3 MB
    for entry in _ast_entries(cache):
        entry.write_bytes(bomb)
    peak = _max_rss_of(cli.command(document), cli)
    assert peak < 250_000, f"{peak} KB"  # a run needs ~100 MB; the old engine inflated the whole entry


def test_07_a_cache_entry_of_the_wrong_types_is_ignored(cli, document):
    cache = Path(cli.environment["RULECHECK_CACHE_DIR"])
    first = cli.run(document.name)  # named as the planted result names it
    plant = ("import pickle, sys, zlib\n"
             "try:\n    from engine.model import DocumentResult\nexcept ImportError:\n    from engine.run import DocumentResult\n"
             "value = DocumentResult('d.txt', 'checked', 5, (), None)\n"
             "for path in sys.argv[1:]:\n    open(path, 'wb').write(zlib.compress(pickle.dumps(value)))\n")
    entries = [str(path) for path in (cache / "results").rglob("*.pickle")]
    assert entries
    subprocess.run([sys.executable, "-c", plant, *entries], cwd=cli.folder, env=cli.environment, check=True)
    second = cli.run(document.name)
    no_traceback(second)
    assert second.returncode == first.returncode == 1
    assert second.stdout == first.stdout


# 8 ---------------------------------------------------------------------------------------------
def test_08_csv_cells_cannot_be_formulas_and_the_file_has_a_bom(cli):
    rules = rule_file(cli.folder, '  for each sentence x where contains(x.text, "HYPERLINK") or contains(x.text, "SUM")\n'
                                  '  assert 1 == 2\n').read_text(encoding="utf-8").replace('message "m"', 'message "{x.text}"')
    (cli.folder / "attack.rule").write_text(rules, encoding="utf-8")
    document = cli.folder / "s.txt"
    document.write_text('某单位 2024年部门预算\n一、概况\n=HYPERLINK("http://evil.example","点击")。\n@SUM(1+1)*cmd。\n', encoding="utf-8")
    result = cli.run("--no-cache", "--rules", "attack.rule", "--select", "ATK", "--format", "csv", document)
    assert result.stdout.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) >= 3
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")], cells
    without = cli.run("--no-cache", "--rules", "attack.rule", "--select", "ATK", "--format", "csv", "--csv-bom", "no", document)
    assert without.stdout.startswith(b"document,")


# 9 ---------------------------------------------------------------------------------------------
def test_09_escape_sequences_never_reach_the_terminal(cli, document):
    hostile = cli.folder / "d\x1b[31m.txt"
    text = document.read_text(encoding="utf-8").replace("十、卫生健康支出", "十、卫生健康支出\x1b]0;pwned\x07")
    hostile.write_text(text.replace("重庆市潼南区信访办公室 2022 年部门预算情况说明", "\x1b]0;pwned\x07预算情况说明"), encoding="utf-8")
    for arguments in (("facts", hostile.name), ("explain", "BUD-N01", hostile.name), ("--no-cache", hostile.name)):
        result = cli.run(*arguments)
        no_traceback(result)
        assert b"\x1b" not in result.stdout + result.stderr, arguments


# 10 --------------------------------------------------------------------------------------------
def test_10_a_chain_of_300_definitions_is_not_a_recursion_error(cli, document):
    chain = [f"define d{index} = d{index + 1}\n" for index in range(299)] + ["define d299 = 1\n"]
    rules = cli.folder / "chain.rule"
    rules.write_text("".join(chain) + rule_file(cli.folder, "  assert d0 == 2\n").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli.run("--no-cache", "--rules", rules, "--select", "ATK", document)
    no_traceback(result)
    assert result.returncode == 1 and b"ATK-1" in result.stdout


# 11 --------------------------------------------------------------------------------------------
def test_11_a_29_digit_figure_keeps_the_other_findings(cli, document):
    text = document.read_text(encoding="utf-8").replace("951.81万元，其中：一般公共预算拨款", "12345678901234567890123456789.01万元，其中：一般公共预算拨款")
    document.write_text(text, encoding="utf-8")
    result = cli.run("--no-cache", "--format", "json", document)
    no_traceback(result)
    report = json.loads(result.stdout)["documents"][0]
    assert report["status"] == "checked"
    assert sum(1 for finding in report["findings"] if finding["status"] == "fail") > 20


# 12 --------------------------------------------------------------------------------------------
SETTINGS = {
    "rules = 5\n": "rules", "waivers = 5\n": "waivers", "baseline = true\n": "baseline",
    "profiles = 5\n": "profiles", "profile = \"x\"\n[profiles]\nx = 5\n": "profiles",
    "a = " + "[" * 2000 + "]" * 2000 + "\n": "nested",
}


@pytest.mark.parametrize("settings", list(SETTINGS), ids=list(SETTINGS.values()))
def test_12_a_bad_settings_file_is_one_line_and_exit_2(cli, document, settings):
    (cli.folder / "rulecheck.toml").write_text(settings, encoding="utf-8")
    result = cli.run("--no-cache", document)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and b"rulecheck.toml" in result.stderr


def test_12_a_bom_in_the_settings_file_is_read(cli, document):
    (cli.folder / "rulecheck.toml").write_bytes(b'\xef\xbb\xbfselect = ["BUD-A08"]\n')
    result = cli.run("--no-cache", document)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("waiver", ['expires = 2025-06-30T10:00:00', 'rule = 5', 'document = ["a"]'])
def test_12_a_bad_waiver_is_one_line_and_exit_2(cli, document, waiver):
    fields = {"rule": 'rule = "BUD-A01"', "document": 'document = "d.txt"', "reason": 'reason = "r"'}
    fields[waiver.split(" ")[0]] = waiver
    (cli.folder / "w.toml").write_text("[[waiver]]\n" + "\n".join(fields.values()) + "\n", encoding="utf-8")
    result = cli.run("--no-cache", "--waivers", "w.toml", document)
    no_traceback(result)
    assert result.returncode == 2 and b"w.toml" in result.stderr


def test_12_a_deeply_nested_baseline_is_one_line_and_exit_2(cli, document):
    (cli.folder / "b.json").write_text('{"rulecheck_baseline": 1, "findings": [' + "[" * 100000 + "]" * 100000 + "]}")
    result = cli.run("--no-cache", "--baseline", "b.json", document)
    no_traceback(result)
    assert result.returncode == 2 and b"b.json" in result.stderr


# 13 --------------------------------------------------------------------------------------------
def test_13_twenty_thousand_waivers_are_indexed(cli, document):
    folder = cli.folder / "four"
    folder.mkdir()
    for index in range(4):
        (folder / f"d{index}.txt").write_bytes(document.read_bytes())
    waivers = "".join(f'[[waiver]]\nrule = "BUD-A01"\ndocument = "four/other{index}.txt"\nreason = "r"\n\n' for index in range(20_000))
    (cli.folder / "w.toml").write_text(waivers, encoding="utf-8")
    elapsed = _cpu_seconds(cli, "--no-cache", "--jobs", "1", "--waivers", "w.toml", folder)
    assert elapsed < 6, elapsed  # ~2 s; the old engine took ~25 s


def _rules(count: int) -> str:
    return "".join(f'rule GEN-{index} generated-rule-{index}\n  title "t"\n  severity error\n  cite "c"\n  message "m"\n'
                   f"  when present(基本支出表)\n  assert 基本支出表[合计] == {index}\nend\n\n" for index in range(count))


def test_13_a_large_rule_file_loads_in_linear_time(cli):
    times = []
    for count in (500, 2000):
        path = cli.folder / f"r{count}.rule"
        path.write_text(_rules(count), encoding="utf-8")
        times.append(_cpu_seconds(cli, "check-rules", path, env={"RULECHECK_CACHE_DIR": ""}))
    assert times[1] < 3 * times[0], times  # 4x the rules: ~2x the time with start-up; quadratic took ~5x


# 14 --------------------------------------------------------------------------------------------
def test_14_sarif_uris_are_percent_encoded(cli, document):
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("rfc3987")  # FormatChecker checks `uri` / `uri-reference` only with it
    named = cli.folder / "预算 50%.txt"
    named.write_bytes(document.read_bytes())
    result = cli.run("--no-cache", "--format", "sarif", named.name)
    log = json.loads(result.stdout)
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    uris = {location["physicalLocation"]["artifactLocation"]["uri"] for entry in log["runs"][0]["results"] for location in entry["locations"]}
    assert uris == {"%E9%A2%84%E7%AE%97%2050%25.txt"}


# 15 --------------------------------------------------------------------------------------------
def test_15_a_file_given_twice_is_checked_once(cli, document):
    result = cli.run("--no-cache", "--format", "json", "d.txt", "./d.txt", document)
    assert [entry["path"] for entry in json.loads(result.stdout)["documents"]] == ["d.txt"]


def test_15_a_report_inside_the_scanned_folder_is_not_checked(cli, document):
    folder = cli.folder / "scan"
    folder.mkdir()
    (folder / "d.txt").write_bytes(document.read_bytes())
    for _ in range(2):
        cli.run("--no-cache", "--format", "json", "--output", folder / "report.txt", folder)
    paths = [entry["path"] for entry in json.loads((folder / "report.txt").read_text(encoding="utf-8"))["documents"]]
    assert [path.rsplit("/", 2)[-2:] for path in paths] == [["scan", "d.txt"]]


def test_15_an_output_naming_an_input_does_not_destroy_it(cli, document):
    before = document.read_bytes()
    result = cli.run("--no-cache", "--output", "d.txt", "d.txt")
    no_traceback(result)
    assert result.returncode == 2
    assert document.read_bytes() == before


def test_15_an_unreadable_file_is_reported_once(cli):
    result = cli.run("--no-cache", "missing.txt")
    assert (result.stdout + result.stderr).count(b"missing.txt: error") == 1
    assert result.returncode == 2


def test_05_the_report_gets_the_usual_permissions_not_the_temporary_files(cli, document):
    """The report is written to a temporary file (0600) and renamed: it must end up readable as a
    file written in place would be (the umask's permissions), not private to its writer."""
    target = cli.folder / "r.json"
    old = os.umask(0o022)
    try:
        completed = cli.run("--format", "json", "--output", target, document)
    finally:
        os.umask(old)
    assert completed.returncode in (0, 1) and target.stat().st_mode & 0o777 == 0o644
