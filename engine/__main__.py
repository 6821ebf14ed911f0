"""`python -m engine ...` runs the `rulecheck` command."""

from engine.cli.entry import main

main()
