"""AST -> closures, in one pass: names resolved, arity and properties checked, cycles refused.

`compile_rules` turns parsed rule files into a `RuleSet` once per run; evaluation then only
calls closures over a FactSet (no tree walking, no string lookups of names per document).
Every problem is a positioned Diagnostic found at load, before any document is read:
unknown names (with a did-you-mean from the vocabulary), unknown properties, wrong arity,
duplicate rule codes, cyclic definitions, missing required fields.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Optional

import attrs

from engine.errors import CompileError
from engine.language.builtins.catalog import BUILTINS
from engine.language.builtins.operators import (
    LOGIC,
    UnknownOperator,
    arithmetic,
    comparison,
    decided_by,
    decided_logic,
    logic,
    negation,
)
from engine.language.builtins.registry import CallSite, Registry
from engine.language.compile.aggregates import compile_aggregate
from engine.language.compile.prefilter import Prefilter, cannot_fail, compile_prefilters
from engine.language.compile.scope import Scope
from engine.language.runtime.environment import Compiled, Env
from engine.language.runtime.reading import property_reader
from engine.language.runtime.references import PROPERTIES, variable_kind
from engine.language.runtime.selection import ColumnFilter, Selection, all_rows, rows_by_code, rows_by_name, with_column
from engine.language.runtime.values import EvalError, Missing, Quantity, Text
from engine.language.syntax import nodes
from engine.language.syntax.nodes import free_names
from engine.model import Diagnostic, Severity, Span
from engine.record import evolve, frozen
from engine.vocabulary import Vocabulary

REQUIRED_FIELDS = ("title", "severity", "citation", "message", "assertion")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
VERDICT_PLACEHOLDERS = {"left", "right", "difference", "column", "left_interval", "right_interval", "reason"}


@frozen
class RuleInfo:
    """Everything said about a rule besides its logic: the single source for every surface."""

    code: str
    name: str
    title: str
    severity: Severity
    citation: str
    why: str
    message: str
    path: str
    line: int
    source: str
    examples: tuple[nodes.Example, ...]
    context: Optional[str] = None
    see: str = ""  # where to read more (research notes), apart from the legal basis in `citation`


@frozen
class CompiledQuantifier:
    kind: str
    variable: str
    source: Optional[Callable]
    where: Optional[Callable]  # returns the truth of the `where` (engine.language.builtins.operators.decided_logic)
    prefilters: tuple = ()  # cheap tests pushed down from `where` (engine/language/prefilter.py)
    residual: Optional[Callable] = None  # what `where` still decides after all the prefilters passed
    text: str = ""  # as written (`row r in 基本支出表[*]`), to say what found nothing to visit
    indexed: bool = False  # its source reads no rule variable: one per document, so prefilters may index it


@frozen
class Clause:
    """A `when` or `applies when` condition as written, with the sides of its comparison compiled,
    so a rule that is not applicable can say which clause failed and what it saw
    (`applies when document_kind() == "预算"`: document_kind() is "决算")."""

    text: str
    sides: tuple[tuple[str, Callable], ...] = ()


@frozen
class CompiledRule:
    info: RuleInfo
    quantifiers: tuple[CompiledQuantifier, ...]
    conditions: tuple[Callable, ...]  # each returns the truth of a `when`
    assertion: Callable
    applies: tuple[Callable, ...] = ()  # the file's `applies when` conditions, decided once per document
    clauses: tuple[Clause, ...] = ()  # the `when` conditions as written, one per entry of `conditions`
    applies_clauses: tuple[Clause, ...] = ()  # the same for `applies`


@frozen
class RuleSet:
    rules: tuple[CompiledRule, ...]
    defines: dict
    diagnostics: tuple[Diagnostic, ...]
    language: str = "zh"  # of what evaluation adds to findings (engine.util.wording)

    def select(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> "RuleSet":
        chosen = tuple(
            rule
            for rule in self.rules
            if (not select or rule.info.code.startswith(tuple(select)))
            and not (ignore and rule.info.code.startswith(tuple(ignore)))
        )
        return RuleSet(chosen, self.defines, self.diagnostics, self.language)


def compile_rules(files: list[nodes.RuleFile], vocabulary: Vocabulary, builtins: Registry = BUILTINS) -> RuleSet:
    compiler = _Compiler(vocabulary, builtins)
    return compiler.run(files)


class _Compiler:
    def __init__(self, vocabulary: Vocabulary, builtins: Registry = BUILTINS):
        self.vocabulary = vocabulary
        self.builtins = builtins
        self.diagnostics: list[Diagnostic] = []
        self.define_nodes: dict[str, nodes.Define] = {}
        self.defines: dict[str, Compiled] = {}
        self.compiling: list[str] = []

    def run(self, files: list[nodes.RuleFile]) -> RuleSet:
        for rule_file in files:
            for define in rule_file.defines:
                if define.name in self.define_nodes:
                    self._error("duplicate-define", f"'{define.name}' is defined twice", define.span,
                                f"first defined at {_at(self.define_nodes[define.name].span)}")
                    continue
                self.define_nodes[define.name] = define
        for name in _dependencies_first(self.define_nodes):  # so compiling one never recurses through a chain
            self._compile_define(name)
        rules: list[CompiledRule] = []
        seen: dict[str, Span] = {}
        for rule_file in files:
            file_conditions = self._file_conditions(rule_file)
            file_clauses = tuple(self._clause(applies.condition, Scope()) for applies in rule_file.applies)
            for declaration in rule_file.rules:
                if declaration.code in seen:
                    self._error("duplicate-rule", f"rule {declaration.code} is declared twice", declaration.span,
                                f"first declared at {_at(seen[declaration.code])}")
                    continue
                seen[declaration.code] = declaration.span
                compiled = self._compile_rule(declaration, rule_file.text)
                if compiled is not None:
                    rules.append(evolve(compiled, applies=file_conditions, applies_clauses=file_clauses))
        rules.sort(key=lambda rule: rule.info.code)
        return RuleSet(tuple(rules), dict(self.defines), tuple(self.diagnostics))

    # ---- definitions ----------------------------------------------------------------------------

    def _compile_define(self, name: str) -> Optional[Compiled]:
        if name in self.defines:
            return self.defines[name]
        define = self.define_nodes[name]
        if name in self.compiling:
            cycle = " -> ".join(self.compiling[self.compiling.index(name):] + [name])
            problem = Diagnostic("cyclic-definition", f"definitions refer to each other: {cycle}", define.span)
            raise CompileError(problem)
        self.compiling.append(name)
        try:
            compiled = self._expression(define.expression, Scope())
        except CompileError as error:
            if not self.compiling[:-1]:
                self.diagnostics.append(error.diagnostic)
                return None
            raise
        finally:
            self.compiling.pop()
        self.defines[name] = compiled
        return compiled

    # ---- rules ----------------------------------------------------------------------------------

    def _file_conditions(self, rule_file: nodes.RuleFile) -> tuple[Callable, ...]:
        """The `applies when` conditions of a file: a rule pack for one kind of document."""
        compiled = []
        for applies in rule_file.applies:
            try:
                compiled.append(self._condition(applies.condition, Scope()))
            except CompileError as error:
                self.diagnostics.append(error.diagnostic)
        return tuple(compiled)

    def _compile_rule(self, rule: nodes.RuleDecl, file_text: str) -> Optional[CompiledRule]:
        before = len(self.diagnostics)
        self._check_fields(rule)
        scope = Scope(context=rule.context.name if rule.context else None)
        try:
            if rule.context and rule.context.name not in self.vocabulary.table_kinds:
                raise self._unknown(rule.context.name, rule.context.span, self.vocabulary.table_kinds, "table kind")
            quantifiers = []
            for quantifier in rule.quantifiers:
                source = self._expression(quantifier.source, scope) if quantifier.source else None
                if source is not None and quantifier.kind in _RANGES_OVER_TABLES:
                    assert quantifier.source is not None  # `source` was compiled from it
                    self._expect(
                        source,
                        "selection",
                        quantifier.source.span,
                        f"'for each {quantifier.kind} {quantifier.variable} in …' ranges over "
                        f"{_RANGES_OVER_TABLES[quantifier.kind]}, but this is not a table reference",
                    )
                kind = variable_kind(quantifier.kind)
                outside, scope = scope, scope.bind(quantifier.variable, kind)
                where = self._condition(quantifier.where, scope) if quantifier.where else None
                prefilters, left = compile_prefilters(
                    quantifier.kind,
                    quantifier.variable,
                    quantifier.where,
                    lambda expression, outside=outside: self._expression(expression, outside),
                )
                residual = where if left is quantifier.where else self._condition(left, scope) if left else None
                quantifiers.append(
                    CompiledQuantifier(
                        quantifier.kind,
                        quantifier.variable,
                        source.function if source else None,
                        where,
                        prefilters,
                        residual,
                        _quantifier_text(quantifier),
                        quantifier.source is None or free_names(quantifier.source).isdisjoint(outside.variables),
                    )
                )
            conditions = tuple(self._condition(condition, scope) for condition in rule.conditions)
            clauses = tuple(self._clause(condition, scope) for condition in rule.conditions)
            assertion = self._expression(rule.assertion, scope).function if rule.assertion else None
            self._check_message(rule, scope)
        except CompileError as error:
            self.diagnostics.append(error.diagnostic)
            return None
        if len(self.diagnostics) > before or assertion is None:
            return None
        info = RuleInfo(
            code=rule.code,
            name=rule.name,
            title=rule.title or "",
            severity=rule.severity or "error",
            citation=rule.citation or "",
            why=rule.why or "",
            message=rule.message or "",
            path=rule.span.path,
            line=rule.span.line,
            source=_source_lines(file_text, rule.span),
            examples=rule.examples,
            context=rule.context.name if rule.context else None,
            see=rule.see or "",
        )
        return CompiledRule(info, tuple(quantifiers), conditions, assertion, clauses=clauses)

    def _clause(self, condition: nodes.Expression, scope: Scope) -> Clause:
        """The condition as written and, for a comparison, its sides that are not literals."""
        sides: list[tuple[str, Callable]] = []
        if isinstance(condition, nodes.Binary) and condition.operator == "and":
            # each part of `a and b`, so the reason can name the one that did not hold
            return Clause(
                nodes.to_source(condition),
                tuple((nodes.to_source(part), self._condition(part, scope)) for part in _conjuncts(condition)),
            )
        if isinstance(condition, nodes.Compare):
            for side in (condition.left, condition.right):
                if isinstance(side, (nodes.Number, nodes.Text)):
                    continue
                # the condition itself compiled: this cannot fail, but a clause is only a help
                with contextlib.suppress(CompileError):
                    sides.append((nodes.to_source(side), self._expression(side, scope).function))
        return Clause(nodes.to_source(condition), tuple(sides))

    def _check_fields(self, rule: nodes.RuleDecl) -> None:
        present = [key for key, _ in rule.field_spans]
        for key, span in rule.field_spans:
            if key not in ("quantifier", "condition", "example") and present.count(key) > 1:
                self._error("duplicate-field", f"rule {rule.code} sets '{key}' more than once", span)
                break
        for key in REQUIRED_FIELDS:
            if key not in present:
                self._error(
                    "missing-field",
                    f"rule {rule.code} has no '{_field_word(key)}'",
                    rule.span,
                    f"every rule needs: {', '.join(_field_word(field) for field in REQUIRED_FIELDS)}",
                )

    def _check_message(self, rule: nodes.RuleDecl, scope: Scope) -> None:
        span = dict(rule.field_spans).get("message", rule.span)
        for placeholder in _PLACEHOLDER.findall(rule.message or ""):
            head, _, tail = placeholder.partition(".")
            if head in VERDICT_PLACEHOLDERS and not tail:
                continue
            kind = scope.variables.get(head)
            if kind is None:
                known = sorted(VERDICT_PLACEHOLDERS | set(scope.variables))
                raise self._unknown(placeholder, span, known, "message placeholder")
            if tail and tail not in PROPERTIES.get(kind, {}):
                raise self._unknown(tail, span, sorted(PROPERTIES.get(kind, {})), f"property of {head}")

    # ---- expressions ----------------------------------------------------------------------------

    def _condition(self, node: nodes.Expression, scope: Scope) -> Callable:
        """A `where` or `when`: a closure returning its truth (True, False, Missing or EvalError)."""
        match node:
            case nodes.Binary(operator=("and" | "or") as operator, left=left, right=right):
                return decided_logic(operator, self._condition(left, scope), self._condition(right, scope))
            case nodes.Not(operand=operand):
                return decided_logic("not", self._condition(operand, scope), None)
        return decided_by(self._expression(node, scope))

    def _expression(self, node: nodes.Expression, scope: Scope) -> Compiled:
        compiled = self._build(node, scope)
        if isinstance(node, _NOT_WORTH_A_MEMO) or isinstance(node, nodes.Name) and node.name in self.define_nodes:
            return compiled  # a constant, or a definition (memoised where it was compiled)
        if not free_names(node).isdisjoint(scope.variables):
            return compiled  # depends on the binding: computed per binding
        return Compiled(_per_document(compiled.function, (scope.context, nodes.to_source(node))), compiled.kind)

    def _build(self, node: nodes.Expression, scope: Scope) -> Compiled:
        match node:
            case nodes.Number(text=text):
                quantity = Quantity.exact(text)
                return Compiled(lambda env: quantity, "quantity")
            case nodes.Text(value=value):
                text_value = Text(value)
                return Compiled(lambda env: text_value, "text")
            case nodes.Name(name=name, span=span):
                return self._name(name, span, scope)
            case nodes.CodeRange(low=low, high=high, span=span):
                context = self._context(scope, span, f"{low}..{high}")
                return Compiled(lambda env: rows_by_code(context(env), low, high), "selection")
            case nodes.Call():
                arguments = tuple(self._argument(node, index, scope) for index in range(len(node.arguments)))
                return self._call(node, arguments)
            case nodes.Aggregate(variable=variable, span=span):
                source = self._expression(node.source, scope)
                self._expect(
                    source, "selection", span, f"'{node.function}(... for {variable} in ...)' ranges over table rows"
                )
                inner = scope.bind(variable, "selection")
                prefilters: tuple[Prefilter, ...]
                prefilters, left = (), node.where
                if node.where is not None and cannot_fail(node.where, variable):
                    prefilters, left = compile_prefilters(
                        "row", variable, node.where, lambda expression: self._expression(expression, scope)
                    )
                where = self._expression(left, inner) if left is not None else None
                indexed = free_names(node.source).isdisjoint(scope.variables)  # one source per document
                return compile_aggregate(
                    node, source, self._expression(node.element, inner), where, self, prefilters, indexed
                )
            case nodes.Negate(operand=operand):
                return negation(self._expression(operand, scope))
            case nodes.Not(operand=operand):
                return logic("not", self._expression(operand, scope), None)
            case nodes.Binary(operator=operator, left=left, right=right, span=span):
                compiled_left, compiled_right = self._expression(left, scope), self._expression(right, scope)
                combine = logic if operator in LOGIC else arithmetic
                return self._operator(combine, operator, compiled_left, compiled_right, span)
            case nodes.Compare(operator=operator, left=left, right=right, span=span):
                compiled_left, compiled_right = self._expression(left, scope), self._expression(right, scope)
                return self._operator(comparison, operator, compiled_left, compiled_right, span)
            case nodes.SelectRows(base=base, selector=selector):
                return self._select_rows(self._expression(base, scope), selector, scope)
            case nodes.SelectColumn(base=base, name=name, quoted=quoted, span=span):
                return self._select_column(self._expression(base, scope), name, quoted, span)
            case nodes.AtPeriod(base=base, period=period, span=span):
                return self._at_period(self._expression(base, scope), period, span)
        raise TypeError(f"unknown node {node!r}")

    def _operator(self, combine: Callable, operator: str, left: Compiled, right: Compiled, span: Span) -> Compiled:
        try:
            return combine(operator, left, right)
        except UnknownOperator:
            raise CompileError(
                Diagnostic(
                    "unknown-operator",
                    f"the operator '{operator}' has no meaning in this engine",
                    span,
                    hint="the operators are listed in docs/functions.md",
                )
            ) from None

    def _argument(self, call: nodes.Call, index: int, scope: Scope) -> Compiled:
        """One argument of a call. A bare name where the function takes words (`stated(机关运行经费)`)
        is refused with the quoted form to write, not with what the name would mean on its own."""
        argument = call.arguments[index]
        try:
            return self._expression(argument, scope)
        except CompileError:
            builtin = self.builtins.get(call.function)
            if not (isinstance(argument, nodes.Name) and builtin is not None and builtin.parameters):
                raise
            parameter = builtin.parameters[min(index, len(builtin.parameters) - 1)]
            if parameter.kind != "text":
                raise
            raise CompileError(
                Diagnostic(
                    "unquoted-name",
                    f'{call.function}() takes words in quotes: {call.function}("{argument.name}")',
                    argument.span,
                    hint=f'write "{argument.name}"; unquoted, {argument.name} would have to be a table, '
                    "a row or column name, or a define",
                )
            ) from None

    def _call(self, node: nodes.Call, arguments: tuple[Compiled, ...]) -> Compiled:
        builtin = self.builtins.get(node.function)
        if builtin is None:
            raise self._unknown(node.function, node.span, self.builtins.names(), "function")
        return builtin.compile(CallSite(node, arguments, self))

    def _name(self, name: str, span: Span, scope: Scope) -> Compiled:
        if name in scope.variables:
            kind = scope.variables[name]
            return Compiled(lambda env: env.bindings[name], kind)
        if name in self.define_nodes:
            compiled = self._compile_define(name)
            if compiled is None:
                raise CompileError(Diagnostic("bad-definition", f"definition '{name}' has errors", span))
            return compiled
        if name in self.vocabulary.table_kinds:
            return Compiled(lambda env: env.table_selection(name), "selection")
        if name in self.vocabulary.concepts and scope.context:
            context = self._context(scope, span, name)
            vocabulary = self.vocabulary
            return Compiled(lambda env: rows_by_name(context(env), name, vocabulary), "selection")
        if name in self.vocabulary.concepts:
            raise CompileError(
                Diagnostic(
                    "no-table",
                    f"'{name}' is a row or column name: say which table it is in",
                    span,
                    hint=f"write it as TABLE[{name}] or TABLE.{name}, or give the rule an `in TABLE` line",
                )
            )
        known = (
            list(scope.variables)
            + list(self.define_nodes)
            + list(self.vocabulary.table_kinds)
            + list(self.vocabulary.concepts)
        )
        raise self._unknown(name, span, known, "name")

    def _context(self, scope: Scope, span: Span, what: str) -> Callable:
        if not scope.context:
            raise CompileError(
                Diagnostic(
                    "no-table",
                    f"'{what}' needs a table",
                    span,
                    hint="give the rule an `in TABLE` line or write TABLE[...]",
                )
            )
        kind = scope.context
        return lambda env: env.table_selection(kind)

    def _select_rows(self, base: Compiled, selector: nodes.RowSelector, scope: Scope) -> Compiled:
        self._expect(base, "selection", selector.span, "rows can only be chosen from a table")
        function = base.function
        vocabulary = self.vocabulary
        match selector.kind:
            case "code":
                code = selector.value
                return Compiled(lambda env: _rows(function(env), lambda s: rows_by_code(s, code)), "selection")
            case "range":
                low, high = selector.value, selector.high
                return Compiled(lambda env: _rows(function(env), lambda s: rows_by_code(s, low, high)), "selection")
            case "label":
                label = selector.value
                return Compiled(
                    lambda env: _rows(function(env), lambda s: rows_by_name(s, label, vocabulary)), "selection"
                )
            case "all":
                return Compiled(lambda env: _rows(function(env), all_rows), "selection")
        name = selector.value
        if name in scope.variables:
            variable = name
            return Compiled(
                lambda env: _rows(function(env), lambda s: rows_like(s, env.bindings[variable], env)), "selection"
            )
        if name not in vocabulary.concepts:
            raise self._unknown(name, selector.span, list(vocabulary.concepts) + list(scope.variables), "row name")
        return Compiled(lambda env: _rows(function(env), lambda s: rows_by_name(s, name, vocabulary)), "selection")

    def _select_column(self, base: Compiled, name: str, quoted: bool, span: Span) -> Compiled:
        if base.kind in PROPERTIES and name in PROPERTIES[base.kind]:
            return _property_of(base, name)
        if base.kind in ("statement", "change"):
            raise self._unknown(name, span, sorted(PROPERTIES[base.kind]), f"property of a {base.kind}")
        self._expect(base, "selection", span, f"'.{name}' chooses a column, but this is not a table reference")
        if not quoted and name not in self.vocabulary.concepts:
            known = list(self.vocabulary.concepts) + sorted(PROPERTIES["selection"])
            raise self._unknown(name, span, known, "column name")
        column_filter = ColumnFilter(name, quoted)
        function = base.function

        def choose(env: Env):
            selection = function(env)
            if type(selection) is not Selection:
                return selection
            return with_column(selection, column_filter, env.frame)

        return Compiled(choose, "selection")

    def _at_period(self, base: Compiled, period: str, span: Span) -> Compiled:
        if period in self.vocabulary.words("periods", "prior"):
            target = "prior"
        elif period in self.vocabulary.words("periods", "current"):
            target = "current"
        else:
            known = self.vocabulary.words("periods", "current") + self.vocabulary.words("periods", "prior")
            raise self._unknown(period, span, known, "period")
        function = base.function

        def shifted(env: Env):
            value = function(env.with_period(target))
            if isinstance(value, Selection) and value.period is None:
                return evolve(value, period=target)
            return value

        return Compiled(shifted, base.kind)

    # ---- helpers --------------------------------------------------------------------------------

    def _expect(self, compiled: Compiled, kind: str, span: Span, message: str) -> None:
        if compiled.kind not in (kind, "any"):
            raise CompileError(Diagnostic("type", message, span))

    def _unknown(self, name: str, span: Span, known, what: str) -> CompileError:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else None
        return CompileError(Diagnostic(f"unknown-{what.split()[0]}", f"unknown {what} '{name}'", span, hint=hint))

    def _error(self, code: str, message: str, span: Span, hint: Optional[str] = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))


_NOT_WORTH_A_MEMO = (nodes.Number, nodes.Text)
# the quantifiers whose source must be a table reference, and what they visit of it
_RANGES_OVER_TABLES = {"row": "the rows of tables", "table": "tables", "group": "the column groups of table rows"}
_ABSENT = object()


def _dependencies_first(defines: dict[str, nodes.Define]) -> list[str]:
    """The definitions' names, each after the definitions it names (a cycle is left to the compiler
    to report), found without recursion: a chain of 300 definitions, each naming the next, used
    to exceed Python's recursion limit."""
    order: list[str] = []
    placed: set[str] = set()
    entered: set[str] = set()  # expanded once: a cycle is not followed round again
    for root in defines:
        stack = [(root, False)]
        while stack:
            name, expanded = stack.pop()
            if name in placed:
                continue
            if expanded:
                placed.add(name)
                order.append(name)
                continue
            if name in entered:
                continue
            entered.add(name)
            stack.append((name, True))
            stack.extend(
                (used, False) for used in _names_in(defines[name].expression) if used in defines and used not in entered
            )
    return order


