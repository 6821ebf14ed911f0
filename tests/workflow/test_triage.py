"""Auditors' workflow through the CLI: --fail-on, waivers, baseline, settings files, progress."""

import io
import json

import pytest
from click.testing import CliRunner

from engine.batch.progress import Progress, wanted
from engine.cli.commands import main
from tests.cli.documents import BALANCED, UNBALANCED, WARNING_RULE, waivers_file, write


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with one unbalanced and one balanced document and a warning rule."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "docs/a.txt", UNBALANCED)
    write(tmp_path, "docs/b.txt", BALANCED)
    write(tmp_path, "mine.rule", WARNING_RULE)
    return tmp_path


def run(*arguments):
    return CliRunner().invoke(main, list(arguments))


def findings(result):
    return [finding for document in json.loads(result.stdout)["documents"] for finding in document["findings"]]


@pytest.mark.parametrize("fail_on,code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_decides_exit_code_for_warnings(project, fail_on, code):
    result = run("--rules", "mine.rule", "--select", "TST", "--fail-on", fail_on, "docs")
    assert result.exit_code == code, result.output
    assert "TST-W01  warning" in result.stdout


def test_fail_on_never_still_exits_two_on_unreadable_document(project):
    result = run("--fail-on", "never", "docs", "nowhere.txt")
    assert result.exit_code == 2


def test_waiver_sets_finding_aside_and_counts_it(project):
    fingerprint = findings(run("--format", "json", "--select", "BUD-A01", "docs"))[0]["fingerprint"]
    write(project, "rulecheck-waivers.toml", f'''
        [[waiver]]
        rule = "BUD-A01"
        document = "docs/a.txt"
        fingerprint = "{fingerprint}"
        reason = "reviewed: the printed total is a known typo"
        ''')
    result = run("--select", "BUD-A01", "docs")
    assert result.exit_code == 0, result.output
    assert "waived (rulecheck-waivers)" in result.stdout
    data = json.loads(run("--format", "json", "--select", "BUD-A01", "docs").stdout)
    assert data["summary"]["waived"] == 1 and data["waived"][0]["reason"].startswith("reviewed")


def test_stale_and_expired_waivers_are_reported(project):
    write(project, "waivers.toml", waivers_file(("BUD-A01", "docs/b.txt", "nothing to waive here any more"),
                                                ("BUD-A01", "docs/*.txt", "temporary", "2000-01-01")))
    result = run("--waivers", "waivers.toml", "--select", "BUD-A01", "docs")
    assert result.exit_code == 1
    assert "stale: waiver #1 (BUD-A01 docs/b.txt) matched no finding" in result.stdout
    assert "expired: waiver #2 (BUD-A01 docs/*.txt) expired on 2000-01-01" in result.stdout


def test_waiver_without_reason_is_a_usage_error(project):
    write(project, "rulecheck-waivers.toml", '[[waiver]]\nrule = "BUD-A01"\ndocument = "docs/a.txt"\n')
    result = run("docs")
    assert result.exit_code == 2 and "has no reason" in result.output


def test_baseline_reports_only_new_findings_and_survives_line_shifts(project):
    recorded = run("--select", "BUD-A01", "--write-baseline", "baseline.json", "docs")
    assert recorded.exit_code == 0 and "wrote 1 finding(s)" in recorded.output
    assert json.loads((project / "baseline.json").read_text(encoding="utf-8"))["findings"][0]["rule"] == "BUD-A01"
    write(project, "docs/a.txt", "前言一行。\n\n" + UNBALANCED.lstrip("\n"))  # the same defect, two lines lower
    result = run("--select", "BUD-A01", "--baseline", "baseline.json", "docs")
    assert result.exit_code == 0, result.output
    assert "already in the baseline                 1" in result.stdout
    write(project, "docs/b.txt", UNBALANCED.replace("9.99", "9.98"))  # a new defect elsewhere
    result = run("--select", "BUD-A01", "--baseline", "baseline.json", "docs")
    assert result.exit_code == 1
    assert "docs/b.txt: 1 finding(s)" in result.stdout and "docs/a.txt: 0 finding(s)" in result.stdout


def test_changed_figure_gets_a_new_fingerprint(project):
    before = findings(run("--format", "json", "--select", "BUD-A01", "docs/a.txt"))[0]["fingerprint"]
    write(project, "docs/a.txt", UNBALANCED.replace("9.99", "9.90"))
    after = findings(run("--format", "json", "--select", "BUD-A01", "docs/a.txt"))[0]["fingerprint"]
    assert before != after


def test_rulecheck_toml_sets_rules_select_severity_and_fail_on(project):
    write(project, "rulecheck.toml", '''
        rules = ["mine.rule"]
        select = ["TST", "BUD-A01"]
        fail-on = "warning"

        [severity]
        BUD-A01 = "info"
        ''')
    result = run("--format", "json", "docs")
    assert result.exit_code == 1, result.output
    assert {(f["rule"], f["severity"]) for f in findings(result)} == {("TST-W01", "warning"), ("BUD-A01", "info")}
    assert run("--fail-on", "error", "docs").exit_code == 0  # the flag wins
    assert run("--select", "BUD-A01", "--fail-on", "info", "docs").exit_code == 1
    isolated = run("--isolated", "--select", "TST", "docs")  # without the file, mine.rule is not loaded
    assert isolated.exit_code == 0 and "TST-W01" not in isolated.stdout
    assert "no rule matches --select/--ignore" in isolated.stderr


def test_pyproject_table_and_profiles(project):
    write(project, "pyproject.toml", '''
        [project]
        name = "budgets"

        [tool.rulecheck]
        select = ["BUD-A01"]
        fail-on = "never"

        [tool.rulecheck.profiles.strict]
        fail-on = "error"
        ''')
    assert run("docs").exit_code == 0
    assert run("--profile", "strict", "docs").exit_code == 1
    unknown = run("--profile", "lenient", "docs")
    assert unknown.exit_code == 2 and "unknown profile 'lenient'" in unknown.output


def test_bad_settings_are_usage_errors(project):
    write(project, "rulecheck.toml", 'fail-on = "sometimes"\n')
    result = run("docs")
    assert result.exit_code == 2 and "fail-on must be one of" in result.output
    write(project, "rulecheck.toml", 'colour = "red"\n')
    assert "unknown setting(s) colour" in run("docs").output


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_outside_ci():
    assert wanted(_Terminal(), 5, {}) is True
    assert wanted(_Terminal(), 5, {"CI": "true"}) is False
    assert wanted(io.StringIO(), 5, {}) is False
    assert wanted(_Terminal(), 1, {}) is False
    stream = _Terminal()
    with Progress(stream, 4, True, width=60) as progress:
        progress.advance("docs/a.txt")
    assert "1/4 docs/a.txt" in stream.getvalue() and stream.getvalue().endswith("\r")


def test_cli_draws_no_progress_when_not_a_terminal(project):
    result = run("--select", "BUD-A01", "docs")
    assert "[#" not in result.stderr
