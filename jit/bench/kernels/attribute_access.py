"""Kernel: instance attribute loads and stores."""
from benchtimer import Timer, workload


class Counter:
    def __init__(self):
        self.count = 0
        self.step = 3


def kernel(n):
    c = Counter()
    for i in range(n):
        c.count += c.step
    return c.count


N = workload(50_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
