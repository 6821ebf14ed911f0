"""The attack suite drives the command line in a subprocess, so it runs against any checkout:
RULECHECK_ATTACK_ROOT=/path/to/checkout runs it there (each test failed on 3635cc2, the commit
issue 24 attacked). Inputs are small and each test has a time limit that proves boundedness."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("RULECHECK_ATTACK_ROOT") or Path(__file__).resolve().parents[2])
CORPUS_DOCUMENT = Path(__file__).resolve().parents[2] / "corpus" / "002_9d3ba407454daa6c.txt"


class Cli:
    def __init__(self, folder: Path, cache: Path):
        self.folder = folder
        self.environment = {**os.environ, "PYTHONPATH": str(ROOT), "RULECHECK_CACHE_DIR": str(cache),
                            "RULECHECK_NO_PROGRESS": "1"}
        self.environment.pop("RULECHECK_RESULT_CACHE", None)

    def command(self, *arguments) -> list[str]:
        return [sys.executable, "-m", "engine", *map(str, arguments)]

    def run(self, *arguments, timeout: float = 60, **keywords) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*arguments), cwd=self.folder, env={**self.environment, **keywords.pop("env", {})},
                              capture_output=True, timeout=timeout, **keywords)

    def start(self, *arguments, **keywords) -> subprocess.Popen:
        return subprocess.Popen(self.command(*arguments), cwd=self.folder, env=self.environment,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, **keywords)


@pytest.fixture
def cli(tmp_path) -> Cli:
    work = tmp_path / "work"
    work.mkdir()
    return Cli(work, tmp_path / "cache")


@pytest.fixture
def document(cli) -> Path:
    path = cli.folder / "d.txt"
    path.write_bytes(CORPUS_DOCUMENT.read_bytes())
    return path


def rule_file(folder: Path, body: str, name: str = "attack.rule", code: str = "ATK-1") -> Path:
    path = folder / name
    path.write_text(f'rule {code} attack-rule\n  title "t"\n  severity error\n  cite "c"\n  message "m"\n{body}end\n',
                    encoding="utf-8")
    return path


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert b"Traceback" not in result.stderr + result.stdout, result.stderr.decode(errors="replace")[-2000:]
