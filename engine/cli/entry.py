"""The `rulecheck` console script: `--version` answered before the engine is imported.

Importing the pipeline (attrs classes, click, the compiler) takes ~0.15 s; a CI script that
probes the tool with `rulecheck --version` should not pay it. Everything else goes to the click
command group in engine.cli.commands.
"""

from __future__ import annotations

import sys

from engine import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"rulecheck, version {__version__}")
        return
    from engine.cli.commands import main as command_group

    command_group()


if __name__ == "__main__":
    main()
