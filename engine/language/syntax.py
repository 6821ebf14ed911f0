"""Rule text -> AST (engine.language.nodes), with positioned diagnostics.

The only module that imports lark besides lalr_tables, which gives it the LALR parser, once per
process. A file is parsed block by block (each `rule` or `define` on its own), so one syntax
error does not hide the next: every problem in a file is reported. lark's exceptions never leave
this module; they become Diagnostic values naming what was expected in words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from engine.language import nodes
from engine.language.lalr_tables import load_parser
from engine.model import Diagnostic, Span

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
    "NARRATIVE": "what to range over (statement, change, sentence, section, annex)",
    "$END": "the end of the file",
}
_BLOCK_START = re.compile(r"^[ \t]*(rule|define)\b", re.MULTILINE)
MAX_NESTING = 200


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return load_parser()


def parse_rule_text(text: str, path: str) -> tuple[nodes.RuleFile, tuple[Diagnostic, ...]]:
    """Parse a whole rule file; return what parsed and a diagnostic for every bad block."""
    defines: list[nodes.Define] = []
    rules: list[nodes.RuleDecl] = []
    diagnostics: list[Diagnostic] = []
    for padded in _blocks(text):
        try:
            _check_nesting(padded, path)
            tree = _parser().parse(padded)
            items = _Builder(path).transform(tree).children
            _check_depth(items, path)
        except UnexpectedInput as error:
            diagnostics.append(_diagnostic(error, padded, path))
            continue
        except _TooDeep as error:
            diagnostics.append(error.diagnostic)
            continue
        except (RecursionError, VisitError):
            line = padded.count("\n", 0, len(padded) - len(padded.lstrip())) + 1
            diagnostics.append(_too_deep(Span(path, line, 1)))
            continue
        for item in items:
            (defines if isinstance(item, nodes.Define) else rules).append(item)
    return nodes.RuleFile(path, text, tuple(defines), tuple(rules)), tuple(diagnostics)


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


def _blocks(text: str) -> Iterator[str]:
    """Each block padded with the newlines before it, so lark's positions are file positions."""
    starts = [match.start() for match in _BLOCK_START.finditer(text) if not _inside_string(text, match.start())]
    if not starts or text[: starts[0]].strip(" \t\n#") and not _only_comments(text[: starts[0]]):
        starts.insert(0, 0)
    starts.append(len(text))
    for begin, end in zip(starts, starts[1:]):
        if text[begin:end].strip():
            yield "\n" * text.count("\n", 0, begin) + " " * (begin - (text.rfind("\n", 0, begin) + 1)) + text[begin:end]


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("#") for line in text.splitlines())


def _inside_string(text: str, offset: int) -> bool:
    return text.count('"""', 0, offset) % 2 == 1


_BRACKET = re.compile(r"[\[\]()]")


def _check_nesting(text: str, path: str) -> None:
    """Refuse absurd nesting before lark recurses into it (a 10,000-deep expression)."""
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
    return Diagnostic("too-deep", f"expression nested more than {MAX_NESTING} levels deep", span,
                      hint="split the expression with `define`")


def _check_depth(items, path: str) -> None:
    """Long operator chains (1 + 1 + … or - - - 1) nest as deeply as brackets do: refuse them
    here, iteratively, so that compiling and evaluating can recurse safely."""
    stack = [(item, 1) for item in items]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            span = getattr(node, "span", None) or Span(path, 1)
            raise _TooDeep(_too_deep(span))
        for name in _child_fields(type(node)):
            value = getattr(node, name)
            for child in value if type(value) is tuple else (value,):
                if _child_fields(type(child)) is not None:
                    stack.append((child, depth + 1))


@lru_cache(maxsize=None)
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
        pattern = _parser().get_terminal(terminal).pattern
    except KeyError:
        return terminal.lower()
    return f"'{pattern.value}'" if pattern.type == "str" else terminal.lower()


def _span(path: str, meta) -> Span:
    return Span(path, meta.line, meta.column, meta.end_line, meta.end_column)


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


