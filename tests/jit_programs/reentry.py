# JIT: side traces come back into a peeled loop through its re-entry block
# (jit/optimizer/reentry.py), whose checks fail when a side trace's path broke
# what the loop body relies on: a local's type, a folded global, a class.
import math


def classify(values, limit):
    """Most iterations leave the recorded path (`continue`, a rarer branch)
    and come back to the header through a side trace."""
    small = large = odd = 0
    for value in values:
        scaled = value * 3
        if value % 7 == 0:
            continue
        if scaled > limit:
            large += 1
            continue
        if value & 1:
            odd += scaled
        small += 1
    return small, large, odd


for k in range(40):
    result = classify(list(range(k, k + 120)), 200 + k)
print("classify", result)


def drift(n):
    """A local the body keeps an int turns float on a rare path: the block's
    type check fails and Tier 1 takes the header."""
    total = 0
    step = 1
    for i in range(n):
        if i % 5 == 0:
            continue
        if i == n - 7:
            step = 0.5
        total += step
    return total


print("drift", [drift(n) for n in range(10, 60, 7)])

SCALE = 2


def scaled_sum(values):
    total = 0
    for value in values:
        if value < 0:
            continue
        total += value * SCALE
    return total


results = []
for k in range(60):
    if k == 30:
        SCALE = 3  # the folded global changes: the block's check fails too
    results.append(scaled_sum([(-1) ** i * i for i in range(k % 17 + 5)]))
print("scaled", results)


class Shape:
    sides = 4

    def __init__(self, size):
        self.size = size


def perimeters(shapes):
    total = 0
    for shape in shapes:
        if shape.size % 3 == 0:
            continue
        total += shape.sides * shape.size
    return total


shapes = [Shape(i) for i in range(50)]
out = []
for k in range(40):
    if k == 20:
        Shape.sides = 5  # the class changes under the loop
    out.append(perimeters(shapes))
print("perimeters", out[18:23], round(math.fsum(out)))
