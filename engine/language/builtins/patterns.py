"""Regular expressions in rules, checked at load and run in time linear in the text.

A pattern must be a quoted literal (never built at run time) of at most MAX_PATTERN characters.
It is compiled for RE2 (engine/language/builtins/linear_regex.py), which never backtracks: no
pattern can make matching blow up, and one that needs backtracking (a backreference, a
lookaround) is refused here with a diagnostic.
"""

from __future__ import annotations

from engine.errors import CompileError, PatternError
from engine.language.builtins.linear_regex import LinearPattern, compile_linear
from engine.language.syntax import nodes
from engine.model import Diagnostic

MAX_PATTERN = 200


def checked_pattern(node: nodes.Call, argument: nodes.Expression) -> LinearPattern:
    if not isinstance(argument, nodes.Text):
        raise CompileError(Diagnostic("pattern", "a pattern must be written as a quoted text", node.span))
    pattern = argument.value
    if len(pattern) > MAX_PATTERN:
        problem = f"pattern longer than {MAX_PATTERN} characters"
    else:
        try:
            return compile_linear(pattern)
        except PatternError as error:
            problem = str(error)
    raise CompileError(Diagnostic("pattern", problem, argument.span, hint="simplify the pattern"))
