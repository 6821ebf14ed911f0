"""Rule text -> AST (engine.language.syntax.nodes), with positioned diagnostics.

The only module that imports lark besides lalr_tables, which gives it the LALR parser, once per
process. A file is parsed block by block (each `rule` or `define` on its own), so one syntax
error does not hide the next: every problem in a file is reported. lark's exceptions never leave
this module; they become Diagnostic values naming what was expected in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import cast

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from engine.language.syntax import nodes
from engine.language.syntax.hints import friendlier
from engine.language.syntax.lalr_tables import load_parser, named_terminals
from engine.model import Diagnostic, Span
from engine.record import evolve
from engine.resources import grammar_path

_TERMINAL_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "CODE": "a subject code",
    "CODE_RANGE": "a code range LOW..HIGH",
    "STRING": "a quoted text",
    "RULE_ID": "a rule ID like BUD-A01",
    "RULE_SLUG": "a kebab-case rule name like income-expenditure-imbalance",
    "COMPARE": "a comparison (==, ===, !=, <, <=, >, >=)",
    "SEVERITY": "a severity (error, warning, info)",
    "OUTCOME": "an example outcome (pass, fail, na)",
    "QUANTIFIER": "what to range over (row, table, item, group)",
    "NARRATIVE": "what to range over (statement, percentage, change, sentence, section, annex)",
    "$END": "the end of the file",
}
MAX_NESTING = 200


@lru_cache(maxsize=1)
def _parser() -> tuple[Lark, "_Builder"]:
    """The parser, and the builder it calls: the builder is told each file's path before a parse."""
    return parser_with(load_parser)


def parser_with(make_parser) -> tuple[Lark, "_Builder"]:
    """make_parser(transformer=builder), and that builder (lalr_tables' tests build it both ways)."""
    builder = _Builder(named_terminals(grammar_path().read_text(encoding="utf-8")))
    return make_parser(transformer=builder), builder


def parse_rule_text(text: str, path: str) -> tuple[nodes.RuleFile, tuple[Diagnostic, ...]]:
    """Parse a whole rule file; return what parsed and a diagnostic for every bad block."""
    defines: list[nodes.Define] = []
    rules: list[nodes.RuleDecl] = []
    applies: list[nodes.Applies] = []
    diagnostics: list[Diagnostic] = []
    parser, builder = _parser()
    builder.path = path
    for lines_before, padded in _blocks(text):
        try:
            _check_nesting(padded, path)
            # the AST, built during the parse: with a transformer, lark returns what `start` does (a list)
            items = cast(list, parser.parse(padded))
            _check_depth(items, path)
        except UnexpectedInput as error:
            # the hints quote the block by file line: give them the block at its place in the file
            diagnostics.append(_friendlier(error, _shifted(_diagnostic(error, padded, path), lines_before),
                                           "\n" * lines_before + padded))
            continue
        except _TooDeep as error:
            diagnostics.append(_shifted(error.diagnostic, lines_before))
            continue
        for item in _shifted(items, lines_before):
            kind = defines if isinstance(item, nodes.Define) else applies if isinstance(item, nodes.Applies) else rules
            kind.append(item)
    return nodes.RuleFile(path, text, tuple(defines), tuple(rules), tuple(applies)), tuple(diagnostics)


def parse_expression(text: str, path: str = "<expression>") -> nodes.Expression:
    """Parse a lone expression (used by tests and `rulecheck explain`); raises SyntaxIssue."""
    parsed, diagnostics = parse_rule_text(f"define _ = {text}", path)
    if diagnostics:
        raise SyntaxIssue(diagnostics)
    return parsed.defines[0].expression


class SyntaxIssue(Exception):
    def __init__(self, diagnostics: tuple[Diagnostic, ...]):
        super().__init__(diagnostics[0].message)
        self.diagnostics = diagnostics


