"""Kernel: calls of builtins and built-in methods (len, list.append, abs)."""
from benchtimer import Timer, workload


def kernel(n):
    out = []
    total = 0
    for i in range(n):
        out.append(i)
        total += len(out) + abs(-i)
        if len(out) > 100:
            out.clear()
    return total


N = workload(50_000, 200)
for _ in Timer(workload(20, 2), operations=N):
    result = kernel(N)
print(result)
