"""Rule patterns run on RE2, whose matching time is linear in the text, with Python `re` meaning.

A backtracking matcher (Python's `re`) can take exponential time on patterns that look harmless
(`(a|aa)+b`, `a*a*a*b`, `(?=(a+)+b)`); no inspection of the pattern closes every such shape. RE2
compiles a pattern to an automaton and never backtracks, so a match costs time linear in the
text whatever the pattern. It cannot run what needs backtracking (backreferences, lookarounds,
atomic groups, possessive repeats, conditionals): such a pattern is refused when the rules load.

The rule author writes Python `re` syntax and rules depend on its meaning, which differs from
RE2's in places (`\\d` and `\\s` are Unicode in Python, ASCII in RE2; `$` also matches before a
final newline in Python). So the pattern is parsed by Python's own regex parser and written back
as an RE2 pattern node by node, each class spelled out with Python's meaning; a node this module
does not know is refused, never guessed.
"""

from __future__ import annotations

import re

import re2

from engine.errors import PatternError

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11 named them sre_constants / sre_parse
    import sre_constants as _c
    import sre_parse as _p

MAX_MEMORY = 8 << 20  # bytes of automaton RE2 may build for one pattern: a pattern too big is refused

# Python's \s on str: exactly the characters for which str.isspace() holds (a test checks the list).
# \d is Unicode category Nd in both; \w is letters, numbers and _ (both differ only on characters
# of scripts added in recent Unicode versions, whose tables the two libraries date differently).
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
          "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_ITEMS = "".join(f"\\x{{{ord(char):x}}}" for char in SPACES)
_CATEGORY_IN_CLASS = {  # inside [...]: the items that stand for the category
    _c.CATEGORY_DIGIT: r"\p{Nd}",
    _c.CATEGORY_NOT_DIGIT: r"\P{Nd}",
    _c.CATEGORY_SPACE: _SPACE_ITEMS,
    _c.CATEGORY_WORD: r"\p{L}\p{N}_",
}
_CATEGORY_ALONE = {  # outside a class
    _c.CATEGORY_DIGIT: r"\p{Nd}",
    _c.CATEGORY_NOT_DIGIT: r"\P{Nd}",
    _c.CATEGORY_SPACE: f"[{_SPACE_ITEMS}]",
    _c.CATEGORY_NOT_SPACE: f"[^{_SPACE_ITEMS}]",
    _c.CATEGORY_WORD: r"[\p{L}\p{N}_]",
    _c.CATEGORY_NOT_WORD: r"[^\p{L}\p{N}_]",
}
_ANCHORS = {
    _c.AT_BEGINNING: "^",
    _c.AT_BEGINNING_STRING: r"\A",
    _c.AT_END: r"(?:\n?\z)",  # Python's $: the end, or before a newline that ends the text
    _c.AT_END_STRING: r"\z",
    _c.AT_BEGINNING_LINE: "(?m:^)",
    _c.AT_END_LINE: "(?m:$)",
}
_FLAGS = {_c.SRE_FLAG_IGNORECASE: "i", _c.SRE_FLAG_DOTALL: "s", _c.SRE_FLAG_MULTILINE: "m"}
_HARMLESS_FLAGS = _c.SRE_FLAG_UNICODE | _c.SRE_FLAG_VERBOSE
_NEEDS_BACKTRACKING = {
    "ASSERT": "a lookahead or lookbehind",
    "ASSERT_NOT": "a negative lookahead or lookbehind",
    "GROUPREF": "a backreference",
    "GROUPREF_EXISTS": "a conditional group",
    "ATOMIC_GROUP": "an atomic group",
    "POSSESSIVE_REPEAT": "a possessive repetition",
}


def compile_linear(pattern: str) -> "LinearPattern":
    """The pattern compiled for RE2, or PatternError saying why it cannot be."""
    try:
        parsed = _p.parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        raise PatternError(f"invalid pattern: {error}") from None
    flags = parsed.state.flags
    unknown = flags & ~(_HARMLESS_FLAGS | sum(_FLAGS))
    if unknown:
        raise PatternError("only the flags i, s, m and x are supported")
    prefix = "".join(letter for flag, letter in _FLAGS.items() if flags & flag)
    translated = (f"(?{prefix})" if prefix else "") + _sequence(parsed)
    options = re2.Options()
    options.max_mem = MAX_MEMORY
    options.log_errors = False
    try:
        compiled = re2.compile(translated, options)
    except re2.error as error:
        raise PatternError(f"pattern too large or not supported by the linear-time matcher: {error}") from None
    return LinearPattern(pattern, compiled, parsed.state.groups - 1)


