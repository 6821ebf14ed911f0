"""The commands shown in the documentation, run and compared with the output printed under them.

A reader copies `$ rulecheck …` lines from README.md, README.zh.md and docs/tutorial.md; when the
tool changes and the page does not, the page teaches something false. So every ```console block
of those pages is run here, in order, in a scratch folder per page (with `corpus/` linked in),
and its output compared with what the page prints:

    ```console
    $ rulecheck rule BUD-A08
    BUD-A08 three-public-total-not-sum
    …
    ```

- A line `$ CMD` is a command; the lines up to the next `$ ` are its expected output (stdout and
  stderr as a terminal shows them). A line holding only `…` stands for any number of lines, so a
  page can show the head and the tail of a long report.
- A plain `rulecheck …` command runs in this process through click (fast); one with shell syntax
  (`|`, `;`, `>`, `$?`) runs under bash with `rulecheck` on PATH. `$?` shows the exit code
  where a page wants to show it.
- A fenced block whose info string has `file=PATH` (```` ```rule file=my-rules/mine.rule ````)
  is written to PATH in the scratch folder when reached: the file the reader is told to create.
  One with `expect=PATH` must equal that file's content when reached: what a command wrote.

Output is compared after normalising what differs between machines: the scratch folder and the
checkout's path, trailing spaces. `python3 -m tests.docs.regenerate` rewrites the pages' outputs
from a fresh run after a deliberate change (keeping the `…` elisions where it can); review the
diff like code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from engine.record import frozen

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("README.md", "README.zh.md", "docs/tutorial.md")
ELLIPSIS = "…"
_FENCE = re.compile(r"^(`{3,})\s*(\S*)(.*)$")
_SHELL = re.compile(r"[|;&<>$`*?()]")
# the shell forms a page uses, run without a shell: `; echo "exit $?"`, `| jq …`, and output thrown away
_EXIT = re.compile(r';\s*echo\s+"exit \$\?"\s*$')
_PIPE_JQ = re.compile(r"\s*\|\s*(jq\s.*)$")
_NO_STDOUT = re.compile(r"\s+>\s*/dev/null(?=\s|$)")
_NO_STDERR = re.compile(r"\s+2>\s*/dev/null(?=\s|$)")


@frozen
class Block:
    """One fenced block of a page: its kind (console, file or expect), where, and its lines."""

    page: str
    line: int  # of the opening fence, from 1
    kind: str  # "console", "file" or "expect"
    target: str  # the file of a file/expect block, "" for console
    body: tuple[str, ...]  # the lines between the fences
    start: int  # index of the first body line in the page's lines


@frozen
class Step:
    command: str
    expected: tuple[str, ...]


def blocks(page: str, text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, language, rest = match.groups()
        end = index + 1
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        attributes = dict(re.findall(r"(file|expect)=(\S+)", rest))
        body = tuple(lines[index + 1:end])
        if language == "console":
            found.append(Block(page, index + 1, "console", "", body, index + 1))
        elif "file" in attributes:
            found.append(Block(page, index + 1, "file", attributes["file"], body, index + 1))
        elif "expect" in attributes:
            found.append(Block(page, index + 1, "expect", attributes["expect"], body, index + 1))
        index = end + 1
    return found


def steps(block: Block) -> list[Step]:
    result: list[Step] = []
    command: Optional[str] = None
    expected: list[str] = []
    for line in block.body:
        if line.startswith("$ "):
            if command is not None:
                result.append(Step(command, tuple(expected)))
            command, expected = line[2:], []
        elif command is not None:
            expected.append(line)
    if command is not None:
        result.append(Step(command, tuple(expected)))
    return result


def normalise(output: str, scratch: Path) -> list[str]:
    text = output.replace(str(scratch.resolve()), ".").replace(str(scratch), ".").replace(str(ROOT), "<checkout>")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: tuple[str, ...] | list[str], actual: list[str]) -> bool:
    """Line by line, a line of only `…` standing for any number of lines."""
    expected = [line.rstrip() for line in expected]
    while expected and not expected[-1]:
        expected.pop()
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(expected):
            result = j == len(actual)
        elif expected[i].strip() == ELLIPSIS:
            result = any(match(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            result = j < len(actual) and expected[i] == actual[j] and match(i + 1, j + 1)
        memo[(i, j)] = result
        return result

    return match(0, 0)


def elided(expected: tuple[str, ...], actual: list[str]) -> list[str]:
    """A fresh output written back with the page's elisions: as many head and tail lines as the
    page showed, `…` between them, and the page's middle lines where the output still has them
    (the same line, else the first later one starting with the same 12 characters: a count that
    changed)."""
    if not any(line.strip() == ELLIPSIS for line in expected):
        return actual
    marks = [index for index, line in enumerate(expected) if line.strip() == ELLIPSIS]
    head, tail = marks[0], len(expected) - marks[-1] - 1
    if head + tail >= len(actual):
        return actual
    mark = expected[marks[0]]  # keeps the page's indentation of `…`
    body, position, stop = [mark], head, len(actual) - tail
    for line in expected[marks[0] + 1:marks[-1]]:
        if line.strip() == ELLIPSIS:
            if body[-1].strip() != ELLIPSIS:
                body.append(line)
            continue
        found = _find(actual, line, position, stop)
        if found is None:
            continue
        if found > position and body[-1].strip() != ELLIPSIS:
            body.append(mark)
        body.append(actual[found])
        position = found + 1
    if position < stop and body[-1].strip() != ELLIPSIS:
        body.append(mark)
    return actual[:head] + body + (actual[stop:] if tail else [])


def _find(actual: list[str], line: str, start: int, stop: int) -> Optional[int]:
    if line in actual[start:stop]:
        return actual.index(line, start, stop)
    prefix = line[:12]
    return next((index for index in range(start, stop) if len(prefix) == 12 and actual[index].startswith(prefix)), None)


@contextmanager
def _cwd(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


_RULE_BOOKS: dict[tuple, object] = {}


@contextmanager
def _rule_books_shared(commands) -> Iterator[None]:
    """Each command of the pages loads its rule book as a user's run does, except that a book of
    exactly the same inputs (rule files by path as given and text, vocabulary) compiled for
    an earlier command is handed back instead of compiled again: loading the ~250 shipped rules is
    most of a command's time (~0.15 s CPU) and the pages run some forty commands. A rule book is a
    frozen value, so sharing it cannot carry anything from one command to the next."""
    from engine.language.rulebook import load_rulebook, rule_files
    from engine.util.disk_cache import caching_off

    def shared(paths, vocabulary, include_shipped: bool = True):
        paths = list(paths)
        if caching_off() or not vocabulary.digest:  # --no-cache: everything afresh, as promised
            return load_rulebook(paths, vocabulary, include_shipped)
        files = rule_files(paths, include_shipped)
        key = (tuple(str(path) for path in paths), include_shipped, vocabulary.digest,
               tuple((str(path), path.read_bytes() if path.is_file() else None) for path in files))
        if key not in _RULE_BOOKS:
            _RULE_BOOKS[key] = load_rulebook(paths, vocabulary, include_shipped)
        return _RULE_BOOKS[key]

    original = commands.load_rulebook
    commands.load_rulebook = shared
    try:
        yield
    finally:
        commands.load_rulebook = original


class Session:
    """One page's scratch folder: `corpus/` linked in, `rulecheck` on PATH for shell commands."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        (scratch / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)
        self.bin = scratch.parent / f"{scratch.name}-bin"
        self.bin.mkdir(exist_ok=True)
        wrapper = self.bin / "rulecheck"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m engine "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)

    def run(self, command: str) -> str:
        """`rulecheck …` in this process (with the few shell forms pages use); anything else in bash."""
        rest, show_exit = _EXIT.sub("", command), bool(_EXIT.search(command))
        pipe = _PIPE_JQ.search(rest)
        rest = rest[:pipe.start()] if pipe else rest
        keep_stderr, keep_stdout = not _NO_STDERR.search(rest), True
        rest = _NO_STDERR.sub("", rest)
        if _NO_STDOUT.search(rest):
            keep_stdout, rest = False, _NO_STDOUT.sub("", rest)
        words = None if _SHELL.search(rest) else shlex.split(rest)
        if not words or words[0] != "rulecheck" or (pipe and not keep_stdout):
            return self._shell(command)
        result = self._in_process(words[1:])
        if pipe:
            filtered = subprocess.run(shlex.split(pipe.group(1)), input=result.stdout, capture_output=True, text=True,
                                      timeout=60)
            output = filtered.stdout + (result.stderr if keep_stderr else "")
        elif keep_stdout and keep_stderr:
            output = result.output  # as a terminal shows them, interleaved
        else:
            output = (result.stdout if keep_stdout else "") + (result.stderr if keep_stderr else "")
        if show_exit:
            output += ("" if output.endswith("\n") or not output else "\n") + f"exit {result.exit_code}\n"
        return output

    def _in_process(self, arguments: list[str]):
        from click.testing import CliRunner

        from engine.cli import commands

        # results of earlier commands of the page are reused, as they are for a user (the cache
        # is keyed by the engine's source, so it cannot hide a change); so is the rule book
        with _cwd(self.scratch), _rule_books_shared(commands):
            return CliRunner().invoke(commands.main, arguments, catch_exceptions=False,
                                      env={"COLUMNS": "120", "RULECHECK_RESULT_CACHE": "1"})

    def _shell(self, command: str) -> str:
        environment = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
                       "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
        completed = subprocess.run(["bash", "-c", command], cwd=self.scratch, env=environment, capture_output=True,
                                   text=True, timeout=120)
        return completed.stdout + completed.stderr

    def put(self, block: Block) -> None:
        target = self.scratch / block.target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(block.body) + "\n", encoding="utf-8")

    def read(self, block: Block) -> list[str]:
        target = self.scratch / block.target
        if not target.exists():
            return [f"(no file {block.target})"]
        return normalise(target.read_text(encoding="utf-8"), self.scratch)


