# JIT: math.sqrt, sin, cos, tan, atan and exp of known ints and floats run
# on doubles (FLOAT_MATH), abs() on their int64s and doubles (INT64_ABS,
# FLOAT_ABS); domain errors, overflows, infinities and NaNs, ints past int64
# (abs(-2**63) included), bools, subclasses and a rebound function take Tier
# 1's call, which raises or returns what CPython does
import math
from math import cos, exp, sin, sqrt


class Point:
    def __init__(self, i):
        self.x = x = sin(i)          # one object for both (`is` below)
        self.y = cos(i) * 3
        self.z = x * x / 2


def points(count):
    total = 0.0
    same = 0
    for i in range(count):
        p = Point(i)
        total += p.x + p.y + p.z
        same += p.x is p.x
    return total, same


def norms(values):
    out = []
    for v in values:
        try:
            out.append(sqrt(v * v - 2.0))
        except ValueError as error:
            out.append(str(error))
    return out


def every_function(values):
    out = []
    for v in values:
        row = []
        for f in (math.sqrt, math.sin, math.cos, math.tan, math.atan, math.exp):
            try:
                row.append(f(v))
            except (ValueError, OverflowError) as error:
                row.append(type(error).__name__ + ": " + str(error))
        out.append(row)
    return out


def direct(values):
    out = []
    for v in values:
        try:
            out.append((sqrt(v), sin(v), cos(v), math.tan(v), math.atan(v), exp(v)))
        except (ValueError, OverflowError) as error:
            out.append(type(error).__name__ + ": " + str(error))
    return out


def specials(values):
    """Each function on values the trace knows are floats (v + 0.0)."""
    out = []
    for v in values:
        x = v + 0.0
        try:
            row = [sqrt(x)]
        except ValueError as error:
            row = [str(error)]
        try:
            row += [sin(x), cos(x), math.tan(x)]
        except ValueError as error:
            row.append(str(error))
        row.append(math.atan(x))
        try:
            row.append(exp(x))
        except OverflowError as error:
            row.append(str(error))
        out.append(row)
    return out


def ints(count):
    total = 0.0
    for i in range(-count, count):
        total += exp(i / 50) + sqrt(i * i) + math.atan(i)
    return total


def big_ints(count):
    """Ints past 2**53 (unboxed int64s) converted to doubles: rounded to
    nearest, ties to even, as PyLong_AsDouble does."""
    out = []
    for k in range(count):
        v = k * 7 + 2**53 - 300
        out.append(sqrt(v))
        out.append(exp(-(v - 2**53) / 1000))
    for k in range(count):
        v = 2**63 - 1 - k * 1000
        out.append(math.atan(v))
    return out


def walrus(n):
    total = 0.0
    x = 2.0
    while (x := sqrt(x + n)) < 1e6 and n > 0:
        total += x
        n -= 1
    return total, x


class MyFloat(float):
    pass


class MyInt(int):
    pass


print(points(300))
print(norms([2.0, 1.0, 3, 0.5, -4, 1e200, float("nan"), 1.5] * 30)[-12:])
values = [0.0, -0.0, 1, -1, 2.5, -2.5, 1e308, -1e308, 710.0, -745.5, 1e-320,
          float("inf"), -float("inf"), float("nan"), 2**53 + 1, 2**63 - 1, 2**63, -2**63,
          2**70, True, MyFloat(0.25), MyInt(9), 3]
for row in every_function(values * 20)[-len(values):]:
    print(row)
for row in direct(values * 20)[-len(values):]:
    print(row)
floats = [0.0, -0.0, 2.5, -2.5, 1e308, -1e308, 710.0, 709.0, -745.5, -746.0, 1e-320,
          float("inf"), -float("inf"), float("nan"), 1e22, -1e-300]
for row in specials(floats * 20)[-len(floats):]:
    print(row)
print(ints(200))
print(walrus(500))
print(big_ints(100)[-8:], sum(big_ints(100)))

# The function rebound while its loop runs: the new one is called.
def rebinding(count):
    global sqrt
    total = 0.0
    for i in range(count):
        if i == count // 2:
            sqrt = lambda v: -1.0
        total += sqrt(i)
    return total


print(rebinding(400))
sqrt = math.sqrt
math.sin = lambda v: 42.0
print(sum(math.sin(i) for i in range(100)), sum(sin(i) for i in range(100)))


def absolutes(count):
    total, floats, odd = 0, 0.0, []
    for i in range(count):
        total += abs(i * 3 - count) + abs(-(2**62) * 2 if i % 50 == 0 else i)
        floats += abs(i * 0.5 - 17.25)
        odd.append((abs(-0.0 * i), abs(i - (i > 100))))
    return total, floats, odd[-2:]


def absolute_specials(values):
    return [(abs(v), type(abs(v)).__name__) for v in values]


class I(int):
    pass


def rebound_abs(count):
    global abs
    total = 0
    for i in range(count):
        if i == count // 2:
            abs = lambda v: 1000
        total += abs(-i)
    del abs
    return total


print(absolutes(300))
print(absolute_specials([-1.5, float("-inf"), float("nan"), -0.0, True, False, I(-3), -2**70,
                         2**63, -5] * 30)[-10:])
print(rebound_abs(400))
