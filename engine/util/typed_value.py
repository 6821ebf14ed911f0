"""Whether a value read back from a cache has the types its class annotations promise.

A cache entry is built only from the engine's own classes (engine.util.disk_cache), but their
fields can hold anything a planted or corrupted pickle puts there (`findings=5`), which crashes
the run later, far from the cache. `conforms` walks the value once, without recursion (an AST
is deep), and compares each attrs field with its annotation: classes, Optional/Union, tuple[X,
...], fixed tuples, list, frozenset, dict and Literal are checked; anything else is accepted.
"""

from __future__ import annotations

import sys
import types
import typing
from decimal import Decimal
from functools import cache

import attrs

_ANY = object()


@cache
def _field_types(cls: type) -> tuple:
    """(field name, annotation) of an attrs class, annotations resolved; () when they cannot be."""
    try:
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    except Exception:  # a name only imported for type checkers: do not check this class's fields
        return ()
    return tuple((field.name, hints.get(field.name, _ANY)) for field in attrs.fields(cls))


def conforms(value, annotation, depth: int = 1 << 30) -> bool:
    """Does `value` have the type `annotation`, looking `depth` levels of fields and items deep?"""
    pending = [(value, annotation, 0)]
    while pending:
        item, expected, level = pending.pop()
        if level > depth:
            continue
        if expected is _ANY or expected is typing.Any or expected is object:
            continue
        origin = typing.get_origin(expected)
        arguments = typing.get_args(expected)
        if origin is typing.Union or origin is types.UnionType:
            fitting = next((choice for choice in arguments if _shallow(item, choice)), None)
            if fitting is None:
                return False
            pending.append((item, fitting, level))
            continue
        if origin is typing.Literal:
            if item not in arguments:
                return False
            continue
        if origin in (tuple, list, frozenset, set):
            if not isinstance(item, origin):
                return False
            if origin is tuple and arguments and arguments[-1] is not Ellipsis:
                if len(item) != len(arguments):
                    return False
                pending.extend((element, hint, level + 1) for element, hint in zip(item, arguments))
            elif arguments:
                pending.extend((element, arguments[0], level + 1) for element in item)
            continue
        if origin is dict:
            if not isinstance(item, dict):
                return False
            if arguments:
                pending.extend((key, arguments[0], level + 1) for key in item)
                pending.extend((element, arguments[1], level + 1) for element in item.values())
            continue
        if origin is not None or not isinstance(expected, type):
            continue  # an annotation this checker does not read
        if not _shallow(item, expected):
            return False
        if attrs.has(type(item)):
            fields = _field_types(type(item))  # type: ignore[arg-type]  # a class is hashable (python/mypy#11470)
            pending.extend((getattr(item, name), hint, level + 1) for name, hint in fields)
    return True


def _shallow(item, expected) -> bool:
    """Does `item` have the outer type `expected` asks for (no look inside)?"""
    if expected is _ANY or expected is typing.Any or expected is object or expected is None:
        return expected is not None or item is None
    if expected is type(None):
        return item is None
    origin = typing.get_origin(expected) or expected
    if origin is typing.Union or origin is types.UnionType:
        return any(_shallow(item, choice) for choice in typing.get_args(expected))
    if origin is typing.Literal:
        return item in typing.get_args(expected)
    if not isinstance(origin, type):
        return True
    if origin is Decimal or origin is float:
        return isinstance(item, (Decimal, int, float)) and not isinstance(item, bool) or isinstance(item, origin)
    return isinstance(item, origin)
