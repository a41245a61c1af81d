"""Kernel: summing ints in a for-range loop."""
from benchtimer import Timer, workload


def kernel(n):
    total = 0
    for i in range(n):
        total += i
    return total


N = workload(100_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
