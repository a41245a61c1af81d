"""A `match` over class, mapping, sequence and wildcard patterns, one subject per iteration."""
from benchtimer import Timer, workload


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


def measure(items):
    total = 0
    for item in items:
        match item:
            case Point(x=0, y=y):
                total += y
            case Point(x, y):
                total += x - y
            case {"size": size}:
                total += size
            case [a, b]:
                total += a * b
            case _:
                total += 1
    return total


ITEMS = [Point(0, 3), Point(2, 1), {"size": 5}, [2, 3], None] * workload(6000, 60)
for _ in Timer(workload(10, 2)):
    result = measure(ITEMS)
print(result)
