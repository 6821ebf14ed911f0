"""The console script answers --version without importing the engine, with click's exact text."""

import subprocess
import sys

from click.testing import CliRunner

from engine.cli.commands import main


def run_entry(*arguments):
    probe = ("import sys; sys.argv = ['rulecheck', *sys.argv[1:]]; from engine.cli.entry import main; main(); "
             "print('engine.cli.commands' in sys.modules, 'engine.model' in sys.modules)")
    return subprocess.run([sys.executable, "-c", probe, *arguments], capture_output=True, text=True, timeout=120)


def test_version_is_answered_without_importing_the_engine():
    result = run_entry("--version")
    assert result.returncode == 0, result.stderr
    version_line, imported = result.stdout.splitlines()
    assert imported == "False False"
    assert version_line + "\n" == CliRunner().invoke(main, ["--version"]).output


def test_everything_else_goes_to_the_command_group():
    result = run_entry("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"rule": "BUD-A01"' in result.stdout  # click's command ran (and exited: nothing printed after)
