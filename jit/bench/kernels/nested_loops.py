"""Kernel: nested loops (inner loop of 100 iterations)."""
from benchtimer import Timer, workload


def kernel(n):
    total = 0
    for i in range(n // 100):
        for j in range(100):
            total += i ^ j
    return total


N = workload(100_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
