# JIT: loops that inline small functions, with the caller's locals and stack
# and the callee's temporaries unboxed: exits inside the callee at every kind
# of guard (int64 overflow, a zero divisor, an argument of another type, a
# branch, an int too big to unbox), the callee changing under its guard
# with its arguments unboxed, errors raised inside the callee and
# caught in the caller, two levels of inlining, methods, and inlined calls
# near the recursion limit.
import sys


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def spectral(n):
    total = 0.0
    for i in range(n):
        for j in range(n):
            total += a(i, j) * 1.5       # total unboxed below the call
    return total


def scaled(x, k):
    return x * k + 1


def overflow_in_callee(n):
    acc = 0
    big = 2**62
    out = []
    for i in range(n):
        acc += scaled(i, 3)
        if i == n - 20:
            out.append(scaled(big, 3))   # int64 overflow inside the callee
        acc -= scaled(big if i % 97 == 5 else i, 2) // 1000   # and in the loop
    return acc, out


def ratio(x, y):
    return x // y + x % y


def zero_divisor(n):
    acc = 0
    caught = []
    for i in range(n):
        try:
            acc += ratio(i + 7, (i % 50) - 3 * 0)      # i % 50 == 0: ZeroDivisionError
        except ZeroDivisionError as error:
            caught.append((i, str(error)))
    return acc, caught[:3], len(caught)


def fdiv(x, y):
    return x / y - y


def float_zero_divisor(n):
    total = 0.0
    caught = 0
    for i in range(n):
        try:
            total += fdiv(i * 0.5, (i % 40) * 0.25)
        except ZeroDivisionError as error:
            caught += 1
            last = str(error)
    return total, caught, last


def mix(x, y):
    return (x + y) * 2 - x


def argument_type_change(n):
    acc = 0
    values = []
    for i in range(n):
        y = i if i < n // 2 else i + 0.25    # an int, then a float argument
        acc = acc + mix(i, y)
        if i == n - 3:
            acc = acc + mix(10**25, i)        # an int too big for int64
            values.append(acc)
    return acc, values


def clamp(x, low, high):
    if x < low:
        return low
    if x > high:
        return high
    return x * 1


def branches_in_callee(n):
    total = 0
    for i in range(n):
        total += clamp(i % 100 - 20, 0, 50)   # three ways out of the callee
    return total


def inner(x):
    return x * x - 3


def outer(x, y):
    return inner(x + y) + inner(x - y) * 2


def two_levels(n):
    acc = 0
    for i in range(n):
        acc += outer(i, 3) % 1009             # two inlined frames with temporaries
        if i == n - 7:
            acc += outer(3**40, 1)            # an argument too big for int64
        if i % 50 == 9:
            acc += outer(2**40 + i, 3) % 7    # x * x overflows two frames deep
    return acc


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, ox, oy):
        return self.x * ox + self.y * oy


def methods(n):
    p = Point(1.5, -2.0)
    total = 0.0
    for i in range(n):
        total += p.dot(i * 0.5, i + 0.25)
        if i == n - 11:
            p.x = 7                           # self.x an int now
    return total


def raising_callee(x, limit):
    if x > limit:
        raise ValueError(f"too big: {x * 2 + 1}")
    return x * 2 + 1


def exception_caught_in_caller(n):
    acc = 0
    messages = []
    for i in range(n):
        try:
            acc += raising_callee(i * 3, 3 * n - 40) + 1
        except ValueError as error:
            messages.append(str(error))
    return acc, messages[:2], len(messages)


def add2(a, b):
    return a + b


def sub2(a, b):
    return a - b


def callee_changes(n):
    acc = 0
    fn = add2
    for i in range(n):
        acc = fn(acc, i * 2)                  # the callee's guard fails, its
        if i == n // 2:                       # arguments unboxed on the stack
            fn = sub2
    return acc


def summed(k):
    total = 0.0
    for i in range(k):
        total += scaled(i * 0.5, 2.0)
    return total


def recurse(depth):
    if depth == 0:
        return summed(300)
    return recurse(depth - 1)


def at_margin(margin):
    try:
        return margin, recurse(sys.getrecursionlimit() - margin)
    except RecursionError as error:
        return margin, type(error).__name__


def near_recursion_limit():
    # (Straight-line calls; recursion_limit_exact.py has it from loops.)
    return [at_margin(60), at_margin(12), at_margin(7), at_margin(6), at_margin(5),
            at_margin(4), at_margin(3)]


print(spectral(40))
print(overflow_in_callee(400))
print(zero_divisor(400))
print(float_zero_divisor(300))
print(argument_type_change(300))
print(branches_in_callee(500))
print(two_levels(300))
print(methods(300))
print(exception_caught_in_caller(300))
print(callee_changes(300))
print(near_recursion_limit())
