"""interpreter.records.NamedTuple makes the classes typing.NamedTuple makes."""
from __future__ import annotations

import typing

import pytest

from interpreter.records import NamedTuple


def _classes():
    """The same class body under both bases."""
    made = []
    for base in (NamedTuple, typing.NamedTuple):
        class Point(base):
            """A point."""
            x: int
            y: int = 0
            label: str | None = None

            def norm(self) -> int:
                return abs(self.x) + abs(self.y)

            @property
            def swapped(self) -> Point:
                return self._replace(x=self.y, y=self.x)
        made.append(Point)
    return made


def test_the_class_is_typings() -> None:
    ours, typings = _classes()
    for cls in (ours, typings):
        point = cls(3, -4)
        assert point == (3, -4, None) and isinstance(point, tuple)
        assert cls.__mro__[1:] == (tuple, object)
        assert (point.norm(), point.swapped, cls(1, label="a").label) == (7, (-4, 3, None), "a")
        assert cls._make([1, 2, "b"])._asdict() == {"x": 1, "y": 2, "label": "b"}
        assert repr(point) == "Point(x=3, y=-4, label=None)"
        assert (cls.__name__, cls.__qualname__, cls.__doc__) == (
            "Point", typings.__qualname__, "A point.")
    assert ours._fields == typings._fields and ours._field_defaults == typings._field_defaults
    assert ours.__module__ == typings.__module__ == __name__
    # the annotations as written (typing's are ForwardRefs of the same text)
    assert ours.__annotations__ == {"x": "int", "y": "int", "label": "str | None"}
    assert {name: ref.__forward_arg__ for name, ref in typings.__annotations__.items()} == \
        ours.__annotations__


def test_what_typing_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field y cannot follow"):
        class Bad(NamedTuple):
            x: int = 0
            y: int
    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):
        class Worse(NamedTuple):
            x: int

            def _replace(self):
                pass
    with pytest.raises(TypeError, match="only a base class"):
        NamedTuple("Functional", [("x", int)])


@pytest.mark.parametrize("fields, defaults", [((), ()), (("x",), ()), (("x",), (1,)),
                                              (("x", "y", "label"), (0, None))])
def test_the_class_is_namedtuples(fields, defaults) -> None:
    """_namedtuple makes collections.namedtuple's class (without compiling
    its __new__): the same attributes, methods, reprs and errors."""
    from collections import namedtuple

    from interpreter.records import _namedtuple
    theirs = namedtuple("P", fields, defaults=defaults or None, module="m")
    ours = _namedtuple("P", fields, defaults, "m")
    assert ours.__dict__.keys() == theirs.__dict__.keys()
    for name, value in theirs.__dict__.items():
        mine = ours.__dict__[name]
        if name in fields:
            assert (type(mine), mine.__doc__) == (type(value), value.__doc__)
        elif hasattr(value, "__func__") or callable(value):
            function, expected = getattr(mine, "__func__", mine), getattr(value, "__func__", value)
            assert (function.__name__, function.__qualname__, function.__doc__,
                    function.__defaults__, function.__annotations__) == (
                expected.__name__, expected.__qualname__, expected.__doc__,
                expected.__defaults__, expected.__annotations__)
            assert function.__code__.co_varnames[:len(fields) + 1] == \
                expected.__code__.co_varnames[:len(fields) + 1]
        else:
            assert mine == value
    values = tuple(range(len(fields)))

    def outcome(call):
        try:
            return repr(call())
        except (TypeError, ValueError) as error:
            return f"{type(error).__name__}: {error}"
    for call in (lambda cls: cls(*values), lambda cls: cls(*values, 5), lambda cls: cls(),
                 lambda cls: cls(**dict(zip(fields, values))), lambda cls: cls(nope=1),
                 lambda cls: cls._make(values), lambda cls: cls._make(values + (1,)),
                 lambda cls: cls(*values)._replace(**dict(zip(fields[:1], "a"))),
                 lambda cls: cls(*values)._replace(nope=1), lambda cls: cls(*values)._asdict(),
                 lambda cls: cls(*values).__getnewargs__()):
        assert outcome(lambda: call(ours)) == outcome(lambda: call(theirs))


def test_the_hook_decides_every_new_at_once() -> None:
    """The classes' `__new__` code has a file name the frame-evaluation hook
    decides once for all (not "<string>", a program's exec'd code's)."""
    from jit.marking import Policy
    from jit.paths import GENERATED_CODE_PREFIX
    point = _classes()[0]
    filename = point.__new__.__code__.co_filename
    assert filename.startswith(GENERATED_CODE_PREFIX)
    assert not Policy().marks_file(filename)
