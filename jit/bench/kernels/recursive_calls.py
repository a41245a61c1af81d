"""Kernel: a recursive function without a loop (fib): native calls from Tier 1 and from traces."""
from benchtimer import Timer, workload


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def calls(n):
    """How many calls fib(n) makes: 2 * fib(n + 1) - 1."""
    a, b = 0, 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1


N = workload(20, 8)
for _ in Timer(workload(20, 2), operations=calls(N)):
    result = fib(N)
print(result)
