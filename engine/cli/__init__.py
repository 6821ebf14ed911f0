"""The command line: `rulecheck` and its subcommands (click), and the fast entry point."""