class _TooDeep(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Each block with the number of lines before it, padded with the spaces before it on its
    line, so lark's columns are file columns and its lines are file lines once shifted by that
    number (`_shifted`). Counting is incremental: padding each block with the newlines before it
    made a file of 10,000 rules cost time quadratic in its length."""
    starts = _block_starts(text)
    if not starts or text[: starts[0]].strip(" \t\n#") and not _only_comments(text[: starts[0]]):
        starts.insert(0, 0)
    starts.append(len(text))
    lines, counted = 0, 0
    for begin, end in zip(starts, starts[1:]):
        lines += text.count("\n", counted, begin)
        counted = begin
        if text[begin:end].strip():
            yield lines, " " * (begin - (text.rfind("\n", 0, begin) + 1)) + text[begin:end]


def _shifted(value, lines: int):
    """`value` (a node, a tuple of nodes, a diagnostic) with every Span moved down by `lines`."""
    if not lines:
        return value
    if type(value) is Span:
        return evolve(value, line=value.line + lines,
                            end_line=value.end_line + lines if value.end_line is not None else None)
    if type(value) in (tuple, list):
        return type(value)(_shifted(item, lines) for item in value)
    if hasattr(type(value), "__attrs_attrs__"):
        changes = {}
        for attribute in type(value).__attrs_attrs__:
            old = getattr(value, attribute.name)
            new = _shifted(old, lines)
            if new is not old:
                changes[attribute.name] = new
        return evolve(value, **changes) if changes else value
    return value


# what the block split must step over: quoted texts (an example holds whole documents) and
# comments (a `"""` or a `rule` in a comment is prose); leftmost match wins, so a `#` inside a
# text is text and a quote inside a comment is comment. An unclosed `"""` runs to the end.
_SKIPPED_OR_START = re.compile(
    r'"""[\s\S]*?(?:"""|\Z)|"(?:[^"\\\n]|\\.)*"?|#[^\n]*|^[ \t]*(?:rule|define|applies)\b', re.MULTILINE
)


def _block_starts(text: str) -> list[int]:
    """Offsets of the `rule`, `define` and `applies` lines that begin a block, outside texts and comments."""
    return [
        match.start()
        for match in _SKIPPED_OR_START.finditer(text)
        if match.group().lstrip(" \t") in ("rule", "define", "applies")
    ]


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("#") for line in text.splitlines())


_BRACKET = re.compile(r"[\[\]()]")


def _check_nesting(text: str, path: str) -> None:
    """Refuse absurd bracket nesting (a 10,000-deep expression) before parsing, at the bracket
    that passes the limit: compiling and evaluating recurse over the AST."""
    depth = 0
    for match in _BRACKET.finditer(text):  # only the brackets: rule files are mostly example text
        if match.group() in "([":
            depth += 1
            if depth > MAX_NESTING:
                index = match.start()
                line = text.count("\n", 0, index) + 1
                column = index - text.rfind("\n", 0, index)
                raise _TooDeep(_too_deep(Span(path, line, column)))
        elif depth:
            depth -= 1


def _too_deep(span: Span) -> Diagnostic:
    return Diagnostic(
        "too-deep",
        f"expression nested more than {MAX_NESTING} levels deep",
        span,
        hint="split the expression with `define`",
    )


def _check_depth(items, path: str) -> None:
    """Long operator chains (1 + 1 + … or - - - 1) nest as deeply as brackets do: refuse them
    here, iteratively, so that compiling and evaluating can recurse safely."""
    stack = [(item, 1) for item in items]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            span = getattr(node, "span", None) or Span(path, 1)
            raise _TooDeep(_too_deep(span))
        # only nodes are stacked (hence `or ()`); type(…) is Hashable, mypy#11470 says otherwise
        for name in _child_fields(type(node)) or ():  # type: ignore[arg-type]
            value = getattr(node, name)
            for child in value if type(value) is tuple else (value,):
                if _child_fields(type(child)) is not None:  # type: ignore[arg-type]  # mypy#11470, as above
                    stack.append((child, depth + 1))


@cache
def _child_fields(cls: type) -> tuple[str, ...] | None:
    """The fields of an AST class that may hold nodes (its span and texts never do); None for
    what is not a node."""
    if not hasattr(cls, "__attrs_attrs__") or cls is Span:
        return None
    return tuple(attribute.name for attribute in cls.__attrs_attrs__ if attribute.name != "span")


def _diagnostic(error: UnexpectedInput, text: str, path: str) -> Diagnostic:
    line = getattr(error, "line", None) or text.count("\n") + 1
    column = getattr(error, "column", None) or 1
    if line < 1:
        line = max(1, text.count("\n") + 1)
    if column < 1:
        column = 1
    span = Span(path, line, column)
    if isinstance(error, UnexpectedCharacters):
        assert error.pos_in_stream is not None  # lark sets it to the lexer's position for this error
        found = text[error.pos_in_stream] if error.pos_in_stream < len(text) else "end of file"
        return Diagnostic("syntax", f"unexpected character {found!r}", span, hint=_expected(error.allowed))
    if isinstance(error, UnexpectedEOF):
        return Diagnostic("syntax", "the file ends in the middle of a rule", span, hint=_expected(error.expected))
    if isinstance(error, UnexpectedToken):
        token = error.token
        found = "the end of the file" if token.type == "$END" else repr(str(token))
        width = len(str(token)) if token.type != "$END" else 1
        span = Span(path, line, column, line, column + max(1, width))
        return Diagnostic("syntax", f"unexpected {found}", span, hint=_expected(error.accepts or error.expected))
    return Diagnostic("syntax", str(error).splitlines()[0], span)