def _names_in(expression) -> set[str]:
    """Every Name used anywhere in an expression tree."""
    found: set[str] = set()
    pending = [expression]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Name):
            found.add(node.name)
        if attrs.has(type(node)):
            pending.extend(getattr(node, field.name) for field in attrs.fields(type(node)))
        elif isinstance(node, (tuple, list)):
            pending.extend(node)
    return found


def _per_document(function: Callable, source: tuple) -> Callable:
    """An expression that reads no rule variable has one value per document and period, whichever
    rule or binding asks: `budget_year()`, `present(部门收支总表)`, `部门收支总表[收入总计]`. It is
    computed once and kept in the document's cache under its printed source (and `in` table), so
    the same text in another rule, or a definition used by many rules, is not computed again."""

    def run(env: Env):
        frame = env.frame
        memo = frame.cache.closed
        key = (source, frame.period)
        value = memo.get(key, _ABSENT)
        if value is _ABSENT:
            value = memo[key] = function(env)
        return value

    return run


def rows_like(selection: Selection, bound, env) -> Selection:
    """Rows of another table that stand for the same thing as a bound row or statement:
    the same subject code when the bound row has one, else the same concept or label.

    Remembered per document: `部门支出总表[r]` is asked of the same bound row by several rules,
    and one Selection per pair lets the figure and text memos downstream hit as well. The memo
    holds both keys' objects, so their ids cannot be reused while the entry lives."""
    memo = env.frame.cache.rows_like
    key = (id(selection), id(bound))
    entry = memo.get(key)
    if entry is not None and entry[0] is selection and entry[1] is bound:
        return entry[2]
    if isinstance(bound, Selection) and bound.rows and bound.rows[0][1].code:
        found = rows_by_code(selection, bound.rows[0][1].code)
    else:
        found = rows_by_name(selection, env.subject_of_value(bound), env.vocabulary)
    memo[key] = (selection, bound, found)
    return found


