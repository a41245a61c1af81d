# Covers: match statements — literal, capture, wildcard, value (dotted), or-patterns,
# as-patterns, guards, sequence patterns with star, mapping patterns with **rest, class
# patterns (positional via __match_args__, keyword, builtins like int(x)/str()), nested
# patterns, MATCH_CLASS/MATCH_MAPPING/MATCH_SEQUENCE/MATCH_KEYS, and match errors.
from dataclasses import dataclass
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2


@dataclass
class Point:
    x: int
    y: int


class Circle:
    __match_args__ = ("center", "r")

    def __init__(self, center, r):
        self.center = center
        self.r = r

    def __repr__(self):
        return f"Circle({self.center}, {self.r})"


def describe(obj):
    match obj:
        case 0 | 0.0:
            return "zero"
        case True:
            return "true"
        case None:
            return "none"
        case "hello" | "hi" as greeting:
            return f"greeting {greeting}"
        case int(n) if n < 0:
            return f"negative int {n}"
        case int() | float() as num:
            return f"number {num}"
        case Color.RED:
            return "red enum"
        case Color():
            return f"other color {obj.name}"
        case str(s):
            return f"string of length {len(s)}"
        case []:
            return "empty sequence"
        case [x]:
            return f"one element {x!r}"
        case [Point(x=0, y=0), *rest]:
            return f"starts at origin, {len(rest)} more"
        case [first, *middle, last] if len(middle) > 2:
            return f"long seq {first}..{last} ({len(middle)} inside)"
        case [a, b, *_]:
            return f"seq starting {a!r}, {b!r}"
        case {"type": "user", "name": str(name), **rest}:
            return f"user {name} extra={sorted(rest)}"
        case {"type": t}:
            return f"typed mapping {t}"
        case {}:
            return "some mapping"
        case Point(x=0, y=y):
            return f"on y axis at {y}"
        case Point(x, y) if x == y:
            return f"diagonal point {x}"
        case Point(x=px, y=py):
            return f"point {px},{py}"
        case Circle(Point(0, 0), r=radius):
            return f"circle at origin r={radius}"
        case Circle(center, r):
            return f"circle at {center} r={r}"
        case _:
            return f"unknown {type(obj).__name__}"


samples = [0, 0.0, False, True, None, "hi", "hello", -5, 7, 2.5, Color.RED, Color.GREEN, "text", [],
           (), [1], (Point(0, 0), 1, 2), [1, 2, 3, 4, 5], (1, 2), "ab", {"type": "user", "name": "ann", "age": 3},
           {"type": "admin"}, {"other": 1}, {}, Point(0, 4), Point(3, 3), Point(1, 2),
           Circle(Point(0, 0), 5), Circle(Point(1, 1), 2), {1, 2}, range(3), b"ab", bytearray(b"x")]
for s in samples:
    print(repr(s)[:40], "->", describe(s))


def command(text):
    match text.split():
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return f"going {direction}"
        case ["take", *objs] if objs:
            return f"taking {', '.join(objs)}"
        case ["quit" | "exit"]:
            return "bye"
        case [cmd, *args]:
            return f"unknown command {cmd!r} with {len(args)} args"
        case _:
            return "empty"


for t in ["go north", "go up", "take lamp key", "take", "quit", "exit", "", "dance wildly now"]:
    print(repr(t), "->", command(t))


def nested(data):
    match data:
        case {"points": [Point(x=x1), Point(x=x2)], "meta": {"ok": True}}:
            return x1 + x2
        case {"points": [*pts]}:
            return len(pts)
        case (1, (2, (3, z))):
            return z
    return "no match"


print(nested({"points": [Point(1, 2), Point(3, 4)], "meta": {"ok": True, "x": 0}}))
print(nested({"points": [Point(1, 2)], "meta": {"ok": False}}), nested((1, (2, (3, "deep")))),
      nested(5))


class BadArgs:
    __match_args__ = ("a",)


try:
    match BadArgs():
        case BadArgs(a):
            pass
except AttributeError as e:
    print("AttributeError:", e)
try:
    match 5:
        case int(a, b):
            pass
except TypeError as e:
    print("TypeError:", e)
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print("TypeError:", e)
try:
    match 1:
        case len():
            pass
except TypeError as e:
    print("TypeError:", e)
x = "unchanged"
match [10, 20]:
    case [x, 30]:
        pass
    case _:
        pass
print("capture binding after failed case:", x)
match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print("rest", rest)
