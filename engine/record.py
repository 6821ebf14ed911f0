"""`@frozen` for the engine's value classes: immutable by contract, enforced where it is cheap.

Facts, cells, amounts, quantities, selections and findings are shared freely (between rules
through the document cache, between runs through the caches on disk), so no code may change one
after it is built. attrs' frozen classes enforce that inside `__init__`, with one
`object.__setattr__` call per field: ~0.9 µs more per object than a plain slotted class, and a
run builds ~7,000 of them per document (~15% of the time checking it). So the classes are built
as slotted attrs classes with the same value equality and hashing, and enforced as frozen only
when RULECHECK_FROZEN=1, which the test suite sets: code that changes a value fails there.

Building a class costs attrs ~0.6 ms, a third of it for the `__repr__` it compiles, and a run
imports ~90 of them before checking anything (a quarter of a one-document run's start-up). The
classes share one `__repr__` instead, which prints what attrs' would.

They are pickled (parsed rules and results, cached on disk; results sent back by workers) as a
call of the class with its fields' values: unpickling runs the generated `__init__` once instead
of attrs' `__setstate__` loop over the fields (the parsed rule book loads ~3× faster).
"""

from __future__ import annotations

import os
from typing import Any, TypeVar, cast, dataclass_transform

import attrs

ENFORCED = os.environ.get("RULECHECK_FROZEN") == "1"


# Type checkers read a @frozen class as attrs' frozen classes: fields become __init__ parameters
# (attrs.field's default/factory/validator understood) and assignment to a field is an error.
@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field, attrs.Factory))
def frozen(maybe_cls=None, **options):
    """attrs.frozen when enforced; otherwise attrs.define with the same equality and hashing."""
    if maybe_cls is None:
        return lambda cls: frozen(cls, **options)
    if "repr" not in options and "__repr__" not in maybe_cls.__dict__:
        maybe_cls.__repr__ = _repr
        options["repr"] = False
    pickles_itself = any(name in maybe_cls.__dict__ for name in _PICKLING)
    if ENFORCED:
        cls = attrs.frozen(maybe_cls, **options)
    else:
        options.setdefault("unsafe_hash", True)
        cls = attrs.define(maybe_cls, **options)
    if not pickles_itself and all(field.init and not field.kw_only for field in attrs.fields(cls)):
        cls.__reduce__ = _reduce
    return cls


_Record = TypeVar("_Record")


def evolve(instance: _Record, **changes: Any) -> _Record:
    """attrs.evolve typed for @frozen classes, which type checkers do not see as attrs classes."""
    # Every @frozen class is an attrs class at run time; mypy's attrs plugin only knows classes
    # decorated with attrs' own decorators, so it is told so here, once.
    return attrs.evolve(cast(Any, instance), **changes)


_PICKLING = ("__reduce__", "__reduce_ex__", "__getstate__", "__setstate__")


def _reduce(self):
    return type(self), tuple(getattr(self, field.name) for field in self.__attrs_attrs__)


def _repr(self) -> str:
    """`Name(field=value, …)` of the fields shown, as attrs prints it."""
    shown = ", ".join(f"{field.name}={_shown(field, getattr(self, field.name))}"
                      for field in self.__attrs_attrs__ if field.repr is not False)
    return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({shown})"


def _shown(field, value) -> str:
    return field.repr(value) if callable(field.repr) else repr(value)
