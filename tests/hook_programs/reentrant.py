# VM -> CPython -> VM -> CPython -> VM: sorted() calls a VM-run key function
# that itself maps a VM-run function; and recursion through sorted().
import sys


def inner(n):
    total = 0
    for i in range(n):
        total += i
    return total


def outer(n):
    total = 0
    for _ in range(2):
        total += sum(map(inner, range(n)))
    return total


print(sorted(range(8), key=outer))


def nested(depth, trail):
    trail.append(depth)
    for _ in sorted([depth - 1] if depth else [], key=lambda d: len(nested(d, trail))):
        trail.append("back")
    return trail


print(nested(30, []))


def gen_squares(n):
    for i in range(n):
        yield i * i


print(list(map(lambda g: sum(g), [gen_squares(10)])), sum(gen_squares(100)))
sys.stdout.flush()
