"""Built-ins that look a definition up by name: value(name), prior(name), defined(name).

They resolve at run time, so they may not appear inside a definition (that could loop); the
registry refuses them there at load.
"""

from __future__ import annotations

from engine.language.builtins.registry import CallSite, Parameter, custom
from engine.language.runtime.environment import Compiled, Env
from engine.language.runtime.reading import to_quantity
from engine.language.runtime.values import EvalError, Flag, Missing, Text

NAME = Parameter("name", "any")


def _define_value(name: str, period: str, doc: str, example: str):
    @custom(name, (NAME,), "quantity", "definitions", doc, example, dynamic=True)
    def build(site: CallSite) -> Compiled:
        function = site.arguments[0].function
        defines = site.compiler.defines

        def run(env: Env):
            wanted = function(env)
            if not isinstance(wanted, Text):
                return wanted if isinstance(wanted, (Missing, EvalError)) else EvalError(f"{name}() needs a name")
            compiled = defines.get(wanted.value)
            if compiled is None:
                return Missing(f"no definition for '{wanted.value}'")
            shifted = env.with_period(period)
            return to_quantity(compiled.function(shifted), shifted)

        return Compiled(run, "quantity")

    return build


value = _define_value("value", "current", "A definition by name, in the budget year: `value(s.concept)`.",
                      "value(s.concept) === s")
prior = _define_value(
    "prior", "prior", "A definition by name, in the year before.", "c.delta === value(c.subject) - prior(c.subject)"
)


@custom(
    "defined",
    (NAME,),
    "flag",
    "definitions",
    "Whether a definition of that name exists (`defined(s.concept)`).",
    "defined(s.concept)",
    dynamic=True,
)
def defined(site: CallSite) -> Compiled:
    function = site.arguments[0].function
    defines = site.compiler.defines

    def run(env: Env):
        wanted = function(env)
        return Flag(isinstance(wanted, Text) and wanted.value in defines)

    return Compiled(run, "flag")


DEFINITION_BUILTINS = (value, prior, defined)
