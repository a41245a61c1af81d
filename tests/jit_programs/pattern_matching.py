"""Class and mapping patterns in hot loops and in the functions they call,
run by the MATCH_CLASS and MATCH_KEYS uops (CPython's match_class and
match_keys): positional sub-patterns through
__match_args__, keyword ones, builtins that match themselves (`int(n)`),
a subclass, attributes missing (no match) and a property, a dataclass, an
`__instancecheck__`; keys of dicts, a defaultdict (which makes no key for
the ones it lacks) and a Mapping of the program's; and CPython's errors --
too many positional sub-patterns, a __match_args__ that is no tuple or
holds a non-string, an attribute given twice, a pattern that is no type,
a key checked twice -- with their messages."""
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3(Point):
    __match_args__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Shape:
    @property
    def area(self):
        return 6


@dataclass
class Order:
    item: str
    count: int


class Meta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, int) and other % 2 == 0


class Even(metaclass=Meta):
    pass


def describe(value):
    match value:
        case Point3(x, y, z=0):
            return x + y
        case Point3(x, y, z):
            return x * y * z
        case Point(0, y):
            return y
        case Point(x=x, y=y) if x > y:
            return x - y
        case Point():
            return -1
        case Order(item, count=count):
            return len(item) * count
        case int(n) if n > 100:
            return n // 2
        case Even():
            return 2
        case str(s):
            return len(s)
        case Shape(area=a):
            return a
        case _:
            return 0


class Table(Mapping):
    def __init__(self, **items):
        self.items_ = items

    def __getitem__(self, key):
        return self.items_[key]

    def __iter__(self):
        return iter(self.items_)

    def __len__(self):
        return len(self.items_)


def keyed(value):
    match value:
        case {"kind": "order", "count": count, **rest}:
            return count + len(rest)
        case {"kind": kind}:
            return len(kind)
        case {}:
            return -2
    return describe(value)


counts = defaultdict(int, kind="sparse")
values = [Point(0, 5), Point(7, 2), Point(1, 9), Point3(1, 2, 0), Point3(1, 2, 3),
          Order("ab", 3), 250, 4, 7, "hello", Shape(), None, 3.5,
          {"kind": "order", "count": 4, "extra": 1}, {"kind": "note"}, {}, counts,
          Table(kind="order", count=2), Table(other=1)]
total = 0
for i in range(3000):
    total += keyed(values[i % len(values)])
print(total, dict(counts))


class NoTuple:
    __match_args__ = ["a"]


class NotStrings:
    __match_args__ = (1,)


class OneArg:
    __match_args__ = ("a",)
    a = 1


notatype = 5
class Keys:
    a = "same"
    b = "same"


bad = [NoTuple(), NotStrings(), OneArg(), OneArg(), 3, {"same": 1, "other": 2}]


def strict(i):
    value = bad[i % len(bad)]
    match i % len(bad):
        case 0:
            match value:
                case NoTuple(a):
                    return a
        case 1:
            match value:
                case NotStrings(a):
                    return a
        case 2:
            match value:
                case OneArg(a, b):
                    return a + b
        case 3:
            match value:
                case OneArg(a, a=b):
                    return a + b
        case 4:
            match value:
                case notatype():
                    return 1
        case _:
            match value:
                case {Keys.a: x, Keys.b: y}:
                    return x + y
    return 0


messages = {}
for i in range(1000):
    try:
        strict(i)
    except (TypeError, ValueError) as error:
        messages[str(error)] = messages.get(str(error), 0) + 1
for message, count in sorted(messages.items()):
    print(count, message)