def _friendlier(error: UnexpectedInput, diagnostic: Diagnostic, block: str) -> Diagnostic:
    """The diagnostic in the rule writer's terms when the mistake is a common one (hints.py)."""
    if isinstance(error, UnexpectedToken):
        return friendlier(diagnostic, error.accepts or error.expected, error.token.type, block)
    if isinstance(error, UnexpectedEOF):
        return friendlier(diagnostic, error.expected, "$END", block)
    return friendlier(diagnostic, getattr(error, "allowed", None) or (), None, block)


def _expected(terminals) -> str:
    words = sorted({_word(name) for name in terminals or ()})
    if not words:
        return ""
    if len(words) > 8:
        words = words[:8] + ["…"]
    return "expected " + ", ".join(words)


def _word(terminal: str) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    try:
        pattern = _parser()[0].get_terminal(terminal).pattern
    except KeyError:
        return terminal.lower()
    return f"'{pattern.value}'" if pattern.type == "str" else terminal.lower()


def _unquote(token: Token) -> str:
    raw = str(token)
    if raw.startswith('"""'):
        return _dedent_block(raw[3:-3])
    body = raw[1:-1]
    # \" \\ \n \t are escapes; any other backslash is kept, so patterns read as written ("\d{4}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(0)), body)


def _dedent_block(body: str) -> str:
    """Triple-quoted examples are indented inside a rule; remove the common indentation."""
    lines = body.split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


class _Enclosed:
    """A bracketed expression, `(a + b)`: the node inside, and the brackets' extent, which the
    span of an enclosing node covers (`(a + b) * c` starts at the bracket), as lark's
    propagate_positions had it. Lives only during the parse."""

    __slots__ = ("node", "extent")

    def __init__(self, node, extent: tuple[int, int, int, int]):
        self.node, self.extent = node, extent


def _inner(child):
    return child.node if type(child) is _Enclosed else child


def _extent(child) -> tuple[int, int, int, int]:
    """Where a child of a grammar rule starts and ends: (line, column, end line, end column)."""
    if type(child) is Token:
        # lark types a token's positions Optional; the lexer sets them on every token it makes
        return cast(tuple[int, int, int, int], (child.line, child.column, child.end_line, child.end_column))
    if type(child) is _Enclosed:
        return child.extent
    span = child[2] if type(child) is tuple else child.span  # a rule field, or a node
    return span.line, span.column, span.end_line, span.end_column


def _node(method):
    """lark calls a builder method with every child of the grammar rule: the tokens of keywords
    and brackets too (keep_all_tokens), and None for an absent optional part. The node's span runs
    from its first child's start to its last child's end; the method gets the span and the
    children that carry meaning (named tokens, nodes, placeholders)."""

    def build(self, children):
        present = [child for child in children if child is not None]
        span = Span(self.path, *_extent(present[0])[:2], *_extent(present[-1])[2:])
        kept = [_inner(child) for child in children if type(child) is not Token or child.type in self.named]
        return method(self, span, kept)

    return build


