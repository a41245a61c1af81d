# JIT: functions whose traces run straight through (no loop of their own)
# keep their float and int temporaries unboxed and box them again at the
# end; called from C (map, sorted) as well as from loops, with arguments
# whose types change, ints past int64, zero divisors and math results
# (known floats) in the middle of a chain
import math


def norm(x, y, z):
    return math.sqrt(x * x + y * y + z * z)


def mixed(a, b):
    return (a * 3 + b / 2) * 0.5 - a


def ratio(a, b):
    return (a + 1.0) / b * 2


def ints(a, b):
    return (a * b + a - b) * 7 // 3


def scaled(i):
    return math.cos(i) * 3 + math.sin(i) / 2


class Half(float):
    def __mul__(self, other):
        return 0.5


values = [0.5, 1.25, -3.0, 2.0, 1e154, float("inf"), 7, 2**70, Half(2.0), -0.0]
print([norm(v, 1.5, -2.0) for v in values * 10][-10:])
print(list(map(mixed, values * 10, [1, 2.5, 0, -4, 3] * 20))[-10:])
for b in (1, 2.5, 0, 0.0):
    try:
        print(sum(ratio(v, b if v < 150 else 0.25) for v in range(200)))
    except ZeroDivisionError as error:
        print("ZeroDivisionError", error)
print(sum(ints(a, b) for a, b in zip(range(-100, 100), range(300, 100, -1))))
print(list(map(ints, [2**40, 2**62, 3, -2**63, 5], [2**30, 4, 2**61, 1, 2**70] * 40))[-5:])
print(sorted(range(300), key=scaled)[:10])
try:
    print([mixed("a", 1)])
except TypeError as error:
    print("TypeError", error)
