# JIT: loops entered many times from their setup, where Tier 1 runs the
# executor at the loop header (jit/runtime.py, Jit._enter_at_header), and
# loops calling functions that have loops of their own.
import sys


def inner_sum(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def counted_while(n):
    steps = 0
    while n > 0:
        n -= 1
        steps += 2
    return steps


def nested_calls(rows):
    grand = 0
    for row in range(rows):
        grand = (grand * 31 + inner_sum(row % 4)) % 1000003
    return grand


# A function with a loop called from a loop; its loop runs 0, 1, 2 or 3 times.
print("calls", nested_calls(3000))
# Loops entered many times with 0, 1 and 2 iterations (for and while).
print("fors", [sum(inner_sum(k % 3) for _ in range(1)) for k in range(600)][-6:],
      sum(inner_sum(k % 3) for k in range(2000)))
print("whiles", sum(counted_while(k % 3) for k in range(2000)))


# A loop whose first iteration sees what its back edges never see: a local
# unbound until the loop assigns it, read after the loop.
def first_assigned(n):
    for i in range(n):
        last = i * 2
    try:
        return last
    except UnboundLocalError as error:
        return str(error)


print("unbound", [first_assigned(k % 3) for k in range(1500)][-4:])


# Entering with a value of another type than the trace saw: the guards at the
# header send Tier 1 to the header's own instruction, not the executor again.
def accumulate(start, n):
    value = start
    for _ in range(n):
        value = value + start
    return value


mixed = []
for k in range(1200):
    mixed.append(accumulate(1.5 if k % 5 == 0 else k, 3))
mixed.append(accumulate("ab", 2))
mixed.append(accumulate([1], 2))
mixed.append(accumulate(2 ** 70, 2))
print("mixed", sum(x for x in mixed if type(x) in (int, float)), mixed[-3:])


# A global the trace assumed is rebound while Tier 1 enters the executor at
# the header: the executor is retired, and the header runs its own
# instruction again until the loop is compiled afresh.
def scale(x):
    return x * 2


def scaled_sum(n):
    total = 0
    for i in range(n):
        total += scale(i)
    return total


def triple(x):
    return x * 3


results = []
for k in range(3000):
    if k == 1500:
        scale = triple
    results.append(scaled_sum(3))
print("rebound", results[1498:1502], sum(results))


# Nested loops: the inner loop is entered from the outer one's body.
def triangle(n):
    total = 0
    for i in range(n):
        j = 0
        while j < i % 4:
            total += i * j
            j += 1
        for k in range(i % 3):
            total -= k
    return total


print("nested", triangle(4000))


# A generator with a loop (CPython runs generator-like code) feeding a loop.
def pairs(n):
    for i in range(n):
        yield i, i * i


def drain(n):
    acc = 0
    for a, b in pairs(n):
        acc += a * b
    return acc


print("generator", sum(drain(k % 4) for k in range(1500)))


# An exit to the header: the first iteration breaks out of a `while True`.
def first_match(items, wanted):
    i = 0
    while True:
        if i >= len(items) or items[i] == wanted:
            return i
        i += 1


data = [3, 1, 4, 1, 5, 9, 2, 6]
print("header exits", sum(first_match(data, data[k % 8]) for k in range(3000)),
      first_match(data, 42))


# Recursion near the recursion limit, with a loop in the recursive function.
def descend(n):
    total = 0
    for i in range(2):
        total += i
    if n == 0:
        return total
    return total + descend(n - 1)


limit = sys.getrecursionlimit()
for depth in (10, limit // 2, limit - 60):
    print("descend", depth, descend(depth))
for attempt in range(3):
    try:
        descend(limit + 10)
    except RecursionError:
        # (not its message: CPython names the C call that hit the limit,
        # a comparison here, and Tier 1 does not count those)
        print("recursion", attempt)
