"""`python -m engine ...` runs the `rulecheck` command."""

from engine.entry import main

main()
