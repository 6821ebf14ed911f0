"""One registry for the built-in functions: a declaration per function, checked and documented alike.

A built-in is declared once — name, parameters with their kinds, what it returns, a doc line and
an example — and that declaration is what the compiler checks calls against (arity, static kinds,
literal patterns), what `rulecheck explain` asks (does it read cells?) and what the generated
function reference (docs/functions.md) prints. Most built-ins are plain value functions: the
registry evaluates and converts their arguments by kind and returns the first `EvalError` (else
the first `Missing`) among them, so no function handles absent or broken arguments itself.
Rules cannot define functions, so none can recurse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, Optional

import attrs

from engine.errors import CompileError
from engine.language.builtins.linear_regex import LinearPattern
from engine.language.builtins.patterns import checked_pattern
from engine.language.runtime.environment import Compiled, Env
from engine.language.runtime.reading import as_text, to_quantity
from engine.language.runtime.references import ChangeRef, StatementRef
from engine.language.runtime.selection import Selection
from engine.language.runtime.values import EvalError, Missing, Text
from engine.language.syntax import nodes
from engine.model import Diagnostic
from engine.record import frozen

# What a parameter accepts, and what the function then receives:
#   figure     a figure (a table reference reads its cell, a statement its stated amount) -> Quantity
#   text       a text (a cell, a label, a printed figure) -> str
#   table      a table reference -> Selection
#   rows       table rows (a row reference, a bound row) -> Selection with rows
#   statement  a statement bound by `for each statement s` -> StatementRef
#   change     a change bound by `for each change c` -> ChangeRef
#   pattern    a regular expression written as a quoted literal, checked at load -> LinearPattern (RE2)
#   any        the value as computed, Missing and errors included (the function decides)
ParameterKind = Literal["figure", "text", "table", "rows", "statement", "change", "pattern", "any"]
# What a call returns, as the compiler's static kinds (engine/language/runtime/environment.py)
ReturnKind = Literal["quantity", "flag", "text", "selection", "items", "any"]
Group = Literal["figures", "tables", "text", "document", "definitions"]

_STATIC_KINDS = {"table": ("selection", "any"), "rows": ("selection", "any")}
_NOUNS = {"figure": "a figure", "text": "a text", "table": "a table", "rows": "table rows",
          "statement": "a statement (for each statement s)", "change": "a change (for each change c)",
          "pattern": "a quoted pattern", "any": "a value"}


@frozen
class Parameter:
    name: str
    kind: ParameterKind
    optional: bool = False
    repeats: int = 1  # the last parameter may be given up to this many times (sum(a, b, …))


@frozen
class CallSite:
    """What a builder sees at load: the call as written, its compiled arguments, and the compiler
    (its vocabulary, its definitions and whether a definition is being compiled)."""

    node: nodes.Call
    arguments: tuple[Compiled, ...]
    compiler: Any


@frozen
class Builtin:
    """A built-in function: its declaration and the builder that compiles a call of it."""

    name: str
    parameters: tuple[Parameter, ...]
    returns: ReturnKind
    group: Group
    doc: str
    example: str
    build: Callable[[CallSite], Compiled]
    reads_cells: bool = False  # reads its argument cell by cell: `explain` shows the cells, not the argument
    dynamic: bool = False  # looks definitions up by name at run time: refused inside a definition

    @property
    def least(self) -> int:
        return sum(1 for parameter in self.parameters if not parameter.optional)

    @property
    def most(self) -> int:
        return sum(parameter.repeats for parameter in self.parameters)

    def signature(self) -> str:
        shown = []
        for parameter in self.parameters:
            text = f"{parameter.name}: {parameter.kind}"
            if parameter.repeats > 1:
                text += ", …"
            shown.append(f"[{text}]" if parameter.optional else text)
        return f"{self.name}({', '.join(shown)}) → {self.returns}"

    def parameter_at(self, index: int) -> Parameter:
        return self.parameters[min(index, len(self.parameters) - 1)]

    def compile(self, site: CallSite) -> Compiled:
        """Check the call against the declaration, then build it."""
        node, arguments = site.node, site.arguments
        if self.dynamic and site.compiler.compiling:
            raise CompileError(
                Diagnostic(
                    "dynamic-definition",
                    f"{self.name}() cannot be used inside a definition",
                    node.span,
                    hint="it looks definitions up by name at run time, which could loop",
                )
            )
        if not self.least <= len(arguments) <= self.most:
            wanted = f"{self.least}" if self.least == self.most else f"{self.least} to {self.most}"
            raise CompileError(
                Diagnostic(
                    "arity",
                    f"{self.name}() takes {wanted} argument(s), got {len(arguments)}",
                    node.span,
                    hint=f"{self.signature()}",
                )
            )
        for index, argument in enumerate(arguments):
            parameter = self.parameter_at(index)
            allowed = _STATIC_KINDS.get(parameter.kind)
            if allowed and argument.kind not in allowed:
                raise CompileError(
                    Diagnostic(
                        "type",
                        f"{self.name}() needs {_NOUNS[parameter.kind]} as its '{parameter.name}'",
                        node.arguments[index].span,
                        hint=self.signature(),
                    )
                )
        return self.build(site)


@frozen
class Registry:
    """The built-ins by name; `extended` gives a registry with more (a test, a future pack)."""

    entries: dict[str, Builtin] = attrs.field(factory=dict)

    def get(self, name: str) -> Optional[Builtin]:
        return self.entries.get(name)

    def names(self) -> list[str]:
        return sorted(self.entries)

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda builtin: (builtin.group, builtin.name)))

    def extended(self, *builtins: Builtin) -> "Registry":
        entries = dict(self.entries)
        for builtin in builtins:
            if builtin.name in entries:
                raise ValueError(f"built-in {builtin.name}() is declared twice")
            entries[builtin.name] = builtin
        return Registry(entries)


def registry_of(*groups: Iterable[Builtin]) -> Registry:
    return Registry().extended(*(builtin for group in groups for builtin in group))


# ---- declaring built-ins ------------------------------------------------------------------------


def builtin(
    name: str,
    parameters: tuple[Parameter, ...],
    returns: ReturnKind,
    group: Group,
    doc: str,
    example: str,
    *,
    uses_env: bool = False,
    reads_cells: bool = False,
) -> Callable[[Callable], Builtin]:
    """Declare a plain value function: it receives its arguments converted by kind (and, with
    `uses_env`, the run's Env first) and returns a value; Missing and errors never reach it."""

    def declare(function: Callable) -> Builtin:
        return Builtin(
            name,
            parameters,
            returns,
            group,
            doc,
            example,
            _plain_builder(name, parameters, returns, function, uses_env),
            reads_cells,
        )

    return declare


def custom(
    name: str,
    parameters: tuple[Parameter, ...],
    returns: ReturnKind,
    group: Group,
    doc: str,
    example: str,
    *,
    dynamic: bool = False,
) -> Callable[[Callable[[CallSite], Compiled]], Builtin]:
    """Declare a built-in that compiles its own call (it decides laziness, kinds or definitions)."""

    def declare(build: Callable[[CallSite], Compiled]) -> Builtin:
        return Builtin(name, parameters, returns, group, doc, example, build, dynamic=dynamic)

    return declare


def _plain_builder(name: str, parameters: tuple[Parameter, ...], returns: str, function: Callable, uses_env: bool):
    def build(site: CallSite) -> Compiled:
        readers = []
        checked = []  # the arguments whose Missing or error stops the call ('any' ones reach the function)
        for index, argument in enumerate(site.arguments):
            parameter = parameters[min(index, len(parameters) - 1)]
            if parameter.kind == "pattern":
                pattern = checked_pattern(site.node, site.node.arguments[index])
                readers.append(lambda env, pattern=pattern: pattern)
            else:
                readers.append(_reader(name, parameter.kind, argument.function))
                if parameter.kind != "any":
                    checked.append(index)

        def run(env: Env):
            values = [read(env) for read in readers]
            stop = _first_stop([values[index] for index in checked])
            if stop is not None:
                return stop
            return function(env, *values) if uses_env else function(*values)

        return Compiled(run, returns)

    return build


def _first_stop(values: list) -> Optional[object]:
    """The first EvalError among the arguments, else the first Missing: an error is reported, a
    missing value makes the rule not applicable (an error must not hide behind an absence)."""
    missing = None
    for value in values:
        kind = type(value)
        if kind is EvalError:
            return value
        if kind is Missing and missing is None:
            missing = value
    return missing


def _reader(name: str, kind: str, function: Callable) -> Callable:
    """A closure computing one argument and converting it to what the parameter's kind promises."""
    if kind == "figure":
        return lambda env: to_quantity(function(env), env)
    if kind == "text":

        def text(env):
            value = function(env)
            if type(value) is not Text:
                value = as_text(value, env)
            return value.value if type(value) is Text else value

        return text
    if kind in ("table", "rows"):
        wants_rows = kind == "rows"

        def table(env):
            value = function(env)
            if type(value) is Selection and (value.rows is not None or not wants_rows):
                return value
            if isinstance(value, (Missing, EvalError)):
                return value
            return EvalError(f"{name}() needs {_NOUNS[kind]}")

        return table
    if kind in ("statement", "change"):
        wanted = StatementRef if kind == "statement" else ChangeRef

        def reference(env):
            value = function(env)
            if isinstance(value, (wanted, Missing, EvalError)):
                return value
            return EvalError(f"{name}() needs {_NOUNS[kind]}")

        return reference
    return function  # any: the function decides


def pattern_of(site: CallSite, index: int) -> LinearPattern:
    """A custom builder's literal pattern argument, checked at load."""
    return checked_pattern(site.node, site.node.arguments[index])
