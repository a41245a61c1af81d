"""Kernel: calls of a small Python function."""
from benchtimer import Timer, workload


def add(a, b):
    return a + b


def kernel(n):
    total = 0
    for i in range(n):
        total = add(total, i)
    return total


N = workload(25_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