class _Builder:
    """lark's inline transformer: one method per named grammar alternative, each building its
    AST node during the parse, so no parse tree is built and walked afterwards."""

    def __init__(self, named: frozenset[str]):
        self.named = named  # the grammar's named terminals: the tokens a method sees
        self.path = ""  # the file being parsed, set before each parse

    # ---- brackets and `where`: passed on with their extent
    def atom(self, children):  # "(" expr ")", the one alternative of `?atom` that is not named
        opening, inside, closing = children
        return _Enclosed(_inner(inside), _extent(opening)[:2] + _extent(closing)[2:])

    def where(self, children):  # "where" expr: the condition, its extent kept for the quantifier's span
        return children[-1]

    def start(self, children):
        return children

    # ---- expressions
    @_node
    def number(self, span, children):
        return nodes.Number(str(children[0]), span)

    @_node
    def text(self, span, children):
        return nodes.Text(_unquote(children[0]), span)

    @_node
    def name(self, span, children):
        return nodes.Name(str(children[0]), span)

    @_node
    def code_range(self, span, children):
        low, high = str(children[0]).split("..")
        return nodes.CodeRange(low, high, span)

    @_node
    def call(self, span, children):
        function, *arguments = children
        arguments = tuple(argument for argument in arguments if argument is not None)
        return nodes.Call(str(function), arguments, span)

    @_node
    def aggregate(self, span, children):
        function, element, variable, source, where = children
        return nodes.Aggregate(str(function), element, str(variable), source, where, span)

    @_node
    def negate(self, span, children):
        return nodes.Negate(children[0], span)

    @_node
    def not_op(self, span, children):
        return nodes.Not(children[0], span)

    @staticmethod  # a factory of builder methods, called in the class body
    def _binary(operator):
        @_node
        def build(self, span, children):
            return nodes.Binary(operator, children[0], children[1], span)

        return build

    add, subtract, multiply, divide = _binary("+"), _binary("-"), _binary("*"), _binary("/")
    and_op, or_op = _binary("and"), _binary("or")

    @_node
    def compare(self, span, children):
        left, operator, right = children
        return nodes.Compare(str(operator), left, right, span)

    @_node
    def select_rows(self, span, children):
        return nodes.SelectRows(children[0], children[1], span)

    @_node
    def select_column(self, span, children):
        base, token = children
        quoted = token.type == "STRING"
        name = _unquote(token) if quoted else str(token)
        return nodes.SelectColumn(base, name, quoted, span)

    @_node
    def at_period(self, span, children):
        return nodes.AtPeriod(children[0], str(children[1]), span)

    @staticmethod  # a factory of builder methods, called in the class body
    def _selector(kind):
        @_node
        def build(self, span, children):
            token = children[0] if children else None
            value, high = "", None
            if kind == "range":
                value, high = str(token).split("..")
            elif kind == "label":
                value = _unquote(token)
            elif token is not None:
                value = str(token)
            return nodes.RowSelector(kind, value, high, span)

        return build

    row_code, row_range, row_name = _selector("code"), _selector("range"), _selector("name")
    row_label, row_all = _selector("label"), _selector("all")

    # ---- rule fields: tagged tuples collected by `rule`
    @staticmethod  # a factory of builder methods, called in the class body
    def _field(key, convert=str):
        @_node
        def build(self, span, children):
            return (key, convert(children[0]) if key != "context" else nodes.Name(str(children[0]), span), span)

        return build

    title, cite = _field("title", _unquote), _field("citation", _unquote)
    why, message = _field("why", _unquote), _field("message", _unquote)
    see = _field("see", _unquote)
    severity, context = _field("severity"), _field("context")

    @_node
    def when(self, span, children):
        return ("condition", children[0], span)

    @_node
    def assertion(self, span, children):
        return ("assertion", children[0], span)

    @_node
    def example(self, span, children):
        outcome, text = children
        return ("example", nodes.Example(str(outcome), _unquote(text), span), span)

    @_node
    def quantifier(self, span, children):
        kind, variable, source, where = children
        return ("quantifier", nodes.Quantifier(str(kind), str(variable), source, where, span), span)

    @_node
    def narrative_quantifier(self, span, children):
        kind, variable, where = children
        return ("quantifier", nodes.Quantifier(str(kind), str(variable), None, where, span), span)

    @_node
    def applies(self, span, children):
        return nodes.Applies(children[0], span)

    @_node
    def define(self, span, children):
        return nodes.Define(str(children[0]), children[1], span)

    @_node
    def rule(self, span, children):
        code, slug, *fields = children
        values: dict = {}
        lists: dict = {"quantifiers": [], "conditions": [], "examples": []}
        spans = []
        for key, value, field_span in fields:
            spans.append((key, field_span))
            if key == "quantifier":
                lists["quantifiers"].append(value)
            elif key == "condition":
                lists["conditions"].append(value)
            elif key == "example":
                lists["examples"].append(value)
            else:
                values[key] = value
        return nodes.RuleDecl(
            code=str(code),
            name=str(slug),
            span=span,
            quantifiers=tuple(lists["quantifiers"]),
            conditions=tuple(lists["conditions"]),
            examples=tuple(lists["examples"]),
            field_spans=tuple(spans),
            **values,
        )
