"""`NamedTuple`: typing.NamedTuple's classes, made without its cost.

typing.NamedTuple type-checks every field's annotation when it creates a
class, and under `from __future__ import annotations` (every cpjit module) an
annotation is a string, which it compiles: ~20 us a field, ~0.1-0.2 ms a
class, for ~20 classes that start-up and a first compile create.  This
`NamedTuple` makes the same class -- collections.namedtuple's, with the class
body's defaults, methods and docstring, and the annotations as written --
without looking at the annotations.  Type checkers see typing's.

collections.namedtuple itself compiles each class's `__new__` from source
(~70 us a class: ~1 ms of a first compile's 15 classes).  `_namedtuple` makes
the same class around a `__new__` whose code is one compiled per number of
fields, renamed (code.replace) to the class's field names.
"""
from __future__ import annotations
from interpreter.sealed import BUILTINS as __builtins__  # noqa: F401,E402 (see interpreter/sealed.py)

import functools
import sys
from _collections import _tuplegetter  # (collections.namedtuple's field descriptors)
from types import CodeType, FunctionType
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
        # The class body's own attributes go into the one type() call, not
        # set one by one afterwards (each setattr on a class costs ~1 us).
        extra = {"__annotations__": dict(annotations)}
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in annotations:
                extra[key] = value
        made = _namedtuple(name, tuple(annotations), tuple(namespace[field] for field in defaulted),
                           namespace["__module__"], extra)
        made.__new__.__annotations__ = extra["__annotations__"]
        return made


# What _new_code compiles, for up to 12 fields: compiled with this module, so
# its cached bytecode has them (compile() cost ~40-80 us per new number of
# fields, a first compile ~0.15 ms).
_NEW_FUNCTIONS = (  # (_tuple_new: in the globals _namedtuple gives them)
    lambda _cls: _tuple_new(_cls, ()),  # noqa: F821
    lambda _cls, _0: _tuple_new(_cls, (_0,)),  # noqa: F821
    lambda _cls, _0, _1: _tuple_new(_cls, (_0, _1)),  # noqa: F821
    lambda _cls, _0, _1, _2: _tuple_new(_cls, (_0, _1, _2)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3: _tuple_new(_cls, (_0, _1, _2, _3)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4: _tuple_new(_cls, (_0, _1, _2, _3, _4)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10)),  # noqa: F821
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11:
        _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11)),  # noqa: F821
)


# The file name of the `__new__`s: namedtuple's are "<string>", which the
# frame-evaluation hook must decide code object by code object (a program's
# exec'd code is "<string>" too), ~10 us each for ~20 classes of a first
# compile; a name starting with jit.paths.GENERATED_CODE_PREFIX it decides
# once for all (cpjit's generated code never runs in the VM).
NEW_FILENAME = "<cpjit records.NamedTuple>"


@functools.cache
def _new_code(count: int) -> CodeType:
    """namedtuple's `__new__` for `count` fields, named _0, _1, ..."""
    if count < len(_NEW_FUNCTIONS):
        return _NEW_FUNCTIONS[count].__code__.replace(co_filename=NEW_FILENAME, co_firstlineno=1)
    arguments = "".join(f"_{index}, " for index in range(count))
    return compile(f"lambda _cls, {arguments}: _tuple_new(_cls, ({arguments}))",
                   NEW_FILENAME, "eval").co_consts[0]


# collections.namedtuple's field docstrings, interned as it interns them.
_FIELD_DOCS = [sys.intern(f"Alias for field number {index}") for index in range(16)]


def _namedtuple(typename: str, fields: tuple[str, ...], defaults: tuple, module: str,
                extra: dict[str, Any] | None = None) -> type:
    """collections.namedtuple(typename, fields, defaults=defaults,
    module=module), made without compiling: the same class, methods and
    attributes (the methods' modules aside: this one), and `extra`'s
    attributes (a class body's: they replace namedtuple's of the same name)."""
    fields = tuple(map(sys.intern, fields))
    count = len(fields)
    arguments = ", ".join(fields) + ("," if count == 1 else "")
    repr_format = f"({'=%r, '.join(fields)}=%r)" if count else "()"
    tuple_new = tuple.__new__
    globals_ = {"_tuple_new": tuple_new, "__builtins__": {}, "__name__": f"namedtuple_{typename}"}
    __new__ = FunctionType(_new_code(count).replace(co_varnames=("_cls", *fields)),
                           globals_, "__new__", defaults or None)
    __new__.__doc__ = f"Create new instance of {typename}({arguments})"

    def _make(cls, iterable):
        result = tuple_new(cls, iterable)
        if len(result) != count:
            raise TypeError(f"Expected {count} arguments, got {len(result)}")
        return result
    _make.__doc__ = f"Make a new {typename} object from a sequence or iterable"

    def _replace(self, /, **kwds):
        result = self._make(map(kwds.pop, fields, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result
    _replace.__doc__ = f"Return a new {typename} object replacing specified fields with new values"

    def __repr__(self):
        "Return a nicely formatted representation string"
        return self.__class__.__name__ + repr_format % self

    def _asdict(self):
        "Return a new dict which maps field names to their values."
        return dict(zip(self._fields, self))

    def __getnewargs__(self):
        "Return self as a plain tuple.  Used by copy and pickle."
        return tuple(self)

    prefix = typename + "."
    for method in (__new__, _make, _replace, __repr__, _asdict, __getnewargs__):
        method.__qualname__ = prefix + method.__name__
    namespace = {"__doc__": f"{typename}({arguments})", "__slots__": (), "_fields": fields,
                 "_field_defaults": dict(zip(fields[count - len(defaults):], defaults)),
                 "__new__": __new__, "_make": classmethod(_make), "_replace": _replace,
                 "__repr__": __repr__, "_asdict": _asdict, "__getnewargs__": __getnewargs__,
                 "__match_args__": fields, "__module__": module}
    for index, name in enumerate(fields):
        namespace[name] = _tuplegetter(index, _FIELD_DOCS[index] if index < 16 else
                                       sys.intern(f"Alias for field number {index}"))
    if extra:
        namespace.update(extra)
    return type(typename, (tuple,), namespace)


if TYPE_CHECKING:
    from typing import NamedTuple
else:
    _BASE = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

    def NamedTuple(*args: Any, **kwargs: Any) -> type:
        """A base class only (`class Point(NamedTuple): ...`), as typing's is
        used here."""
        raise TypeError("interpreter.records.NamedTuple is only a base class")

    NamedTuple.__mro_entries__ = lambda bases: (_BASE,)
