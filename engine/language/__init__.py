"""The rule language: syntax/ (text -> AST), compile/ (AST -> closures), builtins/ (functions and
operators), runtime/ (values the closures compute with); rulebook.py loads rule files."""
