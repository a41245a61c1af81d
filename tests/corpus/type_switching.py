# Covers: polymorphic code paths — the same loop seeing int, bool, float, big int,
# complex, str, list, Fraction/Decimal and custom numbers; int arithmetic crossing the
# int64 boundary (and back), float/int mixes, comparisons switching types; important
# for specializing interpreters and unboxing JITs.
from decimal import Decimal
from fractions import Fraction


def accumulate(values):
    total = values[0]
    for v in values[1:]:
        total = total + v
    return total


def poly(x):
    return x * 2 + x - x // 1 if not isinstance(x, (str, list)) else x * 2


print(accumulate([1, 2, 3]), accumulate([1, 2.5]), accumulate([True, True]), accumulate(["a", "b"]),
      accumulate([[1], [2]]), accumulate([1, 2 ** 64]), accumulate([Fraction(1, 3), 1, 0.5]),
      accumulate([Decimal("0.1"), 1, Decimal("0.2")]), accumulate([1j, 2]))
print([poly(v) for v in (3, -3, 2.5, True, 2 ** 70, Fraction(7, 2), "ab", [0])])


def grow():
    x = 1
    seen = []
    for i in range(60):
        x = x * 3 + 1
        if x > 2 ** 63 - 1 and not seen:
            seen.append(("crossed int64 at", i))
    for i in range(45):
        x = x // 3
    seen.append(x)
    y = 2 ** 63 - 5
    for i in range(10):
        y += 1
    seen.append((y, y - 2 ** 63, -y - 1, (-y - 1) * 2, y * y))
    z = -(2 ** 63)
    seen.append((z - 1, z // -1, abs(z), z % 7, -z))
    return seen


print(grow())


def mixed_compare(items):
    best = items[0]
    for it in items:
        if it > best:
            best = it
    return best


print(mixed_compare([1, 2.5, True, 3, -1e300, 2 ** 80, Fraction(9, 2)]), mixed_compare(["b", "a", "c"]))


def float_loop(n):
    acc = 0
    for i in range(n):
        acc += i / 3
        if i % 10 == 0:
            acc = int(acc)
    return acc


print(float_loop(100))


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))

    __radd__ = __add__

    def __repr__(self):
        return f"Num({self.v})"


print(accumulate([1, Num(2), 3]), accumulate([Num(1), 2.5]), sum([Num(1), Num(2)]))


def branchy(values):
    out = []
    for v in values:
        if v:
            out.append("truthy")
        elif v is None:
            out.append("none")
        else:
            out.append(type(v).__name__)
    return out


print(branchy([0, 1, 0.0, "", "x", [], [0], None, 0j, Num(0), False]))
