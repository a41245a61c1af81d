# Covers (fidelity): library code that inspects the caller's frame to find the calling
# module (sys._getframe(1).f_globals['__name__']): collections.namedtuple, Enum
# functional API, typing.NamedTuple/TypedDict/NewType; their __module__ and pickle
# round-trips (which need __module__ to be '__main__').
import enum
import pickle
import typing
from collections import namedtuple

Point = namedtuple("Point", "x y")
Color = enum.Enum("Color", "RED GREEN")
Shape = enum.IntEnum("Shape", ["CIRCLE", "SQUARE"])


class Emp(typing.NamedTuple):
    name: str
    id: int = 0


Movie = typing.TypedDict("Movie", {"title": str})
UserId = typing.NewType("UserId", int)


def make_in_function():
    return namedtuple("Inner", "a")


Inner = make_in_function()
for obj in (Point, Color, Shape, Emp, Movie, Inner):
    print(obj.__name__, obj.__module__)
print(UserId.__module__, repr(UserId))
p = Point(1, 2)
print(pickle.loads(pickle.dumps(p)), pickle.loads(pickle.dumps(Color.RED)), pickle.loads(pickle.dumps(Emp("ann", 3))))
print(pickle.loads(pickle.dumps(Inner(5))))
print(repr(Color.GREEN), Shape.SQUARE + 1, Emp("bob"))