@v_args(meta=True)
class _Builder(Transformer):
    """lark tree -> nodes. One method per named grammar alternative."""

    def __init__(self, path: str):
        super().__init__(visit_tokens=False)  # no method takes a token: tokens pass through as they are
        self.path = path

    # ---- expressions
    def number(self, meta, children):
        return nodes.Number(str(children[0]), _span(self.path, meta))

    def text(self, meta, children):
        return nodes.Text(_unquote(children[0]), _span(self.path, meta))

    def name(self, meta, children):
        return nodes.Name(str(children[0]), _span(self.path, meta))

    def code_range(self, meta, children):
        low, high = str(children[0]).split("..")
        return nodes.CodeRange(low, high, _span(self.path, meta))

    def call(self, meta, children):
        function, *arguments = children
        arguments = tuple(argument for argument in arguments if argument is not None)
        return nodes.Call(str(function), arguments, _span(self.path, meta))

    def aggregate(self, meta, children):
        function, element, variable, source, where = children
        return nodes.Aggregate(str(function), element, str(variable), source, where, _span(self.path, meta))

    def negate(self, meta, children):
        return nodes.Negate(children[0], _span(self.path, meta))

    def not_op(self, meta, children):
        return nodes.Not(children[0], _span(self.path, meta))

    def _binary(operator):
        def build(self, meta, children):
            return nodes.Binary(operator, children[0], children[1], _span(self.path, meta))

        return build

    add, subtract, multiply, divide = _binary("+"), _binary("-"), _binary("*"), _binary("/")
    and_op, or_op = _binary("and"), _binary("or")

    def compare(self, meta, children):
        left, operator, right = children
        return nodes.Compare(str(operator), left, right, _span(self.path, meta))

    def select_rows(self, meta, children):
        return nodes.SelectRows(children[0], children[1], _span(self.path, meta))

    def select_column(self, meta, children):
        base, token = children
        quoted = token.type == "STRING"
        name = _unquote(token) if quoted else str(token)
        return nodes.SelectColumn(base, name, quoted, _span(self.path, meta))

    def at_period(self, meta, children):
        return nodes.AtPeriod(children[0], str(children[1]), _span(self.path, meta))

    def _selector(kind):
        def build(self, meta, children):
            token = children[0] if children else None
            value, high = "", None
            if kind == "range":
                value, high = str(token).split("..")
            elif kind == "label":
                value = _unquote(token)
            elif token is not None:
                value = str(token)
            return nodes.RowSelector(kind, value, high, _span(self.path, meta))

        return build

    row_code, row_range, row_name = _selector("code"), _selector("range"), _selector("name")
    row_label, row_all = _selector("label"), _selector("all")

    # ---- rule fields: tagged tuples collected by `rule`
    def _field(key, convert=str):
        def build(self, meta, children):
            return (key, convert(children[0]) if key != "context" else nodes.Name(str(children[0]), _span(self.path, meta)), _span(self.path, meta))

        return build

    title, cite = _field("title", _unquote), _field("citation", _unquote)
    why, message = _field("why", _unquote), _field("message", _unquote)
    severity, context = _field("severity"), _field("context")

    def when(self, meta, children):
        return ("condition", children[0], _span(self.path, meta))

    def assertion(self, meta, children):
        return ("assertion", children[0], _span(self.path, meta))

    def example(self, meta, children):
        outcome, text = children
        span = _span(self.path, meta)
        return ("example", nodes.Example(str(outcome), _unquote(text), span), span)

    def where(self, meta, children):
        return children[0]

    def quantifier(self, meta, children):
        kind, variable, source, where = children
        return ("quantifier", nodes.Quantifier(str(kind), str(variable), source, where, _span(self.path, meta)), _span(self.path, meta))

    def narrative_quantifier(self, meta, children):
        kind, variable, where = children
        return ("quantifier", nodes.Quantifier(str(kind), str(variable), None, where, _span(self.path, meta)), _span(self.path, meta))

    def define(self, meta, children):
        return nodes.Define(str(children[0]), children[1], _span(self.path, meta))

    def rule(self, meta, children):
        code, slug, *fields = children
        values: dict = {}
        lists: dict = {"quantifiers": [], "conditions": [], "examples": []}
        spans = []
        for key, value, span in fields:
            spans.append((key, span))
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
            span=_span(self.path, meta),
            quantifiers=tuple(lists["quantifiers"]),
            conditions=tuple(lists["conditions"]),
            examples=tuple(lists["examples"]),
            field_spans=tuple(spans),
            **values,
        )

    def start(self, meta, children):
        return Tree("start", children)
