"""A one-line progress bar on stderr, shown only to a person watching a terminal.

Reports go to stdout and must stay byte-identical whether or not a bar was drawn, so the bar
writes to stderr only, and only when stderr is a terminal and no CI system is detected (CI logs
keep every carriage-return frame, which turns a bar into noise). `NO_COLOR`-style opt-out:
`RULECHECK_NO_PROGRESS=1`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from typing import Optional, TextIO

from engine.util.terminal_text import for_terminal

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TEAMCITY_VERSION", "TF_BUILD")
MINIMUM_DOCUMENTS = 2


def wanted(stream: TextIO, total: int, environment: Optional[Mapping[str, str]] = None) -> bool:
    environment = os.environ if environment is None else environment
    if total < MINIMUM_DOCUMENTS or environment.get("RULECHECK_NO_PROGRESS"):
        return False
    if any(environment.get(name) for name in CI_VARIABLES) or environment.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """`with Progress(stream, total) as bar: bar.advance(path)`; a no-op when not wanted."""

    def __init__(self, stream: TextIO, total: int, enabled: bool, width: Optional[int] = None):
        self.stream, self.total, self.enabled, self.done = stream, total, enabled, 0
        self.width = width or shutil.get_terminal_size((80, 20)).columns

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exception) -> None:
        self.clear()

    def clear(self) -> None:
        """Blank the bar's line, so a message can be printed on stderr; the next `advance` redraws it."""
        if self.enabled:
            self.stream.write("\r" + " " * (self.width - 1) + "\r")
            self.stream.flush()

    def line(self, label: str) -> str:
        label = for_terminal(label).replace("\n", " ").replace("\t", " ")
        bar_width = max(10, min(30, self.width // 3))
        filled = bar_width * self.done // max(self.total, 1)
        head = f"[{'#' * filled}{'.' * (bar_width - filled)}] {self.done}/{self.total} "
        room = max(0, self.width - 1 - len(head))
        return head + (label if len(label) <= room else "…" + label[len(label) - room + 1:])

    def advance(self, label: str = "") -> None:
        self.done += 1
        if self.enabled:
            self.stream.write("\r" + self.line(label).ljust(self.width - 1))
            self.stream.flush()