class LinearPattern:
    """A compiled rule pattern: `search(text)` like re.Pattern.search, in time linear in the text.

    Pickled as its source (the compiled automaton is not picklable), so rule books still go to
    spawned workers."""

    __slots__ = ("pattern", "_compiled", "groups")

    def __init__(self, pattern: str, compiled, groups: int):
        self.pattern = pattern
        self._compiled = compiled
        self.groups = groups

    def search(self, text: str):
        try:
            return self._compiled.search(text)
        except UnicodeEncodeError:  # a lone surrogate (an undecodable file name) becomes one "?"
            return self._compiled.search(text.encode("utf-8", "replace").decode("utf-8"))

    def finditer(self, text: str):
        """Every non-overlapping match, left to right (linear in the text, as `search`)."""
        try:
            return self._compiled.finditer(text)
        except UnicodeEncodeError:
            return self._compiled.finditer(text.encode("utf-8", "replace").decode("utf-8"))

    def __reduce__(self):
        return compile_linear, (self.pattern,)

    def __repr__(self) -> str:
        return f"LinearPattern({self.pattern!r})"


def _sequence(items) -> str:
    return "".join(_node(operation, value) for operation, value in items)


def _node(operation, value) -> str:
    name = str(operation)
    if name in _NEEDS_BACKTRACKING:
        raise PatternError(f"{_NEEDS_BACKTRACKING[name]} needs a backtracking matcher, whose time can blow up; "
                           "rewrite the pattern without it")
    if operation is _c.LITERAL:
        return _literal(value)
    if operation is _c.NOT_LITERAL:
        return f"[^{_literal(value)}]"
    if operation is _c.ANY:
        return "."
    if operation is _c.IN:
        return _class(value)
    if operation is _c.CATEGORY:
        return _CATEGORY_ALONE[value]
    if operation is _c.AT:
        if value in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
            raise PatternError(r"\b and \B are not supported (their meaning differs between matchers); "
                               "name the characters around the word instead")
        return _ANCHORS[value]
    if operation is _c.BRANCH:
        return "(?:" + "|".join(_sequence(branch) for branch in value[1]) + ")"
    if operation is _c.SUBPATTERN:
        group, add_flags, del_flags, items = value
        body = _sequence(items)
        scoped = _scoped_flags(add_flags, del_flags)
        if scoped:
            body = f"(?{scoped}:{body})"
        return f"({body})" if group is not None else f"(?:{body})"
    if operation in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, high, items = value
        upper = "" if high is _c.MAXREPEAT else str(high)
        bounds = f"{{{low},{upper}}}" if low != high else f"{{{low}}}"
        return f"(?:{_sequence(items)}){bounds}" + ("?" if operation is _c.MIN_REPEAT else "")
    raise PatternError(f"pattern element {name} is not supported by the linear-time matcher")


def _scoped_flags(add_flags: int, del_flags: int) -> str:
    if (add_flags | del_flags) & ~(_HARMLESS_FLAGS | sum(_FLAGS)):
        raise PatternError("only the flags i, s, m and x are supported")
    on = "".join(letter for flag, letter in _FLAGS.items() if add_flags & flag)
    off = "".join(letter for flag, letter in _FLAGS.items() if del_flags & flag)
    return on + (f"-{off}" if off else "")


def _literal(code: int) -> str:
    return f"\\x{{{code:x}}}"


def _class(items) -> str:
    negate = False
    parts, complements = [], []  # complements: \S or \W, which only a class of their own can say
    for operation, value in items:
        if operation is _c.NEGATE:
            negate = True
        elif operation is _c.LITERAL:
            parts.append(_literal(value))
        elif operation is _c.RANGE:
            parts.append(f"{_literal(value[0])}-{_literal(value[1])}")
        elif operation is _c.CATEGORY and value in _CATEGORY_IN_CLASS:
            parts.append(_CATEGORY_IN_CLASS[value])
        elif operation is _c.CATEGORY:
            complements.append(_CATEGORY_ALONE[value])
        else:
            raise PatternError(f"class element {operation} is not supported by the linear-time matcher")
    if negate and complements:
        raise PatternError(r"\S or \W inside [^...] is not supported; name the characters instead")
    if negate:
        return "[^" + "".join(parts) + "]"
    alternatives = ([f"[{''.join(parts)}]"] if parts else []) + complements
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
