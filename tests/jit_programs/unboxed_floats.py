# JIT: unboxed doubles with nan, inf, -0.0, int/float mixing, and exceptions
# raised inside unboxed loops (ZeroDivisionError from / // %)
import math


def specials(values):
    out = []
    for a in values:
        x = a * 1.0
        y = x - 0.0
        z = -x
        out.append((x, y, z, x == y, x < 1.5, x != x, x >= -math.inf))
    return out


def damped(n):
    x = 0.0
    v = 1.0
    for i in range(n):
        v = v * 0.999 - x * 0.01
        x = x + v * 0.5 + i * 1e-9
    return x, v


def mixing(n):
    total = 0.0
    count = 0
    for i in range(n):
        count += 1
        total += i / 3 + count * 0.5 - i
        total = total * 1 - 2
    return total, count


def overflow_to_inf(n):
    x = 1.5
    history = []
    for i in range(n):
        x = x * 1e30
        history.append(math.copysign(1.0, x) if math.isinf(x) else 0.0)
        if math.isinf(x):
            x = -0.0 * x if i % 2 else 1.5
    return x, history[-6:]


def negative_zero(n):
    z = -0.0
    for i in range(n):
        z = z * 1.0
        z = z - 0.0
    return z, math.copysign(1.0, z)


def divide_until_zero(n, by):
    total = 0.0
    for i in range(n):
        total += 100.0 / (by - i)
    return total


def int_divide_until_zero(n, by):
    total = 0
    for i in range(n):
        total += 100 // (by - i) + 100 % (by - i)
    return total


print(specials([1.0, -0.0, 0.0, float("nan"), float("inf"), -float("inf"), 5e-324, 1e308] * 3))
print(damped(5000))
print(mixing(3000))
print(overflow_to_inf(40))
print(negative_zero(50))
for function in (divide_until_zero, int_divide_until_zero):
    for by in (30, 300.5 if function is divide_until_zero else 301):
        try:
            print(function(200, by))
        except ZeroDivisionError as error:
            print(function.__name__, by, "raised", error)


def weighted(items, weights):
    # list items read as doubles (LIST_GET_FLOAT); an int, a bool or a
    # missing weight makes the read leave for Tier 1 at the subscript
    total = 0.0
    for i in range(len(items)):
        total += items[i] * weights[i] - items[i]
    return total


floats = [i * 0.25 for i in range(300)]
print(weighted(floats, [1.5] * 300))
print(weighted(floats, [1.5] * 150 + [2] + [1.5] * 149))
print(weighted(floats[:10] + [3, True] + floats[12:], [0.5] * 300))
try:
    print(weighted(floats, [1.5] * 299))
except IndexError as error:
    print("IndexError:", error)
