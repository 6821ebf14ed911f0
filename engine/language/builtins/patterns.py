"""Regular expressions in rules, checked at load so that matching cannot blow up.

A pattern must be a quoted literal (never built at run time), at most MAX_PATTERN characters, and
may not nest repetitions, the shape that makes a backtracking matcher take exponential time.
"""

from __future__ import annotations

import re

from engine.errors import CompileError
from engine.language.syntax import nodes
from engine.model import Diagnostic

try:  # Python 3.11 ships the regex parser as re._parser; older names kept for safety
    from re import _parser as regex_parser
except ImportError:  # pragma: no cover
    import sre_parse as regex_parser

MAX_PATTERN = 200
_REPEATS = {regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT}


def checked_pattern(node: nodes.Call, argument: nodes.Expression) -> re.Pattern:
    if not isinstance(argument, nodes.Text):
        raise CompileError(Diagnostic("pattern", "a pattern must be written as a quoted text", node.span))
    pattern = argument.value
    problem = None
    if len(pattern) > MAX_PATTERN:
        problem = f"pattern longer than {MAX_PATTERN} characters"
    else:
        try:
            parsed = regex_parser.parse(pattern)
            compiled = re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as error:
            problem = f"invalid pattern: {error}"
        else:
            if _nested_repeat(parsed, inside=False):
                problem = "a repetition inside a repetition could make matching take forever"
    if problem:
        raise CompileError(Diagnostic("pattern", problem, argument.span, hint="simplify the pattern"))
    return compiled


def _nested_repeat(parsed, inside: bool) -> bool:
    for operation, value in parsed:
        if operation in _REPEATS:
            looping = value[1] > 1  # `x?` repeats at most once: optional, not a loop
            if inside and looping:
                return True
            if _nested_repeat(value[2], inside or looping):
                return True
        elif operation == regex_parser.SUBPATTERN:
            if _nested_repeat(value[-1], inside):
                return True
        elif operation == regex_parser.BRANCH:
            if any(_nested_repeat(branch, inside) for branch in value[1]):
                return True
    return False
