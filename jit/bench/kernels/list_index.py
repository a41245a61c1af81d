"""Kernel: list indexing and item assignment."""
from benchtimer import Timer, workload


def kernel(n):
    data = list(range(64))
    acc = 0
    for i in range(n):
        j = i & 63
        acc += data[j]
        data[j] = acc & 255
    return acc


N = workload(50_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
