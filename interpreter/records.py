"""`NamedTuple`: typing.NamedTuple's classes, made without its cost.

typing.NamedTuple type-checks every field's annotation when it creates a
class, and under `from __future__ import annotations` (every cpjit module) an
annotation is a string, which it compiles: ~20 us a field, ~0.1-0.2 ms a
class, for ~20 classes that start-up and a first compile create.  This
`NamedTuple` makes the same class -- collections.namedtuple's, with the class
body's defaults, methods and docstring, and the annotations as written --
without looking at the annotations.  Type checkers see typing's.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import collections
from typing import TYPE_CHECKING, Any

# What typing.NamedTuple leaves out of the class body, or refuses in it.
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})


class _NamedTupleMeta(type):
    """typing.NamedTupleMeta, without type-checking the annotations."""

    def __new__(mcls, name: str, bases: tuple, namespace: dict[str, Any]) -> type:
        annotations = namespace.get("__annotations__", {})
        defaulted: list[str] = []
        for field in annotations:
            if field in namespace:
                defaulted.append(field)
            elif defaulted:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default "
                                f"field{'s' if len(defaulted) > 1 else ''} "
                                f"{', '.join(defaulted)}")
        made = collections.namedtuple(name, tuple(annotations),
                                      defaults=[namespace[field] for field in defaulted],
                                      module=namespace["__module__"])
        made.__annotations__ = made.__new__.__annotations__ = dict(annotations)
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in made._fields:
                setattr(made, key, value)
        return made


if TYPE_CHECKING:
    from typing import NamedTuple
else:
    _BASE = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

    def NamedTuple(*args: Any, **kwargs: Any) -> type:
        """A base class only (`class Point(NamedTuple): ...`), as typing's is
        used here."""
        raise TypeError("interpreter.records.NamedTuple is only a base class")

    NamedTuple.__mro_entries__ = lambda bases: (_BASE,)