def _property_of(base: Compiled, name: str) -> Compiled:
    """`s.label`, `r.code`, …: a property of a bound value (engine/language/runtime/references.py)."""
    function = base.function
    kind = PROPERTIES[base.kind][name]
    read = property_reader(name)
    return Compiled(lambda env: read(function(env), env), kind)


def _rows(value, choose):
    return choose(value) if isinstance(value, Selection) else value


def _field_word(key: str) -> str:
    return {"citation": "cite", "assertion": "assert"}.get(key, key)


def _at(span: Span) -> str:
    return f"{span.path}:{span.line}:{span.column}"


def _source_lines(text: str, span: Span) -> str:
    lines = _lines_of(text)  # split once per file: per rule, a 10,000-rule file took minutes
    end = span.end_line or span.line
    return "\n".join(lines[span.line - 1 : end])


@lru_cache(maxsize=4)
def _lines_of(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


__all__ = ["compile_rules", "RuleSet", "CompiledRule", "RuleInfo", "CompileError", "Missing", "EvalError"]


def _quantifier_text(quantifier: nodes.Quantifier) -> str:
    """`row r in 基本支出表[*] where …` as written, for a reason that names it."""
    text = f"{quantifier.kind} {quantifier.variable}"
    if quantifier.source is not None:
        text += f" in {nodes.to_source(quantifier.source)}"
    return text + (f" where {nodes.to_source(quantifier.where)}" if quantifier.where is not None else "")


def _conjuncts(node: nodes.Expression) -> list[nodes.Expression]:
    if isinstance(node, nodes.Binary) and node.operator == "and":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]
