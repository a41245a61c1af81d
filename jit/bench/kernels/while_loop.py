"""Kernel: a while loop with a compare and branch."""
from benchtimer import Timer, workload


def kernel(n):
    i = 0
    evens = 0
    while i < n:
        if i % 2 == 0:
            evens += 1
        i += 1
    return evens


N = workload(100_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
