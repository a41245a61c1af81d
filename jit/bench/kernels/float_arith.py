"""Kernel: float arithmetic (a damped recurrence)."""
from benchtimer import Timer, workload


def kernel(n):
    x = 0.0
    v = 1.0
    for i in range(n):
        v = v * 0.999 - x * 0.01
        x = x + v * 0.5
    return x


N = workload(50_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