@frozen
class Outcome:
    """One step of a page as run: what it printed against what the page says."""

    block: Block
    step: Optional[Step]  # None for an expect block
    actual: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return matches(self.step.expected if self.step else self.block.body, list(self.actual))

    def describe(self) -> str:
        what = f"$ {self.step.command}" if self.step else f"the file {self.block.target}"
        expected = self.step.expected if self.step else self.block.body
        return (f"{self.block.page}:{self.block.line}: {what}\n--- the page shows\n" + "\n".join(expected)
                + "\n--- the tool printed\n" + "\n".join(self.actual))


def run_page(page: str, scratch: Path) -> list[Outcome]:
    text = (ROOT / page).read_text(encoding="utf-8")
    session = Session(scratch)
    outcomes: list[Outcome] = []
    for block in blocks(page, text):
        if block.kind == "file":
            session.put(block)
        elif block.kind == "expect":
            outcomes.append(Outcome(block, None, tuple(session.read(block))))
        else:
            for step in steps(block):
                outcomes.append(Outcome(block, step, tuple(normalise(session.run(step.command), scratch))))
    return outcomes


def rewrite(page: str, outcomes: list[Outcome]) -> str:
    """The page with every mismatching output replaced by what the tool printed now."""
    lines = (ROOT / page).read_text(encoding="utf-8").split("\n")
    by_block: dict[int, list[Outcome]] = {}
    for outcome in outcomes:
        by_block.setdefault(outcome.block.start, []).append(outcome)
    for start in sorted(by_block, reverse=True):  # from the bottom: earlier indexes stay valid
        block = by_block[start][0].block
        if all(outcome.ok for outcome in by_block[start]):
            continue
        if block.kind == "expect":
            body = list(by_block[start][0].actual)
        else:
            body = []
            for outcome in by_block[start]:
                step = outcome.step
                body.append(f"$ {step.command}")
                body.extend(step.expected if outcome.ok else elided(step.expected, list(outcome.actual)))
        lines[start:start + len(block.body)] = body
    return "\n".join(lines)
