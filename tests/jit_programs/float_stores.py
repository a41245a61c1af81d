# JIT: an unboxed float stored into a list item or an instance attribute
# is written into the old float object when nothing else holds it (CPython
# 3.12 reuses float operands so), else boxed: shared items and attributes
# keep their values, and odd items (ints, float subclasses, other objects),
# bad indexes and instances whose __dict__ was materialised behave as under
# CPython.  (Not the identity of an unboxed loop local's value stored
# and then compared with `is`: see README's known gaps.)
import sys


class F(float):
    pass


def scale(values, n):
    for _ in range(n):
        for j in range(len(values)):
            values[j] = values[j] * 1.5 - 0.25
    return values


def accumulate(rows, n):
    total = [0.0] * 4
    for i in range(n):
        row = rows[i % len(rows)]
        for j in range(4):
            total[j] += row[j] * 0.5
    return total


def shared(n):
    values = [1.0, 2.0, 3.0]
    first = values[0]          # a second reference: not reused
    kept = []
    for i in range(n):
        values[0] += 0.5
        values[1] = values[1] * 2.0 - values[1]
        if i % 50 == 0:
            kept.append(values[2])   # the item escapes: the next store boxes anew
        values[2] = values[2] + 1.0
    return values, first, kept[:3], len(set(map(id, kept))) == len(kept)


def mixed(values, n):
    # items of other types: an int, a float subclass, a string, None
    for _ in range(n):
        for j in range(len(values)):
            values[j] = j * 0.5 + 1.0
    return [(type(v).__name__, v) for v in values]


def negative_and_bad(values, n, stop):
    out = []
    for i in range(n):
        values[-1] = i * 0.5
        values[i % stop] = values[i % stop] + 1.0
        out.append(values[-1])
    return values, out[-2:]


class Body:
    def __init__(self, x):
        self.x = x
        self.v = 0.0


def move(bodies, n):
    kept = []
    for i in range(n):
        for body in bodies:
            body.v += 0.5 * body.x
            body.x += body.v * 0.01
        if i == n // 2:
            kept.append(bodies[0].v)  # held elsewhere: the next store boxes anew
    return [(b.x, b.v) for b in bodies], kept


def odd_attributes(n):
    bodies = [Body(float(k)) for k in range(40)]
    bodies[30].__dict__["extra"] = 1  # (its __dict__ materialised: the store leaves)
    out = []
    for i in range(n):
        bodies[1].x = i  # an int and a float subclass under the next stores
        bodies[2].x = F(i)
        for body in bodies:
            body.x = body.v * 2.0 + i
            body.v += 1.0
        out.append(type(bodies[2].x).__name__)
    return [(type(b.x).__name__, b.x, b.v) for b in bodies[:4]], bodies[30].x, out[-1]


def odd_loads(n):
    # attributes loaded as doubles: other types under some of them
    bodies = [Body(float(k)) for k in range(40)]
    total = 0.0
    for i in range(n):
        bodies[3].x = i  # an int
        bodies[5].x = F(i)  # a float subclass
        bodies[7].x = 2**70 if i % 2 else 1.5  # a big int, then a float
        for body in bodies:
            total += body.x * 0.5
    return total


print(odd_loads(300))
print(move([Body(1.0), Body(-2.0), Body(0.5)], 300))
print(odd_attributes(300))
print(scale([1.0, -2.0, 3.5, 0.0], 300))
print(accumulate([[1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.125, 1e300]], 300))
# items that are not floats where floats were loaded (an int, a subclass, a
# string): the load leaves for Tier 1, which computes or raises as CPython
print(accumulate([[1.0, 2.0, 3.0, 4.0]] * 7 + [[0.5, 1, F(0.125), True]], 300))
try:
    accumulate([[1.0, 2.0, 3.0, 4.0]] * 7 + [[0.5, 1.0, 2.0, "x"]], 300)
except TypeError as e:
    print("TypeError", e)
print(shared(300))
print(mixed([1, F(2.0), "s", None, 3.0], 300))
print(negative_and_bad([0.0] * 5, 300, 5))
try:
    negative_and_bad([0.0] * 5, 300, 7)
except IndexError as e:
    print("IndexError", e)
values = [0.1] * 3
before = sys.getrefcount(values[0])
scale(values, 300)
print(values, sys.getrefcount(values[1]) == sys.getrefcount(values[2]))
